"""Mouse-style drawings made from MNIST test digits, and accuracy on them.

Each MNIST digit is thinned to its centre line (scikit-image's skeletonize),
then redrawn with a round pen on a pad of 280–500 px: random size, position,
slant, rotation and pen width, dark-on-light or light-on-dark, anti-aliased
by 4× supersampling. That is what a person drawing with a mouse produces, and
what the network never saw in training.

Compares digitpad's MNIST framing with the naive recipe (resize the whole
canvas to 28×28), on the same drawings and the same model.

    python benchmarks/drawn_digits.py --data ../shared/data/mnist [--count 2000] [--model PATH]
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from skimage.morphology import skeletonize

SUPERSAMPLE = 4


@dataclass(frozen=True)
class Drawing:
    image: Image.Image
    label: int


def skeleton_edges(digit: np.ndarray) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs of 8-connected centre-line pixels (row, col) of a 28×28 MNIST digit."""
    skeleton = skeletonize(digit > 96)
    points = set(zip(*np.nonzero(skeleton), strict=True))
    edges = []
    for r, c in points:
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            if (r + dr, c + dc) in points:
                edges.append(((r, c), (r + dr, c + dc)))
    if not edges:  # a lone dot
        edges = [(p, p) for p in points]
    return edges


def redraw(digit: np.ndarray, label: int, rng: np.random.Generator) -> Drawing:
    """One MNIST digit, drawn again as a person with a mouse would."""
    pad = int(rng.integers(280, 501))
    height = pad * rng.uniform(0.3, 0.85)  # digit height on the pad
    pen = max(3.0, height * rng.uniform(0.07, 0.22))  # pen width relative to the digit
    shear, angle = rng.uniform(-0.3, 0.3), math.radians(rng.uniform(-12, 12))
    aspect = rng.uniform(0.8, 1.25)
    edges = skeleton_edges(digit)
    pts = np.array([p for e in edges for p in e], dtype=np.float64)
    # Normalize the skeleton to unit height, centred; then slant, rotate, scale.
    center = (pts.max(0) + pts.min(0)) / 2
    extent = max(float(np.ptp(pts[:, 0])), float(np.ptp(pts[:, 1])), 1.0)
    cos, sin = math.cos(angle), math.sin(angle)

    def transform(rc: tuple[int, int]) -> tuple[float, float]:
        y, x = (np.array(rc, dtype=np.float64) - center) / extent
        x = x * aspect + shear * -y
        x, y = cos * x - sin * y, sin * x + cos * y
        return x * height, y * height

    moved = [(transform(a), transform(b)) for a, b in edges]
    xs = [p[0] for e in moved for p in e]
    ys = [p[1] for e in moved for p in e]
    margin = pen
    ox = rng.uniform(margin - min(xs), max(margin - min(xs), pad - margin - max(xs)))
    oy = rng.uniform(margin - min(ys), max(margin - min(ys), pad - margin - max(ys)))

    big = Image.new("L", (pad * SUPERSAMPLE, pad * SUPERSAMPLE), 0)
    draw = ImageDraw.Draw(big)
    w = pen * SUPERSAMPLE
    for (x0, y0), (x1, y1) in moved:
        a = ((x0 + ox) * SUPERSAMPLE, (y0 + oy) * SUPERSAMPLE)
        b = ((x1 + ox) * SUPERSAMPLE, (y1 + oy) * SUPERSAMPLE)
        draw.line([a, b], fill=255, width=round(w))
        for x, y in (a, b):
            draw.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=255)
    ink = big.resize((pad, pad), Image.Resampling.BOX)
    if rng.random() < 0.5:  # dark ink on a light pad, like digitpad's own canvas
        ink = Image.eval(ink, lambda v: 255 - v)
    if rng.random() < 0.5:
        ink = ink.convert("RGB")
    return Drawing(ink, label)


def make_drawings(x: np.ndarray, y: np.ndarray, count: int, seed: int) -> list[Drawing]:
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(y), size=min(count, len(y)), replace=False)
    return [redraw(x[i], int(y[i]), rng) for i in picks]


def naive_input(image: Image.Image) -> np.ndarray:
    """The widely copied recipe: the whole canvas squashed to 28×28 (polarity made right)."""
    gray = np.asarray(image.convert("L").resize((28, 28), Image.Resampling.LANCZOS), np.float32)
    gray = gray / 255.0
    return 1.0 - gray if np.median(gray) > 0.5 else gray


def main() -> None:
    from digitpad.core.data import load_mnist
    from digitpad.core.predictor import Predictor
    from digitpad.core.preprocess import frame_digit

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--model", type=Path, help="default: the bundled model")
    parser.add_argument("--save", type=Path, help="also write the drawings as PNGs here")
    args = parser.parse_args()

    data = load_mnist(args.data)
    started = time.perf_counter()
    drawings = make_drawings(data.x_test, data.y_test, args.count, args.seed)
    print(
        f"{len(drawings)} drawings from MNIST test digits in {time.perf_counter() - started:.1f} s"
    )
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for i, d in enumerate(drawings):
            d.image.save(args.save / f"{i:05d}-label{d.label}.png")

    from digitpad.core.paths import bundled_model_path

    predictor = Predictor.load(args.model or bundled_model_path())
    labels = np.array([d.label for d in drawings])
    framed = [frame_digit(d.image) for d in drawings]
    blank = sum(f is None for f in framed)
    framed_x = np.stack([f if f is not None else np.zeros((28, 28), np.float32) for f in framed])
    naive_x = np.stack([naive_input(d.image) for d in drawings])
    framed_acc = float(np.mean(predictor.probabilities(framed_x).argmax(1) == labels))
    naive_acc = float(np.mean(predictor.probabilities(naive_x).argmax(1) == labels))
    print(f"model: {predictor.path}")
    print(f"digitpad framing:          {100 * framed_acc:.2f} %  ({blank} judged blank)")
    print(f"naive resize of the canvas: {100 * naive_acc:.2f} %")


if __name__ == "__main__":
    main()
