"""coursekit.checks.lookalikes: a failing comparison names the slip the output matches, and only
a slip that explains the difference."""
import numpy as np

from coursekit.checks.core import Case, Record
from coursekit.checks.lookalikes import compare_output, matches_slip, with_lookalikes

CASE = Case("f(np.array([-1.0, 2.0]))", (np.array([-1.0, 2.0]),))
EXPECTED = np.array([0.0, 2.0])  # relu
SLIPS = [(np.abs, "That is |x|."), (lambda x: 2 * x, "That is 2x.")]
judge = with_lookalikes(SLIPS)


def test_a_right_output_passes():
    assert judge(CASE, Record(CASE.label, output=np.array([0.0, 2.0])), EXPECTED) is None


def test_a_wrong_output_that_matches_a_slip_gets_its_explanation():
    message = judge(CASE, Record(CASE.label, output=np.array([1.0, 2.0])), EXPECTED)
    assert message == ("f(np.array([-1.0, 2.0])) returned 1 at index (0,); expected 0 "
                       "(1 of 2 values differ). That is |x|.")


def test_a_wrong_output_that_matches_no_slip_gets_the_plain_message():
    message = judge(CASE, Record(CASE.label, output=np.array([5.0, 2.0])), EXPECTED)
    assert message.endswith("(1 of 2 values differ).")


def test_a_slip_that_agrees_with_the_right_answer_explains_nothing():
    case = Case("f(np.array([2.0]))", (np.array([2.0]),))
    # |2| == relu(2): the |x| slip matches the output but also the expected value, so it is skipped
    message = with_lookalikes(SLIPS, base=lambda c, r, e: "wrong type")(
        case, Record(case.label, output=np.array([2.0])), np.array([2.0]))
    assert message == "wrong type"


def test_garbage_and_slips_that_raise_match_nothing():
    def raises(x):
        raise ValueError("no")

    assert not matches_slip(CASE, None, np.abs)
    assert not matches_slip(CASE, "text", np.abs)
    assert not matches_slip(CASE, np.array([1.0, 2.0]), raises)
    assert not matches_slip(CASE, np.array([1.0]), np.abs)  # wrong shape


def test_slips_are_computed_on_copies_without_warnings():
    def overflowing_slip(x):
        x *= 1e308
        return x * 10

    out = np.array([-np.inf, np.inf])
    assert matches_slip(CASE, out, overflowing_slip)
    assert CASE.args[0].tolist() == [-1.0, 2.0]


def test_compare_output_is_the_plain_comparison():
    assert compare_output(CASE, Record(CASE.label, output=EXPECTED), EXPECTED) is None
