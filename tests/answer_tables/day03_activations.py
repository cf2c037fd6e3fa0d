"""Ways a class writes each exercise of day 3, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np (and warnings); `tanh`, `sigmoid_grad` and `relu_grad` may call the
student's `sigmoid`, `relu` and `step`, which each check replaces by correct versions.
tests/test_checks_activations.py runs every variant against its check directly as well."""


def _cell(name, params, body):
    """The answer cell `def name(params):` with `body` (lines without indentation)."""
    return f"def {name}({params}):\n    " + body.replace("\n", "\n    ") + "\n"


def _cells(name, bodies, params="x"):
    return {label: _cell(name, params, body) for label, body in bodies.items()}


def _wrong_cells(name, bodies, params="x"):
    return {label: (_cell(name, params, body), says) for label, (body, says) in bodies.items()}


_STEP_RIGHT = {
    "astype float": "return (np.asarray(x) > 0).astype(float)",
    "np.array dtype float": "return np.array(np.asarray(x) > 0, dtype=float)",
    "np.where 1.0 0.0": "return np.where(np.asarray(x) > 0, 1.0, 0.0)",
    "np.where ints": "return np.where(np.asarray(x) > 0, 1, 0)",
    "heaviside": "return np.heaviside(x, 0.0)",
    "sign clipped": "return np.maximum(np.sign(x), 0)",
    "times 1.0": "return 1.0 * (np.asarray(x, dtype=float) > 0)",
    "float32 result": "return np.greater(x, 0).astype(np.float32)",
    "zeros then set": ("x = np.asarray(x, dtype=float)\ny = np.zeros_like(x)\ny[x > 0] = 1\n"
                       "return y"),
    "ceil clip": "return np.clip(np.ceil(np.asarray(x, dtype=float)), 0, 1)",
    "vectorize": "return np.vectorize(lambda v: 1.0 if v > 0 else 0.0)(x)",
    "astype int": "return (np.asarray(x) > 0).astype(int)",
}

_STEP_WRONG = {
    "1 at zero": ("return (np.asarray(x) >= 0).astype(float)",
                  "step(0.0) returned 1; expected 0. Your function returns 1 at x = 0"),
    "booleans": ("return np.asarray(x) > 0", "returned True/False values (booleans)"),
    "scalar if": ("return 1 if x > 0 else 0", "truth value of an array"),
    "np.int removed": ("return np.array(x > 0, dtype=np.int)", "has no attribute 'int'"),
    "sign": ("return np.sign(x)", "step(-1.0) returned -1; expected 0."),
    "flat list": ("return [1.0 if v > 0 else 0.0 for v in np.ravel(x)]",
                  "returned an array of shape (1,); expected shape ()."),
    "in place": ("x = np.asarray(x, dtype=float)\nx[x > 0] = 1\nx[x <= 0] = 0\nreturn x",
                 "changed its input in place"),
    "no asarray": ("return np.where(x > 0, 1.0, 0.0)",
                   "On a hidden test (a Python list of floats)"),
    "not written": ("raise NotImplementedError()", "is not written yet"),
}

_SIGMOID_RIGHT = {
    "where on exp(-|x|)": """x = np.asarray(x, dtype=float)
e = np.exp(-np.abs(x))
return np.where(x >= 0, 1 / (1 + e), e / (1 + e))""",
    "via tanh": "return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))",
    "logaddexp": "return np.exp(-np.logaddexp(0, -np.asarray(x, dtype=float)))",
    "clip 500 in float64": """x = np.clip(np.asarray(x, dtype=np.float64), -500, 500)
return 1 / (1 + np.exp(-x))""",
    "clip 30 in float64 (within atol)": """x = np.clip(np.asarray(x, dtype=np.float64), -30, 30)
return 1 / (1 + np.exp(-x))""",
    "numerator by where": """e = np.exp(-np.abs(x))
return np.where(np.asarray(x) >= 0, 1, e) / (1 + e)""",
    "masks": """x = np.asarray(x, dtype=float)
out = np.empty_like(x)
pos = x >= 0
out[pos] = 1 / (1 + np.exp(-x[pos]))
e = np.exp(x[~pos])
out[~pos] = e / (1 + e)
return out""",
    "exp(min(x, 0))": "return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))",
    "keeps float32": """x = np.asarray(x)
if x.dtype.kind != 'f':
    x = x.astype(float)
e = np.exp(-np.abs(x))
return np.where(x >= 0, 1, e) / (1 + e)""",
    "silenced and right": """with np.errstate(over='ignore'):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))""",
    "piecewise": """x = np.asarray(x, dtype=float)
return np.piecewise(x, [x >= 0, x < 0], [lambda v: 1 / (1 + np.exp(-v)),
                                         lambda v: np.exp(v) / (1 + np.exp(v))])""",
    "vectorized scalar code": """import math

def one(v):
    if v >= 0:
        return 1 / (1 + math.exp(-v))
    return math.exp(v) / (1 + math.exp(v))
return np.vectorize(one)(x)""",
    "half tanh plus half": "return 0.5 * np.tanh(np.asarray(x, dtype=float) / 2) + 0.5",
}

_SIGMOID_WRONG = {
    "naive": ("return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))",
              "sigmoid(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "where evaluates both branches": (
        "x = np.asarray(x, dtype=float)\n"
        "return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))",
        "np.where(cond, a, b) computes both a and b"),
    "math.exp": ("import math\nreturn 1 / (1 + math.exp(-x))", "raised TypeError"),
    "clip 10": ("return 1 / (1 + np.exp(-np.clip(np.asarray(x, dtype=float), -10, 10)))",
                "sigmoid(-1000.0) returned 0.0000454; expected 0."),
    "clip 500 overflows in float32": ("return 1 / (1 + np.exp(-np.clip(x, -500, 500)))",
                                      "On a hidden test (a float32 array with |x| up to 1e4), "
                                      "your function emitted a warning (RuntimeWarning: overflow"),
    "sign flipped": ("return 1 / (1 + np.exp(np.asarray(x, dtype=float)))",
                     "sigmoid(2.0) returned 0.11920292; expected 0.88079708."),
    "exp over one plus exp": ("x = np.asarray(x, dtype=float)\nreturn np.exp(x) / (1 + np.exp(x))",
                              "sigmoid(1000.0) emitted a warning"),
    "no asarray": ("e = np.exp(-np.abs(x))\nreturn np.where(x >= 0, 1 / (1 + e), e / (1 + e))",
                   "On a hidden test (a Python list of floats)"),
    "clips the input in place": ("x = np.asarray(x)\nx[x < -500] = -500\nx[x > 500] = 500\n"
                                 "return 1 / (1 + np.exp(-x))",
                                 "changed its input in place"),
    "returns None": ("1 / (1 + np.exp(-np.abs(x)))", "returned None (did you forget `return`?)"),
    "logaddexp with the sign flipped": ("x = np.asarray(x, dtype=float)\n"
                                        "return np.exp(-np.logaddexp(0, x))",
                                        "sigmoid(2.0) returned 0.11920292; expected 0.88079708."),
    "rounded": ("return np.round(0.5 * (1 + np.tanh(np.asarray(x, dtype=float) / 2)), 4)",
                "returned 0.0474 at index (0,); expected 0.04742587"),
}

_TANH_RIGHT = {
    "from a broken notebook sigmoid": "return 2 * sigmoid(2 * np.asarray(x, dtype=float)) - 1",
    "sign times ratio": """x = np.asarray(x, dtype=float)
e = np.exp(-2 * np.abs(x))
return np.sign(x) * (1 - e) / (1 + e)""",
    "np.tanh": "return np.tanh(x)",
    "where on sign": """x = np.asarray(x, dtype=float)
e = np.exp(-2 * np.abs(x))
t = (1 - e) / (1 + e)
return np.where(x < 0, -t, t)""",
    "expm1": """x = np.asarray(x, dtype=float)
m = np.expm1(-2 * np.abs(x))
return -np.sign(x) * m / (2 + m)""",
    "clipped in float64": ("x = np.clip(np.asarray(x, dtype=float), -300, 300)\n"
                           "return 2 / (1 + np.exp(-2 * x)) - 1"),
    "keeps float32": """x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
e = np.exp(-2 * np.abs(x))
return np.sign(x) * (1 - e) / (1 + e)""",
}

_TANH_WRONG = {
    "naive exp": ("x = np.asarray(x, dtype=float)\n"
                  "return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))",
                  "tanh(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "forgot the 2x": ("return 2 * sigmoid(np.asarray(x, dtype=float)) - 1",
                      "tanh(1.0) returned 0.46211716; expected 0.76159416."),
    "one-sided exp": ("x = np.asarray(x, dtype=float)\n"
                      "return (1 - np.exp(-2 * x)) / (1 + np.exp(-2 * x))",
                      "overflow"),
    "sinh over cosh": ("return np.sinh(x) / np.cosh(x)", "tanh(-1000.0) emitted a warning"),
    "math.tanh": ("import math\nreturn math.tanh(x)", "raised TypeError"),
    "sigmoid is not tanh": ("return sigmoid(x)", "tanh(0.0) returned 0.5; expected 0."),
}

_RELU_RIGHT = {
    "maximum": "return np.maximum(0, x)",
    "maximum float": "return np.maximum(x, 0.0)",
    "mask multiply": "x = np.asarray(x)\nreturn x * (x > 0)",
    "clip": "return np.clip(x, 0, None)",
    "where": "x = np.asarray(x)\nreturn np.where(x > 0, x, 0)",
    "abs average": "x = np.asarray(x, dtype=float)\nreturn (x + np.abs(x)) / 2",
    "fmax": "return np.fmax(x, 0)",
    "copy then in place": "x = np.array(x, dtype=float)\nx[x < 0] = 0\nreturn x",
    "method clip": "return np.asarray(x).clip(min=0)",
    "where below zero": "return np.where(np.asarray(x) < 0, 0.0, x)",
    "maximum into a copy": ("y = np.asarray(x, dtype=float).copy()\nnp.maximum(y, 0, out=y)\n"
                            "return y"),
}

_RELU_WRONG = {
    "in place": ("x = np.asarray(x)\nx[x < 0] = 0\nreturn x", "changed its input in place"),
    "np.max": ("return np.max(0, x)", "relu(3.0) raised"),
    "python max": ("return max(0, x)", "truth value of an array"),
    "abs": ("return np.abs(x)", "relu(-2.0) returned 2; expected 0."),
    "leaky by accident": ("x = np.asarray(x)\nreturn np.maximum(0.01 * x, x)",
                          "relu(-2.0) returned -0.02; expected 0."),
    "no asarray": ("return np.where(x > 0, x, 0)", "On a hidden test (a Python list of floats)"),
    "maximum into the input": ("np.maximum(x, 0, out=x)\nreturn x", "relu(3.0) raised"),
}

_LEAKY_RIGHT = {
    "where": "x = np.asarray(x)\nreturn np.where(x > 0, x, alpha * x)",
    "maximum": "x = np.asarray(x)\nreturn np.maximum(alpha * x, x)",
    "split parts": "return np.maximum(x, 0) + alpha * np.minimum(x, 0)",
    "slope factor": "x = np.asarray(x)\nreturn x * np.where(x > 0, 1, alpha)",
    "where at zero too": "x = np.asarray(x, dtype=float)\nreturn np.where(x >= 0, x, alpha * x)",
    "copy then scale": "y = np.array(x, dtype=float)\ny[y < 0] *= alpha\nreturn y",
}

_LEAKY_WRONG = {
    "alpha ignored": ("x = np.asarray(x)\nreturn np.where(x > 0, x, 0.01 * x)",
                      "Hint: Use the alpha argument you are given"),
    "constant alpha": ("x = np.asarray(x)\nreturn np.where(x > 0, x, alpha)",
                       "leaky_relu(-2.0) returned 0.01; expected -0.02."),
    "plain relu": ("return np.maximum(0, x)", "leaky_relu(-2.0) returned 0; expected -0.02."),
    "sign flipped": ("x = np.asarray(x)\nreturn np.where(x > 0, x, -alpha * x)",
                     "leaky_relu(-2.0) returned 0.02; expected -0.02."),
    "in place": ("x = np.asarray(x)\nx[x < 0] *= alpha\nreturn x", "changed its input in place"),
    "alpha times everything": ("return alpha * np.asarray(x)",
                               "leaky_relu(3.0) returned 0.03; expected 3."),
}

_SOFTMAX_RIGHT = {
    "max shift keepdims": """x = np.asarray(x, dtype=float)
e = np.exp(x - x.max(axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "log-sum-exp": """x = np.asarray(x, dtype=float)
s = x - np.max(x, axis=-1, keepdims=True)
return np.exp(s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True)))""",
    "exp(x - logsumexp(x)) in the input's dtype": """x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
m = np.max(x, axis=-1, keepdims=True)
return np.exp(x - (m + np.log(np.sum(np.exp(x - m), axis=-1, keepdims=True))))""",
    "apply_along_axis": """def one(r):
    e = np.exp(r - r.max())
    return e / e.sum()
return np.apply_along_axis(one, -1, np.asarray(x, dtype=float))""",
    "axis=ndim-1": """x = np.asarray(x, dtype=float)
s = x - np.amax(x, axis=x.ndim - 1, keepdims=True)
return np.exp(s) / np.exp(s).sum(axis=x.ndim - 1, keepdims=True)""",
    "book's transpose, any rank": """x = np.asarray(x, dtype=float).T
x = x - x.max(axis=0)
y = np.exp(x) / np.exp(x).sum(axis=0)
return y.T""",
    "None indexing": """x = np.asarray(x, dtype=float)
e = np.exp(x - np.max(x, axis=-1)[..., None])
return e / e.sum(-1)[..., None]""",
    "keeps float32": """x = np.asarray(x)
x = x if x.dtype.kind == 'f' else x.astype(float)
e = np.exp(x - x.max(axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "no asarray (list minus array is an array)": """\
e = np.exp(x - np.max(x, axis=-1, keepdims=True))
return e / e.sum(axis=-1, keepdims=True)""",
    "shift copy": """x = np.array(x, dtype=float)
x -= x.max(axis=-1, keepdims=True)
np.exp(x, out=x)
x /= x.sum(axis=-1, keepdims=True)
return x""",
}

_SOFTMAX_WRONG = {
    "no shift": ("x = np.asarray(x, dtype=float)\n"
                 "return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)",
                 "softmax(np.array([1000.0, 1001.0, 1002.0])) emitted a warning (RuntimeWarning: "
                 "overflow"),
    "whole batch": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x))\n"
                    "return e / np.sum(e)",
                    "Your output adds up to 1 over the whole batch"),
    "axis 0": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x, axis=0, keepdims=True))\n"
               "return e / np.sum(e, axis=0, keepdims=True)",
               "Your output sums to 1 along axis 0, but the classes are the last axis"),
    "axis 1 without keepdims": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - x.max())\n"
                                "return e / e.sum(axis=-1)",
                                "could not be broadcast"),
    "axis 1 breaks one sample": ("x = np.asarray(x, dtype=float)\n"
                                 "e = np.exp(x - x.max(axis=1, keepdims=True))\n"
                                 "return e / e.sum(axis=1, keepdims=True)",
                                 "softmax(np.array([1.0, 2.0, 3.0])) raised AxisError"),
    "one max for the batch": ("x = np.asarray(x, dtype=float)\ne = np.exp(x - np.max(x))\n"
                              "return e / e.sum(axis=-1, keepdims=True)",
                              "Hint: Subtract each row's own maximum"),
    "book's 2-D only": ("""x = np.asarray(x, dtype=float)
if x.ndim == 2:
    x = x - x.max(axis=1, keepdims=True)
    return np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
x = x - np.max(x)
return np.exp(x) / np.sum(np.exp(x))""",
                        "On a hidden test (a float64 array of shape (4, 5, 6))"),
    "shift in place": ("x = np.asarray(x, dtype=float)\nx -= x.max(axis=-1, keepdims=True)\n"
                       "return np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True)",
                       "changed its input in place"),
    "divides by the max": ("x = np.asarray(x, dtype=float)\n"
                           "e = np.exp(x - x.max(-1, keepdims=True))\n"
                           "return e / e.max(axis=-1, keepdims=True)",
                           "softmax(np.array([1.0, 2.0, 3.0])) returned 0.13533528"),
    "no exp": ("x = np.asarray(x, dtype=float)\nreturn x / x.sum(axis=-1, keepdims=True)",
               "softmax(np.array([1.0, 2.0, 3.0])) returned 0.16666667"),
    "column maxima": ("x = np.asarray(x, dtype=float)\n"
                      "e = np.exp(x - x.max(axis=0, keepdims=True))\n"
                      "return e / e.sum(axis=-1, keepdims=True)",
                      "softmax(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 5.0]])) returned"),
    "loops over rows": ("def row(r):\n    e = np.exp(r - r.max())\n    return e / e.sum()\n"
                        "return np.array([row(r) for r in np.asarray(x, dtype=float)])",
                        "softmax(np.array([1.0, 2.0, 3.0])) returned 1 at index (0,)"),
}

_SIGMOID_GRAD_RIGHT = {
    "s(1 - s) from a broken notebook sigmoid": "s = sigmoid(x)\nreturn s * (1 - s)",
    "s(x) s(-x)": "return sigmoid(x) * sigmoid(-np.asarray(x, dtype=float))",
    "e over (1 + e)^2": "e = np.exp(-np.abs(np.asarray(x, dtype=float)))\nreturn e / (1 + e) ** 2",
    "s minus s squared": "s = sigmoid(x)\nreturn s - s ** 2",
    "through tanh": "return 0.25 * (1 - np.tanh(np.asarray(x, dtype=float) / 2) ** 2)",
    "logaddexp": ("x = np.asarray(x, dtype=float)\n"
                  "return np.exp(-np.logaddexp(0, -x) - np.logaddexp(0, x))"),
}

_SIGMOID_GRAD_WRONG = {
    "formula on x": ("x = np.asarray(x, dtype=float)\nreturn x * (1 - x)",
                     "That is x * (1 - x): the formula y * (1 - y) needs y = sigmoid(x) first."),
    "sigmoid itself": ("return sigmoid(x)", "That is sigmoid(x) itself"),
    "mixed": ("return sigmoid(x) * (1 - np.asarray(x, dtype=float))",
              "That is sigmoid(x) * (1 - x)"),
    "naive exp": ("x = np.asarray(x, dtype=float)\nreturn np.exp(-x) / (1 + np.exp(-x)) ** 2",
                  "sigmoid_grad(-1000.0) emitted a warning (RuntimeWarning: overflow"),
    "cosh": ("return 0.25 / np.cosh(np.asarray(x, dtype=float) / 2) ** 2",
             "emitted a warning (RuntimeWarning: overflow"),
    "tanh's derivative": ("return 1 - sigmoid(x) ** 2",
                          "sigmoid_grad(2.0) returned 0.22419651; expected 0.10499359."),
}

_RELU_GRAD_RIGHT = {
    "astype": "return (np.asarray(x) > 0).astype(float)",
    "where": "return np.where(np.asarray(x) > 0, 1.0, 0.0)",
    "from a broken notebook step": "return step(x)",
    "times one": "return (np.asarray(x, dtype=float) > 0) * 1",
    "sign of a broken notebook relu": "return np.sign(relu(x))",
    "clipped sign": "return np.clip(np.sign(x), 0, 1)",
}

_RELU_GRAD_WRONG = {
    "booleans": ("return np.asarray(x) > 0", "returned True/False values (booleans)"),
    "relu itself": ("return np.maximum(0, x)", "That is relu(x) itself"),
    "sign": ("return np.sign(x)", "For x < 0 ReLU is flat, so its slope there is 0, not -1."),
    "2 at zero": ("x = np.asarray(x, dtype=float)\nreturn np.where(x == 0, 2.0, x > 0)",
                  "relu_grad(0.0) returned 2; expected 0."),
    "x over |x|": ("x = np.asarray(x, dtype=float)\nreturn (x / np.abs(x) + 1) / 2",
                   "relu_grad(0.0) emitted a warning (RuntimeWarning: invalid value"),
    "scalar if": ("return 1.0 if x > 0 else 0.0", "truth value of an array"),
    "1 at zero, as the book": ("return (np.asarray(x) >= 0).astype(float)",
                               "relu_grad(0.0) returned 1 at x == 0, and the right slope "
                               "everywhere else"),
    "one half at zero": ("return np.heaviside(x, 0.5)", "returned 0.5 at x == 0"),
    "heaviside 1": ("return np.heaviside(x, 1.0)", "the book's relu_grad gives 1"),
}


CORRECT = {
    "step": _cells("step", _STEP_RIGHT),
    "sigmoid": _cells("sigmoid", _SIGMOID_RIGHT),
    "tanh": _cells("tanh", _TANH_RIGHT),
    "relu": _cells("relu", _RELU_RIGHT),
    "leaky_relu": _cells("leaky_relu", _LEAKY_RIGHT, "x, alpha=0.01"),
    "softmax": _cells("softmax", _SOFTMAX_RIGHT),
    "sigmoid_grad": _cells("sigmoid_grad", _SIGMOID_GRAD_RIGHT),
    "relu_grad": _cells("relu_grad", _RELU_GRAD_RIGHT),
}

WRONG = {
    "step": _wrong_cells("step", _STEP_WRONG),
    "sigmoid": _wrong_cells("sigmoid", _SIGMOID_WRONG),
    "tanh": _wrong_cells("tanh", _TANH_WRONG),
    "relu": _wrong_cells("relu", _RELU_WRONG),
    "leaky_relu": _wrong_cells("leaky_relu", _LEAKY_WRONG, "x, alpha=0.01"),
    "softmax": _wrong_cells("softmax", _SOFTMAX_WRONG),
    "sigmoid_grad": _wrong_cells("sigmoid_grad", _SIGMOID_GRAD_WRONG),
    "relu_grad": _wrong_cells("relu_grad", _RELU_GRAD_WRONG),
}
