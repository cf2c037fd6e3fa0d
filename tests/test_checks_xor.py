"""coursekit.checks.xor: right answers of many shapes pass, plausible wrong ones fail with a
message that says what the network did and how to fix it. The answers are those of
tests/answer_tables/day02_xor_mlp.py, which the pipeline grades as notebooks too."""
from functools import partial

import numpy as np
import pytest

from coursekit import functions as F
from coursekit.checks import evidence
from coursekit.checks import xor as check
from coursekit.checks.core import Record, judge, run_case, with_globals
from coursekit_key.answers import perceptron as gates
from coursekit_key.answers import xor as answers

from leaks import day_tests
import student
from answer_tables.day02_xor_mlp import (
    HIDDEN_ONLY_WRONG_TWO_LAYERS, TWO_LAYER_VARIANTS, WEIGHT_VARIANTS, WRONG_TWO_LAYERS,
    WRONG_WEIGHTS, WRONG_XORS, XOR_VARIANTS)
from student import passes

COURSE_GATES = {"AND": gates.AND, "OR": gates.OR, "NAND": gates.NAND}
check.use_recap(step=F.step, **COURSE_GATES)   # as the notebook's day-1 recap cell does


define = partial(student.define, step=F.step, **COURSE_GATES)
failure = partial(student.failure, hidden=False)  # the visible suite unless told


# ------------------------------------------------------------------------ XOR

@pytest.mark.parametrize("source", XOR_VARIANTS.values(), ids=XOR_VARIANTS.keys())
def test_correct_XOR_variants_pass(source):
    passes(check.XOR, define(source, "XOR"))


def test_the_course_XOR_passes():
    passes(check.XOR, gates.XOR)


@pytest.mark.parametrize("case", WRONG_XORS.values(), ids=WRONG_XORS.keys())
def test_wrong_XORs_fail_with_a_teaching_message(case):
    source, fragments = case
    message = failure(check.XOR, define(source, "XOR"))
    for fragment in fragments:
        assert fragment in message


def test_bitwise_xor_passes_visible_but_fails_on_hidden_float_inputs():
    fn = define("def XOR(x1, x2):\n    return x1 ^ x2\n", "XOR")
    check.XOR(fn)
    message = failure(check.XOR, fn, hidden=True)
    assert "On a hidden test (XOR on float inputs 0.0 / 1.0" in message
    assert "TypeError" in message


# ------------------------------------------------------------------------ xor_weights

@pytest.mark.parametrize("source", WEIGHT_VARIANTS.values(), ids=WEIGHT_VARIANTS.keys())
def test_correct_weight_choices_pass(source):
    passes(check.xor_weights, define(source, "xor_weights", GATE_WEIGHTS=gates.GATE_WEIGHTS))


@pytest.mark.parametrize("case", WRONG_WEIGHTS.values(), ids=WRONG_WEIGHTS.keys())
def test_wrong_weights_fail_with_a_teaching_message(case):
    source, fragments = case
    message = failure(check.xor_weights, define(source, "xor_weights"))
    for fragment in fragments:
        assert fragment in message


def test_float32_hidden_case_catches_a_sum_that_is_zero_only_in_float32():
    fn = define("""
        def xor_weights():
            # unit 2 is OR with bias -(0.1 + 0.2) rounded the float64 way: 0.1 + 0.2 - 0.3 > 0
            W1 = np.array([[-0.5, 0.1 + 0.2], [-0.5, 0.1 + 0.2]])
            return W1, np.array([0.7, -0.3]), np.array([0.5, 0.5]), -0.7
        """, "xor_weights")
    assert np.float64(0.1 + 0.2) - 0.3 > 0
    assert np.float32(0.1 + 0.2) - np.float32(0.3) <= 0
    check.xor_weights(fn)
    message = failure(check.xor_weights, fn, hidden=True)
    assert "On a hidden test (the network evaluated in float32)" in message
    assert "rounding error" in message


# ------------------------------------------------------------------------ two_layer_perceptron

@pytest.mark.parametrize("source", TWO_LAYER_VARIANTS.values(), ids=TWO_LAYER_VARIANTS.keys())
def test_correct_two_layer_variants_pass(source):
    passes(check.two_layer_perceptron, define(source, "two_layer_perceptron"))


def test_a_broken_step_in_the_notebook_is_replaced_by_the_course_step():
    fn = define("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1 + b1) @ W2 + b2)
        """, "two_layer_perceptron", step=lambda x: np.ones_like(x))
    passes(check.two_layer_perceptron, fn)


def test_reference_computes_xor_with_both_weight_sets():
    X = np.array(check.INPUTS, dtype=float)
    for weights in (check.NOTES_XOR_WEIGHTS, check.ON_THE_LINE_WEIGHTS):
        np.testing.assert_array_equal(answers.two_layer_perceptron(X, *weights), [0, 1, 1, 0])


def test_on_the_line_weights_really_put_sums_at_zero():
    X = np.array(check.INPUTS, dtype=float)
    W1, b1, W2, b2 = check.ON_THE_LINE_WEIGHTS
    hidden_sums = X @ W1 + b1
    assert (hidden_sums == 0).any()
    assert (F.step(hidden_sums) @ W2 + b2 == 0).any()


def test_random_cases_exercise_both_outputs_and_every_hidden_unit():
    cases = check.two_layer_perceptron.cases() + check.two_layer_perceptron.cases(hidden=True)
    for case in cases:
        X, W1, b1, W2, b2 = case.args
        if len(X) < 8:
            continue
        y = answers.two_layer_perceptron(X, W1, b1, W2, b2)
        active = (np.asarray(X) @ W1 + b1 > 0).mean(axis=0)
        assert 0.2 <= y.mean() <= 0.8, case.label
        assert ((active > 0) & (active < 1)).all(), case.label


def test_a_slip_is_named_only_when_it_alone_matches():
    """On the XOR inputs with the notes' weights, leaving out b1 and leaving out the hidden step
    both give all zeros; naming either would be a guess."""
    case = check.two_layer_perceptron.cases()[0]
    no_b1 = define("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1) @ W2 + b2)
        """, "two_layer_perceptron")
    record = run_case(no_b1, case)
    np.testing.assert_array_equal(record.output, np.zeros(4))
    message = check.judge_two_layer(case, record, check.two_layer_perceptron.expected(case))
    assert message.endswith("(2 of 4 values differ).")
    b2_missing = define("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1 + b1) @ W2)
        """, "two_layer_perceptron")
    assert "output bias b2 left out" in failure(check.two_layer_perceptron, b2_missing)


@pytest.mark.parametrize("case", WRONG_TWO_LAYERS.values(), ids=WRONG_TWO_LAYERS.keys())
def test_wrong_two_layer_nets_fail_with_a_teaching_message(case):
    source, fragments = case
    message = failure(check.two_layer_perceptron, define(source, "two_layer_perceptron"))
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("case", HIDDEN_ONLY_WRONG_TWO_LAYERS.values(),
                         ids=HIDDEN_ONLY_WRONG_TWO_LAYERS.keys())
def test_two_layer_nets_wrong_only_on_hidden_cases(case):
    source, where = case
    fn = define(source, "two_layer_perceptron")
    check.two_layer_perceptron(fn)
    assert f"On a hidden test ({where}" in failure(check.two_layer_perceptron, fn, hidden=True)


# ------------------------------------------------------------------------ judged by the grader

ROUND_TRIP = [
    (check.XOR, XOR_VARIANTS["returns a bool"], "XOR"),
    (check.XOR, WRONG_XORS["returns the pair of hidden outputs"][0], "XOR"),
    (check.xor_weights, WEIGHT_VARIANTS["nested lists"], "xor_weights"),
    (check.xor_weights, WEIGHT_VARIANTS["b2 as a 0-d array, float32 weights"], "xor_weights"),
    (check.xor_weights, WRONG_WEIGHTS["W2 as a column"][0], "xor_weights"),
    (check.two_layer_perceptron, TWO_LAYER_VARIANTS["returns bools"], "two_layer_perceptron"),
    (check.two_layer_perceptron, WRONG_TWO_LAYERS[">= in both layers"][0],
     "two_layer_perceptron"),
]


@pytest.mark.parametrize("chk, source, name", ROUND_TRIP)
@pytest.mark.parametrize("hidden", [False, True])
def test_the_grader_reaches_the_same_verdicts_from_encoded_evidence(chk, source, name, hidden):
    fn = with_globals(define(source, name), chk.dependencies)
    for case in chk.cases(hidden):
        record = run_case(fn, case)
        decoded = Record(case.label, evidence.decode(evidence.encode(record.output)),
                         record.error, record.warnings, record.mutated)
        expected = chk.expected(case)
        assert judge(case, record, expected) == judge(case, decoded, expected)


def test_every_check_is_found_under_its_own_module():
    for name in ("XOR", "xor_weights", "two_layer_perceptron"):
        assert getattr(check, name).suite == "coursekit.checks.xor"


# ---- hints and messages never show the solution --------------------------------------------------

# Fragments of the solution's code that no message may contain, beyond its own lines.
SOLUTION_CODE = ("b2 = -0.5",)
ANSWER_CHECKS = {"xor_gate": (check.XOR, "XOR"), "xor_weights": (check.xor_weights, "xor_weights"),
                  "two_layer_perceptron": (check.two_layer_perceptron, "two_layer_perceptron")}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day02_xor_mlp", ANSWER_CHECKS, define, SOLUTION_CODE)
