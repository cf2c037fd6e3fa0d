"""Hidden cases of coursekit.checks.initialization (see coursekit.checks.hidden)."""
from functools import partial

import numpy as np

from coursekit.checks.initialization import (
    INITIALISERS,
    _SEED,
    _draw_cases,
    _layers_case,
    _network,
    _params_case,
)

SAME_SEED = "the same seed twice, then another"
SHAPES = {(784, 20): "a wide input layer (many inputs, few outputs)",
          (20, 784): "a layer with few inputs and many outputs",
          (1, 20000): "a layer with a single input",
          (120, 120): "a square layer"}


def _draw_hidden(name) -> list:
    std_fn, hint, seed = INITIALISERS[name]
    return _draw_cases(name, std_fn, hint, seed + 100, list(SHAPES), True,
                       [*SHAPES.values(), SAME_SEED])


def _layers_hidden() -> list:
    rng = np.random.default_rng(_SEED + 3)
    specs = [
        ("six sigmoid layers of 20 units with weights of std 1", (20,) * 7, 30, 1.0, "sigmoid",
         np.float64),
        ("float32 input and weights", (6, 8, 4), 10, None, "relu", np.float32),
        ("a single layer", (5, 7), 6, None, "tanh", np.float64),
        ("a batch of one sample", (4, 4, 4), 1, None, "sigmoid", np.float64),
        ("the identity activation", (3, 5, 2), 4, None, "identity", np.float64),
    ]
    cases = []
    for label, sizes, n, std, activation, dtype in specs:
        x, weights = _network(rng, sizes, n, std, dtype)
        cases.append(_layers_case(label, x, weights, activation, hidden=True))
    return cases


def _params_hidden() -> list:
    return [_params_case((64, 50, 50, 10), "tanh", (2,), True, "tanh, three layers"),
            _params_case((30, 200), "relu", (3,), True, "relu, a single layer"),
            _params_case((64, 100, 100, 100, 10), "relu", (4,), True, "relu, four layers"),
            _params_case((5, 4, 3), "sigmoid", (7, 7, 8), True, SAME_SEED)]


CASES = {
    **{name: partial(_draw_hidden, name) for name in INITIALISERS},
    "layer_activations": _layers_hidden,
    "init_params": _params_hidden,
}
