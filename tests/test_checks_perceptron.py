"""coursekit.checks.perceptron: many right answers pass, plausible wrong ones fail with a message
that names the input, what came back and what to fix.

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
from coursekit.checks.core import Record, judge, run_case, with_globals

import student
from student import define, passes


failure = partial(student.failure, hidden=False)  # the visible suite unless told


def wrong_perceptron(x, w, b):
    """A broken `perceptron` left in the notebook: always 1."""
    return 1


# ------------------------------------------------------------------------ gates

AND_VARIANTS = {
    "notes if/else": """
        def AND(x1, x2):
            w1, w2, b = 0.5, 0.5, -0.7
            if x1 * w1 + x2 * w2 + b <= 0:
                return 0
            return 1
        """,
    "numpy dot": """
        def AND(x1, x2):
            x, w = np.array([x1, x2]), np.array([0.5, 0.5])
            return int(np.dot(w, x) - 0.7 > 0)
        """,
    "w = 1, 1 and b = -1.5": "def AND(x1, x2):\n    return int(x1 + x2 - 1.5 > 0)\n",
    "w = 1, 1 and b = -1 thanks to step(0) = 0": "def AND(x1, x2):\n    return int(x1 + x2 - 1 > 0)\n",
    "returns a bool": "def AND(x1, x2):\n    return 0.5 * x1 + 0.5 * x2 - 0.7 > 0\n",
    "returns np.bool_": "def AND(x1, x2):\n    return np.dot([x1, x2], [0.5, 0.5]) - 0.7 > 0\n",
    "returns a float": "def AND(x1, x2):\n    return float(0.5 * x1 + 0.5 * x2 > 0.7)\n",
    "returns a 0-d array": """
        def AND(x1, x2):
            return np.asarray(np.array([x1, x2]) @ np.array([2.0, 3.0]) - 4.0 > 0, dtype=int)
        """,
    "np.heaviside": "def AND(x1, x2):\n    return np.heaviside(0.5 * x1 + 0.5 * x2 - 0.7, 0)\n",
    "np.where, works on arrays too": "def AND(x1, x2):\n    return np.where(x1 * 0.5 + x2 * 0.5 - 0.7 > 0, 1, 0)\n",
    "the course's step": "def AND(x1, x2):\n    return step(0.5 * x1 + 0.5 * x2 - 0.7)\n",
    "calls perceptron (a broken one in the notebook)": """
        def AND(x1, x2):
            return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
        """,
    "min": "def AND(x1, x2):\n    return min(x1, x2)\n",
    "python and": "def AND(x1, x2):\n    return int(bool(x1) and bool(x2))\n",
    "lookup table": "def AND(x1, x2):\n    return {(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1}[(x1, x2)]\n",
    "large weights": "def AND(x1, x2):\n    return int(1e6 * x1 + 1e6 * x2 - 1.5e6 > 0)\n",
}


@pytest.mark.parametrize("source", AND_VARIANTS.values(), ids=AND_VARIANTS.keys())
def test_correct_AND_variants_pass(source):
    from coursekit.functions import step
    passes(check.AND, define(source, "AND", step=step, perceptron=wrong_perceptron))


OR_VARIANTS = {
    "notes weights": "def OR(x1, x2):\n    return 1 if 0.6 * x1 + 0.6 * x2 - 0.5 > 0 else 0\n",
    "w = 1, 1 and b = -0.5": "def OR(x1, x2):\n    return int(x1 + x2 - 0.5 > 0)\n",
    "b = 0 thanks to step(0) = 0": "def OR(x1, x2):\n    return int(x1 + x2 > 0)\n",
    "max": "def OR(x1, x2):\n    return max(x1, x2)\n",
    "numpy bool": "def OR(x1, x2):\n    return np.array([x1, x2]) @ np.array([0.6, 0.6]) > 0.5\n",
}

NAND_VARIANTS = {
    "notes weights flipped": "def NAND(x1, x2):\n    return int(-0.5 * x1 - 0.5 * x2 + 0.7 > 0)\n",
    "w = -2, -2 and b = 3": "def NAND(x1, x2):\n    return int(-2 * x1 - 2 * x2 + 3 > 0)\n",
    "1 - x1 * x2": "def NAND(x1, x2):\n    return 1 - x1 * x2\n",
    "returns a float": "def NAND(x1, x2):\n    return float(-0.5 * x1 - 0.5 * x2 + 0.7 > 0)\n",
}


@pytest.mark.parametrize("source", OR_VARIANTS.values(), ids=OR_VARIANTS.keys())
def test_correct_OR_variants_pass(source):
    passes(check.OR, define(source, "OR"))


@pytest.mark.parametrize("source", NAND_VARIANTS.values(), ids=NAND_VARIANTS.keys())
def test_correct_NAND_variants_pass(source):
    passes(check.NAND, define(source, "NAND"))


def test_the_course_gates_pass_their_checks():
    for name in ("AND", "OR", "NAND"):
        passes(getattr(check, name), gates.GATES[name])


def test_visible_pass_is_announced(capsys):
    check.AND(gates.AND)
    assert "AND: all 4 visible tests passed." in capsys.readouterr().out


# (source, name of the check, fragments the message must contain)
WRONG_GATES = {
    "reversed output rule (misconception 3)": (
        "def AND(x1, x2):\n    return 0 if 0.5 * x1 + 0.5 * x2 - 0.7 > 0 else 1\n", "AND",
        ["AND(0, 0) returned 1; expected 0.", "Every output is flipped",
         "w·x + b > 0"]),
    "OR's weights for AND": (
        "def AND(x1, x2):\n    return int(0.6 * x1 + 0.6 * x2 - 0.5 > 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "That is the truth table of OR, not AND."]),
    ">= with weights that need >": (
        "def AND(x1, x2):\n    return int(x1 + x2 - 1 >= 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "w1 + b must stay at or below 0"]),
    "bias forgotten": (
        "def AND(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 > 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "truth table of OR"]),
    "NAND with the bias not flipped": (
        "def NAND(x1, x2):\n    return int(-0.5 * x1 - 0.5 * x2 - 0.7 > 0)\n", "NAND",
        ["NAND(0, 0) returned 0; expected 1.", "b must be positive",
         "It returns 0 for every input"]),
    "NAND = AND (nothing flipped)": (
        "def NAND(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "NAND",
        ["NAND(0, 0) returned 0; expected 1.", "Every output is flipped"]),
    "OR with AND's weights": (
        "def OR(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "OR",
        ["OR(1, 0) returned 0; expected 1.", "w1 + b > 0", "truth table of AND, not OR"]),
    "OR with the threshold on the wrong side": (
        "def OR(x1, x2):\n    return int(0.6 * x1 + 0.6 * x2 > -0.5)\n", "OR",
        ["OR(0, 0) returned 1; expected 0.", "It returns 1 for every input"]),
    "no step (returns the sum)": (
        "def AND(x1, x2):\n    return 0.5 * x1 + 0.5 * x2 - 0.7\n", "AND",
        ["AND(0, 0) returned -0.7; expected 0 or 1"]),
    "forgot return": (
        "def AND(x1, x2):\n    y = int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "AND",
        ["AND(0, 0) returned None (did you forget `return`?)"]),
    "returns a one-element array": (
        "def AND(x1, x2):\n    return np.array([int(x1 + x2 > 1.5)])\n", "AND",
        ["returned an array of shape (1,); expected a single number, 0 or 1."]),
    "returns a list": (
        "def AND(x1, x2):\n    return [int(x1 + x2 > 1.5)]\n", "AND",
        ["AND(0, 0) returned a list of length 1; expected a single number, 0 or 1."]),
    "returns a string": (
        "def AND(x1, x2):\n    return '1' if x1 + x2 > 1.5 else '0'\n", "AND",
        ["AND(0, 0) returned a str ('0'); expected 0 or 1"]),
    "not written yet": (
        "def OR(x1, x2):\n    raise NotImplementedError()\n", "OR",
        ["OR: OR(0, 0) is not written yet: it raises NotImplementedError."]),
    "crashes": (
        "def OR(x1, x2):\n    return x1 + x2 + undefined_name\n", "OR",
        ["OR(0, 0) raised NameError: name 'undefined_name' is not defined"]),
}


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


HIDDEN_ONLY_WRONG_GATES = {
    "list indexing breaks on floats": (
        "def AND(x1, x2):\n    return [[0, 0], [0, 1]][x1][x2]\n", "AND",
        "float inputs 0.0 / 1.0", "raised TypeError"),
    "type test on int": (
        "def OR(x1, x2):\n    return 1 if x1 == 1 or x2 == 1 and type(x2) is int else 0\n",
        "OR", "float inputs", "returned 0, which is wrong for that input."),
    "bitwise and breaks on floats": (
        "def AND(x1, x2):\n    return x1 & x2\n", "AND", "float inputs", "raised TypeError"),
}


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
    message = failure(check.AND, gates.AND(1, 1))
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

PERCEPTRON_VARIANTS = {
    "np.dot and if": """
        def perceptron(x, w, b):
            if np.dot(w, x) + b > 0:
                return 1
            return 0
        """,
    "np.sum": "def perceptron(x, w, b):\n    return int(np.sum(w * x) + b > 0)\n",
    "matmul, bool result": "def perceptron(x, w, b):\n    return x @ w + b > 0\n",
    "python loop": """
        def perceptron(x, w, b):
            total = b
            for xi, wi in zip(x, w):
                total += xi * wi
            return 1 if total > 0 else 0
        """,
    "heaviside, float result": "def perceptron(x, w, b):\n    return np.heaviside(np.dot(x, w) + b, 0.0)\n",
    "astype": "def perceptron(x, w, b):\n    return (np.dot(x, w) + b > 0).astype(np.int64)\n",
    "the course's step": "def perceptron(x, w, b):\n    return step(np.dot(x, w) + b)\n",
    "copies then works in place": """
        def perceptron(x, w, b):
            s = np.array(x, dtype=float)
            s *= w
            return int(s.sum() + b > 0)
        """,
    "threshold form, theta = -b": """
        def perceptron(x, w, b):
            theta = -b
            return 1 if np.dot(w, x) > theta else 0
        """,
}


@pytest.mark.parametrize("source", PERCEPTRON_VARIANTS.values(), ids=PERCEPTRON_VARIANTS.keys())
def test_correct_perceptron_variants_pass(source):
    from coursekit.functions import step
    passes(check.perceptron, define(source, "perceptron", step=step))


def test_the_course_perceptron_passes():
    passes(check.perceptron, gates.perceptron)


WRONG_PERCEPTRONS = {
    ">= instead of > (step(0) = 1)": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) + b >= 0)\n",
        ["perceptron(x=[1, 1], w=[0.5, 0.5], b=-1.0) returned 1; expected 0.",
         "a sum of exactly 0 gives 0"]),
    "reversed output (misconception 3)": (
        "def perceptron(x, w, b):\n    return 0 if np.dot(w, x) + b > 0 else 1\n",
        ["perceptron(x=[1, 1], w=[0.5, 0.5], b=-0.7) returned 0; expected 1."]),
    "bias ignored": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) > 0)\n",
        ["perceptron(x=[1, 0], w=[0.5, 0.5], b=-0.7) returned 1; expected 0."]),
    "bias used as the threshold": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) > b)\n",
        ["perceptron(x=[0, 0], w=[0.5, 0.5], b=-0.7) returned 1; expected 0.",
         "do not compare w·x with b"]),
    "only two inputs": (
        "def perceptron(x, w, b):\n    return int(x[0] * w[0] + x[1] * w[1] + b > 0)\n",
        ["perceptron(x=[1, 0, 1], w=[0.2, -0.5, 0.4], b=-0.5) returned 0; expected 1.",
         "Sum over all n inputs"]),
    "modifies x in place": (
        "def perceptron(x, w, b):\n    x *= w\n    return int(x.sum() + b > 0)\n",
        ["changed its input in place (x)"]),
    "no step": (
        "def perceptron(x, w, b):\n    return np.dot(w, x) + b\n",
        ["returned 0.3; expected 0 or 1"]),
    "elementwise, not summed": (
        "def perceptron(x, w, b):\n    return (x * w + b > 0).astype(int)\n",
        ["returned an array of shape (2,); expected a single number, 0 or 1."]),
}


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

UPDATE_VARIANTS = {
    "the rule": """
        def perceptron_update(w, b, x, t, lr):
            y = perceptron(x, w, b)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
    "inline output, if/else": """
        def perceptron_update(w, b, x, t, lr):
            y = 1 if np.dot(w, x) + b > 0 else 0
            if y == t:
                return w, b
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
    "copy then in place": """
        def perceptron_update(w, b, x, t, lr):
            error = t - int(np.dot(w, x) + b > 0)
            w_new = w.astype(float)
            w_new += lr * error * x
            return w_new, b + lr * error
        """,
    "returns a list": """
        def perceptron_update(w, b, x, t, lr):
            error = t - (x @ w + b > 0)
            return [np.add(w, lr * error * x), float(b + lr * error)]
        """,
    "wrong perceptron in the notebook is replaced": """
        def perceptron_update(w, b, x, t, lr):
            error = t - perceptron(x, w, b)
            return w + lr * error * x, b + lr * error
        """,
    "loop over coordinates": """
        def perceptron_update(w, b, x, t, lr):
            error = t - (1 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0)
            return np.array([wi + lr * error * xi for wi, xi in zip(w, x)]), b + lr * error
        """,
}


@pytest.mark.parametrize("source", UPDATE_VARIANTS.values(), ids=UPDATE_VARIANTS.keys())
def test_correct_update_variants_pass(source):
    passes(check.perceptron_update, define(source, "perceptron_update",
                                           perceptron=wrong_perceptron))


def test_reference_update_matches_the_rule_by_hand():
    w, b = check.reference_update(np.array([0.0, 0.0]), 0.0, np.array([1.0, 1.0]), 1, 0.1)
    np.testing.assert_allclose(w, [0.1, 0.1])
    assert b == pytest.approx(0.1)
    w, b = check.reference_update(np.array([0.5, 0.5]), -0.2, np.array([1.0, 0.0]), 0, 0.1)
    np.testing.assert_allclose(w, [0.4, 0.5])
    assert b == pytest.approx(-0.3)


WRONG_UPDATES = {
    "sign error": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (y - t) * x, b + lr * (y - t)
        """,
        ["returned w = [-0.1, -0.1], b = -0.1; expected w = [0.1, 0.1], b = 0.1.",
         "the error is t - y, not y - t"]),
    "in place (w +=)": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            w += lr * (t - y) * x
            return w, b + lr * (t - y)
        """,
        ["changed its input in place (w)"]),
    "step(0) = 1 in the output": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b >= 0)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
        ["expected w = [0.1, 0.1], b = 0.1. Nothing changed, but the output y was wrong",
         "step(0) = 0"]),
    "bias not updated": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (t - y) * x, b
        """,
        ["returned w = [0.1, 0.1], b = 0; expected w = [0.1, 0.1], b = 0.1."]),
    "updates on every sample (t instead of t - y)": (
        """
        def perceptron_update(w, b, x, t, lr):
            return w + lr * t * x, b + lr * t
        """,
        ["perceptron_update(w=[0.5, 0.5], b=-0.2, x=[1, 0], t=0, lr=0.1) returned",
         "Nothing changed, but the output y was wrong"]),
    "bias left out of the output": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) > 0)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
        ["perceptron_update(w=[0.2, -0.4, 0.1], b=0.3, x=[1, 1, 0], t=1, lr=0.5) returned",
         "already classified correctly"]),
    "returns only w": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (t - y) * x
        """,
        ["returned an array of shape (2,); expected a pair (w, b)"]),
    "returns (b, w)": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return b + lr * (t - y), w + lr * (t - y) * x
        """,
        ["returned w of shape (); expected shape (2,)."]),
    "returns a dict": (
        """
        def perceptron_update(w, b, x, t, lr):
            return {"w": w, "b": b}
        """,
        ["returned a dict"]),
    "lr forgotten": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + (t - y) * x, b + (t - y)
        """,
        ["returned w = [1, 1], b = 1; expected w = [0.1, 0.1], b = 0.1."]),
}


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

TRAIN_VARIANTS = {
    "epochs with early stop, calls perceptron_update": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                before = (w.copy(), b)
                for x, target in zip(X, t):
                    w, b = perceptron_update(w, b, x, target, lr)
                if np.array_equal(before[0], w) and before[1] == b:
                    break
            return w, b
        """,
    "all epochs, inline rule": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for i in range(len(X)):
                    error = t[i] - (1 if X[i] @ w + b > 0 else 0)
                    w = w + lr * error * X[i]
                    b = b + lr * error
            return w, b
        """,
    "random start, shuffled order": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            rng = np.random.default_rng(0)
            w, b = rng.normal(size=X.shape[1]), 0.0
            for _ in range(epochs):
                for i in rng.permutation(len(X)):
                    w, b = perceptron_update(w, b, X[i], t[i], lr)
            return w, b
        """,
    "batch perceptron (sums an epoch's corrections)": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=float)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                error = t - (X @ w + b > 0)
                if not error.any():
                    break
                w, b = w + lr * error @ X, b + lr * error.sum()
            return w, b
        """,
    "returns a list": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = [0.0] * X.shape[1], 0.0
            for _ in range(epochs):
                for x, target in zip(X, t):
                    w, b = perceptron_update(np.array(w), b, x, target, lr)
            return [list(w), b]
        """,
}


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
    X, t = check.separable_data(40, 3, seed=0, margin=0.05)
    assert X.shape == (40, 3) and t.shape == (40,)
    assert 10 < t.sum() < 30
    # The perceptron converges only on linearly separable data.
    assert gates.Perceptron(3, lr=1.0).fit(X, t, epochs=1000).converged_


WRONG_TRAINING = {
    "sign error": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for x, target in zip(X, t):
                    error = (1 if x @ w + b > 0 else 0) - target
                    w, b = w + lr * error * x, b + lr * error
            return w, b
        """, "on the AND truth table", "its target is"),
    "bias never learned": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w = np.zeros(X.shape[1])
            for _ in range(epochs):
                for x, target in zip(X, t):
                    w, _ = perceptron_update(w, 0.0, x, target, lr)
            return w, 0.0
        """, "on the AND truth table", "samples wrong"),
    "a single epoch": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for x, target in zip(X, t):
                w, b = perceptron_update(w, b, x, target, lr)
            return w, b
        """, "on the AND truth table", "its target is 0"),
    "returns the untrained start": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.zeros(X.shape[1]), 0.0
        """, "returned w = [0, 0], b = 0", "its target is 1"),
    "returns only w": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.ones(X.shape[1])
        """, "returned an array of shape (2,)", "expected a pair (w, b)"),
    "weights of the wrong length": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.zeros(X.shape[1] + 1), 0.0
        """, "returned w of shape (3,)", "expected shape (2,)"),
    "nan weights": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.full(X.shape[1], np.nan), 0.0
        """, "nan or inf", "train_perceptron"),
}


@pytest.mark.parametrize("case", WRONG_TRAINING.values(), ids=WRONG_TRAINING.keys())
def test_wrong_training_fails_with_a_teaching_message(case):
    source, *fragments = case
    message = failure(check.train_perceptron, define(source, "train_perceptron",
                                                     perceptron_update=check.reference_update))
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
        """, "train_perceptron", perceptron_update=check.reference_update)
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
    fn = with_globals(fn, chk.dependencies)
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
    fn = define(source, name, perceptron_update=check.reference_update)
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
