"""Turning stored images and labels into network inputs, the way the book's ``load_mnist`` does."""

import numpy as np


def one_hot(t, n_classes, dtype=np.float32):
    """Integer labels t: (N,) -> one-hot rows (원-핫 인코딩) (N, n_classes) in ``dtype``."""
    t = np.asarray(t)
    if t.ndim != 1:
        raise ValueError(f"one_hot: t must be 1-D integer labels, got shape {t.shape}")
    if t.dtype.kind not in "iu":
        raise TypeError(f"one_hot: labels t must be integers, got dtype {t.dtype} "
                        f"with shape {t.shape}")
    if t.size and (t.min() < 0 or t.max() >= n_classes):
        raise ValueError(f"one_hot: labels must lie in 0..{n_classes - 1}, "
                         f"got {t.min()}..{t.max()}")
    out = np.zeros((t.size, n_classes), dtype=dtype)
    out[np.arange(t.size), t] = 1
    return out


def prepare_images(images, max_value, normalize, flatten, dtype):
    """images: (N, H, W) unsigned integers in 0..max_value -> network inputs in ``dtype``.

    normalize: divide by max_value so pixels lie in [0, 1]; otherwise keep the raw values.
    flatten: (N, H * W) rows; otherwise (N, 1, H, W), one channel per image.
    """
    x = images.astype(dtype)
    if normalize:
        x /= max_value
    n, height, width = images.shape
    return x.reshape(n, height * width) if flatten else x.reshape(n, 1, height, width)


def prepare_labels(labels, n_classes, one_hot_label, dtype):
    """labels: (N,) -> int64 labels (N,), or one-hot (N, n_classes) in ``dtype``."""
    t = labels.astype(np.int64)
    return one_hot(t, n_classes, dtype) if one_hot_label else t
