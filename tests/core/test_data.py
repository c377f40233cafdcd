"""MNIST loading: every supported format, and a clear DataError for each bad case."""

from __future__ import annotations

import gzip
import shutil
import struct
from pathlib import Path

import numpy as np
import pytest

from digitpad.core.data import mnist as data_mod
from digitpad.core.data.mnist import load_mnist
from digitpad.core.errors import DataError


def copy_fixture(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_gzipped_idx_folder(mnist_dir: Path) -> None:
    data = load_mnist(mnist_dir)
    assert data.x_train.shape == (1000, 28, 28) and data.x_train.dtype == np.uint8
    assert data.y_train.shape == (1000,) and data.x_test.shape == (300, 28, 28)
    assert data.y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]  # MNIST's famous first ten
    assert set(np.unique(data.y_train)) == set(range(10))


def test_raw_idx_folder_matches_gzipped(mnist_dir: Path, tmp_path: Path) -> None:
    for gz in mnist_dir.glob("*.gz"):
        (tmp_path / gz.stem).write_bytes(gzip.decompress(gz.read_bytes()))
    raw, packed = load_mnist(tmp_path), load_mnist(mnist_dir)
    np.testing.assert_array_equal(raw.x_train, packed.x_train)
    np.testing.assert_array_equal(raw.y_test, packed.y_test)


def test_npz_file_and_folder(small_mnist, tmp_path: Path) -> None:
    npz = tmp_path / "mnist.npz"
    np.savez(
        npz,
        x_train=small_mnist.x_train,
        y_train=small_mnist.y_train,
        x_test=small_mnist.x_test,
        y_test=small_mnist.y_test,
    )
    for source in (npz, tmp_path):
        data = load_mnist(source)
        np.testing.assert_array_equal(data.x_test, small_mnist.x_test)


def test_environment_variable(mnist_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGITPAD_MNIST", str(mnist_dir))
    assert len(load_mnist().y_train) == 1000


def test_keras_cache_is_used(small_mnist, private_home: Path) -> None:
    cache = data_mod.keras_cache_path()
    cache.parent.mkdir(parents=True)
    np.savez(
        cache,
        x_train=small_mnist.x_train,
        y_train=small_mnist.y_train,
        x_test=small_mnist.x_test,
        y_test=small_mnist.y_test,
    )
    assert len(load_mnist().y_test) == 300


def test_no_cache_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 9 on loopback refuses at once: the same path as a machine offline.
    monkeypatch.setattr(data_mod, "KERAS_URL", "http://127.0.0.1:9/mnist.npz")
    with pytest.raises(DataError, match="could not be downloaded.*--data"):
        load_mnist()
    assert not any(data_mod.keras_cache_path().parent.glob("*")), "no partial download is left"


def test_download_refuses_damaged_file(tmp_path: Path) -> None:
    payload = tmp_path / "served.npz"
    payload.write_bytes(b"not the real file")
    dest = tmp_path / "cache" / "mnist.npz"
    with pytest.raises(DataError, match="damaged"):
        data_mod.download_keras_mnist(dest, url=payload.as_uri())
    assert not dest.exists() and list(dest.parent.iterdir()) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist.*DIGITPAD_MNIST"):
        load_mnist(tmp_path / "nowhere")


def test_missing_file_is_named(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match="lacks t10k-labels-idx1-ubyte"):
        load_mnist(folder)


def test_truncated_gzip(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    target = folder / "train-images-idx3-ubyte.gz"
    target.write_bytes(target.read_bytes()[:5000])
    with pytest.raises(DataError, match="train-images-idx3-ubyte.gz is corrupt or truncated"):
        load_mnist(folder)


def test_garbage_gzip(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    (folder / "t10k-images-idx3-ubyte.gz").write_bytes(b"\x00" * 100)
    with pytest.raises(DataError, match="t10k-images-idx3-ubyte.gz is corrupt"):
        load_mnist(folder)


def write_idx(path: Path, header: bytes, body: bytes) -> None:
    with gzip.open(path, "wb") as f:
        f.write(header + body)


def test_wrong_magic(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    write_idx(folder / "train-labels-idx1-ubyte.gz", struct.pack(">II", 0x803, 3), b"\x01\x02\x03")
    with pytest.raises(DataError, match="not an MNIST label file"):
        load_mnist(folder)


def test_header_count_disagrees_with_bytes(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    body = bytes(28 * 28 * 2)
    write_idx(folder / "t10k-images-idx3-ubyte.gz", struct.pack(">IIII", 0x803, 3, 28, 28), body)
    with pytest.raises(DataError, match="promises 3 images"):
        load_mnist(folder)


def test_image_and_label_counts_must_agree(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", struct.pack(">II", 0x801, 2), b"\x01\x02")
    with pytest.raises(DataError, match="300 test images but 2 test labels"):
        load_mnist(folder)


def test_label_out_of_range(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    labels = bytes([1] * 299 + [11])
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", struct.pack(">II", 0x801, 300), labels)
    with pytest.raises(DataError, match="labels outside 0–9"):
        load_mnist(folder)


def test_wrong_image_size(mnist_dir: Path, tmp_path: Path) -> None:
    folder = copy_fixture(mnist_dir, tmp_path / "m")
    write_idx(
        folder / "t10k-images-idx3-ubyte.gz", struct.pack(">IIII", 0x803, 1, 32, 32), bytes(32 * 32)
    )
    with pytest.raises(DataError, match="32×32 images, not 28×28"):
        load_mnist(folder)


def test_npz_missing_arrays(tmp_path: Path) -> None:
    npz = tmp_path / "mnist.npz"
    np.savez(npz, x_train=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(DataError, match="lacks y_train, x_test, y_test"):
        load_mnist(npz)


def test_corrupt_npz(tmp_path: Path) -> None:
    npz = tmp_path / "mnist.npz"
    npz.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(DataError, match="corrupt or not a .npz"):
        load_mnist(npz)


def test_unsupported_file(tmp_path: Path) -> None:
    other = tmp_path / "mnist.csv"
    other.write_text("1,2,3")
    with pytest.raises(DataError, match="not a mnist.npz"):
        load_mnist(other)
