"""Checks for day 8: the layers of a network (ReLU, Sigmoid, Affine, Softmax-with-loss) and a
two-layer network's backpropagation.

    from coursekit.checks import layers as check
    check.Relu(Relu)                       # the class itself, not an instance
    check.Sigmoid(Sigmoid)
    check.Affine(Affine)
    check.SoftmaxWithLoss(SoftmaxWithLoss)
    check.TwoLayerNet(TwoLayerNet)         # judges its gradient method

Policy (what passes):
- Each layer is built, run forward, then backward, and compared with the answer key's layer
  (the visible cases with its stored results): the forward output, the gradient backward
  returns, and for Affine the attributes dW and db. Any internal attribute names are fine.
  Cases cover batches, float32, one node used for two forward calls (backward belongs to the
  latest), and for Affine N-d input (N, d1, ..., dk), flattened to (N, D) with dx given back
  in x's shape. Inputs are always batches (Affine and SoftmaxWithLoss are not asked to take a
  single 1-D sample; Relu and Sigmoid are elementwise and get every shape).
- backward must not write into dout and forward not into x (the book's Relu.backward does
  `dout[mask] = 0`: the values are right, the caller's dout is not), and no layer may write into
  W or b. Affine must keep the W it was given, not a copy: training updates params in place.
- Relu at exactly x == 0 may pass any share of dout from 0 to all of it (ReLU has no derivative
  there; the course passes 0).
- SoftmaxWithLoss takes one-hot t (N, C) or integer labels t (N,); backward(1) returns
  (softmax(x) - onehot(t)) / N. With huge scores, where softmax rounds a probability to 0, a loss
  computed as cross_entropy_error(softmax(x), t) with a small floor is smaller than the exact
  one; there any finite loss from 0 up to the exact value passes, and dx must still be right.
- TwoLayerNet(params).gradient(x, t) returns grads {'W1', 'b1', 'W2', 'b2'} by backpropagation
  and leaves params unchanged. Its calls of Affine, Relu and SoftmaxWithLoss are stand-ins (see
  `standins`): answered as the key's layers answer them, so only the wiring is graded. The
  layers are judged with the recap cell's sigmoid, softmax and cross_entropy_error, which that
  cell registers with `use_recap`.

Tolerance: rtol 1e-5, atol 1e-8 in float64; rtol 1e-4, atol 1e-6 in float32.
"""
from __future__ import annotations

import numpy as np

from .. import functions as F
from .. import losses
from ..data import one_hot
from .classes import ClassCheck, Step
from .core import FLOAT32, register
from .recap import Recap

_SEED = 8
RECAP = Recap(__name__, ("sigmoid", "softmax", "cross_entropy_error"))  # of days 3 and 5
use_recap = RECAP.register


def _rounded(rng, shape, scale=2.0):
    """Random values with one decimal, so that a visible case can show them."""
    return np.round(scale * rng.standard_normal(shape), 1)


def _flat(x):
    x = np.asarray(x, dtype=float)
    return x.reshape(len(x), -1)


def _show(a) -> str:
    return str(np.asarray(a).tolist())


# ---- elementwise layers: Relu and Sigmoid -------------------------------------------------------

_ELEMENTWISE_DATA = ("x", "dout", "x_before")
_ELEMENTWISE_SCENARIOS = {
    "main": (Step(None), Step("forward", ("x",), returns="out"),
             Step("backward", ("dout",), returns="dx")),
    "reuse": (Step(None), Step("forward", ("x_before",), returns="out_before"),
              Step("forward", ("x",), returns="out"), Step("backward", ("dout",), returns="dx")),
}

# Hints name the idea, never the solution's code: they are shown for an unwritten stub too.
RELU_HINT = ("ReLU's slope is 1 where its input was positive and 0 elsewhere, so backward lets "
             "the upstream gradient through where forward's input was positive and blocks it "
             "elsewhere; forward remembers where that was. backward returns a new array: writing "
             "into dout (as the book does) changes the caller's array.")
SIGMOID_HINT = ("The sigmoid's slope is y (1 - y), written with its output y, which forward "
                "keeps (computed with the stable sigmoid of the recap cell); backward multiplies "
                "the upstream gradient by it (chain rule) into a new array.")

_RELU_SLIPS = [
    ("dx", lambda x, **_: (np.asarray(x) > 0).astype(float),
     "That is the mask alone: multiply it by dout, which carries the gradient from above."),
    ("dx", lambda dout, **_: dout,
     "That is dout unchanged: ReLU blocks the gradient where x <= 0 (its slope there is 0)."),
    ("dx", lambda x, dout, **_: np.where(np.asarray(x) < 0, dout, 0.0),
     "The mask is the wrong way round: dout passes where x > 0 and is blocked where x <= 0."),
    ("out", lambda x, **_: np.minimum(x, 0.0),
     "That keeps the negative part; ReLU keeps max(0, x)."),
]
_SIGMOID_SLIPS = [
    ("dx", lambda x, dout, **_: dout * F.sigmoid(x),
     "That is dout * y: the derivative of the sigmoid is y * (1 - y)."),
    ("dx", lambda x, **_: F.sigmoid_grad(x),
     "That is y * (1 - y) alone: multiply it by dout (chain rule)."),
    ("dx", lambda x, dout, **_: dout * np.asarray(x) * (1 - np.asarray(x)),
     "That is dout * x * (1 - x): the formula uses the output y = sigmoid(x), not the input x."),
    ("dx", lambda x, dout, **_: dout * (1 - F.sigmoid(x)),
     "That is dout * (1 - y): the factor y is missing."),
]


def _relu_subgradient(expected, output, data):
    """At x == 0, accept any share of dout from 0 to all of it: ReLU has no slope there."""
    got, x, dout = output.get("dx"), data["x"], data["dout"]
    try:
        got = np.asarray(got, dtype=float)
        x, dout = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(dout, dtype=float))
    except (TypeError, ValueError):
        return expected
    if got.shape != x.shape:
        return expected
    low, high = np.minimum(0.0, dout), np.maximum(0.0, dout)
    fine = (x == 0) & (got >= low) & (got <= high)
    expected["dx"] = np.where(fine, got, expected["dx"])
    return expected


def elementwise_case(check, hint, slips, hidden, label, x, dout, scenario="main", extra="",
                     float32=False, adjust=None, **before):
    """One case of either layer: forward(x) then backward(dout), in `scenario`."""
    tolerance = FLOAT32 if float32 else {}
    return check.case(label, scenario=scenario, hint=f"{hint} {extra}".strip(), slips=slips,
                      adjust=adjust, hidden=hidden, x=x, dout=dout, **before, **tolerance)


def _elementwise_visible(check, hint, slips, adjust=None):
    def case(label, x, dout):
        return elementwise_case(check, hint, slips, False, label, x, dout, adjust=adjust)

    rng = np.random.default_rng(_SEED)
    book = np.array([[1.0, -0.5], [-2.0, 3.0]])
    upstream = np.array([[1.0, 2.0], [3.0, 4.0]])
    x, dout = _rounded(rng, (3, 4)), _rounded(rng, (3, 4), 1.0)
    zeros = np.array([[0.0, 1.5, -1.5, 0.0, 0.2]])
    return [
        case(f"{check.name}(): forward(x), then backward(dout), for x = {_show(book)} and "
             f"dout = {_show(upstream)}", book, upstream),
        case(f"{check.name}(): a batch x = {_show(x)} with dout = {_show(dout)}", x, dout),
        case(f"{check.name}(): x = {_show(zeros)} (zeros included) with dout = "
             f"{_show(np.full((1, 5), 2.0))}", zeros, np.full((1, 5), 2.0)),
    ]


# The references and the hidden cases are in the answer key (coursekit_key.answers.layers and
# coursekit_key.hidden.layers).
Relu = ClassCheck(
    "Relu", None,
    lambda: _elementwise_visible(Relu, RELU_HINT, _RELU_SLIPS, _relu_subgradient),
    data=_ELEMENTWISE_DATA, scenarios=_ELEMENTWISE_SCENARIOS, dependencies=RECAP)

Sigmoid = ClassCheck(
    "Sigmoid", None, lambda: _elementwise_visible(Sigmoid, SIGMOID_HINT, _SIGMOID_SLIPS),
    data=_ELEMENTWISE_DATA, scenarios=_ELEMENTWISE_SCENARIOS, dependencies=RECAP)


# ---- Affine --------------------------------------------------------------------------------------

def _negate_in_place(W):
    W *= -1  # exact, and exact again when undone: the case's W ends as it began


_AFFINE_DATA = ("W", "b", "x", "dout", "x_before")
_AFFINE_BACKWARD = Step("backward", ("dout",), returns="dx", reads=("dW", "db"))
_AFFINE_SCENARIOS = {
    "main": (Step(None, ("W", "b")), Step("forward", ("x",), returns="out"), _AFFINE_BACKWARD),
    "reuse": (Step(None, ("W", "b")), Step("forward", ("x_before",), returns="out_before"),
              Step("forward", ("x",), returns="out"), _AFFINE_BACKWARD),
    # A training step changes params['W1'] in place between building the layer and using it.
    "shared": (Step(None, ("W", "b")),
               Step(_negate_in_place, ("W",), label="W *= -1 (in place, as a training step)"),
               Step("forward", ("x",), returns="out"),
               Step(_negate_in_place, ("W",), label="W *= -1 (back as it was)"),
               _AFFINE_BACKWARD),
}

AFFINE_HINT = ("Each sample is flattened to one row of D numbers, and forward keeps what "
               "backward needs. Backward is the chain rule for a matrix product: every gradient "
               "has the shape of what it is the gradient of (dx that of the x given to forward, "
               "dW that of W, db that of b), and W and b, shared by every sample of the batch, "
               "collect the sum of the samples' gradients.")
_SHARED_HINT = ("Keep the very arrays you are given, not copies: training updates params['W1'] "
                "in place, and the layer must see the change.")

_AFFINE_SLIPS = [
    ("db", lambda dout, **_: np.mean(dout, axis=0),
     "That is the mean of dout over the batch; db is the sum over the batch: every sample adds "
     "its own gradient to the one bias they share. (The loss already divides by N.)"),
    ("db", lambda dout, **_: np.asarray(dout, dtype=float),
     "That is dout itself, which fits a batch of one only: the samples' gradients add up, one "
     "value per output unit."),
    ("db", lambda dout, **_: np.sum(dout),
     "That sums over everything; sum over the batch only (axis=0), one value per output unit."),
    ("db", lambda dout, **_: np.sum(dout, axis=1),
     "That sums over the wrong axis: axis 0 runs over the samples."),
    ("dW", lambda x, dout, **_: np.asarray(dout).T @ _flat(x),
     "That is the transpose of dW: dW has the shape of W, (D, M)."),
    ("dW", lambda x, dout, **_: np.outer(_flat(x)[-1], np.asarray(dout)[-1]),
     "That is the last sample's gradient alone: W is shared by every sample of the batch, so "
     "dW is the sum of all the samples' gradients."),
    ("dW", lambda x, dout, **_: _flat(x).T @ dout / len(_flat(x)),
     "That is dW divided by the batch size; leave out the division: the loss already "
     "averages over the batch, so its dout carries the 1/N."),
    ("dx", lambda W, dout, **_: np.asarray(dout) @ np.asarray(W).T,
     "That is dx in the flattened shape (N, D); give it back in the shape of the x that "
     "forward was given."),
    ("out", lambda W, x, **_: _flat(x) @ W,
     "The bias b is missing from the output."),
    ("out", lambda W, b, x, **_: _flat(x) @ W + b,
     "Your layer used a copy of W made when it was built. " + _SHARED_HINT),
]


def _affine_case(label, W, b, x, dout, scenario="main", hidden=False, extra="", float32=False,
                 **before):
    tolerance = FLOAT32 if float32 else {}
    return Affine.case(label, scenario=scenario, hint=f"{AFFINE_HINT} {extra}".strip(),
                       slips=_AFFINE_SLIPS, hidden=hidden, W=W, b=b, x=x, dout=dout, **before,
                       **tolerance)


def _affine_visible():
    rng = np.random.default_rng(_SEED + 2)
    W = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    b, x = np.array([0.1, -0.2]), np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]])
    dout = np.array([[1.0, 0.5], [-1.0, 2.0]])
    W2, b2 = _rounded(rng, (5, 3), 0.5), _rounded(rng, (3,), 0.5)
    W3, b3 = _rounded(rng, (6, 4), 0.5), _rounded(rng, (4,), 0.5)
    return [
        _affine_case(f"Affine(W, b) with W = {_show(W)} and b = {_show(b)}: forward(x), then "
                     f"backward(dout), for x = {_show(x)} and dout = {_show(dout)}",
                     W, b, x, dout),
        _affine_case(f"Affine(W, b) with W = {_show(W2)} and b = {_show(b2)}: a batch of 4, "
                     f"x = {_show(_rounded(rng, (4, 5)))}", W2, b2, _rounded(rng, (4, 5)),
                     _rounded(rng, (4, 3))),
        _affine_case("Affine(W, b) with W of shape (6, 4): x of shape (2, 2, 3), two samples of "
                     "2 x 3 numbers, is flattened to (2, 6); dout has shape (2, 4)",
                     W3, b3, _rounded(rng, (2, 2, 3)), _rounded(rng, (2, 4))),
    ]


Affine = ClassCheck("Affine", None, _affine_visible, data=_AFFINE_DATA,
                    scenarios=_AFFINE_SCENARIOS, dependencies=RECAP)


# ---- SoftmaxWithLoss ----------------------------------------------------------------------------

_SOFTMAX_SCENARIOS = {"main": (Step(None), Step("forward", ("x", "t"), returns="loss"),
                               Step("backward", ("dout",), returns="dx"))}

SOFTMAX_HINT = ("forward gives the mean cross-entropy of the softmax probabilities (the recap "
                "cell's functions) and keeps what backward needs. Together, softmax and "
                "cross-entropy have a simple gradient: the probabilities minus the targets, "
                "divided by the batch size because the loss is a mean. Integer labels stand for "
                "one-hot rows.")


def _dense(x, t):
    x = np.asarray(x, dtype=float)
    t = np.asarray(t)
    return t.astype(float) if t.shape == x.shape else one_hot(t, x.shape[-1], np.float64)


_SOFTMAX_SLIPS = [
    ("dx", lambda x, t, **_: F.softmax(np.asarray(x, dtype=float)) - _dense(x, t),
     "That is softmax(x) - t without dividing by the batch size N: the loss is the mean over "
     "the batch, so its gradient carries 1 / N."),
    ("dx", lambda x, t, **_: (_dense(x, t) - F.softmax(np.asarray(x, dtype=float))) / len(x),
     "The sign is flipped: the gradient is the probabilities minus the targets."),
    ("dx", lambda x, t, **_: (F.softmax(np.asarray(x, dtype=float)) - _dense(x, t))
     / np.shape(x)[-1],
     "That divides by the number of classes; the loss is a mean over the samples, so divide by "
     "the batch size N."),
    ("loss", lambda x, t, **_: len(x) * losses.cross_entropy_of_log_probs(
        *losses.log_softmax_and_targets(x, t)),
     "That is the sum of the samples' losses; the loss is their mean over the batch."),
]


def _softmax_case(label, x, t, hidden=False, float32=False, adjust=None):
    tolerance = FLOAT32 if float32 else {}
    return SoftmaxWithLoss.case(label, hint=SOFTMAX_HINT, slips=_SOFTMAX_SLIPS, hidden=hidden,
                                adjust=adjust, x=x, t=t, dout=1.0, **tolerance)


def _softmax_visible():
    x1, t1 = np.array([[0.3, 2.9, 4.0], [1.0, 0.5, -0.5]]), np.array([[0.0, 0.0, 1.0],
                                                                       [1.0, 0.0, 0.0]])
    x2, t2 = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3], [-1.0, 0.0, 1.0], [0.2, 0.2, 0.2],
                       [1.5, -0.5, 0.0]]), np.array([0, 1, 2, 0, 1])
    rng = np.random.default_rng(_SEED + 4)
    x3 = _rounded(rng, (4, 10))
    t3 = one_hot(np.array([3, 7, 0, 9]), 10, np.float64)
    return [
        _softmax_case(f"SoftmaxWithLoss(): forward(x, t), then backward(1), for x = {_show(x1)} "
                      f"and one-hot t = {_show(t1)}", x1, t1),
        _softmax_case(f"SoftmaxWithLoss(): x = {_show(x2)} with integer labels t = "
                      f"{_show(t2)}", x2, t2),
        _softmax_case(f"SoftmaxWithLoss(): a batch of 4 with 10 classes, x = {_show(x3)}, "
                      "one-hot t for the labels [3, 7, 0, 9]", x3, t3),
    ]


SoftmaxWithLoss = ClassCheck("SoftmaxWithLoss", None, _softmax_visible,
                             data=("x", "t", "dout"), scenarios=_SOFTMAX_SCENARIOS,
                             dependencies=RECAP)


# ---- the two-layer network ----------------------------------------------------------------------

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def random_params(sizes, rng, dtype=np.float64) -> dict:
    """Parameters of a (D, H, C) network, weights N(0, 1/fan_in) and biases N(0, 0.1^2)."""
    d, h, c = sizes
    return {"W1": (rng.standard_normal((d, h)) / np.sqrt(d)).astype(dtype),
            "b1": (0.1 * rng.standard_normal(h)).astype(dtype),
            "W2": (rng.standard_normal((h, c)) / np.sqrt(h)).astype(dtype),
            "b2": (0.1 * rng.standard_normal(c)).astype(dtype)}


_NET_DATA = ("params", "x", "t", "x_before", "t_before")
_NET_SCENARIOS = {
    "main": (Step(None, ("params",)), Step("gradient", ("x", "t"), returns="grads")),
    "reuse": (Step(None, ("params",)),
              Step("gradient", ("x_before", "t_before"), returns="grads_before"),
              Step("gradient", ("x", "t"), returns="grads")),
}
NET_HINT = ("Backpropagation needs a forward pass first, so that every layer keeps what its "
            "backward needs. The gradient then starts at the loss layer (with 1) and flows "
            "through the layers in the reverse order of the forward pass; afterwards each "
            "Affine layer holds the gradients of its own W and b, which go under the keys of "
            "params.")


def _net_case(label, sizes, n, rng, labels=False, hidden=False, float32=False, scenario="main",
              shape=None):
    dtype = np.float32 if float32 else np.float64
    params = random_params(sizes, rng, dtype)
    classes = rng.integers(0, sizes[2], n)
    t = classes if labels else one_hot(classes, sizes[2], dtype)
    x = rng.standard_normal(shape or (n, sizes[0])).astype(dtype)
    before = {}
    if scenario == "reuse":
        before = {"x_before": rng.standard_normal((n + 3, sizes[0])).astype(dtype),
                  "t_before": rng.integers(0, sizes[2], n + 3) if labels else
                  one_hot(rng.integers(0, sizes[2], n + 3), sizes[2], dtype)}
    tolerance = FLOAT32 if float32 else {}
    return TwoLayerNet.case(label, scenario=scenario, hint=NET_HINT, hidden=hidden,
                            params=params, x=x, t=t, **before, **tolerance)


def _net_visible():
    rng = np.random.default_rng(_SEED + 6)
    return [
        _net_case("TwoLayerNet(params) for a 4 -> 5 -> 3 network: gradient(x, t) for a batch of "
                  "3, x of shape (3, 4) and one-hot t of shape (3, 3)", (4, 5, 3), 3, rng),
        _net_case("TwoLayerNet(params) for a 6 -> 8 -> 4 network: gradient(x, t) for a batch "
                  "of 10 with integer labels t of shape (10,)", (6, 8, 4), 10, rng, labels=True),
    ]


TwoLayerNet = ClassCheck(
    "TwoLayerNet", None, _net_visible, data=_NET_DATA,
    scenarios=_NET_SCENARIOS, dependencies=RECAP,
    stand_ins=("Affine", "Relu", "SoftmaxWithLoss"))

register(globals())
