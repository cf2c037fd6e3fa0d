"""Tests for day 6's answer key (coursekit_key.answers.gradient: central differences, gradient
descent, gradient checking) and coursekit.gradient's relative_error."""

import numpy as np
import pytest

from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import (
    GradientCheck, descent_path, gradient_check, numerical_diff, numerical_gradient)

pytestmark = pytest.mark.filterwarnings("error")


def sum_of_squares(x):
    return np.sum(x ** 2)


def test_numerical_diff_on_the_books_quadratic():
    def f(x):
        return 0.01 * x ** 2 + 0.1 * x
    assert numerical_diff(f, 5.0) == pytest.approx(0.2, abs=1e-10)
    assert numerical_diff(f, 10.0) == pytest.approx(0.3, abs=1e-10)


def test_central_difference_is_exact_for_a_quadratic_up_to_rounding():
    assert numerical_diff(lambda x: 3 * x ** 2, 2.0, h=1e-3) == pytest.approx(12.0, rel=1e-9)


@pytest.mark.parametrize("shape", [(), (5,), (2, 3, 4)])
def test_gradient_of_sum_of_squares_is_2x_and_x_is_unchanged(shape):
    x = np.random.default_rng(0).normal(size=shape)
    before = x.copy()
    grad = numerical_gradient(sum_of_squares, x)
    assert grad.shape == shape and grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-7, atol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_gradient_of_the_books_function_2():
    for point, expected in [((3.0, 4.0), (6.0, 8.0)), ((0.0, 2.0), (0.0, 4.0)),
                            ((3.0, 0.0), (6.0, 0.0))]:
        grad = numerical_gradient(sum_of_squares, np.array(point))
        np.testing.assert_allclose(grad, expected, atol=1e-7)


def test_f_may_ignore_its_argument_and_read_the_array_it_closes_over():
    # The book's pattern: numerical_gradient(lambda W: net.loss(x, t), net.params['W1']).
    params = {"W": np.array([[1.0, -2.0], [0.5, 3.0]])}
    before = params["W"].copy()
    grad = numerical_gradient(lambda _: np.sum(params["W"] ** 3), params["W"])
    np.testing.assert_allclose(grad, 3 * before ** 2, rtol=1e-7)
    np.testing.assert_array_equal(params["W"], before)


def test_non_contiguous_views_are_perturbed_and_restored():
    base = np.arange(12.0).reshape(3, 4)
    view = base[:, ::2]
    grad = numerical_gradient(lambda _: np.sum(base ** 2), view)
    np.testing.assert_allclose(grad, 2 * view, rtol=1e-7)
    np.testing.assert_array_equal(base, np.arange(12.0).reshape(3, 4))


def test_float32_input_gives_float64_gradient_and_exact_restore():
    x = np.array([0.5, -1.25, 2.0], dtype=np.float32)
    before = x.copy()
    grad = numerical_gradient(sum_of_squares, x)
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, 2 * before.astype(np.float64), rtol=1e-2)
    assert x.dtype == np.float32 and np.array_equal(x, before)


def test_too_small_a_step_for_float32_is_reported():
    with pytest.raises(ValueError, match="too small"):
        numerical_gradient(sum_of_squares, np.array([3000.0], dtype=np.float32))


def test_python_scalars_and_lists_are_accepted():
    assert numerical_gradient(lambda v: v ** 3, 2.0) == pytest.approx(12.0, rel=1e-7)
    np.testing.assert_allclose(numerical_gradient(sum_of_squares, [1.0, 2.0]), [2.0, 4.0])


def test_integer_arrays_are_rejected_because_they_cannot_be_perturbed():
    with pytest.raises(TypeError, match="float array"):
        numerical_gradient(sum_of_squares, np.array([1, 2]))


def test_f_must_return_a_scalar():
    with pytest.raises(TypeError, match="scalar"):
        numerical_gradient(lambda v: v * 2, np.ones(3))


def test_x_is_restored_even_when_f_raises():
    x = np.array([1.0, 2.0])

    def f(v):
        if v[1] != 2.0:
            raise RuntimeError("boom")
        return np.sum(v)
    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])


def test_gradient_descent_reaches_the_minimum_from_the_books_start():
    init = np.array([-3.0, 4.0])
    x, history = descent_path(lambda v: v[0] ** 2 + v[1] ** 2, init, lr=0.1, step_num=100)
    np.testing.assert_allclose(x, [0.0, 0.0], atol=1e-9)  # the book prints ~[-6.1e-10, 8.1e-10]
    assert history.shape == (101, 2)
    np.testing.assert_array_equal(history[0], [-3.0, 4.0])
    np.testing.assert_array_equal(history[-1], x)
    np.testing.assert_allclose(history[1], [-3.0 * 0.8, 4.0 * 0.8], rtol=1e-8)  # x - 0.1 * 2x
    np.testing.assert_array_equal(init, [-3.0, 4.0])


def test_learning_rate_too_small_barely_moves_too_large_diverges():
    def bowl(v):
        return np.sum(v ** 2)
    init = np.array([-3.0, 4.0])
    x_small, _ = descent_path(bowl, init, lr=1e-10, step_num=100)
    np.testing.assert_allclose(x_small, init, rtol=1e-7)
    x_large, _ = descent_path(bowl, init, lr=1.1, step_num=20)  # x <- -1.2 x each step
    assert np.linalg.norm(x_large) > 10 * np.linalg.norm(init)


def test_gradient_descent_keeps_shape_and_dtype():
    x, history = descent_path(sum_of_squares, np.ones((2, 2), dtype=np.float32), step_num=3)
    assert x.shape == (2, 2) and x.dtype == np.float32
    assert history.shape == (4, 2, 2)


def test_relative_error_hand_computed():
    assert relative_error([1.0, 2.0], [1.0, 2.2]) == pytest.approx(0.2 / 4.2, rel=1e-12)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error([1e-9], [0.0]) == pytest.approx(1e-9 / 1e-8)
    assert type(relative_error([1.0], [2.0])) is float
    with pytest.raises(ValueError, match=r"\(2,\) vs \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])


def cube_sum(v):
    return np.sum(v ** 3)


def test_gradient_check_passes_a_correct_gradient():
    x = np.random.default_rng(1).normal(size=(3, 4))
    before = x.copy()
    result = gradient_check(cube_sum, x, 3 * x ** 2)
    assert isinstance(result, GradientCheck)
    assert result.max_relative_error < 1e-7 and result.verdict == "good"
    np.testing.assert_array_equal(x, before)


def test_gradient_check_catches_a_wrong_gradient_and_points_at_it():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    analytic = 3 * x ** 2
    analytic[1, 0] *= 1.5  # one wrong element
    result = gradient_check(cube_sum, x, analytic)
    assert result.verdict == "wrong"
    assert result.index == (1, 0)
    assert result.numeric == pytest.approx(27.0, rel=1e-8)
    assert result.analytic == 40.5
    assert result.max_relative_error == pytest.approx(13.5 / 67.5, rel=1e-7)
    text = str(result)
    assert "(1, 0)" in text and "wrong" in text and "1e-07" in text


def test_gradient_check_flags_small_discrepancies_as_suspicious():
    x = np.array([1.0, 2.0])
    result = gradient_check(cube_sum, x, 3 * x ** 2 * (1 + 1e-4))
    assert result.verdict == "suspicious"


def test_gradient_check_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        gradient_check(cube_sum, np.ones(2), np.ones(3))


def test_gradient_descent_on_a_scalar_halves_the_distance_each_step():
    # f = (x - 1)**2 has gradient 2(x - 1); with lr = 0.25 each step halves x - 1.
    x, history = descent_path(lambda v: (v - 1) ** 2, 0.0, lr=0.25, step_num=3)
    np.testing.assert_allclose(history, [0.0, 0.5, 0.75, 0.875], rtol=1e-9)
    assert np.ndim(x) == 0
