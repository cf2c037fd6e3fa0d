"""One typical wrong answer per exercise of day 9, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_optimizers.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "sgd": '''class SGD:
    """Stochastic gradient descent: W <- W - lr * dL/dW."""

    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        # wrong: a new dict; the caller's params (and a network's layers) never change
        return {key: params[key] - self.lr * grads[key] for key in params}
''',
    "momentum": '''class Momentum:
    """Momentum: v <- momentum * v - lr * g;  W <- W + v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None  # wrong: one velocity shared by every key

    def update(self, params, grads):
        for key in params:
            if self.v is None:
                self.v = np.zeros_like(params[key])
            self.v = self.momentum * self.v - self.lr * grads[key]
            params[key] += self.v
''',
    "nesterov": '''class Nesterov:
    """Nesterov momentum."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = {}

    def update(self, params, grads):
        for key in params:
            if key not in self.v:
                self.v[key] = np.zeros_like(params[key])
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]
            # wrong: momentum**2 times the NEW velocity (the rule needs the old one here)
            params[key] += self.momentum * self.momentum * self.v[key]
            params[key] -= (1 + self.momentum) * self.lr * grads[key]
''',
    "adagrad": '''class AdaGrad:
    """AdaGrad: h <- h + g * g;  W <- W - lr * g / (sqrt(h) + eps)."""

    def __init__(self, lr=0.01, eps=1e-8):
        self.lr = lr
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + self.eps)  # wrong: eps inside
''',
    "rmsprop": '''class RMSprop:
    """RMSprop: h <- decay_rate * h + (1 - decay_rate) * g * g."""

    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-8):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = {}

    def update(self, params, grads):
        for key in params:
            if key not in self.h:
                self.h[key] = np.zeros_like(params[key])
            self.h[key] = self.decay_rate * self.h[key] + grads[key] ** 2  # wrong: no (1 - rho)
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)
''',
    "adam": '''class Adam:
    """Adam."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.m, self.v = {}, {}

    def update(self, params, grads):
        for key in params:
            if key not in self.m:
                self.m[key] = np.zeros_like(params[key])
                self.v[key] = np.zeros_like(params[key])
            g = grads[key]
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g * g
            # wrong: no bias correction
            params[key] -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)
''',
}
