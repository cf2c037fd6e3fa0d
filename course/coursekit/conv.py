"""Convolution (합성곱) and pooling (풀링) layers for image batches, in the layer protocol of
coursekit.layers (forward(x) -> out, backward(dout) -> dx, parameter gradients in dW / db).

Shapes: images x (N, C, H, W); filters W (FN, C, FH, FW); biases b (FN,); a convolution's output
(N, FN, OH, OW) with OH = (H + 2 pad - FH) // stride + 1 (likewise OW; rows or columns that the
last step does not reach are left out). Both layers work through
`im2col`, which lays every receptive field out as one row, so that a convolution is one matrix
product and its backward pass two more (`col2im` adds the rows' gradients back into place).
"""
from __future__ import annotations

import numpy as np


def conv_output_size(size: int, filter_size: int, stride: int = 1, pad: int = 0) -> int:
    """(size + 2 pad - filter_size) // stride + 1: the positions a filter takes along one axis.
    A last step that would run past the padded input is not taken (as in PyTorch and Keras);
    ValueError if the filter is larger than the padded input."""
    span = size + 2 * pad - filter_size
    if span < 0:
        raise ValueError(f"a filter of {filter_size} does not fit in {size} + 2 * {pad}")
    return span // stride + 1


def im2col(x: np.ndarray, fh: int, fw: int, stride: int = 1, pad: int = 0) -> np.ndarray:
    """x (N, C, H, W) -> (N * OH * OW, C * fh * fw): one row per output position, holding the
    receptive field it sees, channel-major (row order n, oh, ow; column order c, i, j)."""
    n, c, h, w = x.shape
    oh, ow = conv_output_size(h, fh, stride, pad), conv_output_size(w, fw, stride, pad)
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    cols = np.empty((n, c, fh, fw, oh, ow), dtype=x.dtype)
    for i in range(fh):
        for j in range(fw):
            cols[:, :, i, j] = padded[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
    return cols.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(cols: np.ndarray, shape: tuple, fh: int, fw: int, stride: int = 1,
           pad: int = 0) -> np.ndarray:
    """The adjoint of im2col: rows (N * OH * OW, C * fh * fw) summed back into an array of
    `shape` (N, C, H, W), each value added wherever its receptive fields overlap."""
    n, c, h, w = shape
    oh, ow = conv_output_size(h, fh, stride, pad), conv_output_size(w, fw, stride, pad)
    cols = cols.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=cols.dtype)
    for i in range(fh):
        for j in range(fw):
            padded[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride] += cols[:, :, i, j]
    return padded[:, :, pad:pad + h, pad:pad + w]


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
