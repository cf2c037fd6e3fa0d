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
    "AddLayer", "MulLayer", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Affine",
    "SoftmaxWithLoss", "SigmoidWithLoss", "BatchNormalization", "Dropout",
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


class AddLayer:
    """Add node of a computational graph: out = x + y.

    forward(x, y) -> out        x, y: scalars or broadcastable arrays
    backward(dout) -> (dx, dy)  dx = dout, dy = dout (summed back to each input's shape)
    """

    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        return _unbroadcast(dout * 1, self.x_shape), _unbroadcast(dout * 1, self.y_shape)


class MulLayer:
    """Multiply node of a computational graph: out = x * y.

    forward(x, y) -> out        x, y: scalars or broadcastable arrays
    backward(dout) -> (dx, dy)  dx = dout * y, dy = dout * x (the inputs swap places)
    """

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        dx = _unbroadcast(dout * self.y, np.shape(self.x))
        dy = _unbroadcast(dout * self.x, np.shape(self.y))
        return dx, dy


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


class BatchNormalization:
    """Batch normalisation (배치 정규화; Ioffe & Szegedy 2015): out = gamma * x_hat + beta.

    gamma, beta: (D,) scale and shift, kept by reference. Input x is (N, D), or (N, C, H, W) and
    other N-d shapes, which are flattened to (N, D = C*H*W) like the book (one statistic per
    element, not per channel); out has the shape of x.

    Training (``train_flg=True``): x_hat = (x - mu) / sqrt(var + eps) with mu, var the mean and
    (biased, divide-by-N) variance of this batch, per feature. The running statistics follow an
    exponential moving average: running = momentum * running + (1 - momentum) * batch.
    Inference (``train_flg=False``): the same formula with running_mean and running_var in place
    of mu and var, so each sample's output no longer depends on the rest of its batch. The running
    statistics start at mean 0 and variance 1 unless given.

    backward(dout): dout shaped like x -> dx shaped like x; sets self.dgamma = sum(dout * x_hat)
    and self.dbeta = sum(dout) over the batch, both (D,). In training mode, with
    dx_hat = dout * gamma (rows of (N, D)):
        dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / sqrt(var + eps)
    (means over the batch), the closed form that accounts for mu and var depending on x. After an
    inference forward, mu and var are constants and dx = dx_hat / sqrt(running_var + eps).
    """

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5, running_mean=None, running_var=None):
        self.gamma, self.beta = (as_float_array(gamma, "BatchNormalization: gamma"),
                                  as_float_array(beta, "BatchNormalization: beta"))
        if self.gamma.ndim != 1 or self.beta.shape != self.gamma.shape:
            raise ValueError(
                f"BatchNormalization: gamma and beta must both be (D,), "
                f"got gamma {self.gamma.shape} and beta {self.beta.shape}"
            )
        if not 0 <= momentum <= 1:
            raise ValueError(f"BatchNormalization: momentum must be in [0, 1], got {momentum!r}")
        if not eps > 0:
            raise ValueError(f"BatchNormalization: eps must be > 0, got {eps!r}")
        self.momentum, self.eps = momentum, eps
        self.running_mean = self._stat(running_mean, 0.0, "running_mean")
        self.running_var = self._stat(running_var, 1.0, "running_var")
        self.dgamma = self.dbeta = None

    def _stat(self, value, default, name):
        if value is None:
            return np.full_like(self.gamma, default)
        value = as_float_array(value, f"BatchNormalization: {name}")
        if value.shape != self.gamma.shape:
            raise ValueError(
                f"BatchNormalization: {name} must have the shape of gamma {self.gamma.shape}, "
                f"got {value.shape}"
            )
        return value

    def forward(self, x, train_flg=True):
        x = as_float_array(x, "BatchNormalization: x")
        x2 = self._rows(x, train_flg)
        mu, var = self._batch_statistics(x2) if train_flg else (self.running_mean,
                                                                 self.running_var)
        self.train_flg, self.x_shape = train_flg, x.shape
        self.std = np.sqrt(var + self.eps)
        self.x_hat = (x2 - mu) / self.std
        return (self.gamma * self.x_hat + self.beta).reshape(x.shape)

    def _rows(self, x, train_flg):
        """x (N, ...) checked against gamma and flattened to (N, D)."""
        if x.ndim < 2:
            raise ValueError(
                f"BatchNormalization: x must be a batch (N, D) or (N, C, H, W), got shape {x.shape}"
            )
        x2 = x.reshape(len(x), -1)
        if x2.shape[1] != self.gamma.shape[0]:
            raise ValueError(
                f"BatchNormalization: x of shape {x.shape} has {x2.shape[1]} features per sample "
                f"but gamma has shape {self.gamma.shape}"
            )
        if train_flg and len(x) < 2:
            raise ValueError(
                "BatchNormalization: training needs a batch of at least 2 samples (one sample "
                f"has variance 0), got x of shape {x.shape}; use train_flg=False for one sample"
            )
        return x2

    def _batch_statistics(self, x2):
        """Mean and biased variance of x2 (N, D) per feature; moves the running averages."""
        mu = x2.mean(axis=0)
        var = np.mean((x2 - mu) ** 2, axis=0)
        self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
        self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        return mu, var

    def backward(self, dout):
        dout = _upstream(dout, self.x_shape, "BatchNormalization").reshape(self.x_hat.shape)
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        if self.train_flg:
            dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)
        return (dx_hat / self.std).reshape(self.x_shape)


class Dropout:
    """Inverted dropout (드롭아웃; Srivastava et al. 2014): drop each unit with probability ratio.

    forward(x, train_flg=True): any shape -> same shape. Training: a fresh mask keeps each element
        with probability 1 - ratio, and kept elements are scaled by 1 / (1 - ratio), so
        E[out] = x. Inference: out = x (a copy), no scaling needed.
    backward(dout): dout * mask / (1 - ratio) after a training forward, dout (a copy) after an
        inference forward.
    The book's Dropout instead leaves kept units unscaled in training and multiplies by
    (1 - ratio) at inference; both give the same expected output, but the inverted form keeps
    inference untouched. ratio must be in [0, 1); rng is a Generator, a seed or None.
    """

    def __init__(self, ratio=0.5, rng=None):
        if not 0 <= ratio < 1:
            raise ValueError(f"Dropout: ratio must be in [0, 1), got {ratio!r}")
        self.ratio = ratio
        self.rng = np.random.default_rng(rng)
        self.mask = None

    def forward(self, x, train_flg=True):
        x = as_float_array(x, "Dropout: x")
        self.x_shape = x.shape
        if not train_flg:
            self.mask = None
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.ratio
        return x * self._kept_scale(x.dtype)

    def _kept_scale(self, dtype):
        """mask / (1 - ratio) in the given dtype: 0 for dropped units, 1 / (1 - ratio) for kept."""
        return self.mask * dtype.type(1 / (1 - self.ratio))

    def backward(self, dout):
        dout = as_float_array(_upstream(dout, self.x_shape, "Dropout"), "Dropout: dout")
        return dout.copy() if self.mask is None else dout * self._kept_scale(dout.dtype)


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalisation's training forward, one computational-graph node per line.

    x: (N, D); gamma, beta: (D,). Returns (out (N, D), cache), where cache holds every node's
    value for a node-by-node backward: {"x", "gamma", "eps", "mu" (D,), "xc" = x - mu (N, D),
    "var" = mean(xc ** 2) (D,), "std" = sqrt(var + eps) (D,), "x_hat" = xc / std (N, D)}.
    The same numbers as BatchNormalization(gamma, beta, eps=eps).forward(x), without running
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
