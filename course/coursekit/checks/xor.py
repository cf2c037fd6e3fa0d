"""Checks for day 2: XOR from gates, a 2-layer perceptron by hand, and its vectorised forward pass.

    from coursekit.checks import xor as check
    check.XOR(XOR)
    check.xor_weights(xor_weights)
    check.two_layer_perceptron(two_layer_perceptron)

Policy (what passes):
- `XOR(x1, x2)` is judged on its truth table, like the day 1 gates (same output policy: any single
  number equal to 0 or 1). It may call `AND`, `OR` and `NAND`; it is judged with the recap cell's
  gates in their place (the cell registers them, `use_recap`), so only the wiring is graded.
- `xor_weights()` returns (W1, b1, W2, b2) with W1 (2, h), b1 (h,), W2 (h,) and a scalar b2; any
  weights pass whose network step(step(X @ W1 + b1) @ W2 + b2) gives XOR on the four inputs
  (h = 2 is the textbook choice; more hidden units are allowed).
- `two_layer_perceptron(X, W1, b1, W2, b2)` must evaluate a whole batch X (N, d) -> (N,) of 0/1
  and is compared with the reference on hand-made and random weights, including sums of exactly
  0 (step(0) = 0); it runs with the recap cell's `step`.
"""
from __future__ import annotations

from collections import ChainMap
from typing import Optional

import numpy as np

from .. import functions as F
from .. import gates
from .core import Case, FunctionCheck, as_numeric, compare_arrays, register
from .lookalikes import matches_slip
from .perceptron import INPUTS, describe, gate_check, subject
from .recap import Recap


# ---------------------------------------------------------------- XOR from gates

XOR_HINTS = (
    "XOR(0, 0) is 0: with both inputs off, OR gives 0, so AND(NAND, OR) gives 0.",
    "XOR(1, 0) is 1: NAND(1, 0) = 1 and OR(1, 0) = 1, and AND of those is 1.",
    "XOR(0, 1) is 1: NAND(0, 1) = 1 and OR(0, 1) = 1, and AND of those is 1.",
    "XOR(1, 1) is 0: that is where XOR differs from OR. NAND(1, 1) = 0 switches it off: "
    "XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2)).",
)

RECAP = Recap(__name__, ("step", "AND", "OR", "NAND"))  # day 1's, from the recap cell
use_recap = RECAP.register
XOR = gate_check("XOR", XOR_HINTS, ChainMap({"perceptron": gates.perceptron}, RECAP))


# ---------------------------------------------------------------- the 2-layer perceptron

def _xor_inputs(dtype=np.float64) -> np.ndarray:
    return np.array(INPUTS, dtype=dtype)


XOR_TARGETS = gates.truth_table("XOR")[1]


def _weights_problem(case: Case, output) -> Optional[str]:
    """What keeps `output` from being (W1 (2, h), b1 (h,), W2 (h,), scalar b2), or None."""
    if not isinstance(output, (tuple, list)) or len(output) != 4:
        return (f"{subject(case)} returned {describe(output)}; expected four things: "
                "W1, b1, W2 and b2, in that order.")
    arrays = [as_numeric(v) for v in output]
    for name, value, array in zip(("W1", "b1", "W2", "b2"), output, arrays):
        if array is None:
            return f"{subject(case)} returned {name} = {describe(value)}; expected numbers."
        if not np.isfinite(array).all():
            return f"{subject(case)} returned {name} containing nan or inf."
    W1, b1, W2, b2 = arrays
    h = W1.shape[1] if W1.ndim == 2 else None
    if W1.ndim != 2 or W1.shape[0] != 2 or b1.shape != (h,) or W2.shape != (h,) or b2.ndim:
        return (f"{subject(case)} returned shapes W1 {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, "
                f"b2 {b2.shape}; expected W1 (2, h), b1 (h,), W2 (h,) and b2 a single number "
                "(h = 2 hidden units: W1 (2, 2), b1 (2,), W2 (2,)).")
    return None


def _bits(values) -> str:
    return " ".join(str(int(v)) for v in values)


def judge_weights(case: Case, record, expected) -> Optional[str]:
    problem = _weights_problem(case, record.output)
    if problem:
        return problem
    W1, b1, W2, b2 = (as_numeric(v) for v in record.output)
    X = expected  # the four XOR inputs, in this case's dtype
    hidden = F.step(X @ W1.astype(X.dtype) + b1.astype(X.dtype))
    y = F.step(hidden @ W2.astype(X.dtype) + b2.astype(X.dtype))
    if np.array_equal(y, XOR_TARGETS):
        return None
    if case.hidden:
        return (f"{subject(case)} gave a network that does not compute XOR there: some weighted "
                "sum sits within rounding error of 0. Move your lines away from the inputs.")
    rows = "; ".join(f"{tuple(int(v) for v in x)} -> hidden {_bits(h)} -> {int(o)}"
                     for x, h, o in zip(X, hidden, y))
    return (f"With your weights the network outputs {_bits(y)} on the inputs (0,0), (1,0), "
            f"(0,1), (1,1); XOR needs {_bits(XOR_TARGETS)}. Layer by layer: {rows}.")


WEIGHTS_HINT = ("Make each hidden unit one gate you know, e.g. unit 1 = NAND and unit 2 = OR "
                "(column j of W1 and b1[j] are unit j's weights and bias), then let the output "
                "unit be AND of the two: W2 and b2 are AND's weights.")


def _weights_visible():
    return [Case("xor_weights()", hint=WEIGHTS_HINT, expected=_xor_inputs(),
                 judge=judge_weights)]


# The hidden cases of the three checks are in the answer key (coursekit_key.hidden.xor).
xor_weights = FunctionCheck("xor_weights", reference=None, visible=_weights_visible)


# ---------------------------------------------------------------- two_layer_perceptron

# The notes' gates as one network: hidden unit 1 = NAND, hidden unit 2 = OR, output = AND.
NOTES_XOR_WEIGHTS = (np.array([[-0.5, 0.6], [-0.5, 0.6]]), np.array([0.7, -0.5]),
                     np.array([0.5, 0.5]), -0.7)

# XOR again (hidden units AND and OR, output "OR and not AND": h2 - 2 h1 > 0), with integer
# weights that put some sums exactly on 0 in both layers, where step(0) = 0 decides.
ON_THE_LINE_WEIGHTS = (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([-1.0, 0.0]),
                       np.array([-2.0, 1.0]), 0.0)


def _step_at_zero_is_one(a):
    return (np.asarray(a) >= 0).astype(np.float64)


# Well-known wrong networks and what to fix when a student's outputs match one of them.
TWO_LAYER_SLIPS = (
    (lambda X, W1, b1, W2, b2: _step_at_zero_is_one(_step_at_zero_is_one(X @ W1 + b1) @ W2 + b2),
     "These are the outputs of a step that gives 1 at exactly 0 (>= 0); the course's step is 1 "
     "only for a > 0, in both layers."),
    (lambda X, W1, b1, W2, b2: F.step((X @ W1 + b1) @ W2 + b2),
     "These are the outputs without the step on the hidden layer: apply step to X @ W1 + b1 "
     "before multiplying by W2."),
    (lambda X, W1, b1, W2, b2: F.step(X @ W1 + b1),
     "That is the hidden layer H; the output unit still has to combine it: step(H @ W2 + b2)."),
    (lambda X, W1, b1, W2, b2: F.step(F.step(X @ W1) @ W2 + b2),
     "These are the outputs with the hidden biases b1 left out."),
    (lambda X, W1, b1, W2, b2: F.step(F.step(X @ W1 + b1) @ W2),
     "These are the outputs with the output bias b2 left out."),
    (lambda X, W1, b1, W2, b2: F.step(F.step(X @ np.transpose(W1) + b1) @ W2 + b2),
     "These are the outputs of X @ W1.T: hidden unit j's weights are column j of W1, so use "
     "X @ W1."),
)


def judge_two_layer(case: Case, record, expected) -> Optional[str]:
    """The numeric comparison, plus what to fix when the output matches exactly one slip (when
    several match, the case cannot tell them apart and naming one could mislead)."""
    problem = compare_arrays(case, record.output, expected)
    if problem is None:
        return None
    matched = [text for slip, text in TWO_LAYER_SLIPS if matches_slip(case, record.output, slip)]
    return f"{problem} {matched[0]}" if len(matched) == 1 else problem


BATCH_HINT = ("Compute the whole batch with matrix products, at once: the hidden layer's outputs "
              "have shape (N, h), one row per sample, and the output layer's have shape (N,). "
              "No loop over the samples is needed.")


def _two_layer_case(label, X, weights, hint=BATCH_HINT, hidden=False) -> Case:
    return Case(label, (X, *weights), hint=hint, atol=0.0, rtol=0.0, hidden=hidden,
                judge=judge_two_layer)


def _random_net(rng, n, d, h):
    """A random batch X (n, d) and weights (W1, b1, W2, b2) whose outputs are about half 1s:
    b2 is set from the median of the output unit's sums, so neither class is rare."""
    X, W1, b1, W2 = (rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h),
                     rng.normal(size=h))
    sums = F.step(X @ W1 + b1) @ W2
    return X, (W1, b1, W2, 1e-3 - float(np.median(sums)))


def _two_layer_visible():
    rng = np.random.default_rng(0)
    return [
        _two_layer_case("two_layer_perceptron(X = the four XOR inputs, the notes' XOR weights "
                        "NAND/OR -> AND)", _xor_inputs(), NOTES_XOR_WEIGHTS),
        _two_layer_case("two_layer_perceptron(X = the four XOR inputs, integer weights with "
                        "sums of exactly 0)", _xor_inputs(), ON_THE_LINE_WEIGHTS,
                        hint="Some weighted sums here are exactly 0, and step(0) = 0: use "
                             "> 0, not >= 0, in both layers."),
        _two_layer_case("two_layer_perceptron on a batch of 8 random points with random "
                        "weights, 2 inputs and 3 hidden units", *_random_net(rng, 8, 2, 3),
                        hint="The hidden layer may have any number h of units: W1 is (d, h), "
                             "b1 is (h,), W2 is (h,)."),
    ]


two_layer_perceptron = FunctionCheck("two_layer_perceptron", reference=None,
                                     visible=_two_layer_visible,
                                     dependencies=RECAP)

register(globals())
