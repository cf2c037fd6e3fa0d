"""coursekit.checks.perceptron: many right answers pass, plausible wrong ones fail with a message
that names the input, what came back and what to fix. The answers are those of
tests/answer_tables/day01_perceptron.py, which the pipeline grades as notebooks too.

Student answers are written as source text and run in a fresh namespace, the way a notebook
defines them, so that a wrong `perceptron` in the "notebook" can show that the gate checks judge
each exercise on its own.
"""
from functools import partial

import numpy as np
import pytest

from coursekit import gates
from coursekit.checks import evidence
from coursekit.checks import perceptron as check
from coursekit.checks.core import Record, judge, run_case
from coursekit_key.answers import perceptron as answers

from leaks import day_tests
import student
from answer_tables.day01_perceptron import (
    AND_VARIANTS, HIDDEN_ONLY_WRONG_GATES, NAND_VARIANTS, OR_VARIANTS, PERCEPTRON_VARIANTS,
    TRAIN_VARIANTS, UPDATE_VARIANTS, WRONG_GATES, WRONG_PERCEPTRONS, WRONG_TRAINING,
    WRONG_UPDATES)
from student import define, passes


failure = partial(student.failure, hidden=False)  # the visible suite unless told


def wrong_perceptron(x, w, b):
    """A broken `perceptron` left in the notebook: always 1."""
    return 1


# ------------------------------------------------------------------------ gates

@pytest.mark.parametrize("source", AND_VARIANTS.values(), ids=AND_VARIANTS.keys())
def test_correct_AND_variants_pass(source):
    passes(check.AND, define(source, "AND", perceptron=wrong_perceptron))


@pytest.mark.parametrize("source", OR_VARIANTS.values(), ids=OR_VARIANTS.keys())
def test_correct_OR_variants_pass(source):
    passes(check.OR, define(source, "OR"))


@pytest.mark.parametrize("source", NAND_VARIANTS.values(), ids=NAND_VARIANTS.keys())
def test_correct_NAND_variants_pass(source):
    passes(check.NAND, define(source, "NAND"))


def test_the_course_gates_pass_their_checks():
    for name in ("AND", "OR", "NAND"):
        passes(getattr(check, name), answers.GATES[name])


def test_visible_pass_is_announced(capsys):
    check.AND(answers.AND)
    assert "AND: all 4 visible tests passed." in capsys.readouterr().out


@pytest.mark.parametrize("case", WRONG_GATES.values(), ids=WRONG_GATES.keys())
def test_wrong_gates_fail_with_a_teaching_message(case):
    source, name, fragments = case
    message = failure(getattr(check, name), define(source, name))
    for fragment in fragments:
        assert fragment in message


def test_message_format_names_the_gate_input_expected_actual_and_hint():
    message = failure(check.AND, define(WRONG_GATES["OR's weights for AND"][0], "AND"))
    first, hint = message.splitlines()[:2]
    assert first == "AND: AND(1, 0) returned 1; expected 0."
    assert hint.startswith("Hint: ")


@pytest.mark.parametrize("case", HIDDEN_ONLY_WRONG_GATES.values(),
                         ids=HIDDEN_ONLY_WRONG_GATES.keys())
def test_gates_that_only_handle_ints_pass_visible_but_fail_hidden(case):
    source, name, where, what = case
    fn = define(source, name)
    getattr(check, name)(fn)
    message = failure(getattr(check, name), fn, hidden=True)
    assert f"On a hidden test ({name} on {where}" in message and what in message


def test_hidden_gate_messages_do_not_reveal_the_expected_output():
    fn = define("def OR(x1, x2):\n    return 1 if type(x1) is int and x1 + x2 > 0 else 0\n", "OR")
    message = failure(check.OR, fn, hidden=True)
    assert "expected" not in message.split("\n")[0]


def test_passing_a_value_instead_of_the_function_is_explained():
    message = failure(check.AND, answers.AND(1, 1))
    assert "expected a function, got a int" in message


def test_diagnosis_names_each_table():
    assert check.diagnose_table("AND", (0, 0, 0, 1)) is None
    assert "truth table of NAND" in check.diagnose_table("OR", (1, 1, 1, 0))
    assert "Every output is flipped" in check.diagnose_table("AND", (1, 1, 1, 0))
    assert "returns 1 for every input" in check.diagnose_table("AND", (1, 1, 1, 1))
    assert check.diagnose_table("AND", (0, 1, 0, 0)).endswith("AND needs 0 0 0 1.")


@pytest.mark.parametrize("value,bit", [(0, 0), (1, 1), (True, 1), (False, 0), (1.0, 1),
                                       (np.int64(1), 1), (np.float32(0), 0), (np.array(1), 1),
                                       (np.bool_(True), 1), (0.5, None), (2, None),
                                       (np.array([1]), None), ("1", None), (None, None),
                                       (float("nan"), None), ([1], None)])
def test_as_bit(value, bit):
    assert check.as_bit(value) == bit


# ------------------------------------------------------------------------ perceptron(x, w, b)

@pytest.mark.parametrize("source", PERCEPTRON_VARIANTS.values(), ids=PERCEPTRON_VARIANTS.keys())
def test_correct_perceptron_variants_pass(source):
    passes(check.perceptron, define(source, "perceptron"))


def test_the_course_perceptron_passes():
    passes(check.perceptron, gates.perceptron)


@pytest.mark.parametrize("case", WRONG_PERCEPTRONS.values(), ids=WRONG_PERCEPTRONS.keys())
def test_wrong_perceptrons_fail_with_a_teaching_message(case):
    source, fragments = case
    message = failure(check.perceptron, define(source, "perceptron"))
    for fragment in fragments:
        assert fragment in message


def test_hidden_perceptron_cases_catch_an_int_only_version():
    fn = define("""
        def perceptron(x, w, b):
            x = np.asarray(x, dtype=np.int64)   # truncates 0.7 to 0
            return int(np.dot(w, x) + b > 0)
        """, "perceptron")
    check.perceptron(fn)
    assert "On a hidden test (fractional inputs)" in failure(check.perceptron, fn, hidden=True)


def test_hidden_perceptron_sum_exactly_zero_with_negative_weights():
    fn = define("""
        def perceptron(x, w, b):
            s = np.dot(w, x) + b
            return int(s > 0 or (s == 0 and w[0] < 0))
        """, "perceptron")
    check.perceptron(fn)
    assert "a weighted sum of exactly 0" in failure(check.perceptron, fn, hidden=True)


# ------------------------------------------------------------------------ perceptron_update

@pytest.mark.parametrize("source", UPDATE_VARIANTS.values(), ids=UPDATE_VARIANTS.keys())
def test_correct_update_variants_pass(source):
    passes(check.perceptron_update, define(source, "perceptron_update",
                                           perceptron=wrong_perceptron))


def test_reference_update_matches_the_rule_by_hand():
    w, b = answers.perceptron_update(np.array([0.0, 0.0]), 0.0, np.array([1.0, 1.0]), 1, 0.1)
    np.testing.assert_allclose(w, [0.1, 0.1])
    assert b == pytest.approx(0.1)
    w, b = answers.perceptron_update(np.array([0.5, 0.5]), -0.2, np.array([1.0, 0.0]), 0, 0.1)
    np.testing.assert_allclose(w, [0.4, 0.5])
    assert b == pytest.approx(-0.3)


@pytest.mark.parametrize("case", WRONG_UPDATES.values(), ids=WRONG_UPDATES.keys())
def test_wrong_updates_fail_with_a_teaching_message(case):
    source, fragments = case
    message = failure(check.perceptron_update, define(source, "perceptron_update"))
    for fragment in fragments:
        assert fragment in message


def test_in_place_update_on_a_copy_of_an_int_array_fails_only_hidden():
    fn = define("""
        def perceptron_update(w, b, x, t, lr):
            w = w.copy()
            y = int(np.dot(w, x) + b > 0)
            w += lr * (t - y) * x
            return w, b + lr * (t - y)
        """, "perceptron_update")
    check.perceptron_update(fn)
    message = failure(check.perceptron_update, fn, hidden=True)
    assert "On a hidden test (integer w, b and x)" in message and "raised" in message


# ------------------------------------------------------------------------ train_perceptron

def broken_update(w, b, x, t, lr):
    """A broken `perceptron_update` left in the notebook: never changes anything."""
    return w, b


@pytest.mark.parametrize("source", TRAIN_VARIANTS.values(), ids=TRAIN_VARIANTS.keys())
def test_correct_training_variants_pass(source):
    passes(check.train_perceptron, define(source, "train_perceptron",
                                          perceptron_update=broken_update))


def test_reference_training_converges_on_every_case():
    for case in check.train_perceptron.cases() + check.train_perceptron.cases(hidden=True):
        X, t, lr, epochs = case.args
        unit = gates.Perceptron(np.shape(X)[1], lr=lr).fit(X, t, epochs=epochs)
        assert unit.converged_, case.label
        assert len(unit.mistakes_per_epoch_) < epochs / 2, case.label


def test_separable_data_is_separable_with_a_margin_and_both_classes():
    from coursekit_key.hidden.perceptron import separable_data

    X, t = separable_data(40, 3, seed=0, margin=0.05)
    assert X.shape == (40, 3) and t.shape == (40,)
    assert 10 < t.sum() < 30
    # The perceptron converges only on linearly separable data.
    assert gates.Perceptron(3, lr=1.0).fit(X, t, epochs=1000).converged_


@pytest.mark.parametrize("case", WRONG_TRAINING.values(), ids=WRONG_TRAINING.keys())
def test_wrong_training_fails_with_a_teaching_message(case):
    source, *fragments = case
    message = failure(check.train_perceptron, define(source, "train_perceptron",
                                                     perceptron_update=answers.perceptron_update))
    for fragment in fragments:
        assert fragment in message


def test_training_that_ignores_epochs_fails_only_on_harder_hidden_data():
    fn = define("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(10):
                for x, target in zip(X, t):
                    w, b = perceptron_update(w, b, x, target, lr)
            return w, b
        """, "train_perceptron", perceptron_update=answers.perceptron_update)
    check.train_perceptron(fn)
    message = failure(check.train_perceptron, fn, hidden=True)
    assert "misclassify" in message and "linearly separable" in message


def test_training_that_modifies_X_fails():
    fn = define("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            X -= 0.5   # centre the data, in place
            w, b = np.zeros(X.shape[1]), 0.0
            return w, b
        """, "train_perceptron")
    assert "changed its input in place (X)" in failure(check.train_perceptron, fn)


# ------------------------------------------------------------------------ judged by the grader

def verdicts_after_round_trip(chk, fn, hidden):
    """Each case's verdict when the record goes through the grader's evidence encoding first
    (as `coursekit.grading.verify` judges it), next to the in-kernel verdict."""
    fn = chk.prepare(fn, hidden)
    pairs = []
    for case in chk.cases(hidden):
        record = run_case(fn, case)
        decoded = Record(case.label, evidence.decode(evidence.encode(record.output)),
                         record.error, record.warnings, record.mutated)
        expected = chk.expected(case)
        pairs.append((judge(case, record, expected), judge(case, decoded, expected)))
    return pairs


ROUND_TRIP = [
    (check.AND, AND_VARIANTS["returns np.bool_"], "AND"),
    (check.AND, WRONG_GATES["returns a one-element array"][0], "AND"),
    (check.OR, OR_VARIANTS["numpy bool"], "OR"),
    (check.perceptron, PERCEPTRON_VARIANTS["heaviside, float result"], "perceptron"),
    (check.perceptron, WRONG_PERCEPTRONS[">= instead of > (step(0) = 1)"][0], "perceptron"),
    (check.perceptron_update, UPDATE_VARIANTS["returns a list"], "perceptron_update"),
    (check.perceptron_update, WRONG_UPDATES["returns (b, w)"][0], "perceptron_update"),
    (check.train_perceptron, TRAIN_VARIANTS["returns a list"], "train_perceptron"),
    (check.train_perceptron, WRONG_TRAINING["sign error"][0], "train_perceptron"),
]


@pytest.mark.parametrize("chk, source, name", ROUND_TRIP)
@pytest.mark.parametrize("hidden", [False, True])
def test_the_grader_reaches_the_same_verdicts_from_encoded_evidence(chk, source, name, hidden):
    fn = define(source, name, perceptron_update=answers.perceptron_update)
    for in_kernel, in_grader in verdicts_after_round_trip(chk, fn, hidden):
        assert in_kernel == in_grader


def test_every_check_is_found_under_its_own_module():
    for name in ("AND", "OR", "NAND", "perceptron", "perceptron_update", "train_perceptron"):
        assert getattr(check, name).suite == "coursekit.checks.perceptron"


def test_cases_are_the_same_when_rebuilt():
    """The grader rebuilds the cases in its own process; they must not depend on state."""
    for chk in (check.perceptron, check.perceptron_update, check.train_perceptron):
        for hidden in (False, True):
            first, second = chk.cases(hidden), chk.cases(hidden)
            assert [c.label for c in first] == [c.label for c in second]
            for a, b in zip(first, second):
                for x, y in zip(a.args, b.args):
                    np.testing.assert_array_equal(x, y)


# ---- hints and messages never show the solution --------------------------------------------------

# Fragments of the solution's code that no message may contain, beyond its own lines.
SOLUTION_CODE = ("return w, b",)
ANSWER_CHECKS = {"and_gate": (check.AND, "AND"), "or_gate": (check.OR, "OR"),
                  "nand_gate": (check.NAND, "NAND"), "perceptron": (check.perceptron, "perceptron"),
                  "perceptron_update": (check.perceptron_update, "perceptron_update"),
                  "train_perceptron": (check.train_perceptron, "train_perceptron")}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day01_perceptron", ANSWER_CHECKS, define, SOLUTION_CODE)
