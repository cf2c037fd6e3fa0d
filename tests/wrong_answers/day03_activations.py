"""One typical wrong answer per exercise of day 3, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_activations.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "step": '''def step(x):
    """Step function: 1.0 where x > 0 and 0.0 elsewhere, so step(0) == 0."""
    x = np.asarray(x, dtype=float)
    return (x >= 0).astype(float)  # wrong: 1 at x == 0
''',
    "sigmoid": '''def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), elementwise, output in [0, 1]."""
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))  # wrong: overflows for x << 0
''',
    "tanh": '''def tanh(x):
    """Hyperbolic tangent, elementwise, output in [-1, 1]."""
    x = np.asarray(x, dtype=float)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))  # wrong: overflows, then nan
''',
    "relu": '''def relu(x):
    """Rectified linear unit max(0, x), elementwise."""
    x = np.asarray(x)
    x[x < 0] = 0  # wrong: changes the caller's array
    return x
''',
    "leaky_relu": '''def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, alpha * x elsewhere, elementwise."""
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x, 0.01 * x)  # wrong: ignores alpha
''',
    "softmax": '''def softmax(x):
    """Softmax over the last axis: exp(x_k) / sum_j exp(x_j) for each row."""
    e = np.exp(np.asarray(x, dtype=float))  # wrong: no max shift, overflows
    return e / np.sum(e, axis=-1, keepdims=True)
''',
    "sigmoid_grad": '''def sigmoid_grad(x):
    """Derivative of the sigmoid at x: sigmoid(x) * (1 - sigmoid(x)), elementwise."""
    x = np.asarray(x, dtype=float)
    return x * (1 - x)  # wrong: y * (1 - y) needs y = sigmoid(x)
''',
    "relu_grad": '''def relu_grad(x):
    """Derivative of ReLU: 1.0 where x > 0, 0.0 where x < 0 (and 0.0 at x == 0)."""
    return np.asarray(x) > 0  # wrong: booleans, not numbers
''',
}
