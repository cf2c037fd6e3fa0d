"""Ways a class writes each exercise of day 12, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; the Dropout cell's constructor is given (dropout_ratio, self.rng made
with np.random.default_rng(rng), self.mask = None), so each Dropout variant keeps it."""

_DROPOUT_HEAD = '''class Dropout:
    """Inverted dropout: in training, drop each unit with probability dropout_ratio and scale the
    kept ones by 1 / (1 - dropout_ratio); at inference, pass x through unchanged.

    forward(x, train_flg=True): any shape -> same shape. backward(dout): same shape -> dx.
    """

    def __init__(self, dropout_ratio=0.5, rng=None):
        self.dropout_ratio = dropout_ratio
        self.rng = np.random.default_rng(rng)   # a Generator (or a seed): draw every mask from it
        self.mask = None
'''


def _dropout(methods):
    """The Dropout cell: the given constructor, then the student's forward and backward."""
    return _DROPOUT_HEAD + methods


CORRECT = {
    "weight_decay_loss": {
        "np.sum(W * W) over the W keys": '''def weight_decay_loss(params, lam):
    total = 0.0
    for key, W in params.items():
        if key.startswith("W"):
            total += np.sum(W * W)
    return 0.5 * lam * total
''',
        "squared Frobenius norm, lam / 2 in front": '''def weight_decay_loss(params, lam):
    return lam / 2 * sum(np.linalg.norm(params[k]) ** 2 for k in params if k[0] == "W")
''',
        "np.vdot of each matrix with itself": '''def weight_decay_loss(params, lam):
    squares = [np.vdot(v, v) for k, v in params.items() if k.startswith("W")]
    return float(0.5 * lam * np.sum(squares))
''',
        "W1, W2, ... in order until one is missing": '''def weight_decay_loss(params, lam):
    total, i = 0.0, 1
    while f"W{i}" in params:
        total += np.square(params[f"W{i}"]).sum()
        i += 1
    return lam * total / 2
''',
        "flattened dot product": '''def weight_decay_loss(params, lam):
    total = 0
    for key in sorted(params):
        if key.startswith("W"):
            w = params[key].ravel()
            total = total + w @ w
    return 0.5 * lam * total
''',
        "np.einsum of the squares": '''def weight_decay_loss(params, lam):
    weights = [v for k, v in params.items() if k.startswith("W")]
    return 0.5 * lam * sum(np.einsum("ij,ij->", w, w) for w in weights)
''',
        "float64 accumulation of float32 weights": '''def weight_decay_loss(params, lam):
    total = sum(np.sum(np.asarray(v, dtype=np.float64) ** 2)
                for k, v in params.items() if k.startswith("W"))
    return 0.5 * lam * total
''',
    },
    "weight_decay_grads": {
        "copy the dict, rebind the weight keys": '''def weight_decay_grads(grads, params, lam):
    new = dict(grads)
    for key in new:
        if key.startswith("W"):
            new[key] = new[key] + lam * params[key]
    return new
''',
        "copies of every array, += on the copies": '''def weight_decay_grads(grads, params, lam):
    new = {k: v.copy() for k, v in grads.items()}
    for k in new:
        if k[0] == "W":
            new[k] += lam * params[k]
    return new
''',
        "copy.deepcopy then in place": '''import copy

def weight_decay_grads(grads, params, lam):
    new = copy.deepcopy(grads)
    for key, value in new.items():
        if key.startswith("W"):
            value += lam * params[key]
    return new
''',
        "np.add, looping over params": '''def weight_decay_grads(grads, params, lam):
    out = {}
    for key in params:
        out[key] = np.add(grads[key], lam * params[key]) if key.startswith("W") else grads[key]
    return out
''',
        "biases copied with np.array": '''def weight_decay_grads(grads, params, lam):
    result = {}
    for name, g in grads.items():
        if name.startswith("W"):
            result[name] = g + lam * params[name]
        else:
            result[name] = np.array(g)
    return result
''',
        "the decay term computed first": '''def weight_decay_grads(grads, params, lam):
    decay = {k: lam * w for k, w in params.items() if k.startswith("W")}
    return {k: g + decay[k] if k in decay else g for k, g in grads.items()}
''',
    },
    "dropout_layer": {
        "keep where random > ratio, bool mask": _dropout('''
    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(x.shape) > self.dropout_ratio
            return x * self.mask / (1.0 - self.dropout_ratio)
        return x

    def backward(self, dout):
        return dout * self.mask / (1.0 - self.dropout_ratio)
'''),
        "keep where random < keep": _dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        keep = 1 - self.dropout_ratio
        self.mask = self.rng.random(size=x.shape) < keep
        return x * self.mask / keep

    def backward(self, dout):
        keep = 1 - self.dropout_ratio
        return dout * self.mask / keep
'''),
        "float mask from astype": _dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x.copy()
        self.mask = (self.rng.random(x.shape) >= self.dropout_ratio).astype(x.dtype)
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''),
        "the scale folded into a float mask": _dropout('''
    def forward(self, x, train_flg=True):
        if train_flg:
            keep = 1.0 - self.dropout_ratio
            self.mask = (self.rng.random(x.shape) < keep) / keep
            return x * self.mask
        return x

    def backward(self, dout):
        return dout * self.mask
'''),
        "in place on a copy": _dropout('''
    def forward(self, x, train_flg=True):
        out = x.copy()
        if train_flg:
            self.mask = self.rng.random(x.shape) >= self.dropout_ratio
            out *= self.mask
            out /= 1 - self.dropout_ratio
        return out

    def backward(self, dout):
        dx = dout * self.mask
        dx /= 1 - self.dropout_ratio
        return dx
'''),
        "np.where and binomial draws": _dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.binomial(1, 1 - self.dropout_ratio, size=x.shape).astype(bool)
        return np.where(self.mask, x / (1 - self.dropout_ratio), 0)

    def backward(self, dout):
        return np.where(self.mask, dout / (1 - self.dropout_ratio), 0)
'''),
        "uniform(0, 1) draws, scale kept on self": _dropout('''
    def forward(self, x, train_flg=True):
        if train_flg:
            self.scale = 1.0 / (1.0 - self.dropout_ratio)
            self.mask = self.rng.uniform(0.0, 1.0, x.shape) >= self.dropout_ratio
            return x * self.mask * self.scale
        else:
            return x

    def backward(self, dout):
        return dout * self.mask * self.scale
'''),
    },
    "random_search": {
        "natural logs and np.exp": '''def random_search(ranges, n_trials, rng):
    return {name: np.exp(rng.uniform(np.log(low), np.log(high), size=n_trials))
            for name, (low, high) in ranges.items()}
''',
        "low * (high / low) ** u": '''def random_search(ranges, n_trials, rng):
    samples = {}
    for name, (low, high) in ranges.items():
        samples[name] = low * (high / low) ** rng.random(n_trials)
    return samples
''',
        "a list of n_trials dicts": '''def random_search(ranges, n_trials, rng):
    trials = []
    for _ in range(n_trials):
        trials.append({name: 10 ** rng.uniform(np.log10(low), np.log10(high))
                       for name, (low, high) in ranges.items()})
    return trials
''',
        "np.power, exponent scaled from random()": '''def random_search(ranges, n_trials, rng):
    out = {}
    for name, (low, high) in ranges.items():
        a, b = np.log10(low), np.log10(high)
        out[name] = np.power(10.0, a + (b - a) * rng.random(n_trials))
    return out
''',
        "base 2": '''def random_search(ranges, n_trials, rng):
    return {k: np.exp2(rng.uniform(np.log2(lo), np.log2(hi), n_trials))
            for k, (lo, hi) in ranges.items()}
''',
        "one matrix of uniforms, a column per name": '''def random_search(ranges, n_trials, rng):
    names = list(ranges)
    u = rng.random((n_trials, len(names)))
    result = {}
    for j, name in enumerate(names):
        low, high = np.log10(ranges[name][0]), np.log10(ranges[name][1])
        result[name] = 10 ** (low + u[:, j] * (high - low))
    return result
''',
        "python lists turned into arrays": '''def random_search(ranges, n_trials, rng):
    samples = {name: [] for name in ranges}
    for name, (low, high) in ranges.items():
        for _ in range(n_trials):
            samples[name].append(10 ** rng.uniform(np.log10(low), np.log10(high)))
    return {name: np.array(values) for name, values in samples.items()}
''',
    },
}

WRONG = {
    "weight_decay_loss": {
        "lam instead of lam / 2": ('''def weight_decay_loss(params, lam):
    return lam * sum(np.sum(v ** 2) for k, v in params.items() if k.startswith("W"))
''', "0.5 is missing"),
        "gamma and beta decayed (everything but b)": ('''def weight_decay_loss(params, lam):
    total = 0.0
    for key, value in params.items():
        if not key.startswith("b"):
            total += np.sum(value ** 2)
    return 0.5 * lam * total
''', "gamma"),
        "the norm, not its square": ('''def weight_decay_loss(params, lam):
    return 0.5 * lam * sum(np.linalg.norm(v) for k, v in params.items() if k.startswith("W"))
''', "squared"),
        "the spectral norm (ord=2)": ('''def weight_decay_loss(params, lam):
    return 0.5 * lam * sum(np.linalg.norm(v, 2) ** 2 for k, v in params.items()
                           if k.startswith("W"))
''', "Frobenius"),
        "a mean for the sum": ('''def weight_decay_loss(params, lam):
    return 0.5 * lam * sum(np.mean(v ** 2) for k, v in params.items() if k.startswith("W"))
''', "mean"),
        "L1 penalty": ('''def weight_decay_loss(params, lam):
    return 0.5 * lam * sum(np.abs(v).sum() for k, v in params.items() if k.startswith("W"))
''', "L1"),
        "only the first layer": ('''def weight_decay_loss(params, lam):
    return 0.5 * lam * np.sum(params["W1"] ** 2)
''', "expected"),
    },
    "weight_decay_grads": {
        "grads changed in place": ('''def weight_decay_grads(grads, params, lam):
    for key in grads:
        if key.startswith("W"):
            grads[key] += lam * params[key]
    return grads
''', "in place"),
        "a shallow copy, += writes into grads": ('''def weight_decay_grads(grads, params, lam):
    new = dict(grads)
    for key in new:
        if key.startswith("W"):
            new[key] += lam * params[key]
    return new
''', "in place"),
        "biases decayed": ('''def weight_decay_grads(grads, params, lam):
    return {k: g + lam * params[k] for k, g in grads.items()}
''', "biases included"),
        "2 * lam, the derivative of lam * W ** 2": ('''def weight_decay_grads(grads, params, lam):
    return {k: g + 2 * lam * params[k] if k.startswith("W") else g for k, g in grads.items()}
''', "2 * lam"),
        "sign flipped": ('''def weight_decay_grads(grads, params, lam):
    return {k: g - lam * params[k] if k.startswith("W") else g for k, g in grads.items()}
''', "sign"),
        "only the weight keys returned": ('''def weight_decay_grads(grads, params, lam):
    return {k: g + lam * params[k] for k, g in grads.items() if k.startswith("W")}
''', "no key"),
        "the gradient decayed instead of the weight": ('''def weight_decay_grads(grads, params, lam):
    return {k: g + lam * g if k.startswith("W") else g for k, g in grads.items()}
''', "times the weights"),
    },
    "dropout_layer": {
        "the book's form: unscaled in training, * (1 - ratio) at inference": (_dropout('''
    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = self.rng.random(x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask
'''), "non-inverted"),
        "a new mask in backward": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        mask = self.rng.random(dout.shape) >= self.dropout_ratio
        return dout * mask / (1 - self.dropout_ratio)
'''), "mask of the latest training forward"),
        "dropout active at inference (train_flg ignored)": (_dropout('''
    def forward(self, x, train_flg=True):
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''), "inference"),
        "scaled by 1 / ratio, not 1 / keep": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / self.dropout_ratio

    def backward(self, dout):
        return dout * self.mask / self.dropout_ratio
'''), "divides by ratio"),
        "keeps the share ratio (random < ratio)": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) < self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''), "share DROPPED"),
        "multiplied by keep in training": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask * (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask * (1 - self.dropout_ratio)
'''), "INFERENCE-time"),
        "backward not scaled": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask
'''), "Scale the gradient"),
        "np.random instead of self.rng": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = np.random.rand(*x.shape) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''), "self.rng"),
        "one mask per feature, shared by the whole batch": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape[-1]) >= self.dropout_ratio
        return x * self.mask / (1 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''), "every sample"),
        "x changed in place": (_dropout('''
    def forward(self, x, train_flg=True):
        if not train_flg:
            return x
        self.mask = self.rng.random(x.shape) >= self.dropout_ratio
        x *= self.mask / (1 - self.dropout_ratio)
        return x

    def backward(self, dout):
        return dout * self.mask / (1 - self.dropout_ratio)
'''), "in place"),
    },
    "random_search": {
        "uniform via random() on the linear scale": ('''def random_search(ranges, n_trials, rng):
    return {k: lo + (hi - lo) * rng.random(n_trials) for k, (lo, hi) in ranges.items()}
''', "LINEAR"),
        "whole-number exponents": ('''def random_search(ranges, n_trials, rng):
    out = {}
    for k, (lo, hi) in ranges.items():
        exps = rng.integers(int(np.log10(lo)), int(np.log10(hi)) + 1, size=n_trials)
        out[k] = 10.0 ** exps
    return out
''', "distinct values"),
        "natural log raised to a power of 10": ('''def random_search(ranges, n_trials, rng):
    return {k: 10 ** rng.uniform(np.log(lo), np.log(hi), n_trials)
            for k, (lo, hi) in ranges.items()}
''', "leave the range"),
        "one draw shared by every name": ('''def random_search(ranges, n_trials, rng):
    u = rng.random(n_trials)
    return {k: lo * (hi / lo) ** u for k, (lo, hi) in ranges.items()}
''', "independently"),
        "np.random instead of rng": ('''def random_search(ranges, n_trials, rng):
    return {k: 10 ** np.random.uniform(np.log10(lo), np.log10(hi), n_trials)
            for k, (lo, hi) in ranges.items()}
''', "same seed"),
        "a generator of its own": ('''def random_search(ranges, n_trials, rng):
    rng = np.random.default_rng(0)
    return {k: 10 ** rng.uniform(np.log10(lo), np.log10(hi), n_trials)
            for k, (lo, hi) in ranges.items()}
''', "different seeds"),
        "a log-spaced grid, not random": ('''def random_search(ranges, n_trials, rng):
    return {k: np.logspace(np.log10(lo), np.log10(hi), n_trials)
            for k, (lo, hi) in ranges.items()}
''', "grid"),
        "the exponent without the power": ('''def random_search(ranges, n_trials, rng):
    return {k: rng.uniform(np.log10(lo), np.log10(hi), n_trials)
            for k, (lo, hi) in ranges.items()}
''', "leave the range"),
    },
}
