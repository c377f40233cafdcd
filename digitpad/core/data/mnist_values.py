"""MNIST arrays checked for what they hold, not only their shape: dtype, range, NaN.

Images stored as floats in [0, 1] were silently cast to zeros and trained a
12.6 % model; NaN labels passed as 0. Here every array is checked, and a
conversion happens only when it is exact (and is then reported in `notes`):
floats that are all k/255 (within 1e-6) become k, whole-number floats or wider
integers within 0–255 become uint8. Anything else is one sentence naming the
source. Work is done in chunks, so a float64 training set needs no second copy.
"""

from __future__ import annotations

import numpy as np

from digitpad.core.errors import DataError
from digitpad.core.i18n import N_, _

SPLIT_NAMES = {"train": N_("train"), "test": N_("test")}
STEP_TOLERANCE = 1e-6  # how far from k/255 a float pixel may be and still count as k
CHUNK = 4096  # images per step of a conversion


def _chunks(n: int) -> range:
    return range(0, n, CHUNK)


def exact_pixels(x: np.ndarray, source: str, split: str, notes: list[str]) -> np.ndarray:
    """`x` (N, 28, 28) as uint8 0–255, converted only when exact; else DataError."""
    if x.dtype == np.uint8:
        return x
    kind = x.dtype.kind
    if kind in "iu":
        smallest, largest = (int(x.min()), int(x.max())) if x.size else (0, 0)
        if smallest < 0 or largest > 255:
            raise DataError(
                _("{source}: {split} pixel values outside 0–255 (found {low}…{high}).").format(
                    source=source, split=split, low=smallest, high=largest
                )
            )
        return x.astype(np.uint8)
    if kind != "f":
        raise DataError(
            _("{source}: the {split} images have the data type {dtype}, not numbers.").format(
                source=source, split=split, dtype=x.dtype.str
            )
        )
    out = np.empty(x.shape, dtype=np.uint8)
    finite, low, high = True, float(np.inf), float(-np.inf)
    for i in _chunks(len(x)):
        part = x[i : i + CHUNK]
        finite = finite and bool(np.isfinite(part).all())
        if not finite:
            break
        if part.size:
            low, high = min(low, float(part.min())), max(high, float(part.max()))
    if not finite:
        raise DataError(
            _("{source}: the {split} images contain NaN or infinite values.").format(
                source=source, split=split
            )
        )
    if low < 0 or high > 255:
        raise DataError(
            _("{source}: {split} pixel values outside 0–255 (found {low:g}…{high:g}).").format(
                source=source, split=split, low=low, high=high
            )
        )
    scale = 255.0 if high <= 1.0 else 1.0  # fractions of 1, or levels stored as floats
    for i in _chunks(len(x)):
        scaled = x[i : i + CHUNK].astype(np.float64) * scale
        levels = np.rint(scaled)
        if np.abs(scaled - levels).max(initial=0.0) > STEP_TOLERANCE * 255.0:
            if scale == 255.0:
                raise DataError(
                    _(
                        "{source}: the {split} images are floats in [0, 1] that are not whole "
                        "steps of 1/255, so they cannot be turned into MNIST's 0–255 levels "
                        "exactly."
                    ).format(source=source, split=split)
                )
            raise DataError(
                _(
                    "{source}: the {split} images are floats that are not whole numbers 0–255."
                ).format(source=source, split=split)
            )
        out[i : i + CHUNK] = levels.astype(np.uint8)
    if scale == 255.0:
        notes.append(
            _(
                "{source}: the {split} images were stored as fractions of 1 (k/255); "
                "they were converted to 0–255 exactly."
            ).format(source=source, split=split)
        )
    else:
        notes.append(
            _(
                "{source}: the {split} images were stored as floats; they were converted to "
                "0–255 exactly."
            ).format(source=source, split=split)
        )
    return out


def exact_labels(y: np.ndarray, source: str, split: str, notes: list[str]) -> np.ndarray:
    """`y` (N,) as uint8 digits 0–9: integers, or floats that are exactly whole 0–9."""
    kind = y.dtype.kind
    if kind not in "iuf":
        raise DataError(
            _("{source}: the {split} labels have the data type {dtype}, not numbers.").format(
                source=source, split=split, dtype=y.dtype.str
            )
        )
    if kind == "f":
        if not np.isfinite(y).all():
            raise DataError(
                _("{source}: the {split} labels contain NaN or infinite values.").format(
                    source=source, split=split
                )
            )
        if (y != np.rint(y)).any():
            raise DataError(
                _("{source}: the {split} labels are not whole numbers.").format(
                    source=source, split=split
                )
            )
    low, high = (y.min(), y.max()) if y.size else (0, 0)
    if low < 0 or high > 9:
        raise DataError(
            _("{source}: {split} labels outside 0–9 (found {low}…{high}).").format(
                source=source, split=split, low=low, high=high
            )
        )
    if kind == "f":
        notes.append(
            _("{source}: the {split} labels were stored as floats; they are whole digits.").format(
                source=source, split=split
            )
        )
    return y.astype(np.uint8)


def checked_arrays(
    arrays: dict[str, np.ndarray], source: str
) -> tuple[dict[str, np.ndarray], tuple[str, ...]]:
    """The four arrays, shape- and value-checked, as uint8; and notes on any conversion."""
    notes: list[str] = []
    out = dict(arrays)
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
        out[f"y_{key}"] = exact_labels(y, source, split, notes)
        out[f"x_{key}"] = exact_pixels(x, source, split, notes)
    return out, tuple(notes)
