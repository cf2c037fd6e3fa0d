"""Hidden cases of coursekit.checks.forward (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.core import compare_arrays
from coursekit.checks.forward import (
    WORKED_NETWORK,
    WORKED_X,
    WORKED_Y,
    Case,
    _BATCH_HINT,
    _NETWORK_HINT,
    _SEED,
    _THREE_CLASS_X,
    _forward_case,
    _judge_network,
    _predict_case,
    _three_class_network,
    random_network,
)

from ..answers.forward import forward, init_network as worked_network


def _judge_worked_output(case, record, expected):
    """The network, fed to the reference forward pass, must give the worked Y."""
    problem = _judge_network(case, record, WORKED_NETWORK)
    if problem:
        return problem
    y = forward(record.output, np.array([WORKED_X, WORKED_X]))
    return compare_arrays(case, y, np.array([WORKED_Y, WORKED_Y]))


def _init_network_hidden():
    return [Case("your network in the forward pass of the worked example, on a batch of 2",
                 expected=worked_network(), judge=_judge_worked_output, hidden=True, atol=1e-8)]


def _forward_hidden():
    rng = np.random.default_rng(_SEED + 1)
    wide = random_network((6, 8, 4, 1), rng)
    small = random_network((2, 3, 2, 2), rng, dtype=np.float32)
    return [
        _forward_case("a 6 -> 8 -> 4 -> 1 network on a batch of 10", wide,
                      rng.standard_normal((10, 6)), _NETWORK_HINT, hidden=True),
        _forward_case("one sample of shape (4,) through a 4 -> 5 -> 3 -> 3 network",
                      random_network((4, 5, 3, 3), rng), rng.standard_normal(4), _BATCH_HINT,
                      hidden=True),
        _forward_case("a batch of one sample, shape (1, 2), through the worked network",
                      worked_network(), np.array([WORKED_X]),
                      "A batch of one is still a batch: keep the output's shape (1, 2).",
                      hidden=True),
        _forward_case("a float32 network on a float32 batch", small,
                      rng.standard_normal((7, 2)).astype(np.float32), _NETWORK_HINT, hidden=True,
                      float32=True),
        _forward_case("a network with large weights (pre-activations up to about 1e3)",
                      random_network((3, 4, 4, 2), rng, scale=300.0),
                      rng.standard_normal((6, 3)),
                      "Use the stable sigmoid (from day 3 or coursekit.functions): "
                      "1 / (1 + np.exp(-a)) overflows for large negative a.", hidden=True),
    ]


def _varied_network(sizes, rng, dtype=np.float64) -> dict:
    """A random network whose predicted class changes with the input.

    Sigmoid outputs z2 are all positive, so in a plain random network the output biases and the
    column sums of W3 decide the class for almost every input. Choosing b3 = -W3.sum(0) / 2 makes
    the output 0 where z2 = 0.5 everywhere, so the class follows the input instead.
    """
    network = random_network(sizes, rng, scale=2.0, dtype=dtype)
    network["b3"] = (-0.5 * network["W3"].sum(axis=0)).astype(dtype)
    return network


def _predict_hidden():
    rng = np.random.default_rng(_SEED + 4)
    cases = []
    for label, sizes, n, dtype in [
            ("a 4 -> 6 -> 5 -> 4 network on a batch of 20", (4, 6, 5, 4), 20, np.float64),
            ("one sample through a 3 -> 4 -> 4 -> 5 network", (3, 4, 4, 5), None, np.float64),
            ("a float32 network on a float32 batch of 8", (2, 3, 3, 3), 8, np.float32)]:
        network = _varied_network(sizes, rng, dtype)
        shape = (sizes[0],) if n is None else (n, sizes[0])
        cases.append(_predict_case(label, network, rng.standard_normal(shape).astype(dtype),
                                   hidden=True))
    return cases + [_predict_case("a batch of 3 samples with 3 classes (N equals C)",
                                  _three_class_network(), _THREE_CLASS_X[[1, 2, 0]], hidden=True)]


CASES = {
    "init_network": _init_network_hidden,
    "forward": _forward_hidden,
    "predict": _predict_hidden,
}
