"""One typical wrong answer per exercise of day 14, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_conv.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "conv_output_size": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    """Output positions along one axis."""
    return (size + 2 * pad - filter_size) / stride + 1  # wrong: / gives a float
''',
    "convolution": '''class Convolution:
    """Convolution with im2col; the bias gradient is averaged."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, _, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh = (h + 2 * self.pad - fh) // self.stride + 1
        ow = (w + 2 * self.pad - fw) // self.stride + 1
        self.x_shape = x.shape
        self.cols = im2col(x, fh, fw, self.stride, self.pad)
        out = self.cols @ self.W.reshape(fn, -1).T + self.b
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        rows = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = rows.mean(axis=0)  # wrong: the bias gradient is a sum
        self.dW = (rows.T @ self.cols).reshape(fn, c, fh, fw)
        return col2im(rows @ self.W.reshape(fn, -1), self.x_shape, fh, fw, self.stride,
                      self.pad)
''',
    "pooling": '''class Pooling:
    """Pooling that averages each window."""

    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        n, c, h, w = x.shape
        oh = (h - self.pool_h) // self.stride + 1
        ow = (w - self.pool_w) // self.stride + 1
        self.x_shape = x.shape
        windows = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad)
        windows = windows.reshape(-1, c, self.pool_h * self.pool_w)
        return windows.mean(axis=2).reshape(n, oh, ow, c).transpose(0, 3, 1, 2)  # wrong: mean

    def backward(self, dout):
        c, size = self.x_shape[1], self.pool_h * self.pool_w
        rows = dout.transpose(0, 2, 3, 1).reshape(-1, c)
        spread = np.repeat(rows[..., None] / size, size, axis=2)
        return col2im(spread.reshape(len(rows), -1), self.x_shape, self.pool_h, self.pool_w,
                      self.stride, self.pad)
''',
}
