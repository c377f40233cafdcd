"""`digitpad predict`: recognize the digit in many image files in one run.

The model loads once and all framed images go through the network in
batches, so hundreds of files cost little more than loading the model. A file
that cannot be read gets one line on stderr; the rest are still predicted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import numpy as np
from PIL import Image, UnidentifiedImageError

from digitpad.core.errors import ImageError
from digitpad.core.i18n import _
from digitpad.core.preprocess import frame_digit


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


def predict_files(
    paths: Sequence[Path],
    *,
    model_path: Path | None = None,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print one line per image; return 0, or 1 if any file could not be read."""
    out, err = out or sys.stdout, err or sys.stderr
    from digitpad.core.predictor import Predictor

    predictor = Predictor.load(model_path)  # a bad model fails before any work is done
    framed: dict[int, np.ndarray | None] = {}
    failed = False
    for i, path in enumerate(paths):
        try:
            framed[i] = frame_digit(read_image(path))
        except ImageError as exc:
            print(_("digitpad: {message}").format(message=exc), file=err)
            failed = True
    digits = [i for i, f in framed.items() if f is not None]
    probabilities = predictor.probabilities(np.stack([framed[i] for i in digits])) if digits else []
    by_index = dict(zip(digits, probabilities, strict=True))
    for i in framed:
        p = by_index.get(i)
        digit = None if p is None else int(np.argmax(p))
        if as_json:
            record = {
                "file": str(paths[i]),
                "digit": digit,
                "probabilities": None if p is None else [round(float(v), 6) for v in p],
            }
            print(json.dumps(record), file=out)
        elif p is None:
            print(_("{path}: no digit").format(path=paths[i]), file=out)
        else:
            line = _("{path}: {digit} ({percent:.1f}%)")
            print(line.format(path=paths[i], digit=digit, percent=100 * float(p[digit])), file=out)
    return 1 if failed else 0
