"""Non-digit drawings for fitting and measuring the "is this a digit?" judgement.

Everything here is drawn the way a person draws on the pad: strokes made
of a centre line, slightly wobbly, posed at a random size, place, slant and
rotation on a 280–500 px pad, inked with a round anti-aliased pen of a
random width (`digitpad.core.data.restroke.ink_strokes`), dark on light or light
on dark. Letters are rendered from the fonts on this machine, thinned to
their centre line and redrawn the same way.

Fitting and evaluation never share a drawing: they use different seeds, and
letters come from disjoint sets of letters AND fonts (`FIT` / `EVAL`).
`UNSEEN` shapes (triangles, squares, check marks, hearts, waves) are drawn
only for evaluation, to see whether the judgement generalizes to marks no
fitting ever saw.

Used by benchmarks and tests only (tests import it through a path insert in
their conftest); the app itself never draws non-digits.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from digitpad.core.data.restroke import Stroke, ink_strokes, pose_skeleton

Split = Literal["fit", "eval"]
Point = tuple[float, float]
Polyline = list[Point]

# The list: marks a student may draw that are not digits.
CATEGORIES = (
    "letter",
    "dot",
    "dash",
    "cross",
    "star",
    "arrow",
    "zigzag",
    "hash",
    "smiley",
    "spiral",
    "scribble",
)
UNSEEN = ("triangle", "square", "check", "heart", "wave")  # evaluation only

# Letters that do not look like a digit, chosen by their shape before any measurement:
# left out are O o D Q θ (0), I l i j J T t (1, 7), Z z (2), З Э (3), Ч y (4), S s (5),
# b G Б Ь δ (6), B β (8), g q a ρ (9). Fitting and evaluation letters are disjoint.
FIT_LETTERS = "AEHKMRVXehmrw" + "ΔΛΞΠΣΦΨΩγελμπφψω" + "ДЖИЛФШЩЮЯ"
EVAL_LETTERS = "CFLNPUWYcfknpuvx"
FIT_FONTS = ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSansCondensed")
EVAL_FONTS = ("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSansMono")
BANK_SEED = 101  # the generated marks of the bundled fitting bank (assets/ATTRIBUTION.md)
BANK_PER_CATEGORY = 400
EVAL_SEED = 202  # benchmarks/not_a_digit.py's evaluation marks
FONT_FOLDERS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


@dataclass(frozen=True)
class Mark:
    """One non-digit drawing and what kind of mark it is."""

    image: Image.Image
    category: str


# Fonts ------------------------------------------------------------------------------------------


@cache
def _font_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in FONT_FOLDERS:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.ttf")):
                found.setdefault(path.stem, path)
    return found


def fonts(split: Split) -> list[ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    """The split's fonts that exist here; Pillow's built-in font when none does.

    A machine with no DejaVu fonts then draws fitting and evaluation letters
    in the same typeface (still different letters and seeds).
    """
    files = _font_files()
    names = FIT_FONTS if split == "fit" else EVAL_FONTS
    found = [ImageFont.truetype(str(files[n]), GLYPH_SIZE) for n in names if n in files]
    return found or [ImageFont.load_default(GLYPH_SIZE)]


GLYPH_SIZE = 48  # px: finer than MNIST's 20 px box, coarse enough for a smooth centre line


def glyph(letter: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont) -> np.ndarray:
    """`letter` as white ink on black, uint8, cropped to its ink (a few pixels of margin)."""
    side = GLYPH_SIZE * 2
    image = Image.new("L", (side, side), 0)
    ImageDraw.Draw(image).text((side // 2, side // 2), letter, fill=255, font=font, anchor="mm")
    ink = np.asarray(image)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        raise ValueError(f"font has no glyph for {letter!r}")
    return np.pad(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1], 3)


# Shapes as centre lines in unit coordinates (x right, y down, about [-0.5, 0.5]) ----------------


def _polygon(corners: int, turn: float, step: int = 1) -> Polyline:
    """A closed polygon (or, with `step` 2, a star) on the circle of radius 0.5."""
    angles = [turn + k * step * 2 * math.pi / corners for k in range(corners + 1)]
    return [(0.5 * math.sin(a), -0.5 * math.cos(a)) for a in angles]


def _line(a: Point, b: Point) -> Polyline:
    return [a, b]


def _arc(
    cx: float, cy: float, rx: float, ry: float, start: float, end: float, n: int = 24
) -> Polyline:
    t = np.linspace(start, end, n)
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in t]


def _dot(rng: np.random.Generator) -> list[Polyline]:
    # A click, sometimes with the mouse moving a hair while pressed; now and then a few clicks.
    count = 1 if rng.random() < 0.75 else int(rng.integers(2, 5))
    dots = []
    for _ in range(count):
        x, y = rng.uniform(-0.5, 0.5, size=2) if count > 1 else (0.0, 0.0)
        jitter = rng.normal(0, 0.01, size=2) if rng.random() < 0.4 else np.zeros(2)
        dots.append([(x, y), (x + jitter[0], y + jitter[1])])
    return dots


def _dash(rng: np.random.Generator) -> list[Polyline]:
    bend = rng.uniform(-0.08, 0.08)
    return [[(-0.5, 0.0), (0.0, bend), (0.5, 0.0)]]


def _cross(rng: np.random.Generator) -> list[Polyline]:
    # "+" or "x": two strokes crossing somewhere near their middles.
    tilt = rng.uniform(-0.25, 0.25) + (math.pi / 4 if rng.random() < 0.5 else 0.0)
    strokes = []
    for angle in (tilt, tilt + math.pi / 2 + rng.uniform(-0.2, 0.2)):
        length, at = rng.uniform(0.7, 1.0), rng.uniform(0.35, 0.65)
        dx, dy = math.cos(angle) * length, math.sin(angle) * length
        strokes.append(_line((-dx * at, -dy * at), (dx * (1 - at), dy * (1 - at))))
    return strokes


def _star(rng: np.random.Generator) -> list[Polyline]:
    kind = rng.integers(3)
    turn = rng.uniform(0, 2 * math.pi)
    if kind == 0:  # a five-pointed star in one stroke
        return [_polygon(5, turn, step=2)]
    if kind == 1:  # an asterisk: three or four strokes through the centre
        n = int(rng.integers(3, 5))
        return [
            _line(
                (-0.5 * math.cos(turn + k * math.pi / n), -0.5 * math.sin(turn + k * math.pi / n)),
                (0.5 * math.cos(turn + k * math.pi / n), 0.5 * math.sin(turn + k * math.pi / n)),
            )
            for k in range(n)
        ]
    return [_polygon(3, turn), _polygon(3, turn + math.pi)]  # a six-pointed star


def _arrow(rng: np.random.Generator) -> list[Polyline]:
    head = rng.uniform(0.2, 0.4)
    spread = rng.uniform(0.4, 0.8)
    tip = (0.5, 0.0)
    shaft = [(-0.5, rng.uniform(-0.05, 0.05)), tip]
    wings = [
        (tip[0] - head * math.cos(spread), tip[1] - head * math.sin(spread)),
        tip,
        (tip[0] - head * math.cos(spread), tip[1] + head * math.sin(spread)),
    ]
    if rng.random() < 0.5:  # drawn in one go: shaft then head
        return [shaft + wings[::-1][1:] + [tip, wings[0]]]
    return [shaft, wings]


def _zigzag(rng: np.random.Generator) -> list[Polyline]:
    n = int(rng.integers(5, 10))  # points: at least four strokes (three would be a Z or a 2)
    amp = rng.uniform(0.15, 0.5)
    xs = np.linspace(-0.5, 0.5, n) + rng.normal(0, 0.02, n)
    return [[(float(x), (amp if k % 2 else -amp) / 2) for k, x in enumerate(xs)]]


def _hash(rng: np.random.Generator) -> list[Polyline]:
    slant = rng.uniform(-0.25, 0.25)
    strokes = []
    for pos in (-0.2, 0.2):
        p = pos + rng.uniform(-0.06, 0.06)
        strokes.append(_line((-0.5, p), (0.5, p + rng.uniform(-0.05, 0.05))))
        strokes.append(_line((p + slant * 0.5, -0.5), (p - slant * 0.5, 0.5)))
    return strokes


def _smiley(rng: np.random.Generator) -> list[Polyline]:
    strokes = []
    if rng.random() < 0.75:  # a face outline; without it, eyes and mouth only
        strokes.append(_arc(0, 0, 0.5, 0.5, 0, 2 * math.pi + rng.uniform(0, 0.4), 36))
    eye_y, eye_x = rng.uniform(-0.22, -0.1), rng.uniform(0.12, 0.2)
    for x in (-eye_x, eye_x):
        strokes.append([(x, eye_y), (x, eye_y + rng.uniform(0, 0.06))])
    frown = rng.random() < 0.2
    mouth = _arc(0, 0.05 if not frown else 0.35, 0.25, 0.15, 0.2, math.pi - 0.2, 12)
    if frown:
        mouth = [(x, 0.45 - (y - 0.35) - 0.1) for x, y in mouth]
    strokes.append(mouth)
    return strokes


def _spiral(rng: np.random.Generator) -> list[Polyline]:
    turns = rng.uniform(1.6, 4.0)
    t = np.linspace(0, turns * 2 * math.pi, int(turns * 30))
    r = 0.5 * (0.08 + t / t[-1]) / 1.08
    sign = 1 if rng.random() < 0.5 else -1
    if rng.random() < 0.2:  # a square spiral
        t = np.round(t / (math.pi / 2)) * (math.pi / 2)
    return [
        [
            (float(d * math.cos(sign * a)), float(d * math.sin(sign * a)))
            for d, a in zip(r, t, strict=True)
        ]
    ]


def _scribble(rng: np.random.Generator) -> list[Polyline]:
    if rng.random() < 0.4:  # crossing something out: back and forth with drift
        n = int(rng.integers(6, 16))
        ys = np.linspace(-0.4, 0.4, n) + rng.normal(0, 0.03, n)
        ends = [(-0.5 if k % 2 else 0.5) + rng.normal(0, 0.05) for k in range(n)]
        return [[(x, float(y)) for x, y in zip(ends, ys, strict=True)]]
    # a wandering pen: a random walk with momentum, many turns
    n = int(rng.integers(40, 120))
    heading, pos, pts = rng.uniform(0, 2 * math.pi), np.zeros(2), []
    turn = 0.0
    for _ in range(n):
        turn = 0.8 * turn + rng.normal(0, 0.5)
        heading += turn
        pos = pos + 0.05 * np.array([math.cos(heading), math.sin(heading)])
        pts.append((float(pos[0]), float(pos[1])))
    return [pts]


def _triangle(rng: np.random.Generator) -> list[Polyline]:
    return [[(x + rng.normal(0, 0.03), y + rng.normal(0, 0.03)) for x, y in _polygon(3, 0.0)]]


def _square(rng: np.random.Generator) -> list[Polyline]:
    h = rng.uniform(0.25, 0.5)
    return [[(-0.5, -h), (0.5, -h), (0.5, h), (-0.5, h), (-0.5, -h)]]


def _check(rng: np.random.Generator) -> list[Polyline]:
    return [[(-0.5, rng.uniform(-0.05, 0.1)), (-0.15, 0.4), (0.5, -0.5)]]


def _heart(rng: np.random.Generator) -> list[Polyline]:
    t = np.linspace(0, 2 * math.pi, 48)
    x = 16 * np.sin(t) ** 3
    y = -(13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t))
    return [[(float(a) / 34, float(b) / 34) for a, b in zip(x, y, strict=True)]]


def _wave(rng: np.random.Generator) -> list[Polyline]:
    cycles = rng.uniform(1.5, 3.5)
    t = np.linspace(-0.5, 0.5, 60)
    amp = rng.uniform(0.08, 0.25)
    return [[(float(x), float(amp * math.sin(2 * math.pi * cycles * x))) for x in t]]


SHAPES = {
    "dot": _dot,
    "dash": _dash,
    "cross": _cross,
    "star": _star,
    "arrow": _arrow,
    "zigzag": _zigzag,
    "hash": _hash,
    "smiley": _smiley,
    "spiral": _spiral,
    "scribble": _scribble,
    "triangle": _triangle,
    "square": _square,
    "check": _check,
    "heart": _heart,
    "wave": _wave,
}
# Turned freely, a dash or a zigzag can stand upright and read as a 1; these keep near level.
MAX_TURN = {"dash": 30.0, "zigzag": 30.0, "wave": 30.0, "arrow": 180.0, "check": 20.0}


# Drawing ----------------------------------------------------------------------------------------


def _wobble(line: Polyline, rng: np.random.Generator, amount: float) -> Polyline:
    """A hand's small, smooth deviation from the intended line."""
    pts = np.asarray(line, dtype=np.float64)
    if len(pts) < 2 or amount == 0:
        return line
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    length = float(seg.sum())
    if length < 1e-6:
        return line
    n = max(9, int(length / 0.02))
    at = np.concatenate([[0], np.cumsum(seg)])
    s = np.linspace(0, length, n)
    dense = np.stack([np.interp(s, at, pts[:, 0]), np.interp(s, at, pts[:, 1])], axis=1)
    noise = rng.normal(0, 1, size=(n, 2))
    kernel = np.hanning(9)
    kernel /= kernel.sum()
    noise = np.stack([np.convolve(noise[:, k], kernel, mode="same") for k in range(2)], axis=1)
    return [(float(x), float(y)) for x, y in dense + amount * noise]


def _segments(lines: Sequence[Polyline]) -> list[Stroke]:
    out: list[Stroke] = []
    for line in lines:
        if len(line) == 1:
            out.append((line[0], line[0]))
        out += list(itertools.pairwise(line))
    return out


def _pose(
    lines: Sequence[Polyline], rng: np.random.Generator, height: float, max_turn: float
) -> list[Stroke]:
    """Unit-scale polylines slanted, stretched, turned and scaled to `height` pad pixels."""
    shear, aspect = rng.uniform(-0.3, 0.3), rng.uniform(0.75, 1.33)
    angle = math.radians(rng.uniform(-max_turn, max_turn))
    cos, sin = math.cos(angle), math.sin(angle)

    def move(p: Point) -> Point:
        x, y = p[0] * aspect + shear * -p[1], p[1]
        return (cos * x - sin * y) * height, (sin * x + cos * y) * height

    return [(move(a), move(b)) for a, b in _segments(lines)]


def _place(strokes: list[Stroke], pad: int, pen: float, rng: np.random.Generator) -> Image.Image:
    xs = [p[0] for s in strokes for p in s]
    ys = [p[1] for s in strokes for p in s]
    margin = pen
    ox = rng.uniform(margin - min(xs), max(margin - min(xs), pad - margin - max(xs)))
    oy = rng.uniform(margin - min(ys), max(margin - min(ys), pad - margin - max(ys)))
    ink = ink_strokes(strokes, pad, pen, (ox, oy))
    if rng.random() < 0.5:  # dark ink on a light pad, like digitpad's own canvas
        ink = Image.eval(ink, lambda v: 255 - v)
    if rng.random() < 0.5:
        ink = ink.convert("RGB")
    return ink


def draw_mark(category: str, rng: np.random.Generator, split: Split = "fit") -> Mark:
    """One non-digit drawing of `category` on a pad, as a person with a mouse draws it."""
    pad = int(rng.integers(280, 501))
    height = pad * rng.uniform(0.25, 0.85)
    pen = float(np.clip(height * rng.uniform(0.05, 0.2), 4.0, 80.0))
    if category == "letter":
        letters = FIT_LETTERS if split == "fit" else EVAL_LETTERS
        font_list = fonts(split)
        letter = letters[int(rng.integers(len(letters)))]
        font = font_list[int(rng.integers(len(font_list)))]
        strokes = pose_skeleton(
            glyph(letter, font),
            height=height,
            shear=rng.uniform(-0.3, 0.3),
            angle=math.radians(rng.uniform(-12, 12)),
            aspect=rng.uniform(0.8, 1.25),
        )
        return Mark(_place(strokes, pad, pen, rng), category)
    if category in ("spiral", "scribble", "star", "hash"):  # many close strokes: a finer pen
        pen = float(np.clip(height * rng.uniform(0.03, 0.12), 4.0, 80.0))
    if category == "dot":
        pen = float(rng.uniform(4.0, 80.0))  # a click is as wide as the pen, whatever it is
        height = pad * rng.uniform(0.2, 0.7)  # how far apart several clicks land
    lines = SHAPES[category](rng)
    if category != "dot":
        lines = [_wobble(line, rng, rng.uniform(0.0, 0.015)) for line in lines]
    strokes = _pose(lines, rng, height, MAX_TURN.get(category, 180.0))
    return Mark(_place(strokes, pad, pen, rng), category)


def make_marks(
    count_per_category: int,
    seed: int,
    split: Split = "fit",
    categories: Sequence[str] = CATEGORIES,
) -> list[Mark]:
    """`count_per_category` drawings of each category; repeatable by seed."""
    rng = np.random.default_rng(seed)
    return [draw_mark(c, rng, split) for c in categories for _ in range(count_per_category)]
