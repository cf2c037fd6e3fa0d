"""One typical wrong answer per exercise of day 8, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_layers.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "relu_layer": '''class Relu:
    """ReLU layer, as the book writes it."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0  # wrong: writes zeros into the caller's dout
        dx = dout
        return dx
''',
    "sigmoid_layer": '''class Sigmoid:
    """Sigmoid layer."""

    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x = x
        return sigmoid(x)

    def backward(self, dout):
        return dout * self.x * (1.0 - self.x)  # wrong: y * (1 - y) needs y = sigmoid(x)
''',
    "affine_layer": '''class Affine:
    """Fully connected layer: out = x @ W + b."""

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = dout  # wrong: right for one sample only; a batch needs np.sum(dout, axis=0)
        return dx.reshape(self.original_x_shape)
''',
    "softmax_with_loss": '''class SoftmaxWithLoss:
    """Softmax followed by cross-entropy, as one layer."""

    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout=1):
        t = self.t if self.t.shape == self.y.shape else np.eye(self.y.shape[1])[self.t]
        return (self.y - t) * dout  # wrong: the loss is a batch mean, so divide by N
''',
    "two_layer_net": '''class TwoLayerNet:
    """x -> Affine1 -> Relu1 -> Affine2 -> SoftmaxWithLoss, with parameters in a dict."""

    def __init__(self, params):
        self.params = params
        self.layers = {
            "Affine1": Affine(params["W1"], params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(params["W2"], params["b2"]),
        }
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
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in self.layers.values():  # wrong: backward must visit the layers in reverse
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
''',
}
