"""Real strokes and scanned characters drawn again the way a mouse drawing reaches the network.

Shared by the tools that build the digit judgement's sets (tools/build_not_a_digit_sets.py;
the issue 27 studies made the bundled bank the same way). Ported from the studies' render.py.

Online data (pen trajectories): the writer's own polylines are posed on a pad with the
parameters of `restroke.draw_on_pad` (pad 280–500 px, size 30–85 % of it, slant ±0.3,
rotation ±12°, aspect 0.8–1.25), inked with the pad's round anti-aliased pen
(`restroke.ink_strokes`) of a random width relative to the drawing (7–22 % of its size, as
`draw_on_pad`), dark-on-light or light-on-dark, then framed by `framing.frame_digit` into
the 28×28 the network sees. Offline data (scans, canvas PNGs): thinned to a one-pixel centre
line (as `restroke.centre_line` does) and redrawn the same way. Everything is seeded: the
same inputs and seed give the same uint8 images.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from PIL import Image

from digitpad.core.data.framing import frame_digit
from digitpad.core.data.restroke import ink_strokes

Polyline = np.ndarray  # (n, 2) float: x right, y down
Segment = tuple[tuple[float, float], tuple[float, float]]
CHARACTER_PEN = (0.07, 0.22)  # pen width as a share of the drawing's size (draw_on_pad's)
SKETCH_PEN = (0.03, 0.12)  # drawings of many close strokes (kanji, doodles)


def pose(lines: list[Polyline], rng: np.random.Generator, height: float) -> list[Segment]:
    """Polylines normalized to a unit longer side, slanted, stretched, turned, scaled."""
    points = np.concatenate(lines, axis=0)
    low, high = points.min(0), points.max(0)
    centre = (low + high) / 2
    extent = max(float((high - low).max()), 1e-9)
    shear, angle = rng.uniform(-0.3, 0.3), math.radians(rng.uniform(-12, 12))
    aspect = rng.uniform(0.8, 1.25)
    c, s = math.cos(angle), math.sin(angle)
    segments: list[Segment] = []
    for line in lines:
        p = (np.asarray(line, dtype=np.float64) - centre) / extent
        x, y = p[:, 0] * aspect + shear * -p[:, 1], p[:, 1]
        x, y = (c * x - s * y) * height, (s * x + c * y) * height
        q = list(zip(x.tolist(), y.tolist(), strict=True))
        if len(q) == 1:
            segments.append((q[0], q[0]))
        segments += list(itertools.pairwise(q))
    return segments


def draw(
    lines: list[Polyline], rng: np.random.Generator, pen_range: tuple[float, float] = CHARACTER_PEN
) -> np.ndarray | None:
    """One drawing on a pad, framed: uint8 (28, 28), or None if nothing frames."""
    pad = int(rng.integers(280, 501))
    height = pad * rng.uniform(0.3, 0.85)
    pen = max(3.0, height * rng.uniform(*pen_range))
    segments = pose(lines, rng, height)
    xs = [p[0] for e in segments for p in e]
    ys = [p[1] for e in segments for p in e]
    margin = pen
    ox = rng.uniform(margin - min(xs), max(margin - min(xs), pad - margin - max(xs)))
    oy = rng.uniform(margin - min(ys), max(margin - min(ys), pad - margin - max(ys)))
    ink = ink_strokes(segments, pad, pen, (ox, oy))
    if rng.random() < 0.5:
        ink = Image.eval(ink, lambda v: 255 - v)
    framed = frame_digit(ink)
    if framed is None:
        return None
    return np.round(framed * 255).astype(np.uint8)


def skeleton_lines(ink: np.ndarray, threshold: float = 0.5) -> list[Polyline]:
    """A grey ink image (ink high) as its centre line: two-point segments (x, y)."""
    from skimage.morphology import skeletonize

    skeleton = skeletonize(ink > threshold)
    ys, xs = np.nonzero(skeleton)
    points = set(zip(ys.tolist(), xs.tolist(), strict=True))
    lines = []
    for r, c in points:
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (r + dr, c + dc) in points:
                lines.append(np.array([[c, r], [c + dc, r + dr]], dtype=np.float64))
    if not lines:
        lines = [np.array([[c, r]], dtype=np.float64) for r, c in points]
    return lines


def offline_lines(image: np.ndarray, work: int = 64) -> list[Polyline] | None:
    """An ink image (any size, ink high in [0, 1]) cropped, resized so that its longer side
    is `work` px (bilinear) and thinned to its centre line."""
    ys, xs = np.nonzero(image > 0.25)
    if len(ys) == 0:
        return None
    crop = image[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = crop.shape
    scale = work / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resized = Image.fromarray(crop).resize(size, Image.Resampling.BILINEAR)  # float32: "F"
    lines = skeleton_lines(np.pad(np.asarray(resized), 2), 0.5)
    return lines or None


def stroke3_lines(sequence: np.ndarray) -> list[Polyline]:
    """sketch-rnn's stroke-3 format (dx, dy, pen lifted after this point) as polylines."""
    seq = np.asarray(sequence, dtype=np.float64)
    xy = np.cumsum(seq[:, :2], axis=0)
    lines, start = [], 0
    for i, lift in enumerate(seq[:, 2]):
        if lift > 0.5:
            lines.append(xy[start : i + 1])
            start = i + 1
    if start < len(xy):
        lines.append(xy[start:])
    return [line for line in lines if len(line)]
