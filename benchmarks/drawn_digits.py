"""Mouse-style drawings made from MNIST test digits, and accuracy on them.

Each MNIST test digit is thinned to its centre line and redrawn with a round
pen on a pad of 280–500 px (`digitpad.core.data.restroke.draw_on_pad`): random
size, position, slant, rotation and pen width, dark-on-light or
light-on-dark, anti-aliased. That is what a person drawing with a mouse
produces; the network never saw these digits in training.

Compares digitpad's MNIST framing with the naive recipe (resize the whole
canvas to 28×28), on the same drawings and the same model.

    python benchmarks/drawn_digits.py --data ../shared/data/mnist [--count 2000] [--model PATH]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.core.data.restroke import make_drawings


def naive_input(image: Image.Image) -> np.ndarray:
    """The widely copied recipe: the whole canvas squashed to 28×28 (polarity made right)."""
    gray = np.asarray(image.convert("L").resize((28, 28), Image.Resampling.LANCZOS), np.float32)
    gray = gray / 255.0
    return 1.0 - gray if np.median(gray) > 0.5 else gray


def main() -> None:
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.inference.predictor import Predictor

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
