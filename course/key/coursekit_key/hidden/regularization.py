"""Hidden cases of coursekit.checks.regularization (see coursekit.checks.hidden)."""
import numpy as np

from coursekit.checks.regularization import (
    _SEED,
    _dropout_case,
    _grads_case,
    _loss_case,
    _nonzero,
    _params,
    _search_case,
)


def _loss_hidden():
    rng = np.random.default_rng(_SEED + 1)
    return [
        _loss_case("a 64 -> 50 -> 50 -> 10 network, lam = 1e-3", _params(rng, (64, 50, 50, 10)),
                   1e-3, hidden=True),
        _loss_case("params with gamma and beta of batch normalisation",
                   _params(rng, (5, 4, 3, 2), batchnorm=True), 0.5, hidden=True),
        _loss_case("float32 params", _params(rng, (6, 4, 3), np.float32), 0.2, hidden=True,
                   float32=True),
        _loss_case("a single layer with large weights", {"W1": 100 * rng.standard_normal((3, 3)),
                                                          "b1": np.zeros(3)}, 2.0, hidden=True),
    ]


def _grads_hidden():
    rng = np.random.default_rng(_SEED + 2)

    def pair(sizes, dtype=np.float64, batchnorm=False):
        params = _params(rng, sizes, dtype, batchnorm)
        return {k: rng.standard_normal(v.shape).astype(dtype) for k, v in params.items()}, params

    return [
        _grads_case("a 64 -> 50 -> 10 network, lam = 1e-3", *pair((64, 50, 10)), 1e-3,
                    hidden=True),
        _grads_case("params with gamma and beta of batch normalisation",
                    *pair((5, 4, 3, 2), batchnorm=True), 0.5, hidden=True),
        _grads_case("float32 grads and params", *pair((6, 4, 3), np.float32), 0.2, hidden=True,
                    float32=True),
    ]


def _dropout_hidden():
    rng = np.random.default_rng(_SEED + 4)
    return [
        _dropout_case("ratio 0.8 on x of shape (100, 200)", 0.8, 11, _nonzero(rng, (100, 200)),
                      rng.standard_normal((100, 200)), hidden=True),
        _dropout_case("ratio 0.1, float32 x of shape (50, 300)", 0.1, 12,
                      _nonzero(rng, (50, 300), np.float32),
                      rng.standard_normal((50, 300)).astype(np.float32), hidden=True,
                      float32=True),
        _dropout_case("ratio 0.5 on x of shape (10, 20, 30)", 0.5, 13, _nonzero(rng, (10, 20, 30)),
                      rng.standard_normal((10, 20, 30)), hidden=True),
        _dropout_case("ratio 0.0 (nothing dropped)", 0.0, 14, _nonzero(rng, (20, 30)),
                      rng.standard_normal((20, 30)), hidden=True),
    ]


def _search_hidden():
    return [
        _search_case("three hyper-parameters, ranges not whole powers of 10, 5000 trials",
                     {"lr": (0.003, 0.7), "weight_decay": (2e-7, 5e-3), "dropout": (0.05, 0.5)},
                     5000, (31,), hidden=True),
        _search_case("one trial", {"lr": (1e-5, 1e-2)}, 1, (32,), hidden=True),
        _search_case("a narrow range, (0.5, 2.0), 3000 trials", {"lr": (0.5, 2.0)}, 3000, (33,),
                     hidden=True),
        _search_case("the same seed twice, then another", {"a": (1e-3, 1e3), "b": (1.0, 10.0)},
                     200, (34, 34, 35), hidden=True),
    ]


CASES = {
    "weight_decay_loss": _loss_hidden,
    "weight_decay_grads": _grads_hidden,
    "Dropout": _dropout_hidden,
    "random_search": _search_hidden,
}
