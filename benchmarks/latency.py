"""Latency of recognizing one 280×280 drawing: framing + inference + judgement.

digitpad's path (`Predictor.predict`: MNIST framing, the forward pass in
NumPy from the model's weights, the digit-or-not judgement and the calibrated
confidence) against the same framing followed by `model.predict`, the common
way, on the same drawing in the same run. The NumPy pass computes only what
the drawing changes from a blank pad's activations (computed once per
model), so its time grows with how much of the framed 28×28 the strokes
cover (this '7' is a typical digit; a '1' is faster, a bold '8' slower).
Also the traced TensorFlow pass (what the predictor uses for models the
NumPy pass does not cover) and the inside view's pass (prediction plus
every layer's activations, the NumPy batch pass). Prints median and p99.
For the bundled model, also the pass and judgement as they were before
issue 27 (the live pass reading only the 128 activations feeding the output,
judged by the statistics of the old form it carried, kept in
tests/fixtures/judgement/format-1.npz), alternated in blocks with today's in
the same run, so that the judgement's added cost is measured on one machine
state.
Targets on 2 CPU cores: median ≤ 1 ms, p99 ≤ 2.5 ms, ≥ 50× faster than
predict; with activations, median ≤ 10 ms. This benchmark imports Keras for
its baselines; the predictor itself does not.

    python benchmarks/latency.py [--calls 1000] [--model PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
from PIL import Image, ImageDraw

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor

OLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "judgement" / "format-1.npz"


def sample_drawing() -> np.ndarray:
    """A '7' as the app's canvas holds it: dark round-pen strokes on a light 280×280 pad."""
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18, joint="curve")
    return np.asarray(image)


def timings(fn: Callable[[], object], calls: int, warmup: int = 20) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def alternated(
    fns: dict[str, Callable[[], object]], calls: int, blocks: int = 10
) -> dict[str, list[float]]:
    """`timings` of each function, in `blocks` turns taken in alternation (the order
    swapping every turn), so that a noisy shared machine slows each alike."""
    out: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for b in range(blocks):
        for name in names if b % 2 == 0 else names[::-1]:
            out[name] += timings(fns[name], max(1, calls // blocks), warmup=5)
    return out


def previous(predictor: Predictor) -> Predictor | None:
    """The same network read and judged as before issue 27, or None (no old statistics for
    this model, or no NumPy pass): the live pass reading only the activations feeding the
    output layer, judged by the old form's statistics."""
    from digitpad.core.inference.fast_forward import FastForward
    from digitpad.core.inference.judgement_features import activations_only
    from digitpad.core.inference.judgement_stats import JudgementStats
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path

    bundled = (
        predictor.path is not None and predictor.path.resolve() == bundled_model_path().resolve()
    )
    if not bundled or predictor.fast is None:
        return None
    old = Predictor(predictor.runtime, predictor.path, JudgementStats.from_bytes(OLD.read_bytes()))
    size = old.judge.feature_size
    assert size is not None and old.fast is not None
    old.fast = FastForward(old.fast.steps, activations_only(size))
    return old


def describe(name: str, ms: list[float]) -> str:
    p99 = float(np.percentile(ms, 99))
    return f"{name:<38} median {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument(
        "--predict-calls", type=int, default=100, help="calls of the slow baseline (model.predict)"
    )
    parser.add_argument("--model", type=Path, help="default: your latest model, else the bundled")
    args = parser.parse_args()

    from digitpad.core.data.framing import frame_digit
    from digitpad.core.inference.features import FeaturePasses
    from digitpad.core.inference.predictor import Predictor

    predictor = Predictor.load(args.model)
    drawing = sample_drawing()
    assert predictor.predict(drawing).digit == 7
    model = predictor.keras_model()  # Keras, for the baselines only
    keras_passes = FeaturePasses(model, predictor.runtime.layout)  # the judgement's vector

    def baseline() -> None:
        x = frame_digit(drawing).reshape(1, 28, 28, 1)
        model.predict(x, verbose=0)

    def traced() -> None:
        framed = frame_digit(drawing)
        features, probabilities = keras_passes.one(framed)
        predictor.judge.verdict(features, probabilities)

    old = previous(predictor)
    if old is not None:
        assert old.predict(drawing).digit == 7 and old.judge.feature_size == 128
        pair = alternated(
            {"now": lambda: predictor.predict(drawing), "before": lambda: old.predict(drawing)},
            args.calls,
        )
        ours = pair["now"]
    else:
        ours = timings(lambda: predictor.predict(drawing), args.calls)
    frame_only = timings(lambda: frame_digit(drawing), args.calls)
    framed = frame_digit(drawing)
    assert framed is not None
    pass_only = timings(lambda: predictor.predict_framed(framed), args.calls)
    with_tf = timings(traced, args.calls)
    inside = timings(lambda: predictor.inspect(frame_digit(drawing)), args.calls)
    slow = timings(baseline, args.predict_calls, warmup=5)
    print(
        f"model: {predictor.path}   judge: {predictor.judge.name}   "
        f"NumPy pass: {'yes' if predictor.fast is not None else 'no (TensorFlow)'}"
    )
    print(describe("framing only", frame_only))
    print(describe("forward pass + judgement only", pass_only))
    print(describe("digitpad: framing + pass + judgement", ours))
    if old is not None:
        print(describe("same, as before issue 27 (128 act.)", pair["before"]))
        medians = {}
        for name, p in (("now", predictor), ("before", old)):
            assert p.fast is not None
            fast, judge = p.fast, p.judge
            read = fast(framed)
            medians[name] = (
                1000 * statistics.median(timings(lambda f=fast: f(framed), args.calls)),
                1000
                * statistics.median(timings(lambda j=judge, r=read: j.verdict(*r), args.calls)),
            )
        ratio_now = statistics.median(ours) / statistics.median(pair["before"])
        print(
            f"now / before (median): {ratio_now:.2f}   live pass alone: {medians['now'][0]:.0f} µs "
            f"now, {medians['before'][0]:.0f} µs before; judgement alone: "
            f"{medians['now'][1]:.0f} µs now, {medians['before'][1]:.0f} µs before"
        )
    print(describe("same with the traced tf.function", with_tf))
    print(describe("framing + every layer's activations", inside))
    print(describe("framing + model.predict", slow))
    ratio = statistics.median(slow) / statistics.median(ours)
    print(
        f"speed-up (median): {ratio:.0f}×   targets: median ≤ 1 ms, p99 ≤ 2.5 ms, ≥ 50×; "
        "with activations: median ≤ 10 ms"
    )


if __name__ == "__main__":
    main()
