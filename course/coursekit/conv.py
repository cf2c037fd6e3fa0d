"""What day 14's convolution (합성곱) and pooling (풀링) layers are built on: the notebook's given
helpers `im2col`, which lays every receptive field out as one row, so that a convolution is one
matrix product and its backward pass two more, and `col2im`, which adds the rows' gradients back
into place. The output size (the day's first exercise, `conv_output_size`) and the layers are
exercises, so their references are in the answer key (coursekit_key.answers.conv).

Shapes: images x (N, C, H, W); filters W (FN, C, FH, FW); an output of OH = (H + 2 pad - FH) //
stride + 1 rows (likewise OW; rows or columns that the last step does not reach are left out).
"""
from __future__ import annotations

import numpy as np


def im2col(x: np.ndarray, fh: int, fw: int, stride: int = 1, pad: int = 0) -> np.ndarray:
    """x (N, C, H, W) -> (N * OH * OW, C * fh * fw): one row per output position, holding the
    receptive field it sees, channel-major (row order n, oh, ow; column order c, i, j)."""
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
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
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    cols = cols.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=cols.dtype)
    for i in range(fh):
        for j in range(fw):
            padded[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride] += cols[:, :, i, j]
    return padded[:, :, pad:pad + h, pad:pad + w]
