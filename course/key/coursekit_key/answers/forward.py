"""Reference answers of coursekit.checks.forward (day 4) that no other check builds on."""
import numpy as np

from coursekit.checks.forward import reference_forward


def predict(network: dict, x) -> np.ndarray:
    """Index of the largest output: x (D,) -> () or (N, D) -> (N,)."""
    return np.argmax(reference_forward(network, x), axis=-1)


REFERENCES = {"predict": predict}
