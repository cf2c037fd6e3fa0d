"""coursekit.checks.losses: many right answers pass, plausible wrong ones fail with a message that
says what to fix, and garbage gets a message, never a traceback from coursekit.

Student answers are source text run in a fresh namespace, the way a notebook defines them. The
namespace holds broken `softmax`, `cross_entropy_error` and `log_softmax` functions, as a notebook
with wrong earlier answers would: answers that call them must still be judged on their own.
"""
import textwrap
import warnings
from functools import partial

import numpy as np
import pytest

from coursekit_key.answers import losses as L
from coursekit.checks import losses as check
from coursekit.checks.core import CheckFailure, judge, run_case
from coursekit_key.answers.losses import mean_squared_error

from leaks import day_tests
import student
from student import failure, passes, wrong_answers


def broken(*args):
    """A wrong earlier answer left in the notebook."""
    return np.float64(0.3)


define = partial(student.define, softmax=broken, cross_entropy_error=broken, log_softmax=broken)


def function(body, name, params="y, t"):
    return f"def {name}({params}):\n    " + textwrap.dedent(body).strip().replace("\n", "\n    ")


CHECKS = [check.mean_squared_error, check.cross_entropy_error, check.binary_cross_entropy,
          check.softmax_cross_entropy]


# ---------------------------------------------------------------------------- the cases themselves

def test_book_numbers():
    assert mean_squared_error(check.BOOK_Y, check.BOOK_T) == pytest.approx(0.0195)
    assert 0.5 * np.sum((check.BOOK_Y - check.BOOK_T) ** 2) == pytest.approx(0.0975)
    assert L.cross_entropy_error(check.BOOK_Y, check.BOOK_T) == pytest.approx(0.510825, abs=1e-6)
    assert L.cross_entropy_error(check.BOOK_Y_WRONG, check.BOOK_T) == pytest.approx(2.302585,
                                                                                   abs=1e-6)
    assert -np.log(check.EPS) == pytest.approx(16.118096, abs=1e-6)


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
def test_every_case_has_a_finite_reference_and_passes_the_reference(chk):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for case in chk.cases() + chk.cases(hidden=True):
            expected = chk.expected(case)
            assert np.shape(expected) == () and np.isfinite(expected), case.label
            assert judge(case, run_case(chk.solution(), case), expected) is None, case.label


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
def test_cases_are_deterministic(chk):
    first, second = chk.cases(hidden=True), chk.cases(hidden=True)
    for a, b in zip(first, second):
        assert a.label == b.label
        assert all(np.array_equal(np.asarray(x), np.asarray(y)) for x, y in zip(a.args, b.args))


def test_visible_hints_state_the_right_numbers():
    for chk in CHECKS:
        for case in chk.cases():
            for number in ("0.0195", "0.5108", "2.3026", "0.5249", "8.406", "0.2798", "0.6547",
                           "8.059", "0.417", "0.7531", "500.35"):
                if number in case.hint:
                    value = float(number)
                    got = float(chk.expected(case))
                    assert abs(got - value) < 10 ** -(len(number.split(".")[1])) , (case.label, got)


def test_hidden_labels_do_not_show_inputs():
    for chk in CHECKS:
        for case in chk.cases(hidden=True):
            assert case.hidden and "np.array" not in case.label


# ------------------------------------------------------------------------------ mean_squared_error

MSE_RIGHT = {
    "np.mean": "return np.mean((y - t) ** 2)",
    "asarray first": "y, t = np.asarray(y), np.asarray(t)\nreturn np.mean((y - t) ** 2)",
    "np.square": "return np.square(np.subtract(y, t)).mean()",
    "sum over size": "d = np.asarray(y, dtype=float) - t\nreturn np.sum(d * d) / d.size",
    "dot of ravel": "d = (np.asarray(y) - np.asarray(t)).ravel()\nreturn d @ d / len(d)",
    "average": "return np.average((np.asarray(y) - t) ** 2)",
    "mean of row means": "return np.mean(np.mean((np.asarray(y) - t) ** 2, axis=-1))",
    "float64 result": "return float(np.mean((np.asarray(y, dtype=np.float64) - t) ** 2))",
    "power": "return np.mean(np.power(np.asarray(y) - np.asarray(t), 2))",
    "loop": """total = 0.0
y, t = np.ravel(y), np.ravel(t)
for a, b in zip(y, t):
    total += (a - b) ** 2
return total / len(y)""",
}


@pytest.mark.parametrize("body", MSE_RIGHT.values(), ids=list(MSE_RIGHT))
def test_correct_mse_variants_pass(body):
    passes(check.mean_squared_error, define(function(body, "mse"), "mse"))


MSE_WRONG = {
    "book 0.5 sum": ("return 0.5 * np.sum((y - t) ** 2)",
                     "That is 0.5 * sum((y - t)**2), the book's form; this notebook asks for"),
    "book as sum / 2": ("return np.sum((y - t) ** 2) / 2", "the book's form"),
    "half the mean": ("return 0.5 * np.mean((y - t) ** 2)", "That is half the mean"),
    "sum": ("return np.sum((y - t) ** 2)", "That is the sum of the squares"),
    "root": ("return np.sqrt(np.mean((y - t) ** 2))", "root of the mean squared error"),
    "absolute": ("return np.mean(np.abs(y - t))", "mean absolute error"),
    "no reduction": ("return (y - t) ** 2", "returned one value per element"),
    "per sample": ("return np.mean((y - t) ** 2, axis=-1)", "a loss is one number"),
    "none": ("np.mean((y - t) ** 2)", "did you forget `return`?"),
    "not written": ("raise NotImplementedError()", "is not written yet"),
    "a string": ("return 'small'", "returned a str"),
}


@pytest.mark.parametrize("body, fragment", MSE_WRONG.values(), ids=list(MSE_WRONG))
def test_wrong_mse_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.mean_squared_error, define(function(body, "mse"), "mse"))


# ------------------------------------------------------------------------------ cross_entropy_error

CE_PRELUDE = """y, t = np.asarray(y), np.asarray(t)
if y.ndim == 1:
    y = y.reshape(1, -1)
    t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
n = y.shape[0]
"""

CE_RIGHT = {
    "book with asarray and clip": CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.sum(np.log(np.maximum(y[np.arange(n), t], 1e-7))) / n""",
    "book delta": CE_PRELUDE + """if t.size == y.size:
    t = t.argmax(axis=1)
return -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n""",
    "one-hot made from labels": CE_PRELUDE + """if t.shape != y.shape:
    t = np.eye(y.shape[1])[t]
return -np.sum(t * np.log(y + 1e-7)) / n""",
    "clip both sides": CE_PRELUDE + """if t.shape != y.shape:
    t = np.eye(y.shape[1])[t]
y = np.clip(y, 1e-7, 1 - 1e-7)
return -np.sum(t * np.log(y)) / n""",
    "take_along_axis": CE_PRELUDE + """if t.shape == y.shape:
    t = np.argmax(t, axis=-1)
p = np.take_along_axis(y, t[:, None], axis=1)
return -np.mean(np.log(np.clip(p, 1e-7, None)))""",
    "where-mask": CE_PRELUDE + """if t.shape != y.shape:
    t = (t[:, None] == np.arange(y.shape[1])).astype(float)
logs = np.log(np.where(y > 1e-7, y, 1e-7))
return -(t * logs).sum() / n""",
    "ndim branches": """y = np.asarray(y)
t = np.asarray(t)
if t.ndim == y.ndim:
    t = np.argmax(t, axis=-1)
if y.ndim == 1:
    return -np.log(max(y[t], 1e-7))
return -np.mean(np.log(np.maximum(y[np.arange(len(y)), t], 1e-7)))""",
    "float32 floor": CE_PRELUDE + """eps = max(1e-7, np.finfo(y.dtype).eps)
if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.log(np.maximum(y[np.arange(n), t], eps)).mean()""",
    "loop over samples": CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
total = 0.0
for i in range(n):
    total -= np.log(max(float(y[i, t[i]]), 1e-7))
return total / n""",
    "keeps float32": CE_PRELUDE + """if t.shape != y.shape:
    t = np.eye(y.shape[1], dtype=y.dtype)[t]
return (-np.sum(t * np.log(y + np.float32(1e-7))) / n).astype(y.dtype)""",
}


@pytest.mark.parametrize("body", CE_RIGHT.values(), ids=list(CE_RIGHT))
def test_correct_cross_entropy_variants_pass(body):
    passes(check.cross_entropy_error, define(function(body, "ce"), "ce"))


CE_WRONG = {
    "no guard": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.mean(np.log(y[np.arange(n), t]))""", "divide by zero encountered in log"),
    "one-hot without guard": ("return -np.sum(t * np.log(y)) / np.atleast_2d(y).shape[0]",
                              "emitted a warning"),
    "sum over batch": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.sum(np.log(y[np.arange(n), t] + 1e-7))""", "sum over the whole batch"),
    "mean over all entries": (CE_PRELUDE + """if t.shape != y.shape:
    t = np.eye(y.shape[1])[t]
return -np.mean(t * np.log(y + 1e-7))""", "that divides by C, the number of classes"),
    "len(y) for one sample": ("t = np.asarray(t)\nif t.shape != np.shape(y):\n"
                              "    t = np.eye(np.shape(y)[-1])[t]\n"
                              "return -np.sum(t * np.log(y + 1e-7)) / len(y)",
                              "that divides by C, the number of classes"),
    "integer labels unsupported": (
        "return -np.sum(t * np.log(y + 1e-7)) / np.atleast_2d(y).shape[0]", "HINT_LABELS"),
    "10e-7": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.mean(np.log(y[np.arange(n), t] + 10e-7))""", "10e-7: it means 10 * 10**-7 = 1e-6"),
    "1e-12": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.mean(np.log(np.clip(y[np.arange(n), t], 1e-12, 1)))""", "epsilon is 1e-12"),
    "no minus": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return np.mean(np.log(y[np.arange(n), t] + 1e-7))""", "wrong sign"),
    "log10": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.mean(np.log10(y[np.arange(n), t] + 1e-7))""", "uses log10"),
    "book on a python int label": ("""if y.ndim == 1:
    t = t.reshape(1, t.size)
    y = y.reshape(1, y.size)
if t.size == y.size:
    t = t.argmax(axis=1)
batch_size = y.shape[0]
return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size""",
                                   "'int' object has no attribute 'reshape'"),
    "per-sample losses": (CE_PRELUDE + """if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.log(y[np.arange(n), t] + 1e-7)""", "a loss is one number"),
    "in place clip": (CE_PRELUDE + """np.clip(y, 1e-7, 1, out=y)
if t.shape == y.shape:
    t = t.argmax(axis=1)
return -np.mean(np.log(y[np.arange(n), t]))""", "changed its input in place (y)"),
}


@pytest.mark.parametrize("body, fragment", CE_WRONG.values(), ids=list(CE_WRONG))
def test_wrong_cross_entropy_variants_fail_with_a_message(body, fragment):
    fragment = check.HINT_LABELS if fragment == "HINT_LABELS" else fragment
    assert fragment in failure(check.cross_entropy_error, define(function(body, "ce"), "ce"))


def test_labels_broadcast_as_one_hot_are_named():
    fn = define(function("""y, t = np.asarray(y), np.asarray(t)
n = 1 if y.ndim == 1 else y.shape[0]
if t.shape == y.shape or y.shape[-1] != n:
    t = np.eye(y.shape[-1])[t] if t.shape != y.shape else t
return -np.sum(t * np.log(y + 1e-7)) / n""", "ce"), "ce")
    assert "as if they were one-hot" in failure(check.cross_entropy_error, fn)


def test_cross_entropy_averaged_over_every_entry_is_named_on_a_batch():
    case = check.cross_entropy_error.cases()[2]
    wrong = lambda y, t: -np.mean(t * np.log(y + 1e-7))  # noqa: E731
    problem = judge(case, run_case(wrong, case), check.cross_entropy_error.expected(case))
    assert "mean over all N * C entries" in problem


def test_mse_averaged_over_samples_only_is_named_on_a_batch():
    case = check.mean_squared_error.cases()[2]
    wrong = lambda y, t: np.sum((y - t) ** 2) / y.shape[0]  # noqa: E731
    problem = judge(case, run_case(wrong, case), check.mean_squared_error.expected(case))
    assert "averages over the samples only" in problem


def test_the_broadcast_slip_explains_itself_on_a_visible_case():
    square = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]])
    case = check.Case("ce(square, labels)", (square, np.array([2, 0, 1])),
                      judge=check._ce_judge, **check.FLOAT64)
    wrong = lambda y, t: -np.sum(t * np.log(y + 1e-7)) / 3  # noqa: E731
    problem = judge(case, run_case(wrong, case), L.cross_entropy_error(*case.args))
    assert "as if they were one-hot" in problem


# ----------------------------------------------------------------------------- binary_cross_entropy

CLIP = "p = np.clip(p, 1e-7, 1 - 1e-7)\n"
TERMS = "t * np.log(p) + (1 - t) * np.log(1 - p)"

BCE_RIGHT = {
    "clip both": CLIP + f"return -np.mean({TERMS})",
    "add delta": "return -np.mean(t * np.log(p + 1e-7) + (1 - t) * np.log(1 - p + 1e-7))",
    "maximum on each": ("p, t = np.asarray(p, dtype=float), np.asarray(t, dtype=float)\n"
                        "return -np.mean(t * np.log(np.maximum(p, 1e-7))"
                        " + (1 - t) * np.log(np.maximum(1 - p, 1e-7)))"),
    "where on labels": ("p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)\n"
                        "return -np.mean(np.log(np.where(np.asarray(t) == 1, p, 1 - p)))"),
    "float64 first": ("p = np.clip(np.asarray(p, dtype=np.float64), 1e-7, 1 - 1e-7)\n"
                      "t = np.asarray(t, dtype=np.float64)\n"
                      "return float(-np.sum(t * np.log(p) + (1 - t) * np.log1p(-p)) / p.size)"),
    "sum over size": CLIP + f"loss = -({TERMS})\nreturn loss.sum() / loss.size",
    "dtype floor": ("p = np.asarray(p)\neps = max(1e-7, np.finfo(p.dtype).eps)\n"
                    f"p = np.clip(p, eps, 1 - eps)\nreturn -np.mean({TERMS})"),
}


@pytest.mark.parametrize("body", BCE_RIGHT.values(), ids=list(BCE_RIGHT))
def test_correct_bce_variants_pass(body):
    passes(check.binary_cross_entropy, define(function(body, "bce", "p, t"), "bce"))


BCE_WRONG = {
    "no clip": (f"return -np.mean({TERMS})", "divide by zero"),
    "clip low only": (f"p = np.maximum(p, 1e-7)\nreturn -np.mean({TERMS})", "divide by zero"),
    "class-1 term only": ("return -np.mean(t * np.log(np.clip(p, 1e-7, 1)))",
                          "(1 - t) * log(1 - p) term is missing"),
    "sum": (CLIP + f"return -np.sum({TERMS})", "sum over all elements"),
    "no minus": (CLIP + f"return np.mean({TERMS})", "wrong sign"),
    "swapped": ("q = np.clip(t, 1e-7, 1 - 1e-7)\n"
                "return -np.mean(p * np.log(q) + (1 - p) * np.log(1 - q))",
                "roles of p and t are swapped"),
    "1e-15": (f"p = np.clip(p, 1e-15, 1 - 1e-15)\nreturn -np.mean({TERMS})", "epsilon is 1e-15"),
    "per element": (CLIP + f"return -({TERMS})", "one value per element"),
}


@pytest.mark.parametrize("body, fragment", BCE_WRONG.values(), ids=list(BCE_WRONG))
def test_wrong_bce_variants_fail_with_a_message(body, fragment):
    fn = define(function(body, "bce", "p, t"), "bce")
    assert fragment in failure(check.binary_cross_entropy, fn)


# ---------------------------------------------------------------------------- softmax_cross_entropy

SCE_PRELUDE = """z, t = np.asarray(z), np.asarray(t)
z = z if z.dtype.kind == "f" else z.astype(float)
if z.ndim == 1:
    z = z.reshape(1, -1)
    t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
n = z.shape[0]
if t.shape == z.shape:
    t = t.argmax(axis=1)
"""

SCE_RIGHT = {
    "log-sum-exp": SCE_PRELUDE + """s = z - z.max(axis=1, keepdims=True)
log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
return -log_p[np.arange(n), t].mean()""",
    "logsumexp minus true score": SCE_PRELUDE + """m = z.max(axis=1)
lse = m + np.log(np.sum(np.exp(z - m[:, None]), axis=1))
return np.mean(lse - z[np.arange(n), t])""",
    "logaddexp.reduce": SCE_PRELUDE + """lse = np.logaddexp.reduce(z, axis=1)
return np.mean(lse - z[np.arange(n), t])""",
    "one-hot dot": """z = np.asarray(z, dtype=np.float64)
t = np.asarray(t)
if t.shape != z.shape:
    t = np.eye(z.shape[-1])[t]
s = z - np.max(z, axis=-1, keepdims=True)
log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
return -np.sum(t * log_p) / (log_p.size // log_p.shape[-1])""",
    "calls a log_softmax": SCE_PRELUDE + "return -np.mean(log_softmax(z)[np.arange(n), t])",
}


@pytest.mark.parametrize("body", SCE_RIGHT.values(), ids=list(SCE_RIGHT))
def test_correct_softmax_cross_entropy_variants_pass(body):
    passes(check.softmax_cross_entropy, define(function(body, "sce", "z, t"), "sce"))


SCE_WRONG = {
    "softmax then clipped log": (SCE_PRELUDE + """e = np.exp(z - z.max(axis=1, keepdims=True))
p = e / e.sum(axis=1, keepdims=True)
return -np.mean(np.log(np.maximum(p[np.arange(n), t], 1e-7)))""", "log(softmax(z)) with a guard"),
    "no max shift": (SCE_PRELUDE + """log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
return -log_p[np.arange(n), t].mean()""", "overflow"),
    "one global max": (SCE_PRELUDE + """s = z - z.max()
log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
return -log_p[np.arange(n), t].mean()""", "divide by zero"),
    "sum over batch": (SCE_PRELUDE + """s = z - z.max(axis=1, keepdims=True)
log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
return -log_p[np.arange(n), t].sum()""", "sum over the whole batch"),
    "calls the clipped cross-entropy": (
        SCE_PRELUDE + """e = np.exp(z - z.max(axis=1, keepdims=True))
return cross_entropy_error(e / e.sum(axis=1, keepdims=True), t)""", "log(softmax(z)) with a guard"),
}


@pytest.mark.parametrize("body, fragment", SCE_WRONG.values(), ids=list(SCE_WRONG))
def test_wrong_softmax_cross_entropy_variants_fail_with_a_message(body, fragment):
    fn = define(function(body, "sce", "z, t"), "sce")
    assert fragment in failure(check.softmax_cross_entropy, fn)


# ------------------------------------------------------------------------------------------ garbage

@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
@pytest.mark.parametrize("garbage, fragment", [
    (lambda *a: None, "did you forget `return`?"),
    (lambda *a: "loss", "returned a str"),
    (lambda *a: {"loss": 1.0}, "returned a dict"),
    (lambda *a: 1 / 0, "raised ZeroDivisionError"),
    (lambda *a: [0.1, 0.2], "a loss is one number"),
    (lambda *a: np.array([1 + 1j]), "returned a ndarray"),
])
def test_garbage_gets_a_message(chk, garbage, fragment):
    assert fragment in failure(chk, garbage)


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
def test_a_value_that_is_not_a_function_is_refused(chk):
    with pytest.raises(CheckFailure, match="expected a function"):
        chk(0.5)


# ------------------------------------------------------------------------------------ wrong answers

@pytest.mark.parametrize("grade_id", sorted(wrong_answers("day05_losses")))
def test_each_typical_wrong_answer_fails_its_own_check(grade_id):
    fn = define(wrong_answers("day05_losses")[grade_id], grade_id)
    failure(getattr(check, grade_id), fn)


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {c.name: (c, c.name) for c in CHECKS}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day05_losses", ANSWER_CHECKS, define)
