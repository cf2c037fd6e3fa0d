"""Loss functions (손실 함수): the input checks and building blocks that the course's layers
(SoftmaxWithLoss, SigmoidWithLoss) compute their losses with. Day 5's losses themselves are the
student's exercises; their answers are in the instructor's install (coursekit_key.answers.losses).

Shapes: y is (N, C) for a batch of N samples over C classes or outputs, or (C,) for a single
sample, which counts as a batch of one (any further leading axes count as more samples).
t is either one-hot / dense with y's shape, or integer class labels with shape y.shape[:-1].
Losses sum over classes and average over samples, and come back as a NumPy scalar of y's float
dtype (int input -> float64). A t that fits neither shape, or a label outside 0..C-1, raises
ValueError naming both shapes.
"""

import numpy as np

from coursekit.functions import as_float_array, log_softmax


def probability_floor(dtype):
    """Smallest probability a clipped loss feeds to log: max(1e-7, machine epsilon of dtype).

    1e-7 is Keras's epsilon: it caps the loss of one confidently wrong sample at -log(1e-7),
    about 16.1, instead of -log(0) = inf. The floor is never below the dtype's machine epsilon
    so that 1 - floor still differs from 1 (binary cross-entropy also takes log(1 - p)):
    float64 -> 1e-7, float32 -> 1.19e-7 (2**-23), float16 -> 9.8e-4.
    """
    return max(1e-7, float(np.finfo(dtype).eps))


def _prediction(y, name, class_axis=True, arg="y"):
    """Return y as a float array; it must be non-empty and, if class_axis, at least 1-D.

    Errors read "<name>: <arg> ...", e.g. "softmax_cross_entropy: logits must have a class axis".
    """
    y = as_float_array(y, f"{name}: {arg}")
    if class_axis and y.ndim == 0:
        raise ValueError(f"{name}: {arg} must have a class axis, shape (C,) or (N, C); "
                         "got a scalar")
    if y.size == 0:
        raise ValueError(f"{name}: {arg} is empty (shape {y.shape})")
    return y


def dense_targets(y, t, name):
    """Return t as a float array shaped like y: one-hot/dense t as is, integer labels one-hot.

    y: (..., C); t: (..., C) dense, or (...,) integer labels in 0..C-1.
    """
    t = np.asarray(t)
    if t.shape == y.shape:
        return as_float_array(t, f"{name}: t").astype(y.dtype, copy=False)
    if t.shape != y.shape[:-1]:
        raise ValueError(
            f"{name}: t has shape {t.shape} but y has shape {y.shape}; expected one-hot "
            f"targets of shape {y.shape} or integer labels of shape {y.shape[:-1]}")
    if t.dtype.kind not in "iu":
        raise TypeError(f"{name}: labels t of shape {t.shape} must be integers, "
                        f"got dtype {t.dtype}")
    n_classes = y.shape[-1]
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        raise ValueError(
            f"{name}: labels must lie in 0..{n_classes - 1} for y of shape {y.shape}; "
            f"got values from {t.min()} to {t.max()}")
    return (t[..., None] == np.arange(n_classes)).astype(y.dtype)


def _same_shape_targets(p, t, name):
    t = np.asarray(t)
    if t.shape != p.shape:
        raise ValueError(f"{name}: t has shape {t.shape} but the prediction has shape {p.shape}; "
                         "they must match")
    return as_float_array(t, f"{name}: t").astype(p.dtype, copy=False)


def n_samples(y):
    """How many samples a loss averages over: every axis but the last is a sample axis.

    y: (N, C) -> N; (C,) -> 1 (one sample); (N, T, C) -> N * T.
    """
    return y.size // y.shape[-1]


def cross_entropy_of_log_probs(log_y, t):
    """Cross-entropy from log-probabilities: -sum_k t_k log_y_k, summed over classes, batch mean.

    log_y: (..., C) float log-probabilities; t: (..., C) dense targets of the same shape (see
    dense_targets). Every axis but the last is a sample axis: (N, C) averages over N, (C,) is
    one sample. Returns a NumPy scalar of log_y's dtype. PyTorch calls this nll_loss. The
    course's three cross-entropies differ only in where log_y comes from.
    """
    return log_y.dtype.type(-np.vdot(t, log_y) / n_samples(log_y))


def log_softmax_and_targets(logits, t, name="softmax_cross_entropy", arg="logits"):
    """Checked inputs of the fused softmax loss: (log_softmax(logits), dense targets).

    logits: (N, C) or (C,) scores; t: one-hot of the same shape or integer labels (N,) / ().
    Returns two arrays shaped like logits, in its float dtype. Errors read "<name>: <arg> ...".
    """
    z = _prediction(logits, name, arg=arg)
    return log_softmax(z), dense_targets(z, t, name)


def sigmoid_binary_cross_entropy(logits, t):
    """Sigmoid followed by binary cross-entropy, fused; mean over all elements.

    logits: any shape, raw scores z; t: same shape, 0 or 1. Uses the overflow-free form
    max(z, 0) - z * t + log(1 + exp(-|z|)), which equals -[t log s + (1 - t) log(1 - s)]
    with s = sigmoid(z) and is exact for huge |z|.
    """
    z = _prediction(logits, "sigmoid_binary_cross_entropy", class_axis=False, arg="logits")
    t = _same_shape_targets(z, t, "sigmoid_binary_cross_entropy")
    loss = np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))
    return z.dtype.type(np.mean(loss))
