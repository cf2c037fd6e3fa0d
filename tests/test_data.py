"""Tests for coursekit.data: truth tables, toy generators, the shipped digits and the IDX reader."""

import ast
import fnmatch
import gzip
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from coursekit import data, gates
from coursekit.data import load_digits, load_mnist, moons, one_hot, read_idx, spirals
from coursekit.data.digits import stratified_split

REPO = Path(__file__).resolve().parents[1]
DIGIT_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # images per class, 1797 in all


def test_truth_table_is_the_one_from_gates():
    assert data.truth_table is gates.truth_table
    X, t = data.truth_table("xor")
    np.testing.assert_array_equal(t, [0, 1, 1, 0])


# --- spirals and moons ---------------------------------------------------------------------------

def test_spirals_shapes_labels_and_exact_arms_without_noise():
    X, t = spirals(n_per_class=50, n_classes=4, noise=0.0)
    assert X.shape == (200, 2) and X.dtype == np.float64 and t.dtype == np.int64
    np.testing.assert_array_equal(np.bincount(t), [50] * 4)
    for k in range(4):
        arm = X[t == k]
        np.testing.assert_allclose(np.hypot(arm[:, 0], arm[:, 1]), np.linspace(0, 1, 50),
                                   atol=1e-12)
        angle = 4 * k + np.linspace(0, 4, 50)  # x = r sin(angle), y = r cos(angle)
        np.testing.assert_allclose(arm[1:], np.column_stack([np.sin(angle), np.cos(angle)])[1:]
                                   * np.linspace(0, 1, 50)[1:, None], atol=1e-12)


def test_spirals_noise_is_seeded():
    a, b, c = spirals(seed=3)[0], spirals(seed=3)[0], spirals(seed=4)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    assert not np.allclose(a, spirals(noise=0.0)[0])


def test_moons_lie_on_two_half_circles_without_noise():
    X, t = moons(n_samples=41, noise=0.0)
    assert X.shape == (41, 2) and list(np.bincount(t)) == [21, 20]
    upper, lower = X[t == 0], X[t == 1]
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.all(upper[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert np.all(lower[:, 1] <= 0.5 + 1e-12)


def test_moons_noise_is_seeded():
    np.testing.assert_array_equal(moons(seed=1)[0], moons(seed=1)[0])
    assert not np.allclose(moons(seed=1)[0], moons(seed=2)[0])


@pytest.mark.parametrize("make, kwargs, name", [
    (spirals, {"n_per_class": 0}, "n_per_class"),
    (spirals, {"n_classes": 2.0}, "n_classes"),
    (spirals, {"noise": -1}, "noise"),
    (moons, {"n_samples": 1}, "n_samples"),
    (moons, {"noise": float("nan")}, "noise"),
])
def test_generators_reject_bad_arguments(make, kwargs, name):
    with pytest.raises(ValueError, match=name):
        make(**kwargs)


# --- digits ------------------------------------------------------------------------------------

def test_load_digits_default_split_shapes_and_values():
    (x_train, t_train), (x_test, t_test) = load_digits()
    assert x_train.shape == (1438, 64) and x_test.shape == (359, 64)
    assert x_train.dtype == np.float32 and t_train.dtype == np.int64
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    np.testing.assert_array_equal(np.bincount(t_train) + np.bincount(t_test), DIGIT_COUNTS)
    # stratified: every class keeps round(20%) of its images for testing
    np.testing.assert_array_equal(np.bincount(t_test), np.round(0.2 * np.array(DIGIT_COUNTS)))


def test_load_digits_is_the_same_split_every_time():
    (a, ta), (b, tb) = load_digits()
    (c, tc), (d, td) = load_digits()
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(tb, td)
    (e, _), _ = load_digits(seed=1)
    assert not np.array_equal(a, e)


def test_load_digits_options():
    (raw, t), _ = load_digits(normalize=False, flatten=False, one_hot_label=True,
                              dtype=np.float64)
    assert raw.shape == (1438, 1, 8, 8) and raw.dtype == np.float64
    assert raw.max() == 16.0 and np.all(raw == np.round(raw))
    assert t.shape == (1438, 10) and t.dtype == np.float64
    np.testing.assert_array_equal(t.sum(axis=1), 1.0)
    (x, labels), _ = load_digits()
    np.testing.assert_array_equal(np.argmax(t, axis=1), labels)
    np.testing.assert_allclose(raw.reshape(-1, 64) / 16, x, rtol=1e-6)


def test_shipped_digits_match_the_uci_data():
    with resources.files("coursekit.data").joinpath("digits.npz").open("rb") as f:
        archive = np.load(f)
        images, labels = archive["images"], archive["labels"]
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.dtype == np.uint8 and images.max() == 16
    np.testing.assert_array_equal(np.bincount(labels), DIGIT_COUNTS)
    # first image of the UCI file, a zero: its top row and its label
    np.testing.assert_array_equal(images[0, 0], [0, 0, 5, 13, 9, 1, 0, 0])
    assert labels[0] == 0


def test_stratified_split_is_a_partition():
    labels = np.repeat(np.arange(3), [10, 20, 5])
    train, test = stratified_split(labels, 0.4, seed=0)
    assert sorted(np.concatenate([train, test])) == list(range(35))
    np.testing.assert_array_equal(np.bincount(labels[test]), [4, 8, 2])
    with pytest.raises(ValueError, match="test_size"):
        stratified_split(labels, 1.0, seed=0)


def test_digits_licence_and_package_data():
    licence = (REPO / "course/coursekit/data/LICENSE-digits.txt").read_text()
    for fact in ("CC BY 4.0", "Alpaydin", "Kaynak", "changed"):
        assert fact in licence
    pyproject = (REPO / "pyproject.toml").read_text()  # no tomllib on Python 3.10
    section = pyproject.split("[tool.setuptools.package-data]")[1]
    patterns = ast.literal_eval(re.search(r"^coursekit\s*=\s*(\[.*?\])", section, re.M | re.S)[1])
    for shipped in ("data/digits.npz", "data/LICENSE-digits.txt"):
        assert any(fnmatch.fnmatch(shipped, p) for p in patterns), shipped


def test_one_hot():
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    assert one_hot([1], 2).dtype == np.float32
    with pytest.raises(ValueError, match="0..2"):
        one_hot([3], 3)
    with pytest.raises(TypeError, match=r"one_hot: labels t must be integers.*float64"):
        one_hot([1.0, 0.0], 2)


# --- IDX files and MNIST -------------------------------------------------------------------------

IDX_CODES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09, np.dtype(">i2"): 0x0B,
             np.dtype(">i4"): 0x0C, np.dtype(">f4"): 0x0D, np.dtype(">f8"): 0x0E}


def write_idx(path, array, compress=False):
    """Write an IDX file: 0x00 0x00, type code, rank, big-endian uint32 sizes, big-endian data."""
    array = np.asarray(array)
    big_endian = array.astype(array.dtype.newbyteorder(">"))
    header = bytes([0, 0, IDX_CODES[big_endian.dtype], array.ndim])
    payload = header + np.array(array.shape, dtype=">u4").tobytes() + big_endian.tobytes()
    Path(path).write_bytes(gzip.compress(payload) if compress else payload)
    return path


@pytest.mark.parametrize("array", [
    np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
    np.array([-3, 0, 7], dtype=np.int8),
    np.array([[-30000, 2], [3, 30000]], dtype=np.int16),
    np.array([2**31 - 1, -5], dtype=np.int32),
    np.array([[1.5, -2.25]], dtype=np.float32),
    np.array([np.pi], dtype=np.float64),
], ids=lambda a: str(a.dtype))
@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gz"])
def test_read_idx_round_trips(tmp_path, array, compress):
    path = write_idx(tmp_path / "f.idx", array, compress)
    back = read_idx(path)
    assert back.shape == array.shape and back.dtype == array.dtype.newbyteorder("=")
    np.testing.assert_array_equal(back, array)


def test_read_idx_rejects_a_bad_magic_number(tmp_path):
    path = tmp_path / "f.idx"
    path.write_bytes(b"\x00\x01\x08\x01\x00\x00\x00\x01\x05")
    with pytest.raises(ValueError, match="magic"):
        read_idx(path)
    path.write_bytes(b"\x00\x00\x07\x01\x00\x00\x00\x01\x05")  # unknown type code
    with pytest.raises(ValueError, match="magic"):
        read_idx(path)


@pytest.mark.parametrize("cut", [1, 6, 9])
def test_read_idx_rejects_truncated_files(tmp_path, cut):
    payload = write_idx(tmp_path / "f.idx", np.arange(6, dtype=np.uint8).reshape(2, 3)) \
        .read_bytes()
    path = tmp_path / "cut.idx"
    path.write_bytes(payload[:-cut])
    with pytest.raises(ValueError, match="truncated|magic"):
        read_idx(path)


def test_read_idx_rejects_extra_bytes_and_damaged_gzip(tmp_path):
    path = write_idx(tmp_path / "f.idx", np.arange(4, dtype=np.uint8))
    path.write_bytes(path.read_bytes() + b"\x00")
    with pytest.raises(ValueError, match="longer"):
        read_idx(path)
    gz = write_idx(tmp_path / "f.idx.gz", np.arange(100, dtype=np.uint8), compress=True)
    gz.write_bytes(gz.read_bytes()[:-10])
    with pytest.raises(ValueError, match="gzip"):
        read_idx(gz)


def fake_mnist(directory, n_train=5, n_test=3, size=4, compress_test=True):
    rng = np.random.default_rng(0)
    sets = {"train": n_train, "t10k": n_test}
    for prefix, n in sets.items():
        compress = compress_test and prefix == "t10k"
        suffix = ".gz" if compress else ""
        images = rng.integers(0, 256, (n, size, size), dtype=np.uint8)
        labels = rng.integers(0, 10, n, dtype=np.uint8)
        write_idx(directory / f"{prefix}-images-idx3-ubyte{suffix}", images, compress)
        write_idx(directory / f"{prefix}-labels-idx1-ubyte{suffix}", labels, compress)
    return directory


def test_load_mnist_reads_raw_and_gz_files(tmp_path):
    fake_mnist(tmp_path)
    (x_train, t_train), (x_test, t_test) = load_mnist(tmp_path)
    images = read_idx(tmp_path / "train-images-idx3-ubyte")
    assert x_train.shape == (5, 16) and x_train.dtype == np.float32
    np.testing.assert_allclose(x_train, images.reshape(5, 16) / 255, rtol=1e-6)
    np.testing.assert_array_equal(t_train, read_idx(tmp_path / "train-labels-idx1-ubyte"))
    assert t_train.dtype == np.int64
    assert x_test.shape == (3, 16) and t_test.shape == (3,)


def test_load_mnist_options(tmp_path):
    fake_mnist(tmp_path)
    (x, t), _ = load_mnist(tmp_path, normalize=False, flatten=False, one_hot_label=True)
    np.testing.assert_array_equal(x[:, 0], read_idx(tmp_path / "train-images-idx3-ubyte"))
    assert x.shape == (5, 1, 4, 4)
    np.testing.assert_array_equal(np.argmax(t, axis=1),
                                  read_idx(tmp_path / "train-labels-idx1-ubyte"))


def test_load_mnist_names_every_missing_file(tmp_path):
    fake_mnist(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(tmp_path)
    message = str(info.value)
    assert "missing" in message and "t10k-labels-idx1-ubyte" in message
    for name in ("train-images-idx3-ubyte", "t10k-images-idx3-ubyte"):
        assert name in message  # the expected set is listed too


def test_load_mnist_rejects_mismatched_labels(tmp_path):
    fake_mnist(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(4, dtype=np.uint8))
    with pytest.raises(ValueError, match="one label per image"):
        load_mnist(tmp_path)
