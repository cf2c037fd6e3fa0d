"""One typical wrong answer per exercise of day 5, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_losses.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "mean_squared_error": '''def mean_squared_error(y, t):
    """Mean squared error: the mean over all elements of (y - t)**2."""
    return 0.5 * np.sum((y - t) ** 2)  # wrong: the book's 0.5 * sum, not the mean
''',
    "cross_entropy_error": '''def cross_entropy_error(y, t):
    """Cross-entropy -sum(t * log(y)) per sample, averaged over the batch."""
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y, t = y.reshape(1, -1), t.reshape(1, -1)
    return -np.sum(t * np.log(y)) / y.shape[0]  # wrong: no log guard, no integer labels
''',
    "binary_cross_entropy": '''def binary_cross_entropy(p, t):
    """Binary cross-entropy -[t log p + (1 - t) log(1 - p)], mean over all elements."""
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p))  # wrong: sum, not mean
''',
    "softmax_cross_entropy": '''def softmax_cross_entropy(z, t):
    """Softmax of the scores z, then cross-entropy, as one stable computation."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    y = e / np.sum(e, axis=-1, keepdims=True)
    return cross_entropy_error(y, t)  # wrong: log of a rounded softmax, capped by the guard
''',
}
