"""Reference answers of coursekit.checks.capstone (day 13) that no other check builds on, and the
scorer of a trained network that the judges use where the key is installed. The course's
versions of exercises 1-4 stay in coursekit.checks.capstone (PIPELINE), which runs them."""
import numpy as np

from coursekit.checks.capstone import reference_scores
from coursekit.functions import log_softmax


def initial_loss(params: dict, x: np.ndarray, t: np.ndarray) -> float:
    """The mean cross-entropy of the network's softmax over the images, from log-softmax."""
    return loss_and_labels(params, x, t)[0]


def loss_and_labels(params: dict, x: np.ndarray, t: np.ndarray) -> tuple:
    """(mean cross-entropy, predicted labels (N,)) of a network, from one forward pass."""
    z = reference_scores(params, x)
    return float(-np.mean(log_softmax(z)[np.arange(len(t)), t])), np.argmax(z, axis=1)


def chance_loss(n_classes) -> float:
    """The cross-entropy of a uniform guess, -ln(1 / C) = ln C (2.303 for 10 classes)."""
    return float(np.log(n_classes))


def confusion_matrix(t, y, n_classes=10) -> np.ndarray:
    """counts (C, C) int64: counts[i, j] = number of images of true class i predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(t), np.asarray(y)), 1)
    return counts


def _relu_last(params: dict) -> dict:
    """A network whose scores are max(0, scores of `params`): one more layer, the identity + ReLU."""
    n = len(params) // 2
    classes = params[f"W{n}"].shape[1]
    return {**params, f"W{n + 1}": np.eye(classes), f"b{n + 1}": np.zeros(classes)}


def _guarded_loss(params: dict, x, t) -> float:
    """The mean of -log(softmax + 1e-7) at the true class (the book's guard against log 0)."""
    probs = np.exp(log_softmax(reference_scores(params, x)))
    return float(-np.mean(np.log(probs[np.arange(len(t)), t] + 1e-7)))


REFERENCES = {"initial_loss": initial_loss, "chance_loss": chance_loss,
              "confusion_matrix": confusion_matrix}

# initial_loss's wrong answers that need the right loss (coursekit.checks.capstone names them)
SLIPS = {
    "initial_loss.bits": lambda params, x, t: initial_loss(params, x, t) / np.log(2),
    "initial_loss.batch_sum": lambda params, x, t: initial_loss(params, x, t) * len(t),
    "initial_loss.per_class": lambda params, x, t:
        initial_loss(params, x, t) / reference_scores(params, x).shape[1],
    "initial_loss.relu_last": lambda params, x, t: initial_loss(_relu_last(params), x, t),
    "initial_loss.guarded": _guarded_loss,
}
