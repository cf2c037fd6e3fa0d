"""coursekit.checks.gradient: many right answers pass, plausible wrong ones fail with a message that
says what to fix, garbage gets a message, and the grader can judge the evidence of checks whose
functions take a function.

Student answers are source text run in a fresh namespace, the way a notebook defines them. The
namespace holds broken `numerical_diff` and `numerical_gradient` functions, as a notebook with
wrong earlier answers would: answers that call them must still be judged on their own.
"""
from functools import partial

import numpy as np
import pytest
from nbformat.notebooknode import from_dict
from nbgrader.utils import determine_grade

from coursekit_key.answers import gradient as G
from coursekit.checks import evidence
from coursekit.checks import gradient as check
from coursekit.checks.core import CheckFailure
from coursekit.grading.layout import CheckCall, GradedCell
from coursekit.grading.verify import apply_verdict, verify_cell

from leaks import day_tests
import student
from student import answer_table, failure, passes, wrong_answers


def broken(*args, **kwargs):
    """A wrong earlier answer left in the notebook."""
    return np.zeros(2)


define = partial(student.define, numerical_diff=broken, numerical_gradient=broken)


CHECKS = [check.numerical_diff, check.numerical_gradient, check.gradient_descent]


# ---------------------------------------------------------------------------- the cases themselves

def test_the_book_numbers():
    f = check.TEST_FUNCTIONS["book_quadratic"][0]
    assert G.numerical_diff(f, 5.0) == pytest.approx(0.2, abs=1e-10)
    assert G.numerical_diff(f, 10.0) == pytest.approx(0.3, abs=1e-10)
    bowl = check.TEST_FUNCTIONS["bowl"][0]
    np.testing.assert_allclose(G.numerical_gradient(bowl, np.array([3.0, 4.0])), [6, 8])
    x = G.gradient_descent(bowl, np.array([-3.0, 4.0]), lr=0.1, step_num=100)
    assert np.all(np.abs(x) < 1e-9) and np.all(x != 0)


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
def test_the_reference_passes_and_every_expected_value_is_finite(chk):
    passes(chk, getattr(G, chk.name))
    for case in chk.cases() + chk.cases(hidden=True):
        assert np.all(np.isfinite(chk.expected(case))), case.label


def test_the_exact_derivatives_agree_with_the_references():
    """The hints quote closed forms; the central differences must agree with them."""
    exact = {("book_quadratic", 5.0): 0.2, ("book_quadratic", 10.0): 0.3, ("cube", 2.0): 12.0,
             ("sin", 1.0): np.cos(1.0)}
    for case in check.numerical_diff.cases():
        assert check.numerical_diff.expected(case) == pytest.approx(exact[case.args], rel=1e-7)
    coupled = check.numerical_gradient.cases()[2]
    np.testing.assert_allclose(check.numerical_gradient.expected(coupled),
                               [-2.5, 1.0, np.cos(0.5) + 3.0], rtol=1e-7)
    first = check.gradient_descent.cases()[0]
    np.testing.assert_allclose(check.gradient_descent.expected(first),
                               0.8 ** 20 * np.array([-3.0, 4.0]), rtol=1e-9)


@pytest.mark.parametrize("h", [1e-5, 5e-5, 1e-4, 2e-4])
def test_central_differences_with_a_reasonable_h_pass(h):
    diff = define(f"""def numerical_diff(f, x):
    h = {h}
    return (f(x + h) - f(x - h)) / (2 * h)""", "numerical_diff")
    passes(check.numerical_diff, diff)


def test_hidden_labels_do_not_show_inputs():
    for chk in CHECKS:
        for case in chk.cases(hidden=True):
            assert case.hidden and "np.array" not in case.label


# ---------------------------------------------------------------------------------- numerical_diff

DIFF_RIGHT = {
    "book": "h = 1e-4\nreturn (f(x + h) - f(x - h)) / (2 * h)",
    "divide by 2h literal": "return (f(x + 1e-4) - f(x - 1e-4)) / 2e-4",
    "times reciprocal": "h = 1e-4\nreturn (f(x + h) - f(x - h)) * (0.5 / h)",
    "float first": "x = float(x)\nh = 1e-4\nreturn (f(x + h) - f(x - h)) / (2 * h)",
    "average of one-sided": ("h = 1e-4\nforward = (f(x + h) - f(x)) / h\n"
                             "backward = (f(x) - f(x - h)) / h\nreturn (forward + backward) / 2"),
    "actual step": ("h = 1e-4\nx_plus, x_minus = x + h, x - h\n"
                    "return (f(x_plus) - f(x_minus)) / (x_plus - x_minus)"),
}


@pytest.mark.parametrize("body", DIFF_RIGHT.values(), ids=list(DIFF_RIGHT))
def test_correct_numerical_diff_variants_pass(body):
    source = "def numerical_diff(f, x):\n    " + body.replace("\n", "\n    ")
    passes(check.numerical_diff, define(source, "numerical_diff"))


DIFF_WRONG = {
    "forward": ("h = 1e-4\nreturn (f(x + h) - f(x)) / h", "That is the forward difference"),
    "backward": ("h = 1e-4\nreturn (f(x) - f(x - h)) / h", "That is the backward difference"),
    "missing 2": ("h = 1e-4\nreturn (f(x + h) - f(x - h)) / h", "twice the derivative"),
    "tiny h": ("h = 1e-50\nreturn (f(x + h) - f(x - h)) / (2 * h)", "lost in rounding"),
    "h / 2 * ...": ("h = 1e-4\nreturn (f(x + h) - f(x - h)) / 2 * h",
                    "returned 0; expected 0.2. That divides by 2 and then multiplies by h"),
    "10e-4 for 1e-4": ("h = 10e-4\nreturn (f(x + h) - f(x - h)) / (2 * h)",
                       "h = 1e-3, too coarse for a steeply curved f"),
    "forward tiny h": ("h = 1e-6\nreturn (f(x + h) - f(x)) / h", "steeply curved"),
    "h too big": ("h = 1e-2\nreturn (f(x + h) - f(x - h)) / (2 * h)", "f(x) = x³ returned 12.0001"),
    "not written": ("raise NotImplementedError()", "is not written yet"),
    "none": ("(f(x + 1e-4) - f(x - 1e-4)) / 2e-4", "did you forget `return`?"),
}


@pytest.mark.parametrize("body, fragment", DIFF_WRONG.values(), ids=list(DIFF_WRONG))
def test_wrong_numerical_diff_variants_fail_with_a_message(body, fragment):
    source = "def numerical_diff(f, x):\n    " + body.replace("\n", "\n    ")
    assert fragment in failure(check.numerical_diff, define(source, "numerical_diff"))


# ------------------------------------------------------------------------------ numerical_gradient

GRADIENT_RIGHT = {
    "book nditer": """def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x)
        x[idx] = tmp_val - h
        fxh2 = f(x)
        grad[idx] = (fxh1 - fxh2) / (2 * h)
        x[idx] = tmp_val
        it.iternext()
    return grad""",
    "ndindex": """def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros(x.shape)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        up = f(x)
        x[idx] = old - h
        down = f(x)
        x[idx] = old
        grad[idx] = (up - down) / (2 * h)
    return grad""",
    "copies per element": """def numerical_gradient(f, x):
    h = 1e-4
    grad = np.empty_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += h
        minus[idx] -= h
        grad[idx] = (f(plus) - f(minus)) / (2 * h)
    return grad""",
    "flat views": """def numerical_gradient(f, x):
    h = 1e-4
    x_work = x.astype(float)
    flat = x_work.reshape(-1)
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        a = f(x_work)
        flat[i] = keep - h
        b = f(x_work)
        flat[i] = keep
        grad[i] = (a - b) / (2 * h)
    return grad.reshape(x.shape)""",
    "unit vectors": """def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = h
        e = e.reshape(x.shape)
        grad.flat[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad""",
    "try finally": """def numerical_gradient(f, x):
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx].copy()
        try:
            x[idx] = tmp + h
            a = f(x)
            x[idx] = tmp - h
            b = f(x)
        finally:
            x[idx] = tmp
        grad[idx] = (a - b) / (2 * h)
    return grad""",
}


@pytest.mark.parametrize("source", GRADIENT_RIGHT.values(), ids=list(GRADIENT_RIGHT))
def test_correct_numerical_gradient_variants_pass(source):
    passes(check.numerical_gradient, define(source, "numerical_gradient"))


CALLS_DIFF = """def numerical_gradient(f, x):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        def along(v):
            y = x.copy()
            y[idx] = v
            return f(y)
        grad[idx] = numerical_diff(along, x[idx])
    return grad"""


def test_a_numerical_gradient_built_on_numerical_diff_runs_with_the_students_own():
    """Its calls pass numerical_diff a function of the student's own (`along`), which no table
    recorded from the reference can hold, so they go to the notebook's numerical_diff: right with
    a right one, and with a wrong one wrong too (numerical_diff's answer is not in the student's
    install to stand in for it)."""
    passes(check.numerical_gradient,
           student.define(CALLS_DIFF, "numerical_gradient", numerical_diff=G.numerical_diff))
    assert "raised ValueError" in failure(check.numerical_gradient,
                                          define(CALLS_DIFF, "numerical_gradient"))


def _gradient_loop(body, loop="for idx in np.ndindex(x.shape):"):
    return ("def numerical_gradient(f, x):\n    h = 1e-4\n    grad = np.zeros_like(x)\n"
            f"    {loop}\n        " + body.replace("\n", "\n        ") + "\n    return grad")


GRADIENT_WRONG = {
    "does not restore x": (_gradient_loop("""tmp = x[idx]
x[idx] = tmp + h
a = f(x)
x[idx] = tmp - h
b = f(x)
grad[idx] = (a - b) / (2 * h)"""), "changed its input in place (x)"),
    "forward difference": (_gradient_loop("""tmp = x[idx]
fx = f(x)
x[idx] = tmp + h
grad[idx] = (f(x) - fx) / h
x[idx] = tmp"""), "That is the forward difference"),
    "1-D loop only": (_gradient_loop("""tmp = x[idx]
x[idx] = tmp + h
a = f(x)
x[idx] = tmp - h
b = f(x)
x[idx] = tmp
grad[idx] = (a - b) / (2 * h)""", loop="for idx in range(x.size):"),
                      "raised IndexError"),
    "restores to a shifted value": (_gradient_loop("""tmp = x[idx]
x[idx] = tmp + h
a = f(x)
x[idx] = tmp - h
b = f(x)
x[idx] = tmp + h
grad[idx] = (a - b) / (2 * h)"""), "changed its input in place (x)"),
    "row views in a 2-D x": (_gradient_loop("""tmp = x[i].copy()
x[i] = tmp + h
a = f(x)
x[i] = tmp - h
b = f(x)
x[i] = tmp
grad[i] = (a - b) / (2 * h)""", loop="for i in range(len(x)):"),
                             "returned -1 at index (0, 0); expected 2"),
    "missing 2": (_gradient_loop("""tmp = x[idx]
x[idx] = tmp + h
a = f(x)
x[idx] = tmp - h
b = f(x)
x[idx] = tmp
grad[idx] = (a - b) / h"""), "twice the derivative"),
    "flattened result": ("""def numerical_gradient(f, x):
    h = 1e-4
    grad = []
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(grad)""", "the shape of x"),
    "every element moved at once": ("""def numerical_gradient(f, x):
    h = 1e-4
    return np.full(x.shape, (f(x + h) - f(x - h)) / (2 * h))""",
        "returned 14 at index (0,); expected 6 (2 of 2 values differ). That moves every element"),
    "returns a list": ("""def numerical_gradient(f, x):
    return [0.0] * len(x)""", "returned 0 at index (0,)"),
}


@pytest.mark.parametrize("source, fragment", GRADIENT_WRONG.values(), ids=list(GRADIENT_WRONG))
def test_wrong_numerical_gradient_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.numerical_gradient, define(source, "numerical_gradient"))


def test_a_changed_input_is_named_by_the_students_parameter():
    source = GRADIENT_WRONG["does not restore x"][0].replace("(f, x)", "(func, w)")
    source = source.replace("x[", "w[").replace("f(x)", "func(w)").replace("like(x)", "like(w)")
    source = source.replace("x.shape", "w.shape")
    assert "changed its input in place (w)" in failure(check.numerical_gradient,
                                                        define(source, "numerical_gradient"))


# -------------------------------------------------------------------------------- gradient_descent

DEFAULT_PARAMS = "f, init_x, lr=0.01, step_num=100"


def _descent(body, params=DEFAULT_PARAMS):
    return f"def gradient_descent({params}):\n    " + body.replace("\n", "\n    ")


DESCENT_RIGHT = {
    "np.array copy": """x = np.array(init_x, dtype=float)
for i in range(step_num):
    x -= lr * numerical_gradient(f, x)
return x""",
    "astype": """x = init_x.astype(np.float64)
for _ in range(step_num):
    grad = numerical_gradient(f, x)
    x = x - lr * grad
return x""",
    "copy then float": """x = np.asarray(init_x, dtype=float).copy()
step = 0
while step < step_num:
    x = x - lr * numerical_gradient(f, x)
    step += 1
return x""",
    "own gradient inline": """x = np.array(init_x, dtype=float)
h = 1e-4
for _ in range(step_num):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    x = x - lr * grad
return x""",
    "keeps a history but returns x": """x = np.array(init_x, dtype=float)
history = [x.copy()]
for i in range(step_num):
    x = x - lr * numerical_gradient(f, x)
    history.append(x.copy())
return x""",
    "other names for f and init_x": ("""x = 1.0 * np.asarray(start)
for i in range(step_num):
    x = x - lr * numerical_gradient(fn, x)
return x""", "fn, start, lr=0.01, step_num=100"),
}


@pytest.mark.parametrize("entry", DESCENT_RIGHT.values(), ids=list(DESCENT_RIGHT))
def test_correct_gradient_descent_variants_pass(entry):
    body, params = entry if isinstance(entry, tuple) else (entry, DEFAULT_PARAMS)
    passes(check.gradient_descent, define(_descent(body, params), "gradient_descent"))


DESCENT_WRONG = {
    "the book's x = init_x": ("""x = init_x
for i in range(step_num):
    x -= lr * numerical_gradient(f, x)
return x""", "changed its input in place (init_x)"),
    "ascent": ("""x = np.array(init_x, dtype=float)
for i in range(step_num):
    x += lr * numerical_gradient(f, x)
return x""", "That climbs"),
    "one step short": ("""x = np.array(init_x, dtype=float)
for i in range(step_num - 1):
    x -= lr * numerical_gradient(f, x)
return x""", "one step too few"),
    "one step more": ("""x = np.array(init_x, dtype=float)
for i in range(step_num + 1):
    x -= lr * numerical_gradient(f, x)
return x""", "one step too many"),
    "fixed lr": ("""x = np.array(init_x, dtype=float)
for i in range(step_num):
    x -= 0.01 * numerical_gradient(f, x)
return x""", "used lr = 0.01"),
    "returns the history too": ("""x = np.array(init_x, dtype=float)
history = [x.copy()]
for i in range(step_num):
    x -= lr * numerical_gradient(f, x)
    history.append(x.copy())
return x, np.array(history)""", "returned a pair"),
    "the gradient at init_x for every step": ("""x = np.array(init_x, dtype=float)
grad = numerical_gradient(f, x)
for i in range(step_num):
    x -= lr * grad
return x""", "returned 9 at index (0,); expected -0.03458765 (2 of 2 values differ). That uses "
             "the gradient at init_x for every step"),
    "forgets to update": ("""x = np.array(init_x, dtype=float)
for i in range(step_num):
    grad = numerical_gradient(f, x)
return x""", "That is init_x unchanged"),
    "integer copy": ("""x = init_x.copy()
for i in range(step_num):
    x = x - lr * numerical_gradient(f, x)
return x""", "an integer starting point"),
    "renamed lr": ("""x = np.array(init_x, dtype=float)
for i in range(step_num):
    x -= rate * numerical_gradient(f, x)
return x""", "unexpected keyword argument 'lr'"),
    "wrong defaults": ("""x = np.array(init_x, dtype=float)
for i in range(step_num):
    x -= lr * numerical_gradient(f, x)
return x""", "the default lr and step_num"),
}


@pytest.mark.parametrize("body, fragment", DESCENT_WRONG.values(), ids=list(DESCENT_WRONG))
def test_wrong_gradient_descent_variants_fail_with_a_message(body, fragment):
    params = {"the default lr and step_num": "f, init_x, lr=0.1, step_num=10",
              "unexpected keyword argument 'lr'": "f, init_x, rate=0.01, step_num=100"}.get(
        fragment, "f, init_x, lr=0.01, step_num=100")
    fn = define(_descent(body, params), "gradient_descent")
    assert fragment in failure(check.gradient_descent, fn)


def test_gradient_descent_is_judged_with_a_correct_numerical_gradient():
    """The namespace's numerical_gradient returns zeros; the check replaces it."""
    fn = define(_descent(DESCENT_RIGHT["np.array copy"]), "gradient_descent")
    assert fn.__globals__["numerical_gradient"] is broken
    passes(check.gradient_descent, fn)


# ------------------------------------------------------------------------------------------ garbage

@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
@pytest.mark.parametrize("garbage, fragment", [
    (lambda *a, **k: None, "did you forget `return`?"),
    (lambda *a, **k: "slope", "returned a str"),
    (lambda *a, **k: 1 / 0, "raised ZeroDivisionError"),
    (lambda f: 0.0, "raised TypeError"),
])
def test_garbage_gets_a_message(chk, garbage, fragment):
    assert fragment in failure(chk, garbage)


@pytest.mark.parametrize("chk", CHECKS, ids=lambda c: c.name)
def test_a_value_that_is_not_a_function_is_refused(chk):
    with pytest.raises(CheckFailure, match="expected a function"):
        chk(np.zeros(2))


# ------------------------------------------------------------------------------ grading evidence

@pytest.fixture
def published(monkeypatch):
    shown = []
    monkeypatch.setenv(evidence.GRADING_ENV, "1")
    monkeypatch.setattr(evidence, "_publish", lambda data: shown.append(data))
    return shown


def grade(published, chk, fn):
    """Run chk's visible and hidden cases in grading mode and judge the evidence as the grader
    does: (verdict, score out of 2)."""
    for hidden in (False, True):
        try:
            chk(fn, hidden=hidden)
        except CheckFailure:
            pass
    outputs = [{"output_type": "display_data", "data": data, "metadata": {}} for data in published]
    cell = from_dict({"cell_type": "code", "source": "", "execution_count": 1, "outputs": outputs,
                      "metadata": {"nbgrader": {"grade": True, "solution": False, "points": 2,
                                                "grade_id": "t"}}})
    verdict = verify_cell(cell, GradedCell("t", 2.0, "", [CheckCall(chk, False),
                                                          CheckCall(chk, True)]))
    apply_verdict(cell, verdict)
    return verdict, determine_grade(cell)[0]


def test_the_grader_passes_right_answers_from_their_evidence(published):
    fn = define(GRADIENT_RIGHT["book nditer"], "numerical_gradient")
    verdict, score = grade(published, check.numerical_gradient, fn)
    assert verdict.passed and score == 2


def test_the_grader_sees_an_unrestored_x_and_names_the_parameter(published):
    fn = define(GRADIENT_WRONG["does not restore x"][0], "numerical_gradient")
    verdict, score = grade(published, check.numerical_gradient, fn)
    assert score == 0 and "changed its input in place (x)" in verdict.problem


def test_the_grader_judges_gradient_descent_evidence(published):
    fn = define(_descent(DESCENT_WRONG["ascent"][0]), "gradient_descent")
    verdict, score = grade(published, check.gradient_descent, fn)
    assert score == 0 and "That climbs" in verdict.problem


# ------------------------------------------------------------------------------------ wrong answers

@pytest.mark.parametrize("grade_id", sorted(wrong_answers("day06_gradient_descent")))
def test_each_typical_wrong_answer_fails_its_own_check(grade_id):
    fn = define(wrong_answers("day06_gradient_descent")[grade_id], grade_id)
    failure(getattr(check, grade_id), fn)


# ------------------------------------------------------------------- descent_predictions (day 6)
# Every variant of the day's answer table, which the pipeline also grades as notebooks.

PREDICTIONS_RIGHT, PREDICTIONS_WRONG = (table["descent_predictions"]
                                        for table in answer_table("day06_gradient_descent"))


@pytest.mark.parametrize("variant", PREDICTIONS_RIGHT, ids=lambda v: v.name)
def test_right_predictions_pass(variant):
    passes(check.descent_predictions, define(variant.source, "descent_predictions"))


@pytest.mark.parametrize("variant", PREDICTIONS_WRONG, ids=lambda v: v.name)
def test_wrong_predictions_fail_with_a_message(variant):
    message = failure(check.descent_predictions, define(variant.source, "descent_predictions"))
    assert variant.says in message, message


def test_a_wrong_prediction_passes_the_visible_test_and_is_not_told_the_answer():
    answer = define(PREDICTIONS_WRONG[0].source, "descent_predictions")  # 0.5 only converges
    check.descent_predictions(answer)
    message = failure(check.descent_predictions, answer, hidden=True)
    assert "reaches the minimum" not in message.split("Hint:")[0]


def test_the_expected_outcomes_come_from_running_the_steps():
    from coursekit_key.hidden.gradient import outcome_on_bowl

    assert [outcome_on_bowl(lr) for lr in (0.1, 1e-10, 10.0, 0.9, 1.1)] == [
        "converges", "barely moves", "diverges", "converges, flipping sides", "diverges"]
    assert outcome_on_bowl(0.25, steps=1) == "converges"  # one step, halfway to the minimum


def test_the_grader_judges_predictions_from_their_evidence(published):
    right = define(PREDICTIONS_RIGHT[0].source, "descent_predictions")
    wrong = define(PREDICTIONS_WRONG[1].source, "descent_predictions")  # 1.0 diverges
    assert grade(published, check.descent_predictions, right)[1] == 2
    published.clear()
    verdict, score = grade(published, check.descent_predictions, wrong)
    assert score == 0 and "lr = 1 do" in verdict.problem


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {c.name: (c, c.name) for c in CHECKS}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day06_gradient_descent", ANSWER_CHECKS, define)
