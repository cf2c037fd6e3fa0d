"""Tests for coursekit.losses and the answer key's losses built on it (mean squared error, binary
cross-entropy): hand-computed values, label formats, batches, extremes, errors."""

import math

import numpy as np
import pytest

from coursekit.functions import sigmoid, softmax
from coursekit.losses import (
    cross_entropy_of_log_probs, log_softmax_and_targets, n_samples, probability_floor,
    sigmoid_binary_cross_entropy)
from coursekit_key.answers.losses import (
    binary_cross_entropy, cross_entropy_error, mean_squared_error, softmax_cross_entropy)

pytestmark = pytest.mark.filterwarnings("error")

# The book's example prediction: 10 classes, most mass on class 2.
Y_GOOD = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
# The same values with most mass on class 7.
Y_BAD = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
FLOATS = (np.float32, np.float64)
CLASS_LOSSES = [mean_squared_error, cross_entropy_error, softmax_cross_entropy]


def one_hot(labels, n_classes):
    return np.eye(n_classes)[labels]


def test_cross_entropy_of_the_worked_example():
    assert cross_entropy_error(Y_GOOD, 2) == pytest.approx(-math.log(0.6), rel=1e-15)
    assert cross_entropy_error(Y_GOOD, 2) == pytest.approx(0.5108256237659907, rel=1e-15)
    assert cross_entropy_error(Y_BAD, 2) == pytest.approx(-math.log(0.1), rel=1e-15)
    assert cross_entropy_error(Y_GOOD, one_hot(2, 10)) == cross_entropy_error(Y_GOOD, 2)


def test_mean_squared_error_is_the_mean_not_the_books_half_sum():
    # The book gets 0.5 * sum = 0.0975 and 0.5975; the mean over 10 elements is 2/10 of that.
    assert mean_squared_error(Y_GOOD, one_hot(2, 10)) == pytest.approx(0.0975 * 2 / 10, rel=1e-12)
    assert mean_squared_error(Y_BAD, 2) == pytest.approx(0.5975 * 2 / 10, rel=1e-12)


def test_mean_squared_error_averages_over_every_element_of_a_batch():
    y = np.array([[1.0, 2.0], [3.0, 5.0]])
    t = np.array([[0.0, 2.0], [1.0, 1.0]])
    assert mean_squared_error(y, t) == (1 + 0 + 4 + 16) / 4


def test_binary_cross_entropy_hand_computed():
    expected = -(math.log(0.9) + math.log(1 - 0.2) + math.log(0.7)) / 3
    assert binary_cross_entropy([0.9, 0.2, 0.7], [1, 0, 1]) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("loss", CLASS_LOSSES, ids=lambda f: f.__name__)
def test_one_hot_and_integer_labels_agree(loss):
    y = softmax(np.random.default_rng(0).normal(size=(6, 4)))
    labels = np.array([0, 3, 1, 1, 2, 0])
    assert loss(y, labels) == pytest.approx(loss(y, one_hot(labels, 4)), rel=1e-14)


@pytest.mark.parametrize("loss", CLASS_LOSSES, ids=lambda f: f.__name__)
def test_single_sample_is_a_batch_of_one_and_batches_average(loss):
    y = softmax(np.random.default_rng(1).normal(size=(3, 5)))
    labels = np.array([4, 0, 2])
    singles = [loss(y[i], labels[i]) for i in range(3)]
    assert loss(y[:1], labels[:1]) == pytest.approx(singles[0], rel=1e-14)
    assert loss(y, labels) == pytest.approx(np.mean(singles), rel=1e-14)


def test_cross_entropy_over_extra_leading_axes_averages_every_position():
    y = softmax(np.random.default_rng(2).normal(size=(2, 3, 4)))
    labels = np.array([[0, 1, 2], [3, 2, 1]])
    flat = cross_entropy_error(y.reshape(6, 4), labels.reshape(6))
    assert cross_entropy_error(y, labels) == pytest.approx(flat, rel=1e-14)


@pytest.mark.parametrize("dtype", FLOATS)
def test_zero_probability_costs_minus_log_of_the_floor(dtype):
    y = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=dtype)
    loss = cross_entropy_error(y, [0, 0])
    assert loss.dtype == dtype
    floor = probability_floor(dtype)
    assert loss == pytest.approx(-math.log(floor) / 2, rel=1e-6)


def test_probability_floor_values():
    assert probability_floor(np.float64) == 1e-7
    assert probability_floor(np.float32) == 2.0 ** -23
    floor16 = probability_floor(np.float16)
    assert floor16 == float(np.finfo(np.float16).eps)
    assert np.float16(1) - np.float16(floor16) < np.float16(1)  # 1 - 1e-7 would round to 1


@pytest.mark.parametrize("dtype", FLOATS)
def test_binary_cross_entropy_is_finite_at_zero_and_one(dtype):
    p = np.array([0.0, 1.0, 0.0, 1.0], dtype=dtype)
    loss = binary_cross_entropy(p, [0, 1, 1, 0])
    assert loss.dtype == dtype
    # Two perfect answers (loss ~ floor) and two certain mistakes (loss -log(floor) each).
    assert loss == pytest.approx(-math.log(probability_floor(dtype)) / 2, rel=1e-5)


def test_softmax_cross_entropy_matches_softmax_then_cross_entropy():
    z = np.random.default_rng(3).normal(scale=2, size=(8, 5))
    labels = np.array([0, 1, 2, 3, 4, 4, 2, 0])
    assert softmax_cross_entropy(z, labels) == pytest.approx(
        cross_entropy_error(softmax(z), labels), rel=1e-12)


@pytest.mark.parametrize("dtype", FLOATS)
def test_softmax_cross_entropy_is_exact_for_huge_logits(dtype):
    z = np.array([1e4, 0.0], dtype=dtype)
    assert softmax_cross_entropy(z, 1) == 1e4
    assert softmax_cross_entropy(z, 0) == 0.0
    assert softmax_cross_entropy(np.array([[-1e4, 1e4]], dtype=dtype), [[1, 0]]) == 2e4
    # The unfused route can only report the clipped value.
    assert cross_entropy_error(softmax(z), 1) == pytest.approx(-math.log(probability_floor(dtype)))


def test_sigmoid_binary_cross_entropy_matches_the_unfused_form():
    z = np.random.default_rng(4).normal(scale=3, size=(4, 3))
    t = (np.random.default_rng(5).random((4, 3)) > 0.5).astype(np.int64)
    assert sigmoid_binary_cross_entropy(z, t) == pytest.approx(
        binary_cross_entropy(sigmoid(z), t), rel=1e-12)


@pytest.mark.parametrize("dtype", FLOATS)
def test_sigmoid_binary_cross_entropy_is_exact_for_huge_logits(dtype):
    z = np.array([1e4, -1e4, 1e4, -1e4], dtype=dtype)
    assert sigmoid_binary_cross_entropy(z, [1, 0, 0, 1]) == (0 + 0 + 1e4 + 1e4) / 4
    assert sigmoid_binary_cross_entropy(np.zeros(3, dtype=dtype), [0, 1, 1]) == pytest.approx(
        math.log(2), rel=1e-6)


ALL_LOSSES = CLASS_LOSSES + [binary_cross_entropy, sigmoid_binary_cross_entropy]


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("loss", ALL_LOSSES, ids=lambda f: f.__name__)
def test_result_is_a_scalar_of_the_input_dtype_and_inputs_are_untouched(loss, dtype):
    y = np.array([[0.2, 0.8], [0.6, 0.4]], dtype=dtype)
    t = np.array([[0, 1], [1, 0]])
    y_before, t_before = y.copy(), t.copy()
    value = loss(y, t)
    assert np.ndim(value) == 0 and value.dtype == dtype
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(t, t_before)


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("loss", ALL_LOSSES, ids=lambda f: f.__name__)
def test_extreme_inputs_give_finite_losses(loss, dtype):
    y = np.array([[-1e4, 1e4, 0.0], [1000.0, -1000.0, 1.0]], dtype=dtype)
    t = np.array([[1, 0, 0], [0, 1, 0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.isfinite(loss(y, t))


def test_integer_predictions_are_computed_in_float64():
    assert mean_squared_error([1, 0], [0, 0]).dtype == np.float64


@pytest.mark.parametrize("loss", CLASS_LOSSES, ids=lambda f: f.__name__)
def test_incompatible_targets_raise_value_error_naming_shapes(loss):
    y = np.full((2, 3), 1 / 3)
    with pytest.raises(ValueError, match=r"\(3,\).*\(2, 3\)"):
        loss(y, [0, 1, 2])
    with pytest.raises(ValueError, match="0..2"):
        loss(y, [0, 3])
    with pytest.raises(ValueError, match="0..2"):
        loss(y, [-1, 0])
    with pytest.raises(TypeError, match="integers"):
        loss(y, [0.0, 1.0])
    with pytest.raises(ValueError, match="class axis"):
        loss(0.5, 0)


@pytest.mark.parametrize("loss", [binary_cross_entropy, sigmoid_binary_cross_entropy])
def test_binary_losses_need_matching_shapes(loss):
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        loss([0.1, 0.5, 0.9], [0, 1])
    with pytest.raises(ValueError, match="empty"):
        loss([], [])


def test_cross_entropy_of_log_probs_hand_computed():
    log_y = np.log(np.array([[0.5, 0.25, 0.25], [0.1, 0.2, 0.7]]))
    t = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert cross_entropy_of_log_probs(log_y, t) == pytest.approx(
        -(math.log(0.25) + math.log(0.7)) / 2, rel=1e-15)
    assert cross_entropy_of_log_probs(log_y[1], t[1]) == pytest.approx(-math.log(0.7), rel=1e-15)
    assert cross_entropy_of_log_probs(log_y.astype(np.float32), t).dtype == np.float32


def test_n_samples_counts_every_axis_but_the_last():
    assert [n_samples(np.zeros(s)) for s in [(4,), (3, 4), (2, 3, 4)]] == [1, 3, 6]


def test_log_softmax_and_targets_checks_and_names_the_caller():
    log_y, t = log_softmax_and_targets(np.array([[0.0, 0.0], [1e4, 0.0]]), [1, 0])
    np.testing.assert_allclose(log_y, [[-math.log(2), -math.log(2)], [0.0, -1e4]], rtol=1e-15)
    np.testing.assert_array_equal(t, [[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match=r"^MyLayer: t has shape \(3,\)"):
        log_softmax_and_targets(np.zeros((2, 2)), [0, 1, 1], "MyLayer")
    with pytest.raises(TypeError, match=r"^MyLayer: x must hold real numbers"):
        log_softmax_and_targets(np.array([["a"]]), [0], "MyLayer", arg="x")
    with pytest.raises(ValueError, match=r"^softmax_cross_entropy: logits must have a class axis"):
        softmax_cross_entropy(2.0, 0)
