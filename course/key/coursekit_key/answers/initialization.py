"""Reference answers of coursekit.checks.initialization (day 10)."""
from functools import partial

import numpy as np

from coursekit import init
from coursekit.checks.initialization import XAVIER_ACTIVATIONS, draw, run_init, run_layers


def xavier_normal(fan_in, fan_out, rng):
    """The day's API on top of coursekit.init: (fan_in, fan_out) weights ~ N(0, 2/(in + out))."""
    return init.xavier_normal((fan_in, fan_out), rng=rng)


def he_normal(fan_in, fan_out, rng):
    """The day's API on top of coursekit.init: (fan_in, fan_out) weights ~ N(0, 2 / fan_in)."""
    return init.he_normal((fan_in, fan_out), rng=rng)


def layer_activations(x, weights, activation):
    """Every layer's output: a_k = activation(a_{k-1} @ W_k), a_0 = x; a list of L arrays."""
    outputs = []
    for w in weights:
        x = activation(x @ w)
        outputs.append(x)
    return outputs


def init_params(layer_sizes, activation, rng) -> dict:
    """{'W1', 'b1', ..., 'WL', 'bL'} for layer_sizes (D, H1, ..., C): zero biases, Xavier weights
    for sigmoid and tanh, He weights for ReLU."""
    initialiser = xavier_normal if activation in XAVIER_ACTIVATIONS else he_normal
    params = {}
    for k, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{k}"] = initialiser(fan_in, fan_out, rng)
        params[f"b{k}"] = np.zeros(fan_out)
    return params


REFERENCES = {"xavier_normal": partial(draw, xavier_normal), "he_normal": partial(draw, he_normal),
              "layer_activations": partial(run_layers, layer_activations),
              "init_params": partial(run_init, init_params)}
