"""The 8x8 handwritten digits shipped with coursekit (UCI, CC BY 4.0; see LICENSE-digits.txt).

1797 grey images of 8x8 pixels with values 0..16 and labels 0..9, small enough to train on in
seconds: the course's stand-in for MNIST.
"""

from importlib import resources

import numpy as np

from .transforms import prepare_images, prepare_labels

N_CLASSES = 10
MAX_PIXEL = 16


def _read_shipped():
    """Return images (1797, 8, 8) uint8 and labels (1797,) uint8 from the packaged digits.npz."""
    with resources.files(__package__).joinpath("digits.npz").open("rb") as f, \
            np.load(f) as archive:
        return archive["images"], archive["labels"]


def stratified_split(labels, test_size, seed):
    """Indices (train_idx, test_idx) holding round(test_size * n_k) of each class k for testing.

    Each class is shuffled by a generator seeded with ``seed``; both index arrays come out
    shuffled too, so the classes are mixed. The same seed gives the same split every time.
    """
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must lie strictly between 0 and 1, got {test_size!r}")
    rng = np.random.default_rng(seed)
    train_parts, test_parts = [], []
    for k in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == k))
        n_test = int(round(test_size * members.size))
        test_parts.append(members[:n_test])
        train_parts.append(members[n_test:])
    return rng.permutation(np.concatenate(train_parts)), rng.permutation(np.concatenate(test_parts))


def load_digits(normalize=True, flatten=True, one_hot_label=False, test_size=0.2, seed=0,
                dtype=np.float32):
    """Load the digits as ``(x_train, t_train), (x_test, t_test)``, like the book's ``load_mnist``.

    normalize: pixels divided by 16 into [0, 1]; otherwise raw 0..16 (still in ``dtype``).
    flatten: x of shape (N, 64); otherwise (N, 1, 8, 8).
    one_hot_label: t of shape (N, 10) in ``dtype``; otherwise int64 labels (N,).
    test_size, seed: stratified split; by default 20% of every class is held out
        (1438 training and 359 test images).
    """
    images, labels = _read_shipped()
    train_idx, test_idx = stratified_split(labels, test_size, seed)

    def part(idx):
        x = prepare_images(images[idx], MAX_PIXEL, normalize, flatten, dtype)
        return x, prepare_labels(labels[idx], N_CLASSES, one_hot_label, dtype)

    return part(train_idx), part(test_idx)
