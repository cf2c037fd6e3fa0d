"""Reference answers of coursekit.checks.capstone (day 13) that no other check builds on."""
import numpy as np


def chance_loss(n_classes) -> float:
    """The cross-entropy of a uniform guess, -ln(1 / C) = ln C (2.303 for 10 classes)."""
    return float(np.log(n_classes))


def confusion_matrix(t, y, n_classes=10) -> np.ndarray:
    """counts (C, C) int64: counts[i, j] = number of images of true class i predicted as j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(t), np.asarray(y)), 1)
    return counts


REFERENCES = {"chance_loss": chance_loss, "confusion_matrix": confusion_matrix}
