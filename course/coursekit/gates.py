"""The perceptron (퍼셉트론), the logic gates' truth tables and the notes' weights for them, and the
perceptron learning rule.

A perceptron outputs 1 when w·x + b > 0 and 0 otherwise (exactly 0 gives 0, as step(0) == 0).
The gates themselves are day 1's and day 2's exercises: their answers are in the answer key
(coursekit_key.answers.perceptron), not here.
"""

import numpy as np

# The four inputs in the order the course prints truth tables.
_INPUTS = ((0, 0), (1, 0), (0, 1), (1, 1))

# Target outputs for _INPUTS, written from the logic itself (not from the perceptrons below).
_TARGETS = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}
GATE_NAMES = tuple(_TARGETS)

# (w, b) of each single-perceptron gate; NAND is AND with every sign flipped.
GATE_WEIGHTS = {
    "AND": ((0.5, 0.5), -0.7),
    "OR": ((0.6, 0.6), -0.5),
    "NAND": ((-0.5, -0.5), 0.7),
}


def truth_table(name):
    """Truth table of a gate: (X, t) with X (4, 2) float64 inputs and t (4,) int64 targets.

    name: 'AND', 'OR', 'NAND' or 'XOR' (any case). Rows are (0,0), (1,0), (0,1), (1,1).
    Returns new arrays on every call, so callers may modify them.
    """
    key = str(name).upper()
    if key not in _TARGETS:
        raise ValueError(f"truth_table: unknown gate {name!r}; choose one of {sorted(_TARGETS)}")
    return np.array(_INPUTS, dtype=np.float64), np.array(_TARGETS[key], dtype=np.int64)


def _int_or_array(y):
    """A 0-d result as a Python int, anything larger as an int64 array."""
    return int(y) if y.ndim == 0 else y


def perceptron(x, w, b):
    """Single-layer perceptron: 1 where x·w + b > 0, else 0.

    x: (..., n) inputs, w: (n,) weights, b: scalar bias -> (...,) int64 array of 0/1,
    or a Python int for a single input vector x of shape (n,).
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"perceptron: w must have shape (n,), got {w.shape}")
    if x.ndim == 0 or x.shape[-1] != w.shape[0]:
        raise ValueError(f"perceptron: x must have shape (..., {w.shape[0]}) to match w of shape "
                         f"{w.shape}, got {x.shape}")
    if np.ndim(b) != 0:
        raise ValueError(f"perceptron: b must be a scalar, got shape {np.shape(b)}")
    return _int_or_array((x @ w + b > 0).astype(np.int64))


class Perceptron:
    """A trainable single-layer perceptron (Rosenblatt, 1957) for 0/1 targets.

    Learning rule, one sample at a time, with y the current output:
        w <- w + lr * (t - y) * x,    b <- b + lr * (t - y)
    It changes nothing on a correct sample and moves the decision line toward a wrong one.
    On linearly separable data (AND, OR, NAND) it stops after finitely many mistakes; on XOR it
    never does.

    Attributes: w (n,) float64, b float; after fit: mistakes_per_epoch_ (list of int) and
    converged_ (True if the last epoch of fit made no mistake).
    """

    def __init__(self, n_inputs, lr=0.1, rng=None):
        """n_inputs: n. rng: None starts from w = 0, b = 0 (the default); an int seed or a
        np.random.Generator draws w from N(0, 0.1**2) instead (b stays 0)."""
        if int(n_inputs) != n_inputs or n_inputs < 1:
            raise ValueError(f"Perceptron: n_inputs must be a positive integer, got {n_inputs!r}")
        self.n_inputs = int(n_inputs)
        self.lr = lr
        if rng is None:
            self.w = np.zeros(self.n_inputs)
        else:
            self.w = 0.1 * np.random.default_rng(rng).standard_normal(self.n_inputs)
        self.b = 0.0
        self.mistakes_per_epoch_ = []
        self.converged_ = False

    def predict(self, X):
        """X: (N, n) -> (N,) int64 of 0/1; a single sample (n,) -> Python int."""
        return perceptron(X, self.w, self.b)

    def update(self, x, t):
        """Apply the learning rule to one sample x (n,) with target t (0 or 1); return t - y."""
        if t not in (0, 1):
            raise ValueError(f"Perceptron.update: target t must be 0 or 1, got {t!r}")
        error = int(t) - self.predict(x)
        self.w = self.w + self.lr * error * np.asarray(x, dtype=np.float64)
        self.b = self.b + self.lr * error
        return error

    def fit(self, X, t, epochs=100):
        """Sweep over the samples in order, up to `epochs` times, from the current w and b.

        X: (N, n), t: (N,) of 0/1. Stops after the first epoch without a mistake. Records
        mistakes_per_epoch_ and converged_ for this call and returns self.
        """
        X = np.asarray(X, dtype=np.float64)
        t = np.asarray(t)
        if X.ndim != 2 or X.shape[1] != self.n_inputs or t.shape != X.shape[:1]:
            raise ValueError(f"Perceptron.fit: expected X of shape (N, {self.n_inputs}) and t of "
                             f"shape (N,), got X {X.shape} and t {t.shape}")
        if not np.isin(t, (0, 1)).all():
            raise ValueError("Perceptron.fit: targets t must be 0 or 1")
        self.mistakes_per_epoch_ = []
        self.converged_ = False
        for _ in range(epochs):
            mistakes = sum(self.update(x_i, t_i) != 0 for x_i, t_i in zip(X, t))
            self.mistakes_per_epoch_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        return self
