"""Hidden cases of coursekit.checks.activations (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.activations import (
    FLOAT32,
    HINT_EXP,
    HINT_SHAPE,
    _RELU_GRAD_SLIPS,
    _SIGMOID_GRAD_EXP_HINT,
    _SIGMOID_GRAD_SLIPS,
    _SOFTMAX_ROWS_HINT,
    _SOFTMAX_SHIFT_HINT,
    _STEP_SLIPS,
    _TANH_EXP_HINT,
    Case,
    _numbers_not_booleans,
    _relu_grad_base,
    _softmax_base,
    _softmax_float32_rtol,
)
from coursekit.checks.lookalikes import with_lookalikes

_SEED = 3

# Around the points where exp overflows: 88.7 in float32, 709.8 in float64.
_EXTREMES = np.array([-1e4, -1e3, -710.0, -709.0, -100.0, -89.0, -88.0, -30.0, -1.0, -1e-3, 0.0,
                      1e-3, 1.0, 30.0, 88.0, 89.0, 100.0, 709.0, 710.0, 1e3, 1e4])

HINT_PYTHON = ("Python numbers and lists must work too: turn x into a float NumPy array first "
               "(a list has no arithmetic: -[1, 2] is an error).")
HINT_INT = ("An integer array must give the same values as floats: convert it to a float array "
            "first.")
HINT_RANDOM = "Compare your function with the formula by hand on a few values."


def _softmax_case(label, x, hint, float32) -> Case:
    tolerance = {**FLOAT32, "rtol": _softmax_float32_rtol(x)} if float32 else {}
    return Case(label, (x,), hint=hint, judge=_softmax_base, hidden=True, **tolerance)


def _hidden(label, args, kwargs=None, hint="", judge=None, float32=False) -> Case:
    tolerance = FLOAT32 if float32 else {}
    return Case(label, args, kwargs or {}, hint=hint, judge=judge, hidden=True, **tolerance)


def _elementwise_hidden(judge=None, exp_hint=""):
    """The hidden cases every elementwise check shares: input kinds, shapes, dtypes, extremes.

    exp_hint: the hint for the |x| up to 1e4 cases (for functions built on np.exp).
    """
    rng = np.random.default_rng(_SEED)
    kinds = [
        ("a Python float", -1.5, HINT_PYTHON, False),
        ("a Python int", 3, HINT_PYTHON, False),
        ("a Python list of floats", [-2.0, -0.5, 0.0, 0.5, 2.0], HINT_PYTHON, False),
        ("an integer array", np.array([-3, -1, 0, 1, 3]), HINT_INT, False),
        ("a 0-d array", np.array(0.7), HINT_SHAPE, False),
        ("a float64 column of shape (5, 1)", np.linspace(-2.0, 2.0, 5).reshape(5, 1), HINT_SHAPE,
         False),
        ("a float64 array of shape (2, 3, 4)", 3 * rng.standard_normal((2, 3, 4)), HINT_SHAPE,
         False),
        ("a float32 array of shape (4, 5)", (3 * rng.standard_normal((4, 5))).astype(np.float32),
         HINT_SHAPE, True),
        ("a float64 array with |x| up to 1e4", _EXTREMES.copy(), exp_hint, False),
        ("a float32 array with |x| up to 1e4", _EXTREMES.astype(np.float32), exp_hint, True),
        ("1000 random float64 values", 10 * rng.standard_normal(1000), HINT_RANDOM, False),
    ]
    return [_hidden(label, (x,), hint=hint, judge=judge, float32=float32)
            for label, x, hint, float32 in kinds]


def _softmax_hidden():
    rng = np.random.default_rng(_SEED + 1)
    big = np.array([[-1e4, 0.0, 1e4], [1e4, 1e4, 1e4], [-1e4, -1e4, -1e4 + 1.0], [5.0, -1e4, 3.0]])
    last_axis = ("softmax works over the last axis for any number of leading axes: (C,), (N, C), "
                 "(T, N, C); np.max and np.sum with axis=-1, keepdims=True handle them all.")
    cases = [
        ("a Python list", ([1.0, 2.0, 3.0],), HINT_PYTHON, False),
        ("an integer batch of shape (2, 3)", (np.array([[1, 2, 3], [3, 2, 1]]),), HINT_INT, False),
        ("a square float64 batch of shape (3, 3)", (rng.standard_normal((3, 3)),),
         _SOFTMAX_ROWS_HINT, False),
        ("a float64 array of shape (4, 5, 6)", (3 * rng.standard_normal((4, 5, 6)),), last_axis,
         False),
        ("a batch of shape (4, 1): one class per sample", (rng.standard_normal((4, 1)),),
         _SOFTMAX_ROWS_HINT, False),
        ("a batch of one sample, shape (1, 5)", (rng.standard_normal((1, 5)),), _SOFTMAX_ROWS_HINT,
         False),
        ("a float32 batch of shape (6, 4)", ((3 * rng.standard_normal((6, 4))).astype(np.float32),),
         _SOFTMAX_ROWS_HINT, True),
        ("a float64 batch with |x| up to 1e4", (big,), _SOFTMAX_SHIFT_HINT, False),
        ("a float32 batch with |x| up to 1e4", (big.astype(np.float32),), _SOFTMAX_SHIFT_HINT,
         True),
        ("100 random float64 rows of 10 scores", (10 * rng.standard_normal((100, 10)),),
         HINT_RANDOM, False),
    ]
    return [_softmax_case(label, args[0], hint, float32) for label, args, hint, float32 in cases]


def _leaky_relu_hidden():
    rng = np.random.default_rng(_SEED + 2)
    x = 3 * rng.standard_normal((3, 4))
    alpha_hint = "Use the alpha argument you are given, not a fixed 0.01."
    return _elementwise_hidden() + [
        _hidden("alpha=0.3 given by keyword", (x,), {"alpha": 0.3}, alpha_hint),
        _hidden("alpha=0.05 given by position", (x, 0.05), hint=alpha_hint),
        _hidden("a float32 array with alpha=0.2", (x.astype(np.float32),), {"alpha": 0.2},
                alpha_hint, float32=True),
    ]


CASES = {
    "step": lambda: _elementwise_hidden(with_lookalikes(_STEP_SLIPS, base=_numbers_not_booleans)),
    "sigmoid": lambda: _elementwise_hidden(exp_hint=HINT_EXP),
    "tanh": lambda: _elementwise_hidden(exp_hint=_TANH_EXP_HINT),
    "relu": _elementwise_hidden,
    "leaky_relu": _leaky_relu_hidden,
    "softmax": _softmax_hidden,
    "sigmoid_grad": lambda: _elementwise_hidden(with_lookalikes(_SIGMOID_GRAD_SLIPS),
                                                _SIGMOID_GRAD_EXP_HINT),
    "relu_grad": lambda: _elementwise_hidden(with_lookalikes(_RELU_GRAD_SLIPS,
                                                             base=_relu_grad_base)),
}
