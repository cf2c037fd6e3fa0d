"""Checks for day 4: the 3-layer forward pass (순전파).

    from coursekit.checks import forward as check
    check.sigmoid(sigmoid)             # day 3's check, re-run on the student's sigmoid
    check.init_network(init_network)
    check.forward(forward)
    check.predict(predict)

A network is a dict of NumPy arrays {'W1', 'b1', 'W2', 'b2', 'W3', 'b3'} (the course's parameter
names: capital W for weights, lower-case b for biases). `init_network` must return the worked
example's parameters (SEEDS.md). `forward(network, x)` applies sigmoid after layers 1 and 2 and
the identity after layer 3; it is given the network to use (never the student's init_network)
and is judged on the worked network and on random networks of other sizes, on one sample (D,)
and on batches (N, D). `predict(network, x)` returns the index of the largest output per sample.
`forward` and `predict` are judged on their own: the names `sigmoid`, `identity` and `softmax`
they call are the course's versions, and predict's `forward` is a stand-in for the reference (see
`standins`), so a wrong `sigmoid` costs only the sigmoid exercise and a wrong `forward` only the
forward exercise.
"""
import copy

import numpy as np

from .. import functions as F
from .activations import sigmoid  # noqa: F401 (re-exported: day 4 re-checks day 3's sigmoid)
from .core import FLOAT32, Case, FunctionCheck, as_numeric, register, subject
from .lookalikes import compare_output, with_lookalikes

PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
WORKED_X = (1.0, 0.5)
WORKED_Y = (0.31682708, 0.69627909)  # SEEDS.md, to 8 decimals
_SEED = 4


# The worked example's parameters, 2 inputs -> 3 -> 2 -> 2 outputs: init_network's answer, given
# in the notebook's text, kept here as data for the visible cases.
WORKED_NETWORK = {
    "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
    "b1": np.array([0.1, 0.2, 0.3]),
    "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
    "b2": np.array([0.1, 0.2]),
    "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
    "b3": np.array([0.1, 0.2]),
}


def random_network(sizes, rng, scale=1.0, dtype=np.float64) -> dict:
    """A network with layer sizes (D, H1, H2, C), weights and biases N(0, scale^2)."""
    return {name: (scale * rng.standard_normal(shape)).astype(dtype)
            for name, shape in zip(PARAM_NAMES, [(sizes[0], sizes[1]), (sizes[1],),
                                                 (sizes[1], sizes[2]), (sizes[2],),
                                                 (sizes[2], sizes[3]), (sizes[3],)])}


# ---- init_network -------------------------------------------------------------------------------

def _missing_key(net: dict, key: str) -> str:
    near = [k for k in net if isinstance(k, str) and k.lower() == key.lower()]
    if near:
        return (f"init_network() has the key {near[0]!r} but no {key!r}: rename it to {key!r}. "
                "The course names parameters W1, b1, W2, b2, W3, b3: capital W for weights, "
                "lower-case b for biases (the notes' B1, B2, B3 are our b1, b2, b3).")
    return (f"init_network() has no key {key!r} (its keys: {sorted(map(str, net))}); expected the "
            "six keys 'W1', 'b1', 'W2', 'b2', 'W3', 'b3'.")


_WEIGHT_ROLES = {
    "W1": "one row per input (2) and one column per unit of layer 1 (3), so that x @ W1 works "
          "for x of shape (2,)",
    "W2": "one row per unit of layer 1 (3) and one column per unit of layer 2 (2)",
    "W3": "one row per unit of layer 2 (2) and one column per output (2)",
}


def _parameter_problem(key: str, value, want: np.ndarray):
    if not isinstance(value, np.ndarray):
        return (f"network[{key!r}] is {'None' if value is None else 'a ' + type(value).__name__}, "
                "not a NumPy array: build it with np.array(...).")
    got = as_numeric(value)
    if got is None:
        return f"network[{key!r}] holds {value.dtype} data, not numbers."
    transposed = (f"Your matrix is transposed: {key} needs {_WEIGHT_ROLES[key]}."
                  if key in _WEIGHT_ROLES else "")
    if got.shape != want.shape:
        if transposed and got.shape == want.shape[::-1]:
            return f"network[{key!r}] has shape {got.shape}; expected {want.shape}. {transposed}"
        extra = ": one bias per unit, as a 1-D array" if key.startswith("b") else ""
        return f"network[{key!r}] has shape {got.shape}; expected {want.shape}{extra}."
    bad = ~np.isclose(got, want, rtol=1e-6, atol=1e-9)
    if not bad.any():
        return None
    if transposed and got.T.shape == want.shape and np.allclose(got.T, want, rtol=1e-6, atol=1e-9):
        return (f"network[{key!r}] has the worked example's numbers in the wrong places. "
                f"{transposed}")
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return (f"network[{key!r}] has {got[index]:g} at index {index}; the worked example has "
            f"{want[index]:g} there.")


def _judge_network(case, record, expected):
    net = record.output
    if not isinstance(net, dict):
        kind = "None (did you forget `return`?)" if net is None else f"a {type(net).__name__}"
        return (f"init_network() returned {kind}; expected a dict such as "
                "{'W1': np.array(...), 'b1': np.array(...), ...}.")
    for key in PARAM_NAMES:
        if key not in net:
            return _missing_key(net, key)
        problem = _parameter_problem(key, net[key], expected[key])
        if problem:
            return problem
    return None


def _init_network_visible():
    return [Case("init_network()", hint="Copy the worked example's numbers; W1 has shape (2, 3).",
                 expected=WORKED_NETWORK, judge=_judge_network)]


# ---- forward ------------------------------------------------------------------------------------

def _layers(network, x, hidden, output, biases=True):
    """The forward pass with other activations (or no biases): the shapes of common slips."""
    b = {k: network[k] if biases else 0 for k in ("b1", "b2", "b3")}
    z1 = hidden[0](np.asarray(x) @ network["W1"] + b["b1"])
    z2 = hidden[1](z1 @ network["W2"] + b["b2"])
    return output(z2 @ network["W3"] + b["b3"])


def _identity(a):
    return a


_S, _I = F.sigmoid, _identity
_FORWARD_SLIPS = [
    (lambda n, x: _layers(n, x, (_S, _S), F.softmax),
     "That is softmax of the right output: this network's output layer is the identity "
     "(return a3 itself)."),
    (lambda n, x: _layers(n, x, (_S, _S), F.sigmoid),
     "That is sigmoid of the right output: the output layer is the identity; sigmoid belongs to "
     "layers 1 and 2 only."),
    (lambda n, x: _layers(n, x, (_I, _I), _I),
     "That is the network without a sigmoid in its hidden layers (no activation, or one that "
     "leaves these positive sums unchanged, such as ReLU): apply sigmoid after layers 1 and 2."),
    (lambda n, x: _layers(n, x, (_S, _I), _I),
     "Layer 2's sigmoid is missing: z2 = sigmoid(z1 @ W2 + b2)."),
    (lambda n, x: _layers(n, x, (_I, _S), _I),
     "Layer 1's sigmoid is missing: z1 = sigmoid(x @ W1 + b1)."),
    (lambda n, x: _layers(n, x, (F.relu, F.relu), _I),
     "That is the network with ReLU hidden layers; this one uses sigmoid."),
    (lambda n, x: _layers(n, x, (_S, _S), _I, biases=False),
     "The biases are missing: add b1, b2 and b3 after each matrix product."),
]


def _judge_output_shape(case, record, expected):
    """compare_output, plus what a batch axis added to one sample or dropped from a batch means."""
    got, want = as_numeric(record.output), np.shape(expected)
    if got is not None and got.shape != want:
        if got.shape == (1,) + want:
            return (f"{subject(case)} returned shape {got.shape}; expected {want}. One sample "
                    "x of shape (D,) gives one output of shape (C,): do not turn it into a batch "
                    "of one (or take its row back before returning).")
        if got.shape == tuple(n for n in want if n != 1):
            return (f"{subject(case)} returned shape {got.shape}; expected {want}. An axis of "
                    "length 1 was dropped (np.squeeze does that): a batch of N samples gives "
                    "(N, C), also when N or C is 1.")
    return compare_output(case, record, expected)


_forward_judge = with_lookalikes(_FORWARD_SLIPS, base=_judge_output_shape)

_BATCH_HINT = ("forward must take one sample x of shape (D,) and a batch X of shape (N, D), one "
               "sample per row. Write x @ W1 + b1 (sample on the left): the same line then works "
               "for both, and b1 is added to every row by broadcasting. np.dot(W1, x) or "
               "W1.T @ x work for one sample only.")
_NETWORK_HINT = ("Use the arrays of the network you are given (its sizes may differ from the "
                 "worked example), and do not build one inside forward.")


def _forward_case(label, network, x, hint, hidden=False, float32=False):
    tolerance = FLOAT32 if float32 else {}
    return Case(label, (network, x), hint=hint, judge=_forward_judge, hidden=hidden, **tolerance)


def _forward_visible():
    rng = np.random.default_rng(_SEED)
    worked = copy.deepcopy(WORKED_NETWORK)
    batch = np.array([list(WORKED_X), [0.0, 0.0], [-1.0, 2.0], [3.0, -0.5]])
    return [
        _forward_case("forward(worked network, np.array([1.0, 0.5]))", worked,
                      np.array(WORKED_X),
                      "Layer by layer: a1 = x @ W1 + b1, z1 = sigmoid(a1), a2 = z1 @ W2 + b2, "
                      "z2 = sigmoid(a2), y = z2 @ W3 + b3 (identity output)."),
        _forward_case(f"forward(worked network, X) for the batch X = {batch.tolist()} of shape "
                      "(4, 2)", worked, batch, _BATCH_HINT),
        _forward_case("forward(network, X) for a random 3 -> 4 -> 5 -> 3 network and X of shape "
                      "(5, 3)", random_network((3, 4, 5, 3), rng), rng.standard_normal((5, 3)),
                      _NETWORK_HINT),
    ]


# ---- predict ------------------------------------------------------------------------------------

def _judge_classes(case, record, expected):
    """Exact class indices, with what the shape says about a wrong answer."""
    got = as_numeric(record.output)
    want = np.asarray(expected)
    n_classes = np.shape(case.args[0]["W3"])[-1]
    if got is not None and got.shape != want.shape:
        if got.shape == want.shape + (n_classes,):
            return (f"{subject(case)} returned shape {got.shape}, one score per class; predict "
                    f"returns the index of the largest score, shape {want.shape}: "
                    "np.argmax(y, axis=-1).")
        if got.ndim == 0 and want.ndim == 1:
            return (f"{subject(case)} returned one number for a batch of {want.shape[0]}: "
                    "np.argmax without an axis searches the whole flattened batch. Use axis=-1, "
                    "one index per row.")
        if want.ndim == 1 and got.shape == (n_classes,):
            return (f"{subject(case)} returned shape {got.shape}: the argmax ran over axis 0 "
                    "(the samples). The classes are the last axis: axis=-1.")
    if got is not None and got.shape == want.shape and np.all(np.isfinite(got)) \
            and not np.all(got == np.round(got)):
        return (f"{subject(case)} returned fractions; expected class indices (whole numbers) "
                "from np.argmax.")
    return compare_output(case, record, expected)


_PREDICT_HINT = ("predict(network, x) = the index of the largest entry of forward(network, x) "
                 "along the last axis: np.argmax(..., axis=-1). It works for one sample (D,) and "
                 "for a batch (N, D).")


def _predict_case(label, network, x, hidden=False):
    return Case(label, (network, x), hint=_PREDICT_HINT, judge=_judge_classes, hidden=hidden,
                rtol=0.0, atol=0.0)


def _three_class_network():
    """A 2 -> 3 -> 3 -> 3 network whose three classes own three directions of the plane."""
    return {
        "W1": np.array([[4.0, -2.0, -2.0], [0.0, 3.5, -3.5]]),
        "b1": np.zeros(3),
        "W2": np.eye(3) * 6.0 - 2.0,
        "b2": np.zeros(3),
        "W3": np.eye(3) * 2.0,
        "b3": np.zeros(3),
    }


_THREE_CLASS_X = np.array([[2.0, 0.0], [-1.0, 2.0], [-1.0, -2.0], [1.5, 0.5], [-0.5, -1.5]])


def _predict_visible():
    return [
        _predict_case(f"predict(3-class network, X) for X = {_THREE_CLASS_X.tolist()}",
                      _three_class_network(), _THREE_CLASS_X.copy()),
        _predict_case("predict(worked network, np.array([1.0, 0.5])), one sample",
                      copy.deepcopy(WORKED_NETWORK), np.array(WORKED_X)),
        _predict_case("predict(3-class network, np.array([[-1.0, 2.0]])), a batch of one",
                      _three_class_network(), np.array([[-1.0, 2.0]])),
    ]


# ---- the checks ---------------------------------------------------------------------------------

_ACTIVATIONS = {"sigmoid": F.sigmoid, "identity": F.identity, "identity_function": F.identity,
                "softmax": F.softmax}

# The references are in the answer key (coursekit_key.answers.forward).
init_network = FunctionCheck("init_network", None, _init_network_visible)
forward = FunctionCheck("forward", None, _forward_visible, dependencies=_ACTIVATIONS)
predict = FunctionCheck("predict", None, _predict_visible, dependencies=_ACTIVATIONS,
                        stand_ins=("forward",))

register(globals())
