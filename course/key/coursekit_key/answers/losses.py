"""Reference answers of coursekit.checks.losses (day 5) that are not coursekit.losses' own: mean
squared error and binary cross-entropy, on coursekit.losses' input checks."""
import numpy as np

from coursekit.losses import _prediction, _same_shape_targets, dense_targets, probability_floor


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


REFERENCES = {"mean_squared_error": mean_squared_error, "binary_cross_entropy": binary_cross_entropy}
