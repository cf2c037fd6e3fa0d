"""One typical wrong answer per exercise of day 12, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_regularization.py checks that each one fails its own check.
"""

WRONG_ANSWERS = {
    "weight_decay_loss": '''def weight_decay_loss(params, lam):
    """The L2 penalty 0.5 * lam * sum of W ** 2 over every weight matrix (keys 'W1', 'W2', ...).

    params: dict of arrays; lam: the decay strength lambda >= 0. Returns a float.
    """
    total = 0.0
    for key, value in params.items():  # wrong: biases are decayed too
        total += np.sum(value ** 2)
    return 0.5 * lam * total
''',
    "weight_decay_grads": '''def weight_decay_grads(grads, params, lam):
    """A new dict of gradients with the penalty's gradient added: grads[k] + lam * params[k] for
    the weight matrices (keys starting with 'W'), grads[k] unchanged for the other keys.

    grads, params: dicts with the same keys and shapes; grads and params are not changed.
    """
    return {key: grad + 0.5 * lam * params[key]  # wrong: the derivative of 0.5 * lam * W ** 2 is lam * W
            if key.startswith("W") else grad
            for key, grad in grads.items()}
''',
    "dropout_layer": '''class Dropout:
    """Inverted dropout: in training, drop each unit with probability dropout_ratio and scale the
    kept ones by 1 / (1 - dropout_ratio); at inference, pass x through unchanged.

    forward(x, train_flg=True): any shape -> same shape. backward(dout): same shape -> dx.
    """

    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng(rng)   # a Generator (or a seed): draw every mask from it
        self.mask = None

    def forward(self, x, train_flg=True):
        if not train_flg:
            return x.copy()
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio    # True = kept
        return x * self.mask  # wrong: kept units are not scaled by 1 / (1 - ratio)

    def backward(self, dout):
        return dout * self.mask / (1.0 - self.dropout_ratio)
''',
    "random_search": '''def random_search(ranges, n_trials, rng):
    """Sample n_trials settings of hyper-parameters, each log-uniformly in its range.

    ranges: dict name -> (low, high) with 0 < low < high; rng: an np.random.Generator.
    Returns a dict name -> array of shape (n_trials,): trial i uses the i-th value of each.
    """
    samples = {}
    for name, (low, high) in ranges.items():
        samples[name] = rng.uniform(low, high, size=n_trials)  # wrong: uniform on the linear scale
    return samples
''',
}
