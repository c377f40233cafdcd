"""One epoch of digitpad's training against one epoch of the course's plain script.

Same data, same model, same hyperparameters (batch 128, Adadelta 1.0, test set
as validation), in the same process, alternating so that a noisy shared
machine slows both alike. digitpad reports progress every batch; the plain
script reports nothing. Prints samples/s for each, their ratio (medians), and
the test accuracy each epoch reached (the course reports 0.9762).

    python benchmarks/train_speed.py --data ../shared/data/mnist [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def plain_script_epoch(data) -> tuple[float, float]:
    """The course's script: float arrays, one-hot labels, `model.fit` on NumPy."""
    import keras

    from digitpad.core.models.store import build_model, compile_model

    started = time.perf_counter()
    x_train = data.x_train.reshape(-1, 28, 28, 1).astype("float32") / 255
    x_test = data.x_test.reshape(-1, 28, 28, 1).astype("float32") / 255
    y_train = keras.utils.to_categorical(data.y_train, 10)
    y_test = keras.utils.to_categorical(data.y_test, 10)
    model = build_model()
    compile_model(model, learning_rate=1.0)
    model.fit(
        x_train, y_train, batch_size=128, epochs=1, verbose=0, validation_data=(x_test, y_test)
    )
    seconds = time.perf_counter() - started
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return seconds, float(accuracy)


def digitpad_epoch(data) -> tuple[float, float]:
    """digitpad's `train()` with its default (the course's) settings and a progress sink."""
    from digitpad.core.configs import TrainConfig
    from digitpad.core.progress import BatchProgress, EpochProgress
    from digitpad.core.training.train import train

    events = []
    started = time.perf_counter()
    result = train(data, TrainConfig(), progress=events.append, should_stop=lambda: False)
    seconds = time.perf_counter() - started
    reports = [e for e in events if isinstance(e, (BatchProgress, EpochProgress))]
    assert len(reports) == 469 + 1, "one report per batch plus one per epoch"  # + validation
    return seconds, float(result.test_accuracy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from digitpad.core.data.mnist import load_mnist

    data = load_mnist(args.data)
    n = len(data.y_train)
    runs: dict[str, list[tuple[float, float]]] = {"plain": [], "digitpad": []}
    for r in range(args.rounds):
        order = [("plain", plain_script_epoch), ("digitpad", digitpad_epoch)]
        for name, run in order if r % 2 == 0 else order[::-1]:
            seconds, accuracy = run(data)
            runs[name].append((seconds, accuracy))
            print(
                f"round {r + 1} {name:>8}: {n / seconds:7.0f} samples/s  "
                f"({seconds:.1f} s)  test accuracy {accuracy:.4f}",
                flush=True,
            )

    def median_rate(name: str) -> float:
        return statistics.median(n / s for s, _ in runs[name])

    plain, ours = median_rate("plain"), median_rate("digitpad")
    print()
    print(
        f"plain script  median {plain:7.0f} samples/s, "
        f"test accuracy {statistics.median(a for _, a in runs['plain']):.4f}"
    )
    print(
        f"digitpad      median {ours:7.0f} samples/s, "
        f"test accuracy {statistics.median(a for _, a in runs['digitpad']):.4f} "
        f"(min {min(a for _, a in runs['digitpad']):.4f})"
    )
    print(f"ratio digitpad / plain: {ours / plain:.3f}  (target ≥ 1.0; course accuracy 0.9762)")


if __name__ == "__main__":
    main()
