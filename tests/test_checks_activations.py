"""coursekit.checks.activations: many right answers pass, plausible wrong ones fail with a message
that says what to fix, and garbage gets a message, never a traceback from coursekit. The right
and wrong answers are tests/answer_tables/day03_activations.py, which the pipeline also grades.

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

from leaks import day_tests
import student
from student import answer_table, failure, passes, wrong_answers


def broken(x):
    """A wrong earlier answer left in the notebook."""
    return np.zeros_like(np.asarray(x, dtype=float)) + 0.3


define = partial(student.define, sigmoid=broken, relu=broken, step=broken)


def one_line(body, name, params="x"):
    return f"def {name}({params}):\n    " + body.replace("\n", "\n    ") + "\n"


CORRECT, WRONG = answer_table("day03_activations")


def _every(table):
    return [v for variants in table.values() for v in variants]


@pytest.mark.parametrize("variant", _every(CORRECT), ids=lambda v: f"{v.answer}: {v.name}")
def test_correct_variants_pass(variant):
    passes(getattr(check, variant.answer), define(variant.source, variant.answer))


@pytest.mark.parametrize("variant", _every(WRONG), ids=lambda v: f"{v.answer}: {v.name}")
def test_wrong_variants_fail_with_a_message(variant):
    message = failure(getattr(check, variant.answer), define(variant.source, variant.answer))
    assert variant.says in message, message


# ---------------------------------------------------------------------------------------- step


def test_booleans_are_not_also_blamed_on_the_zero_convention():
    message = failure(check.step, define(one_line("return np.asarray(x) > 0", "step"), "step"))
    assert "booleans" in message and "returns 1 at x = 0" not in message


def test_step_at_zero_states_the_convention():
    message = failure(check.step, define(one_line("return np.heaviside(x, 1.0)", "step"), "step"))
    assert "Hint: The course's convention: step(x) is 1 only where x > 0" in message


# ------------------------------------------------------------------------------------- sigmoid


# ---------------------------------------------------------------------------------------- tanh


# ---------------------------------------------------------------------------------------- relu


def test_relu_max_gets_the_elementwise_hint():
    message = failure(check.relu, define(one_line("return max(0, x)", "relu"), "relu"))
    assert "np.maximum(0, x) takes the larger of 0 and each element" in message


# ---------------------------------------------------------------------------------- leaky_relu


def test_leaky_relu_hidden_tests_use_alpha_by_keyword_and_position():
    def keyword_only_alpha(x, *, alpha=0.01):
        return F.leaky_relu(x, alpha)

    check.leaky_relu(keyword_only_alpha)
    with pytest.raises(CheckFailure, match=r"alpha=0.05 given by position"):
        check.leaky_relu(keyword_only_alpha, hidden=True)


# ------------------------------------------------------------------------------------- softmax


def test_float32_softmax_tolerance_grows_with_the_largest_score_only():
    eps = float(np.finfo(np.float32).eps)
    assert check._softmax_float32_rtol(np.float32([[1.0, -3.0]])) == 1e-4
    assert check._softmax_float32_rtol(np.float32([[1e4, 0.0]])) == pytest.approx(4e4 * eps)
    off_by_a_percent = one_line("""x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
e = np.exp(x - x.max(axis=-1, keepdims=True))
p = e / e.sum(axis=-1, keepdims=True)
return p * (1.01 if x.dtype == np.float32 and np.abs(x).max() > 1e3 else 1.0)""", "softmax")
    message = failure(check.softmax, define(off_by_a_percent, "softmax"), hidden=True)
    assert "a float32 batch with |x| up to 1e4" in message


# -------------------------------------------------------------------------------- sigmoid_grad


# ----------------------------------------------------------------------------------- relu_grad


def test_relu_grad_zero_hint_states_the_convention():
    fn = define(one_line("x = np.asarray(x, dtype=float)\nreturn np.where(x == 0, 2.0, x > 0)",
                         "relu_grad"), "relu_grad")
    message = failure(check.relu_grad, fn)
    assert "returned 2; expected 0" in message
    assert "the course fixes the value at 0 to 0" in message


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


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {name: (check_, name) for name, check_ in CHECKS.items()}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day03_activations", ANSWER_CHECKS, define)
