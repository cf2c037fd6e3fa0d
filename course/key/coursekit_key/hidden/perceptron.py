"""Hidden cases of coursekit.checks.perceptron (see coursekit.checks.hidden)."""
import numpy as np

from coursekit import gates
from coursekit.checks.perceptron import (
    INPUTS,
    RULE,
    Case,
    _arr,
    _perceptron_case,
    _train_case,
    _update_case,
    gate_targets,
    judge_bit,
)


def separable_data(n, dim, seed, margin=0.05):
    """n linearly separable points: X (n, dim) float64 in [1, 2]^dim, t (n,) int64 of 0/1.

    The labels come from a random hyperplane through the points' median, so both classes are
    about equally common, and no point lies closer than `margin` to it. The cube sits away from
    the origin on purpose: the bias then has real work to do and training takes tens of epochs.
    """
    rng = np.random.default_rng(seed)
    normal = rng.normal(size=dim)
    normal /= np.linalg.norm(normal)
    X = rng.uniform(1.0, 2.0, size=(8 * n, dim))
    distance = X @ normal
    distance -= np.median(distance)
    keep = np.abs(distance) > margin
    return X[keep][:n], (distance[keep][:n] > 0).astype(np.int64)


def _perceptron_hidden():
    rng = np.random.default_rng(1957)
    cases = [
        _perceptron_case(_arr(1, 1), _arr(-0.5, -0.5), 1.0, label="a weighted sum of exactly 0 "
                         "with negative weights", hint=f"Remember: {RULE}.", hidden=True),
        _perceptron_case(_arr(1, 1, dtype=np.int64), _arr(0.5, 0.5), -0.7,
                         label="integer input x", hidden=True),
        _perceptron_case(_arr(1, 0, dtype=np.float32), _arr(0.6, 0.6, dtype=np.float32),
                         np.float32(-0.5), label="float32 x, w and b", hidden=True),
        _perceptron_case(_arr(3.0), _arr(-2.0), 5.0, label="a single input (n = 1)",
                         hidden=True),
        _perceptron_case(_arr(0.4, 0.7), _arr(1.0, 1.0), -0.5, label="fractional inputs",
                         hidden=True),
        _perceptron_case(_arr(1e4, -1e4), _arr(1e4, 1e4), -1.0,
                         label="large inputs and weights", hidden=True),
    ]
    for i in range(6):
        x, w = rng.normal(size=5), rng.normal(size=5)
        cases.append(_perceptron_case(x, w, float(rng.normal()), hidden=True,
                                      label=f"random x, w of length 5 (case {i + 1} of 6)"))
    return cases


def _update_hidden():
    rng = np.random.default_rng(57)
    cases = [
        _update_case(_arr(0.2, -0.4, 0.1), -0.3, _arr(1, 1, 0), 1, 0.5, hidden=True,
                     label="three inputs with a wrong output and lr = 0.5"),
        _update_case(_arr(0, 0, dtype=np.int64), 0, _arr(1, 1, dtype=np.int64), 1, 0.25,
                     hidden=True, label="integer w, b and x",
                     hint="Build the new weights as a new array (w + ...), which also turns "
                          "integer weights into floats; `w += ...` cannot."),
        _update_case(_arr(-0.5, -0.5), 0.7, _arr(1, 1), 1, 1.0, hidden=True,
                     label="the NAND weights on a sample whose target is 1 (a wrong output)"),
        _update_case(_arr(1.0, 1.0), -1.0, _arr(1.0, 0.0), 0, 0.1, hidden=True,
                     label="a sample exactly on the decision line with target 0"),
        _update_case(_arr(0.5, -0.5), 0.0, _arr(1.0, 1.0), 1, 0.1, hidden=True,
                     label="a sample exactly on the decision line with target 1"),
    ]
    for i in range(4):
        w, x = rng.normal(size=4), rng.integers(0, 2, size=4).astype(np.float64)
        cases.append(_update_case(w, float(rng.normal()), x, int(rng.integers(0, 2)),
                                  float(rng.uniform(0.05, 1.0)), hidden=True,
                                  label=f"random w and x of length 4 (case {i + 1} of 4)"))
    return cases


def _train_hidden():
    X_or, t_or = gates.truth_table("OR")
    X2, t2 = separable_data(40, 2, seed=4)
    X3, t3 = separable_data(40, 3, seed=0)
    return [
        _train_case("40 separable points in 2-D, lr=0.1, epochs=500", X2, t2, 0.1, 500, True),
        _train_case("40 separable points in 3-D, lr=1.0, epochs=500", X3, t3, 1.0, 500, True),
        _train_case("float32 X with the NAND truth table", gates.truth_table("NAND")[0]
                    .astype(np.float32), gates.truth_table("NAND")[1], 0.1, 100, True),
        _train_case("the OR truth table with integer X and lr=1", X_or.astype(np.int64), t_or,
                    1, 100, True),
    ]


def gate_hidden(name: str) -> list:
    """A gate's truth table on other number types: floats, bools, NumPy int64 and float32."""
    kinds = (("float inputs 0.0 / 1.0", float), ("bool inputs False / True", bool),
             ("NumPy int64 scalar inputs", np.int64), ("NumPy float32 scalar inputs", np.float32))
    return [Case(f"{name} on {kind}, input {i + 1} of 4", (convert(a), convert(b)),
                 hint="Use only arithmetic and comparisons that work for any number type "
                      "(bool and float included).",
                 expected=target, judge=judge_bit, hidden=True)
            for kind, convert in kinds
            for i, ((a, b), target) in enumerate(zip(INPUTS, gate_targets(name)))]


CASES = {
    **{gate: (lambda gate=gate: gate_hidden(gate)) for gate in ("AND", "OR", "NAND")},
    "perceptron": _perceptron_hidden,
    "perceptron_update": _update_hidden,
    "train_perceptron": _train_hidden,
}
