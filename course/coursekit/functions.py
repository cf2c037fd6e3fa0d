"""Activation functions (활성화 함수) and their derivatives, elementwise over arrays of any shape.

Every function accepts Python scalars, lists and NumPy arrays. Float input keeps its dtype
(float32 in -> float32 out); integer and boolean input is computed in float64. A 0-d result
comes back as a NumPy scalar, the way a ufunc returns it. No function here overflows, warns or
returns nan/inf for finite input (tested for |x| up to 1e4 in float32 and float64).

Derivatives are taken with respect to the input x and are evaluated at x (not at the output).
"""

import numpy as np


def as_float_array(x, name="x"):
    """Return x as a float ndarray: float input unchanged (no copy), int/bool input as float64.

    x: scalar, list or array of any shape -> array of the same shape. name labels x in the
    TypeError raised for anything else (strings, complex numbers, objects), e.g. "sigmoid: x".
    """
    x = np.asarray(x)
    kind = x.dtype.kind  # a one-letter test; np.issubdtype costs microseconds on every call
    if kind == "f":
        return x
    if kind in "biu":
        return x.astype(np.float64)
    raise TypeError(f"{name} must hold real numbers (bool, int or float), got dtype {x.dtype} "
                    f"with shape {x.shape}")


def _scalar_if_0d(out):
    """Turn a 0-d array into a NumPy scalar; larger arrays pass through."""
    return out[()]


def step(x):
    """Step function (계단 함수): 1 where x > 0, else 0.

    Same shape and float dtype as x; int input -> float64.

    step(0) == 0. The notes contradict themselves here (their formula gives 1 at 0, their code
    gives 0); the course fixes "1 only when x > 0", the same rule the perceptron uses
    (output 1 when w·x + b > 0).
    """
    x = as_float_array(x, "step: x")
    return _scalar_if_0d((x > 0).astype(x.dtype))


def step_grad(x):
    """Derivative of step: 0 everywhere (returned as 0 at x == 0 too, where it is undefined).

    The step jumps at 0, so no derivative exists there; everywhere else it is flat. A zero
    gradient tells gradient descent nothing about which way to move the weights, which is why
    the step function cannot be trained by gradient learning (and why sigmoid replaced it).
    """
    return _scalar_if_0d(np.zeros_like(as_float_array(x, "step_grad: x")))


def identity(x):
    """Identity function (항등 함수): y = x, as a new float array (never the caller's array)."""
    return _scalar_if_0d(np.array(as_float_array(x, "identity: x"), copy=True))


def identity_grad(x):
    """Derivative of the identity: 1 everywhere."""
    return _scalar_if_0d(np.ones_like(as_float_array(x, "identity_grad: x")))


def sigmoid(x):
    """Sigmoid function (시그모이드 함수) 1 / (1 + exp(-x)), output in [0, 1].

    Computed from e = exp(-|x|), which lies in (0, 1] and so never overflows:
    sigmoid(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0. sigmoid(-1000) == 0.0 and
    sigmoid(1000) == 1.0 exactly, without the overflow warning of the textbook formula.
    """
    x = as_float_array(x, "sigmoid: x")
    e = np.exp(-np.abs(x))
    return _scalar_if_0d(np.where(x >= 0, 1 / (1 + e), e / (1 + e)))


def sigmoid_grad(x):
    """Derivative sigmoid(x) * (1 - sigmoid(x)); largest value 0.25 at x = 0.

    Evaluated as e / (1 + e)**2 with e = exp(-|x|), equal to sigmoid(x) * sigmoid(-x). Unlike
    1 - sigmoid(x), which rounds to 0 once sigmoid(x) rounds to 1 (x > 37 in float64), this
    keeps the tiny true value until exp itself underflows.
    """
    x = as_float_array(x, "sigmoid_grad: x")
    e = np.exp(-np.abs(x))
    return _scalar_if_0d(e / (1 + e) ** 2)


def tanh(x):
    """Hyperbolic tangent (쌍곡탄젠트 함수), output in [-1, 1], zero-centred (tanh(0) == 0)."""
    return _scalar_if_0d(np.tanh(as_float_array(x, "tanh: x")))


def tanh_grad(x):
    """Derivative 1 - tanh(x)**2, in (0, 1], equal to 1 at x = 0.

    It only approaches 0 as |x| grows; it is never exactly 0 mathematically. Evaluated as
    4e / (1 + e)**2 with e = exp(-2|x|), so it stays positive far beyond the point where
    tanh(x) rounds to 1 (|x| > 19 in float64); it underflows to 0 only for huge |x|.
    """
    x = as_float_array(x, "tanh_grad: x")
    e = np.exp(-2 * np.abs(x))
    return _scalar_if_0d(4 * e / (1 + e) ** 2)


def relu(x):
    """Rectified linear unit, ReLU (정류 선형 유닛): max(0, x)."""
    x = as_float_array(x, "relu: x")
    return _scalar_if_0d(np.maximum(x, x.dtype.type(0)))


def relu_grad(x):
    """Derivative of ReLU: 1 where x > 0, else 0 (the step function).

    At x == 0 ReLU has a kink and no derivative; any value in [0, 1] is a valid subgradient.
    The course uses 0 there, as PyTorch does and as the book's Relu layer (mask x <= 0) does.
    """
    return step(as_float_array(x, "relu_grad: x"))


def leaky_relu(x, alpha=0.01):
    """Leaky ReLU: x where x > 0, alpha * x elsewhere (the slope keeps negative units learning)."""
    x = as_float_array(x, "leaky_relu: x")
    return _scalar_if_0d(np.where(x > 0, x, x.dtype.type(alpha) * x))


def leaky_relu_grad(x, alpha=0.01):
    """Derivative of Leaky ReLU: 1 where x > 0, alpha elsewhere (alpha at x == 0 by convention)."""
    x = as_float_array(x, "leaky_relu_grad: x")
    return _scalar_if_0d(np.where(x > 0, x.dtype.type(1), x.dtype.type(alpha)))


def _shift_by_max(x, name):
    """Return x - max(x) over the last axis, as a float array; x must have at least 1 axis."""
    x = as_float_array(x, f"{name}: x")
    if x.ndim == 0:
        raise ValueError(f"{name}: x must have at least 1 axis (the classes), got a scalar")
    if x.shape[-1] == 0:
        raise ValueError(f"{name}: x has no classes (its last axis is empty), shape {x.shape}")
    return x - x.max(axis=-1, keepdims=True)


def softmax(x):
    """Softmax function (소프트맥스 함수) over the last axis: exp(x_k) / sum_j exp(x_j).

    x: (..., C) -> (..., C), each row sums to 1. Subtracting the row maximum first leaves the
    result unchanged mathematically and keeps exp from overflowing for large x.
    """
    e = np.exp(_shift_by_max(x, "softmax"))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(x):
    """Logarithm of softmax over the last axis, computed without forming softmax.

    x: (..., C) -> (..., C). With s = x - max(x): log_softmax(x) = s - log(sum(exp(s))). The sum
    is at least 1, so the log is finite even where softmax itself would round to 0.
    """
    s = _shift_by_max(x, "log_softmax")
    return s - np.log(np.sum(np.exp(s), axis=-1, keepdims=True))


# Elementwise activations by name, each as (function, derivative). Softmax is not listed: its
# derivative is a (C, C) Jacobian per row, not an elementwise function.
ACTIVATIONS = {
    "step": (step, step_grad),
    "identity": (identity, identity_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}
