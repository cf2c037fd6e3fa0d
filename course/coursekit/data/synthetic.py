"""Small 2-D toy data sets for classification, generated with NumPy.

Each generator returns ``(X, t)``: points ``X`` of shape (N, 2) in float64 and integer class
labels ``t`` of shape (N,), grouped by class (class 0 first). Training code shuffles them.
"""

import numpy as np


def _check_positive_int(name, value, minimum=1):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")


def _check_noise(noise):
    if not np.isscalar(noise) or not noise >= 0:
        raise ValueError(f"noise must be a number >= 0, got {noise!r}")


def spirals(n_per_class=100, n_classes=3, noise=0.2, seed=None):
    """Interleaved spiral arms, one per class (the CS231n toy problem).

    Class k's arm runs from the origin (radius 0) to radius 1 while its angle sweeps 4 radians,
    starting at 4k; Gaussian noise of std ``noise`` is added to the angle.
    Returns X: (n_classes * n_per_class, 2) float64, t: (n_classes * n_per_class,) int64.
    """
    _check_positive_int("n_per_class", n_per_class)
    _check_positive_int("n_classes", n_classes)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    start = 4.0 * np.repeat(np.arange(n_classes), n_per_class)
    angle = start + np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes)
    angle += noise * rng.standard_normal(angle.shape)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    t = np.repeat(np.arange(n_classes, dtype=np.int64), n_per_class)
    return X, t


def moons(n_samples=200, noise=0.1, seed=None):
    """Two interleaving half circles of radius 1.

    Class 0: (cos a, sin a) for a in [0, pi]; class 1: (1 - cos a, 0.5 - sin a), the same arc
    flipped and shifted. Class 0 gets ceil(n_samples / 2) points. Gaussian noise of std ``noise``
    is added to both coordinates.
    Returns X: (n_samples, 2) float64, t: (n_samples,) int64.
    """
    _check_positive_int("n_samples", n_samples, minimum=2)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    n_upper = n_samples - n_samples // 2
    a_upper = np.linspace(0.0, np.pi, n_upper)
    a_lower = np.linspace(0.0, np.pi, n_samples // 2)
    upper = np.column_stack([np.cos(a_upper), np.sin(a_upper)])
    lower = np.column_stack([1.0 - np.cos(a_lower), 0.5 - np.sin(a_lower)])
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n_samples, 2))
    t = np.repeat(np.array([0, 1], dtype=np.int64), [n_upper, n_samples // 2])
    return X, t
