"""Hidden cases of coursekit.checks.graph (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.graph import (
    ADD_HINT,
    ADD_SLIPS,
    MUL_HINT,
    MUL_SLIPS,
    AddLayer,
    MulLayer,
    _NEW_ARRAY_HINT,
    _shopping_case,
    node_case,
)

_SEED = 7
REUSE_HINT = ("Store the inputs on every forward call (self.x = x, self.y = y), not only on the "
              "first: backward belongs to the latest forward.")


def _node_hidden(check, hint: str, slips) -> list:
    """Kinds of input for either node."""
    def case(*args, **kwargs):
        return node_case(check, hint, slips, True, *args, **kwargs)

    rng = np.random.default_rng(_SEED)
    x, y, dout = (rng.standard_normal((4, 5)) for _ in range(3))
    return [
        case("Python ints: forward(3, 4), backward(2)", 3, 4, 2),
        case("negative numbers and zero", -1.5, 0.0, -2.0),
        case("float64 arrays of shape (4, 5)", x, y, dout, extra=_NEW_ARRAY_HINT),
        case("float32 arrays of shape (2, 3, 2)",
             *(rng.standard_normal((2, 3, 2)).astype(np.float32) for _ in range(3)),
             extra=_NEW_ARRAY_HINT, float32=True),
        case("one node, forward called twice before backward", 7.0, -3.0, 0.5, scenario="reuse",
             extra=REUSE_HINT, x_before=2.0, y_before=5.0),
        case("one node, forward called twice on arrays before backward", x, y, dout,
             scenario="reuse", extra=REUSE_HINT, x_before=y.copy(), y_before=dout.copy()),
    ]


def _shopping_hidden():
    rng = np.random.default_rng(_SEED + 1)
    trips = [rng.uniform(50, 300, 6), rng.integers(0, 10, 6).astype(float),
             rng.uniform(50, 300, 6), rng.integers(0, 10, 6).astype(float),
             rng.uniform(1.0, 1.2, 6)]
    return [
        _shopping_case("Python ints, no tax (tax = 1)", (120, 3, 90, 2, 1), hidden=True),
        _shopping_case("no oranges (orange_num = 0)", (130.0, 4.0, 170.0, 0.0, 1.1), hidden=True),
        _shopping_case("six shopping trips at once: every input an array of shape (6,)", trips,
                       hidden=True),
        _shopping_case("float32 arrays of shape (2, 2)",
                       [np.asarray(a[:4], dtype=np.float32).reshape(2, 2) for a in trips],
                       hidden=True, float32=True),
    ]


CASES = {
    "MulLayer": lambda: _node_hidden(MulLayer, MUL_HINT, MUL_SLIPS),
    "AddLayer": lambda: _node_hidden(AddLayer, ADD_HINT, ADD_SLIPS),
    "buy_apples_and_oranges": _shopping_hidden,
}
