"""One typical wrong answer per exercise of day02_xor_mlp, each the full source of the answer
cell. The pipeline test grades each through nbgrader and expects it to lose exactly the points of
that exercise's test cell."""

WRONG_ANSWERS = {
    # OR in both hidden places: the result is OR, wrong at (1, 1).
    "xor_gate": '''def XOR(x1, x2):
    """XOR as a 2-layer perceptron: 1 when exactly one of x1, x2 is 1."""
    return AND(OR(x1, x2), OR(x1, x2))
''',
    # The hidden units written as rows of W1 instead of columns.
    "xor_weights": '''def xor_weights():
    """Weights of a 2-layer perceptron computing XOR."""
    W1 = np.array([[-0.5, -0.5],
                   [0.6, 0.6]])
    b1 = np.array([0.7, -0.5])
    W2 = np.array([0.5, 0.5])
    b2 = -0.7
    return W1, b1, W2, b2
''',
    # >= 0 in both layers: step(0) = 1, wrong whenever a sum is exactly 0.
    "two_layer_perceptron": '''def two_layer_perceptron(X, W1, b1, W2, b2):
    """Outputs of a 2-layer perceptron for a batch of inputs."""
    H = (X @ W1 + b1 >= 0).astype(float)
    return (H @ W2 + b2 >= 0).astype(float)
''',
}
