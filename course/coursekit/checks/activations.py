"""Checks for day 3: activation functions (활성화 함수) and their derivatives.

    from coursekit.checks import activations as check
    check.sigmoid(sigmoid)               # visible tests
    check.sigmoid(sigmoid, hidden=True)  # hidden tests

Each check compares the student's function with `coursekit.functions`. Visible cases are calls a
student can reason about (sigmoid(0.0), a small batch, sigmoid(-1000.0)); hidden cases probe
Python numbers and lists, integer input, float32 and float64 arrays of several shapes, |x| up to
1e4 and random inputs. A case fails on an error, a warning (overflow, invalid value), a change to
the input, a wrong shape or a value outside the tolerance.

Tolerance: |got - want| <= atol + rtol * |want| with rtol = 1e-5, atol = 1e-8 for float64 input
and rtol = 1e-4, atol = 1e-6 for float32 input (a few float32 rounding steps). Every correct
formula lies inside it, including sigmoid(x) * (1 - sigmoid(x)) where it rounds to 0 for large
|x|, tanh(x) = 2 sigmoid(2x) - 1 near 0, and a sigmoid whose input is clipped to |x| <= 30 (off
by less than 1e-13). Clipping at |x| <= 10 (off by 4.5e-5) is outside it. Softmax of float32
scores adds the rounding of its largest score (see _softmax_float32_rtol): exp(x - logsumexp(x))
at |x| = 1e4 is off by 5e-4, and is correct.

Conventions: step(0) == 0 and relu_grad(0) == 0 (1 only where x > 0; ReLU has no derivative at
0, and the notebook fixes the course's value there). Booleans are not numbers here: step and
relu_grad must return 0/1 values, not True/False.
"""
import numpy as np

from .. import functions as F
from .core import FLOAT32, Case, FunctionCheck, as_numeric, register, subject
from .lookalikes import compare_output, with_lookalikes

HINT_ARRAY = ("Work on the whole array at once with NumPy (np.exp, np.maximum, np.where, "
              "comparisons such as x > 0): math.exp, max() and `if x > 0:` handle one number only.")
HINT_SHAPE = ("Keep the input's shape: elementwise NumPy operations do, whereas loops over the "
              "first axis, .ravel() or .flatten() do not.")
HINT_EXP = ("No warnings for |x| up to 1e4: np.exp overflows above 709.8 in float64 and above 88.7 "
            "in float32, so let every np.exp see only numbers <= 0 (e.g. np.exp(-np.abs(x))). "
            "np.where(cond, a, b) computes both a and b on every element before choosing, so an "
            "unsafe branch still overflows; clipping to +-500 is safe in float64 but not float32.")


def _show(x) -> str:
    """How an argument reads in a visible case's label: a Python literal or np.array([...])."""
    if isinstance(x, np.ndarray):
        dtype = "" if x.dtype == np.float64 else f", dtype=np.{x.dtype}"
        return f"np.array({x.tolist()}{dtype})"
    return repr(x)


def _shown(name, *args, hint="", judge=None, **kwargs) -> Case:
    """A visible case whose label is the call itself, e.g. "sigmoid(-1000.0)"."""
    shown = [_show(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return Case(f"{name}({', '.join(shown)})", args, kwargs, hint=hint, judge=judge)


# ---- judges -------------------------------------------------------------------------------------

def _numbers_not_booleans(case, record, expected):
    """compare_arrays, but True/False is refused: the network multiplies these outputs."""
    if as_numeric(record.output) is not None and np.asarray(record.output).dtype == np.bool_:
        return (f"{subject(case)} returned True/False values (booleans); return the numbers 1.0 "
                "and 0.0 instead, e.g. (x > 0).astype(float). A network multiplies and subtracts "
                "these outputs, and NumPy refuses some arithmetic on booleans (-mask is an error).")
    return compare_output(case, record, expected)


def _relu_grad_base(case, record, expected):
    """Exact everywhere, 0 at x == 0; a subgradient other than 0 there is named as the convention."""
    problem = _numbers_not_booleans(case, record, expected)
    got = as_numeric(record.output)
    x = np.asarray(case.args[0], dtype=np.float64)
    if problem is None or got is None or got.shape != x.shape:
        return problem
    at_zero, at_other = got[x == 0], got[x != 0]
    convention = np.any(at_zero != 0) and np.all((at_zero >= 0) & (at_zero <= 1))
    if convention and np.array_equal(at_other, np.asarray(expected)[x != 0]):
        value = float(at_zero[at_zero != 0][0])
        return (f"{subject(case)} returned {value:g} at x == 0, and the right slope everywhere "
                "else. ReLU has no derivative at 0, so the value there is a convention: any "
                "number from 0 to 1 is a subgradient, and this course (like step(0), PyTorch and "
                "TensorFlow) uses 0" + ("; the book's relu_grad gives 1" if value == 1 else "") +
                ". Return 0.0 at exactly 0, as the exercise says.")
    return problem


def _softmax_base(case, record, expected):
    """compare_arrays, plus which axis the output was normalised over when it was the wrong one."""
    problem = compare_output(case, record, expected)
    got = as_numeric(record.output)
    if problem is None or got is None or got.shape != np.shape(expected) or got.ndim < 2 \
            or not np.all(np.isfinite(got)):
        return problem
    if np.all(np.isclose(got.sum(axis=-1), 1.0)):
        return problem
    if np.isclose(got.sum(), 1.0):
        return (f"{problem} Your output adds up to 1 over the whole batch; softmax normalises "
                "each sample (each row) on its own: sum over axis=-1 with keepdims=True.")
    for axis in range(got.ndim - 1):
        if np.all(np.isclose(got.sum(axis=axis), 1.0)):
            return (f"{problem} Your output sums to 1 along axis {axis}, but the classes are the "
                    "last axis: take max and sum over axis=-1 with keepdims=True.")
    return problem


_SIGMOID_GRAD_SLIPS = [
    (lambda x: np.asarray(x, dtype=float) * (1 - np.asarray(x, dtype=float)),
     "That is x * (1 - x): the formula y * (1 - y) needs y = sigmoid(x) first."),
    (F.sigmoid, "That is sigmoid(x) itself; its derivative is sigmoid(x) * (1 - sigmoid(x))."),
    (lambda x: F.sigmoid(x) * (1 - np.asarray(x, dtype=float)),
     "That is sigmoid(x) * (1 - x): use sigmoid(x) in both factors."),
]
_RELU_GRAD_SLIPS = [
    (F.relu, "That is relu(x) itself; its derivative is the slope: 1 where x > 0, 0 where x < 0."),
    (np.sign, "For x < 0 ReLU is flat, so its slope there is 0, not -1."),
]
_STEP_SLIPS = [
    (lambda x: (np.asarray(x) >= 0).astype(float),
     "Your function returns 1 at x = 0; the course's step is 1 only where x > 0."),
]


# ---- visible cases ------------------------------------------------------------------------------

_BATCH = np.array([[-3.0, -1.0, 0.0], [0.5, 2.0, 4.0]])
_ROW = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])


def _step_visible():
    judge = with_lookalikes(_STEP_SLIPS, base=_numbers_not_booleans)
    zero_hint = ("The course's convention: step(x) is 1 only where x > 0, so step(0) = 0 (the "
                 "perceptron's rule: fire when w.x + b > 0).")
    return [_shown("step", 2.5, judge=judge),
            _shown("step", -1.0, judge=judge),
            _shown("step", 0.0, hint=zero_hint, judge=judge),
            _shown("step", np.array([-2.0, -0.0, 0.0, 1e-9, 3.0]), hint=HINT_ARRAY, judge=judge),
            _shown("step", _BATCH, hint=HINT_SHAPE, judge=judge)]


def _sigmoid_visible():
    return [_shown("sigmoid", 0.0, hint="sigmoid(0) = 1 / (1 + e^0) = 1/2."),
            _shown("sigmoid", 2.0),
            _shown("sigmoid", _ROW, hint=HINT_ARRAY),
            _shown("sigmoid", _BATCH, hint=HINT_SHAPE),
            _shown("sigmoid", -1000.0, hint=HINT_EXP),
            _shown("sigmoid", 1000.0, hint=HINT_EXP)]


_TANH_EXP_HINT = ("np.exp overflows above 709.8 in float64 and 88.7 in float32, so "
                  "(e^x - e^-x) / (e^x + e^-x) becomes inf / inf = nan for large |x|. With "
                  "e = np.exp(-2 * np.abs(x)), which is at most 1, tanh(x) = sign(x) * (1 - e) / "
                  "(1 + e); or use tanh(x) = 2 * sigmoid(2x) - 1 with a stable sigmoid.")


def _tanh_visible():
    return [_shown("tanh", 0.0, hint="tanh is zero-centred: tanh(0) = 0."),
            _shown("tanh", 1.0),
            _shown("tanh", 1e-08, hint="Near 0, tanh(x) is about x."),
            _shown("tanh", _ROW, hint=HINT_ARRAY),
            _shown("tanh", _BATCH, hint=HINT_SHAPE),
            _shown("tanh", -1000.0, hint=_TANH_EXP_HINT),
            _shown("tanh", 1000.0, hint=_TANH_EXP_HINT)]


def _relu_visible():
    array_hint = ("np.maximum(0, x) takes the larger of 0 and each element; np.max(x) reduces the "
                  "whole array to one number, and max(0, x) works on one number only.")
    return [_shown("relu", 3.0),
            _shown("relu", -2.0, hint="relu(x) = max(0, x): 0 for negative x."),
            _shown("relu", 0.0),
            _shown("relu", np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), hint=array_hint),
            _shown("relu", _BATCH, hint=HINT_SHAPE)]


def _leaky_relu_visible():
    slope_hint = ("For x <= 0 Leaky ReLU returns alpha * x (a small slope, default alpha = 0.01), "
                  "not 0 and not the constant alpha.")
    alpha_hint = "Use the alpha argument you are given, not a fixed 0.01."
    return [_shown("leaky_relu", 3.0),
            _shown("leaky_relu", -2.0, hint=slope_hint),
            _shown("leaky_relu", np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), hint=HINT_ARRAY),
            _shown("leaky_relu", np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), alpha=0.1,
                   hint=alpha_hint),
            _shown("leaky_relu", _BATCH, alpha=0.2, hint=HINT_SHAPE)]


_SOFTMAX_ROWS_HINT = ("Each row of a batch (N, C) is one sample: take the max and the sum over the "
                      "last axis with keepdims=True (axis=-1), so they broadcast back against x.")
_SOFTMAX_SHIFT_HINT = ("exp(1000) overflows to inf, and inf / inf is nan. Subtract the maximum "
                       "first: softmax(x - max(x)) is the same distribution, and its largest "
                       "exponential is exp(0) = 1.")


def _softmax_visible():
    judge = _softmax_base
    return [_shown("softmax", np.array([1.0, 2.0, 3.0]), judge=judge,
                   hint="softmax(x)_k = exp(x_k) / sum_j exp(x_j)."),
            _shown("softmax", np.array([0.0, 0.0, 0.0, 0.0]), judge=judge,
                   hint="Equal scores give equal probabilities: 1/4 each."),
            _shown("softmax", np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 5.0]]), judge=judge,
                   hint=_SOFTMAX_ROWS_HINT),
            _shown("softmax", np.array([1000.0, 1001.0, 1002.0]), judge=judge,
                   hint=_SOFTMAX_SHIFT_HINT),
            _shown("softmax", np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0]]), judge=judge,
                   hint="Subtract each row's own maximum, np.max(x, axis=-1, keepdims=True): one "
                        "maximum for the whole batch sends the first row to exp(-1002) = 0, "
                        "and 0 / 0 is nan.")]


def _softmax_float32_rtol(x: np.ndarray) -> float:
    """float32's rtol, widened by the rounding of the largest score.

    A stable softmax subtracts a number as large as max|x| (the maximum, or a log-sum-exp) from
    the scores. In float32 that number is known only to eps * max|x|, and every probability moves
    by that factor: exp(x - logsumexp(x)) at |x| = 1e4 is off by 5e-4 and is correct. Four
    roundings of that size are allowed; a wrong answer is off by far more.
    """
    return max(FLOAT32["rtol"], 4 * float(np.finfo(np.float32).eps) * float(np.max(np.abs(x))))


_SIGMOID_GRAD_EXP_HINT = ("np.exp(-x) overflows for large negative x, and so does np.cosh. Write "
                          "the derivative with a stable sigmoid: sigmoid(x) * (1 - sigmoid(x)).")


def _sigmoid_grad_visible():
    judge = with_lookalikes(_SIGMOID_GRAD_SLIPS)
    return [_shown("sigmoid_grad", 2.0, judge=judge),
            _shown("sigmoid_grad", 0.0, judge=judge,
                   hint="sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x)); at 0 that is 0.5 * 0.5."),
            _shown("sigmoid_grad", _ROW, judge=judge, hint=HINT_ARRAY),
            _shown("sigmoid_grad", _BATCH, judge=judge, hint=HINT_SHAPE),
            _shown("sigmoid_grad", -1000.0, judge=judge, hint=_SIGMOID_GRAD_EXP_HINT),
            _shown("sigmoid_grad", 1000.0, judge=judge, hint=_SIGMOID_GRAD_EXP_HINT)]


_RELU_GRAD_ZERO_HINT = ("ReLU has a corner at x = 0 and no derivative there; the course fixes the "
                        "value at 0 to 0. Elsewhere the slope is 1 for x > 0 and 0 for x < 0.")


def _relu_grad_visible():
    judge = with_lookalikes(_RELU_GRAD_SLIPS, base=_relu_grad_base)
    return [_shown("relu_grad", 3.0, judge=judge),
            _shown("relu_grad", -2.0, judge=judge, hint="ReLU is flat (slope 0) for x < 0."),
            _shown("relu_grad", 0.0, judge=judge, hint=_RELU_GRAD_ZERO_HINT),
            _shown("relu_grad", np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), judge=judge,
                   hint=HINT_ARRAY),
            _shown("relu_grad", _BATCH, judge=judge, hint=HINT_SHAPE)]


# ---- the checks ---------------------------------------------------------------------------------

# The hidden cases are in the answer key (coursekit_key.hidden.activations).
step = FunctionCheck("step", F.step, _step_visible)
sigmoid = FunctionCheck("sigmoid", F.sigmoid, _sigmoid_visible)
tanh = FunctionCheck("tanh", F.tanh, _tanh_visible, dependencies={"sigmoid": F.sigmoid})
relu = FunctionCheck("relu", F.relu, _relu_visible)
leaky_relu = FunctionCheck("leaky_relu", F.leaky_relu, _leaky_relu_visible)
softmax = FunctionCheck("softmax", F.softmax, _softmax_visible)
sigmoid_grad = FunctionCheck("sigmoid_grad", F.sigmoid_grad, _sigmoid_grad_visible,
                             dependencies={"sigmoid": F.sigmoid})
relu_grad = FunctionCheck("relu_grad", F.relu_grad, _relu_grad_visible,
                          dependencies={"relu": F.relu, "step": F.step})

register(globals())
