"""A fully connected multilayer neural network (다층 신경망) of any depth (the book's
``MultiLayerNetExtend``), built from layer classes it is given: day 8's Affine, activation and
Softmax-with-loss layers are exercises, so a notebook passes its recap cell's.

Per hidden layer k = 1 .. L-1: Affine -> [BatchNorm] -> activation -> [Dropout]; then a final
Affine L whose scores feed SoftmaxWithLoss. Parameters live in ``params`` ('W1', 'b1', 'gamma1',
'beta1', ..., 'WL', 'bL'); the layers hold the very same arrays, so an optimizer that updates
``params`` in place trains the layers.
"""

import inspect
from collections import OrderedDict

import numpy as np

from .functions import as_float_array
from .init import initializer, zeros

# activation -> the name of its layer class in `layer_classes`
HIDDEN_ACTIVATIONS = {"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh",
                      "leaky_relu": "LeakyRelu"}
# The book names its two weight scales after the activation they suit.
WEIGHT_INIT_ALIASES = {"relu": "he", "sigmoid": "xavier"}
TRAIN_AWARE_LAYERS = ("BatchNorm", "Dropout")  # names of layers whose forward takes train_flg


def _check_sizes(input_size, hidden_size_list, output_size):
    sizes = [input_size, *hidden_size_list, output_size]
    if not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1
               for n in sizes):
        raise ValueError(f"MultiLayerNet: layer sizes must be integers >= 1, got input_size="
                         f"{input_size!r}, hidden_size_list={hidden_size_list!r}, "
                         f"output_size={output_size!r}")
    return [int(n) for n in sizes]


def _check_layer_class(name, value, what, optional=False):
    """A TypeError unless `value` is a class (or False/None when `optional`) that says `what`."""
    if isinstance(value, type) or (optional and value in (False, None)):
        return
    raise TypeError(f"MultiLayerNet: {name} must be {what}; got {value!r}. The course's layer "
                    "is that day's exercise, so the network is built with yours.")


def _layer_classes(layer_classes, activation):
    """{"Affine", "Activation", "SoftmaxWithLoss": class} from the given mapping; a TypeError that
    names what is missing."""
    needed = {"Affine": "Affine", "Activation": HIDDEN_ACTIVATIONS[activation],
              "SoftmaxWithLoss": "SoftmaxWithLoss"}
    given = layer_classes if hasattr(layer_classes, "get") else {}
    missing = [name for name in needed.values() if not isinstance(given.get(name), type)]
    if missing:
        raise TypeError(f"MultiLayerNet: layer_classes must map the names "
                        f"{', '.join(needed.values())} to layer classes "
                        f"(activation={activation!r}); missing: "
                        f"{', '.join(missing)}. Pass the recap cell's: "
                        "layer_classes={\"Affine\": Affine, \"Relu\": Relu, "
                        "\"SoftmaxWithLoss\": SoftmaxWithLoss}.")
    return {role: given[name] for role, name in needed.items()}


def _takes(cls, parameter):
    """Whether the class's constructor has a parameter of that name."""
    try:
        return parameter in inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return False


def _float_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"MultiLayerNet: dtype must be a float type such as np.float32, "
                        f"got {dtype}")
    return dtype


class MultiLayerNet:
    """Fully connected classifier: input_size -> hidden_size_list ... -> output_size scores.

    layer_classes: {"Affine": ..., "SoftmaxWithLoss": ..., and the activation's layer: "Relu",
        "Sigmoid", "Tanh" or "LeakyRelu"} -> classes in the protocol of ``coursekit.layers``,
        such as day 8's: built as Affine(W, b) (with input_grad=False for the first layer if
        the class takes it), Relu() and SoftmaxWithLoss(); forward/backward, and Affine sets
        dW and db.
    activation: hidden activation, one of 'relu', 'sigmoid', 'tanh', 'leaky_relu'.
    weight_init: an ``init.initializer`` name ('he', 'xavier', 'he_uniform', ...; the book's
        'relu' and 'sigmoid' mean 'he' and 'xavier') or a float std of N(0, std^2) weights.
        Biases and beta start at 0, gamma at 1.
    use_batchnorm: False, or the class of the batch normalisation layer to put after each hidden
        Affine, such as your day-11 ``BatchNormalization``: built as cls(gamma, beta), with
        forward(x, train_flg) and backward(dout) setting dgamma and dbeta.
    dropout_ratio: > 0 adds the layer ``dropout_layer`` after each hidden activation.
    dropout_layer: the class of that dropout layer, such as your day-12 ``Dropout``: built as
        cls(dropout_ratio, rng=...), with forward(x, train_flg) and backward(dout).
    weight_decay_lambda: weight decay (가중치 감소), the L2 penalty 0.5 * lambda * sum ||W||^2 over
        the weight matrices.
    dtype: float type of every parameter and of the computation; inputs are cast to it.
    seed: int, np.random.Generator or None; drives the initial weights and dropout masks.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init="he", use_batchnorm=False, dropout_ratio=0.0, dropout_layer=None,
                 weight_decay_lambda=0.0, dtype=np.float64, seed=None, *, layer_classes):
        if activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"MultiLayerNet: activation must be one of "
                             f"{sorted(HIDDEN_ACTIVATIONS)}, got {activation!r}")
        self.layer_classes = _layer_classes(layer_classes, activation)
        if not 0 <= dropout_ratio < 1:
            raise ValueError(f"MultiLayerNet: dropout_ratio must be in [0, 1), "
                             f"got {dropout_ratio!r}")
        _check_layer_class("use_batchnorm", use_batchnorm, "False or your BatchNormalization "
                           "class (day 11): use_batchnorm=BatchNormalization", optional=True)
        if dropout_ratio > 0:
            _check_layer_class("dropout_layer", dropout_layer, "your Dropout class (day 12): "
                               "dropout_layer=Dropout")
        if not weight_decay_lambda >= 0:
            raise ValueError(f"MultiLayerNet: weight_decay_lambda must be >= 0, "
                             f"got {weight_decay_lambda!r}")
        self.sizes = _check_sizes(input_size, list(hidden_size_list), output_size)
        self.n_layers = len(self.sizes) - 1
        self.activation = activation
        self.use_batchnorm = use_batchnorm
        self.dropout_ratio, self.dropout_layer = dropout_ratio, dropout_layer
        self.weight_decay_lambda = weight_decay_lambda
        self.dtype = _float_dtype(dtype)
        self.rng = np.random.default_rng(seed)
        self.params = self._init_params(WEIGHT_INIT_ALIASES.get(weight_init, weight_init))
        self.layers = self._build_layers()
        self.last_layer = self.layer_classes["SoftmaxWithLoss"]()

    def _init_params(self, weight_init):
        draw = initializer(weight_init)
        params = {}
        for k, (fan_in, fan_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:]), start=1):
            params[f"W{k}"] = draw((fan_in, fan_out), rng=self.rng, dtype=self.dtype)
            params[f"b{k}"] = zeros(fan_out, dtype=self.dtype)
            if self.use_batchnorm and k < self.n_layers:
                params[f"gamma{k}"] = np.ones(fan_out, dtype=self.dtype)
                params[f"beta{k}"] = zeros(fan_out, dtype=self.dtype)
        return params

    def _build_layers(self):
        layers = OrderedDict()
        for k in range(1, self.n_layers):
            layers[f"Affine{k}"] = self._affine(k)
            if self.use_batchnorm:
                layers[f"BatchNorm{k}"] = self.use_batchnorm(self.params[f"gamma{k}"],
                                                             self.params[f"beta{k}"])
            layers[f"Activation{k}"] = self.layer_classes["Activation"]()
            if self.dropout_ratio > 0:
                layers[f"Dropout{k}"] = self.dropout_layer(self.dropout_ratio, rng=self.rng)
        layers[f"Affine{self.n_layers}"] = self._affine(self.n_layers)
        return layers

    def _affine(self, k):
        """Affine layer k on W_k and b_k; the first one skips the gradient of the input where
        the class can."""
        affine = self.layer_classes["Affine"]
        if k == 1 and _takes(affine, "input_grad"):
            return affine(self.params["W1"], self.params["b1"], input_grad=False)
        return affine(self.params[f"W{k}"], self.params[f"b{k}"])

    def predict(self, x, train_flg=False):
        """Scores before softmax: x (N, input_size) -> (N, output_size), in ``self.dtype``.

        train_flg: True uses batch statistics in BatchNorm and fresh masks in Dropout (training);
        False uses the running statistics and no dropout (inference).
        """
        out = as_float_array(x, "MultiLayerNet: x").astype(self.dtype, copy=False)
        for name, layer in self.layers.items():
            out = layer.forward(out, train_flg) if name.startswith(TRAIN_AWARE_LAYERS) \
                else layer.forward(out)
        return out

    def _weight_decay_loss(self):
        """0.5 * lambda * sum over k of sum(W_k ** 2)."""
        if self.weight_decay_lambda == 0:
            return 0
        squares = sum(np.vdot(self.params[f"W{k}"], self.params[f"W{k}"])
                      for k in range(1, self.n_layers + 1))
        return self.dtype.type(0.5 * self.weight_decay_lambda) * squares

    def loss(self, x, t, train_flg=False):
        """Mean cross-entropy of softmax(predict(x)) against t, plus the weight-decay penalty.

        t: integer labels (N,) or one-hot (N, output_size). Returns a scalar of ``self.dtype``.
        """
        return self.last_layer.forward(self.predict(x, train_flg), t) + self._weight_decay_loss()

    def accuracy(self, x, t):
        """Fraction of samples whose largest score is the true class (inference mode), a float.

        t: integer labels (N,) or one-hot (N, output_size).
        """
        scores = self.predict(x, train_flg=False)
        t = np.asarray(t)
        if t.shape not in (scores.shape[:1], scores.shape):
            raise ValueError(f"MultiLayerNet.accuracy: t must be labels {scores.shape[:1]} or "
                             f"one-hot {scores.shape} for x of shape {np.shape(x)}, "
                             f"got shape {t.shape}")
        labels = t if t.ndim == 1 else np.argmax(t, axis=1)
        return float(np.mean(np.argmax(scores, axis=1) == labels))

    def loss_and_gradient(self, x, t):
        """One training-mode forward and backward pass: (loss, grads).

        The backward pass stops at the first layer's dW and db where the Affine class takes
        ``input_grad=False``.

        grads has the keys of ``params`` and their shapes, in ``self.dtype``:
        dL/dW_k = Affine_k.dW + lambda * W_k, dL/db_k = Affine_k.db, and dgamma/dbeta of BatchNorm.
        """
        loss = self.loss(x, t, train_flg=True)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        return loss, self._collect_grads()

    def _collect_grads(self):
        grads, decay = {}, self.dtype.type(self.weight_decay_lambda)
        for k in range(1, self.n_layers + 1):
            affine = self.layers[f"Affine{k}"]
            grads[f"W{k}"] = affine.dW + decay * self.params[f"W{k}"] if decay else affine.dW
            grads[f"b{k}"] = affine.db
            if f"BatchNorm{k}" in self.layers:
                grads[f"gamma{k}"] = self.layers[f"BatchNorm{k}"].dgamma
                grads[f"beta{k}"] = self.layers[f"BatchNorm{k}"].dbeta
        return grads

    def gradient(self, x, t):
        """Gradients of ``loss(x, t, train_flg=True)`` by backpropagation: dict like ``params``."""
        return self.loss_and_gradient(x, t)[1]
