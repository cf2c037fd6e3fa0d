"""Tests for coursekit.layers and the answer key's layers (day 8's, BatchNormalization, Dropout):
worked numbers, gradient checks, aliasing, dtypes and modes."""

import re

import numpy as np
import pytest

from coursekit.functions import sigmoid, softmax
from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import numerical_gradient
from coursekit.layers import LeakyRelu, SigmoidWithLoss, Tanh
from coursekit.losses import sigmoid_binary_cross_entropy
from coursekit_key.answers.graph import AddLayer, MulLayer
from coursekit_key.answers.layers import Affine, Relu, Sigmoid, SoftmaxWithLoss
from coursekit_key.answers.losses import softmax_cross_entropy
from coursekit_key.answers.batchnorm import BatchNormalization
from coursekit_key.answers.regularization import Dropout

H = 1e-5  # finite-difference step: small truncation error, rounding error still ~1e-10
TOLERANCE = 1e-7


def away_from_zero(rng, shape, low=0.1):
    """Values with |x| in [low, 2), so finite differences never straddle a kink at 0."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(low, 2.0, size=shape)


# Every layer with one output array: name -> build(rng, dtype) -> (layer, forward args, params),
# params being (parameter attribute, gradient attribute) pairs.
def _affine(rng, dtype):
    W, b = rng.standard_normal((6, 4)).astype(dtype), rng.standard_normal(4).astype(dtype)
    return Affine(W, b), (rng.standard_normal((5, 2, 3)).astype(dtype),), [("W", "dW"), ("b", "db")]


def _batch_norm(rng, dtype, train_flg=True, shape=(8, 5)):
    D = int(np.prod(shape[1:]))
    gamma = rng.uniform(0.5, 2.0, D).astype(dtype)
    beta = rng.standard_normal(D).astype(dtype)
    layer = BatchNormalization(gamma, beta, running_mean=rng.standard_normal(D).astype(dtype),
                               running_var=rng.uniform(0.5, 2.0, D).astype(dtype))
    x = (3 * rng.standard_normal(shape) + 1).astype(dtype)
    return layer, (x, train_flg), [("gamma", "dgamma"), ("beta", "dbeta")]


LAYERS = {
    "relu": lambda rng, dtype: (Relu(), (away_from_zero(rng, (4, 5)).astype(dtype),), []),
    "leaky_relu": lambda rng, dtype: (
        LeakyRelu(alpha=0.1), (away_from_zero(rng, (4, 5)).astype(dtype),), []),
    "sigmoid": lambda rng, dtype: (Sigmoid(), (rng.standard_normal((4, 5)).astype(dtype),), []),
    "tanh": lambda rng, dtype: (Tanh(), (rng.standard_normal((4, 5)).astype(dtype),), []),
    "affine": _affine,
    "batch_norm_train": _batch_norm,
    "batch_norm_inference": lambda rng, dtype: _batch_norm(rng, dtype, train_flg=False),
    "batch_norm_4d": lambda rng, dtype: _batch_norm(rng, dtype, shape=(6, 2, 3, 2)),
    "softmax_with_loss_onehot": lambda rng, dtype: (
        SoftmaxWithLoss(),
        (rng.standard_normal((6, 4)).astype(dtype), np.eye(4)[rng.integers(0, 4, 6)]), []),
    "softmax_with_loss_labels": lambda rng, dtype: (
        SoftmaxWithLoss(), (rng.standard_normal((6, 4)).astype(dtype), rng.integers(0, 4, 6)), []),
    "softmax_with_loss_one_sample": lambda rng, dtype: (
        SoftmaxWithLoss(), (rng.standard_normal(4).astype(dtype), 2), []),
    "sigmoid_with_loss": lambda rng, dtype: (
        SigmoidWithLoss(),
        (rng.standard_normal((6, 3)).astype(dtype), rng.integers(0, 2, (6, 3))), []),
}


def max_gradient_errors(name, seed=0):
    """Relative errors of backward against numerical_gradient for dx and every parameter.

    The scalar checked is sum(forward(x) * dout) with a random dout, whose gradient with respect
    to x is exactly what backward(dout) returns.
    """
    rng = np.random.default_rng(seed)
    layer, args, params = LAYERS[name](rng, np.float64)
    x = args[0]
    dout = rng.standard_normal(np.shape(layer.forward(*args)))

    def f(_):
        return np.sum(layer.forward(*args) * dout)

    f(x)
    analytic = {"x": layer.backward(dout)}
    analytic.update({p: getattr(layer, g).copy() for p, g in params})
    errors = {"x": relative_error(analytic["x"], numerical_gradient(f, x, H))}
    for p, _ in params:
        errors[p] = relative_error(analytic[p], numerical_gradient(f, getattr(layer, p), H))
    return errors


@pytest.mark.parametrize("name", LAYERS)
def test_backward_matches_numerical_gradient(name):
    errors = max_gradient_errors(name)
    assert max(errors.values()) < TOLERANCE, errors


@pytest.mark.parametrize("name", LAYERS)
def test_backward_writes_into_nothing_it_was_given(name):
    # Read-only arrays make any write raise, wherever backward or forward would make it.
    rng = np.random.default_rng(1)
    layer, args, params = LAYERS[name](rng, np.float64)
    arrays = [a for a in args if isinstance(a, np.ndarray)] + [getattr(layer, p) for p, _ in params]
    before = [a.copy() for a in arrays]
    for a in arrays:
        a.flags.writeable = False
    out = layer.forward(*args)
    dout = rng.standard_normal(np.shape(out))
    dout.flags.writeable = False
    dx = layer.backward(dout)
    assert dx is not dout and not np.shares_memory(dx, dout)
    for a, b in zip(arrays, before):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", [n for n in LAYERS if "loss" not in n])
def test_backward_rejects_dout_of_the_wrong_shape(name):
    # The transposed shape has the right size, so a silent reshape would scramble the gradient.
    layer, args, _ = LAYERS[name](np.random.default_rng(9), np.float64)
    out = layer.forward(*args)
    with pytest.raises(ValueError, match=rf"dout must have the shape.*{re.escape(str(out.shape))}"):
        layer.backward(np.ones(out.shape[::-1]))


def test_relu_backward_leaves_dout_alone():
    # The book's Relu.backward did dout[mask] = 0 and so zeroed the caller's array.
    layer = Relu()
    layer.forward(np.array([[-1.0, 2.0], [3.0, -4.0]]))
    dout = np.array([[5.0, 6.0], [7.0, 8.0]])
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dx, [[0.0, 6.0], [7.0, 0.0]])
    np.testing.assert_array_equal(dout, [[5.0, 6.0], [7.0, 8.0]])


@pytest.mark.parametrize("name", LAYERS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(name, dtype):
    rng = np.random.default_rng(2)
    layer, args, params = LAYERS[name](rng, dtype)
    out = layer.forward(*args)
    dx = layer.backward(np.ones_like(out))
    assert np.asarray(out).dtype == dtype and dx.dtype == dtype
    for _, g in params:
        assert getattr(layer, g).dtype == dtype


# ---- computational-graph nodes: the shopping example -----------------------------------------

def test_shopping_example_apples():
    apple, apple_num, tax = 100, 2, 1.1
    mul_apple, mul_tax = MulLayer(), MulLayer()
    apple_price = mul_apple.forward(apple, apple_num)
    price = mul_tax.forward(apple_price, tax)
    assert price == pytest.approx(220)

    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert (dapple, dapple_num, dtax) == pytest.approx((2.2, 110, 200))


def test_shopping_example_apples_and_oranges():
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    total = add_fruit.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3))
    price = mul_tax.forward(total, 1.1)
    assert price == pytest.approx(715)

    dtotal, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add_fruit.backward(dtotal)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    assert (dapple, dapple_num, dorange, dorange_num, dtax) == pytest.approx(
        (2.2, 110, 3.3, 165, 650))


@pytest.mark.parametrize("layer_class", [AddLayer, MulLayer])
@pytest.mark.parametrize("y_shape", [(3, 4), (4,), (3, 1), ()])
def test_add_and_mul_gradients_with_broadcasting(layer_class, y_shape):
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((3, 4)), rng.standard_normal(y_shape)
    dout = rng.standard_normal((3, 4))
    layer = layer_class()

    def f(_):
        return np.sum(layer.forward(x, y) * dout)

    f(x)
    dx, dy = layer.backward(dout)
    assert np.shape(dx) == x.shape and np.shape(dy) == y.shape
    assert relative_error(dx, numerical_gradient(f, x, H)) < TOLERANCE
    assert relative_error(dy, numerical_gradient(f, y, H)) < TOLERANCE


# ---- activations ----------------------------------------------------------------------------

def test_relu_and_leaky_relu_values_and_kink():
    x = np.array([-2.0, 0.0, 3.0])
    relu, leaky = Relu(), LeakyRelu(alpha=0.1)
    np.testing.assert_array_equal(relu.forward(x), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(relu.backward(np.ones(3)), [0.0, 0.0, 1.0])  # 0 at the kink
    np.testing.assert_allclose(leaky.forward(x), [-0.2, 0.0, 3.0])
    np.testing.assert_allclose(leaky.backward(np.ones(3)), [0.1, 0.1, 1.0])
    assert LeakyRelu().alpha == 0.01


def test_sigmoid_and_tanh_extremes_stay_finite():
    x = np.array([-1e4, -30.0, 0.0, 30.0, 1e4])
    for layer, at_zero in [(Sigmoid(), 0.25), (Tanh(), 1.0)]:
        out = layer.forward(x)
        dx = layer.backward(np.ones_like(x))
        assert np.all(np.isfinite(out)) and np.all(np.isfinite(dx)) and np.all(dx >= 0)
        assert dx[2] == at_zero
    np.testing.assert_allclose(Sigmoid().forward(np.array([0.0, 1e4, -1e4])), [0.5, 1.0, 0.0])


# ---- Affine ----------------------------------------------------------------------------------

def test_affine_values_and_shapes():
    W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = np.array([0.5, -0.5])
    layer = Affine(W, b)
    x = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    np.testing.assert_allclose(layer.forward(x), [[-3.5, -4.5], [5.5, 7.5]])
    dx = layer.backward(np.array([[1.0, 0.0], [0.0, 1.0]]))
    np.testing.assert_allclose(dx, [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]])
    np.testing.assert_allclose(layer.dW, [[1.0, 2.0], [0.0, 1.0], [-1.0, 0.0]])
    np.testing.assert_allclose(layer.db, [1.0, 1.0])


def test_affine_flattens_nd_input_and_restores_dx_shape():
    rng = np.random.default_rng(4)
    layer = Affine(rng.standard_normal((12, 5)), np.zeros(5))
    x = rng.standard_normal((7, 3, 2, 2))
    out = layer.forward(x)
    np.testing.assert_allclose(out, x.reshape(7, 12) @ layer.W)
    dx = layer.backward(np.ones((7, 5)))
    assert out.shape == (7, 5) and dx.shape == x.shape
    assert layer.dW.shape == (12, 5) and layer.db.shape == (5,)


def test_affine_single_sample():
    layer = Affine(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 1.0]))
    np.testing.assert_allclose(layer.forward([1.0, 1.0]), [5.0, 7.0])
    np.testing.assert_allclose(layer.backward(np.array([1.0, 0.0])), [1.0, 3.0])
    np.testing.assert_allclose(layer.dW, [[1.0, 0.0], [1.0, 0.0]])


def test_affine_shares_parameters_with_the_caller():
    W, b = np.ones((2, 2)), np.zeros(2)
    layer = Affine(W, b)
    W *= 3  # what an optimizer does in place
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 1.0]])), [[6.0, 6.0]])


def test_affine_shape_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(3,\)"):
        Affine(np.zeros((3, 2)), np.zeros(3))
    layer = Affine(np.zeros((6, 4)), np.zeros(4))
    with pytest.raises(ValueError, match=r"\(5, 7\).*\(6, 4\)"):
        layer.forward(np.zeros((5, 7)))
    with pytest.raises(ValueError, match=r"Affine: x must be .* got a scalar.*\(6, 4\)"):
        layer.forward(1.0)


@pytest.mark.parametrize("message, call", [
    ("Relu: x", lambda: Relu().forward(["a"])),
    ("Sigmoid: x", lambda: Sigmoid().forward([None])),
    ("Affine: W", lambda: Affine([["a"]], [0.0])),
    ("Affine: x", lambda: Affine(np.ones((2, 1)), np.ones(1)).forward([[1j, 0]])),
    ("BatchNormalization: gamma", lambda: BatchNormalization(["a"], [0.0])),
    ("Dropout: x", lambda: Dropout(0.5).forward(["a"])),
    ("SigmoidWithLoss: x", lambda: SigmoidWithLoss().forward(["a"], [1])),
    ("SoftmaxWithLoss: x", lambda: SoftmaxWithLoss().forward(["a"], 0)),
])
def test_non_numbers_raise_type_errors_naming_the_layer_and_argument(message, call):
    with pytest.raises(TypeError, match=rf"^{message} must hold real numbers.*shape"):
        call()


# ---- output layers with loss -----------------------------------------------------------------

def test_softmax_with_loss_matches_closed_form():
    x = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    t = np.array([0, 2])
    layer = SoftmaxWithLoss()
    y = softmax(x)
    expected = -(np.log(y[0, 0]) + np.log(y[1, 2])) / 2
    assert layer.forward(x, t) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(layer.backward(), (y - np.eye(3)[t]) / 2, rtol=1e-12)
    np.testing.assert_allclose(layer.backward(3.0), 3 * (y - np.eye(3)[t]) / 2, rtol=1e-12)
    assert layer.forward(x, np.eye(3)[t]) == pytest.approx(expected, rel=1e-12)


def test_softmax_with_loss_huge_logits():
    layer = SoftmaxWithLoss()
    loss = layer.forward(np.array([[1e4, 0.0], [0.0, -1e4]]), np.array([1, 1]))
    assert loss == pytest.approx((1e4 + 1e4) / 2)
    np.testing.assert_allclose(layer.backward(), [[0.5, -0.5], [0.5, -0.5]])


def test_softmax_with_loss_treats_leading_axes_as_samples():
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((3, 2, 4)), rng.integers(0, 4, (3, 2))
    layer = SoftmaxWithLoss()
    assert layer.forward(x, t) == pytest.approx(softmax_cross_entropy(x, t), rel=1e-12)
    np.testing.assert_allclose(layer.backward(), (softmax(x) - np.eye(4)[t]) / 6, rtol=1e-12)


def test_softmax_with_loss_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"^SoftmaxWithLoss: t has shape \(2, 2\).*\(2, 3\)"):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"^SoftmaxWithLoss: labels must lie in 0..2"):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), [0, 3])


def test_softmax_with_loss_keeps_the_books_y_and_t():
    x, t = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]), np.array([0, 2])
    layer = SoftmaxWithLoss()
    layer.forward(x, t)
    np.testing.assert_allclose(layer.y, softmax(x), rtol=1e-14)
    np.testing.assert_array_equal(layer.t, np.eye(3)[t])


def test_sigmoid_with_loss_matches_closed_form():
    x = np.array([0.0, 2.0, -1e4, 1e4])
    t = np.array([1, 0, 0, 0])
    layer = SigmoidWithLoss()
    expected = (np.log(2) + np.log1p(np.exp(2.0)) + 0.0 + 1e4) / 4
    assert layer.forward(x, t) == pytest.approx(expected, rel=1e-12)
    assert layer.forward(x, t) == pytest.approx(sigmoid_binary_cross_entropy(x, t), rel=1e-12)
    np.testing.assert_allclose(layer.backward(), (sigmoid(x) - t) / 4, rtol=1e-12)
    np.testing.assert_allclose(layer.backward(), [-0.125, sigmoid(2.0) / 4, 0.0, 0.25])


# ---- BatchNormalization ----------------------------------------------------------------------

def test_batch_norm_training_output_has_zero_mean_unit_variance():
    rng = np.random.default_rng(6)
    x = rng.normal(loc=[5.0, -3.0, 100.0], scale=[2.0, 0.1, 30.0], size=(200, 3))
    layer = BatchNormalization(np.ones(3), np.zeros(3), eps=1e-8)
    out = layer.forward(x)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), 1.0, rtol=1e-5)


def test_batch_norm_gamma_and_beta_set_scale_and_shift():
    x = np.array([[1.0, 10.0], [3.0, 30.0]])  # per feature: mean 2, 20; variance 1, 100
    layer = BatchNormalization(np.array([2.0, 3.0]), np.array([-1.0, 1.0]), eps=1e-12)
    np.testing.assert_allclose(layer.forward(x), [[-3.0, -2.0], [1.0, 4.0]], rtol=1e-9)


def test_batch_norm_updates_running_statistics_with_momentum():
    x = np.array([[1.0, 10.0], [3.0, 30.0]])
    layer = BatchNormalization(np.ones(2), np.zeros(2), momentum=0.9)
    np.testing.assert_array_equal(layer.running_mean, [0.0, 0.0])
    np.testing.assert_array_equal(layer.running_var, [1.0, 1.0])
    layer.forward(x)
    np.testing.assert_allclose(layer.running_mean, [0.2, 2.0])
    np.testing.assert_allclose(layer.running_var, [0.9 + 0.1 * 1.0, 0.9 + 0.1 * 100.0])
    layer.forward(x)
    np.testing.assert_allclose(layer.running_mean, [0.9 * 0.2 + 0.2, 0.9 * 2.0 + 2.0])


def test_batch_norm_inference_uses_running_statistics():
    layer = BatchNormalization(np.array([2.0, 1.0]), np.array([0.5, 0.0]),
                               running_mean=[1.0, -1.0], running_var=[4.0, 0.25], eps=1e-5)
    x = np.array([[3.0, 0.0], [1.0, -1.0], [-1.0, 1.0]])
    before = (layer.running_mean.copy(), layer.running_var.copy())
    out = layer.forward(x, train_flg=False)
    expected = np.array([2.0, 1.0]) * (x - [1.0, -1.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-5)
    np.testing.assert_allclose(out, expected + [0.5, 0.0], rtol=1e-12)
    # inference neither changes the running statistics nor depends on the other samples
    np.testing.assert_array_equal(layer.running_mean, before[0])
    np.testing.assert_array_equal(layer.running_var, before[1])
    np.testing.assert_allclose(layer.forward(x[:1], train_flg=False), out[:1], rtol=1e-12)


def test_batch_norm_4d_input_is_normalised_per_element():
    rng = np.random.default_rng(7)
    x = rng.normal(3.0, 2.0, size=(50, 2, 3, 3))
    out = BatchNormalization(np.ones(18), np.zeros(18), eps=1e-8).forward(x)
    assert out.shape == x.shape
    flat = out.reshape(50, 18)
    np.testing.assert_allclose(flat.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(flat.var(axis=0), 1.0, rtol=1e-5)


def test_batch_norm_training_needs_two_samples():
    layer = BatchNormalization(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"at least 2 samples.*\(1, 3\)"):
        layer.forward(np.ones((1, 3)))
    np.testing.assert_allclose(layer.forward(np.ones((1, 3)), train_flg=False), np.ones((1, 3)),
                               rtol=1e-5)


def test_batch_norm_shape_errors():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        BatchNormalization(np.ones(3), np.zeros(2))
    with pytest.raises(ValueError, match=r"running_var.*\(2,\).*\(3,\)"):
        BatchNormalization(np.ones(2), np.zeros(2), running_var=np.ones(3))
    layer = BatchNormalization(np.ones(4), np.zeros(4))
    with pytest.raises(ValueError, match=r"\(5, 3\).*\(4,\)"):
        layer.forward(np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"\(4,\)"):
        layer.forward(np.zeros(4))


# ---- Dropout ---------------------------------------------------------------------------------

@pytest.mark.parametrize("ratio", [-0.1, 1.0, 1.5])
def test_dropout_rejects_ratio_outside_0_1(ratio):
    with pytest.raises(ValueError, match="ratio"):
        Dropout(ratio)


@pytest.mark.parametrize("ratio", [0.2, 0.5, 0.8])
def test_dropout_mask_statistics_and_inverted_scaling(ratio):
    n = 1_000_000
    out = Dropout(ratio, rng=0).forward(np.ones(n))
    kept = out != 0
    # the kept fraction is binomial: within 5 standard deviations of 1 - ratio
    assert abs(kept.mean() - (1 - ratio)) < 5 * np.sqrt(ratio * (1 - ratio) / n)
    np.testing.assert_allclose(out[kept], 1 / (1 - ratio))
    assert abs(out.mean() - 1.0) < 5 * np.sqrt(ratio / (1 - ratio) / n)  # E[out] = x


def test_dropout_is_reproducible_with_a_seed_and_fresh_each_call():
    x = np.ones((20, 30))
    a, b = Dropout(0.5, rng=42), Dropout(0.5, rng=np.random.default_rng(42))
    first = a.forward(x)
    np.testing.assert_array_equal(first, b.forward(x))
    assert not np.array_equal(first, a.forward(x))


def test_dropout_backward_uses_the_forward_mask():
    layer = Dropout(0.25, rng=1)
    out = layer.forward(np.ones((10, 10)))
    dout = np.arange(100.0).reshape(10, 10)
    np.testing.assert_allclose(layer.backward(dout), dout * out)
    np.testing.assert_array_equal(dout, np.arange(100.0).reshape(10, 10))


def test_dropout_gradient_check():
    rng = np.random.default_rng(8)
    x, dout = rng.standard_normal((6, 5)), rng.standard_normal((6, 5))

    def f(_):
        return np.sum(Dropout(0.3, rng=11).forward(x) * dout)  # same seed, same mask

    layer = Dropout(0.3, rng=11)
    layer.forward(x)
    assert relative_error(layer.backward(dout), numerical_gradient(f, x, H)) < TOLERANCE


def test_dropout_is_identity_at_inference():
    layer = Dropout(0.5, rng=0)
    x = np.arange(12.0).reshape(3, 4)
    out = layer.forward(x, train_flg=False)
    np.testing.assert_array_equal(out, x)
    assert out is not x
    dx = layer.backward(np.ones((3, 4)))
    np.testing.assert_array_equal(dx, np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"Dropout.*\(3, 4\).*\(4, 3\)"):
        layer.backward(np.ones((4, 3)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout_preserves_dtype(dtype):
    layer = Dropout(0.5, rng=0)
    assert layer.forward(np.ones(8, dtype=dtype)).dtype == dtype
    assert layer.backward(np.ones(8, dtype=dtype)).dtype == dtype
    assert layer.forward(np.ones(8, dtype=dtype), train_flg=False).dtype == dtype
