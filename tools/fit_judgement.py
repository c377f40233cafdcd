"""Fit a model's "is this a digit?" statistics and store them in its file (weights unchanged).

    python tools/fit_judgement.py --data /work/shared/data/mnist [--model assets/digitpad-cnn.keras]

Used for the bundled model; models trained or fine-tuned by digitpad get
their statistics in the same job that trains them. Also the way to give a
model file with statistics of the old form (format 1, before issue 27) the
new ones: its weights are not touched.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--model", type=Path, default=ROOT / "assets" / "digitpad-cnn.keras")
    args = parser.parse_args()

    import numpy as np

    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.inference.judgement_stats import ATTACHMENT
    from digitpad.core.models.store import load_model, read_metadata, save_model
    from digitpad.core.training.judgement_fit import fit_judgement

    data = load_mnist(args.data)
    model = load_model(args.model)
    before = [w.copy() for w in model.get_weights()]
    started = time.perf_counter()
    stats = fit_judgement(model, data)
    if stats is None:
        raise SystemExit("this model has no Dense output layer whose inputs can be judged")
    seconds = time.perf_counter() - started
    save_model(model, args.model, read_metadata(args.model), {ATTACHMENT: stats.to_bytes()})
    after = load_model(args.model).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    print(
        f"{args.model}: statistics fitted in {seconds:.0f} s and stored (weights unchanged); "
        f"{stats.feature_size} numbers per drawing, threshold {stats.threshold:.2f}, doubt band "
        f"up to {stats.doubt:.2f}, calibration slope {stats.calibration.slope:.3f}, "
        f"intercept {stats.calibration.intercept:.3f}"
    )


if __name__ == "__main__":
    main()
