"""Hidden cases of coursekit.checks.xor (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.xor import (
    Case,
    NOTES_XOR_WEIGHTS,
    ON_THE_LINE_WEIGHTS,
    WEIGHTS_HINT,
    _random_net,
    _two_layer_case,
    _xor_inputs,
    judge_weights,
)
from coursekit_key.hidden.perceptron import gate_hidden


def _weights_hidden():
    return [Case("the network evaluated in float32", hint=WEIGHTS_HINT,
                 expected=_xor_inputs(np.float32), judge=judge_weights, hidden=True)]


def _two_layer_hidden():
    rng = np.random.default_rng(20)
    return [
        _two_layer_case("a batch of one point, shape (1, 2)", rng.normal(size=(1, 2)),
                        NOTES_XOR_WEIGHTS, hidden=True),
        _two_layer_case("a batch of 200 random points, 3 inputs and 5 hidden units",
                        *_random_net(rng, 200, 3, 5), hidden=True),
        _two_layer_case("the four XOR inputs as float32 with the notes' weights",
                        _xor_inputs(np.float32), NOTES_XOR_WEIGHTS, hidden=True),
        _two_layer_case("the four XOR inputs as integers with the notes' weights",
                        _xor_inputs(np.int64), NOTES_XOR_WEIGHTS, hidden=True),
        _two_layer_case("weights whose sums are exactly 0, with the inputs repeated",
                        np.tile(_xor_inputs(), (3, 1)), ON_THE_LINE_WEIGHTS, hidden=True,
                        hint="step(0) = 0: use > 0, not >= 0, in both layers."),
        _two_layer_case("a single hidden unit (h = 1)", *_random_net(rng, 10, 2, 1),
                        hidden=True),
    ]


CASES = {
    "XOR": lambda: gate_hidden("XOR"),
    "xor_weights": _weights_hidden,
    "two_layer_perceptron": _two_layer_hidden,
}
