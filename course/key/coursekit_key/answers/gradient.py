"""Numerical differentiation (수치 미분) and gradient descent (경사 하강법): day 6's answers, and the
gradient check built on them that the course's tests hold every analytic gradient to.

Central differences (f(x + h) - f(x - h)) / 2h have error O(h**2), against O(h) for the
one-sided difference. They are slow (two calls of f per element) but need no calculus, which
makes them the yardstick of every backward pass. The checks of coursekit.checks.gradient call
these as they call the student's functions (`REFERENCES`).
"""
from dataclasses import dataclass

import numpy as np

from coursekit.checks.gradient import TEST_FUNCTIONS, _calling_with
from coursekit.functions import as_float_array
from coursekit.gradient import GOOD_RELATIVE_ERROR, WRONG_RELATIVE_ERROR, _relative_errors


def numerical_diff(f, x, h=1e-4):
    """Derivative of a scalar function f at the scalar x: (f(x + h) - f(x - h)) / (2h)."""
    return (f(x + h) - f(x - h)) / (2 * h)


def _as_scalar(value):
    """f's return value as a Python float; f must return a single number."""
    value = np.asarray(value)
    if value.size != 1:
        raise TypeError(f"numerical_gradient: f must return a scalar, got shape {value.shape}")
    return float(value.item())


def numerical_gradient(f, x, h=1e-4):
    """Gradient (기울기) of a scalar function f at x by central differences, one element at a time.

    x: float ndarray of any shape, including 0-d -> float64 array of x's shape.

    Each element of x is perturbed IN PLACE to x[i] + h and x[i] - h, f(x) is called each time,
    and the original value is written back exactly (also if f raises), so x is unchanged
    afterwards. Perturbing in place is what makes the book's pattern work, where f ignores its
    argument and reads a parameter array it closes over:
        numerical_gradient(lambda W: net.loss(x, t), net.params['W1'])
    A Python scalar or list is first copied into a new float64 array.

    The differences and the quotient are computed in float64, dividing by the step that x
    actually took (the stored x[i] + h minus the stored x[i] - h). In a float32 x that step is
    rounded and f is evaluated in float32, so the result is only good to about 1e-3: run
    gradient checks in float64.
    """
    if not isinstance(x, np.ndarray):
        x = np.array(x, dtype=np.float64)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"numerical_gradient: x must be a float array (it is perturbed in place "
                        f"by h={h}), got dtype {x.dtype}")
    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):
        grad[index] = _partial_derivative(f, x, index, h)
    return grad


def _partial_derivative(f, x, index, h):
    """Central difference of f along x[index], perturbing x in place and restoring it."""
    original = x[index]
    try:
        x[index] = float(original) + h
        x_plus, f_plus = float(x[index]), _as_scalar(f(x))
        x[index] = float(original) - h
        x_minus, f_minus = float(x[index]), _as_scalar(f(x))
    finally:
        x[index] = original
    if x_plus == x_minus:
        raise ValueError(f"numerical_gradient: h={h} is too small to change x{list(index)} = "
                         f"{float(original)} in {x.dtype}; use a larger h or float64")
    return (f_plus - f_minus) / (x_plus - x_minus)


def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """Minimise f by x <- x - lr * grad f(x), with numerical gradients, for step_num steps.

    lr is the learning rate (학습률): too small barely moves, too large overshoots and diverges.
    init_x: array of any shape (not modified) -> the final x, a float array shaped like init_x.
    """
    x = np.array(as_float_array(init_x), copy=True)
    for _ in range(step_num):
        x -= lr * numerical_gradient(f, x)
    return x


def descent_path(f, init_x, lr=0.01, step_num=100):
    """gradient_descent one step at a time -> (x, history): the final point and every point
    visited, (step_num + 1, *init_x.shape), init_x first."""
    history = [np.array(as_float_array(init_x), copy=True)]
    for _ in range(step_num):
        history.append(gradient_descent(f, history[-1], lr, 1))
    return history[-1], np.array(history)


@dataclass(frozen=True)
class GradientCheck:
    """Outcome of gradient_check: the worst element's relative error, where, and both values."""

    max_relative_error: float
    index: tuple
    numeric: float
    analytic: float

    @property
    def verdict(self):
        """'good' below 1e-7, 'wrong' above 1e-2, 'suspicious' in between."""
        if self.max_relative_error < GOOD_RELATIVE_ERROR:
            return "good"
        if self.max_relative_error > WRONG_RELATIVE_ERROR:
            return "wrong"
        return "suspicious"

    def __str__(self):
        return (
            f"max relative error {self.max_relative_error:.2e} at index {self.index}: "
            f"numeric {self.numeric:.8g}, analytic {self.analytic:.8g} -> {self.verdict}. "
            f"In float64 expect < {GOOD_RELATIVE_ERROR:g} for a correct gradient; "
            f"{GOOD_RELATIVE_ERROR:g}..{WRONG_RELATIVE_ERROR:g} is suspicious (acceptable near "
            f"kinks such as ReLU at 0, in float32, or for an element far smaller than the rest "
            f"of the gradient, where rounding noise of the numerical gradient dominates); "
            f"> {WRONG_RELATIVE_ERROR:g} means the gradient is wrong.")


def gradient_check(f, x, analytic, h=1e-5):
    """Compare an analytic gradient with numerical_gradient(f, x, h) element by element.

    f: x -> scalar; x: non-empty float array (perturbed in place and restored, see
    numerical_gradient); analytic: array shaped like x. Returns a GradientCheck describing the
    element with the largest relative error.
    """
    analytic = np.asarray(analytic, dtype=np.float64)
    if np.shape(x) != analytic.shape:
        raise ValueError(f"gradient_check: analytic has shape {analytic.shape}, "
                         f"x has shape {np.shape(x)}; they must match")
    if analytic.size == 0:
        raise ValueError("gradient_check: x is empty, there is nothing to check")
    numeric = numerical_gradient(f, x, h)
    errors = _relative_errors(numeric, analytic, "gradient_check")
    worst = np.unravel_index(np.argmax(errors), errors.shape)
    return GradientCheck(
        max_relative_error=float(errors[worst]),
        index=tuple(int(i) for i in worst),
        numeric=float(numeric[worst]),
        analytic=float(analytic[worst]),
    )


def _first_gradient_only(name, init_x, lr=0.01, step_num=100):
    """step_num steps along the gradient at init_x, computed once before the loop."""
    x = np.array(init_x, dtype=float)
    return x - step_num * lr * numerical_gradient(TEST_FUNCTIONS[name][0], x.copy())


_descent = _calling_with(gradient_descent)  # as the checks call it: f named by its key

REFERENCES = {
    "numerical_diff": _calling_with(numerical_diff),
    "numerical_gradient": lambda name, x: numerical_gradient(TEST_FUNCTIONS[name][0],
                                                             np.array(x, dtype=np.float64)),
    "gradient_descent": _descent,
}

# gradient_descent's wrong answers that need the right one (coursekit.checks.gradient names them)
SLIPS = {
    "gradient_descent.climbs": lambda name, init_x, lr=0.01, step_num=100:
        _descent(name, init_x, -lr, step_num),
    "gradient_descent.one_step_short": lambda name, init_x, lr=0.01, step_num=100:
        _descent(name, init_x, lr, step_num - 1),
    "gradient_descent.one_step_more": lambda name, init_x, lr=0.01, step_num=100:
        _descent(name, init_x, lr, step_num + 1),
    "gradient_descent.fixed_lr": lambda name, init_x, lr=0.01, step_num=100:
        _descent(name, init_x, 0.01, step_num),
    "gradient_descent.first_gradient": _first_gradient_only,
}
