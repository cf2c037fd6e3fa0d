"""Hidden cases of coursekit.checks.layers (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.layers import (
    RELU_HINT,
    SIGMOID_HINT,
    _RELU_SLIPS,
    _SEED,
    _SHARED_HINT,
    _SIGMOID_SLIPS,
    Relu,
    Sigmoid,
    _affine_case,
    _net_case,
    _relu_subgradient,
    _softmax_case,
    elementwise_case,
)
from coursekit.data import one_hot

_REUSE_HINT = "Store what backward needs on every forward call: backward belongs to the latest."
_SIGMOID_EXTREME = ("Use the stable sigmoid of the recap cell: 1 / (1 + np.exp(-x)) overflows "
                    "for large negative x.")


def _elementwise_hidden(check, hint, slips, adjust=None, extreme_hint=""):
    """Kinds of input for Relu or Sigmoid."""
    def case(*args, **kwargs):
        return elementwise_case(check, hint, slips, True, *args, adjust=adjust, **kwargs)

    rng = np.random.default_rng(_SEED + 1)
    extremes = np.array([[-1e4, -1e3, -710.0, -30.0, 0.0], [30.0, 100.0, 710.0, 1e3, 1e4]])
    return [
        case("a float32 batch of shape (4, 5)", rng.standard_normal((4, 5)).astype(np.float32),
             rng.standard_normal((4, 5)).astype(np.float32), float32=True),
        case("x of shape (2, 3, 4)", rng.standard_normal((2, 3, 4)),
             rng.standard_normal((2, 3, 4))),
        case("a batch of one, shape (1, 6)", rng.standard_normal((1, 6)),
             rng.standard_normal((1, 6))),
        case("x with |x| up to 1e4", extremes, rng.standard_normal(extremes.shape),
             extra=extreme_hint),
        case("one layer, forward on a (2, 3) batch, then forward on a (4, 2) batch, then "
             "backward", rng.standard_normal((4, 2)), rng.standard_normal((4, 2)),
             scenario="reuse", extra=_REUSE_HINT, x_before=rng.standard_normal((2, 3))),
        case("1000 random values of shape (50, 20)", 3 * rng.standard_normal((50, 20)),
             rng.standard_normal((50, 20))),
    ]


def _affine_hidden():
    rng = np.random.default_rng(_SEED + 3)

    def params(d, m, dtype=np.float64):
        return rng.standard_normal((d, m)).astype(dtype), rng.standard_normal(m).astype(dtype)

    def data(*shape, dtype=np.float64):
        return rng.standard_normal(shape).astype(dtype)

    return [
        _affine_case("a batch of one, x of shape (1, 4)", *params(4, 3), data(1, 4), data(1, 3),
                     hidden=True),
        _affine_case("a batch of 20, x of shape (20, 8), W of shape (8, 5)", *params(8, 5),
                     data(20, 8), data(20, 5), hidden=True),
        _affine_case("float32 W, b, x and dout", *params(3, 4, np.float32),
                     data(6, 3, dtype=np.float32), data(6, 4, dtype=np.float32), hidden=True,
                     float32=True),
        _affine_case("images: x of shape (3, 1, 2, 2), W of shape (4, 2)", *params(4, 2),
                     data(3, 1, 2, 2), data(3, 2), hidden=True),
        _affine_case("one layer, forward on a batch of 5, then on a batch of 2, then backward",
                     *params(3, 2), data(2, 3), data(2, 2), scenario="reuse", hidden=True,
                     extra=_REUSE_HINT, x_before=data(5, 3)),
        _affine_case("W changed in place after the layer was built (as a training step does)",
                     *params(3, 2), data(4, 3), data(4, 2), scenario="shared", hidden=True,
                     extra=_SHARED_HINT),
    ]


def _accept_floored_loss(expected, output, data):
    """Huge scores: any finite loss from 0 up to the exact one (a floor under log makes it
    smaller); dx is still compared exactly."""
    got = output.get("loss")
    try:
        value = float(np.asarray(got, dtype=float))
    except (TypeError, ValueError):
        return expected
    if np.isfinite(value) and 0.0 <= value <= float(expected["loss"]) * (1 + 1e-5):
        expected["loss"] = got
    return expected


def _softmax_hidden():
    rng = np.random.default_rng(_SEED + 5)
    labels = rng.integers(0, 10, 20)
    huge = np.array([[1e3, 0.0, -1e3], [0.0, 800.0, 5.0], [-50.0, 60.0, 0.0]])
    return [
        _softmax_case("a batch of one, one-hot t of shape (1, 4)", rng.standard_normal((1, 4)),
                      one_hot(np.array([2]), 4, np.float64), hidden=True),
        _softmax_case("float32 scores and one-hot t", rng.standard_normal((6, 5)).astype(
            np.float32), one_hot(rng.integers(0, 5, 6), 5, np.float32), hidden=True,
            float32=True),
        _softmax_case("integer labels, a batch of 20 with 10 classes", 2 * rng.standard_normal(
            (20, 10)), labels, hidden=True),
        _softmax_case("integer labels where N equals C (3 samples, 3 classes)",
                      rng.standard_normal((3, 3)), np.array([2, 0, 2]), hidden=True),
        _softmax_case("huge scores (up to 1e3) with one-hot t", huge,
                      one_hot(np.array([1, 0, 2]), 3, np.float64), hidden=True,
                      adjust=_accept_floored_loss),
    ]


def _net_hidden():
    rng = np.random.default_rng(_SEED + 7)
    return [
        _net_case("a batch of one", (3, 4, 2), 1, rng, hidden=True),
        _net_case("a 64 -> 20 -> 10 network on a batch of 30, integer labels", (64, 20, 10), 30,
                  rng, labels=True, hidden=True),
        _net_case("float32 parameters and data", (5, 6, 3), 8, rng, hidden=True, float32=True),
        _net_case("images: x of shape (4, 2, 3) for a network with 6 inputs", (6, 5, 3), 4, rng,
                  hidden=True, shape=(4, 2, 3)),
        _net_case("one network, gradient on a batch of 5, then on a batch of 2", (3, 4, 3), 2,
                  rng, hidden=True, scenario="reuse"),
    ]


CASES = {
    "Relu": lambda: _elementwise_hidden(Relu, RELU_HINT, _RELU_SLIPS, _relu_subgradient),
    "Sigmoid": lambda: _elementwise_hidden(Sigmoid, SIGMOID_HINT, _SIGMOID_SLIPS,
                                           extreme_hint=_SIGMOID_EXTREME),
    "Affine": _affine_hidden,
    "SoftmaxWithLoss": _softmax_hidden,
    "TwoLayerNet": _net_hidden,
}
