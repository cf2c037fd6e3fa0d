"""The check machinery: records, judging, messages, isolation of dependencies."""
import numpy as np
import pytest

from coursekit.checks.core import (Case, CheckFailure, FunctionCheck, Record, judge, run_case,
                                   with_globals)


def stable_sigmoid(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))


def visible():
    return [Case("sigmoid(0.0)", (0.0,), hint="sigmoid(0) is one half."),
            Case("sigmoid(-1000.0)", (-1000.0,), hint="np.exp(1000) overflows.")]


def hidden():
    return [Case("a float64 batch of shape (2, 3)", (np.linspace(-3, 3, 6).reshape(2, 3),),
                 hidden=True)]


CHECK = FunctionCheck("sigmoid", stable_sigmoid, visible, hidden)


def test_correct_function_passes_and_says_so(capsys):
    CHECK(stable_sigmoid)
    CHECK(stable_sigmoid, hidden=True)
    assert "sigmoid: all 2 visible tests passed." in capsys.readouterr().out


def test_overflow_warning_fails_even_when_the_numbers_are_right():
    with np.errstate(over="ignore"):
        assert naive_sigmoid(-1000.0) == 0.0  # the right number, reached through an overflow
    with pytest.raises(CheckFailure) as info:
        CHECK(naive_sigmoid)
    message = str(info.value)
    assert message.startswith("sigmoid: sigmoid(-1000.0) emitted a warning (RuntimeWarning: overflow")
    assert "Hint: np.exp(1000) overflows." in message


def test_global_seterr_ignore_does_not_hide_the_overflow():
    old = np.seterr(all="ignore")
    try:
        record = run_case(naive_sigmoid, Case("sigmoid(-1000.0)", (-1000.0,)))
    finally:
        np.seterr(**old)
    assert record.warnings and record.warnings[0].startswith("RuntimeWarning: overflow")


def test_wrong_value_message_names_input_expected_and_actual():
    with pytest.raises(CheckFailure) as info:
        CHECK(lambda x: np.asarray(x) * 0 + 0.25)
    assert "sigmoid(0.0) returned 0.25; expected 0.5." in str(info.value)


def test_hidden_case_does_not_reveal_input_or_expected_values():
    def wrong_on_batches(x):
        x = np.asarray(x, dtype=np.float64)
        return stable_sigmoid(x) if x.ndim == 0 else stable_sigmoid(x) + 0.1

    CHECK(wrong_on_batches)
    with pytest.raises(CheckFailure) as info:
        CHECK(wrong_on_batches, hidden=True)
    message = str(info.value)
    assert "On a hidden test (a float64 batch of shape (2, 3))" in message
    assert "a wrong value at index (0, 0) (6 of 6 values wrong)" in message
    assert "expected" not in message


@pytest.mark.parametrize("bad, fragment", [
    (lambda x: None, "returned None (did you forget `return`?)"),
    (lambda x: "0.5", "returned a str; expected a number or a NumPy array."),
    (lambda x: [0.5, 0.5], "returned an array of shape (2,); expected shape ()."),
    (lambda x: float("nan"), "sigmoid(0.0) returned nan; expected 0.5."),
    (lambda x: 1 / 0, "raised ZeroDivisionError: division by zero"),
    (lambda x: np.complex128(0.5), "returned a complex128; expected a number or a NumPy array."),
])
def test_garbage_results_get_a_message_not_a_traceback(bad, fragment):
    with pytest.raises(CheckFailure) as info:
        CHECK(bad)
    assert fragment in str(info.value)


def test_not_implemented_says_so():
    def stub(x):
        raise NotImplementedError()

    with pytest.raises(CheckFailure, match="is not written yet: it raises NotImplementedError"):
        CHECK(stub)


def test_passing_a_value_instead_of_a_function():
    with pytest.raises(CheckFailure, match=r"Pass the function itself, without calling it"):
        CHECK(0.5)


def test_in_place_modification_of_the_input_is_reported():
    def relu_in_place(x):
        x[x < 0] = 0
        return x

    case = Case("relu(x)", (np.array([-1.0, 2.0]),))
    record = run_case(relu_in_place, case)
    assert record.mutated == ["x"]
    assert case.args[0][0] == -1.0  # the case's own data is untouched
    assert "changed its input in place (x)" in judge(case, record, np.array([0.0, 2.0]))
    assert run_case(lambda *a: a[0].fill(0), case).mutated == ["argument 1"]


def test_custom_judge_and_explicit_expected_value():
    def truth_table_judge(case, record, expected):
        return None if record.output == expected else f"{case.label} returned {record.output}"

    check = FunctionCheck("AND", None, lambda: [
        Case("AND(1, 1)", (1, 1), expected=1, judge=truth_table_judge)])
    check(lambda a, b: a and b)
    with pytest.raises(CheckFailure, match=r"AND\(1, 1\) returned 0"):
        check(lambda a, b: 0)


def sigmoid(x):  # a student's wrong sigmoid, which sigmoid_grad below calls
    return np.zeros_like(np.asarray(x, dtype=np.float64))


def student_sigmoid_grad(x):
    s = sigmoid(x)
    return s * (1 - s)


def test_dependencies_judge_each_exercise_on_its_own():
    check = FunctionCheck("sigmoid_grad", lambda x: stable_sigmoid(x) * (1 - stable_sigmoid(x)),
                          lambda: [Case("sigmoid_grad(0.0)", (0.0,))],
                          dependencies={"sigmoid": stable_sigmoid})
    check(student_sigmoid_grad)
    assert student_sigmoid_grad(0.0) == 0.0  # the student's own function is left as it was
    with pytest.raises(CheckFailure):
        FunctionCheck("sigmoid_grad", check.reference, check.visible)(student_sigmoid_grad)


def test_with_globals_leaves_functions_that_do_not_use_the_name():
    def f(x):
        return x

    assert with_globals(f, {"sigmoid": stable_sigmoid}) is f
    assert with_globals(np.tanh, {"sigmoid": stable_sigmoid}) is np.tanh


def test_record_is_plain_data():
    record = run_case(stable_sigmoid, Case("sigmoid(0.0)", (0.0,)))
    assert isinstance(record, Record)
    assert (record.error, record.warnings, record.mutated) == (None, [], [])
    assert float(record.output) == 0.5
