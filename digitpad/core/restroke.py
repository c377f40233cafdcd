"""Redraw MNIST digits with an even, round pen, as a mouse draws them.

MNIST digits were written with a real pen: strokes vary in width and
pressure. Drawings on the pad have one fixed, round stroke width, often much
thicker or thinner than MNIST's relative to the digit. Training on some MNIST
digits re-stroked that way (thinned to their centre line, then drawn again
with a random pen width and anti-aliased edges, then framed as MNIST) closes
that gap. NumPy/SciPy/scikit-image only: it runs once before training.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.morphology import skeletonize

from digitpad.core.preprocess import frame_digit

PEN_RADIUS = (0.6, 2.2)  # pixels at MNIST scale: strokes 1.2–4.4 px wide in the 20 px box


def restroke(image: np.ndarray, radius: float) -> np.ndarray:
    """One uint8 (28, 28) digit redrawn with a round pen of `radius`, framed as MNIST."""
    skeleton = skeletonize(image > 96)
    if not skeleton.any():
        return image
    # Distance from each pixel centre to the centre line; the pen's edge is anti-aliased
    # over one pixel. Work at 2× so thin pens keep their shape.
    fine = np.kron(skeleton, np.ones((2, 2), dtype=bool))
    distance = ndimage.distance_transform_edt(~fine) / 2.0
    ink = np.clip(radius + 0.5 - distance, 0.0, 1.0)
    ink = ink.reshape(28, 2, 28, 2).mean(axis=(1, 3))
    framed = frame_digit(ink.astype(np.float32))
    if framed is None:
        return image
    return np.round(framed * 255).astype(np.uint8)


def restroke_some(
    images: np.ndarray, fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Copies of a random `fraction` of `images`, re-stroked; returns (indices, new images)."""
    count = round(len(images) * fraction)
    picks = rng.choice(len(images), size=count, replace=False)
    radii = rng.uniform(*PEN_RADIUS, size=count)
    out = np.stack([restroke(images[i], r) for i, r in zip(picks, radii, strict=True)])
    return picks, out
