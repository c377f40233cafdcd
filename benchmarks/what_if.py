"""The classroom's "what if": the course's network against each preset, on full MNIST.

Every preset is trained with digitpad's own `train()` at the course's settings
(batch 128, Adadelta 1.0, one epoch; the old Keras example: 12 epochs), in one
process, the course's network first as the baseline the others are compared
with in the same run. Prints, per preset: parameters (Keras' own count),
epochs, seconds of training, test accuracy, and seconds and accuracy relative
to the course's network, then the same table as Markdown for the README.

    nice -n 10 python benchmarks/what_if.py --data /work/shared/data/mnist [--skip-long]

One run of each; the machine is shared and noisy, so seconds are indicative
(accuracies depend on the seed, `--seed`, not on the machine).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--skip-long", action="store_true", help="leave out the 12-epoch example (~12× longer)"
    )
    parser.add_argument("--only", nargs="*", help="preset keys to run (the course's always runs)")
    args = parser.parse_args()

    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.network.code import parse
    from digitpad.core.network.presets import COURSE, PRESETS
    from digitpad.core.training.train import train

    data = load_mnist(args.data)
    presets = [COURSE] + [
        p
        for p in PRESETS
        if p is not COURSE
        and not (args.skip_long and p.config().epochs > 1)
        and (not args.only or p.key in args.only)
    ]
    rows = []
    for preset in presets:
        config = preset.config()
        config = type(config)(**{**vars(config), "seed": args.seed})
        started = time.perf_counter()
        result = train(data, config, network=parse(preset.code))
        seconds = time.perf_counter() - started
        assert result.model is not None and result.test_accuracy is not None
        rows.append(
            (preset, result.model.count_params(), config.epochs, seconds, result.test_accuracy)
        )
        print(
            f"{preset.key:>16}: {rows[-1][1]:>9,} parameters, {config.epochs:>2} epoch(s), "
            f"{seconds:7.1f} s, test accuracy {result.test_accuracy:.4f}",
            flush=True,
        )

    base_seconds, base_accuracy = rows[0][3], rows[0][4]
    print()
    print("| Network | Parameters | Epochs | Seconds | Test accuracy | Time vs course | "
          "Accuracy vs course |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for preset, params, epochs, seconds, accuracy in rows:
        print(
            f"| {preset.title} | {params:,} | {epochs} | {seconds:.0f} | {100 * accuracy:.2f} % "
            f"| {seconds / base_seconds:.2f}× | {100 * (accuracy - base_accuracy):+.2f} points |"
        )


if __name__ == "__main__":
    main()
