"""Try it on the network, timed: the shift map (169 passes) and which maps matter (96 passes).

For each drawing (MNIST test digits, framed), alternating call by call in the same run:

- the shift map as digitpad computes it (`core.experiments.shift_map`: the layers that move
  with their input once on a 40×40 canvas, each move's maps cut out, pooling and dense per
  move) against the plain way, the 169 moved images as one batch through the whole network;
- the ranking of the 32 first-layer and 64 second-layer maps (`core.experiments.ranking`: one
  batch per layer, from that layer's output on) against the plain way, 96 networks with one
  map switched off, each reading the drawing from its input;
- the scale and rotation rows (22 images, one batch) for reference.

Then what the network does with the drawings (`--what`, default on): how many of the 169
moves still read the same digit and up to how many pixels every move does, and for the
four one-pixel moves how many of the pooling's non-zero values stay exactly as they were
and how much the second convolution's and the pooling's values change in place (relative
to their size): the figures the README quotes.

Both figures must stay within 100 ms for one drawing (the issue's target), so the window
stays live while a student drags. The window's process runs NumPy's BLAS on one thread
(`fast_forward`), and so does this benchmark. Prints medians, p90 and the largest, and the
ratios of the medians; the machine is shared and noisy.

    python benchmarks/experiments.py [--data /work/shared/data/mnist] [--drawings 20] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - started)


def describe(label: str, ms: list[float]) -> str:
    ordered = sorted(ms)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (
        f"{label:<52} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms   "
        f"largest {max(ms):7.1f} ms   ({len(ms)} calls)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST (default: the tests' 300-image slice)")
    parser.add_argument("--drawings", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--model", type=Path, help="default: the bundled model")
    parser.add_argument("--what-drawings", type=int, default=200, help="drawings for --what")
    parser.add_argument("--no-what", action="store_true", help="timings only")
    args = parser.parse_args()

    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.experiments.experiment import Experiment
    from digitpad.core.experiments.moves import offsets, shifted
    from digitpad.core.experiments.ranking import maps_layers, rank_maps
    from digitpad.core.experiments.shift_map import REACH, shift_map, transform_rows
    from digitpad.core.inference.network import Network
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path

    data = load_mnist(args.data or Path(__file__).parents[1] / "tests" / "fixtures" / "mnist-small")
    predictor = Predictor.load(args.model or bundled_model_path())  # one BLAS thread, as the app
    network = predictor.runtime
    assert isinstance(network, Network), "the experiments need the NumPy network"
    layers = maps_layers(network)
    counts = {info.name: info.size for info in network.layers if info.name in layers}
    images = data.x_test[: args.drawings].astype(np.float32) / 255.0

    def plain_shift_map(image: np.ndarray) -> np.ndarray:
        result = network.run(np.stack([shifted(image, *m) for m in offsets(REACH)]))
        assert result is not None
        return result[1]

    def plain_ranking(image: np.ndarray) -> list[np.ndarray]:
        found = []
        for layer, count in counts.items():
            for index in range(count):
                off = Experiment().switched(layer, index, True).network(network)
                found.append(off.one(image)[1])
        return found

    # Once, before timing: both ways give the same numbers.
    check = images[0]
    np.testing.assert_allclose(
        shift_map(network, check).probabilities.reshape(-1, 10), plain_shift_map(check), atol=1e-5
    )
    ranked = [
        e
        for layer in layers
        for e in sorted(rank_maps(network, check, layer).effects, key=lambda e: e.index)
    ]
    want = plain_ranking(check)
    digit = int(np.argmax(network.one(check)[1]))
    np.testing.assert_allclose([e.probability for e in ranked], [p[digit] for p in want], atol=1e-5)

    def ranking(image: np.ndarray) -> list[object]:
        return [rank_maps(network, image, layer) for layer in layers]

    ours_map, plain_map, ours_rank, plain_rank, rows = [], [], [], [], []
    for _ in range(args.repeats):
        for image in images:
            ours_map.append(timed(partial(shift_map, network, image)))
            plain_map.append(timed(partial(plain_shift_map, image)))
            ours_rank.append(timed(partial(ranking, image)))
            rows.append(timed(partial(transform_rows, network, image)))
        for image in images[: max(1, len(images) // 5)]:  # the plain ranking is slow
            plain_rank.append(timed(partial(plain_ranking, image)))

    passes = sum(counts.values())
    print(f"model: {predictor.path}   drawings: {len(images)}   maps ranked: {passes}")
    print(describe("shift map, 169 moves (digitpad: canvas + cut out)", ours_map))
    print(describe("shift map, 169 moved images as one batch (plain)", plain_map))
    print(describe(f"which maps matter, {passes} maps (digitpad: from the layer)", ours_rank))
    print(describe(f"which maps matter, {passes} networks from the input (plain)", plain_rank))
    print(describe("scale and rotation rows, 22 images", rows))
    if not args.no_what:
        what(network, data.x_test[: args.what_drawings].astype(np.float32) / 255.0)
    map_ratio = statistics.median(plain_map) / statistics.median(ours_map)
    rank_ratio = statistics.median(plain_rank) / statistics.median(ours_rank)
    print(
        f"ratios of the medians: shift map {map_ratio:.1f}×, ranking {rank_ratio:.1f}× faster   "
        "target: each ≤ 100 ms for one drawing"
    )


def what(network: object, images: np.ndarray) -> None:
    """What the course's claims come to on these drawings (quartiles over the drawings)."""
    from digitpad.core.experiments.comparison import compare_move
    from digitpad.core.experiments.moves import shifted
    from digitpad.core.experiments.shift_map import shift_map

    held, within, unchanged, conv_change, pool_change = [], [], [], [], []
    for image in images:
        found = shift_map(network, image)  # type: ignore[arg-type]
        held.append(found.held())
        within.append(found.held_within())
        before = [o[0] for o in network.outputs(image[None, :, :, None])]  # type: ignore[attr-defined]
        for move in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            moved = shifted(image, *move)[None, :, :, None]
            after = [o[0] for o in network.outputs(moved)]  # type: ignore[attr-defined]
            layers = compare_move(network.layers, before, after, move).layers  # type: ignore[attr-defined]
            pool = next((m for m in layers if m.same is None), None)  # the first to halve it
            if pool is None:
                continue
            previous = layers[layers.index(pool) - 1]
            unchanged.append(pool.unchanged)
            pool_change.append(pool.change)
            conv_change.append(previous.change)

    def quartiles(values: list[float], percent: bool = False) -> str:
        q = np.percentile(values, [25, 50, 75]) * (100 if percent else 1)
        unit = " %" if percent else ""
        return f"{q[1]:.0f}{unit} (quartiles {q[0]:.0f}–{q[2]:.0f}{unit})"

    counts = np.bincount(within, minlength=7)
    print(f"what the network does with {len(images)} drawings:")
    print(f"  moves of 169 still read as the same digit: median {quartiles(held)}")
    print(
        "  every move up to k pixels holds, drawings by k: "
        + ", ".join(f"k={k}: {n}" for k, n in enumerate(counts) if n)
    )
    if unchanged:
        print(
            f"  one-pixel moves: pooling's non-zero values unchanged {quartiles(unchanged, True)}, "
            f"change in place {quartiles(pool_change, True)} against "
            f"{quartiles(conv_change, True)} for the convolution before it"
        )


if __name__ == "__main__":
    main()
