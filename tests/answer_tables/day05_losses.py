"""Ways a class writes each exercise of day 5, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; its own `cross_entropy_error` is in scope for the last exercise."""

CORRECT = {
    "mean_squared_error": {
        "np.mean without asarray": '''def mean_squared_error(y, t):
    return np.mean((y - t) ** 2)
''',
        "method chain on float copies": '''def mean_squared_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    return ((y - t) ** 2).mean()
''',
        "sum divided by size": '''def mean_squared_error(y, t):
    diff = np.asarray(y) - np.asarray(t)
    return np.sum(diff * diff) / diff.size
''',
        "np.square of np.subtract, as a Python float": '''def mean_squared_error(y, t):
    return float(np.mean(np.square(np.subtract(y, t))))
''',
        "np.average of the squares": '''def mean_squared_error(y, t):
    return np.average((np.asarray(y) - np.asarray(t)) ** 2)
''',
        "mean over the flattened elements in a loop": '''def mean_squared_error(y, t):
    y, t = np.ravel(y), np.ravel(t)
    total = 0.0
    for a, b in zip(y, t):
        total += (float(a) - float(b)) ** 2
    return total / len(y)
''',
        "mean of per-row means (rows of equal length)": '''def mean_squared_error(y, t):
    squares = (np.asarray(y) - np.asarray(t)) ** 2
    return np.mean(np.mean(squares, axis=-1))
''',
    },
    "cross_entropy_error": {
        "the book's code with labels and a + 1e-7 guard": '''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
''',
        "integer labels turned one-hot with np.eye, np.clip guard": '''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape != y.shape:
        t = np.eye(y.shape[1])[t]
    return -np.sum(t * np.log(np.clip(y, 1e-7, 1 - 1e-7))) / y.shape[0]
''',
        "np.mean of the true-class log-probabilities": '''def cross_entropy_error(y, t):
    y = np.atleast_2d(np.asarray(y))
    t = np.asarray(t)
    if t.ndim == y.ndim or t.size == y.size:
        t = np.argmax(np.atleast_2d(t), axis=1)
    t = np.atleast_1d(t)
    p = y[np.arange(len(y)), t]
    return -np.mean(np.log(np.maximum(p, 1e-7)))
''',
        "one-hot kept, guard with np.maximum": '''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t[np.newaxis, ...]
    n, c = y.shape
    if t.shape != y.shape:
        one_hot = np.zeros((n, c))
        one_hot[np.arange(n), t.reshape(n)] = 1
        t = one_hot
    return -np.sum(t * np.log(np.maximum(y, 1e-7))) / n
''',
        "a loop over the samples": '''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = t.argmax(axis=1)
    total = 0.0
    for row, label in zip(y, t):
        total -= np.log(max(row[label], 1e-7))
    return total / len(y)
''',
        "np.take_along_axis": '''def cross_entropy_error(y, t):
    y = np.asarray(y)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = t.argmax(axis=-1)
    p = np.take_along_axis(y, t.reshape(-1, 1).astype(int), axis=1)
    return -np.log(p + 1e-7).sum() / y.shape[0]
''',
        "float32 kept, guard with np.where": '''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    p = y[np.arange(y.shape[0]), t]
    p = np.where(p < 1e-7, 1e-7, p)
    return -np.sum(np.log(p)) / y.shape[0]
''',
    },
    "binary_cross_entropy": {
        "clip without asarray": '''def binary_cross_entropy(p, t):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
''',
        "+ 1e-7 inside both logs": '''def binary_cross_entropy(p, t):
    p, t = np.asarray(p), np.asarray(t)
    return -np.mean(t * np.log(p + 1e-7) + (1 - t) * np.log(1 - p + 1e-7))
''',
        "np.maximum on both sides": '''def binary_cross_entropy(p, t):
    p, t = np.asarray(p, dtype=float), np.asarray(t, dtype=float)
    loss = -(t * np.log(np.maximum(p, 1e-7)) + (1 - t) * np.log(np.maximum(1 - p, 1e-7)))
    return loss.mean()
''',
        "np.where picks the side, sum over size": '''def binary_cross_entropy(p, t):
    p = np.clip(np.asarray(p), 1e-7, 1 - 1e-7)
    t = np.asarray(t)
    losses = np.where(t == 1, -np.log(p), -np.log(1 - p))
    return np.sum(losses) / losses.size
''',
        "eps as a variable, a Python float back": '''def binary_cross_entropy(p, t):
    eps = 1e-7
    p = np.clip(np.asarray(p), eps, 1 - eps)
    t = np.asarray(t)
    return float(np.mean(-t * np.log(p) - (1 - t) * np.log(1 - p)))
''',
        "np.log1p for the second term": '''def binary_cross_entropy(p, t):
    p = np.clip(np.asarray(p), 1e-7, 1 - 1e-7)
    t = np.asarray(t)
    return -np.mean(t * np.log(p) + (1 - t) * np.log1p(-p))
''',
    },
    "softmax_cross_entropy": {
        "logsumexp written out, labels by fancy indexing": '''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = t.argmax(axis=1)
    m = np.max(z, axis=-1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(z - m), axis=-1))
    n = z.shape[0]
    return np.mean(lse - z[np.arange(n), t])
''',
        "one-hot via np.eye, sum of t * log_p": '''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape != z.shape:
        t = np.eye(z.shape[1])[t]
    s = z - z.max(axis=-1, keepdims=True)
    log_p = s - np.log(np.exp(s).sum(axis=-1, keepdims=True))
    return -np.sum(t * log_p) / z.shape[0]
''',
        "np.atleast_2d and a helper function": '''def log_softmax_rows(z):
    s = z - np.max(z, axis=-1, keepdims=True)
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))


def softmax_cross_entropy(z, t):
    z = np.atleast_2d(np.asarray(z))
    t = np.asarray(t)
    if t.size == z.size:
        t = np.argmax(np.atleast_2d(t), axis=1)
    t = np.atleast_1d(t)
    return -np.mean(log_softmax_rows(z)[np.arange(len(z)), t])
''',
        "a loop over rows": '''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    total = 0.0
    for row, label in zip(z, t):
        shifted = row - row.max()
        total += np.log(np.exp(shifted).sum()) - shifted[label]
    return total / len(z)
''',
        "float32 kept, np.take_along_axis": '''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z[None, :]
        t = t[None, ...]
    if t.shape == z.shape:
        t = np.argmax(t, axis=-1)
    s = z - np.max(z, axis=-1, keepdims=True)
    log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    picked = np.take_along_axis(log_p, t.reshape(-1, 1), axis=-1)
    return -np.mean(picked)
''',
        "subtracting the max in place on a copy": '''def softmax_cross_entropy(z, t):
    z = np.array(z, dtype=float)
    t = np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = t.argmax(axis=1)
    z -= z.max(axis=1, keepdims=True)
    z -= np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -z[np.arange(len(z)), t].sum() / len(z)
''',
    },
}

WRONG = {
    "mean_squared_error": {
        "the book's form written as sum / 2": ('''def mean_squared_error(y, t):
    return np.sum((y - t) ** 2) / 2
''', "book's"),
        "the plain sum": ('''def mean_squared_error(y, t):
    return np.sum((np.asarray(y) - np.asarray(t)) ** 2)
''', "sum of the squares"),
        "summed over outputs, averaged over samples": ('''def mean_squared_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    return np.sum((y - t) ** 2) / len(y)
''', "every element"),
        "one loss per sample": ('''def mean_squared_error(y, t):
    return np.mean((np.asarray(y) - np.asarray(t)) ** 2, axis=-1)
''', "one number"),
        "root mean squared error": ('''def mean_squared_error(y, t):
    return np.sqrt(np.mean((np.asarray(y) - np.asarray(t)) ** 2))
''', "root"),
        "mean absolute error": ('''def mean_squared_error(y, t):
    return np.mean(np.abs(np.asarray(y) - np.asarray(t)))
''', "absolute"),
        "y overwritten in place": ('''def mean_squared_error(y, t):
    y -= t
    return np.mean(y ** 2)
''', "changed its input"),
        "half the mean": ('''def mean_squared_error(y, t):
    return 0.5 * np.mean((np.asarray(y) - np.asarray(t)) ** 2)
''', "half the mean"),
    },
    "cross_entropy_error": {
        "guard 10e-7 (that is 1e-6)": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t] + 10e-7)) / n
''', "10e-7"),
        "sum over the batch, not the mean": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + 1e-7))
''', "divide it by the number of samples"),
        "integer labels multiplied in as if one-hot": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]
''', "integer labels"),
        "np.mean over all N * C entries": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if t.shape != y.shape:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y + 1e-7))
''', "number of classes"),
        "no guard: log(0)": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t])) / n
''', "warning"),
        "guard added to y in place": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    y += 1e-7
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(y[np.arange(n), t])) / n
''', "changed its input"),
        "one sample divided by C": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if t.shape != y.shape:
        t = np.eye(y.shape[-1])[t]
    return -np.sum(t * np.log(np.maximum(y, 1e-7))) / y.shape[0]
''', "divides by C"),
        "guard 1e-12": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log(np.maximum(y[np.arange(n), t], 1e-12))) / n
''', "1e-12"),
        "log10": ('''def cross_entropy_error(y, t):
    y, t = np.asarray(y), np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == y.shape:
        t = np.argmax(t, axis=1)
    n = y.shape[0]
    return -np.sum(np.log10(y[np.arange(n), t] + 1e-7)) / n
''', "log10"),
    },
    "binary_cross_entropy": {
        "the (1 - t) term missing": ('''def binary_cross_entropy(p, t):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(t * np.log(p))
''', "(1 - t)"),
        "p and t swapped": ('''def binary_cross_entropy(p, t):
    t = np.clip(t, 1e-7, 1 - 1e-7)
    return -np.mean(p * np.log(t) + (1 - p) * np.log(1 - t))
''', "swapped"),
        "guard 10e-7 (that is 1e-6)": ('''def binary_cross_entropy(p, t):
    p = np.clip(p, 10e-7, 1 - 10e-7)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
''', "10e-7"),
        "no clip: log(0)": ('''def binary_cross_entropy(p, t):
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
''', "warning"),
        "clipped in place": ('''def binary_cross_entropy(p, t):
    np.clip(p, 1e-7, 1 - 1e-7, out=p)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
''', "changed its input"),
        "wrong sign": ('''def binary_cross_entropy(p, t):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
''', "sign"),
        "divided by the number of rows": ('''def binary_cross_entropy(p, t):
    p = np.clip(np.asarray(p), 1e-7, 1 - 1e-7)
    return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p)) / len(p)
''', "hidden test"),
    },
    "softmax_cross_entropy": {
        "no max shift: exp overflows": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    log_p = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return -np.mean(log_p[np.arange(len(z)), t])
''', "overflow"),
        "one max for the whole batch": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    s = z - np.max(z)
    log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    return -np.mean(log_p[np.arange(len(z)), t])
''', "warning"),
        "log of softmax + 1e-7": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    y = e / np.sum(e, axis=-1, keepdims=True)
    return -np.mean(np.log(y[np.arange(len(z)), t] + 1e-7))
''', "16.1"),
        "sum over the batch": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    s = z - np.max(z, axis=-1, keepdims=True)
    log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    return -np.sum(log_p[np.arange(len(z)), t])
''', "divide it by the number of samples"),
        "mean over all N * C entries of t * log_p": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if t.shape != z.shape:
        t = np.eye(z.shape[-1])[t]
    s = z - np.max(z, axis=-1, keepdims=True)
    log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    return -np.mean(t * log_p)
''', "N * C"),
        "wrong sign": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    s = z - np.max(z, axis=-1, keepdims=True)
    log_p = s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))
    return np.mean(log_p[np.arange(len(z)), t])
''', "sign"),
        "max subtracted from z in place": ('''def softmax_cross_entropy(z, t):
    z, t = np.asarray(z), np.asarray(t)
    if z.ndim == 1:
        z = z.reshape(1, -1)
        t = t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if t.shape == z.shape:
        t = np.argmax(t, axis=1)
    z -= np.max(z, axis=-1, keepdims=True)
    log_p = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    return -np.mean(log_p[np.arange(len(z)), t])
''', "changed its input"),
    },
}
