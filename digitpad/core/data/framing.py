"""Frame any drawing the way MNIST digits are framed.

MNIST digits were size-normalized into a 20×20 box keeping their aspect ratio
(anti-aliased, so edges are grey) and placed in 28×28 with their centre of
mass at the centre. A CNN trained on MNIST only reads drawings framed the same
way. The order matters: find and crop the ink at full resolution, then
area-resize the crop into 20×20, then shift by the centre of mass. Squashing
the whole canvas to 28×28 first loses the resolution and the grey edges.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image
from scipy import ndimage

from digitpad.core.digits import SIDE
from digitpad.core.errors import ImageError
from digitpad.core.i18n import _

BOX = 20  # the digit's longer side inside it, as in MNIST
MAX_SIDE = 1024  # larger inputs are box-downscaled first: no detail a 20×20 box could use is lost
INK_THRESHOLD = 0.25  # ink level that counts as "drawn" when finding strokes
MIN_AREA_FRACTION = 2e-4  # a component smaller than this share of the image is a speck
MIN_AREA_PIXELS = 4
RELATIVE_SPECK = 0.02  # ... and so is one under 2 % of the largest stroke
EIGHT_NEIGHBOURS = np.ones((3, 3), dtype=bool)  # strokes touching at a corner are one stroke
# Every 8-bit level as the general path reads it (uint8 → float32, / 255).
EIGHT_BIT_GRAY = np.arange(256, dtype=np.uint8).astype(np.float32) / 255.0


def frame_digit(image: Image.Image | np.ndarray) -> np.ndarray | None:
    """A (28, 28) float32 array in [0, 1] framed as MNIST is, or None for a blank pad.

    `image`: a PIL image or NumPy array of any size; grayscale, RGB or RGBA;
    dark ink on a light pad or light ink on a dark pad (detected); transparent
    pixels count as background. Raises `ImageError` for values it cannot read.
    """
    drawn, ink_in = _read_ink(image)
    found = _strokes_without_specks(drawn)
    if found is None:
        return None
    rows, cols, specks = found
    crop = ink_in(rows, cols)
    if specks is not None:
        crop[specks] = 0.0  # erase specks with their grey rims
    digit = _fit_box(_trim(crop))
    # MNIST strokes reach full intensity; a pencil-grey drawing is stretched to match.
    return _center_of_mass_frame(digit / digit.max())


InkIn = Callable[[slice, slice], np.ndarray]  # the ink (float32, a fresh array) in rows × cols


def _read_ink(image: Image.Image | np.ndarray) -> tuple[np.ndarray, InkIn]:
    """Where the ink counts as drawn (ink > INK_THRESHOLD), and the ink itself on demand.

    An 8-bit grayscale drawing (the pad's own) is read in its 8-bit levels:
    the ink is a monotone function of the level, so "drawn" is one comparison
    of levels, and the float ink is computed inside the crop only, with
    ink_map's own arithmetic (same values). Other images go through ink_map.
    """
    levels = _eight_bit_gray(image)
    if levels is None:
        ink = ink_map(image)
        return ink > INK_THRESHOLD, lambda rows, cols: ink[rows, cols].copy()
    border = np.concatenate([levels[0], levels[-1], levels[:, 0], levels[:, -1]])
    background = _median_level(border)
    table = _pad_to_ink(EIGHT_BIT_GRAY, background)
    drawn = _levels_in(levels, table > INK_THRESHOLD)
    return drawn, lambda rows, cols: _pad_to_ink(
        levels[rows, cols].astype(np.float32) / 255.0, background
    )


def _eight_bit_gray(image: Image.Image | np.ndarray) -> np.ndarray | None:
    """`image` as a 2-D uint8 array when it is 8-bit grayscale within MAX_SIDE, else None."""
    if isinstance(image, Image.Image):
        plain = image.mode == "L" and "transparency" not in image.info
        if not plain or max(image.size) > MAX_SIDE:
            return None
        image = np.asarray(image)
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        return None
    levels = image[:, :, 0] if image.ndim == 3 and image.shape[2] == 1 else image
    if levels.ndim != 2 or levels.size == 0 or max(levels.shape) > MAX_SIDE:
        return None
    return levels


def _median_level(border: np.ndarray) -> np.floating:
    """np.median of the border's levels as float32 in [0, 1], from its two middle levels.

    The border always has an even length (2·(H + W)); np.median returns the
    float32 mean of its two middle values, (a + b) / 2, computed here alone.
    """
    k = border.size // 2
    low, high = np.partition(border, [k - 1, k])[k - 1 : k + 1].astype(np.float32) / 255.0
    return (low + high) / 2


def _levels_in(levels: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """`chosen[levels]` for uint8 levels and a (256,) bool table, as one comparison when the
    chosen levels are the darkest or the lightest ones (always so for ink, which is monotone
    in the level)."""
    picked = np.flatnonzero(chosen)
    if picked.size == 0:
        return np.zeros(levels.shape, dtype=bool)
    low, high = int(picked[0]), int(picked[-1])
    if high - low + 1 == picked.size and low == 0:
        return levels <= high
    if high - low + 1 == picked.size and high == 255:
        return levels >= low
    return chosen[levels]


def ink_map(image: Image.Image | np.ndarray) -> np.ndarray:
    """Ink intensity in [0, 1] (1 = full ink, 0 = pad), at most MAX_SIDE on its longer side."""
    if isinstance(image, Image.Image):
        gray, alpha = _from_pil(image)
    elif isinstance(image, np.ndarray):
        gray, alpha = _from_array(image)
    else:
        raise ImageError(_("Cannot read an image from a {type}.").format(type=type(image).__name__))
    if gray.size == 0 or gray.ndim != 2:
        raise ImageError(_("The image is empty."))
    if alpha is not None and _strokes_on_transparency(gray, alpha):
        return alpha
    if alpha is None:
        # The pad's colour: what most of the border shows (strokes rarely cover it).
        background = np.median(np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]]))
    else:
        # Transparent margins say nothing about the pad: look at opaque pixels only.
        background = np.median(gray[::3, ::3][alpha[::3, ::3] >= 0.5])
    ink = _pad_to_ink(gray, background)
    if alpha is not None:
        ink = ink * alpha
    return ink.astype(np.float32, copy=False)


def _pad_to_ink(gray: np.ndarray, background: float | np.floating) -> np.ndarray:
    """Gray levels in [0, 1] as ink in [0, 1], given the pad's level (element by element)."""
    ink = 1.0 - gray if background > 0.5 else gray
    pad_level = float(min(background, 1.0 - background))  # a grey or tinted pad's own "ink"
    if pad_level > 0.02:
        ink = np.clip((ink - pad_level) / (1.0 - pad_level), 0.0, 1.0)
    return ink


def _strokes_on_transparency(gray: np.ndarray, alpha: np.ndarray) -> bool:
    """True for strokes painted on a transparent layer: then alpha is the ink.

    That layer is mostly transparent and its opaque pixels share one colour;
    an opaque pad with transparent margins instead shows pad and ink colours.
    """
    if float(np.mean(alpha[::3, ::3] < 0.5)) <= 0.5:
        return False
    opaque = gray[alpha > 0.5]
    return opaque.size == 0 or float(np.std(opaque)) < 0.15


def _from_pil(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    image = _shrink(_canonical(image))
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        gray = np.asarray(rgba.convert("L"), dtype=np.float32) / 255.0
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float32) / 255.0
        return gray, alpha
    if image.mode in ("I", "F"):
        return _from_array(np.asarray(image))
    return np.asarray(image.convert("L"), dtype=np.float32) / 255.0, None


# Modes kept as they are: Image.reduce (the pre-shrink) and the steps after it handle them.
CANONICAL_MODES = ("L", "LA", "RGB", "RGBA", "I", "F")


def _canonical(image: Image.Image) -> Image.Image:
    """`image` in one of CANONICAL_MODES, keeping what it shows (and its transparency).

    Every mode Pillow reads frames: `Image.reduce` refuses palette, 1-bit and
    16-bit images, so they are converted first; Lab and HSV keep their
    lightness channel (Pillow converts them to RGB channel by channel).
    """
    mode = image.mode
    if mode in CANONICAL_MODES and "transparency" not in image.info:
        return image
    if mode == "LAB":
        return image.getchannel("L")
    if mode == "HSV":
        return image.getchannel("V")
    if mode.startswith("I;16") or mode.startswith("I;32"):
        return image.convert("I")
    if mode in ("1", "L", "P") and "transparency" not in image.info:
        return image.convert("L")
    if mode in ("La", "LA"):
        return image.convert("LA")
    if mode in ("P", "PA", "RGBa", "RGBA", "L", "RGB", "1") or "transparency" in image.info:
        return image.convert("RGBA")
    try:
        return image.convert("RGB")  # CMYK, YCbCr, RGBX and the rest
    except ValueError as exc:
        raise ImageError(
            _("Images in the {mode} colour mode cannot be read.").format(mode=mode)
        ) from exc


def _shrink(image: Image.Image) -> Image.Image:
    factor = -(-max(image.size) // MAX_SIDE)  # ceiling division
    if factor > 1:
        image = image.reduce(factor)  # box filter: fast and anti-aliased
    return image


def _from_array(array: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ImageError(
            _("An image array must be (H, W), (H, W, 3) or (H, W, 4), not {shape}.").format(
                shape=array.shape
            )
        )
    if array.dtype == np.bool_:
        array = array.astype(np.float32)
    if np.issubdtype(array.dtype, np.floating):
        if not np.isfinite(array).all():
            raise ImageError(_("The image contains NaN or infinite values."))
        values = array.astype(np.float32, copy=False)
        if values.size and (values.min() < 0 or values.max() > 1.0):
            if values.min() < 0 or values.max() > 255:
                raise ImageError(_("Float image values must lie in [0, 1] (or 0–255)."))
            values = values / 255.0
    elif np.issubdtype(array.dtype, np.integer):
        values = _integer_levels(array)
    else:
        raise ImageError(
            _("Cannot interpret image values of type {dtype}.").format(dtype=array.dtype)
        )
    if max(values.shape[:2]) > MAX_SIDE:
        values = _block_mean(values, -(-max(values.shape[:2]) // MAX_SIDE))
    if values.ndim == 2:
        return values, None
    gray = values[:, :, :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    alpha = values[:, :, 3] if values.shape[2] == 4 else None
    return gray, alpha


def _integer_levels(array: np.ndarray) -> np.ndarray:
    """Integer pixels as float32 in [0, 1]: 8-bit or 16-bit range, else stretched to fit."""
    if array.size == 0:
        return array.astype(np.float32)
    low, high = int(array.min()), int(array.max())
    if low >= 0 and high <= 255:
        return array.astype(np.float32) / 255.0
    if low >= 0 and high <= 65535:
        return array.astype(np.float32) / 65535.0
    values = array.astype(np.float64)  # 32-bit integers: levels only make sense relatively
    return ((values - low) / (high - low)).astype(np.float32)


def _block_mean(values: np.ndarray, factor: int) -> np.ndarray:
    h, w = values.shape[0] // factor * factor, values.shape[1] // factor * factor
    trimmed = values[:h, :w]
    shape = (h // factor, factor, w // factor, factor, *values.shape[2:])
    return trimmed.reshape(shape).mean(axis=(1, 3))


def _strokes_without_specks(drawn: np.ndarray) -> tuple[slice, slice, np.ndarray | None] | None:
    """The bounding box of the strokes once isolated specks are left out, and which of its
    pixels belong to a speck's grey rim (None when nothing is erased).

    `drawn`: where the ink exceeds INK_THRESHOLD. Returns None when nothing
    but specks (or nothing at all) is drawn. Components are found inside the
    ink's bounding box only (one pixel wider, as far as a speck's erased rim
    reaches): the pad around it is empty, and labelling it too was most of
    the framing's time.
    """
    any_row = drawn.any(axis=1)
    if not any_row.any():
        return None
    h, w = drawn.shape
    rows = np.flatnonzero(any_row)
    # One extra pixel each side brings along the strokes' anti-aliased rims.
    r0, r1 = max(rows[0] - 1, 0), min(rows[-1] + 2, h)
    cols = np.flatnonzero(drawn[r0:r1].any(axis=0))
    c0, c1 = max(cols[0] - 1, 0), min(cols[-1] + 2, w)
    box = drawn[r0:r1, c0:c1]
    labels, count = ndimage.label(box, structure=EIGHT_NEIGHBOURS)
    floor = max(MIN_AREA_PIXELS, MIN_AREA_FRACTION * drawn.size)
    if count == 1:  # one stroke, nothing to erase: the usual drawing
        area = int(np.count_nonzero(box))
        return (
            None
            if area < max(floor, RELATIVE_SPECK * area)
            else (slice(r0, r1), slice(c0, c1), None)
        )
    areas = np.bincount(labels.ravel())
    areas[0] = 0
    keep = areas >= max(floor, RELATIVE_SPECK * areas.max())
    keep[0] = False
    if not keep.any():
        return None
    kept = keep[labels]
    specks = None
    if (kept != box).any():  # specks, and the grey rims around them
        specks = ndimage.binary_dilation(box & ~kept) & ~kept
    rows = np.flatnonzero(kept.any(axis=1)) + r0
    cols = np.flatnonzero(kept.any(axis=0)) + c0
    ys = slice(max(rows[0] - 1, 0), min(rows[-1] + 2, h))
    xs = slice(max(cols[0] - 1, 0), min(cols[-1] + 2, w))
    if specks is not None:
        specks = specks[ys.start - r0 : ys.stop - r0, xs.start - c0 : xs.stop - c0]
    return ys, xs, specks


def _trim(crop: np.ndarray, floor: float = 0.02) -> np.ndarray:
    """Drop the rim rows/columns with no visible ink (the one-pixel margin may hold none).

    The strokes reach the crop's second row and column from each side (its
    first at the image's edge), so only the outermost lines can be blank.
    """
    top = 0 if crop[0].max() > floor else 1
    bottom = len(crop) - (0 if crop[-1].max() > floor else 1)
    left = 0 if crop[:, 0].max() > floor else 1
    right = crop.shape[1] - (0 if crop[:, -1].max() > floor else 1)
    return crop[top:bottom, left:right]


def _fit_box(crop: np.ndarray) -> np.ndarray:
    """Resize so the longer side is BOX pixels, keeping the aspect ratio (area-averaged)."""
    h, w = crop.shape
    scale = BOX / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    # A float ("F") image straight from the array's bytes and back: Image.fromarray
    # and np.asarray cost more than Pillow's resize itself.
    data = np.ascontiguousarray(crop, dtype=np.float32)
    image = Image.frombuffer("F", (w, h), data, "raw", "F", 0, 1)
    fitted = np.frombuffer(image.resize(size, resample).tobytes(), np.float32)
    # Both filters' weights are non-negative: only float rounding can pass 1.
    return np.minimum(fitted.reshape(size[1], size[0]), 1.0)


def _center_of_mass_frame(digit: np.ndarray) -> np.ndarray:
    """Place `digit` in a 28×28 frame with its centre of mass at the centre (14, 14)."""
    h, w = digit.shape
    total = float(digit.sum())
    cy = float((digit.sum(axis=1) * np.arange(h)).sum() / total)
    cx = float((digit.sum(axis=0) * np.arange(w)).sum() / total)
    # MNIST's centres of mass sit at index (14.0, 14.0) on average (measured on its test set).
    top, left = round(SIDE / 2 - cy), round(SIDE / 2 - cx)
    out = np.zeros((SIDE, SIDE), dtype=np.float32)
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + h, SIDE), min(left + w, SIDE)
    out[y0:y1, x0:x1] = digit[y0 - top : y1 - top, x0 - left : x1 - left]
    return out
