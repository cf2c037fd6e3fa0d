"""Tests for coursekit.network.MultiLayerNet: structure, gradients, train/inference mode, dtypes."""

from functools import partial
from pathlib import Path

import numpy as np
import pytest

from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import numerical_gradient
from coursekit.layers import Tanh
from coursekit.network import MultiLayerNet
from coursekit_key.answers.batchnorm import BatchNormalization
from coursekit_key.answers.layers import LAYER_CLASSES, Affine, SoftmaxWithLoss
from coursekit_key.answers.optimizers import SGD
from coursekit_key.answers.regularization import Dropout

Net = partial(MultiLayerNet, layer_classes=LAYER_CLASSES)
N, D, C = 6, 5, 3
HIDDEN = [4, 4]
SEED = 0


def small_batch(seed=SEED):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(0, C, N)


def small_net(seed=SEED, hidden=HIDDEN, **options):
    """A D-hidden-C net (D-4-4-C by default) with biases, gammas, betas nudged off 0 / 1.

    Zero biases put a ReLU exactly on its kink whenever a whole layer below is inactive for a
    sample; random values keep the gradient check away from kinks.
    """
    net = Net(D, hidden, C, seed=seed, **options)
    rng = np.random.default_rng(seed + 100)
    for key, param in net.params.items():
        if not key.startswith("W"):
            param += 0.5 * rng.standard_normal(param.shape)  # in place: the layers see it too
    return net


def numerical_gradients(net, x, t, h=1e-5):
    """Every parameter's gradient of net.loss(x, t, train_flg=True) by central differences."""
    return {key: numerical_gradient(lambda _: net.loss(x, t, train_flg=True), param, h)
            for key, param in net.params.items()}


def extrapolated(numeric_at, h=1e-4):
    """Richardson's (4 G(h) - G(2h)) / 3 of a central-difference gradient dict G(h).

    A central difference carries rounding noise of about eps * loss / h (2e-11 at h = 1e-5), a
    relative error above 1e-7 for every gradient element below 1e-4, and a few elements of a
    small net always are. The combination cancels the h^2 truncation term, so a larger h can
    be used and the noise drops about tenfold.
    """
    fine, coarse = numeric_at(h), numeric_at(2 * h)
    return {key: (4 * fine[key] - coarse[key]) / 3 for key in fine}


def biases_before_batchnorm(net):
    """b_k feeding a BatchNorm: the batch mean removes it, so its true gradient is exactly 0."""
    return {f"b{k}" for k in range(1, net.n_layers) if f"BatchNorm{k}" in net.layers}


def assert_gradients_match(net, analytic, numeric):
    assert analytic.keys() == numeric.keys() == net.params.keys()
    for key in biases_before_batchnorm(net):
        assert np.abs(analytic[key]).max() < 1e-12, key
        assert np.abs(numeric[key]).max() < 1e-9, key
    for key in net.params.keys() - biases_before_batchnorm(net):
        assert analytic[key].shape == net.params[key].shape
        error = relative_error(analytic[key], numeric[key])
        assert error < 1e-7, f"{key}: relative error {error:.1e}"


# --- structure -------------------------------------------------------------------------------

def test_params_have_book_names_and_shapes():
    net = Net(5, [4, 3], 2, use_batchnorm=BatchNormalization, seed=0)
    expected = {"W1": (5, 4), "b1": (4,), "gamma1": (4,), "beta1": (4,),
                "W2": (4, 3), "b2": (3,), "gamma2": (3,), "beta2": (3,), "W3": (3, 2), "b3": (2,)}
    assert {k: v.shape for k, v in net.params.items()} == expected
    assert np.all(net.params["gamma1"] == 1) and np.all(net.params["beta2"] == 0)
    assert np.all(net.params["b3"] == 0)


def test_layers_are_ordered_and_share_the_param_arrays():
    net = Net(5, [4, 3], 2, activation="tanh", use_batchnorm=BatchNormalization,
                        dropout_ratio=0.1, dropout_layer=Dropout)
    assert list(net.layers) == ["Affine1", "BatchNorm1", "Activation1", "Dropout1",
                                "Affine2", "BatchNorm2", "Activation2", "Dropout2", "Affine3"]
    assert isinstance(net.layers["Activation2"], Tanh)
    assert isinstance(net.layers["Dropout1"], Dropout)
    assert isinstance(net.last_layer, SoftmaxWithLoss)
    assert net.layers["Affine3"].W is net.params["W3"]
    assert net.layers["BatchNorm2"].gamma is net.params["gamma2"]


def test_plain_net_has_only_affine_and_activation_layers():
    net = Net(3, [2], 2)
    assert list(net.layers) == ["Affine1", "Activation1", "Affine2"]
    assert isinstance(net.layers["Affine2"], Affine)


def test_in_place_update_of_params_changes_predictions():
    x, t = small_batch()
    net = small_net(activation="tanh")
    before = net.predict(x)
    SGD(lr=0.5).update(net.params, net.gradient(x, t))
    assert not np.allclose(net.predict(x), before)


def test_predict_shape_and_flattening_of_image_batches():
    net = Net(64, [10], 4, seed=0)
    images = np.random.default_rng(0).random((7, 1, 8, 8))
    assert net.predict(images).shape == (7, 4)
    np.testing.assert_allclose(net.predict(images), net.predict(images.reshape(7, 64)))


def test_zero_weights_give_loss_log_c():
    """All-zero weights and biases: equal scores, softmax 1/C everywhere, loss log C exactly."""
    net = Net(D, HIDDEN, C, weight_init=0.0)
    x, t = small_batch()
    assert net.loss(x, t) == pytest.approx(np.log(C), rel=1e-12)


def test_weight_init_names_and_stds():
    he = Net(400, [300], 10, weight_init="he", seed=0).params["W1"]
    xavier = Net(400, [300], 10, weight_init="xavier", seed=0).params["W1"]
    plain = Net(400, [300], 10, weight_init=0.01, seed=0).params["W1"]
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert xavier.std() == pytest.approx(np.sqrt(2 / (400 + 300)), rel=0.02)
    assert plain.std() == pytest.approx(0.01, rel=0.02)
    # the book's names for the two scales
    np.testing.assert_array_equal(Net(400, [300], 10, weight_init="relu", seed=0)
                                  .params["W1"], he)
    np.testing.assert_array_equal(Net(400, [300], 10, weight_init="sigmoid", seed=0)
                                  .params["W1"], xavier)


def test_same_seed_same_weights_different_seed_different_weights():
    a, b, c = (Net(D, HIDDEN, C, seed=s).params["W2"] for s in (3, 3, 4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize("options, message", [
    ({"activation": "softplus"}, "activation"),
    ({"dtype": np.int32}, "dtype"),
    ({"weight_decay_lambda": -0.1}, "weight_decay_lambda"),
    ({"dropout_ratio": -0.5}, "dropout_ratio"),
    ({"dropout_ratio": 1.0}, "dropout_ratio"),
    ({"weight_init": "uniformish"}, "uniformish"),
    ({"use_batchnorm": True}, r"use_batchnorm must be False or your BatchNormalization class "
                              r"\(day 11\): use_batchnorm=BatchNormalization; got True"),
    ({"dropout_ratio": 0.2}, r"dropout_layer must be your Dropout class \(day 12\)"),
])
def test_bad_options_are_rejected(options, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Net(D, HIDDEN, C, **options)


@pytest.mark.parametrize("sizes", [(0, [4], 3), (5, [4, -1], 3), (5, [4], 2.5)])
def test_bad_sizes_are_rejected(sizes):
    with pytest.raises(ValueError, match="layer sizes"):
        Net(*sizes)


# --- gradients -------------------------------------------------------------------------------

@pytest.mark.parametrize("options", [
    {"activation": "relu"},
    {"activation": "sigmoid"},
    {"activation": "tanh"},
    {"activation": "leaky_relu"},
    {"activation": "relu", "use_batchnorm": BatchNormalization},
    {"activation": "tanh", "use_batchnorm": BatchNormalization},
    {"activation": "tanh", "weight_decay_lambda": 0.1},
    {"hidden": []},  # softmax regression: the first Affine is also the last
], ids=lambda o: "-".join(f"{k}={v}" for k, v in o.items()))
def test_backprop_matches_numerical_gradient(options):
    net = small_net(**options)
    x, t = small_batch()
    numeric = extrapolated(lambda h: numerical_gradients(net, x, t, h))
    assert_gradients_match(net, net.gradient(x, t), numeric)


def test_plain_numerical_gradient_is_close_to_backprop():
    net = small_net(activation="tanh")
    x, t = small_batch()
    analytic, numeric = net.gradient(x, t), numerical_gradients(net, x, t)
    assert {key: g.dtype for key, g in numeric.items()} == dict.fromkeys(net.params, np.float64)
    for key in net.params:
        np.testing.assert_allclose(numeric[key], analytic[key], rtol=1e-6, atol=1e-10)


def test_backprop_with_dropout_matches_numerical_gradient_for_fixed_masks():
    """Every training forward draws new masks; re-seeding each Dropout's generator right before
    every loss evaluation makes all of them use the same masks, so both gradients see one fixed
    function of the parameters."""
    net = small_net(activation="tanh", dropout_ratio=0.5, dropout_layer=Dropout,
                    use_batchnorm=BatchNormalization, weight_decay_lambda=0.1)
    x, t = small_batch()
    dropouts = [layer for layer in net.layers.values() if isinstance(layer, Dropout)]

    def reseed_dropouts():
        for i, layer in enumerate(dropouts):
            layer.rng = np.random.default_rng(100 + i)

    def fixed_mask_loss(_):
        reseed_dropouts()
        return net.loss(x, t, train_flg=True)

    reseed_dropouts()
    analytic = net.gradient(x, t)
    # the masks really drop units, so the check exercises Dropout.backward
    assert all(0.2 < layer.mask.mean() < 0.8 for layer in dropouts)
    numeric = extrapolated(lambda h: {key: numerical_gradient(fixed_mask_loss, p, h)
                                      for key, p in net.params.items()})
    assert_gradients_match(net, analytic, numeric)


def test_a_net_without_hidden_layers_is_softmax_regression():
    net = small_net(hidden=[])
    assert list(net.layers) == ["Affine1"] and set(net.params) == {"W1", "b1"}


def test_first_affine_skips_only_the_input_gradient():
    x, _ = small_batch()
    rng = np.random.default_rng(0)
    W, b, dout = rng.standard_normal((D, 4)), rng.standard_normal(4), rng.standard_normal((N, 4))
    first, plain = Affine(W, b, input_grad=False), Affine(W, b)
    np.testing.assert_array_equal(first.forward(x), plain.forward(x))
    assert first.backward(dout) is None
    assert plain.backward(dout).shape == x.shape
    np.testing.assert_array_equal(first.dW, plain.dW)
    np.testing.assert_array_equal(first.db, plain.db)
    net = Net(D, HIDDEN, C)
    assert [layer.input_grad for layer in net.layers.values() if isinstance(layer, Affine)] == \
        [False, True, True]


def test_one_hot_and_integer_labels_give_the_same_gradient():
    net = small_net(activation="tanh")
    x, t = small_batch()
    by_label, by_one_hot = net.gradient(x, t), net.gradient(x, np.eye(C)[t])
    for key in net.params:
        np.testing.assert_allclose(by_one_hot[key], by_label[key], rtol=1e-12)


def test_weight_decay_adds_half_lambda_w_squared_and_lambda_w():
    lam = 0.3
    x, t = small_batch()
    plain, decayed = small_net(activation="tanh"), small_net(activation="tanh",
                                                             weight_decay_lambda=lam)
    penalty = 0.5 * lam * sum(np.sum(plain.params[f"W{k}"] ** 2) for k in (1, 2, 3))
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + penalty, rel=1e-12)
    g_plain, g_decayed = plain.gradient(x, t), decayed.gradient(x, t)
    for k in (1, 2, 3):
        W = plain.params[f"W{k}"]
        np.testing.assert_allclose(g_decayed[f"W{k}"], g_plain[f"W{k}"] + lam * W,
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(g_decayed[f"b{k}"], g_plain[f"b{k}"])


def test_loss_and_gradient_returns_the_training_loss():
    net = small_net(activation="tanh", use_batchnorm=BatchNormalization)
    x, t = small_batch()
    loss, grads = net.loss_and_gradient(x, t)
    assert loss == pytest.approx(net.loss(x, t, train_flg=True), rel=1e-12)
    assert grads.keys() == net.params.keys()


# --- training vs inference mode --------------------------------------------------------------

def test_batchnorm_training_mode_uses_the_batch_inference_mode_does_not():
    net = small_net(use_batchnorm=BatchNormalization)
    x, _ = small_batch()
    changed = x.copy()
    changed[1:] *= 3.0  # change every sample but the first
    first_train = [net.predict(b, train_flg=True)[0] for b in (x, changed)]
    first_infer = [net.predict(b, train_flg=False)[0] for b in (x, changed)]
    assert not np.allclose(*first_train)        # batch statistics: sample 0 sees the others
    np.testing.assert_array_equal(*first_infer)  # running statistics: each sample alone


def test_batchnorm_running_statistics_move_only_in_training_mode():
    net = small_net(use_batchnorm=BatchNormalization)
    x, t = small_batch()
    bn = net.layers["BatchNorm1"]
    net.predict(x, train_flg=False)
    net.accuracy(x, t)
    np.testing.assert_array_equal(bn.running_mean, 0.0)
    net.gradient(x, t)
    assert np.abs(bn.running_mean).max() > 0


def test_dropout_only_acts_in_training_mode():
    x, _ = small_batch()
    with_dropout = Net(D, [50, 50], C, dropout_ratio=0.5, dropout_layer=Dropout, seed=7)
    without = Net(D, [50, 50], C, seed=7)  # same seed: same weights
    np.testing.assert_array_equal(with_dropout.predict(x), without.predict(x))
    a, b = with_dropout.predict(x, train_flg=True), with_dropout.predict(x, train_flg=True)
    assert not np.allclose(a, b)


def test_accuracy_with_labels_and_one_hot():
    net = small_net(activation="tanh")
    x, _ = small_batch()
    predicted = np.argmax(net.predict(x), axis=1)
    wrong = (predicted + 1) % C
    half = np.where(np.arange(N) < N // 2, predicted, wrong)
    assert net.accuracy(x, predicted) == 1.0
    assert net.accuracy(x, wrong) == 0.0
    assert net.accuracy(x, half) == 0.5
    assert net.accuracy(x, np.eye(C)[half]) == 0.5
    with pytest.raises(ValueError, match=r"accuracy: t must be labels \(6,\) or one-hot "
                                         r"\(6, 3\).*got shape \(5,\)"):
        net.accuracy(x, predicted[:5])


def test_non_numeric_input_is_a_type_error_naming_x():
    with pytest.raises(TypeError, match=r"^MultiLayerNet: x must hold real numbers.*\(2, 5\)"):
        small_net().predict(np.full((2, 5), "a"))


# --- dtypes ----------------------------------------------------------------------------------

def test_float32_is_kept_through_predict_loss_and_gradient():
    net = Net(D, HIDDEN, C, use_batchnorm=BatchNormalization, dropout_ratio=0.2,
                        dropout_layer=Dropout, weight_decay_lambda=0.01, dtype=np.float32, seed=0)
    x, t = small_batch()  # float64 input is cast to the net's dtype
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert net.predict(x).dtype == np.float32
    assert net.predict(x, train_flg=True).dtype == np.float32
    assert net.loss(x, t).dtype == np.float32
    grads = net.gradient(x, t)
    assert {g.dtype for g in grads.values()} == {np.dtype(np.float32)}
    assert net.layers["BatchNorm1"].running_var.dtype == np.float32
    SGD(lr=0.1).update(net.params, grads)
    assert all(p.dtype == np.float32 for p in net.params.values())


def test_float32_gradient_agrees_with_float64():
    x, t = small_batch()
    g64 = small_net(activation="tanh").gradient(x, t)
    net32 = small_net(activation="tanh", dtype=np.float32)
    # same draws cast to float32; the nudged biases were added in float32 too
    g32 = net32.gradient(x, t)
    for key in g64:
        np.testing.assert_allclose(g32[key], g64[key], rtol=1e-3, atol=1e-5)


@pytest.mark.parametrize("layer_classes, missing", [
    ({}, "Affine, Relu, SoftmaxWithLoss"),
    ({"Affine": Affine, "SoftmaxWithLoss": SoftmaxWithLoss}, "missing: Relu"),
    ({**LAYER_CLASSES, "Relu": Affine(np.ones((1, 1)), np.ones(1))}, "missing: Relu"),
    (None, "missing: Affine, Relu, SoftmaxWithLoss"),
])
def test_layer_classes_must_name_a_class_for_each_layer(layer_classes, missing):
    with pytest.raises(TypeError, match=f"layer_classes must map the names .*{missing}"):
        MultiLayerNet(D, HIDDEN, C, layer_classes=layer_classes)


def recap_layers(day="day09_optimizers"):
    """The layer classes of a notebook's recap cell, as the notebook hands them over."""
    import nbformat

    path = Path(__file__).parents[1] / "source" / day / f"{day}.ipynb"
    cell = next(c for c in nbformat.read(path, as_version=4).cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "recap")
    namespace = {"np": np}
    exec(cell.source, namespace)
    return namespace["LAYERS"]


@pytest.mark.parametrize("day", ["day09_optimizers", "day10_initialization",
                                 "day11_batch_norm", "day12_regularization"])
def test_a_net_of_a_recap_cells_layers_trains_as_one_of_the_keys(day):
    """The recap's Affine takes no input_grad, so its first layer computes dx too; the loss and
    every gradient are the key's all the same, with weight decay and batch normalisation."""
    x, t = small_batch()
    options = {"use_batchnorm": BatchNormalization, "weight_decay_lambda": 0.1}
    recap = small_net(layer_classes=recap_layers(day), **options)
    key = small_net(**options)
    assert not hasattr(recap.layers["Affine1"], "input_grad")
    loss, grads = recap.loss_and_gradient(x, t)
    key_loss, key_grads = key.loss_and_gradient(x, t)
    assert loss == pytest.approx(key_loss, rel=1e-12)
    for name, grad in key_grads.items():
        np.testing.assert_allclose(grads[name], grad, rtol=1e-10, atol=1e-14)
