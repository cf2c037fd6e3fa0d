"""Hidden cases of coursekit.checks.losses (see coursekit.checks.hidden)."""
import numpy as np

from coursekit import functions as F
from coursekit.checks.losses import (
    Case,
    HINT_BATCH,
    HINT_BCE_GUARD,
    HINT_GUARD,
    HINT_LABELS,
    HINT_SHIFT,
    _bce_judge,
    _ce_judge,
    _mse_judge,
    _sce_judge,
    _tolerance,
)

_SEED = 5
HINT_SINGLE = ("One sample y of shape (C,) is a batch of one: its loss is the plain sum over "
               "the classes. If y.ndim == 1, reshape y (and a one-hot t) to one row first, "
               "y.reshape(1, -1), so that y.shape[0] counts samples.")
HINT_FLOAT32 = "float32 input must work too, with no warning."
HINT_RANDOM = "Compare your loss with the formula by hand on a small batch."


def _hidden(label, y, t, hint, judge) -> Case:
    return Case(label, (y, t), hint=hint, judge=judge, hidden=True, **_tolerance(y))


def _mse_hidden():
    rng = np.random.default_rng(_SEED)
    y, t = rng.standard_normal((8, 3)), rng.standard_normal((8, 3))
    probs = F.softmax(rng.standard_normal((5, 4)))
    return [
        _hidden("a batch of 8 regression outputs, shape (8, 3)", y, t, HINT_RANDOM, _mse_judge),
        _hidden("softmax outputs against one-hot targets, shape (5, 4)", probs,
                np.eye(4)[[0, 3, 1, 1, 2]], HINT_RANDOM, _mse_judge),
        _hidden("a batch of one output per sample, shape (6, 1)", rng.standard_normal((6, 1)),
                rng.standard_normal((6, 1)), HINT_RANDOM, _mse_judge),
        _hidden("a single sample of shape (5,)", rng.standard_normal(5), rng.standard_normal(5),
                HINT_SINGLE, _mse_judge),
        _hidden("a float32 batch of shape (4, 3)", y[:4].astype(np.float32),
                t[:4].astype(np.float32), HINT_FLOAT32, _mse_judge),
        _hidden("integer arrays", np.array([[3, -1], [0, 2]]), np.array([[1, 1], [0, -2]]),
                "Integer y and t must give the same loss as floats.", _mse_judge),
        _hidden("large values (up to 1e4)", np.array([[1e4, -1e4], [5e3, 0.0]]),
                np.array([[-1e4, 1e4], [0.0, 1.0]]), HINT_RANDOM, _mse_judge),
    ]


def _ce_hidden():
    rng = np.random.default_rng(_SEED + 1)
    probs = F.softmax(2 * rng.standard_normal((5, 4)))
    labels = np.array([3, 0, 2, 2, 1])
    square = F.softmax(rng.standard_normal((3, 3)))
    extremes = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    many = F.softmax(3 * rng.standard_normal((100, 10)))
    cases = [
        ("a batch of 5 with one-hot labels", probs, np.eye(4)[labels], HINT_BATCH),
        ("a batch of 5 with integer labels", probs, labels.copy(), HINT_LABELS),
        ("a batch of 3 samples over 3 classes with integer labels (N equals C)", square,
         np.array([2, 0, 1]), HINT_LABELS),
        ("a batch of one sample, shape (1, 4), with labels of shape (1,)", probs[:1],
         labels[:1].copy(), HINT_LABELS),
        ("a single sample with a one-hot label", probs[2], np.eye(4)[2], HINT_SINGLE),
        ("a single sample with a plain int label", probs[3], 2, HINT_SINGLE + " " + HINT_LABELS),
        ("probabilities of exactly 1 and 0, one-hot labels (some true classes get 0)",
         extremes, np.eye(3)[[0, 0, 2, 2]], HINT_GUARD),
        ("probabilities of exactly 1 and 0, integer labels (some true classes get 0)",
         extremes, np.array([0, 0, 2, 2]), HINT_GUARD),
        ("a perfect prediction (probability 1 on every true class)", extremes[:3],
         np.array([0, 1, 2]), HINT_GUARD),
        ("a float32 batch with integer labels", probs.astype(np.float32), labels.copy(),
         HINT_FLOAT32),
        ("a float32 batch with zero probabilities", extremes.astype(np.float32),
         np.eye(3, dtype=np.float32)[[0, 0, 2, 2]], HINT_GUARD),
        ("100 random samples over 10 classes with integer labels", many,
         rng.integers(0, 10, size=100), HINT_RANDOM),
    ]
    return [_hidden(label, y, t, hint, _ce_judge) for label, y, t, hint in cases]


def _bce_hidden():
    rng = np.random.default_rng(_SEED + 2)
    p = F.sigmoid(3 * rng.standard_normal(12))
    t = (rng.random(12) < 0.5).astype(float)
    multi = F.sigmoid(2 * rng.standard_normal((6, 3)))
    multi_t = (rng.random((6, 3)) < 0.5).astype(float)
    extremes = np.array([0.0, 1.0, 0.0, 1.0, 0.5, 1e-12])
    extremes_t = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 1.0])
    return [
        _hidden("12 sigmoid outputs with labels 0 and 1", p, t, HINT_RANDOM, _bce_judge),
        _hidden("a (6, 3) batch of independent yes/no outputs (mean over all 18)", multi,
                multi_t, "Binary cross-entropy is the mean over ALL elements of p.", _bce_judge),
        _hidden("a single prediction as a 1-element array", np.array([0.25]), np.array([1.0]),
                HINT_RANDOM, _bce_judge),
        _hidden("probabilities of exactly 0 and 1, right and wrong", extremes, extremes_t,
                HINT_BCE_GUARD, _bce_judge),
        _hidden("integer labels 0 and 1", p[:6], t[:6].astype(int),
                "Integer labels t work like 0.0 and 1.0.", _bce_judge),
        _hidden("float32 predictions", p.astype(np.float32), t.astype(np.float32),
                HINT_FLOAT32, _bce_judge),
        _hidden("float32 probabilities of exactly 0 and 1", extremes.astype(np.float32),
                extremes_t.astype(np.float32), HINT_BCE_GUARD, _bce_judge),
    ]


def _sce_hidden():
    rng = np.random.default_rng(_SEED + 3)
    z = 3 * rng.standard_normal((6, 4))
    labels = np.array([0, 3, 1, 1, 2, 0])
    big = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1.0], [5.0, -1e4, 1e4]])
    return [
        _hidden("a batch of 6 with integer labels", z, labels.copy(), HINT_LABELS, _sce_judge),
        _hidden("a batch of 6 with one-hot labels", z, np.eye(4)[labels], HINT_BATCH,
                _sce_judge),
        _hidden("a single sample with a one-hot label", z[1], np.eye(4)[3], HINT_SINGLE,
                _sce_judge),
        _hidden("a batch of 3 samples over 3 classes with integer labels (N equals C)",
                z[:3, :3], np.array([2, 0, 1]), HINT_LABELS, _sce_judge),
        _hidden("scores up to |z| = 1e4 in float64", big, np.array([1, 2, 0]), HINT_SHIFT,
                _sce_judge),
        _hidden("scores up to |z| = 1e4 in float32", big.astype(np.float32), np.array([1, 2, 0]),
                HINT_SHIFT, _sce_judge),
        _hidden("a float32 batch with one-hot labels", z.astype(np.float32),
                np.eye(4, dtype=np.float32)[labels], HINT_FLOAT32, _sce_judge),
        _hidden("100 random samples over 10 classes", 5 * rng.standard_normal((100, 10)),
                rng.integers(0, 10, size=100), HINT_RANDOM, _sce_judge),
    ]


CASES = {
    "mean_squared_error": _mse_hidden,
    "cross_entropy_error": _ce_hidden,
    "binary_cross_entropy": _bce_hidden,
    "softmax_cross_entropy": _sce_hidden,
}
