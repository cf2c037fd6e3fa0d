"""Hidden cases of coursekit.checks.capstone (see coursekit.checks.hidden)."""
from functools import partial

import numpy as np

from coursekit.checks.capstone import (
    TIERS,
    _build_case,
    _chance_case,
    _confusion_case,
    _digits,
    _initial_case,
    _overfit_case,
    _predict_case,
    _predictions,
    _preprocess_case,
    _train_case,
    fit_cases,
)

_FIT_SPLIT_SEED = 7   # a split of the digits about as hard as the notebook's (seed 0)


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
        _preprocess_case("new images with ink in a pixel that is 0 in every training image",
                         x_train, _inked_corner(x_test[:10]), 3, hidden=True),
    ]


def _inked_corner(images: np.ndarray) -> np.ndarray:
    """The images with 4 units of ink in pixel 0, a corner no training digit touches."""
    inked = images.copy()
    inked[:, 0] = 4.0
    return inked


def _build_hidden() -> list:
    return [_build_case([500, 400, 300, 100], 123, hidden=True),
            _build_case((784, 50, 10), 7, hidden=True),
            _build_case([64, 1000, 10], 2, hidden=True)]


def _predict_hidden() -> list:
    return [_predict_case("a single image", [64, 50, 10], 2, 1, hidden=True),
            _predict_case("a 4-layer network with negative scores", [20, 16, 16, 16, 5], 3, 40,
                          shift=-30.0, hidden=True),
            _predict_case("a float32 network and batch", [64, 100, 10], 4, 50, dtype=np.float32,
                          hidden=True),
            _predict_case("a 1-layer network (W1 and b1 only)", [10, 3], 5, 12, hidden=True)]


def _train_hidden() -> list:
    return [_train_case("a 5-20-20-4 network, 250 points, batches that do not divide them",
                        [5, 20, 20, 4], 62, 15, 64, 0.01, 1, hidden=True),
            _train_case("float32 data and parameters", [3, 12, 3], 80, 20, 20, 0.01, 2,
                        dtype=np.float32, hidden=True),
            _train_case("a single epoch of full-batch steps", [2, 16, 3], 50, 1, 1000, 0.05, 3,
                        hidden=True)]


def _chance_hidden() -> list:
    return [_chance_case("three classes", 3, hidden=True),
            _chance_case("a single class", 1, hidden=True),
            _chance_case("1000 classes, given as np.int64", np.int64(1000), hidden=True)]


def _initial_hidden() -> list:
    return [_initial_case("a 4-layer network", [64, 40, 30, 20, 10], 2, 30, hidden=True),
            _initial_case("float32 parameters and images", [64, 100, 10], 3, 25,
                          dtype=np.float32, hidden=True),
            _initial_case("scores in the thousands", [64, 100, 10], 4, 20, scale=60.0,
                          hidden=True),
            _initial_case("a single image and 3 classes", [20, 16, 3], 5, 1, hidden=True)]


def _overfit_hidden() -> list:
    return [_overfit_case("20 digits with their labels shuffled", 20, 1, shuffled=True,
                          hidden=True),
            _overfit_case("10 float32 digits", 10, 2, dtype=np.float32, hidden=True),
            _overfit_case("20 digits of the classes 0, 1 and 2 only", 20, 3, classes=3,
                          hidden=True)]


def _confusion_hidden() -> list:
    t, y = _predictions(40, 5, 0.7, 1)
    return [_confusion_case("a class that never appears", np.where(t == 3, 4, t),
                            np.where(y == 3, 4, y), 5, hidden=True),
            _confusion_case("a single image", [2], [7], 10, hidden=True),
            _confusion_case("int32 labels, 1000 images", *_predictions(1000, 10, 0.9, 2, np.int32),
                            hidden=True),
            _confusion_case("a class that is never predicted", [0, 1, 1, 2, 2], [0, 0, 1, 1, 1], 3,
                            hidden=True)]


CASES = {
    "preprocess": _preprocess_hidden,
    "build_network": _build_hidden,
    "predict": _predict_hidden,
    "train": _train_hidden,
    "chance_loss": _chance_hidden,
    "initial_loss": _initial_hidden,
    "overfit_tiny_batch": _overfit_hidden,
    "confusion_matrix": _confusion_hidden,
    **{f"fit_{round(threshold * 100)}":
       partial(fit_cases, threshold, _FIT_SPLIT_SEED, 7, 5,
               "another split of the digits, renamed another way") for threshold in TIERS},
}
