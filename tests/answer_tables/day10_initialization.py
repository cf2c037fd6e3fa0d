"""Ways a class writes each exercise of day 10, graded through the real nbgrader pipeline
(tests/test_pipeline.py): every CORRECT variant keeps full marks, every WRONG one loses exactly
its exercise's points, with a failure message containing the given words. The notebook's first
cell imports numpy as np. The notebook asks for Glorot's Xavier std, sqrt(2 / (fan_in +
fan_out)), and for every weight drawn from the generator `rng` it is given; init_params is
judged with the course's initialisers in place of the notebook's."""


def _initialiser(name, body):
    """An initialiser's answer cell with `body` (lines 4 spaces in, joined by newlines)."""
    return f"def {name}(fan_in, fan_out, rng):\n    " + body.replace("\n", "\n    ") + "\n"


def _layers(body):
    return "def layer_activations(x, weights, activation):\n    " + \
        body.replace("\n", "\n    ") + "\n"


def _params(body):
    return "def init_params(layer_sizes, activation, rng):\n    " + \
        body.replace("\n", "\n    ") + "\n"


_GLOROT = "np.sqrt(2 / (fan_in + fan_out))"
_HE = "np.sqrt(2 / fan_in)"


def _normal(std):
    """Ways to draw a (fan_in, fan_out) normal sample of the given std from rng."""
    return {
        "rng.normal with a size tuple": f"return rng.normal(0.0, {std}, size=(fan_in, fan_out))",
        "scaled rng.standard_normal": f"return {std} * rng.standard_normal((fan_in, fan_out))",
        "keywords loc, scale and a size list": (f"return rng.normal(loc=0, scale={std}, "
                                                "size=[fan_in, fan_out])"),
        "float32": ("w = rng.standard_normal((fan_in, fan_out), dtype=np.float32)\n"
                    f"return w * np.float32({std})"),
        "drawn transposed, then .T": f"return rng.normal(0, {std}, (fan_out, fan_in)).T",
        "flat draw reshaped": (f"w = rng.normal(0, {std}, fan_in * fan_out)\n"
                               "return w.reshape(fan_in, fan_out)"),
    }


def _as(name, variants):
    return {label: _initialiser(name, body) for label, body in variants.items()}


_LOOP = '''outputs = []
a = x
for W in weights:
    a = activation(a @ W)
    outputs.append(a)
return outputs'''

_PARAMS_LOOP = '''params = {}
for k in range(1, len(layer_sizes)):
    init = he_normal if activation == "relu" else xavier_normal
    params[f"W{k}"] = init(layer_sizes[k - 1], layer_sizes[k], rng)
    params[f"b{k}"] = np.zeros(layer_sizes[k])
return params'''


def _params_slip(old, new):
    source = _PARAMS_LOOP.replace(old, new)
    assert source != _PARAMS_LOOP, old
    return _params(source)


CORRECT = {
    "layer_activations": {
        "the loop of the text": _layers(_LOOP),
        "np.dot and a tuple": _layers('''a, outputs = x, []
for W in weights:
    a = activation(np.dot(a, W))
    outputs.append(a)
return tuple(outputs)'''),
        "a walrus in a comprehension": _layers('''a = x
return [a := activation(a @ W) for W in weights]'''),
        "itertools.accumulate": _layers('''import itertools
steps = itertools.accumulate(weights, lambda a, W: activation(a.dot(W)), initial=x)
return list(steps)[1:]'''),
        "an index loop with np.matmul": _layers('''outputs = []
for k in range(len(weights)):
    previous = x if k == 0 else outputs[k - 1]
    outputs.append(activation(np.matmul(previous, weights[k])))
return outputs'''),
        "recursion": _layers('''if not weights:
    return []
a = activation(x @ weights[0])
return [a] + layer_activations(a, weights[1:], activation)'''),
    },
    "xavier_normal": {
        **_as("xavier_normal", _normal(_GLOROT)),
        "1 / sqrt of the mean fan": _initialiser(
            "xavier_normal", "return rng.normal(0, 1 / np.sqrt((fan_in + fan_out) / 2), "
                             "(fan_in, fan_out))"),
        "math.sqrt of a variance": _initialiser(
            "xavier_normal", "import math\nvariance = 2.0 / (fan_in + fan_out)\n"
                             "return rng.normal(0, math.sqrt(variance), (fan_in, fan_out))"),
    },
    "he_normal": {
        **_as("he_normal", _normal(_HE)),
        "sqrt(2) / sqrt(fan_in)": _initialiser(
            "he_normal", "return rng.standard_normal(size=(fan_in, fan_out)) * "
                         "(np.sqrt(2) / np.sqrt(fan_in))"),
        "math.sqrt of a variance": _initialiser(
            "he_normal", "import math\n"
                         "return rng.normal(0, math.sqrt(2.0 / fan_in), (fan_in, fan_out))"),
    },
    "init_params": {
        "the loop of the text": _params(_PARAMS_LOOP),
        "zip of neighbouring sizes": _params('''params = {}
pairs = zip(layer_sizes[:-1], layer_sizes[1:])
for k, (fan_in, fan_out) in enumerate(pairs, start=1):
    if activation in ("sigmoid", "tanh"):
        params["W" + str(k)] = xavier_normal(fan_in, fan_out, rng)
    else:
        params["W" + str(k)] = he_normal(fan_in, fan_out, rng)
    params["b" + str(k)] = np.zeros((fan_out,))
return params'''),
        "a dict of initialisers": _params('''init = {"sigmoid": xavier_normal, "tanh": xavier_normal,
        "relu": he_normal}[activation]
params = {}
for k, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), 1):
    params[f"W{k}"] = init(n_in, n_out, rng)
    params[f"b{k}"] = np.zeros(n_out)
return params'''),
        "the stds written out, drawn with rng": _params('''params = {}
for k in range(1, len(layer_sizes)):
    n_in, n_out = layer_sizes[k - 1], layer_sizes[k]
    gain = 2 / n_in if activation == "relu" else 2 / (n_in + n_out)
    params[f"W{k}"] = np.sqrt(gain) * rng.standard_normal((n_in, n_out))
    params[f"b{k}"] = np.zeros(n_out)
return params'''),
        "float32 biases": _params_slip("np.zeros(layer_sizes[k])",
                                       "np.zeros(layer_sizes[k], dtype=np.float32)"),
    },
}

WRONG = {
    "layer_activations": {
        "the activation forgotten": (_layers(_LOOP.replace("activation(a @ W)", "a @ W")),
                                     "no activation"),
        "the activation before the product": (
            _layers(_LOOP.replace("activation(a @ W)", "activation(a) @ W")),
            "activation comes before the product"),
        "every layer fed x": (_layers("return [activation(x @ W) for W in weights]"),
                              "Every one of your layers is fed x"),
        "one weight matrix reused": (
            _layers(_LOOP.replace("activation(a @ W)", "activation(a @ weights[0])")),
            "first weight matrix"),
        "the weighted sums collected": (_layers('''outputs = []
a = x
for W in weights:
    z = a @ W
    outputs.append(z)
    a = activation(z)
return outputs'''), "before the activation"),
        "no activation on the last layer": (_layers('''a, outputs = x, []
for k, W in enumerate(weights):
    a = a @ W
    if k < len(weights) - 1:
        a = activation(a)
    outputs.append(a)
return outputs'''), "last layer has no activation"),
        "only the last layer": (_layers(_LOOP.replace("return outputs", "return a")),
                                "the last layer's output"),
        "x in the list": (_layers(_LOOP.replace("outputs = []", "outputs = [x]")),
                          "leave out the input x"),
    },
    "xavier_normal": {
        "the book's 1 / sqrt(fan_in)": (
            _initialiser("xavier_normal",
                         "return rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out))"),
            "book's simplified Xavier"),
        "He's std": (_initialiser("xavier_normal",
                                  f"return rng.normal(0, {_HE}, (fan_in, fan_out))"),
                     "He's std"),
        "the variance as the scale": (
            _initialiser("xavier_normal",
                         "return rng.normal(0, 2 / (fan_in + fan_out), (fan_in, fan_out))"),
            "used as the std"),
        "the 2 forgotten": (
            _initialiser("xavier_normal",
                         "return rng.normal(0, np.sqrt(1 / (fan_in + fan_out)), "
                         "(fan_in, fan_out))"),
            "the 2 is missing"),
        "a uniform of the same std": (
            _initialiser("xavier_normal",
                         "limit = np.sqrt(6 / (fan_in + fan_out))\n"
                         "return rng.uniform(-limit, limit, (fan_in, fan_out))"),
            "not normally distributed"),
        "np.random.randn, not rng": (
            _initialiser("xavier_normal", f"return np.random.randn(fan_in, fan_out) * {_GLOROT}"),
            "global generator"),
        "a generator of its own": (
            _initialiser("xavier_normal",
                         "rng = np.random.default_rng(42)\n"
                         f"return rng.normal(0, {_GLOROT}, (fan_in, fan_out))"),
            "a generator of your own"),
        "shape (fan_out, fan_in)": (
            _initialiser("xavier_normal", f"return rng.normal(0, {_GLOROT}, (fan_out, fan_in))"),
            "transposed"),
        "one row copied": (
            _initialiser("xavier_normal",
                         f"row = rng.normal(0, {_GLOROT}, fan_out)\n"
                         "return np.tile(row, (fan_in, 1))"),
            "repeat many values"),
        "all zeros": (_initialiser("xavier_normal", "return np.zeros((fan_in, fan_out))"),
                      "all equal"),
    },
    "he_normal": {
        "fan_out instead of fan_in": (
            _initialiser("he_normal",
                         "return rng.normal(0, np.sqrt(2 / fan_out), (fan_in, fan_out))"),
            "He counts the inputs"),
        "the variance as the scale": (
            _initialiser("he_normal", "return rng.normal(0, 2 / fan_in, (fan_in, fan_out))"),
            "used as the std"),
        "Xavier's std": (_initialiser("he_normal",
                                      f"return rng.normal(0, {_GLOROT}, (fan_in, fan_out))"),
                         "Xavier's std"),
        "the 2 forgotten": (
            _initialiser("he_normal",
                         "return rng.normal(0, 1 / np.sqrt(fan_in), (fan_in, fan_out))"),
            "book's simplified Xavier"),
        "He's uniform": (_initialiser("he_normal",
                                      "limit = np.sqrt(6 / fan_in)\n"
                                      "return rng.uniform(-limit, limit, (fan_in, fan_out))"),
                         "not normally distributed"),
        "np.random.normal, not rng": (
            _initialiser("he_normal",
                         f"return np.random.normal(0, {_HE}, (fan_in, fan_out))"),
            "global generator"),
        "unscaled": (_initialiser("he_normal", "return rng.standard_normal((fan_in, fan_out))"),
                     "unscaled standard normal"),
    },
    "init_params": {
        "He for every activation": (_params_slip(
            'he_normal if activation == "relu" else xavier_normal', "he_normal"),
            "sigmoid and tanh use Xavier"),
        "Xavier for every activation": (_params_slip(
            'he_normal if activation == "relu" else xavier_normal', "xavier_normal"),
            "ReLU uses He"),
        "random biases": (_params_slip("np.zeros(layer_sizes[k])",
                                       "rng.normal(0, 0.01, layer_sizes[k])"),
                          "must be zeros"),
        "biases of shape (1, n)": (_params_slip("np.zeros(layer_sizes[k])",
                                                "np.zeros((1, layer_sizes[k]))"),
                                   "must be zeros of shape"),
        "numbered from 0": (_params_slip('f"W{k}"', 'f"W{k - 1}"').replace(
            'f"b{k}"', 'f"b{k - 1}"'), "numbered from 1"),
        # A generator of its own is a call the reference never makes, so the student's own
        # initialiser runs there (see coursekit.checks.standins): with a right one the message
        # is "different seeds gave the same parameters", with one that draws from np.random
        # (another round's slip) "two generators made from the same seed gave different
        # parameters". Both are about the generators, and only these two messages are:
        "a fresh seeded generator per layer": (_params_slip(
            "layer_sizes[k], rng)", "layer_sizes[k], np.random.default_rng(k))"),
            "generators"),
        "transposed weights": (_params_slip("init(layer_sizes[k - 1], layer_sizes[k], rng)",
                                            "init(layer_sizes[k - 1], layer_sizes[k], rng).T"),
                               "transposed"),
        "the last layer left out": (_params_slip("range(1, len(layer_sizes))",
                                                 "range(1, len(layer_sizes) - 1)"),
                                    "one weight matrix W and one bias b per layer"),
    },
}
