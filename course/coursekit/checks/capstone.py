"""Checks for day 13, the capstone: the student's whole pipeline on the 8x8 digits.

Exercises 1-4 (preprocess, build_network, predict, train) are checked on their own, the drivers
calling the student's function more than once (preprocess on the training set and on new images;
build_network twice with one seed and once with another) or giving it a working copy it is meant
to change (train updates params in place). The sanity checks: chance_loss (ln C), initial_loss
(on networks the check builds) and overfit_tiny_batch (every image right and a loss below 0.1 on
a tiny batch, also with shuffled labels). The student's own network, fit, is trained by the check
on digits whose labels it renames and scored on held-out digits it loads itself, in three tiers of
accuracy that share one training per case. confusion_matrix is compared with counts (rows true).
train, overfit_tiny_batch and fit run with the recap cell's classes, which that cell registers
(use_recap), and the last two with the course's versions of exercises 1-4 too (PIPELINE), so a
slip there, or a recap class redefined later, costs its own exercise only. PIPELINE is why those
four versions are still in the student's install: a network the student designs calls them with
arguments no table recorded from the key could hold. A trained network is scored with the key's
loss and labels where the key is installed (the grader) and with the recap cell's layers
elsewhere. Every driver returns plain data, so the grader judges the same evidence in its own
process; no printed number counts. The hidden cases and the other references are in the answer
key (coursekit_key.hidden.capstone, coursekit_key.answers.capstone).
"""
from __future__ import annotations

import copy
import warnings
from collections import ChainMap
from functools import partial
from typing import Any, Callable, Optional

import numpy as np

from ..data import load_digits
from . import hidden
from .classes import DrivenCheck, kind_of
from .core import Case, FunctionCheck, _names_used, as_numeric, register, subject
from .lookalikes import KeyedSlip, with_lookalikes
from .recap import Recap

# Bound at import, as in core: student code run later cannot hide a warning from the replay.
_catch_warnings, _simplefilter, _warn = warnings.catch_warnings, warnings.simplefilter, warnings.warn

MAX_PREPARED = 1e3   # |prepared pixel| beyond this is a division by an epsilon, not a scaling


RECAP_NAMES = ("Relu", "Affine", "SoftmaxWithLoss", "Adam", "BatchNormalization", "Dropout")
FULL_RECAP = Recap(__name__, RECAP_NAMES)  # what the recap cell hands over
use_recap = FULL_RECAP.register
TRAIN_RECAP = ("Affine", "Relu", "SoftmaxWithLoss", "Adam")  # what exercise 4 builds on
RECAP = Recap(__name__, TRAIN_RECAP)


# ---- shared helpers -----------------------------------------------------------------------------

def _digits(dtype=np.float64, seed: int = 0) -> tuple:
    """Raw digits (pixels 0..16): (x_train, t_train), (x_test, t_test) of the stratified split
    `seed` (0 is the notebook's)."""
    return load_digits(normalize=False, dtype=dtype, seed=seed)


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


def loss_and_labels(params: dict, x: np.ndarray, t: np.ndarray) -> tuple:
    """(mean cross-entropy, predicted labels (N,)) of the ReLU network `params` on (x, t): how
    the judges score a trained network. The key's where it is installed (the grader); elsewhere
    computed with the recap cell's Affine, Relu and SoftmaxWithLoss, which it registers."""
    key = hidden.key_module(hidden.ANSWERS_PACKAGE, __name__)
    if key is not None:
        return key.loss_and_labels(params, x, t)
    Affine, Relu, SoftmaxWithLoss = (RECAP[name] for name in ("Affine", "Relu", "SoftmaxWithLoss"))
    count = len(params) // 2
    h = np.asarray(x, dtype=np.float64)
    for i in range(1, count + 1):
        h = Affine(params[f"W{i}"], params[f"b{i}"]).forward(h)
        if i < count:
            h = Relu().forward(h)
    return float(SoftmaxWithLoss().forward(h, np.asarray(t))), np.argmax(h, axis=1)


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
    largest = float(np.max(np.abs(x_out)))
    if largest > MAX_PREPARED:
        return (f"{subject(case)}: preprocess(x_train, x) returned values up to {_fmt(largest)}: "
                "a pixel that never varies in x_train has a standard deviation of 0, and a tiny "
                "epsilon added to it turns a little ink in a new image into an enormous input. "
                "Floor the standard deviation (e.g. at 1) instead, or scale all pixels alike.")
    if shared and not np.allclose(x_out[:shared], train_out[:shared], rtol=1e-5, atol=1e-6):
        return (f"{subject(case)}: the first {shared} images of x are training images, but they came "
                "out differently from the same images in x_train: your scaling depends on x. Use "
                "statistics of x_train only, so every image is scaled the same way.")
    return None


preprocess = DrivenCheck("preprocess", reference=None, visible=_preprocess_visible,
                         driver=_drive_preprocess)


# ---- 2. build_network(sizes, seed) --------------------------------------------------------------

def _drive_build(fn: Callable, sizes, seed: int) -> tuple:
    """Three networks: two with `seed`, to compare, and one with seed + 1."""
    return fn(sizes, seed), fn(sizes, seed), fn(sizes, seed + 1)


def _build_case(sizes, seed: int, hidden: bool = False) -> Case:
    label = "a hidden network shape" if hidden else f"build_network({sizes!r}, seed={seed})"
    return Case(label, (sizes, seed), judge=_judge_build, hidden=hidden,
                hint="Each layer's W has shape (n_in, n_out) and is drawn from a normal "
                     "distribution with mean 0 and He's standard deviation, sqrt(2 / n_in); each "
                     "b starts at zeros. Draw every number from one generator made from the seed.")


def _build_visible() -> list:
    return [_build_case([200, 300, 10], 0), _build_case([64, 100, 10], 1)]


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
                            driver=_drive_build)


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


predict = FunctionCheck("predict", reference=None, visible=_predict_visible)


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
                     "and backward through layers built on params' own arrays, let the optimizer "
                     "update params in place from the gradients, and add the batch loss; append "
                     "the epoch's mean loss to history.")


def _train_visible() -> list:
    return [_train_case("train(params, x, t, epochs=20, batch_size=32, lr=0.01, seed=0) on 300 "
                        "points in 3 clusters with a 2-16-3 network", [2, 16, 3], 100, 20, 32,
                        0.01, 0)]


def _judge_train(case: Case, record, expected) -> Optional[str]:
    start, x, t, epochs = case.args[:4]
    output = record.output
    if not isinstance(output, (tuple, list)) or len(output) != 2:
        return f"{subject(case)}: the driver's record is malformed."
    history, trained = output
    values = as_numeric(history)
    if values is None or values.ndim != 1:
        kind = "None (did you forget to return the history?)" if history is None else (
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
    before, _ = loss_and_labels(start, x, t)
    after, labels = loss_and_labels({k: as_numeric(v) for k, v in trained.items()}, x, t)
    accuracy = float(np.mean(labels == t))
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


train = DrivenCheck("train", reference=None, visible=_train_visible, dependencies=RECAP,
                    driver=_drive_train)


# ---- the course's versions of exercises 1-4, for the checks of what builds on them -------------

def reference_preprocess(x_train: np.ndarray, x: np.ndarray) -> np.ndarray:
    """x (N, D) divided by the largest pixel of x_train: the digits land in [0, 1]."""
    return np.asarray(x, dtype=np.float64) / np.max(x_train)


def reference_train(params: dict, x, t, epochs=20, batch_size=100, lr=0.01, seed=0) -> list:
    """Exercise 4 with the recap's classes: Adam on shuffled mini-batches, params updated in
    place -> the mean mini-batch loss of each epoch."""
    Affine, Relu, SoftmaxWithLoss, Adam = (RECAP[name] for name in TRAIN_RECAP)
    count = len(params) // 2
    affines = [Affine(params[f"W{i}"], params[f"b{i}"]) for i in range(1, count + 1)]
    stack = [layer for affine in affines[:-1] for layer in (affine, Relu())] + affines[-1:]
    loss_layer, optimizer = SoftmaxWithLoss(), Adam(lr=lr)
    rng, history = np.random.default_rng(seed), []
    for _ in range(epochs):
        order, losses = rng.permutation(len(x)), []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in stack:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(stack):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history


# The names an answer that builds on the pipeline may call: each check runs it with these
# versions, so a slip in exercises 1-4 (or a recap class redefined) costs only its own points.
PIPELINE = ChainMap({"preprocess": reference_preprocess, "build_network": he_params,
                     "predict": reference_predict, "train": reference_train}, FULL_RECAP)


def _network_problem(case: Case, output: Any, n_in: int) -> Optional[str]:
    """A message if `output` is not a params dict of exercise 2's kind for n_in inputs."""
    if not isinstance(output, dict):
        return (f"{subject(case)} returned {kind_of(output)}; expected the trained params, a dict "
                "with W1, b1, ..., WL, bL like build_network's.")
    count = len(output) // 2
    keys = {f"{p}{i}" for i in range(1, count + 1) for p in "Wb"}
    arrays = {k: as_numeric(v) for k, v in output.items()}
    if set(output) != keys or count == 0 or any(v is None for v in arrays.values()):
        return (f"{subject(case)} returned a dict with the keys {sorted(map(str, output))}; "
                "expected W1, b1, ..., WL, bL of numeric arrays (a network of exercise 2's kind).")
    sizes = [n_in] + [arrays[f"W{i}"].shape[-1] if arrays[f"W{i}"].ndim == 2 else -1
                      for i in range(1, count + 1)]
    if any(arrays[f"W{i}"].shape != (sizes[i - 1], sizes[i]) or arrays[f"b{i}"].shape != (sizes[i],)
           for i in range(1, count + 1)):
        return (f"{subject(case)} returned params whose shapes do not chain: W1 must be "
                f"({n_in}, n1), b1 (n1,), W2 (n1, n2), and so on.")
    return None


# ---- 5. chance_loss(n_classes) ------------------------------------------------------------------

_CHANCE_SLIPS = (
    (lambda n: np.log2(n), "That is log base 2 (the loss in bits); the cross-entropy of the course "
                           "uses the natural logarithm, np.log."),
    (lambda n: np.log10(n), "That is log base 10; the cross-entropy uses the natural logarithm."),
    (lambda n: 1 / n, "That is the probability a uniform guess gives each class; the loss is minus "
                      "the logarithm of the probability of the true class."),
    (lambda n: -np.log(n), "The sign is flipped: a loss is -ln(probability), which is >= 0."),
    (lambda n: 1 - 1 / n, "That is the error rate of a uniform guess, not its cross-entropy."),
)


def _chance_case(label: str, n, hidden: bool = False) -> Case:
    return Case(label, (n,), judge=with_lookalikes(_CHANCE_SLIPS), hidden=hidden,
                hint="An untrained network gives each of the C classes probability about 1/C, "
                     "whatever the true class is; the cross-entropy is -ln of the true class's "
                     "probability.")


chance_loss = FunctionCheck(
    "chance_loss", None,
    lambda: [_chance_case("chance_loss(10)", 10), _chance_case("chance_loss(2)", 2)])


# ---- 6. initial_loss(params, x, t) --------------------------------------------------------------

# Computed by the answer key: the right loss, changed.
_INITIAL_SLIPS = (
    (KeyedSlip(__name__, "initial_loss.bits"),
     "That is the loss in bits (log base 2); use the natural logarithm, np.log."),
    (KeyedSlip(__name__, "initial_loss.batch_sum"),
     "That is the sum over the batch; the loss is the mean over the images."),
    (KeyedSlip(__name__, "initial_loss.per_class"),
     "That is divided by the number of classes too: average over the images only."),
    (KeyedSlip(__name__, "initial_loss.relu_last"),
     "That matches ReLU applied after the last layer too; the scores feed softmax as they are."),
    (KeyedSlip(__name__, "initial_loss.guarded"),
     "That matches -log(p + 1e-7): the guard caps each image's loss at 16.1 and hides how wrong "
     "a confident network is, which is what this number is for; take the log of softmax as "
     "scores minus their log-sum-exp."),
)


def _initial_case(label: str, sizes, seed: int, n: int, scale: float = 1.0, zero_last=False,
                  dtype=np.float64, hidden: bool = False) -> Case:
    """A He network (weights times `scale`; last layer zero if asked) on n digits in [0, 1]."""
    params = he_params(sizes, seed, dtype)
    last = len(sizes) - 1
    params = {k: (v * dtype(scale)).astype(dtype) if k.startswith("W") else v
              for k, v in params.items()}
    if zero_last:
        params[f"W{last}"][:] = 0
    x = _digit_inputs(sizes[0], n, seed, dtype)
    t = np.random.default_rng(seed + 7).integers(0, sizes[-1], n)
    return Case(label, (params, x, t), judge=with_lookalikes(_INITIAL_SLIPS), hidden=hidden,
                rtol=1e-4 if dtype == np.float32 else 1e-6,
                hint="Scores: Affine then ReLU for every layer but the last. Then the mean over "
                     "the images of -log(softmax(scores)[true class]), computed stably (subtract "
                     "each row's largest score before exp).")


def _digit_inputs(d: int, n: int, seed: int, dtype) -> np.ndarray:
    """n images with d pixels in [0, 1]: digits scaled by 16 when d = 64, else uniform noise."""
    if d == 64:
        (x_train, _), _ = _digits()
        pick = np.random.default_rng(seed).choice(len(x_train), n, replace=False)
        return (x_train[pick] / 16).astype(dtype)
    return np.random.default_rng(seed).uniform(0, 1, (n, d)).astype(dtype)


initial_loss = FunctionCheck(
    "initial_loss", None,
    lambda: [_initial_case("initial_loss(params, x, t) for a 64-100-10 He network on 10 digits",
                           [64, 100, 10], 0, 10),
             _initial_case("initial_loss(params, x, t) for a 64-50-10 network whose last layer is "
                           "all zeros (every score 0, so the loss is ln 10)", [64, 50, 10], 1, 8,
                           zero_last=True),
             _initial_case("initial_loss(params, x, t) for a 64-100-10 network with weights 30 "
                           "times He's (scores in the hundreds)", [64, 100, 10], 6, 10,
                           scale=30.0)])


# ---- 7. overfit_tiny_batch(x, t, seed) ----------------------------------------------------------

OVERFIT_LOSS = 0.1   # "close to 0": the notebook states it


def _overfit_case(label: str, n: int, seed: int, shuffled: bool = False, classes: int = 10,
                  dtype=np.float64, hidden: bool = False) -> Case:
    """n digits in [0, 1] (of `classes` digits only), with true or shuffled labels."""
    (x_train, t_train), _ = _digits()
    rng = np.random.default_rng(seed)
    pick = rng.choice(np.flatnonzero(t_train < classes), n, replace=False)
    t = rng.permutation(t_train[pick]) if shuffled else t_train[pick]
    return Case(label, ((x_train[pick] / 16).astype(dtype), t, seed), judge=_judge_overfit,
                hidden=hidden,
                hint="Switch off everything that fights memorising (weight decay, dropout), train "
                     "on the whole tiny batch at once, and take enough steps with a learning rate "
                     "that moves (1e-2 for Adam): the loss goes close to 0.")


def _judge_overfit(case: Case, record, expected) -> Optional[str]:
    x, t = case.args[:2]
    problem = _network_problem(case, record.output, x.shape[1])
    if problem:
        return problem
    params = {k: as_numeric(v) for k, v in record.output.items()}
    if params[f"W{len(params) // 2}"].shape[1] <= int(np.max(t)):
        return f"{subject(case)} returned a network with fewer outputs than there are classes."
    loss, labels = loss_and_labels(params, x, t)
    right = int(np.sum(labels == t))
    if right < len(t) or not loss < OVERFIT_LOSS:
        return (f"{subject(case)} returned a network that gets {right} of the {len(t)} images "
                f"right with a loss of {_fmt(loss)} on them; a network and a training loop that "
                f"work reach {len(t)} of {len(t)} and a loss below {OVERFIT_LOSS} on so few "
                "images. If they cannot, look for the bug before training for real.")
    return None


overfit_tiny_batch = FunctionCheck(
    "overfit_tiny_batch", None,
    lambda: [_overfit_case("overfit_tiny_batch(x, t, seed=0) on 20 training digits", 20, 0)],
    dependencies=PIPELINE)


# ---- 8. fit(x, t, seed): the student's own network, judged in tiers ------------------------------
# The check trains the student's fit itself, on digits whose labels it renames, and scores the
# held-out images it loads itself: a model can only pass by learning from the labels it is given,
# so neither the test labels of the notebook nor a model trained before count.

TIERS = (0.90, 0.94, 0.96)
_SPLIT_SEED = 0   # the notebook's split
_FITTED: dict = {}   # (code, case) -> (what the code saw, outcome): one training for all tiers


def renaming(multiplier: int, offset: int) -> np.ndarray:
    """new[d] = (multiplier * d + offset) mod 10: a bijection of the digits when the multiplier
    is odd and not 5, with no digit kept when the offset is odd."""
    return (multiplier * np.arange(10) + offset) % 10


def _drive_fit(fn: Callable, split_seed: int, rename, seed: int) -> Any:
    """fit(x_train, renamed labels, seed) -> score; the scores score(x_test) of the held-out
    images, or {"returned": type name} when fit did not return a function. Computed once per
    function and case (the tiers share it): a repeat replays the warnings and the error."""
    key = (fn.__code__, split_seed, tuple(int(r) for r in rename), seed)
    seen = _what_code_sees(fn)
    hit = _FITTED.get(key)
    if hit is None or len(hit[0]) != len(seen) or any(a is not b for a, b in zip(hit[0], seen)):
        hit = _FITTED[key] = (seen, _outcome(lambda: _fit_and_score(fn, split_seed, rename, seed)))
    output, error, caught = hit[1]
    for message in caught:
        _warn(message)
    if error is not None:
        raise error
    return copy.deepcopy(output)


def _what_code_sees(fn: Callable) -> list:
    """The objects `fn`'s result depends on besides its code: defaults, closure, used globals."""
    names = sorted(_names_used(fn.__code__) & set(fn.__globals__))
    cells = [cell.cell_contents for cell in fn.__closure__ or () if _filled(cell)]
    return [fn.__defaults__, fn.__kwdefaults__, *cells, *(fn.__globals__[n] for n in names)]


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:
        return False
    return True


def _outcome(compute: Callable) -> tuple:
    """(result, exception or None, warnings emitted) of compute()."""
    with _catch_warnings(record=True) as caught:
        _simplefilter("always")
        try:
            return compute(), None, [w.message for w in caught]
        except Exception as exc:  # replayed to the recorder, which reports it
            return None, exc, [w.message for w in caught]


def _fit_and_score(fn: Callable, split_seed: int, rename, seed: int) -> Any:
    (x_train, t_train), (x_test, _) = _digits(seed=split_seed)
    score = fn(x_train, np.asarray(rename)[t_train], seed=seed)
    if not callable(score):
        return {"returned": type(score).__name__}
    return score(x_test)


def fit_cases(threshold: float, split_seed: int, multiplier: int, offset: int,
              hidden_label: Optional[str] = None) -> list:
    """The tier's case on split `split_seed` of the digits, renamed (multiplier d + offset) mod
    10; hidden, under `hidden_label`, if one is given."""
    rename = renaming(multiplier, offset)
    (_, t_train), (_, t_test) = _digits(seed=split_seed)
    label = hidden_label or (
        f"fit(x_train, t, seed=0) on the {len(t_train)} training digits with every digit "
        f"d renamed ({multiplier}d + {offset}) mod 10, then score(x_test) on the "
        f"{len(t_test)} held-out digits")
    return [Case(label, (split_seed, rename, 0), expected=rename[t_test],
                 hidden=hidden_label is not None,
                 judge=partial(_judge_tier, threshold),
                 hint="Tune on a validation split of x_train: the width and depth of the "
                      "network, the learning rate and epochs, batch normalisation, dropout or "
                      "weight decay, and standardised inputs.")]


def _judge_tier(threshold: float, case: Case, record, expected) -> Optional[str]:
    output, t = record.output, np.asarray(expected)
    if isinstance(output, dict) and set(output) == {"returned"}:
        return (f"{subject(case)}: fit returned a {output['returned']}; expected a function "
                "score(images) -> scores (N, 10) of the trained network.")
    scores = as_numeric(output)
    if scores is None or scores.shape != (len(t), 10):
        shape = "None (did score forget `return`?)" if output is None else (
            f"a {type(output).__name__}" if scores is None else f"an array of shape {scores.shape}")
        return (f"{subject(case)}: score(x_test) returned {shape}; expected the scores of the "
                f"{len(t)} images, shape ({len(t)}, 10), one column per class.")
    if not np.all(np.isfinite(scores)):
        return f"{subject(case)}: score(x_test) returned nan or inf scores."
    accuracy = float(np.mean(np.argmax(scores, axis=1) == t))
    if accuracy < threshold:
        return (f"{subject(case)}: the network labelled {accuracy:.1%} of the held-out digits "
                f"correctly; this tier asks for {threshold:.0%}.")
    return None


def _tier_check(threshold: float) -> DrivenCheck:
    return DrivenCheck(f"fit_{round(threshold * 100)}", reference=None,
                       visible=partial(fit_cases, threshold, _SPLIT_SEED, 3, 1),
                       dependencies=PIPELINE, driver=_drive_fit)


fit_90, fit_94, fit_96 = (_tier_check(threshold) for threshold in TIERS)


# ---- 9. confusion_matrix(t, y, n_classes) -------------------------------------------------------

def _row_fractions(counts: np.ndarray) -> np.ndarray:
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)


# Wrong answers as functions of the right matrix (counts), with what each means.
_CONFUSION_SLIPS = (
    (np.transpose, "Your matrix is the transpose of the right one: row i must hold the images "
                   "whose TRUE label is i (t), column j those PREDICTED as j (y)."),
    (_row_fractions, "Those are fractions of each row; the notebook asks for counts (normalise "
                     "only when you plot)."),
    (lambda counts: np.diag(np.diag(counts)),
     "Only the diagonal (the right answers) is filled; the mistakes go off the diagonal."),
)


def _judge_confusion(case: Case, record, expected) -> Optional[str]:
    got = as_numeric(record.output)
    if got is not None and got.shape != expected.shape:
        return (f"{subject(case)} returned an array of shape {got.shape}; expected "
                f"{expected.shape}, one row and one column per class, also for classes that "
                "never appear in t or y.")
    counts = np.asarray(expected, dtype=float)
    slips = [(lambda *args, wrong=wrong: wrong(counts), text) for wrong, text in _CONFUSION_SLIPS]
    return with_lookalikes(slips)(case, record, expected)


def _confusion_case(label: str, t, y, *n_classes, hidden: bool = False) -> Case:
    return Case(label, (np.asarray(t), np.asarray(y), *n_classes), judge=_judge_confusion,
                hidden=hidden, hint="Start from a (C, C) array of zeros and add 1 at [t[k], y[k]] "
                                    "for every image k: rows are the true labels.")


def _predictions(n: int, classes: int, right: float, seed: int, dtype=np.int64) -> tuple:
    """(t, y): n labels and predictions of which about a fraction `right` agree."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, classes, n)
    y = np.where(rng.random(n) < right, t, rng.integers(0, classes, n))
    return t.astype(dtype), y.astype(dtype)


def _confusion_visible() -> list:
    return [_confusion_case("confusion_matrix(t, y, 3) with t = [0, 0, 1, 2, 2, 2] and "
                            "y = [0, 1, 1, 2, 0, 2]", [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3),
            _confusion_case("confusion_matrix(t, y) for 200 digits, 10 classes",
                            *_predictions(200, 10, 0.8, 0))]


confusion_matrix = FunctionCheck("confusion_matrix", None, _confusion_visible)

register(globals())
