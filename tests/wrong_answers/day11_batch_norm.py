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
}
