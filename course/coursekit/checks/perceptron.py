"""Checks for day 1: gates as perceptrons, the general perceptron, and the perceptron learning rule.

    from coursekit.checks import perceptron as check
    check.AND(AND); check.OR(OR); check.NAND(NAND)
    check.perceptron(perceptron)
    check.perceptron_update(perceptron_update)
    check.train_perceptron(train_perceptron)

Policy (what passes):
- A gate is judged on its truth table only, so any weights and bias that realise it pass, and so
  does an if/else or a NumPy version. Students are asked for scalar inputs; hidden cases feed the
  same four inputs as floats (0.0/1.0), bools and NumPy scalars. An output passes when it is a
  single number equal to 0 or 1: an int, a bool, a float such as 1.0, a NumPy scalar or a 0-d
  array. A size-1 array of shape (1,) does not pass (a gate returns one number, not a list).
- `perceptron(x, w, b)` takes one input vector x (n,) and returns 0 or 1 under the course rule:
  1 when w·x + b > 0, so a sum of exactly 0 gives 0.
- `perceptron_update(w, b, x, t, lr)` is compared with the rule w + lr (t - y) x, b + lr (t - y)
  and must not change w or x in place. `train_perceptron(X, t, lr, epochs)` is judged by what its
  (w, b) do: they must classify every training sample correctly; the weights themselves may be
  any that do.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .. import gates
from .core import Case, CheckFailure, FunctionCheck, as_numeric, register, run_case, with_globals

RULE = "the output is 1 only when w·x + b > 0 (strictly): a sum of exactly 0 gives 0"


# ---------------------------------------------------------------- reading a student's output

def as_bit(value: Any) -> Optional[int]:
    """`value` as the int 0 or 1 when it is a single number equal to 0 or 1, else None."""
    array = as_numeric(value)
    if array is None or array.ndim != 0 or float(array) not in (0.0, 1.0):
        return None
    return int(array)


def describe(value: Any) -> str:
    """A short, student-readable account of a returned value."""
    if value is None:
        return "None (did you forget `return`?)"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    array = as_numeric(value)
    if array is None:
        shown = f" ({value!r:.40})" if isinstance(value, str) else ""
        return f"a {type(value).__name__}{shown}"
    if array.ndim:
        return f"an array of shape {array.shape}"
    return np.format_float_positional(float(array), precision=6, trim="-")


def subject(case: Case) -> str:
    """How a message names the call: its label, or a hidden case's description."""
    return f"On a hidden test ({case.label}), your function" if case.hidden else case.label


def bit_problem(case: Case, output: Any, expected: int) -> Optional[str]:
    """The problem with `output` as the 0/1 answer of `case`, or None if it equals `expected`."""
    bit = as_bit(output)
    if bit == expected:
        return None
    if bit is None:
        array = as_numeric(output)
        several = isinstance(output, (list, tuple)) or (array is not None and array.ndim)
        kind = ("a single number, 0 or 1" if several
                else "0 or 1 (a step's output is never anything else)")
        return f"{subject(case)} returned {describe(output)}; expected {kind}."
    if case.hidden:
        return f"{subject(case)} returned {bit}, which is wrong for that input."
    return f"{subject(case)} returned {bit}; expected {expected}."


def judge_bit(case: Case, record, expected: Any) -> Optional[str]:
    return bit_problem(case, record.output, int(expected))


# ---------------------------------------------------------------- gates

INPUTS = ((0, 0), (1, 0), (0, 1), (1, 1))  # the order of every truth table in the course

# Why a wrong output is wrong, per gate and input; the hint shown when that case fails.
GATE_HINTS = {
    "AND": ("With both inputs 0 the sum w·x + b is just b, so b must be 0 or negative.",
            "One input alone must not reach the threshold: w1 + b must stay at or below 0.",
            "One input alone must not reach the threshold: w2 + b must stay at or below 0.",
            "Both inputs together must push the sum above 0: w1 + w2 + b > 0."),
    "OR": ("With both inputs 0 the sum w·x + b is just b, so b must be 0 or negative.",
           "One input alone must push the sum above 0: w1 + b > 0.",
           "One input alone must push the sum above 0: w2 + b > 0.",
           "If each input alone gives 1, both together should too (make w1 and w2 positive)."),
    "NAND": ("With both inputs 0 the sum is just b, and NAND(0, 0) = 1, so b must be positive. "
             "NAND is AND with every sign flipped, the bias included.",
             "One input alone must keep the sum above 0: w1 + b > 0.",
             "One input alone must keep the sum above 0: w2 + b > 0.",
             "Both inputs together must pull the sum to 0 or below: w1 + w2 + b <= 0."),
}


def _bit_strings(bits) -> str:
    return " ".join(str(b) for b in bits)


def gate_targets(name: str) -> list:
    """The gate's outputs on INPUTS, as ints."""
    return [int(v) for v in gates.truth_table(name)[1]]


def gate_visible(name: str, hints) -> list:
    """The visible cases of a two-input gate judged on its truth table (its hidden cases, the
    same inputs as other number types, are in the answer key)."""
    return [Case(f"{name}({a}, {b})", (a, b), hint=hint, expected=target, judge=judge_bit)
            for (a, b), target, hint in zip(INPUTS, gate_targets(name), hints)]


def truth_table_of(fn, name: str, dependencies: dict) -> Optional[tuple]:
    """The outputs of `fn` on the four inputs as 0/1 ints, or None if any is not a clean bit."""
    fn = with_globals(fn, dependencies)
    bits = tuple(as_bit(run_case(fn, Case(name, pair)).output) for pair in INPUTS)
    return None if None in bits else bits


def diagnose_table(name: str, bits: tuple) -> Optional[str]:
    """What a whole wrong truth table says about the mistake, or None if it says nothing more."""
    target = tuple(int(v) for v in gates.truth_table(name)[1])
    if bits == target:
        return None
    shown = (f"Your {name} gives {_bit_strings(bits)} on the inputs (0,0), (1,0), (0,1), (1,1); "
             f"{name} needs {_bit_strings(target)}.")
    if bits == tuple(1 - v for v in target):
        return (f"{shown} Every output is flipped: check the direction of the rule, {RULE}.")
    if len(set(bits)) == 1:
        return (f"{shown} It returns {bits[0]} for every input: check the bias, which alone "
                f"decides the output at (0, 0).")
    same = [g for g in ("AND", "OR", "NAND", "XOR")
            if g != name and bits == tuple(int(v) for v in gates.truth_table(g)[1])]
    if same:
        return f"{shown} That is the truth table of {same[0]}, not {name}."
    return shown


class GateCheck(FunctionCheck):
    """A FunctionCheck for a two-input gate that, when a case fails, also reads the student's
    whole truth table and says what it is (flipped, constant, or another gate's)."""

    def __call__(self, fn, hidden: bool = False) -> None:
        try:
            super().__call__(fn, hidden)
        except CheckFailure as failure:
            bits = truth_table_of(fn, self.name, self.dependencies)
            note = diagnose_table(self.name, bits) if bits else None
            if not note:
                raise
            raise CheckFailure(f"{failure}\n{note}") from None


def gate_check(name: str, hints, dependencies: dict) -> GateCheck:
    """The check of a gate judged on its truth table (its suite is the module that registers it)."""
    return GateCheck(name, reference=None, visible=lambda: gate_visible(name, hints),
                     dependencies=dependencies)


# A gate may call the student's own `perceptron`; it is judged with the course's instead.
_GATE_DEPENDENCIES = {"perceptron": gates.perceptron}
AND = gate_check("AND", GATE_HINTS["AND"], _GATE_DEPENDENCIES)
OR = gate_check("OR", GATE_HINTS["OR"], _GATE_DEPENDENCIES)
NAND = gate_check("NAND", GATE_HINTS["NAND"], _GATE_DEPENDENCIES)


# ---------------------------------------------------------------- perceptron(x, w, b)

def _arr(*values, dtype=np.float64) -> np.ndarray:
    return np.array(values, dtype=dtype)


def _show(values) -> str:
    return "[" + ", ".join(np.format_float_positional(float(v), trim="-") for v in values) + "]"


def _perceptron_case(x, w, b, hint: str = "", label: str = "", hidden: bool = False) -> Case:
    label = label or f"perceptron(x={_show(x)}, w={_show(w)}, b={b})"
    return Case(label, (x, w, b), hint=hint, judge=judge_bit, hidden=hidden)


def _perceptron_visible():
    return [
        _perceptron_case(_arr(1, 1), _arr(0.5, 0.5), -0.7,
                         "The AND weights: 0.5 + 0.5 - 0.7 = 0.3 > 0, so the output is 1."),
        _perceptron_case(_arr(0, 0), _arr(0.5, 0.5), -0.7,
                         "With x = 0 the sum is just the bias b = -0.7: the output is 0. Add b "
                         "to w·x; do not compare w·x with b."),
        _perceptron_case(_arr(1, 0), _arr(0.5, 0.5), -0.7,
                         "0.5 - 0.7 = -0.2 is not above 0, so the output is 0."),
        _perceptron_case(_arr(0, 1), _arr(0.6, 0.6), -0.5,
                         "The OR weights: 0.6 - 0.5 = 0.1 > 0, so the output is 1."),
        _perceptron_case(_arr(1, 1), _arr(0.5, 0.5), -1.0,
                         f"Here w·x + b is exactly 0, and {RULE}."),
        _perceptron_case(_arr(1, 0, 1), _arr(0.2, -0.5, 0.4), -0.5,
                         "Three inputs: w·x + b = 0.2 + 0.4 - 0.5 = 0.1 > 0. Sum over all n "
                         "inputs (np.dot(w, x) or np.sum(w * x)), not just two."),
    ]


perceptron = FunctionCheck("perceptron", reference=gates.perceptron,
                           visible=_perceptron_visible)


# ---------------------------------------------------------------- the learning rule

def _pair(output) -> Optional[tuple]:
    """(w, b) as (float array, float array) if `output` is a pair of numbers, else None."""
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return None
    w, b = as_numeric(output[0]), as_numeric(output[1])
    return None if w is None or b is None else (w, b)


def _pair_problem(case: Case, output, n: int) -> Optional[str]:
    """What keeps `output` from being a pair (w of shape (n,), scalar b), or None."""
    pair = _pair(output)
    if pair is None:
        return (f"{subject(case)} returned {describe(output)}; expected a pair (w, b): "
                "return w_new, b_new.")
    w, b = pair
    if w.shape != (n,):
        return f"{subject(case)} returned w of shape {w.shape}; expected shape ({n},)."
    if b.ndim:
        return f"{subject(case)} returned b of shape {b.shape}; expected a single number."
    return None


def judge_update(case: Case, record, expected) -> Optional[str]:
    w_old = np.asarray(case.args[0], dtype=np.float64)
    problem = _pair_problem(case, record.output, w_old.size)
    if problem:
        return problem
    (w, b), (w_want, b_want) = _pair(record.output), expected
    if np.allclose(w, w_want, rtol=1e-6, atol=1e-9) and np.isclose(float(b), b_want, rtol=1e-6,
                                                                     atol=1e-9):
        return None
    step_w, step_want = w - w_old, w_want - w_old
    if not step_want.any() and float(b_want) == float(case.args[1]):
        why = ("The sample is already classified correctly (t - y = 0), so w and b must stay "
               "as they are.")
    elif not step_w.any() and float(b) == float(case.args[1]):
        why = ("Nothing changed, but the output y was wrong: w must move by lr * (t - y) * x "
               "and b by lr * (t - y). Compute y with the course rule: 1 only when "
               "w·x + b > 0.")
    elif np.allclose(step_w, -step_want):
        why = "w moved the right distance in the wrong direction: the error is t - y, not y - t."
    else:
        why = ""
    if case.hidden:
        return f"{subject(case)} returned a wrong w or b. {why}".rstrip()
    return (f"{subject(case)} returned w = {_show(w)}, b = {describe(b)}; expected "
            f"w = {_show(w_want)}, b = {describe(b_want)}. {why}").rstrip()


def _update_case(w, b, x, t, lr, hint="", label="", hidden=False) -> Case:
    label = label or (f"perceptron_update(w={_show(w)}, b={b}, x={_show(x)}, t={t}, lr={lr})")
    return Case(label, (w, b, x, t, lr), hint=hint, judge=judge_update, hidden=hidden)


def _update_visible():
    return [
        _update_case(_arr(0, 0), 0.0, _arr(1, 1), 1, 0.1,
                     "Here w·x + b = 0, and step(0) = 0, so y = 0; the error t - y is 1, "
                     "so w_new = w + lr * 1 * x and b_new = b + lr * 1."),
        _update_case(_arr(0.5, 0.5), -0.2, _arr(1, 0), 0, 0.1,
                     "Here y = 1 but t = 0: the error is -1, so w moves away from x: "
                     "w_new = w - lr * x and b_new = b - lr."),
        _update_case(_arr(0.5, 0.5), -0.7, _arr(1, 1), 1, 0.1,
                     "Here y = t = 1: a correct sample leaves w and b unchanged."),
        _update_case(_arr(0.2, -0.4, 0.1), 0.3, _arr(1, 1, 0), 1, 0.5,
                     "Three inputs: y = step(0.2 - 0.4 + 0.3) = 1 = t, so nothing changes."),
    ]


# The references of perceptron_update and train_perceptron are in the answer key
# (coursekit_key.answers.perceptron).
perceptron_update = FunctionCheck("perceptron_update", reference=None, visible=_update_visible,
                                  dependencies={"perceptron": gates.perceptron})


def judge_training(case: Case, record, expected) -> Optional[str]:
    X, t = np.asarray(case.args[0], dtype=np.float64), np.asarray(case.args[1])
    problem = _pair_problem(case, record.output, X.shape[1])
    if problem:
        return problem
    w, b = _pair(record.output)
    if not (np.isfinite(w).all() and np.isfinite(b).all()):
        return f"{subject(case)} returned weights containing nan or inf."
    y = gates.perceptron(X, w, float(b))
    wrong = np.flatnonzero(y != t)
    if not wrong.size:
        return None
    if case.hidden:
        return (f"On a hidden test ({case.label}), the returned w and b misclassify "
                f"{wrong.size} of {t.size} training samples, although the data are linearly "
                "separable.")
    i = wrong[0]
    return (f"{case.label} returned w = {_show(w)}, b = {describe(b)}, which classify input "
            f"{_show(X[i])} as {y[i]}; its target is {t[i]} ({wrong.size} of {t.size} samples "
            "wrong).")


TRAIN_HINT = ("Start from w = 0, b = 0; for each epoch, for each sample (x, target), apply "
              "perceptron_update and keep the (w, b) it returns. On separable data the rule "
              "stops making mistakes after finitely many updates; stop early once an epoch "
              "makes none (or just run all the epochs).")


def _train_case(name, X, t, lr, epochs, hidden=False) -> Case:
    return Case(name, (X, t, lr, epochs), hint=TRAIN_HINT, judge=judge_training,
                hidden=hidden)


def _train_visible():
    cases = []
    for name in ("AND", "OR", "NAND"):
        X, t = gates.truth_table(name)
        cases.append(_train_case(f"train_perceptron(X, t) on the {name} truth table, lr=0.1, "
                                 "epochs=100", X, t, 0.1, 100))
    return cases


train_perceptron = FunctionCheck(
    "train_perceptron", reference=None, visible=_train_visible,
    dependencies={"perceptron": gates.perceptron},
    stand_ins=("perceptron_update",))

register(globals())
