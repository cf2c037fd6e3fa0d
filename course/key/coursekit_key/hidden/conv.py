"""Hidden cases of coursekit.checks.conv (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.conv import (
    _SEED,
    _SHARED_HINT,
    _conv_case,
    _conv_data,
    _distinct,
    _pool_case,
    _size_case,
)
from coursekit_key.hidden.layers import _REUSE_HINT


def _size_hidden():
    return [_size_case(*args, hidden=True) for args in
            [(28, 5, 1, 2), (28, 5, 1, 0), (32, 3, 1, 1), (32, 2, 2, 0), (224, 7, 2, 3),
             (5, 5, 1, 0), (6, 1, 1, 0), (9, 3, 3, 0), (10, 4, 3, 1), (64, 3, 2, 1)]]


def _conv_hidden():
    rng = np.random.default_rng(_SEED + 1)
    return [
        _conv_case("a batch of one, 3 channels of 6 x 6, four 3 x 3 filters",
                   *_conv_data(rng, 1, 3, 6, 4, 3), hidden=True),
        _conv_case("stride 2 and padding 1 on 7 x 7 images", *_conv_data(rng, 3, 2, 7, 3, 3, 2, 1),
                   stride=2, pad=1, hidden=True),
        _conv_case("a 1 x 1 filter bank (8 filters over 3 channels)",
                   *_conv_data(rng, 2, 3, 4, 8, 1), hidden=True),
        _conv_case("5 x 5 filters with padding 2 on 8 x 8 images",
                   *_conv_data(rng, 2, 1, 8, 2, 5, pad=2), pad=2, hidden=True),
        _conv_case("float32 W, b, x and dout", *_conv_data(rng, 2, 2, 5, 3, 3, pad=1,
                                                           dtype=np.float32),
                   pad=1, hidden=True, float32=True),
        _conv_case("one layer, forward on 3 images, then forward on 2, then backward",
                   *_conv_data(rng, 2, 2, 5, 2, 3), scenario="reuse", hidden=True,
                   extra=_REUSE_HINT, x_before=rng.standard_normal((3, 2, 5, 5))),
        _conv_case("W changed in place after the layer was built (as a training step does)",
                   *_conv_data(rng, 2, 2, 5, 2, 3), scenario="shared", hidden=True,
                   extra=_SHARED_HINT),
    ]


def _pool_hidden():
    rng = np.random.default_rng(_SEED + 3)
    return [
        _pool_case("2 x 2 windows, stride 2, 8 x 8 images of 4 channels",
                   _distinct(rng, 3, 4, 8, 8), 2, 2, rng, hidden=True),
        _pool_case("3 x 3 windows, stride 2, on 7 x 7", _distinct(rng, 2, 2, 7, 7), 3, 2, rng,
                   hidden=True),
        _pool_case("a batch of one", _distinct(rng, 1, 2, 6, 6), 2, 2, rng, hidden=True),
        _pool_case("negative values only", _distinct(rng, 2, 1, 4, 4) - 100.0, 2, 2, rng,
                   hidden=True),
        _pool_case("float32", _distinct(rng, 2, 3, 4, 4, dtype=np.float32), 2, 2, rng,
                   hidden=True, float32=True),
        _pool_case("one layer, forward on 3 images, then on 2, then backward",
                   _distinct(rng, 2, 1, 4, 4), 2, 2, rng, scenario="reuse", hidden=True,
                   extra=_REUSE_HINT, x_before=_distinct(rng, 3, 1, 6, 6)),
    ]


CASES = {
    "conv_output_size": _size_hidden,
    "Convolution": _conv_hidden,
    "Pooling": _pool_hidden,
}
