"""Recognize the digit in many image files in one run (what `digitpad predict` prints).

Qt-free and print-free: `predict_files` yields one `FileResult` per path, in
order; the command line words them. All framed images go through the network
in batches, so hundreds of files cost little more than loading the model. A
file that cannot be read gets its one-sentence error; the rest are still
predicted.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, UnidentifiedImageError

from digitpad.core.data.framing import frame_digit
from digitpad.core.errors import ImageError
from digitpad.core.files import open_regular, problem, shown
from digitpad.core.i18n import _

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor

log = logging.getLogger(__name__)

CHUNK = 256  # files framed, then predicted together: memory stays bounded for any count


@dataclass(frozen=True)
class FileResult:
    """What became of one file: its probabilities, "no digit", or why it could not be read."""

    path: Path
    probabilities: np.ndarray | None = None  # (10,); None: no digit drawn, or an error
    error: str | None = None  # one sentence naming the file
    is_digit: bool | None = None  # the judgement; None when nothing was drawn
    calibrated: float | None = None  # calibrated probability that `digit` is right

    @property
    def digit(self) -> int | None:
        """The most likely digit (also when judged not a digit); None for a blank image."""
        return None if self.probabilities is None else int(np.argmax(self.probabilities))

    @property
    def top_probability(self) -> float | None:
        digit = self.digit
        return None if digit is None else float(self.probabilities[digit])  # type: ignore[index]

    @property
    def confidence(self) -> float | None:
        """The probability that `digit` is right (calibrated when the model has statistics)."""
        return self.calibrated if self.calibrated is not None else self.top_probability


# The raster formats a user means by "an image". Pillow picks a decoder by content, not by
# suffix: without this list a ".png" holding PostScript would be handed to Ghostscript.
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP")
# Pillow's own decompression-bomb limit (kept on), applied here as a refusal, not a warning.
MAX_PIXELS = 89_478_485


def read_image(path: Path) -> Image.Image:
    """Open and fully decode an image file, or raise `ImageError` saying why not (naming it).

    Only regular files are opened (a FIFO or device would block or never end),
    only as one of FORMATS, and only up to MAX_PIXELS pixels.
    """
    try:
        f = open_regular(path)
    except OSError as exc:
        raise ImageError(problem(path, exc)) from exc
    name = shown(path)
    with f:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                image = Image.open(f, formats=FORMATS)
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{width}x{height}")
                image.load()  # decoded now: the image no longer needs the file
        except UnidentifiedImageError as exc:
            raise ImageError(
                _("{path}: not an image file digitpad can read.").format(path=name)
            ) from exc
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageError(
                _(
                    "{path}: the image has more pixels than digitpad reads ({limit:,} at most), "
                    "the mark of a decompression bomb."
                ).format(path=name, limit=MAX_PIXELS)
            ) from exc
        except MemoryError as exc:
            raise ImageError(
                _("{path}: there is not enough memory to read this image.").format(path=name)
            ) from exc
        except Exception as exc:  # Pillow's decoders raise OSError, ValueError, SyntaxError…
            raise ImageError(
                _("{path}: the image is damaged or cut short, so it cannot be read.").format(
                    path=name
                )
            ) from exc
    return image


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


def frame_file(path: Path) -> np.ndarray | None:
    """The framed (28, 28) digit in the image file at `path`, or None when none is drawn.

    Raises `ImageError` (one sentence naming the file) for anything that goes wrong,
    so that one bad file never stops the others.
    """
    image = read_image(path)
    try:
        return frame_digit(image)
    except ImageError as exc:
        raise ImageError(_("{path}: {problem}").format(path=shown(path), problem=exc)) from exc
    except MemoryError as exc:
        raise ImageError(
            _("{path}: there is not enough memory to read this image.").format(path=shown(path))
        ) from exc
    except Exception as exc:
        log.error("Framing %s failed", shown(path), exc_info=True)
        raise ImageError(
            _("{path}: the digit in this image could not be framed.").format(path=shown(path))
        ) from exc


def _predict_chunk(paths: list[Path], predictor: Predictor) -> Iterator[FileResult]:
    framed: list[np.ndarray | None] = []
    errors: list[str | None] = []
    for path in paths:
        try:
            framed.append(frame_file(path))
            errors.append(None)
        except ImageError as exc:
            framed.append(None)
            errors.append(str(exc))
    digits = [i for i, f in enumerate(framed) if f is not None]
    present = [f for f in framed if f is not None]
    assessed = predictor.assess(np.stack(present)) if present else None
    by_index = {}
    if assessed is not None:
        for n, i in enumerate(digits):
            by_index[i] = (
                assessed.probabilities[n],
                bool(assessed.is_digit[n]),
                float(assessed.confidence[n]),
            )
    for i, path in enumerate(paths):
        if i in by_index:
            p, is_digit, calibrated = by_index[i]
            yield FileResult(path, p, errors[i], is_digit, calibrated)
        else:
            yield FileResult(path, None, errors[i])
