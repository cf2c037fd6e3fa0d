"""Reference answers of coursekit.checks.perceptron (day 1) that are not coursekit.gates' own:
the gates, with the notes' weights (XOR, day 2's, as AND(NAND, OR)), the learning rule and
train_perceptron."""
import numpy as np

from coursekit import gates
from coursekit.gates import GATE_WEIGHTS, perceptron


def _gate(name, x1, x2):
    """Evaluate a single-perceptron gate elementwise on 0/1 inputs of broadcastable shapes."""
    w, b = GATE_WEIGHTS[name]
    try:
        x = np.stack(np.broadcast_arrays(x1, x2), axis=-1)
    except ValueError:
        raise ValueError(f"{name}: x1 of shape {np.shape(x1)} and x2 of shape {np.shape(x2)} "
                         "do not broadcast to one shape") from None
    return perceptron(x, w, b)


def AND(x1, x2):
    """1 only when both inputs are 1. Scalars -> int; arrays -> elementwise int64 array."""
    return _gate("AND", x1, x2)


def OR(x1, x2):
    """1 when at least one input is 1. Scalars -> int; arrays -> elementwise int64 array."""
    return _gate("OR", x1, x2)


def NAND(x1, x2):
    """NOT AND: 0 only when both inputs are 1. Scalars -> int; arrays -> int64 array."""
    return _gate("NAND", x1, x2)


def XOR(x1, x2):
    """1 when exactly one input is 1: a 2-layer perceptron, AND(NAND(x1, x2), OR(x1, x2))."""
    return AND(NAND(x1, x2), OR(x1, x2))


GATES = {"AND": AND, "OR": OR, "NAND": NAND, "XOR": XOR}


def perceptron_update(w, b, x, t, lr):
    """One step of the perceptron learning rule with the course's Perceptron: new (w, b)."""
    unit = gates.Perceptron(len(w), lr=lr)
    unit.w, unit.b = np.array(w, dtype=np.float64), float(b)
    unit.update(np.asarray(x), t)
    return unit.w, unit.b


def train_perceptron(X, t, lr=0.1, epochs=100):
    """From w = 0, b = 0, perceptron_update on each sample in turn, `epochs` times: (w, b)."""
    w, b = np.zeros(np.shape(X)[1]), 0.0
    for _ in range(epochs):
        for x, target in zip(X, t):
            w, b = perceptron_update(w, b, x, target, lr)
    return w, b


REFERENCES = {"perceptron_update": perceptron_update, "train_perceptron": train_perceptron}
