"""Ways a class writes each exercise of day 1, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing its last words. The notebook's first
cell imports numpy as np; `perceptron_update` and `train_perceptron` may call the student's
`perceptron` and `perceptron_update`, which the checks replace by correct versions.
tests/test_checks_perceptron.py runs every variant against its check directly, with all its
words; the *_HIDDEN_ONLY ones pass the visible tests and fail a hidden one."""
import textwrap

# ------------------------------------------------------------------------ gates

AND_VARIANTS = {
    "notes if/else": """
        def AND(x1, x2):
            w1, w2, b = 0.5, 0.5, -0.7
            if x1 * w1 + x2 * w2 + b <= 0:
                return 0
            return 1
        """,
    "numpy dot": """
        def AND(x1, x2):
            x, w = np.array([x1, x2]), np.array([0.5, 0.5])
            return int(np.dot(w, x) - 0.7 > 0)
        """,
    "w = 1, 1 and b = -1.5": "def AND(x1, x2):\n    return int(x1 + x2 - 1.5 > 0)\n",
    "w = 1, 1 and b = -1 thanks to step(0) = 0": "def AND(x1, x2):\n    return int(x1 + x2 - 1 > 0)\n",
    "returns a bool": "def AND(x1, x2):\n    return 0.5 * x1 + 0.5 * x2 - 0.7 > 0\n",
    "returns np.bool_": "def AND(x1, x2):\n    return np.dot([x1, x2], [0.5, 0.5]) - 0.7 > 0\n",
    "returns a float": "def AND(x1, x2):\n    return float(0.5 * x1 + 0.5 * x2 > 0.7)\n",
    "returns a 0-d array": """
        def AND(x1, x2):
            return np.asarray(np.array([x1, x2]) @ np.array([2.0, 3.0]) - 4.0 > 0, dtype=int)
        """,
    "np.heaviside": "def AND(x1, x2):\n    return np.heaviside(0.5 * x1 + 0.5 * x2 - 0.7, 0)\n",
    "np.where, works on arrays too": "def AND(x1, x2):\n    return np.where(x1 * 0.5 + x2 * 0.5 - 0.7 > 0, 1, 0)\n",
    "calls perceptron (a broken one in the notebook)": """
        def AND(x1, x2):
            return perceptron(np.array([x1, x2]), np.array([0.5, 0.5]), -0.7)
        """,
    "min": "def AND(x1, x2):\n    return min(x1, x2)\n",
    "python and": "def AND(x1, x2):\n    return int(bool(x1) and bool(x2))\n",
    "lookup table": "def AND(x1, x2):\n    return {(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1}[(x1, x2)]\n",
    "large weights": "def AND(x1, x2):\n    return int(1e6 * x1 + 1e6 * x2 - 1.5e6 > 0)\n",
}


OR_VARIANTS = {
    "notes weights": "def OR(x1, x2):\n    return 1 if 0.6 * x1 + 0.6 * x2 - 0.5 > 0 else 0\n",
    "w = 1, 1 and b = -0.5": "def OR(x1, x2):\n    return int(x1 + x2 - 0.5 > 0)\n",
    "b = 0 thanks to step(0) = 0": "def OR(x1, x2):\n    return int(x1 + x2 > 0)\n",
    "max": "def OR(x1, x2):\n    return max(x1, x2)\n",
    "numpy bool": "def OR(x1, x2):\n    return np.array([x1, x2]) @ np.array([0.6, 0.6]) > 0.5\n",
}


NAND_VARIANTS = {
    "notes weights flipped": "def NAND(x1, x2):\n    return int(-0.5 * x1 - 0.5 * x2 + 0.7 > 0)\n",
    "w = -2, -2 and b = 3": "def NAND(x1, x2):\n    return int(-2 * x1 - 2 * x2 + 3 > 0)\n",
    "1 - x1 * x2": "def NAND(x1, x2):\n    return 1 - x1 * x2\n",
    "returns a float": "def NAND(x1, x2):\n    return float(-0.5 * x1 - 0.5 * x2 + 0.7 > 0)\n",
}


# (source, name of the check, fragments the message must contain)
WRONG_GATES = {
    "reversed output rule (misconception 3)": (
        "def AND(x1, x2):\n    return 0 if 0.5 * x1 + 0.5 * x2 - 0.7 > 0 else 1\n", "AND",
        ["AND(0, 0) returned 1; expected 0.", "Every output is flipped",
         "w·x + b > 0"]),
    "OR's weights for AND": (
        "def AND(x1, x2):\n    return int(0.6 * x1 + 0.6 * x2 - 0.5 > 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "That is the truth table of OR, not AND."]),
    ">= with weights that need >": (
        "def AND(x1, x2):\n    return int(x1 + x2 - 1 >= 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "w1 + b must stay at or below 0"]),
    "bias forgotten": (
        "def AND(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 > 0)\n", "AND",
        ["AND(1, 0) returned 1; expected 0.", "truth table of OR"]),
    "NAND with the bias not flipped": (
        "def NAND(x1, x2):\n    return int(-0.5 * x1 - 0.5 * x2 - 0.7 > 0)\n", "NAND",
        ["NAND(0, 0) returned 0; expected 1.", "b must be positive",
         "It returns 0 for every input"]),
    "NAND = AND (nothing flipped)": (
        "def NAND(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "NAND",
        ["NAND(0, 0) returned 0; expected 1.", "Every output is flipped"]),
    "OR with AND's weights": (
        "def OR(x1, x2):\n    return int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "OR",
        ["OR(1, 0) returned 0; expected 1.", "w1 + b > 0", "truth table of AND, not OR"]),
    "OR with the threshold on the wrong side": (
        "def OR(x1, x2):\n    return int(0.6 * x1 + 0.6 * x2 > -0.5)\n", "OR",
        ["OR(0, 0) returned 1; expected 0.", "It returns 1 for every input"]),
    "no step (returns the sum)": (
        "def AND(x1, x2):\n    return 0.5 * x1 + 0.5 * x2 - 0.7\n", "AND",
        ["AND(0, 0) returned -0.7; expected 0 or 1"]),
    "forgot return": (
        "def AND(x1, x2):\n    y = int(0.5 * x1 + 0.5 * x2 - 0.7 > 0)\n", "AND",
        ["AND(0, 0) returned None (did you forget `return`?)"]),
    "returns a one-element array": (
        "def AND(x1, x2):\n    return np.array([int(x1 + x2 > 1.5)])\n", "AND",
        ["returned an array of shape (1,); expected a single number, 0 or 1."]),
    "returns a list": (
        "def AND(x1, x2):\n    return [int(x1 + x2 > 1.5)]\n", "AND",
        ["AND(0, 0) returned a list of length 1; expected a single number, 0 or 1."]),
    "returns a string": (
        "def AND(x1, x2):\n    return '1' if x1 + x2 > 1.5 else '0'\n", "AND",
        ["AND(0, 0) returned a str ('0'); expected 0 or 1"]),
    "not written yet": (
        "def OR(x1, x2):\n    raise NotImplementedError()\n", "OR",
        ["OR: OR(0, 0) is not written yet: it raises NotImplementedError."]),
    "crashes": (
        "def OR(x1, x2):\n    return x1 + x2 + undefined_name\n", "OR",
        ["OR(0, 0) raised NameError: name 'undefined_name' is not defined"]),
}


HIDDEN_ONLY_WRONG_GATES = {
    "list indexing breaks on floats": (
        "def AND(x1, x2):\n    return [[0, 0], [0, 1]][x1][x2]\n", "AND",
        "float inputs 0.0 / 1.0", "raised TypeError"),
    "type test on int": (
        "def OR(x1, x2):\n    return 1 if x1 == 1 or x2 == 1 and type(x2) is int else 0\n",
        "OR", "float inputs", "returned 0, which is wrong for that input."),
    "bitwise and breaks on floats": (
        "def AND(x1, x2):\n    return x1 & x2\n", "AND", "float inputs", "raised TypeError"),
}


# ------------------------------------------------------------------------ perceptron(x, w, b)

PERCEPTRON_VARIANTS = {
    "np.dot and if": """
        def perceptron(x, w, b):
            if np.dot(w, x) + b > 0:
                return 1
            return 0
        """,
    "np.sum": "def perceptron(x, w, b):\n    return int(np.sum(w * x) + b > 0)\n",
    "matmul, bool result": "def perceptron(x, w, b):\n    return x @ w + b > 0\n",
    "python loop": """
        def perceptron(x, w, b):
            total = b
            for xi, wi in zip(x, w):
                total += xi * wi
            return 1 if total > 0 else 0
        """,
    "heaviside, float result": "def perceptron(x, w, b):\n    return np.heaviside(np.dot(x, w) + b, 0.0)\n",
    "astype": "def perceptron(x, w, b):\n    return (np.dot(x, w) + b > 0).astype(np.int64)\n",
    "copies then works in place": """
        def perceptron(x, w, b):
            s = np.array(x, dtype=float)
            s *= w
            return int(s.sum() + b > 0)
        """,
    "threshold form, theta = -b": """
        def perceptron(x, w, b):
            theta = -b
            return 1 if np.dot(w, x) > theta else 0
        """,
}


WRONG_PERCEPTRONS = {
    ">= instead of > (step(0) = 1)": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) + b >= 0)\n",
        ["perceptron(x=[1, 1], w=[0.5, 0.5], b=-1.0) returned 1; expected 0.",
         "a sum of exactly 0 gives 0"]),
    "reversed output (misconception 3)": (
        "def perceptron(x, w, b):\n    return 0 if np.dot(w, x) + b > 0 else 1\n",
        ["perceptron(x=[1, 1], w=[0.5, 0.5], b=-0.7) returned 0; expected 1."]),
    "bias ignored": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) > 0)\n",
        ["perceptron(x=[1, 0], w=[0.5, 0.5], b=-0.7) returned 1; expected 0."]),
    "bias used as the threshold": (
        "def perceptron(x, w, b):\n    return int(np.dot(w, x) > b)\n",
        ["perceptron(x=[0, 0], w=[0.5, 0.5], b=-0.7) returned 1; expected 0.",
         "do not compare w·x with b"]),
    "only two inputs": (
        "def perceptron(x, w, b):\n    return int(x[0] * w[0] + x[1] * w[1] + b > 0)\n",
        ["perceptron(x=[1, 0, 1], w=[0.2, -0.5, 0.4], b=-0.5) returned 0; expected 1.",
         "Sum over all n inputs"]),
    "modifies x in place": (
        "def perceptron(x, w, b):\n    x *= w\n    return int(x.sum() + b > 0)\n",
        ["changed its input in place (x)"]),
    "no step": (
        "def perceptron(x, w, b):\n    return np.dot(w, x) + b\n",
        ["returned 0.3; expected 0 or 1"]),
    "elementwise, not summed": (
        "def perceptron(x, w, b):\n    return (x * w + b > 0).astype(int)\n",
        ["returned an array of shape (2,); expected a single number, 0 or 1."]),
}


# ------------------------------------------------------------------------ perceptron_update

UPDATE_VARIANTS = {
    "the rule": """
        def perceptron_update(w, b, x, t, lr):
            y = perceptron(x, w, b)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
    "inline output, if/else": """
        def perceptron_update(w, b, x, t, lr):
            y = 1 if np.dot(w, x) + b > 0 else 0
            if y == t:
                return w, b
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
    "copy then in place": """
        def perceptron_update(w, b, x, t, lr):
            error = t - int(np.dot(w, x) + b > 0)
            w_new = w.astype(float)
            w_new += lr * error * x
            return w_new, b + lr * error
        """,
    "returns a list": """
        def perceptron_update(w, b, x, t, lr):
            error = t - (x @ w + b > 0)
            return [np.add(w, lr * error * x), float(b + lr * error)]
        """,
    "wrong perceptron in the notebook is replaced": """
        def perceptron_update(w, b, x, t, lr):
            error = t - perceptron(x, w, b)
            return w + lr * error * x, b + lr * error
        """,
    "loop over coordinates": """
        def perceptron_update(w, b, x, t, lr):
            error = t - (1 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0)
            return np.array([wi + lr * error * xi for wi, xi in zip(w, x)]), b + lr * error
        """,
}


WRONG_UPDATES = {
    "sign error": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (y - t) * x, b + lr * (y - t)
        """,
        ["returned w = [-0.1, -0.1], b = -0.1; expected w = [0.1, 0.1], b = 0.1.",
         "the error is t - y, not y - t"]),
    "in place (w +=)": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            w += lr * (t - y) * x
            return w, b + lr * (t - y)
        """,
        ["changed its input in place (w)"]),
    "step(0) = 1 in the output": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b >= 0)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
        ["expected w = [0.1, 0.1], b = 0.1. Nothing changed, but the output y was wrong",
         "step(0) = 0"]),
    "bias not updated": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (t - y) * x, b
        """,
        ["returned w = [0.1, 0.1], b = 0; expected w = [0.1, 0.1], b = 0.1."]),
    "updates on every sample (t instead of t - y)": (
        """
        def perceptron_update(w, b, x, t, lr):
            return w + lr * t * x, b + lr * t
        """,
        ["perceptron_update(w=[0.5, 0.5], b=-0.2, x=[1, 0], t=0, lr=0.1) returned",
         "Nothing changed, but the output y was wrong"]),
    "bias left out of the output": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) > 0)
            return w + lr * (t - y) * x, b + lr * (t - y)
        """,
        ["perceptron_update(w=[0.2, -0.4, 0.1], b=0.3, x=[1, 1, 0], t=1, lr=0.5) returned",
         "already classified correctly"]),
    "returns only w": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + lr * (t - y) * x
        """,
        ["returned an array of shape (2,); expected a pair (w, b)"]),
    "returns (b, w)": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return b + lr * (t - y), w + lr * (t - y) * x
        """,
        ["returned w of shape (); expected shape (2,)."]),
    "returns a dict": (
        """
        def perceptron_update(w, b, x, t, lr):
            return {"w": w, "b": b}
        """,
        ["returned a dict"]),
    "lr forgotten": (
        """
        def perceptron_update(w, b, x, t, lr):
            y = int(np.dot(w, x) + b > 0)
            return w + (t - y) * x, b + (t - y)
        """,
        ["returned w = [1, 1], b = 1; expected w = [0.1, 0.1], b = 0.1."]),
}


# ------------------------------------------------------------------------ train_perceptron

TRAIN_VARIANTS = {
    "epochs with early stop, calls perceptron_update": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                before = (w.copy(), b)
                for x, target in zip(X, t):
                    w, b = perceptron_update(w, b, x, target, lr)
                if np.array_equal(before[0], w) and before[1] == b:
                    break
            return w, b
        """,
    "all epochs, inline rule": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for i in range(len(X)):
                    error = t[i] - (1 if X[i] @ w + b > 0 else 0)
                    w = w + lr * error * X[i]
                    b = b + lr * error
            return w, b
        """,
    "random start, shuffled order": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            rng = np.random.default_rng(0)
            w, b = rng.normal(size=X.shape[1]), 0.0
            for _ in range(epochs):
                for i in rng.permutation(len(X)):
                    w, b = perceptron_update(w, b, X[i], t[i], lr)
            return w, b
        """,
    "batch perceptron (sums an epoch's corrections)": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            X = np.asarray(X, dtype=float)
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                error = t - (X @ w + b > 0)
                if not error.any():
                    break
                w, b = w + lr * error @ X, b + lr * error.sum()
            return w, b
        """,
    "returns a list": """
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = [0.0] * X.shape[1], 0.0
            for _ in range(epochs):
                for x, target in zip(X, t):
                    w, b = perceptron_update(np.array(w), b, x, target, lr)
            return [list(w), b]
        """,
}


WRONG_TRAINING = {
    "sign error": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(epochs):
                for x, target in zip(X, t):
                    error = (1 if x @ w + b > 0 else 0) - target
                    w, b = w + lr * error * x, b + lr * error
            return w, b
        """, "on the AND truth table", "its target is"),
    "bias never learned": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w = np.zeros(X.shape[1])
            for _ in range(epochs):
                for x, target in zip(X, t):
                    w, _ = perceptron_update(w, 0.0, x, target, lr)
            return w, 0.0
        """, "on the AND truth table", "samples wrong"),
    "a single epoch": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            w, b = np.zeros(X.shape[1]), 0.0
            for x, target in zip(X, t):
                w, b = perceptron_update(w, b, x, target, lr)
            return w, b
        """, "on the AND truth table", "its target is 0"),
    "returns the untrained start": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.zeros(X.shape[1]), 0.0
        """, "returned w = [0, 0], b = 0", "its target is 1"),
    "returns only w": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.ones(X.shape[1])
        """, "returned an array of shape (2,)", "expected a pair (w, b)"),
    "weights of the wrong length": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.zeros(X.shape[1] + 1), 0.0
        """, "returned w of shape (3,)", "expected shape (2,)"),
    "nan weights": ("""
        def train_perceptron(X, t, lr=0.1, epochs=100):
            return np.full(X.shape[1], np.nan), 0.0
        """, "nan or inf", "train_perceptron"),
}


def _cell(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


def _words(entry: tuple) -> str:
    """The words a wrong variant's message must contain: its entry's last item (or list item)."""
    last = entry[-1]
    return last[-1] if isinstance(last, list) else last


def right_cells(variants: dict) -> dict:
    return {name: _cell(source) for name, source in variants.items()}


def wrong_cells(*tables: dict, gate: str = "") -> dict:
    """name -> (cell, words); gate tables hold (source, gate name, ...): keep `gate`'s."""
    return {name: (_cell(entry[0]), _words(entry)) for table in tables
            for name, entry in table.items() if not gate or entry[1] == gate}


CORRECT = {
    "and_gate": right_cells(AND_VARIANTS),
    "or_gate": right_cells(OR_VARIANTS),
    "nand_gate": right_cells(NAND_VARIANTS),
    "perceptron": right_cells(PERCEPTRON_VARIANTS),
    "perceptron_update": right_cells(UPDATE_VARIANTS),
    "train_perceptron": right_cells(TRAIN_VARIANTS),
}

WRONG = {
    "and_gate": wrong_cells(WRONG_GATES, HIDDEN_ONLY_WRONG_GATES, gate="AND"),
    "or_gate": wrong_cells(WRONG_GATES, HIDDEN_ONLY_WRONG_GATES, gate="OR"),
    "nand_gate": wrong_cells(WRONG_GATES, HIDDEN_ONLY_WRONG_GATES, gate="NAND"),
    "perceptron": wrong_cells(WRONG_PERCEPTRONS),
    "perceptron_update": wrong_cells(WRONG_UPDATES),
    "train_perceptron": wrong_cells(WRONG_TRAINING),
}
