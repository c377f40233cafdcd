"""Is it a digit at all? Each judgement method against the max-softmax baseline, same run.

Digits: the MNIST test set, and mouse-style redrawings of MNIST test digits
(`restroke.make_drawings`, the same drawings as benchmarks/drawn_digits.py).
Non-digits: marks drawn by benchmarks/synthetic.py with the evaluation seed,
letters and fonts, none of which the judgement was fitted on; the issue's
categories (letters, dots, dashes, crosses, stars, arrows, zigzags, hashes,
smileys, spirals, scribbles) and, separately, shapes no fitting ever saw
(triangles, squares, check marks, hearts, waves). A mark too small to
frame (a click under the speck size) names no digit: it counts as turned
away, and the count is printed.

Per method: AUROC (digits vs the issue's non-digits) and the share of
non-digits turned away where 98 % of the digits are kept (that threshold
is read off these digits: a way to compare methods, not a fitted setting).
Then digitpad's judgement with its own threshold, fitted on training data
only: digits kept, non-digits turned away, per category. And the expected
calibration error (15 bins) of the confidence, calibrated against raw softmax.

    python benchmarks/not_a_digit.py --data /work/shared/data/mnist [--model PATH]
        [--drawings 2000] [--per-category 300] [--refit]

The model's stored statistics are used; without them (or with --refit) they
are fitted here on MNIST training images first, and the time that takes is
printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic

KEEP = 0.98


def auroc(digits: np.ndarray, others: np.ndarray) -> float:
    """Probability that a digit scores above a non-digit (ties count half)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([digits, others]))
    n = len(digits)
    return float((ranks[:n].sum() - n * (n + 1) / 2) / (n * len(others)))


def turned_away_at(digits: np.ndarray, others: np.ndarray, keep: float = KEEP) -> float:
    threshold = np.quantile(digits, 1 - keep)
    return float(np.mean(others < threshold))


def ece(confidence: np.ndarray, right: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error: |confidence − accuracy| per bin, weighted by its size."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            total += inside.mean() * abs(confidence[inside].mean() - right[inside].mean())
    return total


def method_scores(predictor, stats, features: np.ndarray, probabilities: np.ndarray) -> dict:
    """Every method's score (higher = more digit-like) from the model's own numbers."""
    from scipy.special import logsumexp

    from digitpad.core.inference.judgement import Judge

    index = predictor.runtime.feature_index
    assert index is not None  # statistics exist only for a model with a Dense output
    dense = predictor.layers[index]
    weights, bias = (np.asarray(w, np.float64) for w in predictor.weights[dense.name][:2])
    logits = features.astype(np.float64) @ weights + bias
    f = features.astype(np.float64)
    distances = np.stack(
        [
            np.einsum("ni,ij,nj->n", f - mean, stats.digit_precision, f - mean)
            for mean in stats.digit_means
        ],
        axis=1,
    )
    return {
        "max softmax (baseline)": probabilities.max(axis=1),
        "energy (logsumexp of logits)": logsumexp(logits, axis=1),
        "Mahalanobis (nearest class)": -distances.min(axis=1),
        "digitpad: Gaussian likelihood ratio": Judge(stats).scores(features, probabilities),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--model", type=Path, help="default: the bundled model")
    parser.add_argument("--drawings", type=int, default=2000)
    parser.add_argument("--per-category", type=int, default=300)
    parser.add_argument("--refit", action="store_true", help="fit the statistics here")
    args = parser.parse_args()

    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.data.restroke import make_drawings
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path
    from digitpad.core.training.judgement_fit import fit_judgement

    data = load_mnist(args.data)
    predictor = Predictor.load(args.model or bundled_model_path())
    print(f"model: {predictor.path}")
    stats = predictor.judge.stats
    if stats is None or args.refit:
        started = time.perf_counter()
        stats = fit_judgement(predictor.keras_model(), data)
        if stats is None:
            sys.exit("this model has no Dense output layer to judge by; only the baseline applies")
        print(f"statistics fitted in {time.perf_counter() - started:.0f} s (not stored)")
        predictor = Predictor(
            predictor.runtime, predictor.path, stats, model_file=predictor.model_file
        )
    else:
        print("statistics: stored in the model file")

    started = time.perf_counter()
    drawings = make_drawings(data.x_test, data.y_test, args.drawings, seed=2026)
    drawn = np.stack([frame_digit(d.image) for d in drawings])
    drawn_labels = np.array([d.label for d in drawings])
    categories = (*synthetic.CATEGORIES, *synthetic.UNSEEN)
    marks = synthetic.make_marks(args.per_category, synthetic.EVAL_SEED, "eval", categories)
    framed = [frame_digit(m.image) for m in marks]
    blank = np.array([f is None for f in framed])
    mark_x = np.stack([f if f is not None else np.zeros((28, 28), np.float32) for f in framed])
    kinds = np.array([m.category for m in marks])
    font_names = [Path(getattr(f, "path", "built-in")).stem for f in synthetic.fonts("eval")]
    unseen = np.isin(kinds, synthetic.UNSEEN)
    print(
        f"{len(drawings)} redrawn test digits, {len(marks)} marks ({int(blank.sum())} too small "
        f"to frame: turned away) drawn in {time.perf_counter() - started:.0f} s; "
        f"evaluation fonts: {', '.join(font_names)}"
    )

    passes = predictor.runtime
    sets = {
        "mnist": passes.run(data.x_test),
        "drawn": passes.run(drawn),
        "marks": passes.run(mark_x),
    }
    scores = {k: method_scores(predictor, stats, *v) for k, v in sets.items()}
    listed = ~unseen

    print()
    print(f"{'method':<38}{'AUROC':>14}{'turned away at 98 % kept':>30}{'unseen shapes':>16}")
    print(f"{'':<38}{'MNIST  drawn':>14}{'MNIST    drawn':>30}{'drawn':>16}")
    for method in scores["mnist"]:
        m, d, o = (scores[k][method] for k in ("mnist", "drawn", "marks"))
        o = np.where(blank, -np.inf, o)
        print(
            f"{method:<38}{auroc(m, o[listed]):>7.3f}{auroc(d, o[listed]):>7.3f}"
            f"{100 * turned_away_at(m, o[listed]):>21.1f} %"
            f"{100 * turned_away_at(d, o[listed]):>6.1f} %"
            f"{100 * turned_away_at(d, o[unseen]):>14.1f} %"
        )

    judge = predictor.judge
    kept_mnist = predictor.assess(data.x_test / 255.0).is_digit
    kept_drawn = predictor.assess(drawn).is_digit
    away = ~predictor.assess(mark_x).is_digit | blank
    print()
    print(f"digitpad's judgement, threshold {judge.threshold:.2f} fitted on training data only:")
    print(
        f"  digits kept: MNIST test {100 * kept_mnist.mean():.2f} %, "
        f"redrawn test digits {100 * kept_drawn.mean():.2f} %   (target: 98 %)"
    )
    print(
        f"  non-digits turned away: {100 * away[listed].mean():.1f} % of the issue's kinds "
        f"(target: ≥ 80 %), {100 * away[unseen].mean():.1f} % of unseen shapes"
    )
    print(
        "  per kind: " + ", ".join(f"{c} {100 * away[kinds == c].mean():.0f} %" for c in categories)
    )
    baseline = Predictor(predictor.runtime, predictor.path, None)
    b_mnist = baseline.assess(data.x_test / 255.0).is_digit.mean()
    b_drawn = baseline.assess(drawn).is_digit.mean()
    b_away = (~baseline.assess(mark_x).is_digit | blank)[listed].mean()
    print(
        f"  baseline (max softmax ≥ {baseline.judge.threshold}): digits kept {100 * b_mnist:.2f} % "
        f"/ {100 * b_drawn:.2f} %, non-digits turned away {100 * b_away:.1f} %"
    )

    print()
    print("expected calibration error (15 bins), confidence that the named digit is right:")
    for name, (x, labels) in {
        "redrawn test digits": (drawn, drawn_labels),
        "MNIST test digits": (data.x_test / 255.0, data.y_test),
    }.items():
        assessed = predictor.assess(x)
        right = (assessed.probabilities.argmax(axis=1) == labels).astype(float)
        raw = assessed.probabilities.max(axis=1)
        print(
            f"  {name:<20} raw softmax {ece(raw, right):.4f}   calibrated "
            f"{ece(assessed.confidence, right):.4f}   (accuracy {100 * right.mean():.2f} %, "
            f"mean confidence raw {100 * raw.mean():.2f} %, calibrated "
            f"{100 * assessed.confidence.mean():.2f} %)"
        )
    c = judge.calibration
    print(f"  calibration: sigmoid({c.slope:.3f} · logit(p) + {c.intercept:.3f})")


if __name__ == "__main__":
    main()
