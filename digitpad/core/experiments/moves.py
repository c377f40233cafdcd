"""The 28×28 the network sees, moved, scaled or rotated: framing bypassed, as an experiment.

A shift by (dx, dy) moves every pixel dx columns right and dy rows down (negative: left,
up); pixels moved off the 28×28 are lost and the ones moved in are blank paper (0). Scaling
and rotation turn the image about the point framing puts a digit's centre of mass at (14, 14),
with bilinear interpolation and blank paper outside, so the digit stays where it was.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from digitpad.core.digits import SIDE

CENTRE = 14.0  # framing puts the centre of mass at pixel (14, 14), as MNIST's average


def shifted(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """`image` (H, W, …) moved `dx` columns right and `dy` rows down, blank paper moved in."""
    image = np.asarray(image)
    out = np.zeros_like(image)
    h, w = image.shape[:2]
    if abs(dx) >= w or abs(dy) >= h:
        return out
    rows_to = slice(max(0, dy), h + min(0, dy))
    rows_from = slice(max(0, -dy), h - max(0, dy))
    cols_to = slice(max(0, dx), w + min(0, dx))
    cols_from = slice(max(0, -dx), w - max(0, dx))
    out[rows_to, cols_to] = image[rows_from, cols_from]
    return out


def offsets(reach: int) -> list[tuple[int, int]]:
    """Every (dx, dy) with both in −reach…reach, row by row (dy outer, from −reach down)."""
    span = range(-reach, reach + 1)
    return [(dx, dy) for dy in span for dx in span]


def _affine(image: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """`image` (28, 28) resampled: output pixel o reads input position matrix·(o − c) + c."""
    from scipy import ndimage

    centre = np.array([CENTRE, CENTRE])
    offset = centre - matrix @ centre
    out = ndimage.affine_transform(
        np.asarray(image, np.float32).reshape(SIDE, SIDE),
        matrix,
        offset=offset,
        output_shape=(SIDE, SIDE),
        order=1,
        mode="constant",
        cval=0.0,
    )
    return np.clip(out, 0.0, 1.0).astype(np.float32)


def scaled(image: np.ndarray, factors: Sequence[float]) -> np.ndarray:
    """(N, 28, 28): `image` scaled by each factor about (14, 14) (1.2: 20 % larger)."""
    return np.stack([_affine(image, np.eye(2) / float(f)) for f in factors])


def rotated(image: np.ndarray, degrees: Sequence[float]) -> np.ndarray:
    """(N, 28, 28): `image` rotated about (14, 14) by each angle, positive anticlockwise as the
    student sees it (rows grow downwards)."""
    out = []
    for angle in degrees:
        t = np.deg2rad(float(angle))
        # (row, col) coordinates: turning the picture anticlockwise on screen by t.
        matrix = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
        out.append(_affine(image, matrix))
    return np.stack(out)
