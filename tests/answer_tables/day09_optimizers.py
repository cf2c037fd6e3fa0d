"""Ways a class writes each exercise of day 9, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; every update must change the arrays of params in place."""

_HEADS = {
    "SGD": ("lr=0.01", "self.lr = lr"),
    "Momentum": ("lr=0.01, momentum=0.9", "self.lr = lr\n        self.momentum = momentum"),
    "Nesterov": ("lr=0.01, momentum=0.9", "self.lr = lr\n        self.momentum = momentum"),
    "AdaGrad": ("lr=0.01, eps=1e-8", "self.lr = lr\n        self.eps = eps"),
    "RMSprop": ("lr=0.01, decay_rate=0.99, eps=1e-8",
                "self.lr = lr\n        self.decay_rate = decay_rate\n        self.eps = eps"),
    "Adam": ("lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8",
             "self.lr = lr\n        self.beta1 = beta1\n        self.beta2 = beta2\n"
             "        self.eps = eps"),
}


def _opt(name, state, update, extra=""):
    """An optimizer class: `state` lines in __init__ and `update`'s body, 8 spaces in."""
    signature, head = _HEADS[name]
    return f'''class {name}:{extra}
    def __init__(self, {signature}):
        {head}
        {state}

    def update(self, params, grads):
        {update}
'''


_ADAM_STANDARD = '''self.t += 1
        for key in params:
            if key not in self.m:
                self.m[key] = np.zeros_like(params[key])
                self.v[key] = np.zeros_like(params[key])
            g = grads[key]
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)'''
_ADAM_STATE = "self.m, self.v = {}, {}\n        self.t = 0"

CORRECT = {
    "sgd": {
        "-= over the items": _opt("SGD", "", "for key, g in grads.items():\n"
                                  "            params[key] -= self.lr * g"),
        "np.subtract with out=": _opt("SGD", "", "for key in params:\n            np.subtract("
                                      "params[key], self.lr * grads[key], out=params[key])"),
        "slice assignment": _opt("SGD", "", "for key in params:\n            params[key][...] = "
                                 "params[key] - self.lr * grads[key]"),
        "+= of the negative step": _opt("SGD", "", "for key in params.keys():\n"
                                        "            params[key] += -self.lr * grads[key]"),
        "the array taken out first": _opt("SGD", "", "for key in params:\n            w = params[key]\n"
                                          "            w -= self.lr * grads[key]"),
    },
    "momentum": {
        "setdefault": _opt("Momentum", "self.v = {}", '''for key in params:
            v = self.v.setdefault(key, np.zeros_like(params[key]))
            v *= self.momentum
            v -= self.lr * grads[key]
            params[key] += v'''),
        "state made lazily as None": _opt("Momentum", "self.v = None", '''if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]'''),
        "v = mu v + g, w -= lr v": _opt("Momentum", "self.v = {}", '''for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) + grads[key]
            params[key] -= self.lr * self.v[key]'''),
        "float32 state": _opt("Momentum", "self.v = {}", '''for key in params:
            if key not in self.v:
                self.v[key] = np.zeros(params[key].shape, dtype=params[key].dtype)
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]'''),
    },
    "nesterov": {
        "mu * v - lr * g with the new v": _opt("Nesterov", "self.v = {}", '''for key in params:
            v = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
            self.v[key] = v
            params[key] += self.momentum * v - self.lr * grads[key]'''),
        "v_prev copied": _opt("Nesterov", "self.v = {}", '''for key in params:
            self.v.setdefault(key, np.zeros_like(params[key]))
            v_prev = self.v[key].copy()
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += -self.momentum * v_prev + (1 + self.momentum) * self.v[key]'''),
    },
    "adagrad": {
        "h += g ** 2": _opt("AdaGrad", "self.h = {}", '''for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] += grads[key] ** 2
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)'''),
        "np.square and a dict made at once": _opt("AdaGrad", "self.h = None", '''if self.h is None:
            self.h = {k: np.zeros_like(v) for k, v in params.items()}
        for key in params:
            self.h[key] = self.h[key] + np.square(grads[key])
            params[key] -= self.lr * grads[key] / (self.h[key] ** 0.5 + self.eps)'''),
        "get with 0": _opt("AdaGrad", "self.h = {}", '''for key, g in grads.items():
            self.h[key] = self.h.get(key, 0) + g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)'''),
    },
    "rmsprop": {
        "the book's form": _opt("RMSprop", "self.h = {}", '''for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)'''),
        "interpolation form": _opt("RMSprop", "self.h = {}", '''for key, g in grads.items():
            h = self.h.get(key, np.zeros_like(g))
            h = h + (1 - self.decay_rate) * (g ** 2 - h)
            self.h[key] = h
            params[key] -= self.lr * g / (np.sqrt(h) + self.eps)'''),
    },
    "adam": {
        "m_hat and v_hat, dicts made at once": _opt("Adam", "self.m = None\n        self.v = None\n"
                                                  "        self.t = 0", '''if self.m is None:
            self.m = {k: np.zeros_like(p) for k, p in params.items()}
            self.v = {k: np.zeros_like(p) for k, p in params.items()}
        self.t += 1
        for key in params:
            g = grads[key]
            self.m[key] += (1 - self.beta1) * (g - self.m[key])
            self.v[key] += (1 - self.beta2) * (g ** 2 - self.v[key])
            m_hat = self.m[key] / (1 - self.beta1 ** self.t)
            v_hat = self.v[key] / (1 - self.beta2 ** self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)'''),
        "one t per key": _opt("Adam", "self.m, self.v, self.t = {}, {}, {}", '''for key in params:
            g = grads[key]
            self.t[key] = self.t.get(key, 0) + 1
            self.m[key] = self.beta1 * self.m.get(key, 0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1 ** self.t[key])
            v_hat = self.v[key] / (1 - self.beta2 ** self.t[key])
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)'''),
        "state in one dict of tuples": _opt("Adam", "self.state = {}\n        self.t = 0", '''self.t += 1
        for key, g in grads.items():
            m, v = self.state.get(key, (0.0, 0.0))
            m = self.beta1 * m + (1 - self.beta1) * g
            v = self.beta2 * v + (1 - self.beta2) * np.square(g)
            self.state[key] = (m, v)
            step = (m / (1 - self.beta1 ** self.t)) / (np.sqrt(v / (1 - self.beta2 ** self.t))
                                                      + self.eps)
            params[key] -= self.lr * step'''),
        "np.power and a pre-computed correction": _opt("Adam", _ADAM_STATE, '''self.t += 1
        c1 = 1.0 - np.power(self.beta1, self.t)
        c2 = 1.0 - np.power(self.beta2, self.t)
        for key in params:
            if key not in self.m:
                self.m[key], self.v[key] = np.zeros_like(params[key]), np.zeros_like(params[key])
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2
            params[key] -= self.lr * (self.m[key] / c1) / (np.sqrt(self.v[key] / c2) + self.eps)'''),
    },
}

WRONG = {
    "sgd": {
        "a new array bound to params[key]": (_opt("SGD", "", "for key in params:\n"
                                             "            params[key] = params[key] - "
                                             "self.lr * grads[key]"), "new array"),
        "step up the gradient": (_opt("SGD", "", "for key in params:\n"
                                 "            params[key] += self.lr * grads[key]"), "up the gradient"),
        "a new dict returned": (_opt("SGD", "", "return {k: params[k] - self.lr * grads[k] "
                                "for k in params}"), "returned a dict"),
        "the gradient itself as step": (_opt("SGD", "", "for key in params:\n"
                                        "            params[key] -= grads[key]"), "learning rate"),
    },
    "momentum": {
        "sign of the gradient flipped": (_opt("Momentum", "self.v = {}", '''for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) + self.lr * grads[key]
            params[key] += self.v[key]'''), "wrong sign"),
        "velocity reset every update": (_opt("Momentum", "", '''for key in params:
            v = np.zeros_like(params[key])
            v = self.momentum * v - self.lr * grads[key]
            params[key] += v'''), "forgets"),
        "one velocity shared by every key": (_opt("Momentum", "self.v = None", '''for key in params:
            if self.v is None:
                self.v = np.zeros_like(params[key])
            self.v = self.momentum * self.v - self.lr * grads[key]
            params[key] += self.v'''), ""),
        "velocity dict in the class body": (_opt("Momentum", "", '''for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
            params[key] += self.v[key]''', extra="\n    v = {}\n"), "class attribute"),
        "velocity starts as the gradient array": (_opt("Momentum", "self.v = {}", '''for key in params:
            if key not in self.v:
                self.v[key] = grads[key]
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += self.v[key]'''), "grads"),
    },
    "nesterov": {
        "the book's form (v_new where v_prev is due)": (_opt("Nesterov", "self.v = {}", '''for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += self.momentum * self.momentum * self.v[key]
            params[key] -= (1 + self.momentum) * self.lr * grads[key]'''), "before this update"),
        "plain momentum": (_opt("Nesterov", "self.v = {}", '''for key in params:
            self.v[key] = self.momentum * self.v.get(key, 0) - self.lr * grads[key]
            params[key] += self.v[key]'''), "Momentum's steps"),
        "v_prev an alias of the updated v": (_opt("Nesterov", "self.v = {}", '''for key in params:
            self.v.setdefault(key, np.zeros_like(params[key]))
            v_prev = self.v[key]
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            params[key] += -self.momentum * v_prev + (1 + self.momentum) * self.v[key]'''), ""),
        "velocity forgotten": (_opt("Nesterov", "", '''for key in params:
            v = -self.lr * grads[key]
            params[key] += self.momentum * v - self.lr * grads[key]'''), "forgets"),
    },
    "adagrad": {
        "no eps": (_opt("AdaGrad", "self.h = {}", '''for key in params:
            self.h[key] = self.h.get(key, 0) + grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])'''), "eps"),
        "eps inside the square root": (_opt("AdaGrad", "self.h = {}", '''for key in params:
            self.h[key] = self.h.get(key, 0) + grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + self.eps)'''), "inside"),
        "the book's 1e-7": (_opt("AdaGrad", "self.h = {}", '''for key in params:
            self.h[key] = self.h.get(key, 0) + grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)'''), "1e-7"),
        "h of the latest gradient only": (_opt("AdaGrad", "self.h = {}", '''for key in params:
            self.h[key] = grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)'''), "latest"),
        "one h for every key": (_opt("AdaGrad", "self.h = 0", '''for key in params:
            self.h = self.h + grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h) + self.eps)'''), ""),
    },
    "rmsprop": {
        "weights of the average swapped": (_opt("RMSprop", "self.h = {}", '''for key in params:
            g = grads[key]
            self.h[key] = (1 - self.decay_rate) * self.h.get(key, 0) + self.decay_rate * g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)'''), "swapped"),
        "AdaGrad's sum": (_opt("RMSprop", "self.h = {}", '''for key in params:
            g = grads[key]
            self.h[key] = self.h.get(key, 0) + g * g
            params[key] -= self.lr * g / (np.sqrt(self.h[key]) + self.eps)'''), "AdaGrad"),
        "no eps": (_opt("RMSprop", "self.h = {}", '''for key in params:
            g = grads[key]
            self.h[key] = self.decay_rate * self.h.get(key, 0) + (1 - self.decay_rate) * g * g
            params[key] -= self.lr * g / np.sqrt(self.h[key])'''), "eps"),
    },
    "adam": {
        "no bias correction": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "/ (1 - self.beta1 ** self.t)", "").replace("/ (1 - self.beta2 ** self.t)", "")),
            "bias correction"),
        "the efficient form": (_opt("Adam", _ADAM_STATE, '''self.t += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
        for key in params:
            if key not in self.m:
                self.m[key] = np.zeros_like(params[key])
                self.v[key] = np.zeros_like(params[key])
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps)'''), "efficient"),
        "eps inside the square root": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "(np.sqrt(v_hat) + self.eps)", "np.sqrt(v_hat + self.eps)")), "inside"),
        "t counted per key": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "self.t += 1\n        for key in params:", "for key in params:\n            self.t += 1")),
            "once per key"),
        "t never counted": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "self.t += 1", "self.t = 1")), "stays at 1"),
        "corrected moments stored back": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "m_hat = self.m[key]", "m_hat = self.m[key] = self.m[key]").replace(
            "v_hat = self.v[key]", "v_hat = self.v[key] = self.v[key]")), "store"),
        "beta1 and beta2 swapped in the averages": (_opt("Adam", _ADAM_STATE, _ADAM_STANDARD.replace(
            "self.beta1 * self.m[key] + (1 - self.beta1)", "self.beta2 * self.m[key] + (1 - self.beta2)"
            ).replace("self.beta2 * self.v[key] + (1 - self.beta2)",
                      "self.beta1 * self.v[key] + (1 - self.beta1)")), ""),
    },
}
