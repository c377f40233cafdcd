"""Hostile MNIST files: one sentence each, never a traceback, never a silent cast.

Generated from the small fixture (1,000 training / 300 test digits): corrupt
deflate, an .npy named .npz, header bombs, strings, NaN, floats in [0, 1],
negative and huge values.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import npy_header, one_sentence, run_cli, zip_bytes

from digitpad.cli import main
from digitpad.core.data.mnist import load_mnist
from digitpad.core.errors import DataError


def save_npz(path: Path, data, **replace: np.ndarray) -> Path:
    arrays = {
        "x_train": data.x_train,
        "y_train": data.y_train,
        "x_test": data.x_test,
        "y_test": data.y_test,
    }
    arrays.update(replace)
    np.savez(path, **arrays)
    return path


def refused(path: Path, says: str) -> str:
    with pytest.raises(DataError) as caught:
        load_mnist(path)
    message = str(caught.value)
    assert says in message and str(path) in message and message.endswith("."), message
    assert "allow_pickle" not in message and "\n" not in message
    return message


def test_values_are_checked_not_cast(small_mnist, tmp_path: Path) -> None:
    x = small_mnist.x_train
    cases = {
        "nan-labels": (
            {"y_train": np.where(np.arange(1000) == 5, np.nan, small_mnist.y_train)},
            "the train labels contain NaN or infinite values.",
        ),
        "string-labels": (
            {"y_test": small_mnist.y_test.astype(str)},
            "the test labels have the data type <U3, not numbers.",
        ),
        "half-labels": (
            {"y_train": small_mnist.y_train + 0.5},
            "the train labels are not whole numbers.",
        ),
        "negative": ({"x_train": x.astype(np.int16) - 1}, "pixel values outside 0–255"),
        "huge": ({"x_test": small_mnist.x_test.astype(np.int32) * 300}, "outside 0–255"),
        "nan-pixels": (
            {"x_train": np.where(x == 0, np.nan, x / 255.0)},
            "the train images contain NaN or infinite values.",
        ),
        "not-steps": (
            {"x_train": x / 255.0 * 0.999},
            "not whole steps of 1/255",
        ),
        "fractional": ({"x_test": small_mnist.x_test * 0.9}, "not whole numbers 0–255."),
        "booleans": ({"x_train": x > 128}, "the train images have the data type |b1, not numbers."),
        "objects": ({"y_train": small_mnist.y_train.astype(object)}, "holds Python objects"),
    }
    for name, (replace, says) in cases.items():
        refused(save_npz(tmp_path / f"{name}.npz", small_mnist, **replace), says)


def test_floats_in_0_1_are_converted_exactly_and_said(small_mnist, tmp_path: Path, capsys) -> None:
    path = save_npz(
        tmp_path / "floats.npz",
        small_mnist,
        x_train=(small_mnist.x_train / 255.0).astype(np.float32),
        x_test=small_mnist.x_test / 255.0,
        y_test=small_mnist.y_test.astype(np.float64),
    )
    data = load_mnist(path)
    np.testing.assert_array_equal(data.x_train, small_mnist.x_train)
    np.testing.assert_array_equal(data.x_test, small_mnist.x_test)
    np.testing.assert_array_equal(data.y_test, small_mnist.y_test)
    assert len(data.notes) == 3
    code = main(["evaluate", "--data", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["accuracy"] >= 0.98
    notes = err.splitlines()
    assert len(notes) == 3 and all(n.startswith("digitpad: note: ") for n in notes)
    assert "were stored as fractions of 1 (k/255); they were converted to 0–255 exactly." in err


def test_a_float_dataset_that_cannot_be_converted_stops_before_training(
    small_mnist, tmp_path: Path, capsys
) -> None:
    path = save_npz(tmp_path / "blurred.npz", small_mnist, x_train=small_mnist.x_train / 256.0)
    out_path = tmp_path / "never.keras"
    code = main(["train", "--data", str(path), "--out", str(out_path)])
    _out, err = capsys.readouterr()
    assert code == 2 and not out_path.exists()
    one_sentence(err, naming="blurred.npz")


def test_broken_files(small_mnist, mnist_dir: Path, tmp_path: Path) -> None:
    npy = tmp_path / "mnist.npz"
    np.save(npy.with_suffix(".npy"), small_mnist.x_train)
    npy.with_suffix(".npy").rename(npy)  # an .npy named .npz
    refused(npy, "is a single .npy array, not an .npz archive.")

    good = save_npz(tmp_path / "good.npz", small_mnist)
    data = bytearray(good.read_bytes())
    at = data.find(b"y_train.npy")
    data[at + 200 : at + 260] = b"\xff" * 60  # inside y_train's stored data: a CRC error
    cut = tmp_path / "crc.npz"
    cut.write_bytes(bytes(data))
    refused(cut, "is damaged: the entry")

    squeezed = tmp_path / "deflate.npz"
    np.savez_compressed(squeezed, **np.load(good))
    data = bytearray(squeezed.read_bytes())
    start = data.find(b"x_train.npy") + 200
    data[start : start + 40] = b"\x00\xff" * 20  # corrupt deflate data
    squeezed.write_bytes(bytes(data))
    refused(squeezed, "is damaged: the entry x_train cannot be decompressed.")

    folder = tmp_path / "idx"
    shutil.copytree(mnist_dir, folder)
    gz = folder / "train-images-idx3-ubyte.gz"
    raw = bytearray(gz.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 64] = b"\xff" * 64
    gz.write_bytes(bytes(raw))
    refused(
        folder, "train-images-idx3-ubyte.gz is corrupt or truncated and cannot be decompressed."
    )


def test_negative_sizes_are_no_shape(small_mnist, tmp_path: Path) -> None:
    """numpy reads (-1, -28, 28) from a header; its product (784) matches the bytes stored,
    so only the shape tells: refused by name, not a reshape error."""
    members = {
        "x_train.npy": npy_header((-1, -28, 28)) + bytes(784),
        "y_train.npy": _npy(small_mnist.y_train),
        "x_test.npy": _npy(small_mnist.x_test),
        "y_test.npy": _npy(small_mnist.y_test),
    }
    path = tmp_path / "negative.npz"
    path.write_bytes(zip_bytes(members))
    refused(path, "the array x_train has the shape (-1, -28, 28)")


def idx_images(count: int, body: bytes = b"") -> bytes:
    return struct.pack(">IIII", 0x00000803, count, 28, 28) + body


def test_bombs_are_refused_within_bounded_memory(
    small_mnist, mnist_dir: Path, tmp_path: Path
) -> None:
    cases: dict[str, tuple[Path, str]] = {}

    folder = tmp_path / "count"
    shutil.copytree(mnist_dir, folder)
    (folder / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(idx_images(4_000_000_000)))
    cases["count"] = (folder, "declares 4,000,000,000 images; digitpad reads at most 300,000.")

    folder = tmp_path / "gzip-bomb"
    shutil.copytree(mnist_dir, folder)
    stream = io.BytesIO()
    with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=1) as f:
        f.write(idx_images(1000))
        for _ in range(64):  # 1 GiB of zeros after the promised 784,000 bytes
            f.write(bytes(16 * 1024 * 1024))
    (folder / "train-images-idx3-ubyte.gz").write_bytes(stream.getvalue())
    cases["gzip-bomb"] = (folder, "is truncated or padded: its header promises 1000 images")

    members = {
        "x_train.npy": npy_header((1_000_000_000, 28, 28)),
        "y_train.npy": npy_header((60_000,)),
        "x_test.npy": npy_header((10_000, 28, 28)),
        "y_test.npy": npy_header((10_000,)),
    }
    (tmp_path / "header.npz").write_bytes(zip_bytes(members))
    cases["header"] = (tmp_path / "header.npz", "the array x_train has the shape (1000000000")

    members["x_train.npy"] = npy_header((300_000, 28, 28), "<f8")  # 1.9 GB declared
    (tmp_path / "declared.npz").write_bytes(zip_bytes(members))
    cases["declared"] = (tmp_path / "declared.npz", "the array x_train declares 1.8 GB of data")

    arrays = {k: getattr(small_mnist, k) for k in ("x_train", "y_train", "x_test", "y_test")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for key, value in arrays.items():
            z.writestr(f"{key}.npy", _npy(value))
        z.writestr("padding.npy", bytes(512 * 1024 * 1024))  # a 512 MB zero member
    (tmp_path / "ratio.npz").write_bytes(buffer.getvalue())
    cases["ratio"] = (tmp_path / "ratio.npz", "")  # the extra member is never read: loads

    names = list(cases)
    result = run_cli([["evaluate", "--json", "--data", str(cases[n][0])] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        path, says = cases[name]
        if not says:
            assert outcome["code"] == 0 and json.loads(outcome["out"])["samples"] == 300
            continue
        assert outcome["code"] == 2 and outcome["out"] == "", (name, outcome)
        line = one_sentence(outcome["err"], naming=str(path))
        assert says in line, (name, line)


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()
