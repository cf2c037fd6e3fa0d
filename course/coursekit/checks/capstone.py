"""Checks for day 13, the capstone: the student's whole pipeline on the 8x8 digits.

Three of the checks are `DrivenCheck`s: a *driver* calls the student's function more than once
(preprocess on the training set and on new images; build_network twice with one seed and once
with another) or gives it a working copy it is meant to change (train updates params in place).
A driver returns plain data, so the grader judges the same evidence in its own process. The last
check, `test_accuracy`, calls the student's classifier on the held-out digits it loads itself and
recomputes the accuracy from the predicted labels; no printed number counts.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Optional

import numpy as np

from .. import layers, optimizers
from ..data import load_digits
from .classes import DrivenCheck
from .core import Case, FunctionCheck, as_numeric, subject

TARGET_ACCURACY = 0.93
RECAP = {"Affine": layers.Affine, "Relu": layers.Relu,
         "SoftmaxWithLoss": layers.SoftmaxWithLoss, "Adam": optimizers.Adam}


# ---- shared helpers -----------------------------------------------------------------------------

def _digits(dtype=np.float64) -> tuple:
    """Raw digits (pixels 0..16), as the notebook loads them: (x_train, t_train), (x_test, t_test)."""
    return load_digits(normalize=False, dtype=dtype)


def reference_scores(params: dict, x: np.ndarray) -> np.ndarray:
    """Scores (N, C) of the ReLU network in `params` (W1, b1, ..., WL, bL): identity output."""
    layer_count = len(params) // 2
    h = np.asarray(x, dtype=np.float64)
    for i in range(1, layer_count + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < layer_count:
            h = np.maximum(h, 0)
    return h


def reference_predict(params: dict, x: np.ndarray) -> np.ndarray:
    """Predicted labels (N,) int64: the index of each row's largest score."""
    return np.argmax(reference_scores(params, x), axis=1)


def he_params(sizes, seed: int, dtype=np.float64) -> dict:
    """Weights normal with std sqrt(2 / fan_in) and zero biases, for the layer sizes given."""
    rng = np.random.default_rng(seed)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = (rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))).astype(dtype)
        params[f"b{i}"] = np.zeros(n_out, dtype=dtype)
    return params


def _mean_loss(params: dict, x: np.ndarray, t: np.ndarray) -> float:
    scores = reference_scores(params, x)
    scores = scores - scores.max(axis=1, keepdims=True)
    log_probs = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return float(-np.mean(log_probs[np.arange(len(t)), t]))


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _labels(case: Case, output: Any, count: int, name: str) -> tuple:
    """(labels as a float array, None) or (None, message) for a function meant to return labels."""
    got = as_numeric(output)
    if got is None:
        kind = "None (did you forget `return`?)" if output is None else f"a {type(output).__name__}"
        return None, f"{subject(case)} returned {kind}; expected an array of {count} labels."
    if got.shape == (count, 10) or (got.ndim == 2 and got.shape[0] == count):
        return None, (f"{subject(case)} returned an array of shape {got.shape}: scores, one row per "
                      f"image. Return one label per image, np.argmax(scores, axis=1), shape ({count},).")
    if got.shape != (count,):
        return None, (f"{subject(case)} returned an array of shape {got.shape}; expected one label "
                      f"per image, shape ({count},).")
    if not np.all(np.isfinite(got)):
        return None, f"{subject(case)} returned labels that are not finite (nan or inf)."
    return got, None


# ---- 1. preprocess(x_train, x) ------------------------------------------------------------------

def _drive_preprocess(fn: Callable, x_train, x) -> tuple:
    """(fn(x_train, x_train), fn(x_train, x)): the training images scaled, then x."""
    return fn(x_train, x_train), fn(x_train, x)


def _preprocess_case(label: str, x_train: np.ndarray, new: np.ndarray, shared: int,
                     hidden: bool = False) -> Case:
    """x is the first `shared` training images followed by `new` ones; expected = shared."""
    x = np.concatenate([x_train[:shared], new]).astype(x_train.dtype)
    return Case(label, (x_train, x), expected=shared, judge=_judge_preprocess, hidden=hidden,
                hint="Compute the statistics (a maximum, or a mean and a standard deviation per "
                     "pixel) from x_train only, and apply the same scaling to x. Pixels that are 0 "
                     "in every training image have a standard deviation of 0: guard the division.")


def _preprocess_visible() -> list:
    (x_train, _), (x_test, _) = _digits()
    return [_preprocess_case("preprocess(x_train, x) with x_train = the first 500 training images "
                             "and x = 5 of them followed by 20 test images",
                             x_train[:500], x_test[:20], 5)]


def _preprocess_hidden() -> list:
    (x_train, _), (x_test, _) = _digits()
    rng = np.random.default_rng(13)
    few = x_train[rng.permutation(len(x_train))[:300]]
    x_train = x_train[-400:]   # evidence stays small: every argument is recorded for the grader
    constant = few.copy()
    constant[:, 10] = 7.0   # a pixel with the same nonzero value everywhere: spread 0, mean 7
    return [
        _preprocess_case("integer pixel arrays (int64)", x_train.astype(np.int64),
                         x_test[:30].astype(np.int64), 4, hidden=True),
        _preprocess_case("300 training images in float32, x with 50 new images",
                         few.astype(np.float32), x_test[50:100].astype(np.float32), 6, hidden=True),
        _preprocess_case("a training set in which one pixel is the same nonzero value everywhere",
                         constant, x_test[:10], 3, hidden=True),
        _preprocess_case("x holding a single new image", x_train, x_test[:1], 0, hidden=True),
        _preprocess_case("faint training images (pixels up to 8), new images up to 16",
                         x_train / 2, x_test[:40], 5, hidden=True),
    ]


def _judge_preprocess(case: Case, record, shared: int) -> Optional[str]:
    x_train, x = case.args
    output = record.output
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return f"{subject(case)}: the driver's record is malformed."
    parts = []
    for given, out, what in ((x_train, output[0], "preprocess(x_train, x_train)"),
                             (x, output[1], "preprocess(x_train, x)")):
        got = as_numeric(out)
        if got is None:
            kind = "None (did you forget `return`?)" if out is None else f"a {type(out).__name__}"
            return f"{subject(case)}: {what} returned {kind}; expected an array shaped like its input."
        if got.shape != np.shape(given):
            return (f"{subject(case)}: {what} returned shape {got.shape}; expected the shape of "
                    f"its second argument, {np.shape(given)}.")
        if not np.all(np.isfinite(got)):
            return (f"{subject(case)}: {what} returned nan or inf values "
                    f"({int(np.sum(~np.isfinite(got)))} of them), e.g. from dividing by a standard "
                    "deviation of 0.")
        parts.append(got)
    train_out, x_out = parts
    spread = float(np.std(train_out))
    if spread > 3:
        return (f"{subject(case)}: the processed training images still spread like raw pixels "
                f"(standard deviation of all values {_fmt(spread)}). Scale them to about [0, 1] "
                "(the digits' pixels go from 0 to 16) or standardise each pixel.")
    if spread < 0.1:
        slip = " Dividing by 255 is for 8-bit images; the digits' pixels go up to 16." \
            if np.allclose(train_out * 255, np.asarray(x_train, dtype=float), rtol=1e-4, atol=1e-6) else ""
        return (f"{subject(case)}: the processed training images are squeezed together (standard "
                f"deviation of all values {_fmt(spread)}); the network sees almost no contrast.{slip}")
    if shared and not np.allclose(x_out[:shared], train_out[:shared], rtol=1e-5, atol=1e-6):
        return (f"{subject(case)}: the first {shared} images of x are training images, but they came "
                "out differently from the same images in x_train: your scaling depends on x. Use "
                "statistics of x_train only, so every image is scaled the same way.")
    return None


preprocess = DrivenCheck("preprocess", reference=None, visible=_preprocess_visible,
                         hidden_cases=_preprocess_hidden, driver=_drive_preprocess)


# ---- 2. build_network(sizes, seed) --------------------------------------------------------------

def _drive_build(fn: Callable, sizes, seed: int) -> tuple:
    """Three networks: two with `seed`, to compare, and one with seed + 1."""
    return fn(sizes, seed), fn(sizes, seed), fn(sizes, seed + 1)


def _build_case(sizes, seed: int, hidden: bool = False) -> Case:
    label = "a hidden network shape" if hidden else f"build_network({sizes!r}, seed={seed})"
    return Case(label, (sizes, seed), judge=_judge_build, hidden=hidden,
                hint="For each layer i: W{i} = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out)) "
                     "with rng = np.random.default_rng(seed), and b{i} = np.zeros(n_out).")


def _build_visible() -> list:
    return [_build_case([200, 300, 10], 0), _build_case([64, 100, 10], 1)]


def _build_hidden() -> list:
    return [_build_case([500, 400, 300, 100], 123, hidden=True),
            _build_case((784, 50, 10), 7, hidden=True),
            _build_case([64, 1000, 10], 2, hidden=True)]


_INIT_SLIPS = ((lambda n_in, n_out: 0.01, "a fixed std of 0.01 (day 10's small random numbers)"),
               (lambda n_in, n_out: np.sqrt(1 / n_in), "Xavier's std sqrt(1 / n_in), which suits "
                                                       "sigmoid and tanh; ReLU zeroes half of its "
                                                       "inputs, so He doubles the variance"),
               (lambda n_in, n_out: np.sqrt(2 / n_out), "sqrt(2 / n_out): the fan-out instead of "
                                                        "the fan-in"),
               (lambda n_in, n_out: 1.0, "a std of 1, far too large for wide layers"))


def _judge_build(case: Case, record, expected) -> Optional[str]:
    sizes, seed = case.args
    runs = record.output
    if not isinstance(runs, (tuple, list)) or len(runs) != 3:
        return f"{subject(case)}: the driver's record is malformed."
    first, again, other = runs
    if not isinstance(first, dict):
        kind = "None (did you forget `return`?)" if first is None else f"a {type(first).__name__}"
        return f"{subject(case)} returned {kind}; expected a dict of parameters."
    count = len(sizes) - 1
    keys = {f"{p}{i}" for i in range(1, count + 1) for p in "Wb"}
    if set(first) != keys:
        return (f"{subject(case)} returned the keys {sorted(map(str, first))}; expected "
                f"{sorted(keys)} (one W and one b per layer, for {count} layers).")
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        problem = _judge_layer(case, i, as_numeric(first[f"W{i}"]), as_numeric(first[f"b{i}"]),
                               n_in, n_out)
        if problem:
            return problem
    if not isinstance(again, dict) or not all(
            np.array_equal(as_numeric(first[k]), as_numeric(again.get(k))) for k in keys):
        return (f"{subject(case)}: two calls with the same seed gave different weights. Make every "
                "random draw from np.random.default_rng(seed), so a seed fixes the network.")
    if isinstance(other, dict) and all(
            np.array_equal(as_numeric(first[k]), as_numeric(other.get(k))) for k in keys):
        return (f"{subject(case)}: seed={seed} and seed={seed + 1} gave the same weights; the seed "
                "must choose the random numbers.")
    return None


def _judge_layer(case: Case, i: int, W, b, n_in: int, n_out: int) -> Optional[str]:
    if W is None or W.shape != (n_in, n_out):
        shape = None if W is None else W.shape
        return f"{subject(case)}: W{i} has shape {shape}; expected ({n_in}, {n_out})."
    if b is None or b.shape != (n_out,):
        shape = None if b is None else b.shape
        return f"{subject(case)}: b{i} has shape {shape}; expected ({n_out},)."
    if not (np.all(np.isfinite(W)) and np.all(b == 0)):
        return f"{subject(case)}: b{i} is not all zeros (or W{i} is not finite); biases start at 0."
    want, std = np.sqrt(2 / n_in), float(np.std(W))
    tolerance = 0.1 if W.size >= 2000 else 0.25
    mean_limit = 5 * want / np.sqrt(W.size) + 1e-12
    if abs(std / want - 1) > tolerance or abs(float(np.mean(W))) > mean_limit:
        slip = next((text for formula, text in _INIT_SLIPS
                     if abs(std / formula(n_in, n_out) - 1) < tolerance
                     and abs(formula(n_in, n_out) / want - 1) > tolerance), None)
        why = f" That matches {slip}." if slip else ""
        return (f"{subject(case)}: W{i} ({n_in} x {n_out}) has mean {_fmt(float(np.mean(W)))} and "
                f"std {_fmt(std)}; He initialisation gives mean 0 and std sqrt(2 / {n_in}) = "
                f"{_fmt(want)}.{why}")
    return None


build_network = DrivenCheck("build_network", reference=None, visible=_build_visible,
                            hidden_cases=_build_hidden, driver=_drive_build)


# ---- 3. predict(params, x) ----------------------------------------------------------------------

def _predict_case(label: str, sizes, seed: int, n: int, shift: float = 0.0, dtype=np.float64,
                  hidden: bool = False) -> Case:
    """A He network whose last bias is `shift` (negative: most scores below 0) on n inputs."""
    params = he_params(sizes, seed, dtype)
    params[f"b{len(sizes) - 1}"] += dtype(shift)
    x = np.random.default_rng(seed + 100).uniform(0, 1, (n, sizes[0])).astype(dtype)
    return Case(label, (params, x), judge=_judge_predict, hidden=hidden,
                hint="Affine then ReLU for every layer but the last, Affine alone for the last "
                     "(scores, which may be negative), then np.argmax(scores, axis=1). Loop over "
                     "the layers: len(params) // 2 of them.")


def _predict_visible() -> list:
    return [_predict_case("predict(params, x) for a 64-100-10 network and 8 images whose scores "
                          "are mostly negative", [64, 100, 10], 0, 8, shift=-20.0),
            _predict_case("predict(params, x) for a 64-30-20-10 network (3 layers), 5 images",
                          [64, 30, 20, 10], 1, 5)]


def _predict_hidden() -> list:
    return [_predict_case("a single image", [64, 50, 10], 2, 1, hidden=True),
            _predict_case("a 4-layer network with negative scores", [20, 16, 16, 16, 5], 3, 40,
                          shift=-30.0, hidden=True),
            _predict_case("a float32 network and batch", [64, 100, 10], 4, 50, dtype=np.float32,
                          hidden=True),
            _predict_case("a 1-layer network (W1 and b1 only)", [10, 3], 5, 12, hidden=True)]


def _judge_predict(case: Case, record, expected) -> Optional[str]:
    params, x = case.args
    got, problem = _labels(case, record.output, len(x), "predict")
    if problem:
        return problem
    want = reference_predict(params, x)
    wrong = np.flatnonzero(got != want)
    if wrong.size == 0:
        return None
    if np.array_equal(got, _relu_everywhere(params, x)):
        return (f"{subject(case)} returned labels that match ReLU applied after the last layer too. "
                "The last Affine layer gives scores, which may all be negative; ReLU turns them "
                "into zeros and argmax then answers 0.")
    if case.hidden:
        return f"{subject(case)} returned {wrong.size} wrong labels of {len(x)}."
    i = int(wrong[0])
    return (f"{subject(case)} returned label {_fmt(float(got[i]))} for image {i}; expected "
            f"{int(want[i])} ({wrong.size} of {len(x)} labels differ).")


def _relu_everywhere(params: dict, x: np.ndarray) -> np.ndarray:
    return np.argmax(np.maximum(reference_scores(params, x), 0), axis=1)


predict = FunctionCheck("predict", reference=None, visible=_predict_visible,
                        hidden_cases=_predict_hidden)


# ---- 4. train(params, x, t, epochs, batch_size, lr, seed) ---------------------------------------

def _drive_train(fn: Callable, params, x, t, epochs, batch_size, lr, seed) -> tuple:
    """(history, params as train left them)."""
    own = copy.deepcopy(params)   # train is meant to change params in place: give it a copy
    history = fn(own, x, t, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed)
    return history, own


def blobs(n_per_class: int, n_classes: int, dim: int, seed: int, dtype=np.float64) -> tuple:
    """Gaussian clusters with well separated centres: x (N, dim), integer labels t (N,)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (n_classes, dim))
    t = np.repeat(np.arange(n_classes), n_per_class)
    x = centres[t] + rng.normal(0, 0.7, (len(t), dim))
    order = rng.permutation(len(t))
    return x[order].astype(dtype), t[order]


def _train_case(label: str, sizes, n_per_class: int, epochs: int, batch_size: int, lr: float,
                seed: int, dtype=np.float64, hidden: bool = False) -> Case:
    x, t = blobs(n_per_class, sizes[-1], sizes[0], seed, dtype)
    params = he_params(sizes, seed + 1, dtype)
    return Case(label, (params, x, t, epochs, batch_size, lr, seed), judge=_judge_train,
                hidden=hidden,
                hint="Per epoch: shuffle with rng.permutation, then for each mini-batch run forward "
                     "and backward through layers built on params' own arrays, call "
                     "optimizer.update(params, grads), and add the batch loss; append the epoch's "
                     "mean loss to history.")


def _train_visible() -> list:
    return [_train_case("train(params, x, t, epochs=20, batch_size=32, lr=0.01, seed=0) on 300 "
                        "points in 3 clusters with a 2-16-3 network", [2, 16, 3], 100, 20, 32,
                        0.01, 0)]


def _train_hidden() -> list:
    return [_train_case("a 5-20-20-4 network, 250 points, batches that do not divide them",
                        [5, 20, 20, 4], 62, 15, 64, 0.01, 1, hidden=True),
            _train_case("float32 data and parameters", [3, 12, 3], 80, 20, 20, 0.01, 2,
                        dtype=np.float32, hidden=True),
            _train_case("a single epoch of full-batch steps", [2, 16, 3], 50, 1, 1000, 0.05, 3,
                        hidden=True)]


def _judge_train(case: Case, record, expected) -> Optional[str]:
    start, x, t, epochs = case.args[:4]
    output = record.output
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return f"{subject(case)}: the driver's record is malformed."
    history, trained = output
    values = as_numeric(history)
    if values is None or values.ndim != 1:
        kind = "None (did you forget `return history`?)" if history is None else (
            f"a {type(history).__name__}" if values is None else f"an array of shape {values.shape}")
        return f"{subject(case)} returned {kind}; expected a list of {epochs} losses, one per epoch."
    if len(values) != epochs:
        return (f"{subject(case)} returned a history of {len(values)} losses; expected one per "
                f"epoch, {epochs}, each the mean of that epoch's mini-batch losses.")
    if not np.all(np.isfinite(values)):
        return f"{subject(case)} returned a history with nan or inf losses."
    if not isinstance(trained, dict) or set(trained) != set(start) or not all(
            as_numeric(trained[k]) is not None and np.shape(trained[k]) == start[k].shape
            for k in start):
        return (f"{subject(case)} left params with other keys or shapes than it was given; update "
                "the arrays in place and keep the keys.")
    if all(np.array_equal(as_numeric(trained[k]), start[k]) for k in start):
        return (f"{subject(case)} left params unchanged. Train must update the caller's arrays in "
                "place: build the layers on params['W1'] etc. themselves (not copies) and give "
                "the optimizer the params dict itself.")
    before = _mean_loss(start, x, t)
    after = _mean_loss({k: as_numeric(v) for k, v in trained.items()}, x, t)
    accuracy = float(np.mean(reference_predict({k: as_numeric(v) for k, v in trained.items()}, x) == t))
    if after > 0.7 * before or (epochs > 1 and accuracy < 0.9):
        return (f"{subject(case)}: training did not learn: the loss on the data went from "
                f"{_fmt(before)} to {_fmt(after)}, and the trained network classifies "
                f"{accuracy:.0%} of the points correctly. Check the order forward / backward / "
                "update, and that gradients flow backwards through every layer.")
    if epochs > 1 and not values[-1] < values[0]:
        return (f"{subject(case)}: the loss went down, but the history does not: first "
                f"{_fmt(values[0])}, last {_fmt(values[-1])}.")
    if epochs > 1 and abs(values[-1] - after) > 0.5 * after + 0.1:
        return (f"{subject(case)}: the last entry of history is {_fmt(values[-1])}, but the trained "
                f"network's mean loss is {_fmt(after)}. Record each epoch's mean mini-batch loss "
                "(the mean of the SoftmaxWithLoss values), not a sum.")
    return None


train = DrivenCheck("train", reference=None, visible=_train_visible, hidden_cases=_train_hidden,
                    dependencies=RECAP, driver=_drive_train)


# ---- 5. the target: test accuracy ---------------------------------------------------------------

def _accuracy_visible() -> list:
    _, (x_test, t_test) = _digits()
    return [Case(f"classify(x_test) on the {len(x_test)} held-out test images", (x_test,),
                 expected=t_test, judge=_judge_accuracy, hint=_ACCURACY_HINT)]


def _accuracy_hidden() -> list:
    _, (x_test, t_test) = _digits()
    order = np.random.default_rng(2026).permutation(len(x_test))[:200]
    return [Case("200 test images in another order", (x_test[order],), expected=t_test[order],
                 judge=_judge_accuracy, hidden=True, hint=_ACCURACY_HINT)]


_ACCURACY_HINT = ("Tune on a validation split, not on the test set: more epochs, a wider hidden "
                  "layer, or another learning rate. Check that classify preprocesses the raw "
                  "images exactly as the training images were.")


def _judge_accuracy(case: Case, record, expected) -> Optional[str]:
    t = np.asarray(expected)
    got, problem = _labels(case, record.output, len(t), "classify")
    if problem:
        return problem
    accuracy = float(np.mean(got == t))
    if accuracy < TARGET_ACCURACY:
        return (f"{subject(case)} labelled {accuracy:.1%} of the images correctly; the target is "
                f"{TARGET_ACCURACY:.0%}.")
    return None


test_accuracy = FunctionCheck("test_accuracy", reference=None, visible=_accuracy_visible,
                              hidden_cases=_accuracy_hidden)
