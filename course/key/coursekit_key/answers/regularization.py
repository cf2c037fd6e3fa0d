"""Reference answers of coursekit.checks.regularization (day 12): weight decay, inverted dropout
(in the layer protocol of coursekit.layers) and random search."""
from functools import partial

import numpy as np

from coursekit.checks.regularization import is_weight, run_dropout, run_search
from coursekit.functions import as_float_array
from coursekit.layers import _upstream


def weight_decay_loss(params, lam):
    """0.5 * lam * sum over the weight matrices of sum(W ** 2), a float."""
    return 0.5 * lam * sum(float(np.sum(np.asarray(v, dtype=float) ** 2))
                           for k, v in params.items() if is_weight(k))


def weight_decay_grads(grads, params, lam):
    """A new dict: grads[k] + lam * params[k] for weight keys, grads[k] (a copy) otherwise."""
    return {k: g + lam * params[k] if is_weight(k) else np.array(g, copy=True)
            for k, g in grads.items()}


def random_search(ranges, n_trials, rng):
    """{name: n_trials values, log-uniform in [low, high]} for each name of ranges."""
    return {name: 10.0 ** rng.uniform(np.log10(low), np.log10(high), n_trials)
            for name, (low, high) in ranges.items()}


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


REFERENCES = {
    "weight_decay_loss": weight_decay_loss,
    "weight_decay_grads": weight_decay_grads,
    "random_search": partial(run_search, random_search),
    "Dropout": partial(run_dropout, Dropout),
}
