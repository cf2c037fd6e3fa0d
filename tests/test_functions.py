"""Tests for coursekit.functions: closed forms, derivatives, extreme inputs, dtypes and shapes."""

import math

import numpy as np
import pytest

from coursekit.functions import (
    ACTIVATIONS, as_float_array, identity, identity_grad, leaky_relu, leaky_relu_grad,
    log_softmax, relu, relu_grad, sigmoid, sigmoid_grad, softmax, step, step_grad, tanh,
    tanh_grad)
from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import numerical_gradient

pytestmark = pytest.mark.filterwarnings("error")

FLOATS = (np.float32, np.float64)
EXTREMES = [-1e4, -1000.0, -40.0, -1.0, 0.0, 1.0, 40.0, 1000.0, 1e4]
ALL_FUNCTIONS = [f for pair in ACTIVATIONS.values() for f in pair] + [softmax, log_softmax]


def test_step_is_one_only_for_positive_input():
    assert step(0.0) == 0
    assert step(-0.0) == 0
    np.testing.assert_array_equal(step([-2.0, -1e-12, 0.0, 1e-12, 3.0]), [0, 0, 0, 1, 1])


def test_step_grad_is_zero_everywhere_including_zero():
    np.testing.assert_array_equal(step_grad([-5.0, 0.0, 5.0]), [0.0, 0.0, 0.0])


def test_identity_returns_a_copy_of_its_input():
    x = np.array([1.0, -2.0])
    y = identity(x)
    y[0] = 99.0
    np.testing.assert_array_equal(x, [1.0, -2.0])
    np.testing.assert_array_equal(identity_grad(x), [1.0, 1.0])


def test_sigmoid_closed_forms():
    assert sigmoid(0.0) == 0.5
    assert sigmoid(1.0) == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-15)
    assert sigmoid(-2.0) == pytest.approx(1 - 1 / (1 + math.exp(-2)), rel=1e-15)


def test_sigmoid_reproduces_the_worked_forward_pass():
    # SEEDS.md: Z1 = sigmoid(A1) and Z2 = sigmoid(A2) of the 3-layer example.
    np.testing.assert_allclose(sigmoid([0.3, 0.7, 1.1]), [0.57444252, 0.66818777, 0.75026011],
                               atol=5e-9)
    np.testing.assert_allclose(sigmoid([0.51615984, 1.21402696]), [0.62624937, 0.7710107],
                               atol=5e-9)


def test_tanh_matches_numpy():
    x = np.linspace(-5, 5, 41)
    np.testing.assert_array_equal(tanh(x), np.tanh(x))


def test_relu_and_leaky_relu_on_known_points():
    x = [-3.0, -0.5, 0.0, 0.5, 3.0]
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(leaky_relu(x), [-0.03, -0.005, 0.0, 0.5, 3.0], rtol=1e-15)
    np.testing.assert_allclose(leaky_relu(x, alpha=0.2), [-0.6, -0.1, 0.0, 0.5, 3.0], rtol=1e-15)


def test_relu_and_leaky_grads_use_the_value_at_zero_conventions():
    x = [-1.0, 0.0, 1.0]
    np.testing.assert_array_equal(relu_grad(x), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(leaky_relu_grad(x, alpha=0.1), [0.1, 0.1, 1.0])


def test_sigmoid_grad_peaks_at_one_quarter_at_zero():
    x = np.linspace(-6, 6, 1201)
    g = sigmoid_grad(x)
    assert sigmoid_grad(0.0) == 0.25
    assert g.max() == 0.25 and x[np.argmax(g)] == 0.0
    s = sigmoid(x)
    np.testing.assert_allclose(g, s * (1 - s), rtol=1e-12, atol=1e-17)


def test_tanh_grad_matches_one_minus_tanh_squared_and_stays_positive():
    x = np.linspace(-5, 5, 101)
    np.testing.assert_allclose(tanh_grad(x), 1 - np.tanh(x) ** 2, rtol=1e-10, atol=1e-16)
    assert tanh_grad(0.0) == 1.0
    # 1 - tanh(x)**2 already rounds to 0 here; the true derivative 4 exp(-2|x|) does not.
    assert 1 - np.tanh(25.0) ** 2 == 0.0
    assert tanh_grad(25.0) == pytest.approx(4 * math.exp(-50), rel=1e-12)
    assert tanh_grad(-25.0) == tanh_grad(25.0) > 0


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "step"])
def test_derivatives_match_numerical_gradient(name):
    f, f_grad = ACTIVATIONS[name]
    # Points away from the kink at 0, where step and ReLU have no derivative.
    x = np.array([[-3.1, -1.2, -0.4], [0.3, 1.7, 4.2]])
    numeric = numerical_gradient(lambda v: np.sum(f(v)), x.copy(), h=1e-5)
    assert relative_error(numeric, f_grad(x)) < 1e-7


def test_leaky_relu_grad_with_custom_alpha_matches_numerical_gradient():
    x = np.array([-2.0, -0.3, 0.4, 2.5])
    numeric = numerical_gradient(lambda v: np.sum(leaky_relu(v, alpha=0.3)), x.copy(), h=1e-5)
    assert relative_error(numeric, leaky_relu_grad(x, alpha=0.3)) < 1e-7


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_extreme_inputs_are_finite_silent_and_keep_dtype(func, dtype):
    x = np.array(EXTREMES, dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = func(x)
    assert y.dtype == dtype
    assert y.shape == x.shape
    assert np.all(np.isfinite(y))


@pytest.mark.parametrize("dtype", FLOATS)
def test_limits_for_extreme_inputs(dtype):
    x = np.array([-1e4, -1000.0, 1000.0, 1e4], dtype=dtype)
    np.testing.assert_array_equal(sigmoid(x), [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_array_equal(tanh(x), [-1.0, -1.0, 1.0, 1.0])
    np.testing.assert_array_equal(sigmoid_grad(x), [0.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(relu(x), [0.0, 0.0, 1000.0, 1e4])
    np.testing.assert_array_equal(softmax(np.array([1e4, 0.0], dtype=dtype)), [1.0, 0.0])
    np.testing.assert_array_equal(softmax(np.array([1e4, 1e4], dtype=dtype)), [0.5, 0.5])
    np.testing.assert_array_equal(log_softmax(np.array([1e4, 0.0], dtype=dtype)), [0.0, -1e4])


def test_sigmoid_of_large_negative_input_is_tiny_but_exact_where_representable():
    assert sigmoid(-30.0) == pytest.approx(math.exp(-30) / (1 + math.exp(-30)), rel=1e-14)
    assert 0.0 < sigmoid(-700.0) < 1e-300


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_shape_is_preserved_and_input_untouched(func):
    x = np.random.default_rng(0).normal(size=(2, 3, 4))
    before = x.copy()
    assert func(x).shape == (2, 3, 4)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("pair", ACTIVATIONS.values(), ids=list(ACTIVATIONS))
def test_scalars_lists_and_ints_become_float64(pair):
    for f in pair:
        assert np.ndim(f(2)) == 0 and np.asarray(f(2)).dtype == np.float64
        assert np.asarray(f([1, -1])).dtype == np.float64
        assert f(np.float32(2.0)).dtype == np.float32


def test_as_float_array_keeps_floats_and_rejects_non_numbers():
    x = np.ones(3, dtype=np.float32)
    assert as_float_array(x) is x
    assert as_float_array([True, False]).dtype == np.float64
    assert as_float_array(np.arange(3, dtype=np.uint8)).dtype == np.float64
    with pytest.raises(TypeError, match=r"sigmoid: x must hold real numbers.*<U1.*\(2,\)"):
        sigmoid(np.array(["a", "b"]))
    with pytest.raises(TypeError, match=r"^x must hold real numbers.*complex128"):
        as_float_array([1j])


@pytest.mark.parametrize("func", ALL_FUNCTIONS, ids=lambda f: f.__name__)
def test_type_errors_name_the_function(func):
    with pytest.raises(TypeError, match=rf"^{func.__name__}: x must hold real numbers.*object"):
        func(np.array([None, None]))


def test_softmax_over_last_axis_of_a_batch():
    x = np.random.default_rng(1).normal(scale=3, size=(2, 3, 4))
    y = softmax(x)
    np.testing.assert_allclose(y.sum(axis=-1), np.ones((2, 3)), rtol=1e-15)
    row = np.exp(x[1, 2]) / np.exp(x[1, 2]).sum()
    np.testing.assert_allclose(y[1, 2], row, rtol=1e-14)
    np.testing.assert_allclose(softmax(x + 500.0), y, rtol=1e-12)


def test_softmax_of_a_single_vector_closed_form():
    y = softmax([0.3, 2.9, 4.0])  # the book's example
    np.testing.assert_allclose(y, [0.01821127, 0.24519181, 0.73659691], atol=5e-9)
    assert y.sum() == pytest.approx(1.0, abs=1e-15)


def test_log_softmax_equals_log_of_softmax_for_moderate_input():
    x = np.random.default_rng(2).normal(size=(5, 7))
    np.testing.assert_allclose(log_softmax(x), np.log(softmax(x)), rtol=1e-13)


@pytest.mark.parametrize("func", [softmax, log_softmax])
def test_softmax_needs_a_class_axis(func):
    with pytest.raises(ValueError, match="at least 1 axis"):
        func(3.0)
    with pytest.raises(ValueError, match=rf"{func.__name__}: x has no classes.*\(2, 0\)"):
        func(np.zeros((2, 0)))
