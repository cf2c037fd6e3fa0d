"""One typical wrong answer per exercise of day01_perceptron, each the full source of the answer
cell. The pipeline test grades each through nbgrader and expects it to lose exactly the points of
that exercise's test cell (the checks judge every exercise on its own)."""

WRONG_ANSWERS = {
    # The notes' slip: output 0 when the sum is above the threshold. It computes NAND.
    "and_gate": '''def AND(x1, x2):
    """AND gate as a perceptron: 1 only when x1 and x2 are both 1."""
    w1, w2, b = 0.5, 0.5, -0.7
    return 0 if w1 * x1 + w2 * x2 + b > 0 else 1
''',
    # AND's weights: one input alone does not reach the threshold.
    "or_gate": '''def OR(x1, x2):
    """OR gate as a perceptron: 1 when x1 or x2 (or both) is 1."""
    w1, w2, b = 0.5, 0.5, -0.7
    return 1 if w1 * x1 + w2 * x2 + b > 0 else 0
''',
    # The weights flipped but not the bias: 0 for every input.
    "nand_gate": '''def NAND(x1, x2):
    """NAND gate as a perceptron: 0 only when x1 and x2 are both 1."""
    w1, w2, b = -0.5, -0.5, -0.7
    return 1 if w1 * x1 + w2 * x2 + b > 0 else 0
''',
    # >= instead of >: step(0) = 1, wrong when the sum is exactly 0.
    "perceptron": '''def perceptron(x, w, b):
    """Output of one perceptron for one input vector."""
    return 1 if np.dot(w, x) + b >= 0 else 0
''',
    # Sign error: the error taken as y - t, so every update moves the wrong way.
    "perceptron_update": '''def perceptron_update(w, b, x, t, lr):
    """One step of the perceptron learning rule on one sample."""
    error = perceptron(x, w, b) - t
    return w + lr * error * x, b + lr * error
''',
    # The bias is never learned: the line is stuck through the origin.
    "train_perceptron": '''def train_perceptron(X, t, lr=0.1, epochs=100):
    """Train a perceptron with the learning rule, starting from w = 0 and b = 0."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x_i, t_i in zip(X, t):
            w, _ = perceptron_update(w, b, x_i, t_i, lr)
    return w, b
''',
}
