"""Evidence (coursekit.checks.evidence) and the grader's verdict on it (coursekit.grading.verify),
in-process: the codec is lossless and strict, a check emits evidence only while grading, and
verify_cell passes exactly the cells whose evidence is complete, unique, well formed and right.
The same machinery through the real nbgrader and the sandbox is in test_grading_hostile.py.
"""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from nbformat.notebooknode import from_dict

from coursekit.checks import evidence
from coursekit.checks.core import Case, CheckFailure, FunctionCheck, register
from coursekit.grading.layout import CheckCall, GradedCell, check_calls, import_bindings
from coursekit.grading.verify import apply_verdict, verify_cell
from nbgrader.utils import determine_grade


def _visible():
    return [Case("square(3.0)", (3.0,)), Case("square(np.array([1.0, -2.0]))", (np.array([1.0, -2.0]),))]


def _hidden():
    return [Case("a float32 batch", (np.arange(6, dtype=np.float32).reshape(2, 3),), hidden=True,
                 rtol=1e-4, atol=1e-6),
            Case("a Python list", ([1, 2, 3],), hidden=True)]


square = FunctionCheck("square", np.square, _visible, _hidden)
register(globals())


def good(x):
    return np.asarray(x) ** 2


def wrong(x):
    return np.asarray(x) * 2


def in_place(x):
    x *= x
    return x


# --- the codec -----------------------------------------------------------------------------------

VALUES = [
    None, True, 0, -3, 2**80, 1.5, float("nan"), float("inf"), -float("inf"), 1 + 2j, "text",
    [1, [2.5, None]], (1, 2), {"W1": np.ones((2, 3)), "b1": np.zeros(3, np.float32)},
    np.float32(0.1), np.int64(7), np.bool_(True), np.array(3.0),
    np.array([[1, 2], [3, 4]], dtype=np.int8), np.array([np.nan, -0.0, 1e308]),
    np.arange(6, dtype=">f8").reshape(3, 2)[::2], np.array([True, False]),
    np.array([1 + 1j], dtype=np.complex64), np.empty((0, 3)),
    np.array([1, "a", None], dtype=object),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_encode_then_decode_gives_the_same_value_and_type(value):
    data = json.loads(json.dumps(evidence.encode(value), allow_nan=False))
    back = evidence.decode(data)
    assert type(back) is type(value) or isinstance(value, np.ndarray)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        assert np.array_equal(back, value, equal_nan=value.dtype.kind in "fc")
    elif isinstance(value, float) and value != value:
        assert back != back
    elif isinstance(value, dict):
        assert back.keys() == value.keys()
        assert all(np.array_equal(back[k], value[k]) and back[k].dtype == value[k].dtype for k in value)
    else:
        assert back == value


def test_values_that_are_not_data_keep_only_their_type_name():
    back = evidence.decode(evidence.encode(x for x in ()))
    assert isinstance(back, evidence.Opaque) and type(back).__name__ == "generator"

    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")
    assert type(evidence.decode(evidence.encode(Hostile()))).__name__ == "Hostile"


@pytest.mark.parametrize("data", [
    {"$ndarray": {"dtype": "|O8", "shape": [1], "data": "AAAAAAAAAAA="}},     # object dtype
    {"$ndarray": {"dtype": "<f8", "shape": [2], "data": "AAAAAAAAAAA="}},     # too few bytes
    {"$ndarray": {"dtype": "<f8", "shape": [-1], "data": ""}},
    {"$ndarray": {"dtype": "<f8", "shape": [1], "data": "not base64!"}},
    {"$scalar": {"dtype": "<f8", "data": "AAAA"}},
    {"$float": "1.0"}, {"$opaque": "a b"}, {"$unknown": 1}, {"a": 1, "b": 2}, 1e999,
    {"$tuple": {"a": 1}}, {"$complex": [1, 2]},
])
def test_decode_rejects_what_encode_cannot_produce(data):
    with pytest.raises(evidence.MalformedEvidence):
        evidence.decode(data)


# --- emitting --------------------------------------------------------------------------------------

@pytest.fixture
def published(monkeypatch):
    """Grading mode on; what the check displays is collected instead of published."""
    shown = []
    monkeypatch.setenv(evidence.GRADING_ENV, "1")
    monkeypatch.setattr(evidence, "_publish", lambda data: shown.append(data))
    return shown


def test_checks_display_nothing_outside_grading(monkeypatch):
    monkeypatch.delenv(evidence.GRADING_ENV, raising=False)
    monkeypatch.setattr(evidence, "_publish", lambda data: pytest.fail("published"))
    square(good)


def test_a_check_records_every_case_even_after_a_failure(published):
    with pytest.raises(CheckFailure):
        square(wrong)
    (data,) = published
    bundle = data[evidence.MIME]
    assert (bundle["suite"], bundle["check"], bundle["hidden"]) == (__name__, "square", False)
    assert [r["label"] for r in bundle["records"]] == [c.label for c in _visible()]
    assert evidence.decode(bundle["records"][0]["output"]) == 6.0


def test_the_recorder_ignores_a_reassigned_deepcopy(published, monkeypatch):
    import copy as copy_module
    monkeypatch.setattr(copy_module, "deepcopy", lambda x, *a: x)  # would hide in-place changes
    with pytest.raises(CheckFailure, match="in place"):
        square(in_place)


# --- verdicts ------------------------------------------------------------------------------------

CALLS = [CheckCall(square, False), CheckCall(square, True)]


def evidence_outputs(published, fn, hidden=(False, True)):
    for flag in hidden:
        try:
            square(fn, hidden=flag)
        except CheckFailure:
            pass
    return [{"output_type": "display_data", "data": data, "metadata": {}} for data in published]


def graded_cell(outputs, calls=CALLS):
    cell = from_dict({"cell_type": "code", "source": "", "execution_count": 1, "outputs": outputs,
                      "metadata": {"nbgrader": {"grade": True, "solution": False, "points": 2,
                                                "grade_id": "square_tests"}}})
    return cell, GradedCell("square_tests", 2.0, "", calls)


def verdict_of(outputs):
    cell, test = graded_cell(outputs)
    verdict = verify_cell(cell, test)
    apply_verdict(cell, verdict)
    return verdict, determine_grade(cell)[0]


def test_complete_right_evidence_passes_with_full_points(published):
    verdict, score = verdict_of(evidence_outputs(published, good))
    assert verdict.passed and score == 2


def test_wrong_outputs_fail_with_the_checks_own_message(published):
    verdict, score = verdict_of(evidence_outputs(published, wrong))
    assert score == 0 and verdict.problem.startswith("square: square(3.0) returned 6")


def test_hidden_failures_do_not_reveal_the_input(published):
    def wrong_on_lists(x):
        return x ** 2
    verdict, score = verdict_of(evidence_outputs(published, wrong_on_lists))
    assert score == 0 and "On a hidden test (a Python list)" in verdict.problem


def test_missing_hidden_evidence_fails(published):
    verdict, score = verdict_of(evidence_outputs(published, good, hidden=(False,)))
    assert score == 0 and "hidden tests) did not run" in verdict.problem


def test_duplicated_evidence_fails(published):
    outputs = evidence_outputs(published, good)
    verdict, score = verdict_of(outputs + outputs[:1])
    assert score == 0 and "recorded 2 times" in verdict.problem


def test_evidence_of_another_check_fails(published):
    outputs = evidence_outputs(published, good)
    outputs[0]["data"][evidence.MIME]["check"] = "cube"
    verdict, score = verdict_of(outputs)
    assert score == 0 and "does not call" in verdict.problem


def test_evidence_for_fewer_cases_than_the_check_has_fails(published):
    outputs = evidence_outputs(published, good)
    outputs[1]["data"][evidence.MIME]["records"].pop()
    verdict, score = verdict_of(outputs)
    assert score == 0 and "cover 1 of the 2 hidden tests" in verdict.problem


def test_a_repeated_case_fails(published):
    outputs = evidence_outputs(published, good)
    records = outputs[0]["data"][evidence.MIME]["records"]
    records[1] = copy.deepcopy(records[0])
    verdict, score = verdict_of(outputs)
    assert score == 0 and "malformed" in verdict.problem


def test_forged_outputs_with_a_hidden_mutation_fail(published):
    """Evidence claiming the right output is judged on the arguments after the call too."""
    outputs = evidence_outputs(published, in_place)
    verdict, score = verdict_of(outputs)
    assert score == 0 and "in place" in verdict.problem


@pytest.mark.parametrize("bundle", [None, "text", {"version": 2}, {"version": 1, "suite": 1}])
def test_malformed_bundles_fail(bundle, published):
    outputs = evidence_outputs(published, good)
    outputs.append({"output_type": "display_data", "data": {evidence.MIME: bundle}, "metadata": {}})
    verdict, score = verdict_of(outputs)
    assert score == 0 and "malformed" in verdict.problem


def test_an_error_after_complete_evidence_still_fails(published):
    outputs = evidence_outputs(published, good)
    outputs.append({"output_type": "error", "ename": "KeyboardInterrupt", "evalue": "",
                    "traceback": []})
    verdict, score = verdict_of(outputs)
    assert score == 0 and "did not finish cleanly (KeyboardInterrupt)" in verdict.problem


def test_a_passing_cell_loses_partial_credit_outputs_and_stderr(published):
    outputs = evidence_outputs(published, good)
    outputs.insert(0, {"output_type": "execute_result", "data": {"text/plain": "0.1"},
                       "metadata": {}, "execution_count": 1})
    outputs.insert(0, {"output_type": "stream", "name": "stderr", "text": "debug\n"})
    verdict, score = verdict_of(outputs)
    assert verdict.passed and score == 2


# --- reading test cells --------------------------------------------------------------------------

SETUP = "import numpy as np\nfrom coursekit.checks import activations as check"


def test_test_cells_are_read_as_their_check_calls():
    bindings = import_bindings([SETUP])
    calls = check_calls("check.sigmoid(sigmoid)\n### BEGIN HIDDEN TESTS\n"
                        "check.sigmoid(sigmoid, hidden=True)\n### END HIDDEN TESTS", bindings)
    assert [(c.check.name, c.check.suite, c.hidden) for c in calls] == [
        ("sigmoid", "coursekit.checks.activations", False),
        ("sigmoid", "coursekit.checks.activations", True)]


@pytest.mark.parametrize("source", [
    "assert sigmoid(0) == 0.5",                                  # no check
    "for f in [sigmoid]:\n    check.sigmoid(f)",                 # number of calls unknown
    "check.sigmoid(sigmoid, hidden=flag)",                       # hidden not a constant
])
def test_cells_that_cannot_be_verified_are_left_to_nbgrader(source):
    assert check_calls(source, import_bindings([SETUP])) is None
