"""Reference answers of coursekit.checks.conv (day 14): the convolution (합성곱) and max pooling
layers, in the layer protocol of coursekit.layers (forward(x) -> out, backward(dout) -> dx,
parameter gradients in dW / db), on the given helpers of coursekit.conv; and the slips of the
Convolution check that need a working layer to compute."""
from __future__ import annotations

import numpy as np

from coursekit.conv import col2im, im2col


def conv_output_size(size: int, filter_size: int, stride: int = 1, pad: int = 0) -> int:
    """(size + 2 pad - filter_size) // stride + 1: the positions a filter takes along one axis.
    A last step that would run past the padded input is not taken (as in PyTorch and Keras);
    ValueError if the filter is larger than the padded input."""
    span = size + 2 * pad - filter_size
    if span < 0:
        raise ValueError(f"a filter of {filter_size} does not fit in {size} + 2 * {pad}")
    return span // stride + 1


class Convolution:
    """out[n, f] = sum over c of x[n, c] cross-correlated with W[f, c], plus b[f].

    W (FN, C, FH, FW) and b (FN,) are kept by reference (an optimizer updates them in place).
    forward(x (N, C, H, W)) -> (N, FN, OH, OW); backward(dout (N, FN, OH, OW)) -> dx (N, C, H, W)
    and sets dW (FN, C, FH, FW), db (FN,).
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x: np.ndarray) -> np.ndarray:
        fn, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh = conv_output_size(h, fh, self.stride, self.pad)
        ow = conv_output_size(w, fw, self.stride, self.pad)
        self.x_shape = x.shape
        self.cols = im2col(x, fh, fw, self.stride, self.pad)   # (N OH OW, C FH FW)
        out = self.cols @ self.W.reshape(fn, -1).T + self.b     # (N OH OW, FN)
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)      # (N OH OW, FN)
        self.db = dout.sum(axis=0)
        self.dW = (dout.T @ self.cols).reshape(fn, c, fh, fw)
        dcols = dout @ self.W.reshape(fn, -1)
        return col2im(dcols, self.x_shape, fh, fw, self.stride, self.pad)


class Pooling:
    """Max pooling (최대 풀링): each channel's largest value in every pool_h x pool_w window.

    forward(x (N, C, H, W)) -> (N, C, OH, OW); backward(dout) -> dx (N, C, H, W), dout routed to
    the position of each window's maximum (the first one, where several are equal).
    """

    def __init__(self, pool_h: int, pool_w: int, stride: int = 1, pad: int = 0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x: np.ndarray) -> np.ndarray:
        n, c, h, w = x.shape
        oh = conv_output_size(h, self.pool_h, self.stride, self.pad)
        ow = conv_output_size(w, self.pool_w, self.stride, self.pad)
        cols = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        cols = cols.reshape(-1, c, self.pool_h * self.pool_w)   # (N OH OW, C, window)
        self.x_shape, self.argmax = x.shape, cols.argmax(axis=2)
        out = np.take_along_axis(cols, self.argmax[..., None], axis=2)[..., 0]
        return out.reshape(n, oh, ow, c).transpose(0, 3, 1, 2)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, c = self.x_shape[:2]
        window = self.pool_h * self.pool_w
        flat = dout.transpose(0, 2, 3, 1).reshape(-1, c)         # (N OH OW, C)
        dcols = np.zeros((len(flat), c, window), dtype=dout.dtype)
        np.put_along_axis(dcols, self.argmax[..., None], flat[..., None], axis=2)
        return col2im(dcols.reshape(len(flat), -1), self.x_shape, self.pool_h, self.pool_w,
                      self.stride, self.pad)


def _forward(W, b, x, stride, pad):
    return Convolution(W, b, stride, pad).forward(x)


SLIPS = {
    "Convolution.flipped": lambda W, b, x, stride, pad, **_: _forward(
        np.asarray(W)[:, :, ::-1, ::-1], b, x, stride, pad),
    "Convolution.no_bias": lambda W, b, x, stride, pad, **_: _forward(W, 0 * b, x, stride, pad),
    "Convolution.copied_W": lambda W, b, x, stride, pad, **_: _forward(W, b, x, stride, pad),
}

REFERENCES = {"conv_output_size": conv_output_size, "Convolution": Convolution,
              "Pooling": Pooling}
