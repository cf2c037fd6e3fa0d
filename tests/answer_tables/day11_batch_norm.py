"""Ways a class writes each exercise of day 11, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's setup
(np, layers, batchnorm_forward's cache) is in scope, as in the notebook."""

_LAYER = '''class BatchNormalization:
    """Batch normalisation over a batch x (N, D): out = gamma * x_hat + beta."""

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.gamma = gamma          # (D,), kept by reference: training updates it in place
        self.beta = beta            # (D,)
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros_like(gamma, dtype=float)
        self.running_var = np.ones_like(gamma, dtype=float)
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        if train_flg:
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
        else:
            mu, var = self.running_mean, self.running_var
        self.train_flg = train_flg
        self.std = np.sqrt(var + self.eps)
        self.x_hat = (x - mu) / self.std
        return self.gamma * self.x_hat + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = (dout * self.x_hat).sum(axis=0)
        dx_hat = dout * self.gamma
        if self.train_flg:
            dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)
        return dx_hat / self.std
'''

_STAGED = '''def batchnorm_backward(dout, cache):
    """Backward of batchnorm_forward, node by node from the output back to x."""
    N = dout.shape[0]
    xc, std, x_hat, gamma = cache["xc"], cache["std"], cache["x_hat"], cache["gamma"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dxc = dx_hat / std
    dstd = -(dx_hat * xc).sum(axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dxc = dxc + 2 * xc * dvar / N
    dmu = -dxc.sum(axis=0)
    dx = dxc + dmu / N
    return dx, dgamma, dbeta
'''

_COMPACT = '''def batchnorm_backward(dout, cache):
    """The compact formula of section 3."""
    x_hat = cache["x_hat"]
    g = dout * cache["gamma"]
    dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / cache["std"]
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''

_BUGGY = '''def batchnorm_backward_fixed(dout, cache):
    """buggy_batchnorm_backward with its bug fixed. Returns (dx, dgamma, dbeta)."""
    N = dout.shape[0]
    xc, std, gamma = cache["xc"], cache["std"], cache["gamma"]
    inv_std = 1 / std
    x_hat = xc * inv_std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dinv_std = np.sum(dx_hat * xc, axis=0)
    dxc_direct = dx_hat * inv_std
    dstd = -dinv_std / std ** 2
    dvar = 0.5 * dstd / std
    dsquares = np.ones_like(dout) * dvar / N
    dxc_square = xc * dsquares
    dxc = dxc_direct + dxc_square
    dmu = -np.sum(dxc, axis=0)
    dx = dxc + np.ones_like(dout) * dmu / N
    return dx, dgamma, dbeta
'''


def _edit(source, *pairs):
    """`source` with each (old, new) replaced; each old must occur."""
    for old, new in pairs:
        assert old in source, old
        source = source.replace(old, new)
    return source


def _layer(*pairs):
    return _edit(_LAYER, *pairs)


def _staged(*pairs):
    return _edit(_STAGED, *pairs)


def _compact(*pairs):
    return _edit(_COMPACT, *pairs)


def _fixed(*pairs):
    return _edit(_BUGGY, *pairs)


_DX_HAT = ("dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)",)
_RUN_MEAN = "self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu"
_RUN_VAR = "self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var"

CORRECT = {
    "batch_normalization": {
        "two-pass variance": _layer(("var = x.var(axis=0)",
                                     "var = np.mean((x - mu) ** 2, axis=0)")),
        "one-pass variance E[x^2] - mu^2": _layer(("var = x.var(axis=0)",
                                                   "var = (x * x).mean(axis=0) - mu * mu")),
        "biased variance spelled out": _layer(("var = x.var(axis=0)",
                                               "var = ((x - mu) ** 2).sum(axis=0) / len(x)")),
        "book's step-by-step backward, in-place running statistics": _layer(
            (_RUN_MEAN, "self.running_mean *= self.momentum\n"
                        "            self.running_mean += (1 - self.momentum) * mu"),
            (_RUN_VAR, "self.running_var *= self.momentum\n"
                       "            self.running_var += (1 - self.momentum) * var"),
            ("self.x_hat = (x - mu) / self.std",
             "self.xc = x - mu\n        self.x_hat = self.xc / self.std"),
            ("        dx_hat = dout * self.gamma\n        if self.train_flg:\n"
             "            dx_hat = dx_hat - dx_hat.mean(axis=0) - self.x_hat * (dx_hat * self.x_hat).mean(axis=0)\n"
             "        return dx_hat / self.std",
             "        dxn = self.gamma * dout\n        if not self.train_flg:\n"
             "            return dxn / self.std\n        n = dout.shape[0]\n"
             "        dxc = dxn / self.std\n"
             "        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)\n"
             "        dvar = 0.5 * dstd / self.std\n"
             "        dxc = dxc + (2.0 / n) * self.xc * dvar\n"
             "        dmu = np.sum(dxc, axis=0)\n"
             "        return dxc - dmu / n")),
        "compact backward with sums": _layer((_DX_HAT[0],
            "n = len(dout)\n            dx_hat = (n * dx_hat - dx_hat.sum(axis=0) - self.x_hat"
            " * (dx_hat * self.x_hat).sum(axis=0)) / n")),
        "inverse std kept": _layer(
            ("self.std = np.sqrt(var + self.eps)",
             "self.std = np.sqrt(var + self.eps)\n        self.inv_std = 1.0 / self.std"),
            ("self.x_hat = (x - mu) / self.std", "self.x_hat = (x - mu) * self.inv_std"),
            ("return dx_hat / self.std", "return dx_hat * self.inv_std")),
        "float32 kept (eps in the input's dtype)": _layer(
            ("self.std = np.sqrt(var + self.eps)",
             "self.std = np.sqrt(var + np.asarray(self.eps, dtype=x.dtype))")),
        "running average as a lerp": _layer(
            (_RUN_MEAN, "self.running_mean = self.running_mean + (1 - self.momentum) * "
                        "(mu - self.running_mean)"),
            (_RUN_VAR, "self.running_var = self.running_var + (1 - self.momentum) * "
                       "(var - self.running_var)")),
        "inference branch first": _layer(
            ("        if train_flg:\n            mu = x.mean(axis=0)\n            var = x.var(axis=0)\n"
             f"            {_RUN_MEAN}\n            {_RUN_VAR}\n"
             "        else:\n            mu, var = self.running_mean, self.running_var\n",
             "        if not train_flg:\n            mu, var = self.running_mean, self.running_var\n"
             "        else:\n            mu, var = np.mean(x, axis=0), np.var(x, axis=0)\n"
             f"            {_RUN_MEAN}\n            {_RUN_VAR}\n")),
    },
    "batchnorm_backward": {
        "the compact formula": _COMPACT,
        "compact with sums over N": _compact((
            "dx = (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0)) / cache[\"std\"]",
            "n = len(dout)\n    dx = (n * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0)) "
            "/ (n * cache[\"std\"])")),
        "half as 0.5 * dstd / std": _staged(("dvar = dstd / (2 * std)", "dvar = 0.5 * dstd / std")),
        "through 1 / std as a node": _staged(
            ("dxc = dx_hat / std\n    dstd = -(dx_hat * xc).sum(axis=0) / std ** 2",
             "inv_std = 1 / std\n    dxc = dx_hat * inv_std\n"
             "    dinv_std = (dx_hat * xc).sum(axis=0)\n    dstd = -dinv_std * inv_std ** 2")),
        "std recomputed from var and eps": _staged(
            ('xc, std, x_hat, gamma = cache["xc"], cache["std"], cache["x_hat"], cache["gamma"]',
             'xc, gamma = cache["xc"], cache["gamma"]\n    std = np.sqrt(cache["var"] + cache["eps"])'
             '\n    x_hat = xc / std')),
        "keepdims sums": _staged(
            ("dstd = -(dx_hat * xc).sum(axis=0) / std ** 2",
             "dstd = -np.sum(dx_hat * xc, axis=0, keepdims=True) / std ** 2"),
            ("dmu = -dxc.sum(axis=0)", "dmu = -np.sum(dxc, axis=0, keepdims=True)")),
        "float32 kept (N in dout's dtype)": _staged(("N = dout.shape[0]",
                                                     "N = dout.dtype.type(dout.shape[0])")),
        "a loop over features": '''def batchnorm_backward(dout, cache):
    """One feature at a time: each column is its own little graph."""
    N, D = dout.shape
    dx = np.zeros_like(dout)
    dgamma, dbeta = np.zeros(D, dtype=dout.dtype), np.zeros(D, dtype=dout.dtype)
    for j in range(D):
        xc, s, xh, g = cache["xc"][:, j], cache["std"][j], cache["x_hat"][:, j], cache["gamma"][j]
        dbeta[j] = dout[:, j].sum()
        dgamma[j] = (dout[:, j] * xh).sum()
        dxh = dout[:, j] * g
        dvar = -(dxh * xc).sum() / (2 * s ** 3)
        dxc = dxh / s + 2 * xc * dvar / N
        dx[:, j] = dxc - dxc.sum() / N
    return dx, dgamma, dbeta
''',
    },
    "batchnorm_backward_fixed": {
        "factor 2 written last": _fixed(("dxc_square = xc * dsquares",
                                         "dxc_square = xc * dsquares * 2.0")),
        "factor 2 in dsquares": _fixed(("dsquares = np.ones_like(dout) * dvar / N",
                                        "dsquares = np.ones_like(dout) * 2 * dvar / N")),
        "0.5 dropped from dvar instead (the two factors cancel)": _fixed(
            ("dvar = 0.5 * dstd / std", "dvar = dstd / std")),
        "rewritten as the compact formula": _edit(_COMPACT, ("def batchnorm_backward(",
                                                             "def batchnorm_backward_fixed(")),
        "ones_like dropped (broadcasting does it)": _fixed(
            ("dsquares = np.ones_like(dout) * dvar / N", "dsquares = dvar / N"),
            ("dxc_square = xc * dsquares", "dxc_square = 2 * xc * dsquares"),
            ("dx = dxc + np.ones_like(dout) * dmu / N", "dx = dxc + dmu / N")),
    },
}

WRONG = {
    "batch_normalization": {
        "eps outside the square root": (_layer(("self.std = np.sqrt(var + self.eps)",
                                                "self.std = np.sqrt(var) + self.eps")),
                                        "eps is outside the square root"),
        "running mean with momentum the wrong way round": (_layer((_RUN_MEAN,
            "self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mu")),
            "momentum is the wrong way round"),
        "batch statistics at inference": (_layer(("mu, var = self.running_mean, self.running_var",
                                                  "mu, var = x.mean(axis=0), x.var(axis=0)")),
                                          "use running_mean and running_var instead"),
        "running mean replaced, not averaged": (_layer((_RUN_MEAN, "self.running_mean = mu")),
                                                "replaces running_mean"),
        "running variance unbiased": (_layer((_RUN_VAR,
            "self.running_var = self.momentum * self.running_var + (1 - self.momentum) * "
            "x.var(axis=0, ddof=1)")), "unbiased variance"),
        "dgamma not summed over the batch": (_layer((
            "self.dgamma = (dout * self.x_hat).sum(axis=0)", "self.dgamma = dout * self.x_hat")),
            "summed over the batch"),
        "dbeta a mean": (_layer(("self.dbeta = dout.sum(axis=0)",
                                 "self.dbeta = dout.mean(axis=0)")), "dbeta is the sum"),
        "input overwritten": (_layer(("self.x_hat = (x - mu) / self.std",
                                      "x -= mu\n        self.x_hat = x / self.std")),
                              "changed its input in place (x)"),
        "no variance term in backward": (_layer((
            _DX_HAT[0], "dx_hat = dx_hat - dx_hat.mean(axis=0)")), "variance is missing"),
        "inference also moves the running statistics": (_layer(
            ("        else:\n            mu, var = self.running_mean, self.running_var\n",
             "        else:\n            mu, var = self.running_mean, self.running_var\n"
             f"            {_RUN_MEAN.replace('* mu', '* x.mean(axis=0)')}\n")),
            "running_mean"),
    },
    "batchnorm_backward": {
        "variance path halved": (_staged(("2 * xc * dvar / N", "xc * dvar / N")), "2 * xc / N"),
        "no path through the mean": (_staged(("dx = dxc + dmu / N", "dx = dxc")),
                                     "path through the mean"),
        "no path through the variance": (_staged(("dxc = dxc + 2 * xc * dvar / N", "dxc = dxc")),
                                         "path through the variance"),
        "dmu not divided by N": (_staged(("dx = dxc + dmu / N", "dx = dxc + dmu")),
                                 "not divided by N"),
        "gamma forgotten": (_staged(("dx_hat = dout * gamma", "dx_hat = dout")),
                            "gamma is missing"),
        "dgamma not summed over the batch": (_staged(("dgamma = (dout * x_hat).sum(axis=0)",
                                                      "dgamma = dout * x_hat")),
                                             "summed over the batch"),
        "dbeta a mean": (_staged(("dbeta = dout.sum(axis=0)", "dbeta = dout.mean(axis=0)")),
                         "dbeta is the sum"),
        "dout overwritten": (_staged(("dx_hat = dout * gamma", "dout *= gamma\n    dx_hat = dout")),
                             "changed its input in place (dout)"),
        "cache overwritten": (_staged(("dxc = dxc + 2 * xc * dvar / N",
                                       "xc *= 2 * dvar / N\n    dxc = dxc + xc")),
                              "changed its input in place (cache)"),
        "unbiased variance in node 3": (_staged(("2 * xc * dvar / N", "2 * xc * dvar / (N - 1)")),
                                        "gradient check"),
        "variance path with the wrong sign": (_staged((
            "dstd = -(dx_hat * xc).sum(axis=0) / std ** 2",
            "dstd = (dx_hat * xc).sum(axis=0) / std ** 2")), "wrong sign"),
    },
    "batchnorm_backward_fixed": {
        "over-corrected: factor 2 twice": (_fixed(("dxc_square = xc * dsquares",
                                                   "dxc_square = 2 * xc * dsquares"),
                                                  ("dvar = 0.5 * dstd / std", "dvar = dstd / std")),
                                           "gradient check"),
        "dgamma changed, the bug left": (_fixed(("dgamma = np.sum(dout * x_hat, axis=0)",
                                                 "dgamma = np.sum(dout * xc, axis=0) / std")),
                                         "the bug is still there"),
        "the factor 2 on dx instead": (_fixed(("dx = dxc + np.ones_like(dout) * dmu / N",
                                               "dx = 2 * (dxc + np.ones_like(dout) * dmu / N)")),
                                       "gradient check"),
        "dmu's sum dropped": (_fixed(("dxc_square = xc * dsquares", "dxc_square = 2 * xc * dsquares"),
                                     ("dmu = -np.sum(dxc, axis=0)", "dmu = -dxc")),
                              "gradient check"),
        "N - 1 in the mean node": (_fixed(("dxc_square = xc * dsquares",
                                           "dxc_square = 2 * xc * dsquares"),
                                          ("dx = dxc + np.ones_like(dout) * dmu / N",
                                           "dx = dxc + np.ones_like(dout) * dmu / (N - 1)")),
                                   "gradient check"),
    },
}
