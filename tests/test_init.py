"""Tests for coursekit.init: empirical spread on large matrices, seeds, dtypes, the registry."""

import re

import numpy as np
import pytest

from coursekit.init import (
    INITIALIZERS,
    he_normal,
    he_uniform,
    initializer,
    normal,
    xavier_normal,
    xavier_uniform,
    zeros,
)

SHAPE = (1000, 500)  # 5e5 samples: the sample std is within ~0.1 % of the true one (1 sigma)
N = SHAPE[0] * SHAPE[1]
FAN_IN, FAN_OUT = SHAPE


def assert_spread(W, std):
    """Mean 0 and standard deviation std, within 5 standard errors of each estimate."""
    assert abs(W.mean()) < 5 * std / np.sqrt(N)
    assert W.std() == pytest.approx(std, rel=5 / np.sqrt(2 * N))


@pytest.mark.parametrize("init, std", [
    (lambda **kw: normal(SHAPE, **kw), 0.01),
    (lambda **kw: normal(SHAPE, std=0.5, **kw), 0.5),
    (lambda **kw: xavier_normal(SHAPE, **kw), np.sqrt(2 / (FAN_IN + FAN_OUT))),
    (lambda **kw: he_normal(SHAPE, **kw), np.sqrt(2 / FAN_IN)),
], ids=["normal", "normal_0.5", "xavier_normal", "he_normal"])
def test_gaussian_initialisers_have_the_stated_std(init, std):
    assert_spread(init(rng=0), std)


@pytest.mark.parametrize("init, limit", [
    (xavier_uniform, np.sqrt(6 / (FAN_IN + FAN_OUT))),
    (he_uniform, np.sqrt(6 / FAN_IN)),
], ids=["xavier_uniform", "he_uniform"])
def test_uniform_initialisers_fill_plus_minus_limit(init, limit):
    W = init(SHAPE, rng=0)
    assert W.min() >= -limit and W.max() < limit
    # with 5e5 samples the extremes come within limit * 1e-4 of the ends (miss chance e^-50)
    assert W.min() < -limit * (1 - 1e-4) and W.max() > limit * (1 - 1e-4)
    assert_spread(W, limit / np.sqrt(3))  # U(-a, a) has variance a**2 / 3


def test_xavier_is_not_the_books_simplification():
    # The book's 1/sqrt(fan_in) = 0.0316 vs Glorot's sqrt(2/1500) = 0.0365 for (1000, 500).
    W = xavier_normal(SHAPE, rng=1)
    assert abs(W.std() - 1 / np.sqrt(FAN_IN)) > 0.1 * W.std()


def test_xavier_and_he_use_the_right_fans():
    # (fan_in, fan_out) = (50, 5000): swapping the axes would change both stds.
    W_he, W_xavier = he_normal((50, 5000), rng=2), xavier_normal((50, 5000), rng=2)
    assert W_he.std() == pytest.approx(np.sqrt(2 / 50), rel=0.01)
    assert W_xavier.std() == pytest.approx(np.sqrt(2 / 5050), rel=0.01)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_same_seed_same_weights_different_seed_different(name):
    init = INITIALIZERS[name]
    a, b = init((30, 20), rng=7), init((30, 20), rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    if name != "zeros":
        assert not np.array_equal(a, init((30, 20), rng=8))
        assert not np.array_equal(init((30, 20)), init((30, 20)))  # rng=None: fresh entropy


def test_a_shared_generator_advances():
    rng = np.random.default_rng(3)
    W1, W2 = he_normal((4, 4), rng=rng), he_normal((4, 4), rng=rng)
    assert not np.array_equal(W1, W2)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_respected(name, dtype):
    W = INITIALIZERS[name]((6, 4), rng=0, dtype=dtype)
    assert W.dtype == dtype and W.shape == (6, 4)


def test_float32_is_the_float64_draw_rounded():
    np.testing.assert_array_equal(
        he_normal((5, 3), rng=4, dtype=np.float32), he_normal((5, 3), rng=4).astype(np.float32))


def test_default_dtype_is_float64():
    assert he_normal((3, 2), rng=0).dtype == np.float64
    assert zeros(3).dtype == np.float64


def test_zeros_and_normal_take_any_shape():
    np.testing.assert_array_equal(zeros(4), [0.0, 0.0, 0.0, 0.0])
    assert zeros((2, 3, 4)).shape == (2, 3, 4)
    assert normal((2, 3, 4), rng=0).shape == (2, 3, 4)


@pytest.mark.parametrize("init", [xavier_normal, xavier_uniform, he_normal, he_uniform])
@pytest.mark.parametrize("shape", [(10,), (2, 3, 4), (0, 5)])
def test_fan_based_initialisers_need_a_2d_shape(init, shape):
    expected = rf"{init.__name__}.*\(fan_in, fan_out\).*{re.escape(str(shape))}"
    with pytest.raises(ValueError, match=expected):
        init(shape)


def test_bad_std_and_dtype_are_rejected():
    with pytest.raises(ValueError, match="std"):
        normal((2, 2), std=-0.1)
    with pytest.raises(TypeError, match="dtype"):
        he_normal((2, 2), dtype=np.int64)


def test_registry_names_for_network():
    assert INITIALIZERS["std"] is normal
    assert INITIALIZERS["xavier"] is xavier_normal
    assert INITIALIZERS["he"] is he_normal
    assert INITIALIZERS["xavier_uniform"] is xavier_uniform
    assert INITIALIZERS["he_uniform"] is he_uniform


def test_initializer_by_name_or_std():
    assert initializer("he") is he_normal
    assert initializer("Xavier") is xavier_normal
    np.testing.assert_array_equal(initializer("std")((3, 3), rng=5), normal((3, 3), rng=5))
    W = initializer(0.3)((3, 3), rng=5, dtype=np.float32)
    np.testing.assert_array_equal(W, normal((3, 3), std=0.3, rng=5, dtype=np.float32))
    assert_spread(initializer(2)(SHAPE, rng=0), 2.0)


@pytest.mark.parametrize("bad", ["kaiming", None, True, -0.01, float("nan")])
def test_initializer_rejects_unknown_names_and_bad_stds(bad):
    with pytest.raises(ValueError, match="initializer"):
        initializer(bad)
