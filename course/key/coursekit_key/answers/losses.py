"""Reference answers of coursekit.checks.losses (day 5): mean squared error and the three
cross-entropies, on coursekit.losses' input checks."""
import numpy as np

from coursekit import functions as F
from coursekit.losses import (
    _prediction, _same_shape_targets, cross_entropy_of_log_probs, dense_targets,
    log_softmax_and_targets, n_samples, probability_floor)


def mean_squared_error(y, t):
    """Mean squared error (평균 제곱 오차): mean over ALL elements of (y - t)**2.

    y: (N, C) or (C,); t: same shape, or integer labels (turned into one-hot). This is the
    standard definition (Keras, PyTorch). The "Deep Learning from Scratch" book uses
    0.5 * sum((y - t)**2) instead, which is larger by a factor C / 2 for one sample.
    """
    y = _prediction(y, "mean_squared_error")
    t = dense_targets(y, t, "mean_squared_error")
    return y.dtype.type(np.mean((y - t) ** 2))


def binary_cross_entropy(p, t):
    """Binary cross-entropy (이진 교차 엔트로피) -[t log p + (1 - t) log(1 - p)], mean over all elements.

    p: any shape, probabilities of class 1 (e.g. sigmoid output); t: same shape, 0 or 1.
    p is clipped to [floor, 1 - floor] with floor = probability_floor(p.dtype).
    """
    p = _prediction(p, "binary_cross_entropy", class_axis=False, arg="p")
    t = _same_shape_targets(p, t, "binary_cross_entropy")
    floor = probability_floor(p.dtype)
    p = np.clip(p, floor, 1 - floor)
    loss = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    return p.dtype.type(np.mean(loss))


def cross_entropy_error(y, t):
    """Cross-entropy error (교차 엔트로피 오차) -sum_k t_k log y_k, averaged over the batch.

    y: (N, C) or (C,) probabilities (e.g. softmax output); t: one-hot (same shape) or integer
    labels (N,) / (). y is clipped from below at probability_floor(y.dtype) (1e-7 in float64),
    so a zero probability costs about 16.1 instead of infinity.
    """
    y = _prediction(y, "cross_entropy_error")
    t = dense_targets(y, t, "cross_entropy_error")
    return cross_entropy_of_log_probs(np.log(np.maximum(y, probability_floor(y.dtype))), t)


def softmax_cross_entropy(logits, t):
    """Softmax followed by cross-entropy, fused: -sum_k t_k log_softmax(z)_k, batch mean.

    logits: (N, C) or (C,) raw scores z; t: one-hot or integer labels as in cross_entropy_error.
    Going through log_softmax needs no clipping and stays exact for huge logits: z = [1e4, 0]
    with label 1 gives 1e4, where softmax-then-log would give -log(floor) = 16.1.
    """
    return cross_entropy_of_log_probs(*log_softmax_and_targets(logits, t))


REFERENCES = {"mean_squared_error": mean_squared_error, "cross_entropy_error": cross_entropy_error,
              "binary_cross_entropy": binary_cross_entropy,
              "softmax_cross_entropy": softmax_cross_entropy}

# softmax_cross_entropy's wrong answers that need a right loss (coursekit.checks.losses names them)
SLIPS = {
    "softmax_cross_entropy.softmax_then_log":
        lambda z, t: cross_entropy_error(F.softmax(z), t),
    "softmax_cross_entropy.batch_sum":
        lambda z, t: n_samples(F.as_float_array(z)) * softmax_cross_entropy(z, t),
    "softmax_cross_entropy.all_entries":
        lambda z, t: softmax_cross_entropy(z, t) / np.shape(z)[-1],
    "softmax_cross_entropy.sign": lambda z, t: -softmax_cross_entropy(z, t),
}
