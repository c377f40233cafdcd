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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core.errors import DataError
from digitpad.core.i18n import N_, _

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
# The splits as messages name them ("the train images"); translated where shown.
SPLIT_NAMES = {"train": N_("train"), "test": N_("test")}


@dataclass(frozen=True)
class MnistData:
    """MNIST as uint8 images (N, 28, 28) and uint8 labels (N,)."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str

    def subset(self, train: int, test: int) -> MnistData:
        """The first `train` and `test` samples: for quick runs and tests."""
        return MnistData(
            self.x_train[:train],
            self.y_train[:train],
            self.x_test[:test],
            self.y_test[:test],
            f"{self.source} (first {train} train / {test} test)",
        )


def keras_cache_path() -> Path:
    """Where Keras keeps its downloaded ``mnist.npz`` (honours ``KERAS_HOME``)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"


def load_mnist(source: str | os.PathLike[str] | None = None, *, download: bool = True) -> MnistData:
    """Load MNIST from `source`, else ``$DIGITPAD_MNIST``, else the Keras cache / download.

    `source` may be a folder holding the four IDX files (``.gz`` or raw, or a
    ``mnist.npz``), or a ``.npz`` file. Raises `DataError` with a clear message.
    """
    if source is None:
        source = os.environ.get(ENV_VAR) or None
    if source is not None:
        return _load_path(Path(source).expanduser())
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
    if not path.exists():
        raise _source_error(_("MNIST source {path} does not exist; {how_to}."), path=path)
    if path.is_file():
        if path.suffix == ".npz":
            return load_npz(path)
        raise DataError(
            _("{path} is not a mnist.npz file or a folder of MNIST IDX files.").format(path=path)
        )
    found = {key: _find_idx(path, stem) for key, stem in IDX_FILES.items()}
    if all(p is None for p in found.values()) and (path / "mnist.npz").is_file():
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
        if (folder / name).is_file():
            return folder / name
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        # gzip raises BadGzipFile (an OSError) for garbage and EOFError when truncated.
        raise DataError(
            _("{path} is corrupt or truncated and cannot be decompressed ({reason}).").format(
                path=path, reason=exc
            )
        ) from exc


def read_idx_images(path: Path) -> np.ndarray:
    """An IDX3 image file as uint8 (N, 28, 28), validated."""
    raw = _read_bytes(path)
    if len(raw) < 16:
        raise DataError(_("{path} is too short to be an MNIST image file.").format(path=path))
    magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
    if magic != IMAGE_MAGIC:
        raise DataError(
            _("{path} is not an MNIST image file (magic number {magic:#010x}).").format(
                path=path, magic=magic
            )
        )
    if (rows, cols) != (28, 28):
        raise DataError(
            _("{path} holds {rows}×{cols} images, not 28×28.").format(
                path=path, rows=rows, cols=cols
            )
        )
    expected = 16 + count * rows * cols
    if len(raw) != expected:
        raise DataError(
            _(
                "{path} is truncated or padded: its header promises {count} images "
                "({expected} bytes) but it has {size} bytes."
            ).format(path=path, count=count, expected=expected, size=len(raw))
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows, cols)


def read_idx_labels(path: Path) -> np.ndarray:
    """An IDX1 label file as uint8 (N,), validated."""
    raw = _read_bytes(path)
    if len(raw) < 8:
        raise DataError(_("{path} is too short to be an MNIST label file.").format(path=path))
    magic, count = struct.unpack(">II", raw[:8])
    if magic != LABEL_MAGIC:
        raise DataError(
            _("{path} is not an MNIST label file (magic number {magic:#010x}).").format(
                path=path, magic=magic
            )
        )
    if len(raw) != 8 + count:
        raise DataError(
            _(
                "{path} is truncated or padded: its header promises {count} labels "
                "but it has {found}."
            ).format(path=path, count=count, found=len(raw) - 8)
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=8)


def load_npz(path: Path) -> MnistData:
    """A Keras-style ``mnist.npz`` (x_train, y_train, x_test, y_test), validated."""
    try:
        # Open the file ourselves: np.load leaks its handle when the archive is corrupt.
        with path.open("rb") as raw, np.load(raw, allow_pickle=False) as f:
            missing = [k for k in IDX_FILES if k not in f.files]
            if missing:
                raise DataError(
                    _("{path} is not an MNIST npz: it lacks {keys}.").format(
                        path=path, keys=", ".join(missing)
                    )
                )
            arrays = {k: np.asarray(f[k]) for k in IDX_FILES}
    except DataError:
        raise
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise DataError(
            _("{path} is corrupt or not a .npz file ({reason}).").format(path=path, reason=exc)
        ) from exc
    return _checked(arrays, str(path))


def _checked(arrays: dict[str, np.ndarray], source: str) -> MnistData:
    for key, name in SPLIT_NAMES.items():
        x, y = arrays[f"x_{key}"], arrays[f"y_{key}"]
        split = _(name)
        if x.ndim != 3 or x.shape[1:] != (28, 28):
            raise DataError(
                _("{source}: the {split} images have shape {shape}, not (N, 28, 28).").format(
                    source=source, split=split, shape=x.shape
                )
            )
        if y.ndim != 1:
            raise DataError(
                _("{source}: the {split} labels have shape {shape}, not (N,).").format(
                    source=source, split=split, shape=y.shape
                )
            )
        if len(x) != len(y):
            raise DataError(
                _(
                    "{source}: {images} {split} images but {labels} {split} labels; "
                    "they must agree."
                ).format(source=source, images=len(x), labels=len(y), split=split)
            )
        if len(x) == 0:
            raise DataError(
                _("{source}: the {split} set is empty.").format(source=source, split=split)
            )
        if y.min() < 0 or y.max() > 9:
            raise DataError(
                _("{source}: {split} labels outside 0–9 (found {low}…{high}).").format(
                    source=source, split=split, low=y.min(), high=y.max()
                )
            )
        if x.dtype != np.uint8:
            if x.min() < 0 or x.max() > 255:
                raise DataError(
                    _("{source}: {split} pixel values outside 0–255.").format(
                        source=source, split=split
                    )
                )
            arrays[f"x_{key}"] = x.astype(np.uint8)
        arrays[f"y_{key}"] = y.astype(np.uint8)
    return MnistData(source=source, **arrays)


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
