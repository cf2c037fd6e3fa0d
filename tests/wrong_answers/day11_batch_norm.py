"""One typical wrong answer per exercise of day 11, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_batchnorm.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "batch_normalization": '''class BatchNormalization:
    """Batch normalisation over a batch x (N, D): out = gamma * x_hat + beta."""

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.gamma = gamma
        self.beta = beta
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros_like(gamma, dtype=float)
        self.running_var = np.ones_like(gamma, dtype=float)
        self.dgamma = None
        self.dbeta = None

    def forward(self, x, train_flg=True):
        if train_flg:
            mu = x.mean(axis=0)
            var = x.var(axis=0, ddof=1)  # wrong: the unbiased variance divides by N - 1
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
''',
    "batchnorm_backward": '''def batchnorm_backward(dout, cache):
    """Backward of batchnorm_forward, node by node from the output back to x.

    dout: (N, D), dL/d out. cache: the dict batchnorm_forward returned.
    Returns (dx (N, D), dgamma (D,), dbeta (D,)).
    """
    N = dout.shape[0]
    xc, std, x_hat, gamma = cache["xc"], cache["std"], cache["x_hat"], cache["gamma"]
    # out = gamma * x_hat + beta
    dbeta = dout.sum(axis=0)
    dgamma = dout * x_hat  # wrong: not summed over the batch
    dx_hat = dout * gamma
    # x_hat = xc / std: xc gets dx_hat / std, std gets the sum of dx_hat * xc * (-1 / std**2)
    dxc = dx_hat / std
    dstd = -(dx_hat * xc).sum(axis=0) / std ** 2
    # std = sqrt(var + eps)
    dvar = dstd / (2 * std)
    # var = mean(xc ** 2): a second path into xc
    dxc = dxc + 2 * xc * dvar / N
    # xc = x - mu
    dmu = -dxc.sum(axis=0)
    # mu = mean(x): each sample gets 1 / N of dmu
    dx = dxc + dmu / N
    return dx, dgamma, dbeta
''',
    "batchnorm_backward_fixed": '''def batchnorm_backward_fixed(dout, cache):
    """buggy_batchnorm_backward with its bug fixed. Returns (dx, dgamma, dbeta)."""
    # wrong: copied unchanged, the square node still lacks its factor 2
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
''',
}
