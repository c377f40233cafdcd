"""The user's own labelled drawings, kept so the network can learn their handwriting.

Each sample is one small ``.npz`` file in the user data folder: the canvas as
drawn (uint8 grayscale, at most MAX_PAD_SIDE on a side), its 28×28 MNIST
framing, the label and when it was made. Every file is written to a
temporary name, fsynced and renamed into place, so a crash never leaves half
a sample. Files are read with their sizes checked first (`core.npz`): a
corrupt, foreign or oversized file among them is reported, once per reading,
and skipped; the rest still load. Export and import (`sample_archive`, which
builds on this module and not the other way round) bundle samples into one zip
of those same files.
"""

from __future__ import annotations

import io
import logging
import math
import os
import stat
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TypeVar

import numpy as np

from digitpad.core import paths
from digitpad.core.data.framing import frame_digit
from digitpad.core.digits import CLASSES, SIDE
from digitpad.core.errors import DigitpadError
from digitpad.core.files import format_size, open_regular, problem, shown, write_atomic
from digitpad.core.i18n import _
from digitpad.core.npz import ArraySpec, NpzError, describe, read_npz

log = logging.getLogger(__name__)
T = TypeVar("T")

SUFFIX = ".npz"
MAX_PAD_SIDE = 2048  # a drawing pad larger than this is no drawing pad
SAMPLE_SPECS = {
    "canvas": ArraySpec("u", (MAX_PAD_SIDE, MAX_PAD_SIDE), MAX_PAD_SIDE * MAX_PAD_SIDE, 1),
    "framed": ArraySpec("f", (SIDE, SIDE), SIDE * SIDE * 8),
    "label": ArraySpec("iu", (), 8),
    "created": ArraySpec("fiu", (), 8),
}
# A sample file never holds more than its arrays and some zip bookkeeping.
MAX_SAMPLE_BYTES = sum(spec.max_bytes for spec in SAMPLE_SPECS.values()) + 64 * 1024


class SampleError(DigitpadError):
    """A sample file or archive that cannot be read or written."""


@dataclass(frozen=True)
class Sample:
    id: str
    label: int
    canvas: np.ndarray  # (H, W) uint8, as drawn
    framed: np.ndarray  # (28, 28) float32 in [0, 1], what the network sees
    created: float  # seconds since the epoch


def samples_dir() -> Path:
    return paths.user_data_dir() / "samples"


def to_bytes(sample: Sample) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        canvas=sample.canvas,
        framed=sample.framed,
        label=np.int64(sample.label),
        created=np.float64(sample.created),
    )
    return buffer.getvalue()


def read_sample(f: IO[bytes], sample_id: str, where: str) -> Sample:
    """The sample in the `.npz` file `f` (named `where` in messages), or SampleError."""
    arrays = _read(f, where, load=None)
    canvas = arrays["canvas"]
    if min(canvas.shape) < 1:
        raise SampleError(
            _("{where} holds arrays of the wrong shape for a sample.").format(where=where)
        )
    created = float(arrays["created"])
    created = created if math.isfinite(created) else 0.0
    return Sample(sample_id, arrays["label"], canvas, arrays["framed"], created)


def read_label(f: IO[bytes], where: str) -> int:
    """Only the label of a sample file, checked as `read_sample` checks it but without
    reading the drawing (every array's header is still checked): for counting."""
    return int(_read(f, where, load={"label", "framed"})["label"])


def _read(f: IO[bytes], where: str, load: set[str] | None) -> dict:
    """The arrays of a sample file (all, or those in `load`), checked; else SampleError."""
    try:
        arrays: dict = read_npz(f, SAMPLE_SPECS, load=load)
    except NpzError as exc:
        raise SampleError(describe(exc, where)) from exc
    framed = arrays["framed"]
    if framed.shape != (SIDE, SIDE):  # the spec bounds each side; the network takes exactly this
        raise SampleError(
            _("{where} holds arrays of the wrong shape for a sample.").format(where=where)
        )
    if not (np.isfinite(framed).all() and framed.min() >= 0.0 and framed.max() <= 1.0):
        raise SampleError(
            _("{where} holds a framed digit with values outside 0–1.").format(where=where)
        )
    label = arrays["label"].item()
    if not 0 <= label <= 9:
        raise SampleError(
            _("{where} has the label {label}, not a digit 0–9.").format(where=where, label=label)
        )
    arrays["label"] = int(label)
    arrays["framed"] = framed.astype(np.float32)
    return arrays


def _write_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def unreadable(path: Path) -> str:
    return _("{where} could not be read as a sample.").format(where=shown(path))


def _bad_label_message(label: int) -> str:
    return _("A sample's label must be a digit 0–9, not {label}.").format(label=label)


def _sample_from(f: IO[bytes], *, path: Path) -> Sample:
    return read_sample(f, path.stem, shown(path))


def _label_from(f: IO[bytes], *, path: Path) -> int:
    return read_label(f, shown(path))


class SampleStore:
    """The samples in one folder (default: the user's). Cheap to create."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or samples_dir()

    def _path(self, sample_id: str) -> Path:
        return self.folder / f"{sample_id}{SUFFIX}"

    def add(self, canvas: np.ndarray, label: int) -> Sample:
        """Keep a drawing as an example of `label`. Raises SampleError for a blank pad."""
        if not 0 <= label <= 9:
            raise SampleError(_bad_label_message(label))
        gray = np.asarray(canvas)
        if gray.ndim < 2 or max(gray.shape[:2]) > MAX_PAD_SIDE:
            raise SampleError(
                _("A sample's drawing may be at most {side}×{side} pixels.").format(
                    side=MAX_PAD_SIDE
                )
            )
        framed = frame_digit(gray)
        if framed is None:
            raise SampleError(_("The pad is blank: draw a digit before saving it as a sample."))
        if gray.dtype != np.uint8 or gray.ndim != 2:
            from PIL import Image

            gray = np.asarray(Image.fromarray(np.asarray(canvas)).convert("L"))
        sample = Sample(uuid.uuid4().hex, int(label), gray, framed, time.time())
        self.save(sample)
        return sample

    def save_failed(self, exc: OSError) -> SampleError:
        return SampleError(
            _("Could not save the sample in {folder} ({reason}).").format(
                folder=shown(self.folder), reason=exc.strerror or exc
            )
        )

    def save(self, sample: Sample) -> None:
        try:
            _write_atomic(self._path(sample.id), to_bytes(sample))
        except OSError as exc:
            raise self.save_failed(exc) from exc

    def files(self) -> list[Path]:
        """The sample files in the folder, by name (our dot-named temporary files left out)."""
        try:
            names = sorted(
                entry.name
                for entry in os.scandir(self.folder)
                if entry.name.lower().endswith(SUFFIX) and not entry.name.startswith(".")
            )
        except OSError:  # no folder yet, or one that cannot be listed
            return []
        return [self.folder / name for name in names]

    def _read(self, path: Path, reader: Callable[[IO[bytes]], T]) -> T:
        """`reader(file)` on a regular sample file of plausible size, else SampleError."""
        try:
            with open_regular(path) as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_SAMPLE_BYTES:
                    raise SampleError(
                        _("{where} is {size}, too large to be a sample.").format(
                            where=shown(path), size=format_size(size)
                        )
                    )
                return reader(f)
        except OSError as exc:
            raise SampleError(problem(path, exc)) from exc

    def load_all(self) -> tuple[list[Sample], list[str]]:
        """All readable samples, oldest first, and one message per file that was skipped."""
        samples: list[Sample] = []
        problems: list[str] = []
        for path in self.files():
            try:
                sample = self._read(path, partial(_sample_from, path=path))
                samples.append(sample)
            except SampleError as exc:
                problems.append(str(exc))
            except Exception:  # whatever it is, one bad file never stops the others
                log.error("Reading the sample %s failed", shown(path), exc_info=True)
                problems.append(unreadable(path))
        samples.sort(key=lambda s: s.created)
        return samples, problems

    def count(self) -> tuple[np.ndarray, list[str]]:
        """Samples per digit, (10,), and one message per file that was skipped.

        Reads only each file's label (every array's header is still checked), so
        counting a large folder at start-up stays quick.
        """
        counts = np.zeros(CLASSES, dtype=np.int64)
        problems = []
        for path in self.files():
            try:
                label = self._read(path, partial(_label_from, path=path))
                counts[label] += 1
            except SampleError as exc:
                problems.append(str(exc))
            except Exception:
                log.error("Counting the sample %s failed", shown(path), exc_info=True)
                problems.append(unreadable(path))
        return counts, problems

    def counts(self) -> np.ndarray:
        """Samples per digit, (10,) (unreadable files left out)."""
        return self.count()[0]

    def exists(self, sample_id: str) -> bool:
        try:
            return stat.S_ISREG(os.stat(self._path(sample_id)).st_mode)
        except FileNotFoundError:
            return False

    def delete(self, sample_id: str) -> None:
        try:
            self._path(sample_id).unlink(missing_ok=True)
        except OSError as exc:
            raise SampleError(
                _("Could not delete the sample in {folder} ({reason}).").format(
                    folder=shown(self.folder), reason=exc.strerror or exc
                )
            ) from exc

    def relabel(self, sample: Sample, label: int) -> Sample:
        if not 0 <= label <= 9:
            raise SampleError(_bad_label_message(label))
        updated = Sample(sample.id, int(label), sample.canvas, sample.framed, sample.created)
        self.save(updated)
        return updated
