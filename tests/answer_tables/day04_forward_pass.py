"""Ways a class writes each exercise of day 4, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np; `forward` and `predict` may call
the student's `sigmoid` and `forward`."""

_WORKED = '''
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
'''


def _network(**changes):
    """init_network returning the worked dict with some lines replaced."""
    body = _WORKED
    for old, new in changes.values():
        body = body.replace(old, new)
    return f'''def init_network():
    return {{{body}    }}
'''


CORRECT = {
    "sigmoid": {
        "exp of minus |x|, two masks on a float copy": '''def sigmoid(x):
    x = np.array(x, dtype=float)
    out = np.empty_like(x)
    pos = x >= 0
    out[pos] = 1 / (1 + np.exp(-x[pos]))
    e = np.exp(x[~pos])
    out[~pos] = e / (1 + e)
    return out
''',
        "through tanh": '''def sigmoid(x):
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))
''',
        "np.exp(np.minimum(x, 0)) over 1 + exp(-|x|)": '''def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))
''',
        "float32 kept": '''def sigmoid(x):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))
''',
    },
    "init_network": {
        "a dict built key by key": '''def init_network():
    network = {}
    network['W1'] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network['b1'] = np.array([0.1, 0.2, 0.3])
    network['W2'] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network['b2'] = np.array([0.1, 0.2])
    network['W3'] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network['b3'] = np.array([0.1, 0.2])
    return network
''',
        "dict() with keywords": '''def init_network():
    return dict(W1=np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), b1=np.array([0.1, 0.2, 0.3]),
                W2=np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]), b2=np.array([0.1, 0.2]),
                W3=np.array([[0.1, 0.3], [0.2, 0.4]]), b3=np.array([0.1, 0.2]))
''',
        "reshaped ranges": '''def init_network():
    return {
        "W1": np.arange(1, 7).reshape(3, 2).T / 10,
        "b1": np.arange(1, 4) / 10,
        "W2": np.arange(1, 7).reshape(2, 3).T / 10,
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[1, 3], [2, 4]]) / 10,
        "b3": np.array([0.1, 0.2]),
    }
''',
        "columns written out, then transposed": '''def init_network():
    return {
        "W1": np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]).T,
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]).T,
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.2], [0.3, 0.4]]).T,
        "b3": np.array([0.1, 0.2]),
    }
''',
        "float32 arrays": '''def init_network():
    f = np.float32
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], dtype=f),
        "b1": np.array([0.1, 0.2, 0.3], dtype=f),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], dtype=f),
        "b2": np.array([0.1, 0.2], dtype=f),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]], dtype=f),
        "b3": np.array([0.1, 0.2], dtype=f),
    }
''',
    },
    "forward": {
        "np.dot, the book's way": '''def forward(network, x):
    W1, W2, W3 = network['W1'], network['W2'], network['W3']
    b1, b2, b3 = network['b1'], network['b2'], network['b3']
    a1 = np.dot(x, W1) + b1
    z1 = sigmoid(a1)
    a2 = np.dot(z1, W2) + b2
    z2 = sigmoid(a2)
    a3 = np.dot(z2, W3) + b3
    y = a3
    return y
''',
        "np.matmul": '''def forward(network, x):
    z = sigmoid(np.matmul(x, network["W1"]) + network["b1"])
    z = sigmoid(np.matmul(z, network["W2"]) + network["b2"])
    return np.matmul(z, network["W3"]) + network["b3"]
''',
        "a loop over the layers": '''def forward(network, x):
    z = np.asarray(x)
    for layer in (1, 2, 3):
        a = z @ network[f"W{layer}"] + network[f"b{layer}"]
        z = sigmoid(a) if layer < 3 else a
    return z
''',
        "atleast_2d, then back to one row for one sample": '''def forward(network, x):
    x = np.asarray(x)
    X = np.atleast_2d(x)
    Z1 = sigmoid(X @ network["W1"] + network["b1"])
    Z2 = sigmoid(Z1 @ network["W2"] + network["b2"])
    Y = Z2 @ network["W3"] + network["b3"]
    return Y[0] if x.ndim == 1 else Y
''',
        "einsum": '''def forward(network, x):
    z1 = sigmoid(np.einsum("...i,ij->...j", x, network["W1"]) + network["b1"])
    z2 = sigmoid(np.einsum("...i,ij->...j", z1, network["W2"]) + network["b2"])
    return np.einsum("...i,ij->...j", z2, network["W3"]) + network["b3"]
''',
        "transposed products, (W.T @ x.T).T": '''def forward(network, x):
    x = np.asarray(x)
    z1 = sigmoid((network["W1"].T @ x.T).T + network["b1"])
    z2 = sigmoid((network["W2"].T @ z1.T).T + network["b2"])
    return (network["W3"].T @ z2.T).T + network["b3"]
''',
        "a stable sigmoid of its own, float32 kept": '''def forward(network, x):
    def act(a):
        e = np.exp(-np.abs(a))
        return np.where(a >= 0, 1 / (1 + e), e / (1 + e))
    z1 = act(x @ network["W1"] + network["b1"])
    z2 = act(z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]
''',
        "keys unpacked in a comprehension": '''def forward(network, x):
    W1, b1, W2, b2, W3, b3 = (network[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    return sigmoid(sigmoid(x @ W1 + b1) @ W2 + b2) @ W3 + b3
''',
    },
    "predict": {
        "argmax along axis -1 as a method": '''def predict(network, x):
    y = forward(network, x)
    return y.argmax(axis=-1)
''',
        "axis from ndim": '''def predict(network, x):
    y = forward(network, x)
    return np.argmax(y, axis=y.ndim - 1)
''',
        "one sample and a batch apart, int for one sample": '''def predict(network, x):
    y = forward(network, np.asarray(x))
    if y.ndim == 1:
        return int(np.argmax(y))
    return np.argmax(y, axis=1)
''',
        "argmax of the shifted exponentials (softmax's order)": '''def predict(network, x):
    y = forward(network, x)
    e = np.exp(y - np.max(y, axis=-1, keepdims=True))
    return np.argmax(e / np.sum(e, axis=-1, keepdims=True), axis=-1)
''',
        "the forward pass written again": '''def predict(network, x):
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return np.argmax(z2 @ network["W3"] + network["b3"], axis=-1)
''',
        "a loop over the rows of a batch": '''def predict(network, x):
    x = np.asarray(x)
    if x.ndim == 1:
        return np.argmax(forward(network, x))
    return np.array([np.argmax(forward(network, row)) for row in x])
''',
    },
}

WRONG = {
    "sigmoid": {
        "exp(x) / (1 + exp(x)) overflows for large x": ('''def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.exp(x) / (1 + np.exp(x))
''', "warning"),
        "the sign of x flipped": ('''def sigmoid(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))
''', "expected"),
        "masks written into the caller's array": ('''def sigmoid(x):
    x = np.asarray(x, dtype=float)
    neg = x < 0
    x[neg] = -x[neg]
    e = np.exp(-x)
    return np.where(neg, e / (1 + e), 1 / (1 + e))
''', "changed its input"),
        "math.exp: numbers only": ('''import math


def sigmoid(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    return math.exp(x) / (1 + math.exp(x))
''', "raised"),
    },
    "init_network": {
        "W1 transposed": (_network(w1=('"W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])',
                                       '"W1": np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])')),
                          "transposed"),
        "b1 as a row (1, 3)": (_network(b1=('"b1": np.array([0.1, 0.2, 0.3])',
                                            '"b1": np.array([[0.1, 0.2, 0.3]])')),
                               "shape"),
        "plain lists": (_network(b2=('"b2": np.array([0.1, 0.2])', '"b2": [0.1, 0.2]')),
                        "not a NumPy array"),
        "a typo in W2": (_network(w2=('[0.2, 0.5]', '[0.2, 0.6]')), "index"),
        "a tuple of arrays": ('''def init_network():
    W1 = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    b1 = np.array([0.1, 0.2, 0.3])
    W2 = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    b2 = np.array([0.1, 0.2])
    W3 = np.array([[0.1, 0.3], [0.2, 0.4]])
    b3 = np.array([0.1, 0.2])
    return W1, b1, W2, b2, W3, b3
''', "dict"),
        "no return": ('''def init_network():
    network = {}
    network["W1"] = np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    network["b1"] = np.array([0.1, 0.2, 0.3])
    network["W2"] = np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    network["b2"] = np.array([0.1, 0.2])
    network["W3"] = np.array([[0.1, 0.3], [0.2, 0.4]])
    network["b3"] = np.array([0.1, 0.2])
''', "return"),
        "W3 with b2's numbers": (_network(w3=('"W3": np.array([[0.1, 0.3], [0.2, 0.4]])',
                                              '"W3": np.array([[0.1, 0.2], [0.1, 0.2]])')),
                                 "index"),
    },
    "forward": {
        "softmax output": ('''def forward(network, x):
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    a3 = z2 @ network["W3"] + network["b3"]
    e = np.exp(a3 - np.max(a3, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
''', "softmax"),
        "sigmoid on the output too": ('''def forward(network, x):
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return sigmoid(z2 @ network["W3"] + network["b3"])
''', "identity"),
        "no biases": ('''def forward(network, x):
    z1 = sigmoid(x @ network["W1"])
    z2 = sigmoid(z1 @ network["W2"])
    return z2 @ network["W3"]
''', "biases"),
        "a naive sigmoid of its own overflows": ('''def forward(network, x):
    act = lambda a: 1 / (1 + np.exp(-a))
    z1 = act(x @ network["W1"] + network["b1"])
    z2 = act(z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]
''', "warning"),
        "activations stored in the network": ('''def forward(network, x):
    network["z1"] = sigmoid(x @ network["W1"] + network["b1"])
    network["z2"] = sigmoid(network["z1"] @ network["W2"] + network["b2"])
    return network["z2"] @ network["W3"] + network["b3"]
''', "changed its input"),
        "squeezed: a batch of one loses its axis": ('''def forward(network, x):
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return np.squeeze(z2 @ network["W3"] + network["b3"])
''', "np.squeeze"),
        "always a batch: one sample comes back as (1, C)": ('''def forward(network, x):
    x = np.atleast_2d(x)
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]
''', "batch of one"),
        "the worked network built inside": ('''def forward(network, x):
    network = init_network()
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]
''', "inside forward"),
        "ReLU hidden layers": ('''def forward(network, x):
    z1 = np.maximum(0, x @ network["W1"] + network["b1"])
    z2 = np.maximum(0, z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]
''', "sigmoid"),
    },
    "predict": {
        "argmax over axis 0": ('''def predict(network, x):
    return np.argmax(forward(network, x), axis=0)
''', "axis"),
        "axis=1 breaks one sample": ('''def predict(network, x):
    return np.argmax(forward(network, x), axis=1)
''', "axis"),
        "the scores, not the index": ('''def predict(network, x):
    return forward(network, x)
''', "index"),
        "the largest score, not its index": ('''def predict(network, x):
    return np.max(forward(network, x), axis=-1)
''', "class indices"),
        "argmin": ('''def predict(network, x):
    return np.argmin(forward(network, x), axis=-1)
''', "expected"),
    },
}
