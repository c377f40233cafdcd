"""Redraw MNIST digits with an even, round pen, as a mouse draws them.

MNIST digits were written with a real pen: strokes vary in width and
pressure. Drawings on the pad have one fixed, round stroke width, often much
thicker or thinner than MNIST's relative to the digit. Both functions here
thin a digit to its centre line and draw it again with a round pen:
`restroke` at MNIST scale, for training (it closes that gap), and
`draw_on_pad` on a full-size pad at random size, place, slant and pen width,
for measuring accuracy on mouse-style drawings the network never saw.
NumPy/SciPy/scikit-image/Pillow only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage
from skimage.morphology import skeletonize

from digitpad.core.data.framing import frame_digit

PEN_RADIUS = (0.6, 2.2)  # pixels at MNIST scale: strokes 1.2–4.4 px wide in the 20 px box


def centre_line(digit: np.ndarray) -> np.ndarray:
    """The one-pixel-wide skeleton of a uint8 MNIST digit's strokes."""
    return skeletonize(digit > 96)


def restroke(image: np.ndarray, radius: float) -> np.ndarray:
    """One uint8 (28, 28) digit redrawn with a round pen of `radius`, framed as MNIST."""
    skeleton = centre_line(image)
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


SUPERSAMPLE = 4


@dataclass(frozen=True)
class Drawing:
    """A mouse-style drawing of a known digit."""

    image: Image.Image
    label: int


def skeleton_edges(digit: np.ndarray) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of 8-connected centre-line pixels (row, col) of a 28×28 MNIST digit."""
    skeleton = centre_line(digit)
    points = set(zip(*np.nonzero(skeleton), strict=True))
    edges = []
    for r, c in points:
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (r + dr, c + dc) in points:
                edges.append(((r, c), (r + dr, c + dc)))
    if not edges:  # a lone dot
        edges = [(p, p) for p in points]
    return edges


Stroke = tuple[tuple[float, float], tuple[float, float]]


def pose_skeleton(
    digit: np.ndarray, *, height: float, shear: float, angle: float, aspect: float
) -> list[Stroke]:
    """The digit's centre line as straight pen strokes (x, y) in pad pixels around (0, 0).

    Normalized to unit height and centred, then slanted (`shear`: x per unit of
    height), narrowed or widened (`aspect`), rotated (`angle`, radians) and
    scaled to `height` pixels: how one person's hand differs from another's.
    """
    edges = skeleton_edges(digit)
    pts = np.array([p for e in edges for p in e], dtype=np.float64)
    center = (pts.max(0) + pts.min(0)) / 2
    extent = max(float(np.ptp(pts[:, 0])), float(np.ptp(pts[:, 1])), 1.0)
    cos, sin = math.cos(angle), math.sin(angle)

    def transform(rc: tuple[int, int]) -> tuple[float, float]:
        y, x = (np.array(rc, dtype=np.float64) - center) / extent
        x = x * aspect + shear * -y
        x, y = cos * x - sin * y, sin * x + cos * y
        return x * height, y * height

    return [(transform(a), transform(b)) for a, b in edges]


def ink_strokes(
    strokes: list[Stroke], pad: int, pen: float, offset: tuple[float, float]
) -> Image.Image:
    """White ink of a round pen `pen` px wide on a black `pad`×`pad` image ("L").

    Drawn at SUPERSAMPLE× and box-filtered down, so edges are as smooth as a
    drawing program's antialiased pen; `offset` moves the strokes onto the pad.
    """
    ox, oy = offset
    big = Image.new("L", (pad * SUPERSAMPLE, pad * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(big)
    w = pen * SUPERSAMPLE
    for (x0, y0), (x1, y1) in strokes:
        a = ((x0 + ox) * SUPERSAMPLE, (y0 + oy) * SUPERSAMPLE)
        b = ((x1 + ox) * SUPERSAMPLE, (y1 + oy) * SUPERSAMPLE)
        draw.line([a, b], fill=255, width=round(w))
        for x, y in (a, b):
            draw.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=255)
    return big.resize((pad, pad), Image.Resampling.BOX)


def draw_on_pad(digit: np.ndarray, label: int, rng: np.random.Generator) -> Drawing:
    """One MNIST digit, drawn again as a person with a mouse would."""
    pad = int(rng.integers(280, 501))
    height = pad * rng.uniform(0.3, 0.85)  # digit height on the pad
    pen = max(3.0, height * rng.uniform(0.07, 0.22))  # pen width relative to the digit
    shear, angle = rng.uniform(-0.3, 0.3), math.radians(rng.uniform(-12, 12))
    aspect = rng.uniform(0.8, 1.25)
    moved = pose_skeleton(digit, height=height, shear=shear, angle=angle, aspect=aspect)
    xs = [p[0] for e in moved for p in e]
    ys = [p[1] for e in moved for p in e]
    margin = pen
    ox = rng.uniform(margin - min(xs), max(margin - min(xs), pad - margin - max(xs)))
    oy = rng.uniform(margin - min(ys), max(margin - min(ys), pad - margin - max(ys)))
    ink = ink_strokes(moved, pad, pen, (ox, oy))
    if rng.random() < 0.5:  # dark ink on a light pad, like digitpad's own canvas
        ink = Image.eval(ink, lambda v: 255 - v)
    if rng.random() < 0.5:
        ink = ink.convert("RGB")
    return Drawing(ink, label)


def make_drawings(x: np.ndarray, y: np.ndarray, count: int, seed: int) -> list[Drawing]:
    """`count` digits picked at random from (x, y), each drawn on a pad; repeatable by seed."""
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(y), size=min(count, len(y)), replace=False)
    return [draw_on_pad(x[i], int(y[i]), rng) for i in picks]
