"""MNIST from local IDX files, a Keras-style ``mnist.npz``, or the Keras cache.

Everything read is validated (magic numbers, counts, shapes, label range) so a
truncated or foreign file ends in one sentence naming the file, never in a
shape error deep inside training. Keras' own ``mnist.load_data()`` is not used:
it no longer accepts a directory and re-downloads when the cached hash differs.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import tempfile
import urllib.error
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np

from digitpad.core.data.mnist_values import checked_arrays
from digitpad.core.digits import SIDE
from digitpad.core.errors import DataError
from digitpad.core.files import expanded, open_regular, problem, shown
from digitpad.core.i18n import N_, _
from digitpad.core.npz import ArraySpec, NpzError, describe, read_npz
from digitpad.core.paths import keras_cache_path

ENV_VAR = "DIGITPAD_MNIST"
KERAS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
KERAS_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"

IMAGE_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
LABEL_MAGIC = 0x00000801  # unsigned byte, 1 dimension
IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
HOW_TO_POINT = N_(
    "point digitpad at a local copy with --data PATH or the DIGITPAD_MNIST environment "
    "variable (a folder with the four MNIST IDX files, or a mnist.npz)"
)
MAX_IMAGES = 300_000  # per file: MNIST has 60,000, EMNIST's digits 240,000
MAX_ARRAY_BYTES = 512 * 1024 * 1024  # MNIST's training images as float64 take 376 MB


@dataclass(frozen=True)
class MnistData:
    """MNIST as uint8 images (N, 28, 28) and uint8 labels (N,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str
    notes: tuple[str, ...] = ()  # how stored values were converted (exactly), for the user

    def subset(self, train: int, test: int) -> MnistData:
        """The first `train` and `test` samples: for quick runs and tests."""
        return MnistData(
            self.x_train[:train],
            self.y_train[:train],
            self.x_test[:test],
            self.y_test[:test],
            f"{self.source} (first {train} train / {test} test)",
            self.notes,
        )


def load_mnist(source: str | os.PathLike[str] | None = None, *, download: bool = True) -> MnistData:
    """Load MNIST from `source`, else ``$DIGITPAD_MNIST``, else the Keras cache / download.

    `source` may be a folder holding the four IDX files (``.gz`` or raw, or a
    ``mnist.npz``), or a ``.npz`` file. Raises `DataError` with a clear message.
    """
    if source is None:
        source = os.environ.get(ENV_VAR) or None
    if source is not None:
        return _load_path(expanded(source))
    cached = keras_cache_path()
    if not cached.exists():
        if not download:
            raise _source_error(
                _("MNIST is not in the Keras cache ({path}); {how_to}."), path=cached
            )
        download_keras_mnist(cached)
    return load_npz(cached)


def _source_error(template: str, **fields: object) -> DataError:
    """A DataError whose way out is choosing a copy of MNIST: the advice is the CLI's
    (`HOW_TO_POINT`) here, and the window words it for its own controls (`worded`)."""
    return DataError(
        template.format(how_to=_(HOW_TO_POINT), **fields), advice_template=template, **fields
    )


def _load_path(path: Path) -> MnistData:
    try:
        exists, is_dir, is_file = path.exists(), path.is_dir(), path.is_file()
    except OSError as exc:  # a name too long, a folder that may not be searched
        raise DataError(problem(path, exc)) from None
    if not exists:
        raise _source_error(_("MNIST source {path} does not exist; {how_to}."), path=path)
    if not is_dir:
        if path.suffix.lower() == ".npz" or not is_file:
            return load_npz(path)  # which also refuses a FIFO or device in one sentence
        raise DataError(
            _("{path} is not a mnist.npz file or a folder of MNIST IDX files.").format(
                path=shown(path)
            )
        )
    found = {key: _find_idx(path, stem) for key, stem in IDX_FILES.items()}
    if all(p is None for p in found.values()) and _is_file(path / "mnist.npz"):
        return load_npz(path / "mnist.npz")
    missing = [IDX_FILES[key] for key, p in found.items() if p is None]
    if missing:
        raise _source_error(
            _("The MNIST folder {path} lacks {files}; {how_to}."),
            path=path,
            files=", ".join(m + "[.gz]" for m in missing),
        )
    arrays = {
        key: (read_idx_images(p) if key.startswith("x") else read_idx_labels(p))
        for key, p in found.items()
        if p is not None
    }
    return _checked(arrays, str(path))


def _find_idx(folder: Path, stem: str) -> Path | None:
    # The classic files, and the dotted names some mirrors use (train-images.idx3-ubyte).
    dotted = stem.replace("-idx", ".idx")
    for name in (stem + ".gz", stem, dotted + ".gz", dotted):
        if _is_file(folder / name):
            return folder / name
    return None


def _is_file(path: Path) -> bool:
    """`path.is_file()`, False where the system cannot even look (a name too long)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _corrupt(path: Path) -> DataError:
    return DataError(
        _("{path} is corrupt or truncated and cannot be decompressed.").format(path=shown(path))
    )


def _read_idx(path: Path, header_size: int, expect: Callable[[bytes], int]) -> tuple[bytes, int]:
    """(header, body) of an IDX file (gzipped or raw) whose header `expect` checks.

    `expect(header)` returns the body size the header promises (bounded by the
    caller); exactly that much is read, plus one byte to notice padding, so a
    gzip bomb or a lying header never makes digitpad read more than it allows.
    """
    try:
        with open_regular(path) as raw:
            gz = path.suffix.lower() == ".gz"
            stream: IO[bytes] | gzip.GzipFile = gzip.GzipFile(fileobj=raw) if gz else raw
            header = stream.read(header_size)
            expected = expect(header)
            body = stream.read(expected + 1)
            if gz and len(body) > expected:
                _drain(stream)  # a damaged stream says so (CRC) before "padded" is believed
    except DataError:
        raise
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _corrupt(path) from exc
    except OSError as exc:
        raise DataError(problem(path, exc)) from exc
    return body, expected


def _drain(stream: IO[bytes] | gzip.GzipFile, limit: int = 64 * 1024 * 1024) -> None:
    """Read on (and discard) up to `limit` bytes, so a corrupt stream raises its error."""
    left = limit
    while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
        left -= len(chunk)


def read_idx_images(path: Path) -> np.ndarray:
    """An IDX3 image file as uint8 (N, 28, 28), validated."""
    promised = {}

    def expect(header: bytes) -> int:
        if len(header) < 16:
            raise DataError(
                _("{path} is too short to be an MNIST image file.").format(path=shown(path))
            )
        magic, count, rows, cols = struct.unpack(">IIII", header)
        if magic != IMAGE_MAGIC:
            raise DataError(
                _("{path} is not an MNIST image file (magic number {magic:#010x}).").format(
                    path=shown(path), magic=magic
                )
            )
        if (rows, cols) != (SIDE, SIDE):
            raise DataError(
                _("{path} holds {rows}×{cols} images, not 28×28.").format(
                    path=shown(path), rows=rows, cols=cols
                )
            )
        _check_count(path, count)
        promised["count"] = count
        return count * rows * cols

    body, expected = _read_idx(path, 16, expect)
    _check_length(path, body, expected, promised["count"])
    return np.frombuffer(body, dtype=np.uint8).reshape(-1, SIDE, SIDE)


def read_idx_labels(path: Path) -> np.ndarray:
    """An IDX1 label file as uint8 (N,), validated."""

    def expect(header: bytes) -> int:
        if len(header) < 8:
            raise DataError(
                _("{path} is too short to be an MNIST label file.").format(path=shown(path))
            )
        magic, count = struct.unpack(">II", header)
        if magic != LABEL_MAGIC:
            raise DataError(
                _("{path} is not an MNIST label file (magic number {magic:#010x}).").format(
                    path=shown(path), magic=magic
                )
            )
        _check_count(path, count)
        return count

    body, expected = _read_idx(path, 8, expect)
    if len(body) != expected:
        raise DataError(
            _(
                "{path} is truncated or padded: its header promises {count} labels "
                "but it has {found}."
            ).format(path=shown(path), count=expected, found=_found(body, expected))
        )
    return np.frombuffer(body, dtype=np.uint8)


def _check_count(path: Path, count: int) -> None:
    if count > MAX_IMAGES:
        raise DataError(
            _("{path} declares {count:,} images; digitpad reads at most {limit:,}.").format(
                path=shown(path), count=count, limit=MAX_IMAGES
            )
        )


def _found(body: bytes, expected: int) -> str:
    return f"{len(body):,}" if len(body) <= expected else _("more")


def _check_length(path: Path, body: bytes, expected: int, count: int) -> None:
    if len(body) != expected:
        raise DataError(
            _(
                "{path} is truncated or padded: its header promises {count} images "
                "({expected} bytes) but it has {size} bytes."
            ).format(
                path=shown(path),
                count=count,
                expected=16 + expected,
                size=(16 + len(body)) if len(body) <= expected else _("more"),
            )
        )


MNIST_KEYS = tuple(IDX_FILES)
MNIST_SPECS = {
    "x_train": ArraySpec("biufcUSV", (MAX_IMAGES, None, None), MAX_ARRAY_BYTES),
    "y_train": ArraySpec("biufcUSV", (MAX_IMAGES,), MAX_ARRAY_BYTES),
    "x_test": ArraySpec("biufcUSV", (MAX_IMAGES, None, None), MAX_ARRAY_BYTES),
    "y_test": ArraySpec("biufcUSV", (MAX_IMAGES,), MAX_ARRAY_BYTES),
}


def load_npz(path: Path) -> MnistData:
    """A Keras-style ``mnist.npz`` (x_train, y_train, x_test, y_test), validated.

    Sizes, data types and shapes are checked from the archive's headers before
    any array is read (`core.npz`); values are checked after (`mnist_values`).
    """
    try:
        f = open_regular(path)
    except OSError as exc:
        raise DataError(problem(path, exc)) from exc
    with f:
        try:
            arrays = read_npz(f, MNIST_SPECS)
        except NpzError as exc:
            raise _npz_problem(f, path, exc) from exc
    return _checked(arrays, shown(path))


def _npz_problem(f: IO[bytes], path: Path, exc: NpzError) -> DataError:
    if exc.kind == "not_zip":
        return DataError(_("{path} is corrupt or not a .npz file.").format(path=shown(path)))
    if exc.kind == "missing":
        f.seek(0)
        with zipfile.ZipFile(f) as archive:
            names = {n.removesuffix(".npy") for n in archive.namelist()}
        missing = [k for k in MNIST_KEYS if k not in names]
        return DataError(
            _("{path} is not an MNIST npz: it lacks {keys}.").format(
                path=shown(path), keys=", ".join(missing)
            )
        )
    return DataError(describe(exc, shown(path)))


def _checked(arrays: dict[str, np.ndarray], source: str) -> MnistData:
    values, notes = checked_arrays(arrays, source)
    return MnistData(source=source, notes=notes, **values)


def download_keras_mnist(dest: Path, *, url: str | None = None, timeout: float = 30.0) -> None:
    """Download Keras' ``mnist.npz`` to `dest`, checked by SHA-256, written atomically."""
    url = url or KERAS_URL
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".mnist-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            while chunk := response.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != KERAS_SHA256:
            raise DataError(
                _("The MNIST download from {url} is damaged (checksum mismatch).").format(url=url)
            )
        os.replace(tmp, dest)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _source_error(
            _("MNIST is not in the Keras cache and could not be downloaded ({reason}); {how_to}."),
            reason=reason,
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
