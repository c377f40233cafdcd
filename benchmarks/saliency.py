"""Which pixels decided it: the cost of the saliency maps for one drawing.

digitpad's way (`network.Network.saliency`: the gradients of the predicted
digit's and the runner-up's logits by backpropagation in NumPy, one forward
and one backward pass for a batch of two copies) against, in the same run:
- the same gradients in one traced `tf.function` (`keras_runtime.SaliencyProbe`,
  what a model the NumPy pass does not cover uses), and with an eager
  `tf.GradientTape` (no tracing);
- occlusion, the other usual method, done the naive way: a 4×4 grey-out patch
  moved in steps of 2 (169 positions), each classified with `model.predict`;
- the same occlusion in one batched traced pass (169 images at once).
Also the window's whole pass while a view inspects (every layer's activations
plus the saliency). Target on 2 CPU cores: ≤ 50 ms for one drawing.

    python benchmarks/saliency.py [--calls 200] [--occlusion-runs 3] [--model PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).parent))

import numpy as np
from latency import describe, sample_drawing, timings

PATCH, STRIDE = 4, 2


def occluded(framed: np.ndarray) -> np.ndarray:
    """Every 4×4 patch (stride 2) blanked in turn: (169, 28, 28)."""
    images = []
    for r in range(0, 28 - PATCH + 1, STRIDE):
        for c in range(0, 28 - PATCH + 1, STRIDE):
            image = framed.copy()
            image[r : r + PATCH, c : c + PATCH] = 0.0
            images.append(image)
    return np.stack(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--occlusion-runs", type=int, default=3, help="runs of the naive way")
    parser.add_argument("--model", type=Path, help="default: your latest model, else the bundled")
    args = parser.parse_args()

    import keras
    import tensorflow as tf

    from digitpad.core.data.framing import frame_digit
    from digitpad.core.inference.keras_runtime import SaliencyProbe
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.inference.saliency import top_two

    predictor = Predictor.load(args.model)
    model = predictor.keras_model()  # Keras, for the baselines only
    framed = frame_digit(sample_drawing())
    digits = top_two(predictor.predict_framed(framed).probabilities)
    probe = SaliencyProbe(model)
    x = framed.reshape(1, 28, 28, 1).astype(np.float32)

    last = model.layers[-1]
    body = keras.Model(model.inputs[0], last.input)

    def eager() -> None:
        pair = tf.constant(np.concatenate([x, x]))
        with tf.GradientTape() as tape:
            tape.watch(pair)
            z = tf.matmul(body(pair, training=False), last.kernel) + last.bias
            target = z[0, digits[0]] + z[1, digits[1]]
        tape.gradient(target, pair)

    patches = occluded(framed).reshape(-1, 28, 28, 1)

    def naive_occlusion() -> None:
        for image in patches:
            model.predict(image[None], verbose=0)

    ours = timings(lambda: predictor.runtime.saliency(framed, digits), args.calls)
    traced = timings(lambda: probe(framed, digits), args.calls)
    window = timings(lambda: predictor.inspect(framed, saliency=True), args.calls)
    untraced = timings(eager, max(20, args.calls // 4), warmup=5)
    batched = timings(lambda: predictor.probabilities(patches), max(20, args.calls // 4), warmup=3)
    naive = timings(naive_occlusion, args.occlusion_runs, warmup=1)
    print(f"model: {predictor.path}")
    print(describe("digitpad: NumPy backprop (2 digits)", ours))
    print(describe("traced tf.function gradients", traced))
    print(describe("window's pass: activations + saliency", window))
    print(describe("eager GradientTape (2 digits)", untraced))
    print(describe(f"occlusion, one batch of {len(patches)}", batched))
    print(describe(f"occlusion, {len(patches)} × model.predict", naive))
    base = statistics.median(naive)
    print(
        f"speed-up (median) over naive occlusion: {base / statistics.median(ours):.0f}×, "
        f"over eager gradients: {statistics.median(untraced) / statistics.median(ours):.1f}×, "
        f"over traced gradients: {statistics.median(traced) / statistics.median(ours):.1f}×   "
        "target: ≤ 50 ms for one drawing"
    )


if __name__ == "__main__":
    main()
