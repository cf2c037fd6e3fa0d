"""Ways a class writes each exercise of day 14, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's
`im2col`, `col2im` and the student's own `conv_output_size` are in scope, as in the notebook."""

_LOOP_CONV = '''class Convolution:
    """Loops over output positions, a whole batch and every filter at once."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, _, h, w = x.shape
        s, p = self.stride, self.pad
        oh, ow = (h + 2 * p - fh) // s + 1, (w + 2 * p - fw) // s + 1
        self.xp, self.x_shape = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))), x.shape
        out = np.zeros((n, fn, oh, ow), dtype=np.result_type(x, self.W))
        for i in range(oh):
            for j in range(ow):
                window = self.xp[:, :, i * s:i * s + fh, j * s:j * s + fw]
                out[:, :, i, j] = %(forward)s + self.b
        return out

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        s, p = self.stride, self.pad
        dxp = np.zeros_like(self.xp)
        self.dW = np.zeros_like(self.W)
        self.db = dout.sum(axis=(0, 2, 3))
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                window = self.xp[:, :, i * s:i * s + fh, j * s:j * s + fw]
                g = dout[:, :, i, j]
                self.dW += %(dW)s
                dxp[:, :, i * s:i * s + fh, j * s:j * s + fw] += %(dx)s
        h, w = self.x_shape[2:]
        return dxp[:, :, p:p + h, p:p + w]
'''

_EINSUM = {"forward": 'np.einsum("nchw,fchw->nf", window, self.W)',
           "dW": 'np.einsum("nf,nchw->fchw", g, window)',
           "dx": 'np.einsum("nf,fchw->nchw", g, self.W)'}
_TENSORDOT = {"forward": "np.tensordot(window, self.W, axes=([1, 2, 3], [1, 2, 3]))",
              "dW": "np.tensordot(g, window, axes=([0], [0]))",
              "dx": "np.tensordot(g, self.W, axes=([1], [0]))"}

_IM2COL_CONV = '''class Convolution:
    """im2col, the book's way."""

    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = conv_output_size(H, FH, self.stride, self.pad)
        out_w = conv_output_size(W, FW, self.stride, self.pad)
        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        self.x_shape, self.col, self.col_W = x.shape, col, col_W
        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)
'''

_POOL = '''class Pooling:
    """Max pooling: %(what)s."""

    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        n, c, h, w = x.shape
        ph, pw, s = self.pool_h, self.pool_w, self.stride
        oh, ow = (h - ph) // s + 1, (w - pw) // s + 1
        self.x = x
        out = np.zeros((n, c, oh, ow), dtype=x.dtype)
        for i in range(oh):
            for j in range(ow):
                out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
        self.out = out
        return out

    def backward(self, dout):
        ph, pw, s = self.pool_h, self.pool_w, self.stride
        dx = np.zeros_like(self.x)
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                window = self.x[:, :, i * s:i * s + ph, j * s:j * s + pw]
                %(backward)s
        return dx
'''
_MASK = {"what": "a mask of each window's maximum",
         "backward": "mask = window == self.out[:, :, i, j][:, :, None, None]\n"
                     "                dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += "
                     "mask * dout[:, :, i, j][:, :, None, None]"}
_ARGMAX = {"what": "argmax of each flattened window",
           "backward": "flat = window.reshape(*window.shape[:2], -1).argmax(axis=2)\n"
                       "                r, q = np.unravel_index(flat, (ph, pw))\n"
                       "                nn, cc = np.indices(flat.shape)\n"
                       "                np.add.at(dx, (nn, cc, i * s + r, j * s + q), "
                       "dout[:, :, i, j])"}

CORRECT = {
    "conv_output_size": {
        "floor division": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    return (size + 2 * pad - filter_size) // stride + 1
''',
        "int() of the quotient": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    return int((size + 2 * pad - filter_size) / stride) + 1
''',
        "counting the positions": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    count, start = 0, 0
    while start + filter_size <= size + 2 * pad:
        count += 1
        start += stride
    return count
''',
        "len of a range": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    return len(range(0, size + 2 * pad - filter_size + 1, stride))
''',
        "math.floor": '''import math

def conv_output_size(size, filter_size, stride=1, pad=0):
    return math.floor((size + 2 * pad - filter_size) / stride) + 1
''',
    },
    "convolution": {
        "loops over positions with einsum": _LOOP_CONV % _EINSUM,
        "the book's im2col with np.dot": _IM2COL_CONV,
        "loops over positions with tensordot": _LOOP_CONV % _TENSORDOT,
    },
    "pooling": {
        "loops with a mask of the maximum": _POOL % _MASK,
        "loops with argmax and np.add.at": _POOL % _ARGMAX,
    },
}

WRONG = {
    "conv_output_size": {
        "no padding": ('''def conv_output_size(size, filter_size, stride=1, pad=0):
    return (size - filter_size) // stride + 1
''', "conv_output_size(8, 3, 1, 1) returned 6"),
        "padding on one side only": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    return (size + pad - filter_size) // stride + 1
''',
        "rounded up": '''import math

def conv_output_size(size, filter_size, stride=1, pad=0):
    return math.ceil((size + 2 * pad - filter_size) / stride) + 1
''',
        "forgot the + 1": '''def conv_output_size(size, filter_size, stride=1, pad=0):
    return (size + 2 * pad - filter_size) // stride
''',
    },
    "convolution": {
        "a true convolution (filter turned)": ((_LOOP_CONV % _EINSUM).replace(
            'window, self.W)', 'window, self.W[:, :, ::-1, ::-1])', 1), "cross-correlation"),
        "no bias": ((_LOOP_CONV % _EINSUM).replace("+ self.b\n", "\n", 1), "bias is missing"),
        "dx keeps the padding": ((_LOOP_CONV % _EINSUM).replace(
            "return dxp[:, :, p:p + h, p:p + w]", "return dxp"), "shape"),
        "dW averaged over the batch": ((_LOOP_CONV % _EINSUM).replace(
            'np.einsum("nf,nchw->fchw", g, window)',
            'np.einsum("nf,nchw->fchw", g, window) / len(g)'), "dW"),
        "the book's im2col with the filters copied": (_IM2COL_CONV.replace(
            "self.W = W\n", "self.W = W.copy()\n"), "copy"),
    },
    "pooling": {
        "average pooling": ((_POOL % _MASK).replace(".max(axis=(2, 3))", ".mean(axis=(2, 3))"),
                            "average pooling"),
        "dout to every position of the window": ((_POOL % _MASK).replace(
            "mask * dout", "dout"), "every input of the window"),
        "stride ignored": ((_POOL % _MASK).replace("ph, pw, s = self.pool_h, self.pool_w, "
                                                   "self.stride", "ph, pw, s = self.pool_h, "
                                                   "self.pool_w, 1"), "shape"),
    },
}
