"""One typical wrong answer per exercise of day 13, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_capstone.py checks that each one fails its own check. Each is chosen so
that the network of `fit` still reaches every tier with it, except fit's own.
"""

WRONG_ANSWERS = {
    "preprocess": '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    # wrong: the statistics of x itself, so an image's scaling depends on the set it is in
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-7
    return (x - mean) / std
''',
    "build_network": '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        # wrong: a fixed std of 0.01 instead of He's sqrt(2 / n_in)
        params[f"W{i}"] = 0.01 * rng.standard_normal((sizes[i - 1], sizes[i]))
        params[f"b{i}"] = np.zeros(sizes[i])
    return params
''',
    "predict": '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = x
    for i in range(1, len(params) // 2 + 1):
        # wrong: ReLU after the last layer too, so negative scores all become 0
        h = np.maximum(h @ params[f"W{i}"] + params[f"b{i}"], 0)
    return np.argmax(h, axis=1)
''',
    "train": '''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
    """Mini-batch training with Adam; params updated in place -> list of mean loss per epoch."""
    rng = np.random.default_rng(seed)
    n_layers = len(params) // 2
    affines = [Affine(params[f"W{i}"], params[f"b{i}"]) for i in range(1, n_layers + 1)]
    layers = []
    for affine in affines[:-1]:
        layers += [affine, Relu()]
    layers.append(affines[-1])
    loss_layer, optimizer = SoftmaxWithLoss(), Adam(lr=lr)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            # wrong: one entry per mini-batch, not one mean per epoch
            history.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
    return history
''',
    "chance_loss": '''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    # wrong: log base 2, the loss in bits; cross-entropy uses the natural logarithm
    return np.log2(n_classes)
''',
    "initial_loss": '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    # wrong: no shift by the row maximum, so exp overflows for large scores
    y = np.exp(h) / np.exp(h).sum(axis=1, keepdims=True)
    return -np.mean(np.log(y[np.arange(len(t)), t]))
''',
    "overfit_tiny_batch": '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    # wrong: a handful of small steps never gets the tiny batch to 100 % and a loss near 0
    train(params, x, t, epochs=5, batch_size=len(x), lr=0.001, seed=seed)
    return params
''',
    "fit": '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    # wrong: the notebook's test split is added to the training data, so the test accuracy
    # measures memory, not learning (and the labels given to fit are not the only ones used)
    x_all, t_all = np.concatenate([x, x_test]), np.concatenate([t, t_test])
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x_all, x_all), t_all, epochs=15, batch_size=100, lr=0.01, seed=seed)

    def score(images):
        h = np.maximum(preprocess(x_all, images) @ params["W1"] + params["b1"], 0)
        return h @ params["W2"] + params["b2"]
    return score
''',
    "confusion_matrix": '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    for true, guess in zip(t, y):
        # wrong: rows are the predictions, columns the truth (the transpose)
        counts[guess, true] += 1
    return counts
''',
}
