"""Hidden cases of coursekit.checks.batchnorm (see coursekit.checks.hidden)."""
from functools import partial

import numpy as np

from coursekit.checks.batchnorm import (
    BACKWARD_HINT,
    FIXED_HINT,
    _HALF_VARIANCE,
    _INFERENCE_HINT,
    _SEED,
    _UNFIXED,
    _backward_case,
    _backward_slips,
    _cache,
    _case,
)

_REUSE_HINT = "Keep x_hat and the std of the latest forward: backward belongs to the latest batch."


def _normal(rng, *shape, scale=1.0, shift=0.0, dtype=np.float64):
    """Normal values of the given mean (shift) and spread (scale), in `dtype`."""
    return (shift + scale * rng.standard_normal(shape)).astype(dtype)


def _hidden():
    rng = np.random.default_rng(_SEED + 1)
    data = partial(_normal, rng)

    def params(d, dtype=np.float64):
        return (1 + 0.5 * rng.standard_normal(d)).astype(dtype), data(d, dtype=dtype)

    return [
        _case("a batch of 2 samples, 4 features", *params(4), data(2, 4, scale=3),
              data(2, 4), hidden=True),
        _case("a batch of 64 samples, 10 features with large means", *params(10),
              data(64, 10, scale=5, shift=20), data(64, 10), hidden=True),
        _case("momentum=0.5 and eps=0.1", *params(3), data(8, 3, scale=0.2), data(8, 3),
              momentum=0.5, eps=0.1, hidden=True),
        _case("float32 gamma, beta, x and dout", *params(5, np.float32),
              data(16, 5, scale=2, dtype=np.float32), data(16, 5, dtype=np.float32),
              hidden=True, float32=True),
        _case("one layer, a training forward on a batch of 7, then on a batch of 3, then "
              "backward", *params(4), data(3, 4, scale=2), data(3, 4), scenario="reuse",
              x_before=data(7, 4, shift=1), hidden=True, extra=_REUSE_HINT),
        _case("a training forward, then inference on a batch of one sample", *params(6),
              data(1, 6), scenario="inference", x_before=data(10, 6, scale=3, shift=-1),
              hidden=True, extra=_INFERENCE_HINT),
        _case("a training forward, then inference with momentum=0.3 and eps=0.01", *params(3),
              data(5, 3), scenario="inference", x_before=data(9, 3, scale=0.1), momentum=0.3,
              eps=0.01, hidden=True, extra=_INFERENCE_HINT),
    ]


def _backward_hidden(hint, slips):
    rng = np.random.default_rng(_SEED + 3)
    data = partial(_normal, rng)

    def case(label, n, d, dtype=np.float64, eps=1e-5, **spread):
        gamma = (1 + 0.5 * rng.standard_normal(d)).astype(dtype)
        x = data(n, d, dtype=dtype, **spread)
        return _backward_case(label, data(n, d, dtype=dtype), _cache(x, gamma, eps), hint, slips,
                              hidden=True, float32=dtype == np.float32)

    return [
        case("a batch of 2 samples, 4 features", 2, 4, scale=3.0),
        case("a batch of 64 samples, 10 features with large means", 64, 10, scale=5.0,
             shift=20.0),
        case("one feature, a batch of 7", 7, 1),
        case("eps = 0.1 and a small spread", 8, 3, eps=0.1, scale=0.2),
        case("float32 x, gamma and dout", 16, 5, dtype=np.float32, scale=2.0),
    ]


CASES = {
    "BatchNormalization": _hidden,
    "batchnorm_backward": lambda: _backward_hidden(BACKWARD_HINT, _backward_slips(_HALF_VARIANCE)),
    "batchnorm_backward_fixed": lambda: _backward_hidden(FIXED_HINT, _backward_slips(_UNFIXED)),
}
