"""coursekit.conv's helpers and the answer key's layers against outside oracles: a convolution and
a max pooling written as plain loops over output positions, numerical gradients of every backward
pass, and the adjointness of im2col and col2im; float32 kept, inputs left untouched."""
from __future__ import annotations

import numpy as np
import pytest

from coursekit.conv import col2im, im2col
from coursekit_key.answers.conv import Convolution, Pooling, conv_output_size
from coursekit.gradient import relative_error
from coursekit_key.answers.gradient import numerical_gradient

SETTINGS = [(1, 0), (1, 1), (2, 0), (2, 1)]  # (stride, pad)


def loop_convolution(x, W, b, stride, pad):
    """out[n, f, i, j] = sum(window * W[f]) + b[f], one output value at a time."""
    n, c, h, w = x.shape
    fn, _, fh, fw = W.shape
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    out = np.zeros((n, fn, oh, ow))
    for k in range(n):
        for f in range(fn):
            for i in range(oh):
                for j in range(ow):
                    window = padded[k, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
                    out[k, f, i, j] = np.sum(window * W[f]) + b[f]
    return out


def loop_max_pooling(x, size, stride):
    n, c, h, w = x.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size,
                                j * stride:j * stride + size].max(axis=(2, 3))
    return out


def filters(rng, fn=3, c=2, size=3, dtype=np.float64):
    return rng.standard_normal((fn, c, size, size)).astype(dtype), rng.standard_normal(fn).astype(dtype)


def test_conv_output_size_is_the_formula_and_drops_a_step_past_the_edge():
    assert conv_output_size(8, 3) == 6
    assert conv_output_size(8, 3, pad=1) == 8
    assert conv_output_size(7, 3, stride=2) == 3
    assert conv_output_size(28, 5, stride=1, pad=2) == 28
    assert conv_output_size(8, 3, stride=2) == 3   # positions 0, 2, 4; a fourth would need 9
    assert conv_output_size(7, 2, stride=2) == 3
    with pytest.raises(ValueError, match="does not fit"):
        conv_output_size(2, 3)


@pytest.mark.parametrize("stride, pad", [(1, 0), (1, 1), (2, 1)])
def test_im2col_and_col2im_are_adjoint(stride, pad):
    """<im2col(x), y> == <x, col2im(y)> for random x and y: col2im is im2col's transpose."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 7, 7))
    cols = im2col(x, 3, 3, stride, pad)
    y = rng.standard_normal(cols.shape)
    assert np.isclose(np.sum(cols * y), np.sum(x * col2im(y, x.shape, 3, 3, stride, pad)))


@pytest.mark.parametrize("stride, pad", SETTINGS)
def test_convolution_forward_matches_the_loop(stride, pad):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 2, 7, 7))
    W, b = filters(rng)
    out = Convolution(W, b, stride, pad).forward(x)
    assert np.allclose(out, loop_convolution(x, W, b, stride, pad), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("stride, pad", SETTINGS)
def test_convolution_backward_matches_numerical_gradients(stride, pad):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 2, 5, 5))
    W, b = filters(rng)
    layer = Convolution(W, b, stride, pad)
    dout = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(dout)

    def loss(_):
        return np.sum(layer.forward(x) * dout)

    for analytic, array in ((dx, x), (layer.dW, W), (layer.db, b)):
        assert relative_error(analytic, numerical_gradient(loss, array, h=1e-5)) < 1e-7


def test_convolution_keeps_float32_and_its_arrays():
    rng = np.random.default_rng(3)
    W, b = filters(rng, dtype=np.float32)
    x = rng.standard_normal((2, 2, 6, 6)).astype(np.float32)
    before = x.copy(), W.copy()
    layer = Convolution(W, b, pad=1)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == layer.dW.dtype == np.float32
    assert layer.W is W and np.array_equal(x, before[0]) and np.array_equal(W, before[1])


@pytest.mark.parametrize("size, stride", [(2, 2), (3, 1), (3, 2)])
def test_pooling_forward_matches_the_loop_and_backward_the_numerical_gradient(size, stride):
    rng = np.random.default_rng(4)
    x = rng.permutation(2 * 3 * 7 * 7).reshape(2, 3, 7, 7) / 10.0  # distinct values: no ties
    layer = Pooling(size, size, stride)
    out = layer.forward(x)
    assert np.array_equal(out, loop_max_pooling(x, size, stride))
    dout = rng.standard_normal(out.shape)
    dx = layer.backward(dout)
    numeric = numerical_gradient(lambda _: np.sum(layer.forward(x) * dout), x, h=1e-3)
    assert relative_error(dx, numeric) < 1e-7


def test_pooling_sends_a_tie_to_the_first_maximum_only():
    x = np.array([[[[1.0, 1.0], [0.0, 1.0]]]])
    layer = Pooling(2, 2, 2)
    assert layer.forward(x).item() == 1.0
    assert np.array_equal(layer.backward(np.array([[[[5.0]]]])), [[[[5.0, 0.0], [0.0, 0.0]]]])
