"""Reference answers of coursekit.checks.batchnorm (day 11): the batch normalisation layer, in
the layer protocol of coursekit.layers, and the node-by-node backward of
coursekit.layers.batchnorm_forward's cache."""
import numpy as np

from coursekit.functions import as_float_array
from coursekit.layers import _upstream


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


def batchnorm_backward(dout, cache):
    """(dx, dgamma, dbeta) of coursekit.layers.batchnorm_forward's cache, by the course's layer."""
    layer = BatchNormalization(cache["gamma"], np.zeros_like(cache["gamma"]), eps=cache["eps"])
    layer.forward(cache["x"])
    dx = layer.backward(dout)
    return dx, layer.dgamma, layer.dbeta


REFERENCES = {"BatchNormalization": BatchNormalization, "batchnorm_backward": batchnorm_backward,
              "batchnorm_backward_fixed": batchnorm_backward}
