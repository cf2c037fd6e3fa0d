"""One typical wrong answer per exercise of day 13, as the full source of its answer cell.

The pipeline test grades each through nbgrader and expects it to lose exactly that exercise's
points; tests/test_checks_capstone.py checks that each one fails its own check. Each is chosen so
that the final model still reaches the target with it, except the final model's own.
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
    "final_model": '''x_train_ready = preprocess(x_train, x_train)
params = build_network([64, 100, 10], seed=0)
# wrong: Adam's default learning rate for 3 epochs stops long before the network has learned
history = train(params, x_train_ready, t_train, epochs=3, batch_size=100, lr=0.001, seed=0)
''',
}
