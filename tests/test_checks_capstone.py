"""coursekit.checks.capstone: many right ways to write each step of the day 13 pipeline pass,
plausible wrong ones fail with a message that says what to fix, garbage gets a message (never a
traceback from coursekit), and the grader reaches the same verdicts from the encoded evidence.

Student answers are sources run in a namespace that holds the notebook's recap classes, the way
the notebook defines them.
"""
import json
import pathlib
import re
import textwrap
from functools import partial

import numpy as np
import pytest

from coursekit.checks import capstone as check
from coursekit.checks import recap
from coursekit.checks import evidence
from coursekit.checks.classes import DrivenCheck
from coursekit.checks.core import CheckFailure, Record, judge, run_case, with_globals
from coursekit.data import load_digits

from leaks import day_tests
import student
from student import failure, passes, wrong_answers

SOURCE = pathlib.Path(__file__).parents[1] / "source" / "day13_capstone" / "day13_capstone.ipynb"
ANSWERS = ("preprocess", "build_network", "predict", "train", "chance_loss", "initial_loss",
           "overfit_tiny_batch", "fit", "confusion_matrix")


def _cells():
    """grade_id -> source of the source notebook's graded and locked cells."""
    cells = json.loads(SOURCE.read_text())["cells"]
    return {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in cells}


RECAP = _cells()["recap"]
# The recap cell registers its classes with the checks, as in the notebook.
student.define(RECAP, "Adam", check=check)


def define(source, name, **namespace):
    """Run the recap then `source` like notebook cells; return what they define as `name`."""
    return student.define(RECAP + "\n" + textwrap.dedent(source), name,
                          **{"check": check, **namespace})


# ------------------------------------------------------------------------------------ preprocess

def _pre(body):
    return "def preprocess(x_train, x):\n    " + textwrap.dedent(body).strip().replace("\n", "\n    ")


PREPROCESS_RIGHT = {
    "divide by 16": "return x / 16",
    "divide by the training maximum": "return np.asarray(x, dtype=float) / np.max(x_train)",
    "float32 result": "return (np.asarray(x) / 16.0).astype(np.float32)",
    "per-pixel min-max with a guard": """
        low, high = x_train.min(axis=0), x_train.max(axis=0)
        return (x - low) / np.maximum(high - low, 1)""",
    "standardise with a floor": """
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        return (x - mean) / np.maximum(std, 1.0)""",
    "standardise where std > 0": """
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        safe = np.where(std > 0, std, 1.0)
        return (x - mean) / safe""",
    "one mean and std for all pixels": """
        return (x - x_train.mean()) / x_train.std()""",
    "copy then divide in place": """
        out = np.array(x, dtype=np.float64)
        out /= 16
        return out""",
}


@pytest.mark.parametrize("body", PREPROCESS_RIGHT.values(), ids=PREPROCESS_RIGHT)
def test_correct_preprocess_variants_pass(body):
    passes(check.preprocess, define(_pre(body), "preprocess"))


PREPROCESS_WRONG = {
    "statistics of x": ("""
        mean, std = x.mean(axis=0), x.std(axis=0) + 1e-7
        return (x - mean) / std""", "your scaling depends on x"),
    "maximum of x": ("return x / np.max(x)", "your scaling depends on x"),
    "standardise with an epsilon": ("""
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        return (x - mean) / (std + 1e-7)""", "a tiny epsilon"),
    "no scaling": ("return np.asarray(x, dtype=float)", "still spread like raw pixels"),
    "divide by 255": ("return x / 255", "Dividing by 255 is for 8-bit images"),
    "no guard for std 0": ("""
        return (x - x_train.mean(axis=0)) / x_train.std(axis=0)""", "warning"),
    "in place": ("""
        x /= 16
        return x""", "changed its input in place"),
    "forgot return": ("y = x / 16", "None (did you forget `return`?)"),
    "returns the training set": ("return x_train / 16", "returned shape (500, 64)"),
    "not written": ("raise NotImplementedError", "not written yet"),
}


@pytest.mark.parametrize("body, fragment", PREPROCESS_WRONG.values(), ids=PREPROCESS_WRONG)
def test_wrong_preprocess_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.preprocess, define(_pre(body), "preprocess"))


def test_preprocess_on_integer_pixels_needs_a_float_result():
    fn = define(_pre("""
        x = x.copy()
        x -= x_train.min()
        return x / 16"""), "preprocess")
    check.preprocess(fn)   # float64 visible data: fine
    assert "raised" in failure(check.preprocess, define(_pre("""
        out = x.copy()
        out -= x_train.mean(axis=0)
        return out / 16"""), "preprocess"))


# --------------------------------------------------------------------------------- build_network

def _build(body):
    return "def build_network(sizes, seed):\n    " + textwrap.dedent(body).strip().replace("\n", "\n    ")


BUILD_RIGHT = {
    "rng.normal": """
        rng = np.random.default_rng(seed)
        params = {}
        for i in range(1, len(sizes)):
            params[f"W{i}"] = rng.normal(0, np.sqrt(2 / sizes[i - 1]), (sizes[i - 1], sizes[i]))
            params[f"b{i}"] = np.zeros(sizes[i])
        return params""",
    "standard_normal times std, zip of sizes": """
        rng = np.random.default_rng(seed)
        params = {}
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            params['W' + str(i)] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
            params['b' + str(i)] = np.zeros(n_out)
        return params""",
    "He uniform": """
        rng = np.random.default_rng(seed)
        params = {}
        for i in range(1, len(sizes)):
            limit = np.sqrt(6 / sizes[i - 1])
            params[f"W{i}"] = rng.uniform(-limit, limit, (sizes[i - 1], sizes[i]))
            params[f"b{i}"] = np.zeros(sizes[i])
        return params""",
    "legacy global seed": """
        np.random.seed(seed)
        params = {}
        for i in range(1, len(sizes)):
            params[f"W{i}"] = np.random.randn(sizes[i - 1], sizes[i]) / np.sqrt(sizes[i - 1] / 2)
            params[f"b{i}"] = np.zeros(sizes[i])
        return params""",
    "RandomState and float32": """
        rs = np.random.RandomState(seed)
        return {k: v for i in range(1, len(sizes)) for k, v in (
            (f"W{i}", (rs.randn(sizes[i - 1], sizes[i]) * np.sqrt(2 / sizes[i - 1])).astype(np.float32)),
            (f"b{i}", np.zeros(sizes[i], dtype=np.float32)))}""",
}


@pytest.mark.parametrize("body", BUILD_RIGHT.values(), ids=BUILD_RIGHT)
def test_correct_build_network_variants_pass(body):
    passes(check.build_network, define(_build(body), "build_network"))


def _build_with(std="np.sqrt(2 / n_in)", rng="np.random.default_rng(seed)", bias="np.zeros(n_out)",
                shape="(n_in, n_out)"):
    return _build(f"""
        rng = {rng}
        params = {{}}
        for i in range(1, len(sizes)):
            n_in, n_out = sizes[i - 1], sizes[i]
            params[f"W{{i}}"] = rng.normal(0, {std}, {shape})
            params[f"b{{i}}"] = {bias}
        return params""")


BUILD_WRONG = {
    "std 0.01": (_build_with(std="0.01"), "matches a fixed std of 0.01"),
    "Xavier": (_build_with(std="np.sqrt(1 / n_in)"), "matches Xavier's std"),
    "fan-out": (_build_with(std="np.sqrt(2 / n_out)"), "the fan-out instead of the fan-in"),
    "std 1": (_build_with(std="1.0"), "a std of 1"),
    "variance used as std": (_build_with(std="2 / n_in"), "He initialisation gives mean 0"),
    "unseeded": (_build_with(rng="np.random.default_rng()"), "same seed gave different weights"),
    "seed ignored": (_build_with(rng="np.random.default_rng(0)"), "gave the same weights"),
    "biases of one": (_build_with(bias="np.ones(n_out)"), "biases start at 0"),
    "transposed": (_build_with(shape="(n_out, n_in)"), "W1 has shape (300, 200)"),
    "two layers only": (_build("""
        rng = np.random.default_rng(seed)
        return {"W1": rng.normal(0, np.sqrt(2 / sizes[0]), (sizes[0], sizes[1])),
                "b1": np.zeros(sizes[1]),
                "W2": rng.normal(0, np.sqrt(2 / sizes[1]), (sizes[1], sizes[2])),
                "b2": np.zeros(sizes[2])}"""), "expected ['W1', 'W2', 'W3', 'b1', 'b2', 'b3']"),
    "keys from zero": (_build("""
        rng = np.random.default_rng(seed)
        return {k: v for i in range(len(sizes) - 1) for k, v in (
            (f"W{i}", rng.normal(0, np.sqrt(2 / sizes[i]), (sizes[i], sizes[i + 1]))),
            (f"b{i}", np.zeros(sizes[i + 1])))}"""), "one W and one b per layer"),
    "a list": (_build("return [np.zeros((a, b)) for a, b in zip(sizes, sizes[1:])]"),
               "expected a dict of parameters"),
}


@pytest.mark.parametrize("source, fragment", BUILD_WRONG.values(), ids=BUILD_WRONG)
def test_wrong_build_network_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.build_network, define(source, "build_network"))


# --------------------------------------------------------------------------------------- predict

def _predict(body):
    return "def predict(params, x):\n    " + textwrap.dedent(body).strip().replace("\n", "\n    ")


PREDICT_RIGHT = {
    "loop with np.maximum": """
        n = len(params) // 2
        h = x
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            if i < n:
                h = np.maximum(h, 0)
        return np.argmax(h, axis=1)""",
    "recap layers": """
        n = len(params) // 2
        h = x
        for i in range(1, n):
            h = Relu().forward(Affine(params[f"W{i}"], params[f"b{i}"]).forward(h))
        return Affine(params[f"W{n}"], params[f"b{n}"]).forward(h).argmax(axis=1)""",
    "softmax before argmax": """
        n = len(params) // 2
        h = x
        for i in range(1, n + 1):
            h = np.dot(h, params['W%d' % i]) + params['b%d' % i]
            if i != n:
                h = h * (h > 0)
        e = np.exp(h - h.max(axis=1, keepdims=True))
        return np.argmax(e / e.sum(axis=1, keepdims=True), axis=1)""",
    "a list of labels": """
        n = len(params) // 2
        h = x
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            h = np.maximum(h, 0) if i < n else h
        return [int(k) for k in np.argmax(h, axis=-1)]""",
    "float labels": """
        keys = sorted(k for k in params if k.startswith("W"))
        h = x
        for j, key in enumerate(keys, start=1):
            h = h @ params[key] + params["b" + key[1:]]
            if j < len(keys):
                h = np.clip(h, 0, None)
        return h.argmax(axis=1).astype(float)""",
}


@pytest.mark.parametrize("body", PREDICT_RIGHT.values(), ids=PREDICT_RIGHT)
def test_correct_predict_variants_pass(body):
    passes(check.predict, define(_predict(body), "predict"))


PREDICT_WRONG = {
    "ReLU after the last layer": ("""
        h = x
        for i in range(1, len(params) // 2 + 1):
            h = np.maximum(h @ params[f"W{i}"] + params[f"b{i}"], 0)
        return np.argmax(h, axis=1)""", "ReLU applied after the last layer too"),
    "scores": ("""
        h = x
        n = len(params) // 2
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            if i < n:
                h = np.maximum(h, 0)
        return h""", "scores, one row per image"),
    "argmax over the batch": ("""
        h = x
        n = len(params) // 2
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            if i < n:
                h = np.maximum(h, 0)
        return np.argmax(h, axis=0)""", "expected one label per image, shape (8,)"),
    "two layers hard-coded": ("""
        h = np.maximum(x @ params["W1"] + params["b1"], 0)
        return np.argmax(h @ params["W2"] + params["b2"], axis=1)""", "expected"),
    "sigmoid hidden layers": ("""
        h = x
        n = len(params) // 2
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            if i < n:
                h = 1 / (1 + np.exp(-h))
        return np.argmax(h, axis=1)""", "expected"),
    "forgot return": ("labels = np.zeros(len(x))", "did you forget `return`?"),
}


@pytest.mark.parametrize("body, fragment", PREDICT_WRONG.values(), ids=PREDICT_WRONG)
def test_wrong_predict_variants_fail_with_a_message(body, fragment):
    assert fragment in failure(check.predict, define(_predict(body), "predict"))


# ----------------------------------------------------------------------------------------- train

TRAIN_SOLUTION = '''
def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
    rng = np.random.default_rng(seed)
    n_layers = len(params) // 2
    affines = [Affine(params[f"W{i}"], params[f"b{i}"]) for i in range(1, n_layers + 1)]
    layers = []
    for affine in affines[:-1]:
        layers += [affine, Relu()]
    layers.append(affines[-1])
    loss_layer, optimizer = SoftmaxWithLoss(), Adam(lr=lr)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(LOSS)
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = GRADS
            UPDATE
        history.append(RECORD)
    return history
'''


def _train(loss="loss_layer.forward(h, t[batch])", grads="affine.dW, affine.db",
           update="optimizer.update(params, grads)", record="float(np.mean(losses))",
           layers_on="params[f\"W{i}\"], params[f\"b{i}\"]"):
    return (TRAIN_SOLUTION.replace("LOSS", loss).replace("GRADS", grads).replace("UPDATE", update)
            .replace("RECORD", record).replace('params[f"W{i}"], params[f"b{i}"]', layers_on))


TRAIN_RIGHT = {
    "the notebook's": _train(),
    "history as an array": _train().replace("return history", "return np.array(history)"),
    "a weighted mean": _train(loss="loss_layer.forward(h, t[batch]) * len(batch)",
                              record="sum(losses) / len(x)"),
    "full batches only": _train().replace("range(0, len(x), batch_size)",
                                          "range(0, len(x) - batch_size + 1, batch_size) or [0]"),
    "layers built per step": '''
def forward_backward(params, xb, tb):
    n = len(params) // 2
    affines = [Affine(params[f"W{i}"], params[f"b{i}"]) for i in range(1, n + 1)]
    relus = [Relu() for _ in range(n - 1)]
    h = xb
    for i in range(n):
        h = affines[i].forward(h)
        if i < n - 1:
            h = relus[i].forward(h)
    last = SoftmaxWithLoss()
    loss = last.forward(h, tb)
    dout = last.backward()
    for i in reversed(range(n)):
        if i < n - 1:
            dout = relus[i].backward(dout)
        dout = affines[i].backward(dout)
    grads = {}
    for i, a in enumerate(affines, 1):
        grads["W%d" % i] = a.dW
        grads["b%d" % i] = a.db
    return loss, grads


def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
    rng = np.random.default_rng(seed)
    opt = Adam(lr)
    history = []
    for epoch in range(epochs):
        idx = np.arange(len(x))
        rng.shuffle(idx)
        total = []
        for b in np.array_split(idx, max(1, int(np.ceil(len(x) / batch_size)))):
            loss, grads = forward_backward(params, x[b], t[b])
            opt.update(params, grads)
            total.append(loss)
        history.append(np.mean(total))
    return history
''',
}


@pytest.mark.parametrize("source", TRAIN_RIGHT.values(), ids=TRAIN_RIGHT)
def test_correct_train_variants_pass(source):
    passes(check.train, define(source, "train"))


TRAIN_WRONG = {
    "layers on copies": (_train(layers_on='params[f"W{i}"].copy(), params[f"b{i}"].copy()'),
                         "training did not learn"),
    "no update": (_train(update="pass"), "left params unchanged"),
    "a loss per step": (_train().replace("losses.append", "history.append").replace(
        "history.append(float(np.mean(losses)))", "pass"), "returned a history of 200 losses"),
    "a sum per epoch": (_train(record="float(np.sum(losses))"), "not a sum"),
    "gradient ascent": (_train(grads="-affine.dW, -affine.db"), "training did not learn"),
    "W and b gradients swapped": (_train(grads="affine.db, affine.dW"), "raised"),
    "a new dict of params": (_train(update="params = {k: params[k] - lr * grads[k] for k in params}"),
                             "left params unchanged"),
    "returns nothing": (_train().replace("return history", "pass"),
                        "forget to return the history"),
}


@pytest.mark.parametrize("source, fragment", TRAIN_WRONG.values(), ids=TRAIN_WRONG)
def test_wrong_train_variants_fail_with_a_message(source, fragment):
    assert fragment in failure(check.train, define(source, "train"))


def test_train_is_judged_with_the_course_layers_not_the_students():
    broken_relu = '''
class Relu:
    def forward(self, x):
        return x
    def backward(self, dout):
        return dout * 0
'''
    passes(check.train, define(broken_relu + _train(), "train"))


def test_away_from_the_key_a_trained_network_is_scored_with_the_recap_layers(monkeypatch):
    """At home and in the grading kernel the judges of train and overfit_tiny_batch score with the
    recap cell's Affine, Relu and SoftmaxWithLoss; the grader, with the key: the same numbers."""
    from coursekit.checks import hidden
    from coursekit_key.answers import capstone as key

    params, x, t = check.train.cases()[0].args[:3]
    loss, labels = key.loss_and_labels(params, x, t)
    monkeypatch.setattr(hidden, "ANSWERS_PACKAGE", "coursekit_key_absent.answers")
    at_home = check.loss_and_labels(params, x, t)
    assert at_home[0] == pytest.approx(loss, rel=1e-12) and loss > 0.1
    np.testing.assert_array_equal(at_home[1], labels)
    monkeypatch.setitem(recap._registered, check.__name__, {})
    with pytest.raises(CheckFailure, match="Run the recap cell first"):
        check.loss_and_labels(params, x, t)


def test_train_must_leave_the_data_alone():
    source = _train().replace("order = rng.permutation(len(x))",
                              "order = rng.permutation(len(x)); x[0, 0] = 123.0")
    assert "changed its input in place" in failure(check.train, define(source, "train"))


# ------------------------------------------------------------------- chance_loss, initial_loss

@pytest.mark.parametrize("body", ["return np.log(n_classes)", "return -np.log(1 / n_classes)",
                                  "return float(math.log(n_classes))",
                                  "return np.log(np.float32(n_classes))"])
def test_correct_chance_loss_variants_pass(body):
    passes(check.chance_loss, define(f"def chance_loss(n_classes):\n    {body}", "chance_loss"))


@pytest.mark.parametrize("body, fragment", [
    ("return np.log2(n_classes)", "log base 2"),
    ("return 1 / n_classes", "the probability a uniform guess gives each class"),
    ("return np.log10(n_classes)", "log base 10"),
    ("return np.log(1 / n_classes)", "The sign is flipped"),
    ("return 2.303", "expected 2.30258509"),
])
def test_wrong_chance_loss_variants_are_named(body, fragment):
    message = failure(check.chance_loss, define(f"def chance_loss(n_classes):\n    {body}",
                                                "chance_loss"))
    assert fragment in message


_FORWARD = """
    n = len(params) // 2
    h = x
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            h = np.maximum(h, 0)
"""


def _initial(loss):
    return "def initial_loss(params, x, t):" + _FORWARD + textwrap.indent(
        textwrap.dedent(loss).strip(), "    ")


INITIAL_RIGHT = {
    "log-softmax": """
        h = h - h.max(axis=1, keepdims=True)
        log_p = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
        return -np.mean(log_p[np.arange(len(t)), t])""",
    "recap SoftmaxWithLoss": "return SoftmaxWithLoss().forward(h, t)",
    "one-hot labels": """
        one_hot = np.eye(h.shape[1])[t]
        h = h - np.max(h, axis=1, keepdims=True)
        return -np.sum(one_hot * (h - np.log(np.exp(h).sum(axis=1, keepdims=True)))) / len(t)""",
    "float32 kept, logaddexp": """
        lse = np.logaddexp.reduce(h, axis=1)
        return np.mean(lse - h[np.arange(len(t)), t])""",
}


@pytest.mark.parametrize("body", INITIAL_RIGHT.values(), ids=INITIAL_RIGHT)
def test_correct_initial_loss_variants_pass(body):
    passes(check.initial_loss, define(_initial(body), "initial_loss"))


INITIAL_WRONG = {
    "log base 2": ("""
        h = h - h.max(axis=1, keepdims=True)
        log_p = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
        return -np.mean(log_p[np.arange(len(t)), t]) / np.log(2)""", "loss in bits"),
    "summed": ("""
        h = h - h.max(axis=1, keepdims=True)
        log_p = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
        return -np.sum(log_p[np.arange(len(t)), t])""", "the sum over the batch"),
    "mean over every entry": ("""
        h = h - h.max(axis=1, keepdims=True)
        log_p = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
        return -np.mean(np.eye(h.shape[1])[t] * log_p)""", "divided by the number of classes"),
    "no max shift": ("""
        y = np.exp(h) / np.exp(h).sum(axis=1, keepdims=True)
        return -np.mean(np.log(y[np.arange(len(t)), t]))""", "warning"),
    "the chance loss": ("return np.log(h.shape[1])", "expected"),
    "log guarded by 1e-7": ("""
        e = np.exp(h - np.max(h, axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
        return -np.mean(np.log(y[np.arange(len(t)), t] + 1e-7))""", "caps"),
}


@pytest.mark.parametrize("body, fragment", INITIAL_WRONG.values(), ids=INITIAL_WRONG)
def test_wrong_initial_loss_variants_are_named(body, fragment):
    assert fragment in failure(check.initial_loss, define(_initial(body), "initial_loss"))


def test_initial_loss_with_relu_on_the_scores_is_named():
    source = _initial("""
        h = np.maximum(h, 0)
        return SoftmaxWithLoss().forward(h, t)""")
    assert "ReLU applied after the last layer" in failure(check.initial_loss,
                                                          define(source, "initial_loss"))


# ---------------------------------------------------------------------------- overfit_tiny_batch

def _overfit(body):
    return "def overfit_tiny_batch(x, t, seed=0):\n    " + textwrap.dedent(body).strip().replace(
        "\n", "\n    ")


OVERFIT_RIGHT = {
    "exercises 2 and 4, full batch": """
        params = build_network([x.shape[1], 100, 10], seed)
        train(params, x, t, epochs=100, batch_size=len(x), lr=0.01, seed=seed)
        return params""",
    "small batches, wider": """
        params = build_network([x.shape[1], 300, 10], seed)
        train(params, x, t, epochs=60, batch_size=5, lr=0.003, seed=seed)
        return params""",
    "until it is perfect": """
        params = build_network([x.shape[1], 50, 10], seed)
        for _ in range(50):
            history = train(params, x, t, epochs=10, batch_size=len(x), lr=0.01, seed=seed)
            if np.all(predict(params, x) == t) and history[-1] < 0.01:
                break
        return params""",
}


@pytest.mark.parametrize("body", OVERFIT_RIGHT.values(), ids=OVERFIT_RIGHT)
def test_correct_overfit_variants_pass(body):
    passes(check.overfit_tiny_batch, define(_overfit(body), "overfit_tiny_batch"))


OVERFIT_WRONG = {
    "too few steps": ("""
        params = build_network([x.shape[1], 100, 10], seed)
        train(params, x, t, epochs=3, batch_size=len(x), lr=0.001, seed=seed)
        return params""", "a loss below 0.1"),
    "untrained": ("return build_network([x.shape[1], 100, 10], seed)", "images right"),
    "trains a copy": ("""
        params = build_network([x.shape[1], 100, 10], seed)
        train({k: v.copy() for k, v in params.items()}, x, t, epochs=100, batch_size=len(x),
              lr=0.01, seed=seed)
        return params""", "images right"),
    "returns the history": ("""
        params = build_network([x.shape[1], 100, 10], seed)
        return train(params, x, t, epochs=100, batch_size=len(x), lr=0.01, seed=seed)""",
                            "expected the trained params"),
}


@pytest.mark.parametrize("body, fragment", OVERFIT_WRONG.values(), ids=OVERFIT_WRONG)
def test_wrong_overfit_variants_are_named(body, fragment):
    assert fragment in failure(check.overfit_tiny_batch, define(_overfit(body),
                                                                "overfit_tiny_batch"))


def test_overfit_is_judged_with_the_course_pipeline_not_the_students():
    broken = _train(update="pass") + "\n" + _overfit(OVERFIT_RIGHT["exercises 2 and 4, full batch"])
    passes(check.overfit_tiny_batch, define(broken, "overfit_tiny_batch"))


def test_memorising_shuffled_labels_is_required():
    """Enough for the real labels is not always enough for shuffled ones: the hidden case."""
    source = _overfit("""
        params = build_network([x.shape[1], 100, 10], seed)
        train(params, x, t, epochs=20, batch_size=len(x), lr=0.01, seed=seed)
        return params""")
    fn = define(source, "overfit_tiny_batch")
    check.overfit_tiny_batch(fn)
    assert "shuffled" in failure(check.overfit_tiny_batch, fn, hidden=True)


# ------------------------------------------------------------------------------------ fit, tiers

TIER_CHECKS = (check.fit_90, check.fit_94, check.fit_96)


def _fit(body):
    return "def fit(x, t, seed=0):\n    " + textwrap.dedent(body).strip().replace("\n", "\n    ")


PLAIN_FIT = _fit("""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=15, batch_size=100, lr=0.01, seed=seed)

    def score(images):
        h = preprocess(x, images)
        for i in (1, 2):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            h = np.maximum(h, 0) if i == 1 else h
        return h
    return score""")


def _passes_tiers(fn, tiers=TIER_CHECKS):
    for chk in tiers:
        passes(chk, fn)


def test_the_plain_network_of_exercises_2_to_4_reaches_the_tiers():
    _passes_tiers(define(PLAIN_FIT, "fit"))


def test_a_network_trained_on_the_notebook_test_labels_fails_every_tier():
    (x_train, t_train), (x_test, t_test) = load_digits(normalize=False, dtype=np.float64)
    cheat = PLAIN_FIT.replace("train(params, preprocess(x, x), t,",
                              "train(params, preprocess(x, np.concatenate([x, x_test])), "
                              "np.concatenate([t, t_test]),")
    fn = define(cheat, "fit", x_test=x_test, t_test=t_test)
    for chk in TIER_CHECKS:
        assert "this tier asks for" in failure(chk, fn)


def test_a_model_trained_beforehand_fails():
    (x_train, t_train), _ = load_digits(normalize=False, dtype=np.float64)
    score = define(PLAIN_FIT, "fit", **check.PIPELINE)(x_train, t_train)
    fn = define("def fit(x, t, seed=0):\n    return trained", "fit", trained=score)
    message = failure(check.fit_90, fn)
    assert "the network labelled" in message and "this tier asks for 90%" in message


def test_a_weak_network_earns_the_lower_tiers_only():
    weak = PLAIN_FIT.replace("epochs=15", "epochs=3").replace("[64, 100, 10]", "[64, 50, 10]")
    fn = define(weak, "fit")
    passes(check.fit_90, fn)
    assert "this tier asks for 94%" in failure(check.fit_94, fn)
    assert "this tier asks for 96%" in failure(check.fit_96, fn)


@pytest.mark.parametrize("body, fragment", [
    ("return None", "fit returned a NoneType"),
    ("return lambda images: np.argmax(np.zeros((len(images), 10)), axis=1)", "shape (359,)"),
    ("return lambda images: np.full((len(images), 10), np.nan)", "nan or inf"),
    ("raise NotImplementedError", "not written yet"),
])
def test_garbage_from_fit_gets_a_message(body, fragment):
    assert fragment in failure(check.fit_90, define(_fit(body), "fit"))


def test_the_tiers_train_once_and_replay_warnings_and_errors():
    calls = []
    noisy = define(_fit("""
        calls.append(1)
        np.log(np.zeros(1))
        return lambda images: np.zeros((len(images), 10))"""), "fit", calls=calls)
    messages = [failure(chk, noisy, hidden=False) for chk in TIER_CHECKS]
    assert calls == [1] and all("emitted a warning" in m for m in messages)


def test_the_tiers_train_again_when_what_fit_uses_changes():
    calls = []
    source = _fit("""
        calls.append(WIDTH)
        return lambda images: np.zeros((len(images), 10))""")
    fn = define(source, "fit", calls=calls, WIDTH=100)
    failure(check.fit_90, fn, hidden=False)
    failure(check.fit_94, fn, hidden=False)
    fn.__globals__["WIDTH"] = 200
    failure(check.fit_96, fn, hidden=False)
    assert calls == [100, 200]


def test_renaming_is_a_derangement_of_the_digits():
    for multiplier, offset in ((3, 1), (7, 5)):
        rename = check.renaming(multiplier, offset)
        assert sorted(rename) == list(range(10)) and not np.any(rename == np.arange(10))


# -------------------------------------------------------------------------------- confusion_matrix

def _confusion(body):
    return "def confusion_matrix(t, y, n_classes=10):\n    " + textwrap.dedent(body).strip(
        ).replace("\n", "\n    ")


CONFUSION_RIGHT = {
    "np.add.at": """
        m = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(m, (t, y), 1)
        return m""",
    "bincount": "return np.bincount(t * n_classes + y, minlength=n_classes ** 2).reshape(n_classes, n_classes)",
    "comparisons": "return np.array([[np.sum((t == i) & (y == j)) for j in range(n_classes)] for i in range(n_classes)])",
    "histogram2d, floats": """
        m, _, _ = np.histogram2d(t, y, bins=n_classes, range=[[0, n_classes], [0, n_classes]])
        return m""",
}


@pytest.mark.parametrize("body", CONFUSION_RIGHT.values(), ids=CONFUSION_RIGHT)
def test_correct_confusion_matrix_variants_pass(body):
    passes(check.confusion_matrix, define(_confusion(body), "confusion_matrix"))


CONFUSION_WRONG = {
    "transposed": ("""
        m = np.zeros((n_classes, n_classes), dtype=int)
        np.add.at(m, (y, t), 1)
        return m""", "transpose"),
    "row fractions": ("""
        m = np.zeros((n_classes, n_classes))
        np.add.at(m, (t, y), 1)
        return m / m.sum(axis=1, keepdims=True)""", "fractions of each row"),
    "fancy-index assignment counts once": ("""
        m = np.zeros((n_classes, n_classes), dtype=int)
        m[t, y] += 1
        return m""", "expected"),
    "size from the labels seen": ("""
        k = max(t.max(), y.max()) + 1
        m = np.zeros((k, k), dtype=int)
        np.add.at(m, (t, y), 1)
        return m""", "also for classes that never appear"),
}


@pytest.mark.parametrize("body, fragment", CONFUSION_WRONG.values(), ids=CONFUSION_WRONG)
def test_wrong_confusion_matrix_variants_are_named(body, fragment):
    assert fragment in failure(check.confusion_matrix, define(_confusion(body), "confusion_matrix"))


ALL_CHECKS = [check.preprocess, check.build_network, check.predict, check.train, check.chance_loss,
              check.initial_loss, check.overfit_tiny_batch, *TIER_CHECKS, check.confusion_matrix]


@pytest.mark.parametrize("chk", ALL_CHECKS)
@pytest.mark.parametrize("garbage", [None, 3, "preprocess"])
def test_a_non_function_gets_a_message(chk, garbage):
    assert "expected a function" in failure(chk, garbage)


@pytest.mark.parametrize("chk", ALL_CHECKS)
def test_functions_returning_garbage_get_a_message(chk):
    for fn in (lambda *a, **k: None, lambda *a, **k: "x", lambda *a, **k: {"W1": "a"},
               lambda *a, **k: (1, 2, 3)):
        failure(chk, fn)


def test_hidden_messages_do_not_show_the_inputs():
    fn = define(_pre("return x / 255"), "preprocess")
    for case in check.preprocess.cases(hidden=True):
        record = run_case(partial(check.preprocess.driver, fn), case)
        message = judge(case, record, check.preprocess.expected(case))
        assert message.startswith("On a hidden test (")
        assert "x_train" not in case.label


# ------------------------------------------------------------------------- judged by the grader

def _notebook_solutions():
    return {name: re.sub(r"[ \t]*### (BEGIN|END) SOLUTION\n?", "", _cells()[name])
            for name in ANSWERS}


def _checks_of(name):
    return TIER_CHECKS if name == "fit" else (getattr(check, name),)


CHECKED = [(name, chk) for name in ANSWERS for chk in _checks_of(name)]
CHECK_IDS = [chk.name for _, chk in CHECKED]


@pytest.mark.parametrize("name, chk", CHECKED, ids=CHECK_IDS)
def test_the_notebook_solutions_pass(name, chk):
    passes(chk, define(_notebook_solutions()[name], name))


def _driven(chk, fn):
    fn = with_globals(fn, chk.dependencies)
    return partial(chk.driver, fn) if isinstance(chk, DrivenCheck) else fn


@pytest.mark.parametrize("name, chk", CHECKED, ids=CHECK_IDS)
@pytest.mark.parametrize("which", ["solution", "wrong"])
@pytest.mark.parametrize("hidden", [False, True])
def test_the_grader_reaches_the_same_verdicts_from_encoded_evidence(name, chk, which, hidden):
    answers = _notebook_solutions() if which == "solution" else wrong_answers("day13_capstone")
    fn = _driven(chk, define(answers[name], name))
    for case in chk.cases(hidden):
        record = run_case(fn, case)
        decoded = Record(case.label, evidence.decode(evidence.encode(record.output)),
                         record.error, record.warnings, record.mutated)
        expected = chk.expected(case)
        assert judge(case, record, expected) == judge(case, decoded, expected)


# ---------------------------------------------------------- tests/wrong_answers/day13_capstone

def test_each_exercise_has_a_typical_wrong_answer():
    assert set(wrong_answers("day13_capstone")) == set(ANSWERS)


@pytest.mark.parametrize("name, chk", CHECKED, ids=CHECK_IDS)
def test_each_wrong_answer_fails_its_own_check(name, chk):
    failure(chk, define(wrong_answers("day13_capstone")[name], name))


# ---- hints and messages never show the solution --------------------------------------------------

# Fragments of the solution's code that no message may contain, beyond its own lines.
SOLUTION_CODE = ("grads = {}", "params = {}")
ANSWER_CHECKS = {name: (chk, name) for name, chk in CHECKED if name != "fit"}
(test_an_untouched_stub_is_told_it_is_not_written_and_sees_no_solution,
 test_no_failure_of_a_wrong_answer_shows_solution_code) = day_tests(
    "day13_capstone", ANSWER_CHECKS, define, SOLUTION_CODE)


# ------------------------------------------------------------------------------ the recap's classes

def test_the_checks_run_answers_with_the_recap_cells_classes_even_when_one_is_redefined():
    source = _notebook_solutions()["train"] + """
class Adam:
    def __init__(self, lr=0.001):
        pass

    def update(self, params, grads):
        pass   # a later cell's Adam, which learns nothing
"""
    fn = define(source, "train")
    params = {"W1": np.ones((2, 3)), "b1": np.zeros(3)}
    fn(params, np.eye(2), np.array([0, 1]), epochs=3, batch_size=2)
    np.testing.assert_array_equal(params["W1"], 1.0)   # run as it is, it changes nothing
    passes(check.train, fn)                            # the check runs it with the recap's Adam


def test_a_check_run_before_the_recap_cell_says_to_run_it(monkeypatch):
    fn = define(_notebook_solutions()["train"], "train")
    monkeypatch.setattr(recap, "_registered", {})   # as in a kernel that skipped the recap cell
    message = failure(check.train, fn)
    assert "Run the recap cell first" in message


@pytest.mark.parametrize("classes, says", [
    ({"Relu": object, "Sigmoid": object},
     "missing: Affine, SoftmaxWithLoss, Adam, BatchNormalization, Dropout; unknown: Sigmoid"),
    ({name: 3 for name in check.RECAP_NAMES}, "must be a class or a function"),
])
def test_use_recap_names_what_is_wrong(classes, says):
    with pytest.raises(TypeError, match=re.escape(says)):
        check.use_recap(**classes)
