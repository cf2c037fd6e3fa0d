"""Reference answers of coursekit.checks.layers (day 8) that are not coursekit.layers' own."""
from coursekit import layers as L


class TwoLayerNet:
    """Day 8's network: x -> Affine1 -> Relu1 -> Affine2 -> SoftmaxWithLoss.

    params: 'W1' (D, H), 'b1' (H,), 'W2' (H, C), 'b2' (C,), held by reference by the layers.
    gradient(x, t): x (N, D) (or (N, ...), flattened), t one-hot (N, C) or labels (N,) ->
    grads with the keys of params, by one forward and one backward pass.
    """

    def __init__(self, params):
        self.params = params
        self.layers = {"Affine1": L.Affine(params["W1"], params["b1"]), "Relu1": L.Relu(),
                       "Affine2": L.Affine(params["W2"], params["b2"])}
        self.last_layer = L.SoftmaxWithLoss()

    def loss(self, x, t):
        for layer in self.layers.values():
            x = layer.forward(x)
        return self.last_layer.forward(x, t)

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}


REFERENCES = {"TwoLayerNet": TwoLayerNet}
