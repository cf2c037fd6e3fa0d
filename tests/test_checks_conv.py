"""coursekit.checks.conv against many ways of writing day 14's exercises: the course's own
layers, every variant of tests/answer_tables/day14_convolution.py and the typical wrong answers,
judged in-process with the notebook's helpers in scope (the pipeline test grades the same
variants through nbgrader)."""
from __future__ import annotations

import numpy as np
import pytest

from coursekit import cli, notebooks
from coursekit.checks import conv as check, hidden
from coursekit_key.answers import conv as answers
from conftest import REPO_ROOT

from leaks import day_tests
from student import answer_table, define, failure, passes, wrong_answers

DAY = "day14_convolution"
CHECKS = {"conv_output_size": check.conv_output_size, "convolution": check.Convolution,
          "pooling": check.Pooling}
NAMES = {"conv_output_size": "conv_output_size", "convolution": "Convolution",
         "pooling": "Pooling"}
CORRECT, WRONG = answer_table(DAY)


def notebook_helpers() -> dict:
    """im2col and col2im as the notebook's locked helper cell defines them, and a right
    conv_output_size, as an answer cell sees them."""
    nb = notebooks.load(notebooks.day_notebook(REPO_ROOT / cli.SOURCE / DAY))
    source = next(notebooks.source_of(c) for c in nb["cells"]
                  if notebooks.grader_meta(c).get("grade_id") == "helpers")
    namespace = {"np": np}
    exec(source.split("\n\ntiny = ")[0], namespace)
    return {"im2col": namespace["im2col"], "col2im": namespace["col2im"],
            "conv_output_size": answers.conv_output_size}


HELPERS = notebook_helpers()


def answer(grade_id, source):
    return define(source, NAMES[grade_id], **HELPERS)


def test_the_course_layers_pass():
    passes(check.conv_output_size, answers.conv_output_size)
    passes(check.Convolution, answers.Convolution)
    passes(check.Pooling, answers.Pooling)


@pytest.mark.parametrize("variant", [v for vs in CORRECT.values() for v in vs],
                         ids=lambda v: f"{v.answer}: {v.name}")
def test_correct_variants_pass(variant):
    passes(CHECKS[variant.answer], answer(variant.answer, variant.source))


@pytest.mark.parametrize("variant", [v for vs in WRONG.values() for v in vs],
                         ids=lambda v: f"{v.answer}: {v.name}")
def test_wrong_variants_fail_saying_why(variant):
    message = failure(CHECKS[variant.answer], answer(variant.answer, variant.source))
    assert variant.says.lower() in message.lower(), message


@pytest.mark.parametrize("grade_id, source", sorted(wrong_answers(DAY).items()))
def test_typical_wrong_answers_fail(grade_id, source):
    failure(CHECKS[grade_id], answer(grade_id, source))


def test_a_float_size_is_named_and_an_instance_is_refused():
    assert "not an integer" in failure(check.conv_output_size,
                                       lambda s, f, st=1, p=0: (s + 2 * p - f) / st + 1)
    assert "expected a class" in failure(check.Convolution,
                                         answers.Convolution(np.ones((1, 1, 1, 1)), np.ones(1)))


def test_hidden_failures_do_not_show_their_inputs():
    class Shifted(answers.Convolution):
        def forward(self, x):
            return super().forward(x) + 1.0
    message = failure(check.Convolution, Shifted, hidden=True)
    assert message.startswith("Convolution: On a hidden test (")
    assert "expected" not in message.split("Hint:")[0] and "[[" not in message


def test_a_stub_gets_no_solution_shaped_hint():
    stub = answer("convolution", "class Convolution:\n    def __init__(self, W, b, stride=1, "
                                 "pad=0):\n        raise NotImplementedError()\n")
    message = failure(check.Convolution, stub)
    assert "not written yet" in message
    assert "@" not in message and "np." not in message and "reshape" not in message


# ---- hints and messages never show the solution --------------------------------------------------

ANSWER_CHECKS = {grade_id: (chk, NAMES[grade_id]) for grade_id, chk in CHECKS.items()}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day14_convolution", ANSWER_CHECKS, lambda source, name: define(source, name, **HELPERS))


def test_without_the_answer_key_the_visible_checks_judge_and_name_slips_from_stored_values(
        monkeypatch):
    """The student's install has neither the reference layers nor the slips that need them: the
    visible checks still pass every correct layer and name a true convolution and a missing bias
    from the values stored for their inputs (coursekit.checks.stored; a copied W shows in hidden
    cases only, which the grader judges with the key)."""
    monkeypatch.setattr(hidden, "reference", lambda suite, name: None)
    monkeypatch.setattr(hidden, "slip", lambda suite, name: None)
    assert check.Convolution.solution() is None
    for grade_id in ("convolution", "pooling"):
        for variant in CORRECT[grade_id]:
            CHECKS[grade_id](answer(grade_id, variant.source))
    named = {"a true convolution (filter turned)": "cross-correlation",
             "no bias": "bias is missing"}
    wrong = {variant.name: variant.source for variant in WRONG["convolution"]}
    for name, words in named.items():
        assert words in failure(check.Convolution, answer("convolution", wrong[name]), False)
