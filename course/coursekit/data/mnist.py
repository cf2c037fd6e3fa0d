"""Read MNIST from the four standard IDX files on disk (raw or gzip). Nothing is downloaded.

IDX layout (big-endian): two zero bytes, a type code, the number of dimensions d, then d
uint32 sizes, then the values in C order.
"""

import gzip
from pathlib import Path

import numpy as np

from .transforms import prepare_images, prepare_labels

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
N_CLASSES = 10
MAX_PIXEL = 255
GZIP_MAGIC = b"\x1f\x8b"


def _read_bytes(path):
    """The file's bytes, un-gzipped when it starts with the gzip magic."""
    raw = Path(path).read_bytes()
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError) as err:
        raise ValueError(f"read_idx: {path} is a damaged gzip file ({err})") from err


def read_idx(path):
    """Read one IDX file (raw or .gz) into an array of its stored shape and type.

    Raises ValueError for a bad magic number or a size that disagrees with the header.
    """
    data = _read_bytes(path)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] not in IDX_TYPES:
        raise ValueError(f"read_idx: {path} is not an IDX file (bad magic number "
                         f"{data[:4].hex() or 'empty'}; expected 0000 then a type code in "
                         f"{sorted(hex(c) for c in IDX_TYPES)} and the rank)")
    dtype, ndim = np.dtype(IDX_TYPES[data[2]]), data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"read_idx: {path} is truncated inside its header")
    shape = tuple(int(s) for s in np.frombuffer(data, ">u4", count=ndim, offset=4))
    expected = header + dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    if len(data) != expected:
        state = "truncated" if len(data) < expected else "longer than its header says"
        raise ValueError(f"read_idx: {path} is {state}: header shape {shape} needs "
                         f"{expected} bytes, found {len(data)}")
    values = np.frombuffer(data, dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="))


def _find(directory, name):
    for candidate in (directory / name, directory / (name + ".gz")):
        if candidate.is_file():
            return candidate
    return None


def _locate_files(directory):
    directory = Path(directory)
    found = {key: _find(directory, name) for key, name in MNIST_FILES.items()}
    missing = [MNIST_FILES[key] for key, path in found.items() if path is None]
    if missing:
        raise FileNotFoundError(
            f"load_mnist: missing in {directory}: {', '.join(missing)} (each may also end in "
            f".gz). Expected the four MNIST files: {', '.join(MNIST_FILES.values())}.")
    return found


def _check_pair(images, labels, images_path, labels_path):
    if images.ndim != 3 or images.dtype != np.uint8:
        raise ValueError(f"load_mnist: {images_path} must hold uint8 images (N, H, W), "
                         f"got {images.dtype} {images.shape}")
    if labels.ndim != 1 or labels.shape[0] != images.shape[0]:
        raise ValueError(f"load_mnist: {labels_path} must hold one label per image "
                         f"({images.shape[0]},), got shape {labels.shape}")


def load_mnist(directory, normalize=True, flatten=True, one_hot_label=False, dtype=np.float32):
    """Load MNIST from ``directory`` as ``(x_train, t_train), (x_test, t_test)`` (book style).

    normalize: pixels divided by 255 into [0, 1]; otherwise raw 0..255 (still in ``dtype``).
    flatten: x of shape (N, 784); otherwise (N, 1, 28, 28).
    one_hot_label: t of shape (N, 10) in ``dtype``; otherwise int64 labels (N,).
    """
    paths = _locate_files(directory)

    def part(split):
        images_path, labels_path = paths[f"{split}_images"], paths[f"{split}_labels"]
        images, labels = read_idx(images_path), read_idx(labels_path)
        _check_pair(images, labels, images_path, labels_path)
        x = prepare_images(images, MAX_PIXEL, normalize, flatten, dtype)
        return x, prepare_labels(labels, N_CLASSES, one_hot_label, dtype)

    return part("train"), part("test")
