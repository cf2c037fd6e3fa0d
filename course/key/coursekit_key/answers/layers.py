"""Reference answers of coursekit.checks.layers (day 8): the ReLU, Sigmoid, Affine and
Softmax-with-loss layers, and the two-layer network built from them (which calls them by name:
they are its stand-ins).

The layers follow the protocol of ``coursekit.layers``: forward keeps what backward needs,
backward(dout) takes dout shaped like the output and returns new arrays (never writing into dout
or into what forward was given), parameters are kept by reference, float32 stays float32.
"""
import numpy as np

from coursekit.functions import as_float_array, relu, relu_grad, sigmoid, sigmoid_grad
from coursekit.layers import LeakyRelu, Tanh, _Elementwise, _upstream
from coursekit.losses import cross_entropy_of_log_probs, log_softmax_and_targets, n_samples


class Relu(_Elementwise):
    """ReLU layer: out = max(0, x); dx = dout where x > 0, else 0 (0 at the kink x == 0)."""

    f, f_grad = staticmethod(relu), staticmethod(relu_grad)


class Sigmoid(_Elementwise):
    """Sigmoid layer: out = 1 / (1 + exp(-x)); dx = dout * out * (1 - out).

    The derivative is evaluated by ``sigmoid_grad(x)``, which equals out * (1 - out) but keeps
    its tiny true value where out rounds to 1.
    """

    f, f_grad = staticmethod(sigmoid), staticmethod(sigmoid_grad)


class Affine:
    """Fully connected (affine, 완전연결) layer: out = x @ W + b.

    W: (D, M), b: (M,), both kept by reference.
    forward(x): x (N, d1, ..., dk) with d1 * ... * dk == D is flattened to (N, D) -> out (N, M);
        a 1-D x (D,) is one sample and gives out (M,).
    backward(dout): dout shaped like out -> dx shaped like the original x; sets
        self.dW = x_flat.T @ dout (D, M) and self.db = dout summed over the batch (M,).
    input_grad=False makes backward skip dx (returning None): a network's first layer never
    needs the gradient of its input data, and with many inputs (784 for MNIST) dout @ W.T costs
    as much as the layer's whole forward pass.
    """

    def __init__(self, W, b, input_grad=True):
        self.input_grad = input_grad
        self.W, self.b = as_float_array(W, "Affine: W"), as_float_array(b, "Affine: b")
        if self.W.ndim != 2 or self.b.shape != self.W.shape[1:]:
            raise ValueError(
                f"Affine: W must be (D, M) and b (M,), got W {self.W.shape} and b {self.b.shape}"
            )
        self.dW = self.db = None

    def forward(self, x):
        x = as_float_array(x, "Affine: x")
        if x.ndim == 0:
            raise ValueError(f"Affine: x must be one sample (D,) or a batch (N, D) or (N, ...), "
                             f"got a scalar for W of shape {self.W.shape}")
        self.x_shape = x.shape
        self.x = x.reshape(1, -1) if x.ndim == 1 else x.reshape(len(x), -1)
        if self.x.shape[1] != self.W.shape[0]:
            raise ValueError(
                f"Affine: x of shape {x.shape} flattens to {self.x.shape}, which does not fit "
                f"W of shape {self.W.shape} (needs {self.W.shape[0]} features per sample)"
            )
        out = self.x @ self.W + self.b
        self.out_shape = out.shape[1:] if x.ndim == 1 else out.shape
        return out.reshape(self.out_shape)

    def backward(self, dout):
        dout = _upstream(dout, self.out_shape, "Affine").reshape(len(self.x), -1)
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return (dout @ self.W.T).reshape(self.x_shape) if self.input_grad else None


class SoftmaxWithLoss:
    """Softmax output followed by cross-entropy loss (교차 엔트로피 오차), fused.

    forward(x, t): scores x (N, C) (or (C,) for one sample), labels t one-hot (N, C) or integer
        (N,) -> scalar loss, the mean over the batch of -sum_k t_k log softmax(x)_k.
    backward(dout=1): -> dx (N, C) = (softmax(x) - onehot(t)) / N * dout.
    The loss is computed from log_softmax(x), so it never takes log(0). Keeps self.y =
    softmax(x) (N, C) and self.t = one-hot t (N, C), like the book. Like the losses, every axis
    but the last counts as a sample axis: (N, T, C) has N * T samples.
    """

    def forward(self, x, t):
        log_y, self.t = log_softmax_and_targets(x, t, "SoftmaxWithLoss", arg="x")
        self.y = np.exp(log_y)  # softmax(x) from its logarithm: no second pass of exp over x
        return cross_entropy_of_log_probs(log_y, self.t)

    def backward(self, dout=1):
        dx = (self.y - self.t) * (dout / n_samples(self.y))
        return dx.astype(self.y.dtype, copy=False)


class TwoLayerNet:
    """Day 8's network: x -> Affine1 -> Relu1 -> Affine2 -> SoftmaxWithLoss.

    params: 'W1' (D, H), 'b1' (H,), 'W2' (H, C), 'b2' (C,), held by reference by the layers.
    gradient(x, t): x (N, D) (or (N, ...), flattened), t one-hot (N, C) or labels (N,) ->
    grads with the keys of params, by one forward and one backward pass.
    """

    def __init__(self, params):
        self.params = params
        self.layers = {"Affine1": Affine(params["W1"], params["b1"]), "Relu1": Relu(),
                       "Affine2": Affine(params["W2"], params["b2"])}
        self.last_layer = SoftmaxWithLoss()

    def loss(self, x, t):
        for layer in self.layers.values():
            x = layer.forward(x)
        return self.last_layer.forward(x, t)

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}


REFERENCES = {"Relu": Relu, "Sigmoid": Sigmoid, "Affine": Affine,
              "SoftmaxWithLoss": SoftmaxWithLoss, "TwoLayerNet": TwoLayerNet}

# The classes a coursekit.network.MultiLayerNet is built from, for the instructor's tests and
# benchmarks: MultiLayerNet(..., layer_classes=LAYER_CLASSES).
LAYER_CLASSES = {"Affine": Affine, "Relu": Relu, "Sigmoid": Sigmoid, "Tanh": Tanh,
                 "LeakyRelu": LeakyRelu, "SoftmaxWithLoss": SoftmaxWithLoss}
