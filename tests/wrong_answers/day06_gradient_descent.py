"""One typical wrong answer per exercise of day 6, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_gradient.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "numerical_diff": '''def numerical_diff(f, x):
    """Derivative of f at the number x by the central difference, h = 1e-4."""
    h = 1e-4
    return (f(x + h) - f(x)) / h  # wrong: forward difference, error about h / 2 * f''(x)
''',
    "numerical_gradient": '''def numerical_gradient(f, x):
    """Gradient of the scalar function f at x (any shape), by central differences."""
    h = 1e-4
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        tmp = x[idx]
        x[idx] = tmp + h
        f_plus = f(x)
        x[idx] = tmp - h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)  # wrong: x[idx] is never put back
    return grad
''',
    "gradient_descent": '''def gradient_descent(f, init_x, lr=0.01, step_num=100):
    """step_num steps of x <- x - lr * grad f(x) from init_x; returns the final x."""
    x = init_x  # wrong: x is the caller's array, so x -= ... changes init_x too
    for i in range(step_num):
        x -= lr * numerical_gradient(f, x)
    return x
''',
    "descent_predictions": '''descent_predictions = {
    1e-6: "barely moves",
    0.05: "converges",
    0.5: "converges",  # wrong: the factor 1 - 2 lr is 0, so the first step lands on the minimum
    0.75: "converges, flipping sides",
    1.0: "oscillates forever",
    1.25: "diverges",
}
''',
}
