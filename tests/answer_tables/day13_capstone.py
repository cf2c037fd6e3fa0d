"""Ways a class writes each exercise of day 13, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words.

Each source is the whole answer cell. The notebook has already defined the recap classes (Relu,
Affine, SoftmaxWithLoss, Adam, BatchNormalization, Dropout), x_train, t_train, x_test, t_test and
the student's own answers to the exercises before; the checks of overfit_tiny_batch and fit run
them with the course's versions of exercises 1 to 4. fit is judged by three tier cells (90, 94 and
96 % of held-out digits, each trained once by the check on renamed labels): a correct fit reaches
all three, a wrong one none.
"""

CORRECT = {
    'preprocess': {
        'divide by 16': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return x / 16
''',
        'divide by the training maximum': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return np.asarray(x, dtype=float) / np.max(x_train)
''',
        'float32 result': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return (np.asarray(x) / 16.0).astype(np.float32)
''',
        'per-pixel min-max with a guard': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    low, high = x_train.min(axis=0), x_train.max(axis=0)
    return (x - low) / np.maximum(high - low, 1)
''',
        'standardise with a floor': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x - mean) / np.maximum(std, 1.0)
''',
        'standardise where std > 0': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    safe = np.where(std > 0, std, 1.0)
    return (x - mean) / safe
''',
        'one mean and std for all pixels': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return (x - x_train.mean()) / x_train.std()
''',
        'copy then divide in place': '''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    out = np.array(x, dtype=np.float64)
    out /= 16
    return out
''',
    },
    'build_network': {
        'rng.normal': '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / sizes[i - 1]), (sizes[i - 1], sizes[i]))
        params[f"b{i}"] = np.zeros(sizes[i])
    return params
''',
        'standard_normal times std, zip of sizes': '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params['W' + str(i)] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params['b' + str(i)] = np.zeros(n_out)
    return params
''',
        'He uniform': '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        limit = np.sqrt(6 / sizes[i - 1])
        params[f"W{i}"] = rng.uniform(-limit, limit, (sizes[i - 1], sizes[i]))
        params[f"b{i}"] = np.zeros(sizes[i])
    return params
''',
        'legacy global seed': '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    np.random.seed(seed)
    params = {}
    for i in range(1, len(sizes)):
        params[f"W{i}"] = np.random.randn(sizes[i - 1], sizes[i]) / np.sqrt(sizes[i - 1] / 2)
        params[f"b{i}"] = np.zeros(sizes[i])
    return params
''',
        'RandomState and float32': '''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rs = np.random.RandomState(seed)
    return {k: v for i in range(1, len(sizes)) for k, v in (
        (f"W{i}", (rs.randn(sizes[i - 1], sizes[i]) * np.sqrt(2 / sizes[i - 1])).astype(np.float32)),
        (f"b{i}", np.zeros(sizes[i], dtype=np.float32)))}
''',
    },
    'predict': {
        'loop with np.maximum': '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    n = len(params) // 2
    h = x
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            h = np.maximum(h, 0)
    return np.argmax(h, axis=1)
''',
        'recap layers': '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    n = len(params) // 2
    h = x
    for i in range(1, n):
        h = Relu().forward(Affine(params[f"W{i}"], params[f"b{i}"]).forward(h))
    return Affine(params[f"W{n}"], params[f"b{n}"]).forward(h).argmax(axis=1)
''',
        'softmax before argmax': '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    n = len(params) // 2
    h = x
    for i in range(1, n + 1):
        h = np.dot(h, params['W%d' % i]) + params['b%d' % i]
        if i != n:
            h = h * (h > 0)
    e = np.exp(h - h.max(axis=1, keepdims=True))
    return np.argmax(e / e.sum(axis=1, keepdims=True), axis=1)
''',
        'a list of labels': '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    n = len(params) // 2
    h = x
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        h = np.maximum(h, 0) if i < n else h
    return [int(k) for k in np.argmax(h, axis=-1)]
''',
        'float labels': '''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    keys = sorted(k for k in params if k.startswith("W"))
    h = x
    for j, key in enumerate(keys, start=1):
        h = h @ params[key] + params["b" + key[1:]]
        if j < len(keys):
            h = np.clip(h, 0, None)
    return h.argmax(axis=1).astype(float)
''',
    },
    'train': {
        "the notebook's": '''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history
''',
        'history as an array': '''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return np.array(history)
''',
        'a weighted mean': '''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]) * len(batch))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(sum(losses) / len(x))
    return history
''',
        'full batches only': '''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x) - batch_size + 1, batch_size) or [0]:
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history
''',
        'layers built per step': '''def forward_backward(params, xb, tb):
    n = len(params) // 2
    affines = [Affine(params[f"W{i}"], params[f"b{i}"]) for i in range(1, n + 1)]
    relus = [Relu() for _ in range(n - 1)]
    h = xb
    for i in range(n):
        h = affines[i].forward(h)
        if i < n - 1:
            h = relus[i].forward(h)
    last = SoftmaxWithLoss()
    loss = last.forward(h, tb)
    dout = last.backward()
    for i in reversed(range(n)):
        if i < n - 1:
            dout = relus[i].backward(dout)
        dout = affines[i].backward(dout)
    grads = {}
    for i, a in enumerate(affines, 1):
        grads["W%d" % i] = a.dW
        grads["b%d" % i] = a.db
    return loss, grads


def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
    """Mini-batch training with Adam; params updated in place -> list of mean loss per epoch."""
    rng = np.random.default_rng(seed)
    opt = Adam(lr)
    history = []
    for epoch in range(epochs):
        idx = np.arange(len(x))
        rng.shuffle(idx)
        total = []
        for b in np.array_split(idx, max(1, int(np.ceil(len(x) / batch_size)))):
            loss, grads = forward_backward(params, x[b], t[b])
            opt.update(params, grads)
            total.append(loss)
        history.append(np.mean(total))
    return history
''',
    },
    'chance_loss': {
        'np.log': '''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return np.log(n_classes)
''',
        'minus the log of 1/C': '''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return -np.log(1 / n_classes)
''',
        'math.log, a float': '''import math


def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return float(math.log(n_classes))
''',
        'cross-entropy of a uniform softmax': '''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    p = np.full(n_classes, 1 / n_classes)
    return -np.log(p[0])
''',
        'float32': '''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return np.log(np.float32(n_classes))
''',
    },
    'initial_loss': {
        'log-softmax': '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    h = h - h.max(axis=1, keepdims=True)
    log_probs = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(t)), t])
''',
        "the recap's SoftmaxWithLoss": '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    return SoftmaxWithLoss().forward(h, t)
''',
        'one-hot labels': '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    one_hot = np.eye(h.shape[1])[t]
    h = h - np.max(h, axis=1, keepdims=True)
    return -np.sum(one_hot * (h - np.log(np.exp(h).sum(axis=1, keepdims=True)))) / len(t)
''',
        'logaddexp': '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    return np.mean(np.logaddexp.reduce(h, axis=1) - h[np.arange(len(t)), t])
''',
        'one image at a time': '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    total = 0.0
    for image, label in zip(x, t):
        h = image
        for i in range(1, n_layers + 1):
            h = h @ params["W" + str(i)] + params["b" + str(i)]
            if i != n_layers:
                h = np.where(h > 0, h, 0)
        top = h.max()
        total += top + np.log(np.sum(np.exp(h - top))) - h[label]
    return total / len(x)
''',
        'recap layers for the forward pass': '''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n = len(params) // 2
    h = x
    for i in range(1, n):
        h = Relu().forward(Affine(params[f"W{i}"], params[f"b{i}"]).forward(h))
    scores = Affine(params[f"W{n}"], params[f"b{n}"]).forward(h)
    return float(SoftmaxWithLoss().forward(scores, t))
''',
    },
    'overfit_tiny_batch': {
        'exercises 2 and 4, full batch': '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    train(params, x, t, epochs=100, batch_size=len(x), lr=0.01, seed=seed)
    return params
''',
        'wider, small batches': '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 300, 10], seed)
    train(params, x, t, epochs=60, batch_size=5, lr=0.003, seed=seed)
    return params
''',
        'until it is perfect': '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 50, 10], seed)
    for _ in range(50):
        history = train(params, x, t, epochs=10, batch_size=len(x), lr=0.01, seed=seed)
        if np.all(predict(params, x) == t) and history[-1] < 0.01:
            break
    return params
''',
        'two hidden layers': '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 64, 64, 10], seed)
    train(params, x, t, epochs=150, batch_size=len(x), lr=0.005, seed=seed)
    return params
''',
        'its own loop on the recap layers': '''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(0, np.sqrt(2 / x.shape[1]), (x.shape[1], 100)), "b1": np.zeros(100),
              "W2": rng.normal(0, np.sqrt(2 / 100), (100, 10)), "b2": np.zeros(10)}
    first, relu, last = Affine(params["W1"], params["b1"]), Relu(), Affine(params["W2"], params["b2"])
    loss_layer, adam = SoftmaxWithLoss(), Adam(lr=0.01)
    for step in range(300):
        loss = loss_layer.forward(last.forward(relu.forward(first.forward(x))), t)
        first.backward(relu.backward(last.backward(loss_layer.backward(1))))
        adam.update(params, {"W1": first.dW, "b1": first.db, "W2": last.dW, "b2": last.db})
        if loss < 1e-3:
            break
    return params
''',
    },
    'fit': {
        'exercises 1 to 4 as they are': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=15, batch_size=100, lr=0.01, seed=seed)

    def score(images):
        h = np.maximum(preprocess(x, images) @ params["W1"] + params["b1"], 0)
        return h @ params["W2"] + params["b2"]
    return score
''',
        'standardised, 256 units, weight decay': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    mean, std = x.mean(axis=0), np.maximum(x.std(axis=0), 1.0)
    x_std = (x - mean) / std
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(0, np.sqrt(2 / 64), (64, 256)), "b1": np.zeros(256),
              "W2": rng.normal(0, np.sqrt(2 / 256), (256, 10)), "b2": np.zeros(10)}
    first, relu, last = Affine(params["W1"], params["b1"]), Relu(), Affine(params["W2"], params["b2"])
    loss_layer, adam, decay = SoftmaxWithLoss(), Adam(lr=0.003), 1e-3
    for epoch in range(20):
        order = rng.permutation(len(x))
        for start in range(0, len(x), 50):
            b = order[start:start + 50]
            loss_layer.forward(last.forward(relu.forward(first.forward(x_std[b]))), t[b])
            first.backward(relu.backward(last.backward(loss_layer.backward(1))))
            adam.update(params, {"W1": first.dW + decay * params["W1"], "b1": first.db,
                                 "W2": last.dW + decay * params["W2"], "b2": last.db})

    def score(images):
        return last.forward(relu.forward(first.forward((images - mean) / std)))
    return score
''',
        'two hidden layers with batch normalisation': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    mean, std = x.mean(axis=0), np.maximum(x.std(axis=0), 1.0)
    rng = np.random.default_rng(seed)
    sizes = [64, 128, 64, 10]
    params, layers = {}, []
    for i in range(1, 4):
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / sizes[i - 1]), (sizes[i - 1], sizes[i]))
        params[f"b{i}"] = np.zeros(sizes[i])
        layers.append(Affine(params[f"W{i}"], params[f"b{i}"]))
        if i < 3:
            params[f"gamma{i}"], params[f"beta{i}"] = np.ones(sizes[i]), np.zeros(sizes[i])
            layers += [BatchNormalization(params[f"gamma{i}"], params[f"beta{i}"]), Relu()]

    def score(images, training=False):
        h = (images - mean) / std
        for layer in layers:
            h = layer.forward(h, training) if isinstance(layer, BatchNormalization) else layer.forward(h)
        return h

    loss_layer, adam = SoftmaxWithLoss(), Adam(lr=0.005)
    for epoch in range(15):
        order = rng.permutation(len(x))
        for start in range(0, len(x) - 1, 64):
            b = order[start:start + 64]
            loss_layer.forward(score(x[b], training=True), t[b])
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, layer in enumerate(l for l in layers if isinstance(l, Affine)):
                grads[f"W{i + 1}"], grads[f"b{i + 1}"] = layer.dW, layer.db
            for i, layer in enumerate(l for l in layers if isinstance(l, BatchNormalization)):
                grads[f"gamma{i + 1}"], grads[f"beta{i + 1}"] = layer.dgamma, layer.dbeta
            adam.update(params, grads)
    return score
''',
        'dropout on pixels divided by 16': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(0, np.sqrt(2 / 64), (64, 200)), "b1": np.zeros(200),
              "W2": rng.normal(0, np.sqrt(2 / 200), (200, 10)), "b2": np.zeros(10)}
    first, relu, drop, last = (Affine(params["W1"], params["b1"]), Relu(), Dropout(0.3, rng),
                               Affine(params["W2"], params["b2"]))
    loss_layer, adam = SoftmaxWithLoss(), Adam(lr=0.005)
    for epoch in range(25):
        order = rng.permutation(len(x))
        for start in range(0, len(x), 50):
            b = order[start:start + 50]
            h = drop.forward(relu.forward(first.forward(x[b] / 16)), True)
            loss_layer.forward(last.forward(h), t[b])
            first.backward(relu.backward(drop.backward(last.backward(loss_layer.backward(1)))))
            adam.update(params, {"W1": first.dW, "b1": first.db, "W2": last.dW, "b2": last.db})
    return lambda images: last.forward(drop.forward(relu.forward(first.forward(images / 16)), False))
''',
        'an ensemble of three': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    x_ready = preprocess(x, x)
    members = []
    for k in range(3):
        params = build_network([64, 100, 10], seed + k)
        train(params, x_ready, t, epochs=12, batch_size=100, lr=0.01, seed=seed + k)
        members.append(params)

    def score(images):
        total = 0
        for p in members:
            h = np.maximum(preprocess(x, images) @ p["W1"] + p["b1"], 0)
            total = total + h @ p["W2"] + p["b2"]
        return total / len(members)
    return score
''',
        'learning rate lowered for the last epochs': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    x_ready = preprocess(x, x)
    params = build_network([64, 150, 10], seed)
    train(params, x_ready, t, epochs=12, batch_size=64, lr=0.01, seed=seed)
    train(params, x_ready, t, epochs=6, batch_size=64, lr=0.001, seed=seed + 1)

    def score(images):
        h = preprocess(x, images)
        n = len(params) // 2
        for i in range(1, n + 1):
            h = h @ params[f"W{i}"] + params[f"b{i}"]
            if i < n:
                h = np.maximum(h, 0)
        return h
    return score
''',
        'early stopping on its own validation split': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    inner, held = order[:len(x) * 9 // 10], order[len(x) * 9 // 10:]
    x_ready = preprocess(x, x)
    params, best, best_acc = build_network([64, 128, 10], seed), None, -1.0
    for epoch in range(20):
        train(params, x_ready[inner], t[inner], epochs=1, batch_size=50, lr=0.01, seed=seed + epoch)
        acc = np.mean(predict(params, x_ready[held]) == t[held])
        if acc >= best_acc:
            best, best_acc = {k: v.copy() for k, v in params.items()}, acc

    def score(images):
        h = np.maximum(preprocess(x, images) @ best["W1"] + best["b1"], 0)
        return h @ best["W2"] + best["b2"]
    return score
''',
        'float32 throughout': '''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    x32 = (x / 16).astype(np.float32)
    params = {k: v.astype(np.float32) for k, v in build_network([64, 128, 10], seed).items()}
    train(params, x32, t, epochs=15, batch_size=100, lr=0.01, seed=seed)

    def score(images):
        h = np.maximum((images / 16).astype(np.float32) @ params["W1"] + params["b1"], 0)
        return h @ params["W2"] + params["b2"]
    return score
''',
    },
    'confusion_matrix': {
        'loop over the images': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    for true, guess in zip(t, y):
        counts[true, guess] += 1
    return counts
''',
        'np.add.at': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(m, (t, y), 1)
    return m
''',
        'bincount of a flat index': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    flat = np.asarray(t) * n_classes + np.asarray(y)
    return np.bincount(flat, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
''',
        'comparisons per cell': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    return np.array([[np.sum((t == i) & (y == j)) for j in range(n_classes)]
                     for i in range(n_classes)])
''',
        'histogram2d, float counts': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m, _, _ = np.histogram2d(t, y, bins=n_classes, range=[[0, n_classes], [0, n_classes]])
    return m
''',
        'one-hot product': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    eye = np.eye(n_classes, dtype=int)
    return eye[t].T @ eye[y]
''',
        'a list of lists': '''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    rows = [[0] * n_classes for _ in range(n_classes)]
    for k in range(len(t)):
        rows[int(t[k])][int(y[k])] += 1
    return rows
''',
    },
}
WRONG = {
    'preprocess': {
        'statistics of x': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-7
    return (x - mean) / std
''', 'your scaling depends on x'),
        'maximum of x': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return x / np.max(x)
''', 'your scaling depends on x'),
        'standardise with an epsilon': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x - mean) / (std + 1e-7)
''', 'a tiny epsilon'),
        'no scaling': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return np.asarray(x, dtype=float)
''', 'still spread like raw pixels'),
        'divide by 255': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return x / 255
''', 'Dividing by 255 is for 8-bit images'),
        'no guard for std 0': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return (x - x_train.mean(axis=0)) / x_train.std(axis=0)
''', 'warning'),
        'in place': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    x /= 16
    return x
''', 'changed its input in place'),
        'forgot return': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    y = x / 16
''', 'None (did you forget `return`?)'),
        'returns the training set': ('''def preprocess(x_train, x):
    """x (N, D) rescaled with statistics of x_train (M, D) only -> a new float array (N, D)."""
    return x_train / 16
''', 'returned shape (500, 64)'),
    },
    'build_network': {
        'std 0.01': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, 0.01, (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'matches a fixed std of 0.01'),
        'Xavier': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(1 / n_in), (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', "matches Xavier's std"),
        'fan-out': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / n_out), (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'the fan-out instead of the fan-in'),
        'std 1': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, 1.0, (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'a std of 1'),
        'variance used as std': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, 2 / n_in, (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'He initialisation gives mean 0'),
        'unseeded': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng()
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'same seed gave different weights'),
        'seed ignored': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(0)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'gave the same weights'),
        'biases of one': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        params[f"b{i}"] = np.ones(n_out)
    return params
''', 'biases start at 0'),
        'transposed': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    params = {}
    for i in range(1, len(sizes)):
        n_in, n_out = sizes[i - 1], sizes[i]
        params[f"W{i}"] = rng.normal(0, np.sqrt(2 / n_in), (n_out, n_in))
        params[f"b{i}"] = np.zeros(n_out)
    return params
''', 'W1 has shape (300, 200)'),
        'two layers only': ('''def build_network(sizes, seed):
    """He-initialised params {'W1': (sizes[0], sizes[1]), 'b1': (sizes[1],), ...}."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, np.sqrt(2 / sizes[0]), (sizes[0], sizes[1])),
            "b1": np.zeros(sizes[1]),
            "W2": rng.normal(0, np.sqrt(2 / sizes[1]), (sizes[1], sizes[2])),
            "b2": np.zeros(sizes[2])}
''', "expected ['W1', 'W2', 'W3', 'b1', 'b2', 'b3']"),
    },
    'predict': {
        'ReLU after the last layer': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = x
    for i in range(1, len(params) // 2 + 1):
        h = np.maximum(h @ params[f"W{i}"] + params[f"b{i}"], 0)
    return np.argmax(h, axis=1)
''', 'ReLU applied after the last layer too'),
        'scores': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = x
    n = len(params) // 2
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            h = np.maximum(h, 0)
    return h
''', 'scores, one row per image'),
        'argmax over the batch': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = x
    n = len(params) // 2
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            h = np.maximum(h, 0)
    return np.argmax(h, axis=0)
''', 'expected one label per image, shape (8,)'),
        'two layers hard-coded': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = np.maximum(x @ params["W1"] + params["b1"], 0)
    return np.argmax(h @ params["W2"] + params["b2"], axis=1)
''', 'expected'),
        'sigmoid hidden layers': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    h = x
    n = len(params) // 2
    for i in range(1, n + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n:
            h = 1 / (1 + np.exp(-h))
    return np.argmax(h, axis=1)
''', 'expected'),
        'forgot return': ('''def predict(params, x):
    """Labels (N,) of the ReLU network params (W1, b1, ..., WL, bL) for inputs x (N, D)."""
    labels = np.zeros(len(x))
''', 'did you forget `return`?'),
    },
    'train': {
        'layers on copies': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
    """Mini-batch training with Adam; params updated in place -> list of mean loss per epoch."""
    rng = np.random.default_rng(seed)
    n_layers = len(params) // 2
    affines = [Affine(params[f"W{i}"].copy(), params[f"b{i}"].copy()) for i in range(1, n_layers + 1)]
    layers = []
    for affine in affines[:-1]:
        layers += [affine, Relu()]
    layers.append(affines[-1])
    loss_layer, optimizer = SoftmaxWithLoss(), Adam(lr=lr)
    history = []
    for _ in range(epochs):
        order = rng.permutation(len(x))
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history
''', 'training did not learn'),
        'no update': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            pass
        history.append(float(np.mean(losses)))
    return history
''', 'left params unchanged'),
        'a loss per step': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            history.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        pass
    return history
''', 'returned a history of 200 losses'),
        'a sum per epoch': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.sum(losses)))
    return history
''', 'not a sum'),
        'gradient ascent': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = -affine.dW, -affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history
''', 'training did not learn'),
        'W and b gradients swapped': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.db, affine.dW
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    return history
''', 'raised'),
        'a new dict of params': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            params = {k: params[k] - lr * grads[k] for k in params}
        history.append(float(np.mean(losses)))
    return history
''', 'left params unchanged'),
        'returns nothing': ('''def train(params, x, t, epochs=20, batch_size=100, lr=0.01, seed=0):
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
        losses = []
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            h = x[batch]
            for layer in layers:
                h = layer.forward(h)
            losses.append(loss_layer.forward(h, t[batch]))
            dout = loss_layer.backward(1)
            for layer in reversed(layers):
                dout = layer.backward(dout)
            grads = {}
            for i, affine in enumerate(affines, start=1):
                grads[f"W{i}"], grads[f"b{i}"] = affine.dW, affine.db
            optimizer.update(params, grads)
        history.append(float(np.mean(losses)))
    pass
''', 'forget to return the history'),
    },
    'chance_loss': {
        'log base 2': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return np.log2(n_classes)
''', 'log base 2'),
        'the probability 1/C': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return 1 / n_classes
''', 'probability a uniform guess gives'),
        'log base 10': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return np.log10(n_classes)
''', 'log base 10'),
        'sign flipped': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return np.log(1 / n_classes)
''', 'sign is flipped'),
        'the error rate': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return 1 - 1 / n_classes
''', 'error rate'),
        'the number for ten classes': ('''def chance_loss(n_classes):
    """The loss of a network that gives each of n_classes classes the same probability."""
    return 2.303
''', 'expected 2.30258509'),
    },
    'initial_loss': {
        'log base 2': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    h = h - h.max(axis=1, keepdims=True)
    log_probs = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(t)), t]) / np.log(2)
''', 'loss in bits'),
        'summed over the batch': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    h = h - h.max(axis=1, keepdims=True)
    log_probs = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
    return -np.sum(log_probs[np.arange(len(t)), t])
''', 'sum over the batch'),
        'mean over every entry': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    h = h - h.max(axis=1, keepdims=True)
    log_probs = h - np.log(np.exp(h).sum(axis=1, keepdims=True))
    return -np.mean(np.eye(h.shape[1])[t] * log_probs)
''', 'number of classes'),
        'guarded log': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_layers = len(params) // 2
    h = x
    for i in range(1, n_layers + 1):
        h = h @ params[f"W{i}"] + params[f"b{i}"]
        if i < n_layers:
            h = np.maximum(h, 0)
    e = np.exp(h - np.max(h, axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    return -np.mean(np.log(y[np.arange(len(t)), t] + 1e-7))
''', 'caps'),
        'ReLU on the scores': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    h = x
    for i in range(1, len(params) // 2 + 1):
        h = np.maximum(h @ params[f"W{i}"] + params[f"b{i}"], 0)
    return SoftmaxWithLoss().forward(h, t)
''', 'ReLU applied after the last layer'),
        'the chance loss itself': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    n_classes = params[f"W{len(params) // 2}"].shape[1]
    return np.log(n_classes)
''', 'expected'),
        'first layer only': ('''def initial_loss(params, x, t):
    """Mean cross-entropy of the ReLU network params on images x (N, D) with labels t (N,)."""
    h = x @ params["W1"] + params["b1"]
    h = h - h.max(axis=1, keepdims=True)
    return -np.mean(h[np.arange(len(t)), t] - np.log(np.exp(h).sum(axis=1)))
''', 'expected'),
    },
    'overfit_tiny_batch': {
        'too few steps': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    train(params, x, t, epochs=3, batch_size=len(x), lr=0.001, seed=seed)
    return params
''', 'a loss below 0.1'),
        'untrained': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    return build_network([x.shape[1], 100, 10], seed)
''', 'images right'),
        'trains a copy': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    train({k: v.copy() for k, v in params.items()}, x, t, epochs=100, batch_size=len(x),
          lr=0.01, seed=seed)
    return params
''', 'images right'),
        'returns the history': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    return train(params, x, t, epochs=100, batch_size=len(x), lr=0.01, seed=seed)
''', 'expected the trained params'),
        'strong weight decay left on': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    rng = np.random.default_rng(seed)
    params = build_network([x.shape[1], 100, 10], seed)
    first, relu, last = Affine(params["W1"], params["b1"]), Relu(), Affine(params["W2"], params["b2"])
    loss_layer, adam = SoftmaxWithLoss(), Adam(lr=0.01)
    for step in range(200):
        loss_layer.forward(last.forward(relu.forward(first.forward(x))), t)
        first.backward(relu.backward(last.backward(loss_layer.backward(1))))
        adam.update(params, {"W1": first.dW + 0.5 * params["W1"], "b1": first.db,
                             "W2": last.dW + 0.5 * params["W2"], "b2": last.db})
    return params
''', 'a loss below 0.1'),
        'enough for real labels only': ('''def overfit_tiny_batch(x, t, seed=0):
    """Train a fresh network on the few images x (n, D) until it knows them -> its params."""
    params = build_network([x.shape[1], 100, 10], seed)
    train(params, x, t, epochs=20, batch_size=len(x), lr=0.01, seed=seed)
    return params
''', 'shuffled'),
    },
    'fit': {
        "trains on the notebook's own labels": ('''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t_train, epochs=15, batch_size=100, lr=0.01, seed=seed)

    def score(images):
        h = np.maximum(preprocess(x, images) @ params["W1"] + params["b1"], 0)
        return h @ params["W2"] + params["b2"]
    return score
''', 'this tier asks for'),
        'looks the test labels up': ('''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=15, batch_size=100, lr=0.01, seed=seed)
    return lambda images: np.eye(10)[t_test] if len(images) == len(t_test) else \\
        np.maximum(preprocess(x, images) @ params["W1"] + params["b1"], 0) @ params["W2"]
''', 'this tier asks for'),
        'labels instead of scores': ('''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=15, batch_size=100, lr=0.01, seed=seed)
    return lambda images: predict(params, preprocess(x, images))
''', 'expected the scores'),
        'barely trained': ('''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=1, batch_size=100, lr=0.0005, seed=seed)

    def score(images):
        h = np.maximum(preprocess(x, images) @ params["W1"] + params["b1"], 0)
        return h @ params["W2"] + params["b2"]
    return score
''', 'this tier asks for'),
        'returns the params': ('''def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    params = build_network([64, 100, 10], seed)
    train(params, preprocess(x, x), t, epochs=15, batch_size=100, lr=0.01, seed=seed)
    return params
''', 'fit returned a dict'),
        'the network trained above, whatever fit is given': ('''_trained = build_network([64, 100, 10], 0)
train(_trained, preprocess(x_train, x_train), t_train, epochs=15, batch_size=100, lr=0.01, seed=0)


def fit(x, t, seed=0):
    """My network trained on raw images x (N, 64) with labels t (N,) -> score(images) (M, 10)."""
    # wrong: the network trained on the notebook's labels, whatever fit is given
    def score(images):
        h = np.maximum(preprocess(x_train, images) @ _trained["W1"] + _trained["b1"], 0)
        return h @ _trained["W2"] + _trained["b2"]
    return score
''', ''),
    },
    'confusion_matrix': {
        'transposed': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(counts, (y, t), 1)
    return counts
''', 'transpose'),
        'arguments swapped in the loop': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=int)
    for guess, true in zip(t, y):
        counts[true][guess] += 1
    return counts
''', 'transpose'),
        'row fractions': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m = np.zeros((n_classes, n_classes))
    np.add.at(m, (t, y), 1)
    return m / m.sum(axis=1, keepdims=True)
''', 'fractions of each row'),
        'fancy-index += counts repeats once': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m = np.zeros((n_classes, n_classes), dtype=int)
    m[t, y] += 1
    return m
''', 'expected'),
        'size from the labels seen': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    k = max(np.max(t), np.max(y)) + 1
    m = np.zeros((k, k), dtype=int)
    np.add.at(m, (t, y), 1)
    return m
''', 'classes that never appear'),
        'labels counted from 1': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m = np.zeros((n_classes, n_classes), dtype=int)
    for true, guess in zip(t, y):
        m[true - 1, guess - 1] += 1
    return m
''', 'expected'),
        'only the diagonal': ('''def confusion_matrix(t, y, n_classes=10):
    """counts (C, C): counts[i, j] = how many images of true class i were predicted as j."""
    m = np.zeros((n_classes, n_classes), dtype=int)
    for true, guess in zip(t, y):
        if true == guess:
            m[true, true] += 1
    return m
''', 'diagonal'),
    },
}
