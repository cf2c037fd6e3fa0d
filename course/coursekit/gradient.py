"""Relative error (상대 오차), the yardstick of a gradient check (기울기 확인).

A backward pass is checked by comparing its gradient with a numerical one, element by element:
|a - b| / max(|a| + |b|, 1e-8). Day 6's numerical gradient is the student's own exercise (its
answer is in the instructor's install, coursekit_key.answers.gradient); the later days that
compare with it give it in a recap cell.
"""

import numpy as np

# Relative errors a gradient check should show in float64 (CS231n's rule of thumb).
GOOD_RELATIVE_ERROR = 1e-7
WRONG_RELATIVE_ERROR = 1e-2


def _relative_errors(a, b, name):
    """Elementwise |a - b| / max(|a| + |b|, 1e-8); a and b must have the same shape."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"{name}: shapes differ, {a.shape} vs {b.shape}")
    return np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)


def relative_error(a, b):
    """Largest elementwise relative error max |a - b| / max(|a| + |b|, 1e-8), as a float.

    a, b: arrays of the same shape. This is CS231n's rel_error; the 1e-8 floor only keeps two
    zeros from dividing by zero. Two empty arrays give 0.0.

    The floor is deliberately not raised to hide small elements. A central difference carries
    rounding noise of about 1e-16 * |f| / h in absolute terms, so an element far below
    1e-16 * |f| / (h * 1e-7), about 1e-4 for |f| ~ 1 and h = 1e-5, can miss 1e-7 even when
    the analytic gradient is right; a floor that big would also pass a wrong small element (a
    bias gradient off by a factor 2). Check such elements against a more accurate numerical
    gradient instead: Richardson's (4 D(h) - D(2h)) / 3 of two central differences D cancels
    their h**2 error, so it allows a larger h and hence less rounding noise.
    """
    return float(np.max(_relative_errors(a, b, "relative_error"), initial=0.0))
