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

Day 8's layers (Relu, Sigmoid, Affine, SoftmaxWithLoss) are exercises, so they are not here:
the notebooks that build on them define them in a recap cell. What is here answers no exercise:
the tanh and leaky-ReLU layers, the sigmoid-with-loss output, and batch normalisation's forward
pass that day 11 takes apart.
"""

import numpy as np

from coursekit.functions import (
    as_float_array,
    leaky_relu,
    leaky_relu_grad,
    sigmoid,
    tanh,
    tanh_grad,
)
from coursekit.losses import sigmoid_binary_cross_entropy

__all__ = ["LeakyRelu", "Tanh", "SigmoidWithLoss", "batchnorm_forward"]


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


class LeakyRelu(_Elementwise):
    """Leaky ReLU layer: out = x where x > 0, alpha * x elsewhere; dx = dout * (1 or alpha)."""

    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def f(self, x):
        return leaky_relu(x, self.alpha)

    def f_grad(self, x):
        return leaky_relu_grad(x, self.alpha)


class Tanh(_Elementwise):
    """Tanh layer: out = tanh(x); dx = dout * (1 - out**2) (evaluated stably by ``tanh_grad``)."""

    f, f_grad = staticmethod(tanh), staticmethod(tanh_grad)


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
