"""coursekit.checks.layers (day 8): many right Relu, Sigmoid, Affine, SoftmaxWithLoss and
TwoLayerNet classes pass, plausible wrong ones fail with a message that says what to fix
(the book's Relu aliasing bug, a db that only works for one sample, a forgotten reshape, a
copied W, a missing 1/N), and garbage gets a message, never a traceback from coursekit.

Student answers are source text run in a fresh namespace, the way a notebook cell defines them.
The namespace holds broken recap functions and broken layers, as a notebook with wrong earlier
answers would: every class must still be judged on its own.
"""
import textwrap
from functools import partial

import numpy as np
import pytest

from coursekit import functions as F
from coursekit_key.answers import losses as key_losses
from coursekit.checks import layers as check
from coursekit.checks.core import CheckFailure
from coursekit_key.answers import layers as answers

import student
from leaks import day_tests
from student import failure, passes, wrong_answers


def broken(*args, **kwargs):
    """A wrong earlier answer left in the notebook."""
    return np.zeros(3)


class BrokenLayer:
    def __init__(self, *args):
        pass

    def forward(self, *args):
        return np.zeros(3)

    def backward(self, dout=1):
        return np.zeros(3)


# The recap cell registers its functions with the checks, as in the notebook.
check.use_recap(sigmoid=F.sigmoid, softmax=F.softmax,
                cross_entropy_error=key_losses.cross_entropy_error)
define = partial(student.define, sigmoid=broken, softmax=broken, cross_entropy_error=broken,
                           Affine=BrokenLayer, Relu=BrokenLayer, SoftmaxWithLoss=BrokenLayer,
                           __name__="__main__")


def variant(source, old, new):
    source = textwrap.dedent(source)
    assert old in source, old
    return source.replace(old, new)


# ------------------------------------------------------------------------------------------ Relu

RELU = """
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dx = dout.copy()
        dx[self.mask] = 0
        return dx
"""

RELU_RIGHT = {
    "book with a copy": RELU,
    "maximum and a multiplied mask": """
        class Relu:
            def forward(self, x):
                self.positive = x > 0
                return np.maximum(0, x)
            def backward(self, dout):
                return dout * self.positive
        """,
    "where": """
        class Relu:
            def forward(self, x):
                self.x = x
                return np.where(x > 0, x, 0.0)
            def backward(self, dout):
                return np.where(self.x > 0, dout, 0.0)
        """,
    "mask x >= 0 (all of dout at the kink)": """
        class Relu:
            def forward(self, x):
                self.keep = (x >= 0).astype(float)
                return x * (x > 0)
            def backward(self, dout):
                return dout * self.keep
        """,
    "clip and heaviside": """
        class Relu:
            def forward(self, x):
                self.x = np.array(x, copy=True)
                return np.clip(x, 0, None)
            def backward(self, dout):
                return dout * np.heaviside(self.x, 0.5)
        """,
    "np.array copy then zero": variant(RELU, "dx = dout.copy()", "dx = np.array(dout)"),
    "float mask": variant(RELU, "dx = dout.copy()\n        dx[self.mask] = 0\n        return dx",
                          "return dout * (~self.mask).astype(dout.dtype)"),
}


@pytest.mark.parametrize("source", RELU_RIGHT.values(), ids=list(RELU_RIGHT))
def test_correct_relu_variants_pass(source):
    passes(check.Relu, define(source, "Relu"))


RELU_WRONG = {
    "the book's aliasing": (variant(RELU, "dx = dout.copy()", "dx = dout"),
                            "changed its input in place (dout)"),
    "forward writes into x": (variant(RELU, "out = x.copy()", "out = x"),
                              "changed its input in place (x)"),
    "mask without dout": (variant(RELU, "dx = dout.copy()\n        dx[self.mask] = 0",
                                  "dx = (~self.mask).astype(float)"),
                          "That is the mask alone: multiply it by dout"),
    "dout unchanged": (variant(RELU, "        dx[self.mask] = 0\n", ""),
                       "That is dout unchanged: ReLU blocks the gradient"),
    "mask the wrong way round": (variant(RELU, "dx[self.mask] = 0", "dx[~self.mask] = 0"),
                                 "The mask is the wrong way round"),
    "keeps the negative part": (variant(RELU, "out[self.mask] = 0", "out[~self.mask] = 0"),
                                "That keeps the negative part"),
    "np.max": (variant(RELU, "out = x.copy()\n        out[self.mask] = 0\n        return out",
                       "return np.max(0, x)"), "forward(x) raised"),
    "mask kept from the first call": (variant(RELU, "self.mask = x <= 0",
                                              "if self.mask is None:\n"
                                              "            self.mask = x <= 0"),
                                      "On a hidden test (one layer, forward on a (2, 3) batch"),
    "not written": ("class Relu:\n    def __init__(self):\n        raise NotImplementedError()\n",
                    "Relu() is not written yet: it raises NotImplementedError."),
}


@pytest.mark.parametrize("source, fragment", RELU_WRONG.values(), ids=list(RELU_WRONG))
def test_wrong_relu_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Relu, define(source, "Relu"))


def test_the_aliasing_bug_gets_the_hint_to_copy():
    message = failure(check.Relu, define(RELU_WRONG["the book's aliasing"][0], "Relu"))
    assert "writing into dout (as the book does) changes the caller's array" in message


def test_relu_at_zero_accepts_any_share_of_dout_but_not_more():
    source = variant(RELU, "dx[self.mask] = 0\n        return dx",
                     "dx[self.mask] = 0\n        return np.where(self._x == 0, SHARE * dout, dx)")
    source = source.replace("self.mask = x <= 0", "self.mask = x <= 0\n        self._x = x")
    for share in (0.0, 0.3, 1.0):
        passes(check.Relu, define(source.replace("SHARE", str(share)), "Relu"))
    assert "expected" in failure(check.Relu, define(source.replace("SHARE", "2.0"), "Relu"))


# --------------------------------------------------------------------------------------- Sigmoid

SIGMOID = """
class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)
"""

SIGMOID_RIGHT = {
    "book": SIGMOID,
    "keeps x and recomputes": """
        class Sigmoid:
            def forward(self, x):
                self.x = x
                return sigmoid(x)
            def backward(self, dout):
                y = sigmoid(self.x)
                return dout * y * (1 - y)
        """,
    "tanh form": """
        class Sigmoid:
            def forward(self, x):
                self.y = 0.5 * (1 + np.tanh(0.5 * x))
                return self.y
            def backward(self, dout):
                return dout * (1.0 - self.y) * self.y
        """,
    "logaddexp": """
        class Sigmoid:
            def forward(self, x):
                self.y = np.exp(-np.logaddexp(0, -x))
                return self.y
            def backward(self, dout):
                return self.y * (1 - self.y) * dout
        """,
    "in place on its own copy": variant(SIGMOID, "return dout * self.out * (1.0 - self.out)",
                                        "dx = np.array(dout, dtype=float)\n"
                                        "        dx *= self.out * (1 - self.out)\n"
                                        "        return dx"),
}


@pytest.mark.parametrize("source", SIGMOID_RIGHT.values(), ids=list(SIGMOID_RIGHT))
def test_correct_sigmoid_variants_pass(source):
    passes(check.Sigmoid, define(source, "Sigmoid"))


SIGMOID_WRONG = {
    "dout times y": (variant(SIGMOID, "dout * self.out * (1.0 - self.out)", "dout * self.out"),
                     "That is dout * y: the derivative of the sigmoid is y * (1 - y)."),
    "no dout": (variant(SIGMOID, "dout * self.out * (1.0 - self.out)",
                        "self.out * (1.0 - self.out)"),
                "That is y * (1 - y) alone: multiply it by dout"),
    "x instead of y": ("""
        class Sigmoid:
            def forward(self, x):
                self.x = x
                return sigmoid(x)
            def backward(self, dout):
                return dout * self.x * (1 - self.x)
        """, "the formula uses the output y = sigmoid(x), not the input x"),
    "missing factor y": (variant(SIGMOID, "dout * self.out * (1.0 - self.out)",
                                 "dout * (1.0 - self.out)"), "the factor y is missing"),
    "naive sigmoid inline": (variant(SIGMOID, "sigmoid(x)", "1 / (1 + np.exp(-x))"),
                             "On a hidden test (x with |x| up to 1e4), your function emitted a "
                             "warning"),
    "writes into dout": (variant(SIGMOID, "return dout * self.out * (1.0 - self.out)",
                                 "dout *= self.out * (1.0 - self.out)\n        return dout"),
                         "changed its input in place (dout)"),
}


@pytest.mark.parametrize("source, fragment", SIGMOID_WRONG.values(), ids=list(SIGMOID_WRONG))
def test_wrong_sigmoid_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Sigmoid, define(source, "Sigmoid"))


def test_sigmoid_extreme_case_hints_at_the_recap():
    message = failure(check.Sigmoid, define(SIGMOID_WRONG["naive sigmoid inline"][0], "Sigmoid"))
    assert "Use the stable sigmoid of the recap cell" in message


# ---------------------------------------------------------------------------------------- Affine

AFFINE = """
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return self.x @ self.W + self.b

    def backward(self, dout):
        dx = dout @ self.W.T
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dx.reshape(self.original_x_shape)
"""

AFFINE_RIGHT = {
    "book": AFFINE,
    "np.dot": variant(AFFINE, "self.x @ self.W", "np.dot(self.x, self.W)")
    .replace("dout @ self.W.T", "np.dot(dout, self.W.T)")
    .replace("self.x.T @ dout", "np.dot(self.x.T, dout)"),
    "flattens again in backward": """
        class Affine:
            def __init__(self, W, b):
                self.W, self.b = W, b
            def forward(self, x):
                self.x = x
                return x.reshape(len(x), -1) @ self.W + self.b
            def backward(self, dout):
                flat = self.x.reshape(len(self.x), -1)
                self.dW = flat.T @ dout
                self.db = dout.sum(axis=0)
                return np.reshape(dout @ self.W.T, self.x.shape)
        """,
    "einsum": """
        class Affine:
            def __init__(self, W, b):
                self.W, self.b = W, b
            def forward(self, x):
                self.shape = x.shape
                self.x = x.reshape(x.shape[0], int(np.prod(x.shape[1:])))
                return np.einsum('nd,dm->nm', self.x, self.W) + self.b
            def backward(self, dout):
                self.dW = np.einsum('nd,nm->dm', self.x, dout)
                self.db = np.einsum('nm->m', dout)
                return np.einsum('nm,dm->nd', dout, self.W).reshape(self.shape)
        """,
    "transposed products": variant(AFFINE, "dx = dout @ self.W.T", "dx = (self.W @ dout.T).T"),
    "keeps x as given, reshape -1 by D": variant(
        AFFINE, "self.x = x.reshape(x.shape[0], -1)", "self.x = x.reshape(-1, self.W.shape[0])"),
}


@pytest.mark.parametrize("source", AFFINE_RIGHT.values(), ids=list(AFFINE_RIGHT))
def test_correct_affine_variants_pass(source):
    passes(check.Affine, define(source, "Affine"))


AFFINE_WRONG = {
    "db is a mean": (variant(AFFINE, "np.sum(dout, axis=0)", "np.mean(dout, axis=0)"),
                     "That is the mean of dout over the batch; db is the sum"),
    "db = dout": (variant(AFFINE, "np.sum(dout, axis=0)", "dout"),
                  "self.db after backward(dout) has shape (2, 2); expected shape (2,). That is "
                  "dout itself, which fits a batch of one only"),
    "db summed over everything": (variant(AFFINE, "np.sum(dout, axis=0)", "np.sum(dout)"),
                                  "That sums over everything"),
    "db over axis 1": (variant(AFFINE, "np.sum(dout, axis=0)", "np.sum(dout, axis=1)"),
                       "That sums over the wrong axis"),
    "dW transposed": (variant(AFFINE, "self.x.T @ dout", "dout.T @ self.x"),
                      "That is the transpose of dW"),
    "dW divided by N": (variant(AFFINE, "self.x.T @ dout", "self.x.T @ dout / len(dout)"),
                        "That is dW divided by the batch size"),
    "dx not reshaped": (variant(AFFINE, "return dx.reshape(self.original_x_shape)", "return dx"),
                        "give it back in the shape of the x that forward was given"),
    "no flattening": (variant(AFFINE, "self.x = x.reshape(x.shape[0], -1)", "self.x = x"),
                      "forward(x) raised ValueError"),
    "bias missing": (variant(AFFINE, "self.x @ self.W + self.b", "self.x @ self.W"),
                     "The bias b is missing"),
    "W copied": (variant(AFFINE, "self.W = W", "self.W = W.copy()"),
                 "Your layer used a copy of W made when it was built"),
    "an update inside backward": (variant(AFFINE, "        return dx.reshape",
                                          "        self.W -= 0.1 * self.dW\n        return dx."
                                          "reshape"), "changed its input in place (W)"),
    "dx without the transpose": (variant(AFFINE, "dout @ self.W.T", "dout @ self.W"),
                                 "backward(dout) raised ValueError"),
    "x kept from the first call": (variant(AFFINE, "self.x = x.reshape(x.shape[0], -1)",
                                           "self.x = getattr(self, 'x', None)\n        if self.x "
                                           "is None:\n            self.x = x.reshape(x.shape[0], "
                                           "-1)"),
                                   "one layer, forward on a batch of 5, then on a batch of 2"),
}


@pytest.mark.parametrize("source, fragment", AFFINE_WRONG.values(), ids=list(AFFINE_WRONG))
def test_wrong_affine_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.Affine, define(source, "Affine"))


def test_a_mean_db_is_caught_on_the_first_visible_batch():
    message = failure(check.Affine, define(AFFINE_WRONG["db is a mean"][0], "Affine"))
    assert message.startswith("Affine: Affine(W, b) with W = [[0.1, 0.2], [0.3, 0.4], [0.5, "
                              "0.6]] and b = [0.1, -0.2]: forward(x), then backward(dout)")
    assert "self.db after backward(dout) is 1.25 at index (1,); expected 2.5" in message


# ------------------------------------------------------------------------------- SoftmaxWithLoss

SOFTMAX = """
class SoftmaxWithLoss:
    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = softmax(x)
        return cross_entropy_error(self.y, self.t)

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        if self.t.shape == self.y.shape:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx * dout
"""

SOFTMAX_RIGHT = {
    "book": SOFTMAX,
    "one-hot in forward": """
        class SoftmaxWithLoss:
            def forward(self, x, t):
                t = np.asarray(t)
                if t.ndim == 1:
                    t = np.eye(x.shape[1])[t]
                self.t, self.y = t, softmax(x)
                return cross_entropy_error(self.y, self.t)
            def backward(self, dout=1):
                return dout * (self.y - self.t) / len(self.y)
        """,
    "log-softmax loss": """
        class SoftmaxWithLoss:
            def forward(self, x, t):
                z = x - x.max(axis=1, keepdims=True)
                log_y = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
                self.y = np.exp(log_y)
                self.t = t if np.shape(t) == x.shape else np.eye(x.shape[1])[t]
                return -np.sum(self.t * log_y) / len(x)
            def backward(self, dout=1):
                return (self.y - self.t) * (dout / len(self.y))
        """,
    "ignores dout, like the book": variant(SOFTMAX, "return dx * dout", "return dx"),
    "take_along_axis": variant(SOFTMAX, "dx[np.arange(batch_size), self.t] -= 1",
                               "np.put_along_axis(dx, self.t[:, None], np.take_along_axis(dx, "
                               "self.t[:, None], 1) - 1, 1)"),
}


@pytest.mark.parametrize("source", SOFTMAX_RIGHT.values(), ids=list(SOFTMAX_RIGHT))
def test_correct_softmax_with_loss_variants_pass(source):
    passes(check.SoftmaxWithLoss, define(source, "SoftmaxWithLoss"))


SOFTMAX_WRONG = {
    "no division by N": (variant(SOFTMAX, "(self.y - self.t) / batch_size", "self.y - self.t"),
                         "without dividing by the batch size N"),
    "sign flipped": (variant(SOFTMAX, "(self.y - self.t) / batch_size",
                             "(self.t - self.y) / batch_size"), "The sign is flipped"),
    "loss summed": (variant(SOFTMAX, "return cross_entropy_error(self.y, self.t)",
                            "return cross_entropy_error(self.y, self.t) * len(x)"),
                    "That is the sum of the samples' losses"),
    "integer labels unsupported": (variant(SOFTMAX, "if self.t.shape == self.y.shape:",
                                           "if True:"), "backward(dout) raised ValueError"),
    "divides by the number of classes": (variant(SOFTMAX, "batch_size = self.y.shape[0]",
                                                 "batch_size = self.y.shape[1]"),
                                         "the output of backward(dout) is 0.00607042"),
    "loss of the scores, not the probabilities": (
        variant(SOFTMAX, "cross_entropy_error(self.y, self.t)", "cross_entropy_error(x, t)"),
        "the output of forward(x, t) is"),
    "backward without dout": (variant(SOFTMAX, "def backward(self, dout=1):",
                                      "def backward(self):\n        dout = 1"),
                              "backward(dout) raised TypeError"),
}


@pytest.mark.parametrize("source, fragment", SOFTMAX_WRONG.values(), ids=list(SOFTMAX_WRONG))
def test_wrong_softmax_with_loss_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.SoftmaxWithLoss, define(source, "SoftmaxWithLoss"))


def test_labels_used_as_if_one_hot_are_caught_when_n_equals_c():
    source = variant(SOFTMAX, "dx = (self.y - self.t) / batch_size",
                     "dx = (self.y - self.t) / batch_size")
    source = source.replace("if self.t.shape == self.y.shape:",
                            "if self.t.shape == self.y.shape or len(self.t) == self.y.shape[1]:")
    fn = define(source, "SoftmaxWithLoss")
    check.SoftmaxWithLoss(fn)
    assert "integer labels where N equals C" in failure(check.SoftmaxWithLoss, fn)


def test_a_floored_loss_passes_on_huge_scores_but_a_negative_one_does_not():
    floored = variant(SOFTMAX, "return cross_entropy_error(self.y, self.t)",
                      "t = self.t if self.t.shape == self.y.shape else np.eye(x.shape[1])[self.t]"
                      "\n        return -np.sum(t * np.log(self.y + 1e-7)) / len(x)")
    passes(check.SoftmaxWithLoss, define(floored, "SoftmaxWithLoss"))
    negative = floored.replace("return -np.sum(", "return -1e-3 - 0 * np.sum(")
    assert "the output of forward(x, t) is" in failure(check.SoftmaxWithLoss,
                                                      define(negative, "SoftmaxWithLoss"))


# ------------------------------------------------------------------------------------ TwoLayerNet

NET = """
class TwoLayerNet:
    def __init__(self, params):
        self.params = params
        self.layers = {
            "Affine1": Affine(params["W1"], params["b1"]),
            "Relu1": Relu(),
            "Affine2": Affine(params["W2"], params["b2"]),
        }
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def gradient(self, x, t):
        GRADIENT
"""

BOOK_GRADIENT = """
self.loss(x, t)
dout = self.last_layer.backward(1)
for layer in reversed(list(self.layers.values())):
    dout = layer.backward(dout)
first, second = self.layers["Affine1"], self.layers["Affine2"]
return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
"""


def net(gradient):
    return textwrap.dedent(NET).replace("GRADIENT", textwrap.dedent(gradient).strip()
                                        .replace("\n", "\n        "))


NET_RIGHT = {
    "book": net(BOOK_GRADIENT),
    "explicit steps": net("""
        self.loss(x, t)
        dout = self.last_layer.backward()
        dout = self.layers["Affine2"].backward(dout)
        dout = self.layers["Relu1"].backward(dout)
        self.layers["Affine1"].backward(dout)
        grads = {}
        for i in (1, 2):
            layer = self.layers[f"Affine{i}"]
            grads[f"W{i}"], grads[f"b{i}"] = layer.dW, layer.db
        return grads
        """),
    "slice reversal and copies": net("""
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in list(self.layers.values())[::-1]:
            dout = layer.backward(dout)
        a1, a2 = self.layers["Affine1"], self.layers["Affine2"]
        return dict(W1=a1.dW.copy(), b1=a1.db.copy(), W2=a2.dW.copy(), b2=a2.db.copy())
        """),
    "by hand, without the layers": net("""
        W1, b1, W2, b2 = (self.params[k] for k in ("W1", "b1", "W2", "b2"))
        x = x.reshape(len(x), -1)
        a1 = x @ W1 + b1
        z1 = np.maximum(a1, 0)
        scores = z1 @ W2 + b2
        y = np.exp(scores - scores.max(axis=1, keepdims=True))
        y /= y.sum(axis=1, keepdims=True)
        t = t if np.shape(t) == y.shape else np.eye(y.shape[1])[t]
        dscores = (y - t) / len(x)
        dz1 = dscores @ W2.T
        da1 = dz1 * (a1 > 0)
        return {"W1": x.T @ da1, "b1": da1.sum(0), "W2": z1.T @ dscores, "b2": dscores.sum(0)}
        """),
}


@pytest.mark.parametrize("source", NET_RIGHT.values(), ids=list(NET_RIGHT))
def test_correct_two_layer_net_gradients_pass(source):
    passes(check.TwoLayerNet, define(source, "TwoLayerNet"))


NET_WRONG = {
    "no forward pass first": (net(BOOK_GRADIENT.replace("self.loss(x, t)\n", "")),
                              "gradient(x, t) raised AttributeError"),
    "layers in forward order": (net(BOOK_GRADIENT.replace(
        "reversed(list(self.layers.values()))", "self.layers.values()")),
        "gradient(x, t) raised ValueError"),
    "W1 and W2 swapped": (net(BOOK_GRADIENT.replace(
        '"W1": first.dW, "b1": first.db, "W2": second.dW',
        '"W1": second.dW, "b1": first.db, "W2": first.dW')),
        "the output of gradient(x, t)['W1'] has shape (5, 3); expected shape (4, 5)."),
    "an update inside gradient": (net(BOOK_GRADIENT.replace(
        "\nfirst, second", "\nself.params['W1'] -= 0.1 * self.layers['Affine1'].dW\n"
                          "first, second")), "changed its input in place (params)"),
    "returns the loss": (net("return self.loss(x, t)"),
                         "the output of gradient(x, t) is a float64; expected a dict"),
    "skips the ReLU": (net(BOOK_GRADIENT.replace(
        "for layer in reversed(list(self.layers.values())):",
        "for layer in (self.layers['Affine2'], self.layers['Affine1']):")),
        "the output of gradient(x, t)['W1'] is"),
    "not written": (net("raise NotImplementedError()"), "gradient(x, t) is not written yet"),
}


@pytest.mark.parametrize("source, fragment", NET_WRONG.values(), ids=list(NET_WRONG))
def test_wrong_two_layer_net_gradients_fail_with_a_message(source, fragment):
    assert fragment in failure(check.TwoLayerNet, define(source, "TwoLayerNet"))


def test_the_network_is_judged_with_the_course_layers_not_the_students():
    cls = define(NET_RIGHT["book"], "TwoLayerNet")
    assert cls.__init__.__globals__["Affine"] is BrokenLayer
    passes(check.TwoLayerNet, cls)


def test_the_reference_network_matches_numerical_gradients():
    from coursekit.gradient import relative_error
    from coursekit_key.answers.gradient import numerical_gradient

    rng = np.random.default_rng(0)
    network = answers.TwoLayerNet(check.random_params((4, 6, 3), rng))
    x, t = rng.standard_normal((5, 4)), np.array([0, 2, 1, 1, 0])
    grads = network.gradient(x, t)
    for key in check.PARAM_NAMES:
        numeric = numerical_gradient(lambda _: network.loss(x, t), network.params[key], h=1e-5)
        assert relative_error(grads[key], numeric) < 1e-7, key


# ------------------------------------------------------------ shared: references, garbage, hiding

CHECKS = {"Relu": (check.Relu, answers.Relu), "Sigmoid": (check.Sigmoid, answers.Sigmoid),
          "Affine": (check.Affine, answers.Affine),
          "SoftmaxWithLoss": (check.SoftmaxWithLoss, answers.SoftmaxWithLoss),
          "TwoLayerNet": (check.TwoLayerNet, answers.TwoLayerNet)}


@pytest.mark.parametrize("name", CHECKS)
def test_the_references_pass_and_hidden_cases_are_hidden(name, capsys):
    chk, reference = CHECKS[name]
    passes(chk, reference)
    assert f"{name}: all {len(chk.cases())} visible tests passed." in capsys.readouterr().out
    assert chk.cases(hidden=True) and all(case.hidden for case in chk.cases(hidden=True))
    assert not any(case.hidden for case in chk.cases())


GARBAGE = {
    "methods return None": "class G:\n    def __init__(self, *a): pass\n"
                           "    def forward(self, *a): pass\n    def backward(self, *a): pass\n"
                           "    def gradient(self, *a): pass\n",
    "methods return strings": "class G:\n    def __init__(self, *a): self.dW = self.db = 'd'\n"
                              "    def forward(self, *a): return 'out'\n"
                              "    def backward(self, *a): return 'dx'\n"
                              "    def gradient(self, *a): return {'W1': 'w'}\n",
    "no methods": "class G:\n    def __init__(self, *a): pass\n",
    "constructor raises": "class G:\n    def __init__(self, *a): raise ValueError('no')\n",
    "methods return objects": "class G:\n    def __init__(self, *a): self.dW = object()\n"
                              "    def forward(self, *a): return object()\n"
                              "    def backward(self, *a): return [object()]\n"
                              "    def gradient(self, *a): return object()\n",
    "nan everywhere": "class G:\n    def __init__(self, *a): pass\n"
                      "    def forward(self, x, *a): return np.full(np.shape(x), np.nan)\n"
                      "    def backward(self, d=1): return np.full(np.shape(d), np.nan)\n"
                      "    def gradient(self, *a): return {k: np.nan for k in "
                      "('W1', 'b1', 'W2', 'b2')}\n",
}


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("source", GARBAGE.values(), ids=list(GARBAGE))
def test_garbage_classes_get_a_check_failure_not_a_traceback(name, source):
    chk, _ = CHECKS[name]
    garbage = define(source, "G")
    with pytest.raises(CheckFailure, match=rf"^{name}: "):
        chk(garbage)
    with pytest.raises(CheckFailure, match=rf"^{name}: On a hidden test"):
        chk(garbage, hidden=True)


@pytest.mark.parametrize("name", CHECKS)
@pytest.mark.parametrize("not_a_class", [None, answers.Relu(), "Relu"])
def test_anything_but_a_class_is_refused_with_a_message(name, not_a_class):
    with pytest.raises(CheckFailure, match="expected a class"):
        CHECKS[name][0](not_a_class)


@pytest.mark.parametrize("name", ["Relu", "Sigmoid", "Affine", "SoftmaxWithLoss"])
def test_hidden_failures_do_not_reveal_values(name):
    chk, reference = CHECKS[name]

    class OffOnFloat32(reference):
        def backward(self, dout=1):
            dx = super().backward(dout)
            return dx + 1 if dx.dtype == np.float32 else dx

    chk(OffOnFloat32)
    message = failure(chk, OffOnFloat32)
    assert message.startswith(f"{name}: On a hidden test")
    assert "expected" not in message.split("Hint:")[0]


# ------------------------------------------------------ tests/wrong_answers/day08_backprop_layers


GRADE_IDS = {"relu_layer": "Relu", "sigmoid_layer": "Sigmoid", "affine_layer": "Affine",
             "softmax_with_loss": "SoftmaxWithLoss", "two_layer_net": "TwoLayerNet"}


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_each_exercise_has_a_typical_wrong_answer_that_its_check_rejects(grade_id):
    assert set(wrong_answers("day08_backprop_layers")) == set(GRADE_IDS)
    name = GRADE_IDS[grade_id]
    failure(CHECKS[name][0], define(wrong_answers("day08_backprop_layers")[grade_id], name))


# ---- hints and messages never show the solution (issue 10) ---------------------------------------

DAY = "day08_backprop_layers"
# Fragments of the solution's code that no message may contain, beyond its own lines.
CODE = ("np.dot(x.T, dout)", "x.T @ dout", "dout @ W.T", "np.sum(dout, axis=0)", "reshape(",
        "np.arange(N), t]", "dout.copy()", "self.mask", "last_layer.backward(1)")


(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    DAY, {grade_id: (CHECKS[name][0], name) for grade_id, name in GRADE_IDS.items()}, define,
    CODE)


def test_an_affine_failure_names_input_expected_got_and_the_idea():
    source = variant(AFFINE, "np.sum(dout, axis=0)", "np.mean(dout, axis=0)")
    message = failure(check.Affine, define(source, "Affine"))
    assert "x = [[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]" in message       # the input
    assert "is 1.25 at index (1,); expected 2.5" in message              # got and expected
    assert "db is the sum over the batch" in message                     # the slip, named
    assert "collect the sum of the samples' gradients" in message        # the idea
