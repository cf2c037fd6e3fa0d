"""Numerical quality of all public maths in one sweep: every activation and derivative, every loss
and fused loss, every layer's forward and backward, on inputs with |x| up to 1e4.

For float32 and float64 each case must run without any warning (warnings are errors here, and
NumPy's overflow, invalid-value and divide-by-zero flags raise, so log(0) anywhere fails the
test), return only finite numbers, and keep the input's dtype. Underflow stays allowed: rounding
exp(-1e4) to 0 is the correct answer of e.g. sigmoid(-1e4), not a defect.
"""

import warnings

import numpy as np
import pytest

from coursekit import functions as F
from coursekit import losses as L
from coursekit.layers import LeakyRelu, SigmoidWithLoss, Tanh
from coursekit_key.answers.graph import AddLayer, MulLayer
from coursekit_key.answers.layers import Affine, Relu, Sigmoid, SoftmaxWithLoss
from coursekit_key.answers.batchnorm import BatchNormalization
from coursekit_key.answers import losses as key_losses
from coursekit_key.answers.losses import binary_cross_entropy, mean_squared_error
from coursekit_key.answers.regularization import Dropout

EXTREMES = [-1e4, -1e3, -40.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 40.0, 1e3, 1e4]
N_CLASSES = len(EXTREMES)
LABELS = np.array([0, 5, 10, 3])


def extreme_batch(dtype):
    """(4, 11): the extremes, reversed, all +1e4 (a tie at the top) and all -1e4."""
    x = np.array(EXTREMES)
    return np.stack([x, x[::-1], np.full_like(x, 1e4), np.full_like(x, -1e4)]).astype(dtype)


def zeros_and_ones(dtype):
    return (np.arange(4 * N_CLASSES).reshape(4, N_CLASSES) % 3 == 0).astype(dtype)


def run_layer(layer, x, *forward_args):
    """forward, then backward with an upstream gradient of ones: [out, dx(s)..., param grads...]."""
    out = layer.forward(x, *forward_args)
    grads = layer.backward(np.ones_like(out))
    grads = list(grads) if isinstance(grads, tuple) else [grads]
    params = [getattr(layer, g) for g in ("dW", "db", "dgamma", "dbeta") if hasattr(layer, g)]
    return [out, *grads, *params]


def affine(x):
    rng = np.random.default_rng(0)
    W = rng.standard_normal((N_CLASSES, 3)).astype(x.dtype)
    return run_layer(Affine(W, np.zeros(3, x.dtype)), x)


def batch_norm(x, train_flg):
    gamma, beta = np.ones(N_CLASSES, x.dtype), np.zeros(N_CLASSES, x.dtype)
    return run_layer(BatchNormalization(gamma, beta), x, train_flg)


def activation_cases():
    """Every function and derivative of functions.ACTIVATIONS, plus softmax and log_softmax."""
    cases = {f.__name__: f for pair in F.ACTIVATIONS.values() for f in pair}
    cases["leaky_relu_alpha_0.3"] = lambda x: F.leaky_relu(x, alpha=0.3)
    cases["leaky_relu_grad_alpha_0.3"] = lambda x: F.leaky_relu_grad(x, alpha=0.3)
    cases["softmax"], cases["log_softmax"] = F.softmax, F.log_softmax
    return cases


LOSS_CASES = {
    "mean_squared_error": lambda x: mean_squared_error(x, LABELS),
    # probabilities that are exactly 0 and 1, and out-of-range values: the clip must catch both
    "cross_entropy_error_of_softmax": lambda x: key_losses.cross_entropy_error(F.softmax(x), LABELS),
    "cross_entropy_error_raw": lambda x: key_losses.cross_entropy_error(x, np.eye(N_CLASSES)[LABELS]),
    "binary_cross_entropy_of_sigmoid": lambda x: binary_cross_entropy(
        F.sigmoid(x), zeros_and_ones(x.dtype)),
    "binary_cross_entropy_raw": lambda x: binary_cross_entropy(x, zeros_and_ones(x.dtype)),
    "softmax_cross_entropy": lambda x: key_losses.softmax_cross_entropy(x, LABELS),
    "softmax_cross_entropy_single_sample": lambda x: key_losses.softmax_cross_entropy(x[0], 0),
    "sigmoid_binary_cross_entropy": lambda x: L.sigmoid_binary_cross_entropy(
        x, zeros_and_ones(x.dtype)),
}

LAYER_CASES = {
    "AddLayer": lambda x: run_layer(AddLayer(), x, x[::-1]),
    "MulLayer": lambda x: run_layer(MulLayer(), x, x[::-1]),
    "Relu": lambda x: run_layer(Relu(), x),
    "LeakyRelu": lambda x: run_layer(LeakyRelu(alpha=0.1), x),
    "Sigmoid": lambda x: run_layer(Sigmoid(), x),
    "Tanh": lambda x: run_layer(Tanh(), x),
    "Affine": affine,
    "BatchNormalization_train": lambda x: batch_norm(x, True),
    "BatchNormalization_inference": lambda x: batch_norm(x, False),
    "Dropout_train": lambda x: run_layer(Dropout(0.5, rng=0), x, True),
    "Dropout_inference": lambda x: run_layer(Dropout(0.5, rng=0), x, False),
    "SoftmaxWithLoss_labels": lambda x: run_layer(SoftmaxWithLoss(), x, LABELS),
    "SoftmaxWithLoss_one_hot": lambda x: run_layer(SoftmaxWithLoss(), x,
                                                   np.eye(N_CLASSES)[LABELS]),
    "SigmoidWithLoss": lambda x: run_layer(SigmoidWithLoss(), x, zeros_and_ones(x.dtype)),
}

CASES = {**activation_cases(), **LOSS_CASES, **LAYER_CASES}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", CASES)
def test_extreme_inputs_are_silent_finite_and_keep_their_dtype(name, dtype):
    x = extreme_batch(dtype)
    before = x.copy()
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        result = CASES[name](x)
    outputs = result if isinstance(result, list) else [result]
    for i, out in enumerate(outputs):
        out = np.asarray(out)
        assert out.dtype == dtype, f"output {i}: {out.dtype}, expected {np.dtype(dtype)}"
        assert np.all(np.isfinite(out)), f"output {i} is not finite: {out}"
    np.testing.assert_array_equal(x, before)  # nothing wrote into the input
