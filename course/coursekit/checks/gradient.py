"""Checks for day 6: numerical differentiation (수치 미분) and gradient descent (경사 하강법).

    from coursekit.checks import gradient as check
    check.numerical_diff(numerical_diff)
    check.numerical_gradient(numerical_gradient)
    check.gradient_descent(gradient_descent)
    check.descent_predictions(descent_predictions)

The student's functions take a function f. Evidence must be plain data, so a case names its f
by a key of `TEST_FUNCTIONS` ("bowl", "cube", ...) and the check hands the student's function
the Python function under that key: the student's code sees an ordinary f. The references, in
the answer key (coursekit_key.answers.gradient), are called the same way.

numerical_diff(f, x) and numerical_gradient(f, x) must use central differences with
h = 1e-4 (any h from 1e-5 to 2e-4 passes); the tolerance, rtol 1e-6 and atol 1e-8, is far
below the error of a forward difference (f(x + h) - f(x)) / h, about h / 2 * |f''|, on every
test function. numerical_gradient works for x of any shape and must leave x as it was
(perturbing x in place and restoring it is fine). gradient_descent(f, init_x, lr=0.01,
step_num=100) returns the final x, shaped like init_x, and leaves init_x unchanged; it is
judged on its own: its calls of numerical_gradient get the reference's gradients (a stand-in,
see `standins`). numerical_gradient itself may call the student's numerical_diff or not.

descent_predictions is a predict-then-run exercise: a dict {learning rate: one of OUTCOMES} for
each of PREDICTED_RATES. The visible check wants a valid choice for every rate; the graded one,
whose expected outcomes are in the answer key, wants the outcome the experiment shows.
"""
import functools

import numpy as np

from .. import functions as F
from .core import Case, CheckFailure, FunctionCheck, as_numeric, compare_arrays, register, subject
from .lookalikes import KeyedSlip, compare_output, with_lookalikes

TOLERANCE = {"rtol": 1e-6, "atol": 1e-8}
_SEED = 6
H = 1e-4


def _bowl(x):
    return np.sum(x ** 2)


def _softmax_loss_of_weights(w):
    """Cross-entropy of softmax(x @ W) for a fixed batch of 4 samples, 2 features, 3 classes."""
    x = np.array([[1.0, 0.5], [-0.3, 0.8], [0.2, -1.0], [1.5, 1.5]])
    labels = np.array([0, 2, 1, 2])
    log_p = F.log_softmax(x @ w)
    return -np.mean(log_p[np.arange(len(labels)), labels])


# name -> (f, how it reads in a message). Each f accepts numbers and arrays.
TEST_FUNCTIONS = {
    "book_quadratic": (lambda x: 0.01 * x ** 2 + 0.1 * x, "f(x) = 0.01 x² + 0.1 x"),
    "cube": (lambda x: x ** 3, "f(x) = x³"),
    "sin": (np.sin, "f(x) = sin(x)"),
    "steep_exp": (lambda x: np.exp(10 * x), "f(x) = exp(10 x)"),
    "bowl": (_bowl, "f(x) = sum of x²"),
    "coupled": (lambda x: x[0] ** 2 * x[1] + np.sin(x[2]) + 3 * x[0] * x[2],
                "f(x) = x0² x1 + sin(x2) + 3 x0 x2"),
    "quartic": (lambda x: np.sum(x ** 4) / 4 + np.sum(x[..., 0] * x[..., -1]),
                "f(x) = sum of x⁴ / 4 + coupling terms"),
    "softmax_loss": (_softmax_loss_of_weights,
                     "f(W) = the softmax cross-entropy of a small batch for weights W"),
    "shifted_bowl": (lambda x: np.sum((x - np.array([[1.0, -2.0], [0.5, 3.0]])) ** 2),
                     "f(x) = sum of (x - c)² for a fixed 2 x 2 array c"),
}


def _calling_with(fn):
    """fn, but called as fn(name, *rest) -> fn(TEST_FUNCTIONS[name][0], *rest).

    functools.wraps keeps fn's signature visible, so a message about a changed argument names
    the student's own parameter (x, init_x)."""
    @functools.wraps(fn)
    def call(name, *args, **kwargs):
        return fn(TEST_FUNCTIONS[name][0], *args, **kwargs)
    return call


class FunctionArgumentCheck(FunctionCheck):
    """A FunctionCheck whose cases name their function argument f by a TEST_FUNCTIONS key."""

    def prepare(self, thing, hidden=False):
        return _calling_with(super().prepare(thing, hidden))


def _function_case(call, name, x, hint, judge, hidden=False, label=None, kwargs=None):
    """A case calling `call` with the test function `name`; its label shows f's formula."""
    shown = label or f"{call}(f, {_literal(x)}{_keywords(kwargs)}) with {TEST_FUNCTIONS[name][1]}"
    return Case(shown, (name, x), kwargs or {}, hint=hint, judge=judge, hidden=hidden,
                **TOLERANCE)


def _literal(x) -> str:
    if isinstance(x, np.ndarray):
        return f"np.array({x.tolist()})"
    return repr(x)


def _keywords(kwargs) -> str:
    return "".join(f", {k}={v!r}" for k, v in (kwargs or {}).items())


# ---- numerical_diff -----------------------------------------------------------------------------

_TINY_H = ("A tiny h such as 1e-50 is lost in rounding: x + 1e-50 == x in float64, so the "
           "difference is 0. Use h = 1e-4.")


def _difference_slips(derivative):
    """The classic wrong difference quotients, each as derivative(f, x) -> a slip on (name, x)."""
    def slip(formula):
        return lambda name, x, *rest: derivative(TEST_FUNCTIONS[name][0], x, formula)
    return [
        (slip(lambda f, x, h: (f(x + h) - f(x)) / h),
         "That is the forward difference (f(x + h) - f(x)) / h, whose error is about "
         "h / 2 * f''(x). Use the central difference (f(x + h) - f(x - h)) / (2h): its error is "
         "about h² / 6 * f'''(x), far smaller."),
        (slip(lambda f, x, h: (f(x) - f(x - h)) / h),
         "That is the backward difference (f(x) - f(x - h)) / h; use the central difference "
         "(f(x + h) - f(x - h)) / (2h)."),
        (slip(lambda f, x, h: (f(x + h) - f(x - h)) / h),
         "That is twice the derivative: the central difference spans 2h, from x - h to x + h, "
         "so divide by 2 * h."),
        (slip(lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h),
         "That divides by 2 and then multiplies by h: a / 2 * h means (a / 2) * h. Write the "
         "denominator in brackets, / (2 * h)."),
        (slip(lambda f, x, h: (f(x + 1e-50) - f(x - 1e-50)) / 2e-50), _TINY_H),
        (slip(lambda f, x, h: (f(x + 1e-3) - f(x - 1e-3)) / 2e-3),
         "That is the central difference with h = 1e-3, too coarse for a steeply curved f (its "
         "error grows with h²). Careful with 10e-4: it means 10 * 10**-4 = 1e-3, not 1e-4."),
    ]


def _scalar_derivative(f, x, formula):
    return formula(f, x, H)


_DIFF_HINT = "numerical_diff(f, x) = (f(x + h) - f(x - h)) / (2h) with h = 1e-4."
_diff_slips_judge = with_lookalikes(_difference_slips(_scalar_derivative))


def _diff_judge(case, record, expected):
    """The slips' judge; but an exactly zero slope where f has none is h lost in rounding,
    whatever else (such as / 2 * h, which is about f' h² here) also comes out near 0."""
    got = as_numeric(record.output)
    if got is not None and got.shape == () and got == 0 and expected != 0:
        return f"{compare_arrays(case, got, expected)} {_TINY_H}"
    return _diff_slips_judge(case, record, expected)


def _diff_visible():
    return [
        _function_case("numerical_diff", "book_quadratic", 5.0,
                       "The exact derivative is 0.02 x + 0.1 = 0.2. " + _DIFF_HINT, _diff_judge),
        _function_case("numerical_diff", "book_quadratic", 10.0,
                       "The exact derivative is 0.02 x + 0.1 = 0.3.", _diff_judge),
        _function_case("numerical_diff", "cube", 2.0,
                       "The exact derivative is 3x² = 12. " + _DIFF_HINT, _diff_judge),
        _function_case("numerical_diff", "sin", 1.0, "The exact derivative is cos(1) = 0.5403.",
                       _diff_judge),
    ]


# ---- numerical_gradient -------------------------------------------------------------------------

def _gradient_by(f, x, formula):
    """The gradient with another difference quotient, element by element, on a copy of x."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        def along(value, index=index):
            moved = x.copy()
            moved[index] = value
            return f(moved)
        grad[index] = formula(along, x[index], H)
    return grad


def _judge_gradient(case, record, expected):
    """compare_arrays, plus what a flattened or reshaped result says about the loop."""
    got = as_numeric(record.output)
    want = np.asarray(expected)
    if got is not None and got.shape != want.shape and got.size == want.size:
        return (f"{subject(case)} returned shape {got.shape}; expected {want.shape}, the shape of "
                "x. Make grad with np.zeros_like(x) and fill it element by element.")
    return compare_output(case, record, expected)


def _all_moved(name, x):
    """Every element moved by h at once: the slope along (1, 1, ...), copied to every element."""
    f, x = TEST_FUNCTIONS[name][0], np.array(x, dtype=np.float64)
    return np.full(x.shape, (f(x + H) - f(x - H)) / (2 * H))


_GRADIENT_SLIPS = _difference_slips(_gradient_by) + [
    (_all_moved,
     "That moves every element of x by h at once. A partial derivative moves ONE element and "
     "holds all the others fixed: perturb x[idx] alone, once per element."),
]
_gradient_judge = with_lookalikes(_GRADIENT_SLIPS, base=_judge_gradient)

_SHAPE_HINT = ("x may have any shape. Visit every element with np.ndindex(x.shape) (or "
               "np.nditer with multi_index); range(x.size) indexes only a 1-D x, and on a 2-D x "
               "x[i] is a whole row.")
_RESTORE_HINT = ("After computing f(x + h) and f(x - h) for one element, put the element's "
                 "original value back (x[idx] = tmp), or work on a copy of x.")


def _gradient_visible():
    return [
        _function_case("numerical_gradient", "bowl", np.array([3.0, 4.0]),
                       "The exact gradient of x0² + x1² is (2 x0, 2 x1) = (6, 8). "
                       + _RESTORE_HINT, _gradient_judge),
        _function_case("numerical_gradient", "bowl", np.array([0.0, 2.0]),
                       "The exact gradient is (0, 4).", _gradient_judge),
        _function_case("numerical_gradient", "coupled", np.array([1.0, -2.0, 0.5]),
                       "Each partial derivative holds the other elements fixed: here "
                       "(2 x0 x1 + 3 x2, x0², cos(x2) + 3 x0) = (-2.5, 1, 3.8776). "
                       + _RESTORE_HINT, _gradient_judge),
        _function_case("numerical_gradient", "bowl", np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.5]]),
                       "The gradient has x's shape (2, 3) and is 2x. " + _SHAPE_HINT,
                       _gradient_judge),
    ]


# ---- gradient_descent ---------------------------------------------------------------------------

# The first five are computed by the answer key (the right descent with one thing changed).
_DESCENT_SLIPS = [
    (KeyedSlip(__name__, "gradient_descent.climbs"),
     "That climbs: x moved along the gradient. Gradient DEScent steps against it, "
     "x = x - lr * grad."),
    (KeyedSlip(__name__, "gradient_descent.one_step_short"),
     "That is one step too few: run exactly step_num updates (for i in range(step_num))."),
    (KeyedSlip(__name__, "gradient_descent.one_step_more"),
     "That is one step too many: run exactly step_num updates (for i in range(step_num))."),
    (KeyedSlip(__name__, "gradient_descent.fixed_lr"),
     "That used lr = 0.01 whatever lr was given: use the lr argument."),
    (KeyedSlip(__name__, "gradient_descent.first_gradient"),
     "That uses the gradient at init_x for every step. Compute numerical_gradient(f, x) inside "
     "the loop, at the current x: the slope changes as x moves."),
    (lambda name, init_x, *args, **kwargs: np.array(init_x, dtype=float),
     "That is init_x unchanged: update x in the loop, x = x - lr * grad (or x -= lr * grad on "
     "a float copy), and return that x."),
]


def _judge_final_x(case, record, expected):
    """The final x, shaped like init_x; a returned (x, history) pair gets its own message."""
    output = record.output
    pair = isinstance(output, (tuple, list)) and len(output) == 2
    if pair and as_numeric(output[0]) is not None and np.shape(output[0]) == np.shape(expected):
        return (f"{subject(case)} returned a pair (such as x and its history); return only the "
                "final x.")
    return compare_arrays(case, output, expected)


_descent_judge = with_lookalikes(_DESCENT_SLIPS, base=_judge_final_x)

_DESCENT_HINT = ("Work on a float copy of init_x, never on init_x itself. Each of the step_num "
                 "steps moves x against the gradient at the current x, scaled by lr; the answer "
                 "is where x ends up.")
_COPY_HINT = ("init_x must stay as it was: x = init_x makes x another name for the same array, "
              "so x -= ... changes the caller's init_x too. Copy it first.")


def _descent_case(name, init_x, hint, hidden=False, label=None, **kwargs):
    shown = label or (f"gradient_descent(f, {_literal(init_x)}{_keywords(kwargs)}) "
                      f"with {TEST_FUNCTIONS[name][1]}")
    return Case(shown, (name, init_x), kwargs, hint=hint, judge=_descent_judge, hidden=hidden,
                rtol=1e-6, atol=1e-10)


def _descent_visible():
    start = np.array([-3.0, 4.0])
    return [
        _descent_case("bowl", start.copy(),
                      "Each step multiplies x by 1 - 2 lr = 0.8 here: 20 steps give "
                      "0.8**20 * (-3, 4) = (-0.0346, 0.0461). " + _DESCENT_HINT + " "
                      + _COPY_HINT, lr=0.1, step_num=20),
        _descent_case("bowl", start.copy(),
                      "Each step multiplies x by 1 - 2 lr = 0.98 here: 10 steps give "
                      "0.98**10 * (-3, 4).", lr=0.01, step_num=10),
        _descent_case("bowl", start.copy(),
                      "With lr = 1.0 each step maps x to x - 2x = -x: three steps end at "
                      "(3, -4).", lr=1.0, step_num=3),
        _descent_case("bowl", start.copy(), "Zero steps return the start itself (as a copy).",
                      lr=0.1, step_num=0),
    ]


# ---- descent_predictions: predict, then run ------------------------------------------------------

# What 100 steps of gradient descent on the bowl from (-3, 4) may do; the student picks one for
# each learning rate before running the experiment. Which one is right is in the answer key.
OUTCOMES = ("barely moves", "converges", "converges, flipping sides",
            "reaches the minimum in one step", "oscillates forever", "diverges")
PREDICTED_RATES = (1e-6, 0.05, 0.5, 0.75, 1.0, 1.25)
_CHOICES = ", ".join(f'"{outcome}"' for outcome in OUTCOMES)


def _as_rate(key):
    """A dict key as a learning rate: 0.1, np.float64(0.1) and "0.1" alike; None if it is not."""
    try:
        return float(key)
    except (TypeError, ValueError):
        return None


def _prediction(text):
    """A prediction as one of OUTCOMES, whatever its case, spacing or final full stop."""
    if not isinstance(text, str):
        return text
    return " ".join(text.replace(",", ", ").split()).rstrip(".").lower().replace(" ,", ",")


class PredictionCheck(FunctionCheck):
    """A FunctionCheck of a dict of predictions, {learning rate: outcome}: each case asks for the
    prediction of one rate."""

    def prepare(self, thing, hidden=False):
        if not isinstance(thing, dict):
            raise CheckFailure(f"{self.name}: expected a dict {{learning rate: prediction}}, got "
                               f"a {type(thing).__name__}.")
        table = {_as_rate(k): v for k, v in thing.items()}

        def prediction(lr):
            return _prediction(table.get(lr))
        return prediction


def _judge_prediction(case, record, expected):
    """One of OUTCOMES; in a graded case, the outcome the experiment shows (never named here)."""
    got, lr = record.output, case.args[0]
    if got is None:
        return (f"{case.label} is missing or None: replace it with one of {_CHOICES}, the one "
                "you expect before running the experiment.")
    if got not in OUTCOMES:
        return f"{case.label} is {got!r}, which is not one of the choices: {_CHOICES}."
    if expected is not None and got != expected:
        return (f"{case.label}: {got!r} is not what 100 steps with lr = {lr:g} do. Run the "
                "experiment below and look at x after one step and after 100: is it smaller, "
                "larger, on the other side of the minimum?")
    return None


def prediction_case(lr, expected=None, hidden=False) -> Case:
    return Case(f"descent_predictions[{lr:g}]", (lr,), expected=expected,
                judge=_judge_prediction, hidden=hidden,
                hint="x <- x - lr * 2x multiplies x by the same factor at every step: which "
                     "factor, and what does multiplying by it 100 times do?")


# ---- the checks ---------------------------------------------------------------------------------

# The references and the hidden cases are in the answer key (coursekit_key.answers.gradient,
# coursekit_key.hidden.gradient).
numerical_diff = FunctionArgumentCheck("numerical_diff", None, _diff_visible)
numerical_gradient = FunctionArgumentCheck("numerical_gradient", None, _gradient_visible)
gradient_descent = FunctionArgumentCheck("gradient_descent", None, _descent_visible,
                                         stand_ins=("numerical_gradient",))
descent_predictions = PredictionCheck(
    "descent_predictions", None, lambda: [prediction_case(lr) for lr in PREDICTED_RATES])

register(globals())
