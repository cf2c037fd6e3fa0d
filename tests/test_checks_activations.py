"""coursekit.checks.activations: many right answers pass, plausible wrong ones fail with a message
that says what to fix, and garbage gets a message, never a traceback from coursekit.

Student answers are source text run in a fresh namespace, the way a notebook defines them. The
namespace holds broken `sigmoid`, `relu` and `step` functions, as a notebook with a wrong earlier
answer would: answers that call them must still be judged on their own.
"""
import math
from functools import partial

import numpy as np
import pytest

from coursekit import functions as F
from coursekit.checks import activations as check
from coursekit.checks.core import CheckFailure

import student
from student import failure, passes, wrong_answers


def broken(x):
    """A wrong earlier answer left in the notebook."""
    return np.zeros_like(np.asarray(x, dtype=float)) + 0.3


define = partial(student.define, sigmoid=broken, relu=broken, step=broken)


def one_line(body, name, params="x"):
    return f"def {name}({params}):\n    " + body.replace("\n", "\n    ") + "\n"


# ---------------------------------------------------------------------------------------- step

STEP_RIGHT = {
    "astype float": "return (np.asarray(x) > 0).astype(float)",
    "np.array dtype float": "return np.array(np.asarray(x) > 0, dtype=float)",
    "np.where 1.0 0.0": "return np.where(np.asarray(x) > 0, 1.0, 0.0)",
    "np.where ints": "return np.where(np.asarray(x) > 0, 1, 0)",
    "heaviside": "return np.heaviside(x, 0.0)",
    "sign clipped": "return np.maximum(np.sign(x), 0)",
    "times 1.0": "return 1.0 * (np.asarray(x, dtype=float) > 0)",
    "float32 result": "return np.greater(x, 0).astype(np.float32)",
    "zeros then set": ("x = np.asarray(x, dtype=float)\ny = np.zeros_like(x)\ny[x > 0] = 1\n"
                       "return y"),
    "ceil clip": "return np.clip(np.ceil(np.asarray(x, dtype=float)), 0, 1)",
    "vectorize": "return np.vectorize(lambda v: 1.0 if v > 0 else 0.0)(x)",
    "astype int": "return (np.asarray(x) > 0).astype(int)",
}


@pytest.mark.parametrize("body", STEP_RIGHT.values(), ids=list(STEP_RIGHT))
def test_correct_step_variants_pass(body):
    passes(check.step, define(one_line(body, "step"), "step"))


STEP_WRONG = {
    "1 at zero": ("return (np.asarray(x) >= 0).astype(float)",
                  "step(0.0) returned 1; expected 0. Your function returns 1 at x = 0"),
    "booleans": ("return np.asarray(x) > 0", "returned True/False values (booleans)"),
    "scalar if": ("return 1 if x > 0 else 0", "truth value of an array"),
    "np.int removed": ("return np.array(x > 0, dtype=np.int)", "has no attribute 'int'"),
    "sign": ("return np.sign(x)", "step(-1.0) returned -1; expected 0."),
    "flat list": ("return [1.0 if v > 0 else 0.0 for v in np.ravel(x)]",
                  "returned an array of shape (1,); expected shape ()."),
    "in place": ("x = np.asarray(x, dtype=float)\nx[x > 0] = 1\nx[x <= 0] = 0\nreturn x",
                 "changed its input in place"),
    "no asarray": ("return np.where(x > 0, 1.0, 0.0)",
                   "On a hidden test (a Python list of floats)"),
    "not written": ("raise NotImplementedError()", "is not written yet"),
}


@pytest.mark.parametrize("body, fragment", STEP_WRONG.values(), ids=list(STEP_WRONG))
def test_wrong_step_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.step, define(one_line(body, "step"), "step"))


def test_booleans_are_not_also_blamed_on_the_zero_convention():
    message = failure(check.step, define(one_line("return np.asarray(x) > 0", "step"), "step"))
    assert "booleans" in message and "returns 1 at x = 0" not in message


def test_step_at_zero_states_the_convention():
    message = failure(check.step, define(one_line("return np.heaviside(x, 1.0)", "step"), "step"))
    assert "Hint: The course's convention: step(x) is 1 only where x > 0" in message


# ------------------------------------------------------------------------------------- sigmoid

SIGMOID_RIGHT = {
    "where on exp(-|x|)": """x = np.asarray(x, dtype=float)
e = np.exp(-np.abs(x))
return np.where(x >= 0, 1 / (1 + e), e / (1 + e))""",
    "via tanh": "return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))",
    "logaddexp": "return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))",
    "clip 500 in float64": """x = np.clip(np.asarray(x, dtype=np.float64), -500, 500)
return 1 / (1 + np.exp(-x))""",
    "clip 30 in float64 (within atol)": """x = np.clip(np.asarray(x, dtype=np.float64), -30, 30)
return 1 / (1 + np.exp(-x))""",
    "numerator by where": """e = np.exp(-np.abs(x))
return np.where(np.asarray(x) >= 0, 1, e) / (1 + e)""",
    "masks": """x = np.asarray(x, dtype=float)
out = np.empty_like(x)
pos = x >= 0
out[pos] = 1 / (1 + np.exp(-x[pos]))
e = np.exp(x[~pos])
out[~pos] = e / (1 + e)
return out""",
    "exp(min(x, 0))": "return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))",
    "keeps float32": """x = np.asarray(x)
if x.dtype.kind != 'f':
    x = x.astype(float)
e = np.exp(-np.abs(x))
return np.where(x >= 0, 1, e) / (1 + e)""",
    "silenced and right": """with np.errstate(over='ignore'):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))""",
    "the course's own": "return F.sigmoid(x)",
    "piecewise": """x = np.asarray(x, dtype=float)
return np.piecewise(x, [x >= 0, x < 0], [lambda v: 1 / (1 + np.exp(-v)),
                                         lambda v: np.exp(v) / (1 + np.exp(v))])""",
    "vectorized scalar code": """def one(v):
    if v >= 0:
        return 1 / (1 + math.exp(-v))
    return math.exp(v) / (1 + math.exp(v))
return np.vectorize(one)(x)""",
    "half tanh plus half": "return 0.5 * np.tanh(np.asarray(x, dtype=float) / 2) + 0.5",
}


@pytest.mark.parametrize("body", SIGMOID_RIGHT.values(), ids=list(SIGMOID_RIGHT))
def test_correct_sigmoid_variants_pass(body):
    fn = define("from coursekit import functions as F\n" + one_line(body, "sigmoid"), "sigmoid")
    passes(check.sigmoid, fn)


SIGMOID_WRONG = {
    "naive": ("return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))",
              "sigmoid(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "where evaluates both branches": (
        "x = np.asarray(x, dtype=float)\n"
        "return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))",
        "np.where(cond, a, b) computes both a and b"),
    "math.exp": ("return 1 / (1 + math.exp(-x))", "raised TypeError"),
    "clip 10": ("return 1 / (1 + np.exp(-np.clip(np.asarray(x, dtype=float), -10, 10)))",
                "sigmoid(-1000.0) returned 0.0000454; expected 0."),
    "clip 500 overflows in float32": ("return 1 / (1 + np.exp(-np.clip(x, -500, 500)))",
                                      "On a hidden test (a float32 array with |x| up to 1e4), "
                                      "your function emitted a warning (RuntimeWarning: overflow"),
    "sign flipped": ("return 1 / (1 + np.exp(np.asarray(x, dtype=float)))",
                     "sigmoid(2.0) returned 0.11920292; expected 0.88079708."),
    "exp over one plus exp": ("x = np.asarray(x, dtype=float)\nreturn np.exp(x) / (1 + np.exp(x))",
                              "sigmoid(1000.0) emitted a warning"),
    "no asarray": ("e = np.exp(-np.abs(x))\nreturn np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
                   "On a hidden test (a Python list of floats)"),
    "clips the input in place": ("x = np.asarray(x)\nx[x < -500] = -500\nx[x > 500] = 500\n"
                                 "return 1 / (1 + np.exp(-x))",
                                 "changed its input in place"),
    "returns None": ("1 / (1 + np.exp(-np.abs(x)))", "returned None (did you forget `return`?)"),
    "logaddexp with the sign flipped": ("x = np.asarray(x, dtype=float)\n"
                                        "return np.exp(-np.logaddexp(0, x))",
                                        "sigmoid(2.0) returned 0.11920292; expected 0.88079708."),
    "rounded": ("return np.round(0.5 * (1 + np.tanh(np.asarray(x, dtype=float) / 2)), 4)",
                "returned 0.0474 at index (0,); expected 0.04742587"),
}


@pytest.mark.parametrize("body, fragment", SIGMOID_WRONG.values(), ids=list(SIGMOID_WRONG))
def test_wrong_sigmoid_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.sigmoid, define(one_line(body, "sigmoid"), "sigmoid"))


# ---------------------------------------------------------------------------------------- tanh

TANH_RIGHT = {
    "from a broken notebook sigmoid": "return 2 * sigmoid(2 * np.asarray(x, dtype=float)) - 1",
    "sign times ratio": """x = np.asarray(x, dtype=float)
e = np.exp(-2 * np.abs(x))
return np.sign(x) * (1 - e) / (1 + e)""",
    "np.tanh": "return np.tanh(x)",
    "where on sign": """x = np.asarray(x, dtype=float)
e = np.exp(-2 * np.abs(x))
t = (1 - e) / (1 + e)
return np.where(x < 0, -t, t)""",
    "expm1": """x = np.asarray(x, dtype=float)
m = np.expm1(-2 * np.abs(x))
return -np.sign(x) * m / (2 + m)""",
    "clipped in float64": ("x = np.clip(np.asarray(x, dtype=float), -300, 300)\n"
                           "return 2 / (1 + np.exp(-2 * x)) - 1"),
    "keeps float32": """x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
e = np.exp(-2 * np.abs(x))
return np.sign(x) * (1 - e) / (1 + e)""",
}


@pytest.mark.parametrize("body", TANH_RIGHT.values(), ids=list(TANH_RIGHT))
def test_correct_tanh_variants_pass(body):
    passes(check.tanh, define(one_line(body, "tanh"), "tanh"))


TANH_WRONG = {
    "naive exp": ("x = np.asarray(x, dtype=float)\n"
                  "return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))",
                  "tanh(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "forgot the 2x": ("return 2 * sigmoid(np.asarray(x, dtype=float)) - 1",
                      "tanh(1.0) returned 0.46211716; expected 0.76159416."),
    "one-sided exp": ("x = np.asarray(x, dtype=float)\n"
                      "return (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x))",
                      "overflow"),
    "sinh over cosh": ("return np.sinh(x) / np.cosh(x)", "tanh(-1000.0) emitted a warning"),
    "math.tanh": ("return math.tanh(x)", "raised TypeError"),
    "sigmoid is not tanh": ("return sigmoid(x)", "tanh(0.0) returned 0.5; expected 0."),
}


@pytest.mark.parametrize("body, fragment", TANH_WRONG.values(), ids=list(TANH_WRONG))
def test_wrong_tanh_variants_fail_with_a_message(body, fragment):
    message = failure(check.tanh, define(one_line(body, "tanh"), "tanh"))
    assert fragment in message


# ---------------------------------------------------------------------------------------- relu

RELU_RIGHT = {
    "maximum": "return np.maximum(0, x)",
    "maximum float": "return np.maximum(x, 0.0)",
    "mask multiply": "x = np.asarray(x)\nreturn x * (x > 0)",
    "clip": "return np.clip(x, 0, None)",
    "where": "x = np.asarray(x)\nreturn np.where(x > 0, x, 0)",
    "abs average": "x = np.asarray(x, dtype=float)\nreturn (x + np.abs(x)) / 2",
    "fmax": "return np.fmax(x, 0)",
    "copy then in place": "x = np.array(x, dtype=float)\nx[x < 0] = 0\nreturn x",
    "method clip": "return np.asarray(x).clip(min=0)",
    "where below zero": "return np.where(np.asarray(x) < 0, 0.0, x)",
    "maximum into a copy": ("y = np.asarray(x, dtype=float).copy()\nnp.maximum(y, 0, out=y)\n"
                            "return y"),
}


@pytest.mark.parametrize("body", RELU_RIGHT.values(), ids=list(RELU_RIGHT))
def test_correct_relu_variants_pass(body):
    passes(check.relu, define(one_line(body, "relu"), "relu"))


RELU_WRONG = {
    "in place": ("x = np.asarray(x)\nx[x < 0] = 0\nreturn x", "changed its input in place"),
    "np.max": ("return np.max(0, x)", "relu(3.0) raised"),
    "python max": ("return max(0, x)", "truth value of an array"),
    "abs": ("return np.abs(x)", "relu(-2.0) returned 2; expected 0."),
    "leaky by accident": ("x = np.asarray(x)\nreturn np.maximum(0.01 * x, x)",
                          "relu(-2.0) returned -0.02; expected 0."),
    "no asarray": ("return np.where(x > 0, x, 0)", "On a hidden test (a Python list of floats)"),
    "maximum into the input": ("np.maximum(x, 0, out=x)\nreturn x", "relu(3.0) raised"),
}


@pytest.mark.parametrize("body, fragment", RELU_WRONG.values(), ids=list(RELU_WRONG))
def test_wrong_relu_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.relu, define(one_line(body, "relu"), "relu"))


def test_relu_max_gets_the_elementwise_hint():
    message = failure(check.relu, define(one_line("return max(0, x)", "relu"), "relu"))
    assert "np.maximum(0, x) takes the larger of 0 and each element" in message


# ---------------------------------------------------------------------------------- leaky_relu

LEAKY_RIGHT = {
    "where": "x = np.asarray(x)\nreturn np.where(x > 0, x, alpha * x)",
    "maximum": "x = np.asarray(x)\nreturn np.maximum(alpha * x, x)",
    "split parts": "return np.maximum(x, 0) + alpha * np.minimum(x, 0)",
    "slope factor": "x = np.asarray(x)\nreturn x * np.where(x > 0, 1, alpha)",
    "where at zero too": "x = np.asarray(x, dtype=float)\nreturn np.where(x >= 0, x, alpha * x)",
    "copy then scale": "y = np.array(x, dtype=float)\ny[y < 0] *= alpha\nreturn y",
}


@pytest.mark.parametrize("body", LEAKY_RIGHT.values(), ids=list(LEAKY_RIGHT))
def test_correct_leaky_relu_variants_pass(body):
    fn = define(one_line(body, "leaky_relu", "x, alpha=0.01"), "leaky_relu")
    passes(check.leaky_relu, fn)


LEAKY_WRONG = {
    "alpha ignored": ("x = np.asarray(x)\nreturn np.where(x > 0, x, 0.01 * x)",
                      "Hint: Use the alpha argument you are given"),
    "constant alpha": ("x = np.asarray(x)\nreturn np.where(x > 0, x, alpha)",
                       "leaky_relu(-2.0) returned 0.01; expected -0.02."),
    "plain relu": ("return np.maximum(0, x)", "leaky_relu(-2.0) returned 0; expected -0.02."),
    "sign flipped": ("x = np.asarray(x)\nreturn np.where(x > 0, x, -alpha * x)",
                     "leaky_relu(-2.0) returned 0.02; expected -0.02."),
    "in place": ("x = np.asarray(x)\nx[x < 0] *= alpha\nreturn x", "changed its input in place"),
    "alpha times everything": ("return alpha * np.asarray(x)",
                               "leaky_relu(3.0) returned 0.03; expected 3."),
}


@pytest.mark.parametrize("body, fragment", LEAKY_WRONG.values(), ids=list(LEAKY_WRONG))
def test_wrong_leaky_relu_variants_fail_with_a_message(body, fragment):
    fn = define(one_line(body, "leaky_relu", "x, alpha=0.01"), "leaky_relu")
    assert fragment in failure(check.leaky_relu, fn)


def test_leaky_relu_hidden_tests_use_alpha_by_keyword_and_position():
    def keyword_only_alpha(x, *, alpha=0.01):
        return F.leaky_relu(x, alpha)

    check.leaky_relu(keyword_only_alpha)
    with pytest.raises(CheckFailure, match=r"alpha=0.05 given by position"):
        check.leaky_relu(keyword_only_alpha, hidden=True)


# ------------------------------------------------------------------------------------- softmax

SOFTMAX_RIGHT = {
    "max shift keepdims": """x = np.asarray(x, dtype=float)
e = np.exp(x - x.max(axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "log-sum-exp": """x = np.asarray(x, dtype=float)
s = x - np.max(x, axis=-1, keepdims=True)
return np.exp(s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True)))""",
    "apply_along_axis": """def one(r):
    e = np.exp(r - r.max())
    return e / e.sum()
return np.apply_along_axis(one, -1, np.asarray(x, dtype=float))""",
    "axis=ndim-1": """x = np.asarray(x, dtype=float)
s = x - np.amax(x, axis=x.ndim - 1, keepdims=True)
return np.exp(s) / np.exp(s).sum(axis=x.ndim - 1, keepdims=True)""",
    "book's transpose, any rank": """x = np.asarray(x, dtype=float).T
x = x - x.max(axis=0)
y = np.exp(x) / np.exp(x).sum(axis=0)
return y.T""",
    "None indexing": """x = np.asarray(x, dtype=float)
e = np.exp(x - np.max(x, axis=-1)[..., None])
return e / e.sum(-1)[..., None]""",
    "keeps float32": """x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
e = np.exp(x - x.max(axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "no asarray (list minus array is an array)": """\
e = np.exp(x - np.max(x, axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "shift copy": """x = np.array(x, dtype=float)
x -= x.max(axis=-1, keepdims=True)
np.exp(x, out=x)
x /= x.sum(axis=-1, keepdims=True)
return x""",
}


@pytest.mark.parametrize("body", SOFTMAX_RIGHT.values(), ids=list(SOFTMAX_RIGHT))
def test_correct_softmax_variants_pass(body):
    passes(check.softmax, define(one_line(body, "softmax"), "softmax"))


SOFTMAX_WRONG = {
    "no shift": ("x = np.asarray(x, dtype=float)\n"
                 "return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)",
                 "softmax(np.array([1000.0, 1001.0, 1002.0])) emitted a warning (RuntimeWarning: "
                 "overflow"),
    "whole batch": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x))\n"
                    "return e / np.sum(e)",
                    "Your output adds up to 1 over the whole batch"),
    "axis 0": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
               "return e / np.sum(e, axis=0, keepdims=True)",
               "Your output sums to 1 along axis 0, but the classes are the last axis"),
    "axis 1 without keepdims": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - x.max())\n"
                                "return e / e.sum(axis=-1)",
                                "could not be broadcast"),
    "axis 1 breaks one sample": ("x = np.asarray(x, dtype=float)\n"
                                 "e = np.exp(x - x.max(axis=1, keepdims=True))\n"
                                 "return e / e.sum(axis=1, keepdims=True)",
                                 "softmax(np.array([1.0, 2.0, 3.0])) raised AxisError"),
    "one max for the batch": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x))\n"
                              "return e / e.sum(axis=-1, keepdims=True)",
                              "Hint: Subtract each row's own maximum"),
    "book's 2-D only": ("""x = np.asarray(x, dtype=float)
if x.ndim == 2:
    x = x - x.max(axis=1, keepdims=True)
    return np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
x = x - np.max(x)
return np.exp(x) / np.sum(np.exp(x))""",
                        "On a hidden test (a float64 array of shape (4, 5, 6))"),
    "shift in place": ("x = np.asarray(x, dtype=float)\nx -= x.max(axis=-1, keepdims=True)\n"
                       "return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)",
                       "changed its input in place"),
    "divides by the max": ("x = np.asarray(x, dtype=float)\n"
                           "e = np.exp(x - x.max(-1, keepdims=True))\n"
                           "return e / e.max(axis=-1, keepdims=True)",
                           "softmax(np.array([1.0, 2.0, 3.0])) returned 0.13533528"),
    "no exp": ("x = np.asarray(x, dtype=float)\nreturn x / x.sum(axis=-1, keepdims=True)",
               "softmax(np.array([1.0, 2.0, 3.0])) returned 0.16666667"),
    "column maxima": ("x = np.asarray(x, dtype=float)\n"
                      "e = np.exp(x - x.max(axis=0, keepdims=True))\n"
                      "return e / e.sum(axis=-1, keepdims=True)",
                      "softmax(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 5.0]])) returned"),
    "loops over rows": ("def row(r):\n    e = np.exp(r - r.max())\n    return e / e.sum()\n"
                        "return np.array([row(r) for r in np.asarray(x, dtype=float)])",
                        "softmax(np.array([1.0, 2.0, 3.0])) returned 1 at index (0,)"),
}


@pytest.mark.parametrize("body, fragment", SOFTMAX_WRONG.values(), ids=list(SOFTMAX_WRONG))
def test_wrong_softmax_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.softmax, define(one_line(body, "softmax"), "softmax"))


# -------------------------------------------------------------------------------- sigmoid_grad

SIGMOID_GRAD_RIGHT = {
    "s(1 - s) from a broken notebook sigmoid": "s = sigmoid(x)\nreturn s * (1 - s)",
    "s(x) s(-x)": "return sigmoid(x) * sigmoid(-np.asarray(x, dtype=float))",
    "e over (1 + e)^2": "e = np.exp(-np.abs(np.asarray(x, dtype=float)))\nreturn e / (1 + e) ** 2",
    "s minus s squared": "s = sigmoid(x)\nreturn s - s ** 2",
    "through tanh": "return 0.25 * (1 - np.tanh(np.asarray(x, dtype=float) / 2) ** 2)",
    "logaddexp": ("x = np.asarray(x, dtype=float)\n"
                  "return np.exp(-np.logaddexp(0, -x) - np.logaddexp(0, x))"),
}


@pytest.mark.parametrize("body", SIGMOID_GRAD_RIGHT.values(), ids=list(SIGMOID_GRAD_RIGHT))
def test_correct_sigmoid_grad_variants_pass(body):
    passes(check.sigmoid_grad, define(one_line(body, "sigmoid_grad"), "sigmoid_grad"))


SIGMOID_GRAD_WRONG = {
    "formula on x": ("x = np.asarray(x, dtype=float)\nreturn x * (1 - x)",
                     "That is x * (1 - x): the formula y * (1 - y) needs y = sigmoid(x) first."),
    "sigmoid itself": ("return sigmoid(x)", "That is sigmoid(x) itself"),
    "mixed": ("return sigmoid(x) * (1 - np.asarray(x, dtype=float))",
              "That is sigmoid(x) * (1 - x)"),
    "naive exp": ("x = np.asarray(x, dtype=float)\nreturn np.exp(-x) / (1 + np.exp(-x)) ** 2",
                  "sigmoid_grad(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "cosh": ("return 0.25 / np.cosh(np.asarray(x, dtype=float) / 2) ** 2",
             "emitted a warning (RuntimeWarning: overflow"),
    "tanh's derivative": ("return 1 - sigmoid(x) ** 2",
                          "sigmoid_grad(2.0) returned 0.22419651; expected 0.10499359."),
}


@pytest.mark.parametrize("body, fragment", SIGMOID_GRAD_WRONG.values(),
                         ids=list(SIGMOID_GRAD_WRONG))
def test_wrong_sigmoid_grad_variants_fail_with_a_message(body, fragment):
    fn = define(one_line(body, "sigmoid_grad"), "sigmoid_grad")
    assert fragment in failure(check.sigmoid_grad, fn)


# ----------------------------------------------------------------------------------- relu_grad

RELU_GRAD_RIGHT = {
    "astype": "return (np.asarray(x) > 0).astype(float)",
    "where": "return np.where(np.asarray(x) > 0, 1.0, 0.0)",
    "from a broken notebook step": "return step(x)",
    "1 at zero is accepted": "return (np.asarray(x) >= 0).astype(float)",
    "one half at zero is accepted": "return np.heaviside(x, 0.5)",
    "heaviside 1": "return np.heaviside(x, 1.0)",
    "times one": "return (np.asarray(x, dtype=float) > 0) * 1",
    "sign of a broken notebook relu": "return np.sign(relu(x))",
    "clipped sign": "return np.clip(np.sign(x), 0, 1)",
}


@pytest.mark.parametrize("body", RELU_GRAD_RIGHT.values(), ids=list(RELU_GRAD_RIGHT))
def test_correct_relu_grad_variants_pass(body):
    passes(check.relu_grad, define(one_line(body, "relu_grad"), "relu_grad"))


RELU_GRAD_WRONG = {
    "booleans": ("return np.asarray(x) > 0", "returned True/False values (booleans)"),
    "relu itself": ("return np.maximum(0, x)", "That is relu(x) itself"),
    "sign": ("return np.sign(x)", "For x < 0 ReLU is flat, so its slope there is 0, not -1."),
    "2 at zero": ("x = np.asarray(x, dtype=float)\nreturn np.where(x == 0, 2.0, x > 0)",
                  "relu_grad(0.0) returned 2; expected 0."),
    "x over |x|": ("x = np.asarray(x, dtype=float)\nreturn (x / np.abs(x) + 1) / 2",
                   "relu_grad(0.0) emitted a warning (RuntimeWarning: invalid value"),
    "scalar if": ("return 1.0 if x > 0 else 0.0", "truth value of an array"),
}


@pytest.mark.parametrize("body, fragment", RELU_GRAD_WRONG.values(), ids=list(RELU_GRAD_WRONG))
def test_wrong_relu_grad_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.relu_grad, define(one_line(body, "relu_grad"), "relu_grad"))


def test_relu_grad_zero_hint_states_the_convention():
    fn = define(one_line("x = np.asarray(x, dtype=float)\nreturn np.where(x == 0, 2.0, x > 0)",
                         "relu_grad"), "relu_grad")
    message = failure(check.relu_grad, fn)
    assert "the course returns 0, and any value from 0 to 1 is accepted" in message


# ----------------------------------------------------------------- every check, shared behaviour

CHECKS = {name: getattr(check, name) for name in
          ["step", "sigmoid", "tanh", "relu", "leaky_relu", "softmax", "sigmoid_grad", "relu_grad"]}


@pytest.mark.parametrize("name", CHECKS)
def test_the_reference_passes_and_hidden_inputs_stay_hidden(name, capsys):
    passes(CHECKS[name], getattr(F, name))
    count = len(CHECKS[name].cases())
    assert f"{name}: all {count} visible tests passed." in capsys.readouterr().out
    assert all(case.hidden for case in CHECKS[name].cases(hidden=True))
    assert not any(case.hidden for case in CHECKS[name].cases())


@pytest.mark.parametrize("name", CHECKS)
def test_hidden_tests_catch_a_function_that_only_fits_the_visible_cases(name):
    visible = [(case.args, case.kwargs, CHECKS[name].expected(case))
               for case in CHECKS[name].cases()]

    def memorised(*args, **kwargs):
        for case_args, case_kwargs, answer in visible:
            if _same_inputs(case_args, args) and case_kwargs == kwargs:
                return answer
        return np.zeros_like(np.asarray(args[0], dtype=float)) + 0.123

    CHECKS[name](memorised)
    with pytest.raises(CheckFailure, match=r"On a hidden test"):
        CHECKS[name](memorised, hidden=True)


def _same_inputs(a, b):
    return len(a) == len(b) and all(
        np.shape(u) == np.shape(v) and np.asarray(u).dtype == np.asarray(v).dtype
        and np.array_equal(u, v) for u, v in zip(a, b))


GARBAGE = {
    "None": lambda *a, **k: None,
    "a string": lambda *a, **k: "0.5",
    "a dict": lambda *a, **k: {"y": 1},
    "an object": lambda *a, **k: object(),
    "a ragged list": lambda *a, **k: [[1.0], [1.0, 2.0]],
    "strings array": lambda *a, **k: np.array(["a", "b"]),
    "raises ValueError": lambda *a, **k: (_ for _ in ()).throw(ValueError("bad")),
    "returns a function": lambda *a, **k: np.exp,
    "nan everywhere": lambda x, *a, **k: np.full(np.shape(x), np.nan),
    "infinite": lambda x, *a, **k: np.full(np.shape(x), np.inf),
}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=list(GARBAGE))
def test_garbage_gets_a_check_failure_not_a_traceback(name, garbage):
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        CHECKS[name](garbage)
    with pytest.raises(CheckFailure, match=rf"^{name}: On a hidden test"):
        CHECKS[name](garbage, hidden=True)


@pytest.mark.parametrize("name", CHECKS)
def test_garbage_on_hidden_tests_gets_a_check_failure(name):
    def right_on_visible_then_garbage(x, *args, **kwargs):
        if isinstance(x, (list, int)) or (isinstance(x, np.ndarray) and x.dtype.kind == "i"):
            return "garbage"
        return getattr(F, name)(x, *args, **kwargs)

    with pytest.raises(CheckFailure, match=r"On a hidden test"):
        CHECKS[name](right_on_visible_then_garbage, hidden=True)


def test_passing_a_call_result_instead_of_the_function():
    with pytest.raises(CheckFailure, match="Pass the function itself"):
        check.sigmoid(F.sigmoid(0.0))


# ------------------------------------------------------------ tests/wrong_answers/day03_activations


@pytest.mark.parametrize("grade_id", list(CHECKS))
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(grade_id):
    source = wrong_answers("day03_activations")[grade_id]
    failure(CHECKS[grade_id], define(source, grade_id))
