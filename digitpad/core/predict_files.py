"""Recognize the digit in many image files in one run (what `digitpad predict` prints).

Qt-free and print-free: `predict_files` yields one `FileResult` per path, in
order; the command line words them. All framed images go through the network
in batches, so hundreds of files cost little more than loading the model. A
file that cannot be read gets its one-sentence error; the rest are still
predicted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, UnidentifiedImageError

from digitpad.core.errors import ImageError
from digitpad.core.i18n import _
from digitpad.core.preprocess import frame_digit

if TYPE_CHECKING:
    from digitpad.core.predictor import Predictor

CHUNK = 256  # files framed, then predicted together: memory stays bounded for any count


@dataclass(frozen=True)
class FileResult:
    """What became of one file: its probabilities, "no digit", or why it could not be read."""

    path: Path
    probabilities: np.ndarray | None = None  # (10,); None: no digit drawn, or an error
    error: str | None = None  # one sentence naming the file

    @property
    def digit(self) -> int | None:
        return None if self.probabilities is None else int(np.argmax(self.probabilities))

    @property
    def confidence(self) -> float | None:
        digit = self.digit
        return None if digit is None else float(self.probabilities[digit])  # type: ignore[index]


def read_image(path: Path) -> Image.Image:
    """Open and fully decode an image file, or raise `ImageError` saying why not."""
    try:
        with Image.open(path) as image:
            image.load()
            return image.copy()
    except FileNotFoundError as exc:
        raise ImageError(_("{path}: no such file.").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise ImageError(_("{path}: is a folder, not an image.").format(path=path)) from exc
    except UnidentifiedImageError as exc:
        raise ImageError(
            _("{path}: not an image file digitpad can read.").format(path=path)
        ) from exc
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(
            _("{path}: unreadable or damaged image ({reason}).").format(path=path, reason=exc)
        ) from exc


def predict_files(paths: Iterable[Path], predictor: Predictor) -> Iterator[FileResult]:
    """One `FileResult` per path, in the order given."""
    chunk: list[Path] = []
    for path in paths:
        chunk.append(path)
        if len(chunk) == CHUNK:
            yield from _predict_chunk(chunk, predictor)
            chunk = []
    if chunk:
        yield from _predict_chunk(chunk, predictor)


def _predict_chunk(paths: list[Path], predictor: Predictor) -> Iterator[FileResult]:
    framed: list[np.ndarray | None] = []
    errors: list[str | None] = []
    for path in paths:
        try:
            framed.append(frame_digit(read_image(path)))
            errors.append(None)
        except ImageError as exc:
            framed.append(None)
            errors.append(str(exc))
    digits = [i for i, f in enumerate(framed) if f is not None]
    batch = np.stack([framed[i] for i in digits]) if digits else None
    probabilities = predictor.probabilities(batch) if batch is not None else []
    by_index = dict(zip(digits, probabilities, strict=True))
    for i, path in enumerate(paths):
        yield FileResult(path, by_index.get(i), errors[i])
