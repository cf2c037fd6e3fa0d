"""Layers (계층) in the "Deep Learning from Scratch" protocol: ``forward(...)``, ``backward(dout)``.

``forward`` computes the output and keeps what ``backward`` needs; ``backward(dout)`` takes the
upstream gradient dL/dout (same shape as the output) and returns dL/dinput. Parameters and their
gradients sit side by side: ``W``/``dW``, ``b``/``db``, ``gamma``/``dgamma``, ``beta``/``dbeta``.
Layers hold references to their parameter arrays (no copies), so an optimizer that updates
``params['W1']`` in place updates the layer too.

``backward`` never writes into ``dout`` nor into any array given to or cached by ``forward``: the
book's ``Relu.backward`` sets ``dout[mask] = 0`` and so silently changes the caller's array; every
backward here returns new arrays. float32 stays float32 and float64 stays float64 (the result
follows NumPy's promotion of the input and parameter dtypes); int input is computed in float64.
"""

import numpy as np

from coursekit.functions import (
    as_float_array,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from coursekit.losses import (
    cross_entropy_of_log_probs,
    log_softmax_and_targets,
    n_samples,
    sigmoid_binary_cross_entropy,
)

__all__ = [
    "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Affine",
    "SoftmaxWithLoss", "SigmoidWithLoss",
]


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched, so it gets ``shape``.

    If y of shape (D,) was added to x of shape (N, D), each y[j] fed N outputs, so dy[j] is the
    sum of the N upstream gradients.
    """
    if np.shape(grad) == shape:
        return grad
    grad = np.sum(grad, axis=tuple(range(np.ndim(grad) - len(shape))))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return np.sum(grad, axis=stretched, keepdims=True) if stretched else grad


def _upstream(dout, shape, layer):
    """dout as an array; it must have the shape of the layer's output (no silent reshaping)."""
    dout = np.asarray(dout)
    if dout.shape != shape:
        raise ValueError(
            f"{layer}.backward: dout must have the shape of the forward output {shape}, "
            f"got {dout.shape}"
        )
    return dout


class _Elementwise:
    """An activation applied element by element: out = f(x), dx = dout * f'(x).

    forward(x): any shape -> same shape; backward(dout): same shape -> dx. Keeps x for backward.
    Subclasses define ``f`` and ``f_grad``.
    """

    def forward(self, x):
        self.x = as_float_array(x, f"{type(self).__name__}: x")
        return self.f(self.x)

    def backward(self, dout):
        return _upstream(dout, self.x.shape, type(self).__name__) * self.f_grad(self.x)


class Relu(_Elementwise):
    """ReLU layer: out = max(0, x); dx = dout where x > 0, else 0 (0 at the kink x == 0)."""

    f, f_grad = staticmethod(relu), staticmethod(relu_grad)


class LeakyRelu(_Elementwise):
    """Leaky ReLU layer: out = x where x > 0, alpha * x elsewhere; dx = dout * (1 or alpha)."""

    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def f(self, x):
        return leaky_relu(x, self.alpha)

    def f_grad(self, x):
        return leaky_relu_grad(x, self.alpha)


class Sigmoid(_Elementwise):
    """Sigmoid layer: out = 1 / (1 + exp(-x)); dx = dout * out * (1 - out).

    The derivative is evaluated by ``sigmoid_grad(x)``, which equals out * (1 - out) but keeps
    its tiny true value where out rounds to 1.
    """

    f, f_grad = staticmethod(sigmoid), staticmethod(sigmoid_grad)


class Tanh(_Elementwise):
    """Tanh layer: out = tanh(x); dx = dout * (1 - out**2) (evaluated stably by ``tanh_grad``)."""

    f, f_grad = staticmethod(tanh), staticmethod(tanh_grad)


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
    The loss is computed from log_softmax(x), as ``softmax_cross_entropy`` does, so it never
    takes log(0). Keeps self.y = softmax(x) (N, C) and self.t = one-hot t (N, C), like the book.
    Like the losses, every axis but the last counts as a sample axis: (N, T, C) has N * T samples.
    """

    def forward(self, x, t):
        log_y, self.t = log_softmax_and_targets(x, t, "SoftmaxWithLoss", arg="x")
        self.y = np.exp(log_y)  # softmax(x) from its logarithm: no second pass of exp over x
        return cross_entropy_of_log_probs(log_y, self.t)

    def backward(self, dout=1):
        dx = (self.y - self.t) * (dout / n_samples(self.y))
        return dx.astype(self.y.dtype, copy=False)


class SigmoidWithLoss:
    """Sigmoid output followed by binary cross-entropy, fused, for 0/1 targets.

    forward(x, t): scores x and targets t in {0, 1} (or probabilities in [0, 1]), same shape,
        e.g. (N,) or (N, K) -> scalar loss, the mean over ALL x.size elements (as
        ``sigmoid_binary_cross_entropy`` does) of -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))].
    backward(dout=1): -> dx = (sigmoid(x) - t) / x.size * dout, shaped like x.
    The loss comes from ``sigmoid_binary_cross_entropy`` on the scores, never log(0).
    """

    def forward(self, x, t):
        x = as_float_array(x, "SigmoidWithLoss: x")
        loss = sigmoid_binary_cross_entropy(x, t)  # also validates t
        self.y, self.t = sigmoid(x), np.asarray(t).astype(x.dtype)
        return loss

    def backward(self, dout=1):
        dx = (self.y - self.t) * (dout / np.size(self.y))
        return dx.astype(self.y.dtype, copy=False)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalisation's training forward, one computational-graph node per line.

    x: (N, D); gamma, beta: (D,). Returns (out (N, D), cache), where cache holds every node's
    value for a node-by-node backward: {"x", "gamma", "eps", "mu" (D,), "xc" = x - mu (N, D),
    "var" = mean(xc ** 2) (D,), "std" = sqrt(var + eps) (D,), "x_hat" = xc / std (N, D)}.
    The same numbers as a batch normalisation layer's training forward, without running
    statistics.
    """
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    x_hat = xc / std
    out = gamma * x_hat + beta
    cache = {"x": x, "gamma": gamma, "eps": eps, "mu": mu, "xc": xc, "var": var, "std": std,
             "x_hat": x_hat}
    return out, cache
