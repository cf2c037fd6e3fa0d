"""Ways a class writes each exercise of day 8, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's recap
cell defines sigmoid, softmax and cross_entropy_error; TwoLayerNet uses the student's Affine,
Relu and SoftmaxWithLoss (the check swaps in the course's, so only its wiring is judged)."""


def _relu(init="self.mask = None", forward="self.mask = x <= 0\n        out = x.copy()\n"
          "        out[self.mask] = 0\n        return out",
          backward="dx = dout.copy()\n        dx[self.mask] = 0\n        return dx"):
    return f'''class Relu:
    def __init__(self):
        {init}

    def forward(self, x):
        {forward}

    def backward(self, dout):
        {backward}
'''


def _sigmoid(init="self.out = None", forward="self.out = sigmoid(x)\n        return self.out",
             backward="return dout * self.out * (1.0 - self.out)"):
    return f'''class Sigmoid:
    def __init__(self):
        {init}

    def forward(self, x):
        {forward}

    def backward(self, dout):
        {backward}
'''


_AFFINE_FORWARD = ("self.original_x_shape = x.shape\n        self.x = x.reshape(x.shape[0], -1)\n"
                   "        return self.x @ self.W + self.b")
_AFFINE_BACKWARD = ("dx = dout @ self.W.T\n        self.dW = self.x.T @ dout\n"
                    "        self.db = np.sum(dout, axis=0)\n"
                    "        return dx.reshape(self.original_x_shape)")


def _affine(init="self.W = W\n        self.b = b\n        self.dW = None\n        self.db = None",
            forward=_AFFINE_FORWARD, backward=_AFFINE_BACKWARD):
    return f'''class Affine:
    def __init__(self, W, b):
        {init}

    def forward(self, x):
        {forward}

    def backward(self, dout):
        {backward}
'''


_SOFTMAX_FORWARD = ("self.t = t\n        self.y = softmax(x)\n"
                    "        return cross_entropy_error(self.y, self.t)")


def _softmax(forward=_SOFTMAX_FORWARD, backward=None):
    backward = backward or ("n = self.y.shape[0]\n"
                            "        t = self.t if self.t.shape == self.y.shape else "
                            "np.eye(self.y.shape[1])[self.t]\n"
                            "        return (self.y - t) / n * dout")
    return f'''class SoftmaxWithLoss:
    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        {forward}

    def backward(self, dout=1):
        {backward}
'''


_NET_BACKWARD = '''self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}'''


def _net(gradient=_NET_BACKWARD):
    return f'''class TwoLayerNet:
    def __init__(self, params):
        self.params = params
        self.layers = {{
            "Affine1": Affine(params["W1"], params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(params["W2"], params["b2"]),
        }}
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        labels = t if np.ndim(t) == 1 else np.argmax(t, axis=1)
        return float(np.mean(np.argmax(self.predict(x), axis=1) == labels))

    def gradient(self, x, t):
        {gradient}
'''


CORRECT = {
    "relu_layer": {
        "mask x > 0, dout * mask": _relu(forward="self.mask = x > 0\n"
                                                 "        return x * self.mask",
                                         backward="return dout * self.mask"),
        "np.maximum and np.where": _relu(init="self.x = None",
                                         forward="self.x = x\n        return np.maximum(0, x)",
                                         backward="return np.where(self.x > 0, dout, 0)"),
        "x kept, boolean mask multiplied": _relu(
            init="self.x = None", forward="self.x = x.copy()\n        return np.maximum(x, 0.0)",
            backward="return dout * (self.x > 0)"),
        "passes dout at x == 0 (a subgradient)": _relu(
            forward="self.mask = x < 0\n        return np.where(self.mask, 0, x)",
            backward="return np.where(self.mask, 0, dout)"),
        "np.clip and a float mask": _relu(
            forward="self.mask = (x > 0).astype(x.dtype)\n        return np.clip(x, 0, None)",
            backward="return dout * self.mask"),
        "the book with a copy of dout": _relu(backward="dout = dout.copy()\n"
                                                       "        dout[self.mask] = 0\n"
                                                       "        return dout"),
    },
    "sigmoid_layer": {
        "output kept as y": _sigmoid(init="self.y = None",
                                     forward="self.y = sigmoid(x)\n        return self.y",
                                     backward="return dout * (1.0 - self.y) * self.y"),
        "stable sigmoid written out": _sigmoid(
            forward="e = np.exp(-np.abs(x))\n"
                    "        self.out = np.where(x >= 0, 1 / (1 + e), e / (1 + e))\n"
                    "        return self.out"),
        "tanh form": _sigmoid(forward="self.out = 0.5 * (1 + np.tanh(0.5 * x))\n"
                                      "        return self.out"),
        "derivative kept in forward": _sigmoid(
            init="self.grad = None",
            forward="y = sigmoid(x)\n        self.grad = y * (1 - y)\n        return y",
            backward="return dout * self.grad"),
        "x kept, sigmoid recomputed": _sigmoid(
            init="self.x = None", forward="self.x = x\n        return sigmoid(x)",
            backward="y = sigmoid(self.x)\n        return dout * y * (1 - y)"),
        "out - out**2": _sigmoid(backward="return dout * (self.out - self.out ** 2)"),
    },
    "affine_layer": {
        "np.dot and the book's names": _affine(
            forward="self.original_x_shape = x.shape\n"
                    "        x = x.reshape(x.shape[0], -1)\n        self.x = x\n"
                    "        return np.dot(x, self.W) + self.b",
            backward="dx = np.dot(dout, self.W.T)\n        self.dW = np.dot(self.x.T, dout)\n"
                     "        self.db = np.sum(dout, axis=0)\n"
                     "        return dx.reshape(*self.original_x_shape)"),
        "len(x) and dout.sum(0)": _affine(
            forward="self.shape = x.shape\n        self.x = x.reshape(len(x), -1)\n"
                    "        return self.x @ self.W + self.b",
            backward="self.dW = self.x.T @ dout\n        self.db = dout.sum(0)\n"
                     "        return (dout @ self.W.T).reshape(self.shape)"),
        "np.matmul and reshape to W's rows": _affine(
            forward="self.shape = x.shape\n        self.x = x.reshape(-1, self.W.shape[0])\n"
                    "        return np.matmul(self.x, self.W) + self.b",
            backward="self.dW = np.matmul(self.x.T, dout)\n"
                     "        self.db = dout.sum(axis=0)\n"
                     "        return np.matmul(dout, self.W.T).reshape(self.shape)"),
        "einsum": _affine(
            backward="self.dW = np.einsum('nd,nm->dm', self.x, dout)\n"
                     "        self.db = np.einsum('nm->m', dout)\n"
                     "        return np.einsum('nm,dm->nd', dout, self.W)"
                     ".reshape(self.original_x_shape)"),
        "x kept unflattened": _affine(
            forward="self.x = x\n        return x.reshape(x.shape[0], -1) @ self.W + self.b",
            backward="flat = self.x.reshape(self.x.shape[0], -1)\n"
                     "        self.dW = flat.T @ dout\n        self.db = dout.sum(axis=0)\n"
                     "        return (dout @ self.W.T).reshape(self.x.shape)"),
        "a copy of x kept": _affine(
            forward="self.x_shape = x.shape\n"
                    "        self.x = np.array(x, copy=True).reshape(x.shape[0], -1)\n"
                    "        return self.x @ self.W + self.b",
            backward="self.dW = self.x.T @ dout\n        self.db = np.sum(dout, axis=0)\n"
                     "        return np.reshape(dout @ self.W.T, self.x_shape)"),
    },
    "softmax_with_loss": {
        "one-hot through np.eye": _softmax(),
        "integer labels by fancy indexing, the book's way": _softmax(
            backward="batch_size = self.t.shape[0]\n"
                     "        if self.t.size == self.y.size:\n"
                     "            return (self.y - self.t) / batch_size * dout\n"
                     "        dx = self.y.copy()\n"
                     "        dx[np.arange(batch_size), self.t] -= 1\n"
                     "        return dx / batch_size * dout"),
        "log-softmax loss written out": _softmax(
            forward="self.t = t\n        z = x - np.max(x, axis=1, keepdims=True)\n"
                    "        log_y = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))\n"
                    "        self.y = np.exp(log_y)\n"
                    "        onehot = t if t.shape == x.shape else np.eye(x.shape[1])[t]\n"
                    "        return -np.sum(onehot * log_y) / x.shape[0]"),
        "dx built with np.zeros_like": _softmax(
            backward="n = len(self.y)\n        t = self.t\n"
                     "        if t.ndim == 1:\n"
                     "            t = np.zeros_like(self.y)\n"
                     "            t[np.arange(n), self.t] = 1\n"
                     "        return dout * (self.y - t) / n"),
        "argmax turns one-hot into labels": _softmax(
            backward="n = self.y.shape[0]\n"
                     "        labels = self.t if self.t.ndim == 1 else self.t.argmax(axis=1)\n"
                     "        dx = self.y.copy()\n        dx[np.arange(n), labels] -= 1\n"
                     "        return dout * dx / n"),
        "y turned into dx in place (one backward per forward)": _softmax(backward=(
            "n = self.y.shape[0]\n"
            "        t = self.t if self.t.shape == self.y.shape else np.eye(self.y.shape[1])[self.t]\n"
            "        self.y -= t\n        return self.y / n * dout")),
        "dx computed in forward": _softmax(
            forward="self.t = t\n        self.y = softmax(x)\n"
                    "        onehot = t if t.shape == x.shape else np.eye(x.shape[1])[t]\n"
                    "        self.dx = (self.y - onehot) / x.shape[0]\n"
                    "        return cross_entropy_error(self.y, t)",
            backward="return self.dx * dout"),
    },
    "two_layer_net": {
        "predict then last layer": _net('''score = self.predict(x)
        self.last_layer.forward(score, t)
        dout = self.last_layer.backward()
        for name in ["Affine2", "Relu1", "Affine1"]:
            dout = self.layers[name].backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}'''),
        "layers reversed as a list, grads in a loop": _net('''self.loss(x, t)
        dout = self.last_layer.backward(1)
        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)
        grads = {}
        for k, name in (("1", "Affine1"), ("2", "Affine2")):
            grads["W" + k] = self.layers[name].dW
            grads["b" + k] = self.layers[name].db
        return grads'''),
        "each backward written out": _net('''self.loss(x, t)
        d = self.last_layer.backward(1)
        d = self.layers["Affine2"].backward(d)
        d = self.layers["Relu1"].backward(d)
        self.layers["Affine1"].backward(d)
        a1, a2 = self.layers["Affine1"], self.layers["Affine2"]
        return dict(W1=a1.dW, b1=a1.db, W2=a2.dW, b2=a2.db)'''),
        "reversed over the keys": _net('''self.loss(x, t)
        dout = self.last_layer.backward(dout=1)
        for key in reversed(list(self.layers)):
            dout = self.layers[key].backward(dout)
        return {"W1": self.layers["Affine1"].dW.copy(), "b1": self.layers["Affine1"].db.copy(),
                "W2": self.layers["Affine2"].dW.copy(), "b2": self.layers["Affine2"].db.copy()}'''),
    },
}

WRONG = {
    "relu_layer": {
        "mask alone returned": (_relu(backward="return (~self.mask).astype(float)"),
                                "multiply it by dout"),
        "mask the wrong way round": (_relu(backward="return np.where(self.mask, dout, 0)"),
                                     "wrong way round"),
        "forward overwrites x": (_relu(forward="self.mask = x <= 0\n        x[self.mask] = 0\n"
                                               "        return x"), "in place"),
        "the mask kept from the first forward": (
            _relu(forward="if self.mask is None:\n            self.mask = x <= 0\n"
                          "        out = x.copy()\n        out[x <= 0] = 0\n        return out"),
            "latest"),
        "dout passed unchanged": (_relu(backward="return dout.copy()"), "slope"),
        "keeps the negative part": (_relu(forward="self.mask = x <= 0\n"
                                                  "        return np.minimum(x, 0)"),
                                    "negative part"),
    },
    "sigmoid_layer": {
        "dout * y": (_sigmoid(backward="return dout * self.out"), "y * (1 - y)"),
        "y * (1 - y) without dout": (_sigmoid(backward="return self.out * (1 - self.out)"),
                                     "chain rule"),
        "dout * (1 - y)": (_sigmoid(backward="return dout * (1 - self.out)"), "missing"),
        "overflowing sigmoid": (_sigmoid(forward="self.out = 1 / (1 + np.exp(-x))\n"
                                                 "        return self.out"), "warning"),
        "backward writes into dout": (_sigmoid(backward="dout *= self.out * (1 - self.out)\n"
                                                        "        return dout"), "in place"),
    },
    "affine_layer": {
        "db averaged over the batch": (_affine(backward=_AFFINE_BACKWARD.replace(
            "np.sum(dout, axis=0)", "np.mean(dout, axis=0)")), "sum"),
        "dW averaged over the batch": (_affine(backward=_AFFINE_BACKWARD.replace(
            "self.x.T @ dout", "self.x.T @ dout / dout.shape[0]")), "division"),
        "dW from the last sample only": (_affine(backward=_AFFINE_BACKWARD.replace(
            "self.x.T @ dout", "np.outer(self.x[-1], dout[-1])")), "dW"),
        "dW transposed": (_affine(backward=_AFFINE_BACKWARD.replace(
            "self.x.T @ dout", "dout.T @ self.x")), "transpose"),
        "dx not reshaped for 4-D input": (_affine(backward=_AFFINE_BACKWARD.replace(
            "dx.reshape(self.original_x_shape)", "dx")), "shape"),
        "db summed over the wrong axis": (_affine(backward=_AFFINE_BACKWARD.replace(
            "np.sum(dout, axis=0)", "np.sum(dout, axis=1)")), "axis"),
        "x kept from the first forward": (_affine(forward=(
            "if not hasattr(self, 'x'):\n"
            "            self.original_x_shape = x.shape\n"
            "            self.x = x.reshape(x.shape[0], -1)\n"
            "        return x.reshape(x.shape[0], -1) @ self.W + self.b")), "latest"),
        "a copy of W": (_affine(init="self.W = W.copy()\n        self.b = b.copy()\n"
                                     "        self.dW = None\n        self.db = None"),
                        "copy"),
        "dx from W, not W.T": (_affine(backward=_AFFINE_BACKWARD.replace(
            "dout @ self.W.T", "dout @ self.W")), ""),
    },
    "softmax_with_loss": {
        "not divided by the batch size": (_softmax(backward=(
            "t = self.t if self.t.shape == self.y.shape else np.eye(self.y.shape[1])[self.t]\n"
            "        return (self.y - t) * dout")), "batch size"),
        "sign flipped": (_softmax(backward=(
            "t = self.t if self.t.shape == self.y.shape else np.eye(self.y.shape[1])[self.t]\n"
            "        return (t - self.y) / len(self.y) * dout")), "sign"),
        "loss summed over the batch": (_softmax(forward=(
            "self.t = t\n        self.y = softmax(x)\n"
            "        return cross_entropy_error(self.y, self.t) * x.shape[0]")), "mean"),
        "integer labels only": (_softmax(backward=(
            "n = self.y.shape[0]\n        dx = self.y.copy()\n"
            "        dx[np.arange(n), self.t] -= 1\n        return dx / n * dout")), ""),
        "N taken from the classes": (_softmax(backward=(
            "t = self.t if self.t.shape == self.y.shape else np.eye(self.y.shape[1])[self.t]\n"
            "        return (self.y - t) / self.y.shape[1] * dout")), ""),
    },
    "two_layer_net": {
        "no forward pass first": (_net(_NET_BACKWARD.replace("self.loss(x, t)\n        ", "")),
                                  ""),
        "grads of the two layers swapped": (_net(_NET_BACKWARD.replace(
            'first, second = self.layers["Affine1"], self.layers["Affine2"]',
            'second, first = self.layers["Affine1"], self.layers["Affine2"]')), ""),
        "Relu skipped on the way back": (_net('''self.loss(x, t)
        dout = self.last_layer.backward(1)
        dout = self.layers["Affine2"].backward(dout)
        self.layers["Affine1"].backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}'''), ""),
        "numerical gradient of W1 skipped, zeros returned": (_net('''self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        second = self.layers["Affine2"]
        return {"W1": np.zeros_like(self.params["W1"]), "b1": np.zeros_like(self.params["b1"]),
                "W2": second.dW, "b2": second.db}'''), ""),
        "params updated inside gradient": (_net(_NET_BACKWARD.replace(
            "return {", 'self.params["W1"] -= 0.1 * first.dW\n        return {')), ""),
    },
}
