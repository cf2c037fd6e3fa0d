"""One typical wrong answer per exercise of day 4, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_forward.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "sigmoid": '''def sigmoid(x):
    """Logistic sigmoid 1 / (1 + exp(-x)), elementwise, without overflow."""
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))  # wrong: overflows for x << 0
''',
    "init_network": '''def init_network():
    """The worked example's parameters: 2 inputs -> 3 -> 2 -> 2 outputs."""
    return {  # wrong: the notes' B1, B2, B3 instead of the course's b1, b2, b3
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "B1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "B2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "B3": np.array([0.1, 0.2]),
    }
''',
    "forward": '''def forward(network, x):
    """Three-layer forward pass: sigmoid after layers 1 and 2, identity after layer 3."""
    W1, W2, W3 = network["W1"], network["W2"], network["W3"]
    b1, b2, b3 = network["b1"], network["b2"], network["b3"]
    z1 = sigmoid(W1.T @ x + b1)  # wrong: works for one sample (D,) only, not a batch (N, D)
    z2 = sigmoid(W2.T @ z1 + b2)
    return identity(W3.T @ z2 + b3)
''',
    "predict": '''def predict(network, x):
    """Index of the largest output of forward(network, x) for each sample."""
    return np.argmax(forward(network, x))  # wrong: no axis, one index for the whole batch
''',
}
