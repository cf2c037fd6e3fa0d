"""Ways a class writes each exercise of day 2, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing its last words. The notebook defines
step, AND, OR and NAND before the exercises and imports GATE_WEIGHTS; the checks replace them
by correct versions. tests/test_checks_xor.py runs every variant against its check directly,
with all its words; the *_HIDDEN_ONLY ones pass the visible tests and fail a hidden one."""
from answer_tables.day01_perceptron import right_cells, wrong_cells  # tables of the same shapes

# ------------------------------------------------------------------------ XOR

XOR_VARIANTS = {
    "AND(NAND, OR)": "def XOR(x1, x2):\n    return AND(NAND(x1, x2), OR(x1, x2))\n",
    "named intermediate values": """
        def XOR(x1, x2):
            s1 = NAND(x1, x2)
            s2 = OR(x1, x2)
            return AND(s1, s2)
        """,
    "OR(AND(x1, NOT x2), AND(NOT x1, x2)) with NAND as NOT": """
        def XOR(x1, x2):
            return OR(AND(x1, NAND(x2, x2)), AND(NAND(x1, x1), x2))
        """,
    "four NANDs": """
        def XOR(x1, x2):
            m = NAND(x1, x2)
            return NAND(NAND(x1, m), NAND(x2, m))
        """,
    "not equal": "def XOR(x1, x2):\n    return int(x1 != x2)\n",
    "sum mod 2": "def XOR(x1, x2):\n    return (x1 + x2) % 2\n",
    "abs difference": "def XOR(x1, x2):\n    return abs(x1 - x2)\n",
    "ints then ^": "def XOR(x1, x2):\n    return int(x1) ^ int(x2)\n",
    "own gates as perceptrons": """
        def my_and(x1, x2):
            return int(x1 + x2 - 1.5 > 0)
        def my_or(x1, x2):
            return int(x1 + x2 - 0.5 > 0)
        def my_nand(x1, x2):
            return int(-x1 - x2 + 1.5 > 0)
        def XOR(x1, x2):
            return my_and(my_nand(x1, x2), my_or(x1, x2))
        """,
    "own gates named AND/OR/NAND (judged with the course's)": """
        def AND(x1, x2):
            return 0   # broken, but XOR is graded on its wiring alone
        def XOR(x1, x2):
            return AND(NAND(x1, x2), OR(x1, x2))
        """,
    "returns a bool": "def XOR(x1, x2):\n    return bool(OR(x1, x2)) and not AND(x1, x2)\n",
}


WRONG_XORS = {
    "AND(OR, OR) gives OR": (
        "def XOR(x1, x2):\n    return AND(OR(x1, x2), OR(x1, x2))\n",
        ["XOR(1, 1) returned 1; expected 0.", "NAND(1, 1) = 0 switches it off",
         "That is the truth table of OR, not XOR."]),
    "NAND on top gives XNOR": (
        "def XOR(x1, x2):\n    return NAND(NAND(x1, x2), OR(x1, x2))\n",
        ["XOR(0, 0) returned 1; expected 0.", "Every output is flipped"]),
    "OR on top is always 1": (
        "def XOR(x1, x2):\n    return OR(NAND(x1, x2), OR(x1, x2))\n",
        ["XOR(0, 0) returned 1; expected 0.", "It returns 1 for every input"]),
    "AND(NAND, AND) is always 0": (
        "def XOR(x1, x2):\n    return AND(NAND(x1, x2), AND(x1, x2))\n",
        ["XOR(1, 0) returned 0; expected 1.", "It returns 0 for every input"]),
    "one perceptron cannot do it": (
        "def XOR(x1, x2):\n    return int(x1 + x2 - 0.5 > 0)\n",
        ["XOR(1, 1) returned 1; expected 0."]),
    "returns the pair of hidden outputs": (
        "def XOR(x1, x2):\n    return NAND(x1, x2), OR(x1, x2)\n",
        ["XOR(0, 0) returned a tuple of length 2; expected a single number, 0 or 1."]),
    "not written": (
        "def XOR(x1, x2):\n    raise NotImplementedError()\n",
        ["XOR(0, 0) is not written yet"]),
}


# ------------------------------------------------------------------------ xor_weights

WEIGHT_VARIANTS = {
    "the notes' gates as columns": """
        def xor_weights():
            W1 = np.array([[-0.5, 0.6], [-0.5, 0.6]])
            b1 = np.array([0.7, -0.5])
            return W1, b1, np.array([0.5, 0.5]), -0.7
        """,
    "the textbook integers": """
        def xor_weights():
            return (np.array([[1, 1], [1, 1]]), np.array([-0.5, -1.5]),
                    np.array([1, -1]), -0.5)
        """,
    "exact zeros decided by step(0) = 0": """
        def xor_weights():
            return (np.ones((2, 2)), np.array([-1.0, 0.0]), np.array([-1.0, 1.0]), 0.0)
        """,
    "nested lists": """
        def xor_weights():
            return [[-1, 1], [-1, 1]], [1.5, -0.5], [1, 1], -1.5
        """,
    "three hidden units": """
        def xor_weights():
            W1 = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]])
            return W1, np.array([-0.5, -0.5, -1.0]), np.array([1.0, 1.0, 5.0]), -0.5
        """,
    "b2 as a 0-d array, float32 weights": """
        def xor_weights():
            W1 = np.array([[-0.5, 0.6], [-0.5, 0.6]], dtype=np.float32)
            b1 = np.array([0.7, -0.5], dtype=np.float32)
            return W1, b1, np.array([0.5, 0.5], dtype=np.float32), np.array(-0.7)
        """,
    "built from the course's gate weights": """
        def xor_weights():
            (wn, bn), (wo, bo), (wa, ba) = (GATE_WEIGHTS[g] for g in ("NAND", "OR", "AND"))
            return np.column_stack([wn, wo]), np.array([bn, bo]), np.array(wa), ba
        """,
}


WRONG_WEIGHTS = {
    "hidden units as rows instead of columns": ("""
        def xor_weights():
            W1 = np.array([[-0.5, -0.5], [0.6, 0.6]])
            return W1, np.array([0.7, -0.5]), np.array([0.5, 0.5]), -0.7
        """, ["With your weights the network outputs", "XOR needs 0 1 1 0",
              "(1, 1) -> hidden"]),
    "output unit is OR": ("""
        def xor_weights():
            W1 = np.array([[-0.5, 0.6], [-0.5, 0.6]])
            return W1, np.array([0.7, -0.5]), np.array([0.6, 0.6]), -0.5
        """, ["outputs 1 1 1 1", "(0, 0) -> hidden 1 0 -> 1"]),
    "NAND's bias not flipped": ("""
        def xor_weights():
            W1 = np.array([[-0.5, 0.6], [-0.5, 0.6]])
            return W1, np.array([-0.7, -0.5]), np.array([0.5, 0.5]), -0.7
        """, ["outputs 0 0 0 0", "Make each hidden unit one gate you know"]),
    "W2 as a column": ("""
        def xor_weights():
            W1 = np.array([[-0.5, 0.6], [-0.5, 0.6]])
            return W1, np.array([0.7, -0.5]), np.array([[0.5], [0.5]]), -0.7
        """, ["returned shapes W1 (2, 2), b1 (2,), W2 (2, 1), b2 ()",
              "expected W1 (2, h), b1 (h,), W2 (h,)"]),
    "three values": ("""
        def xor_weights():
            return np.ones((2, 2)), np.zeros(2), np.ones(2)
        """, ["returned a tuple of length 3; expected four things: W1, b1, W2 and b2, in that "
              "order."]),
    "a string": ("""
        def xor_weights():
            return np.ones((2, 2)), "b1", np.ones(2), 0.0
        """, ["returned b1 = a str ('b1'); expected numbers."]),
    "nan": ("""
        def xor_weights():
            return np.ones((2, 2)), np.array([np.nan, 0.0]), np.ones(2), 0.0
        """, ["returned b1 containing nan or inf."]),
    "forgot return": ("""
        def xor_weights():
            W1, b1, W2, b2 = np.ones((2, 2)), np.zeros(2), np.ones(2), 0.0
        """, ["returned None (did you forget `return`?)"]),
}


# ------------------------------------------------------------------------ two_layer_perceptron

TWO_LAYER_VARIANTS = {
    "the course's step": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1 + b1) @ W2 + b2)
        """,
    "comparisons and astype": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            H = (X @ W1 + b1 > 0).astype(int)
            return (H @ W2 + b2 > 0).astype(int)
        """,
    "np.where and np.dot": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            H = np.where(np.dot(X, W1) + b1 > 0, 1.0, 0.0)
            return np.where(np.dot(H, W2) + b2 > 0, 1.0, 0.0)
        """,
    "returns bools": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return (X @ W1 + b1 > 0) @ W2 + b2 > 0
        """,
    "a loop over the rows": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            out = []
            for x in X:
                h = step(x @ W1 + b1)
                out.append(1 if h @ W2 + b2 > 0 else 0)
            return np.array(out)
        """,
    "heaviside, W2 as a column then flattened": """
        def two_layer_perceptron(X, W1, b1, W2, b2):
            H = np.heaviside(X @ W1 + b1, 0)
            return np.heaviside(H @ W2.reshape(-1, 1) + b2, 0).ravel()
        """,
    "helper for one layer": """
        def layer(X, W, b):
            return (np.asarray(X, dtype=float) @ W + b > 0).astype(float)
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return layer(layer(X, W1, b1), W2, b2)
        """,
}


WRONG_TWO_LAYERS = {
    ">= in both layers": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            H = (X @ W1 + b1 >= 0).astype(int)
            return (H @ W2 + b2 >= 0).astype(int)
        """, ["integer weights with sums of exactly 0) returned 1 at index (0,); expected 0",
              "a step that gives 1 at exactly 0 (>= 0)", "use > 0, not >= 0"]),
    "single sample only": ("""
        def two_layer_perceptron(x, W1, b1, W2, b2):
            h = step(np.dot(W1.T, x) + b1)
            return step(np.dot(h, W2) + b2)
        """, ["raised ValueError", "Compute the whole batch with matrix products"]),
    "returns the hidden layer": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(X @ W1 + b1)
        """, ["returned an array of shape (4, 2); expected shape (4,).",
              "That is the hidden layer H"]),
    "returns a column (N, 1)": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1 + b1) @ W2.reshape(-1, 1) + b2)
        """, ["returned an array of shape (4, 1); expected shape (4,)."]),
    "forgets b1": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1) @ W2 + b2)
        """, ["the notes' XOR weights NAND/OR -> AND) returned 0 at index (1,); expected 1"]),
    "transposed W1": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step(step(X @ W1.T + b1) @ W2 + b2)
        """, ["returned 0 at index (1,); expected 1", "use X @ W1."]),
    "sigmoid instead of step": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            s = lambda a: 1 / (1 + np.exp(-a))
            return s(s(X @ W1 + b1) @ W2 + b2)
        """, ["returned 0.4"]),
    "no hidden step (collapses to one layer)": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return step((X @ W1 + b1) @ W2 + b2)
        """, ["the notes' XOR weights NAND/OR -> AND) returned 0 at index (1,); expected 1"]),
    "modifies X in place": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            X *= 1.0
            X[:] = X @ W1 + b1
            return step(step(X) @ W2 + b2)
        """, ["changed its input in place (X)"]),
    "rounds X to integers": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            X = np.round(X).astype(int)
            return step(step(X @ W1 + b1) @ W2 + b2)
        """, ["on a batch of 8 random points", "(1 of 8 values differ)"]),
    "returns None": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            step(step(X @ W1 + b1) @ W2 + b2)
        """, ["returned None (did you forget `return`?)"]),
}


HIDDEN_ONLY_WRONG_TWO_LAYERS = {
    "hard-codes two inputs": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            A = X[:, :1] * W1[0] + X[:, 1:2] * W1[1] + b1
            return step(step(A) @ W2 + b2)
        """, "a batch of 200 random points, 3 inputs and 5 hidden units"),
    "squeezes a batch of one to a scalar": ("""
        def two_layer_perceptron(X, W1, b1, W2, b2):
            return np.squeeze(step(step(X @ W1 + b1) @ W2 + b2))
        """, "a batch of one point, shape (1, 2)"),
}


CORRECT = {
    "xor_gate": right_cells(XOR_VARIANTS),
    "xor_weights": right_cells(WEIGHT_VARIANTS),
    "two_layer_perceptron": right_cells(TWO_LAYER_VARIANTS),
}

WRONG = {
    "xor_gate": wrong_cells(WRONG_XORS),
    "xor_weights": wrong_cells(WRONG_WEIGHTS),
    "two_layer_perceptron": wrong_cells(WRONG_TWO_LAYERS, HIDDEN_ONLY_WRONG_TWO_LAYERS),
}
