"""Tests for coursekit.gates (truth tables, the perceptron rule, XOR's inseparability) and for the
answer key's gates built on it."""

import numpy as np
import pytest

from coursekit.gates import GATE_NAMES, GATE_WEIGHTS, Perceptron, perceptron, truth_table
from coursekit_key.answers.perceptron import AND, GATES, NAND, OR, XOR

pytestmark = pytest.mark.filterwarnings("error")

# Written out independently of coursekit: rows (x1, x2, AND, OR, NAND, XOR).
LOGIC = [
    (0, 0, 0, 0, 1, 0),
    (1, 0, 0, 1, 1, 1),
    (0, 1, 0, 1, 1, 1),
    (1, 1, 1, 1, 0, 0),
]
COLUMN = {"AND": 2, "OR": 3, "NAND": 4, "XOR": 5}


@pytest.mark.parametrize("name", list(COLUMN))
def test_gate_on_scalars_returns_python_ints(name):
    for row in LOGIC:
        out = GATES[name](row[0], row[1])
        assert type(out) is int and out == row[COLUMN[name]]


@pytest.mark.parametrize("name", list(COLUMN))
def test_gate_on_arrays_evaluates_the_whole_truth_table(name):
    X, t = truth_table(name)
    out = GATES[name](X[:, 0], X[:, 1])
    assert out.dtype == np.int64 and out.shape == (4,)
    np.testing.assert_array_equal(out, [row[COLUMN[name]] for row in LOGIC])
    np.testing.assert_array_equal(out, t)


def test_gates_broadcast_over_grids():
    x1, x2 = np.meshgrid([0, 1], [0, 1])
    np.testing.assert_array_equal(AND(x1, x2), [[0, 0], [0, 1]])
    np.testing.assert_array_equal(OR(x1, 0), [[0, 1], [0, 1]])
    with pytest.raises(ValueError, match=r"^AND: x1 of shape \(3,\) and x2 of shape \(2,\)"):
        AND([0, 1, 1], [1, 0])


def test_xor_is_and_of_nand_and_or():
    x1, x2 = np.array([0, 1, 0, 1]), np.array([0, 0, 1, 1])
    np.testing.assert_array_equal(XOR(x1, x2), AND(NAND(x1, x2), OR(x1, x2)))


def test_gate_weights_are_the_notes_values():
    assert GATE_WEIGHTS["AND"] == ((0.5, 0.5), -0.7)
    assert GATE_WEIGHTS["OR"] == ((0.6, 0.6), -0.5)
    assert GATE_WEIGHTS["NAND"] == ((-0.5, -0.5), 0.7)


def test_perceptron_outputs_zero_when_the_sum_is_exactly_zero():
    assert perceptron([1.0, 0.0], [1.0, 1.0], -1.0) == 0
    assert perceptron([1.0, 0.5], [1.0, 1.0], -1.0) == 1
    out = perceptron(np.array([[[0, 0], [1, 1]]]), [1.0, 1.0], -1.0)
    assert out.shape == (1, 2)
    np.testing.assert_array_equal(out, [[0, 1]])


def test_perceptron_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        perceptron([1.0, 0.0, 1.0], [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="w must have shape"):
        perceptron([1.0, 0.0], [[1.0, 1.0]], 0.0)
    with pytest.raises(ValueError, match="b must be a scalar"):
        perceptron([1.0, 0.0], [1.0, 1.0], [0.0, 0.0])


def test_no_perceptron_on_a_weight_grid_computes_xor_but_many_compute_and():
    grid = np.round(np.arange(-1.0, 1.05, 0.1), 10)
    w1, w2, b = (g.ravel() for g in np.meshgrid(grid, grid, grid))
    X, _ = truth_table("XOR")
    outputs = (X @ np.stack([w1, w2]) + b > 0).astype(int)  # (4, candidates)
    solves = {name: np.all(outputs == truth_table(name)[1][:, None], axis=0).sum()
              for name in ("AND", "OR", "NAND", "XOR")}
    assert solves["XOR"] == 0
    assert min(solves["AND"], solves["OR"], solves["NAND"]) > 100


def test_truth_table_shapes_dtypes_and_fresh_copies():
    X, t = truth_table("xor")
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert t.shape == (4,) and t.dtype == np.int64
    X[0, 0] = 5.0
    assert truth_table("XOR")[0][0, 0] == 0.0
    with pytest.raises(ValueError, match="unknown gate"):
        truth_table("NOR")


def test_update_applies_the_perceptron_rule():
    p = Perceptron(2, lr=0.1)
    assert p.update([1.0, 1.0], 1) == 1  # output 0, target 1
    np.testing.assert_allclose(p.w, [0.1, 0.1])
    assert p.b == pytest.approx(0.1)
    assert p.update([1.0, 0.0], 0) == -1  # 0.1 + 0.1 > 0 -> output 1, target 0
    np.testing.assert_allclose(p.w, [0.0, 0.1])
    assert p.b == pytest.approx(0.0)
    assert p.update([0.0, 1.0], 1) == 0  # correct: nothing moves
    np.testing.assert_allclose(p.w, [0.0, 0.1])


def test_fit_learns_and_with_the_hand_traced_history():
    X, t = truth_table("AND")
    p = Perceptron(2, lr=0.1).fit(X, t, epochs=20)
    assert p.converged_
    assert p.mistakes_per_epoch_ == [1, 3, 3, 2, 1, 0]
    np.testing.assert_allclose(p.w, [0.1, 0.2], atol=1e-12)
    assert p.b == pytest.approx(-0.2)
    np.testing.assert_array_equal(p.predict(X), t)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("rng", [None, 0, 7])
def test_fit_learns_linearly_separable_gates(name, rng):
    X, t = truth_table(name)
    p = Perceptron(2, lr=0.1, rng=rng)
    assert p.fit(X, t, epochs=50) is p
    assert p.converged_ and p.mistakes_per_epoch_[-1] == 0
    assert len(p.mistakes_per_epoch_) <= 15
    np.testing.assert_array_equal(p.predict(X), t)


def test_fit_never_converges_on_xor():
    X, t = truth_table("XOR")
    p = Perceptron(2, lr=0.1).fit(X, t, epochs=60)
    assert not p.converged_
    assert len(p.mistakes_per_epoch_) == 60
    assert min(p.mistakes_per_epoch_) >= 1
    assert not np.array_equal(p.predict(X), t)


def test_random_start_is_reproducible_and_zero_start_is_default():
    np.testing.assert_array_equal(Perceptron(3).w, np.zeros(3))
    assert Perceptron(3).b == 0.0
    a, b = Perceptron(3, rng=1), Perceptron(3, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a.w, b.w)
    assert np.all(a.w != 0)


def test_predict_shapes():
    p = Perceptron(2)
    p.w, p.b = np.array([0.5, 0.5]), -0.7
    assert p.predict(np.ones((5, 2))).shape == (5,)
    assert p.predict([1.0, 1.0]) == 1


def test_fit_rejects_bad_input():
    p = Perceptron(2)
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        p.fit(np.zeros((4, 3)), [0, 0, 0, 1])
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        p.fit(np.zeros((4, 2)), [0, 1])
    with pytest.raises(ValueError, match="0 or 1"):
        p.fit(np.zeros((2, 2)), [0, 2])
    with pytest.raises(ValueError, match="positive integer"):
        Perceptron(0)


def test_update_rejects_targets_other_than_zero_and_one():
    p = Perceptron(2)
    with pytest.raises(ValueError, match="0 or 1"):
        p.update([1.0, 1.0], 2)
    np.testing.assert_array_equal(p.w, [0.0, 0.0])


def test_the_gate_names_are_those_of_the_truth_tables_and_of_the_keys_gates():
    assert GATE_NAMES == ("AND", "OR", "NAND", "XOR") == tuple(GATES)
    for name in GATE_NAMES:
        X, t = truth_table(name)
        np.testing.assert_array_equal(GATES[name](X[:, 0], X[:, 1]), t)
