"""The user's own labelled drawings, kept so the network can learn their handwriting.

Each sample is one small ``.npz`` file in the user data folder: the canvas as
drawn (uint8 grayscale), its 28×28 MNIST framing, the label and when it was
made. Every file is written to a temporary name and renamed into place, so a
crash never leaves half a sample. A corrupt or foreign file among them is
reported and skipped; the rest still load. Export and import bundle all
samples into one zip of those same files.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import paths
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _
from digitpad.core.preprocess import frame_digit

SUFFIX = ".npz"


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


def _to_bytes(sample: Sample) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        canvas=sample.canvas,
        framed=sample.framed,
        label=np.int64(sample.label),
        created=np.float64(sample.created),
    )
    return buffer.getvalue()


def _from_bytes(raw: bytes, sample_id: str, where: str) -> Sample:
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as f:
            canvas, framed = f["canvas"], f["framed"]
            label, created = int(f["label"]), float(f["created"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise SampleError(
            _("{where} is not a digitpad sample ({reason}).").format(where=where, reason=exc)
        ) from exc
    if canvas.ndim != 2 or canvas.dtype != np.uint8 or framed.shape != (28, 28):
        raise SampleError(
            _("{where} holds arrays of the wrong shape for a sample.").format(where=where)
        )
    if not 0 <= label <= 9:
        raise SampleError(
            _("{where} has the label {label}, not a digit 0–9.").format(where=where, label=label)
        )
    return Sample(sample_id, label, canvas, framed.astype(np.float32), created)


def _bad_label_message(label: int) -> str:
    return _("A sample's label must be a digit 0–9, not {label}.").format(label=label)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


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
        framed = frame_digit(gray)
        if framed is None:
            raise SampleError(_("The pad is blank: draw a digit before saving it as a sample."))
        if gray.dtype != np.uint8 or gray.ndim != 2:
            from PIL import Image

            gray = np.asarray(Image.fromarray(np.asarray(canvas)).convert("L"))
        sample = Sample(uuid.uuid4().hex, int(label), gray, framed, time.time())
        self.save(sample)
        return sample

    def _save_failed(self, exc: OSError) -> SampleError:
        return SampleError(
            _("Could not save the sample in {folder} ({reason}).").format(
                folder=self.folder, reason=exc
            )
        )

    def save(self, sample: Sample) -> None:
        try:
            _write_atomic(self._path(sample.id), _to_bytes(sample))
        except OSError as exc:
            raise self._save_failed(exc) from exc

    def load_all(self) -> tuple[list[Sample], list[str]]:
        """All readable samples, oldest first, and one message per file that was skipped."""
        samples, problems = [], []
        if not self.folder.is_dir():
            return samples, problems
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                samples.append(_from_bytes(path.read_bytes(), path.stem, str(path)))
            except (SampleError, OSError) as exc:
                problems.append(str(exc))
        samples.sort(key=lambda s: s.created)
        return samples, problems

    def delete(self, sample_id: str) -> None:
        try:
            self._path(sample_id).unlink(missing_ok=True)
        except OSError as exc:
            raise SampleError(
                _("Could not delete the sample in {folder} ({reason}).").format(
                    folder=self.folder, reason=exc
                )
            ) from exc

    def relabel(self, sample: Sample, label: int) -> Sample:
        if not 0 <= label <= 9:
            raise SampleError(_bad_label_message(label))
        updated = Sample(sample.id, int(label), sample.canvas, sample.framed, sample.created)
        self.save(updated)
        return updated

    def counts(self) -> np.ndarray:
        """Samples per digit, (10,)."""
        samples, _problems = self.load_all()
        return np.bincount([s.label for s in samples], minlength=10)

    def export(self, archive: Path) -> int:
        """Write every readable sample into one zip; returns how many."""
        samples, _problems = self.load_all()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as z:
            for s in samples:
                z.writestr(f"{s.id}{SUFFIX}", _to_bytes(s))
        try:
            _write_atomic(Path(archive), buffer.getvalue())
        except OSError as exc:
            raise SampleError(
                _("Could not write {archive} ({reason}).").format(archive=archive, reason=exc)
            ) from exc
        return len(samples)

    def import_(self, archive: Path) -> tuple[int, list[str]]:
        """Add the samples in an exported zip (already present ones are skipped).

        A sample that cannot be written raises SampleError; those before it stay added.
        """
        try:
            z = zipfile.ZipFile(archive)
        except (OSError, zipfile.BadZipFile) as exc:
            raise SampleError(
                _("{archive} is not a digitpad samples archive ({reason}).").format(
                    archive=archive, reason=exc
                )
            ) from exc
        added, problems = 0, []
        with z:
            for name in z.namelist():
                sample_id = Path(name).stem
                if not name.endswith(SUFFIX) or "/" in name or not sample_id.isalnum():
                    problems.append(
                        _("{archive}: skipped {name}, which is not a sample.").format(
                            archive=archive, name=name
                        )
                    )
                    continue
                try:
                    sample = _from_bytes(z.read(name), sample_id, f"{archive}:{name}")
                except (SampleError, zipfile.BadZipFile, OSError) as exc:
                    problems.append(str(exc))
                    continue
                try:
                    present = self._path(sample_id).exists()
                except OSError as exc:  # e.g. a folder that cannot be searched
                    raise self._save_failed(exc) from exc
                if not present:
                    self.save(sample)
                    added += 1
        return added, problems
