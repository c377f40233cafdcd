"""Is it a digit at all? The judgement per kind of real drawing, beside the baseline and the
previous judge, at the thresholds each would ship with.

Non-digits (each set's 'eval' part: writers, sessions or splits no fitting saw; built from
public sources by tools/build_not_a_digit_sets.py into the folder given with --sets): CROHME
handwritten letters, Greek letters and math symbols of other writers, CoMNIST letters drawn
on a web canvas, KanjiVG characters, Sheep Market doodles; beside them the issue's kinds of
generated mark and shapes no fitting saw (benchmarks/synthetic.py, evaluation seed). Digits:
the MNIST test set, mouse-style redrawings of MNIST test digits (drawn here, as
benchmarks/drawn_digits.py draws them), real online handwritten digits (CROHME, other
writers), UCI optdigits and Semeion (their scanning stretches strokes: reported only).

Judges, each at its own threshold: max softmax ≥ 0.78 (the baseline: a model without
statistics), the previous judge (the 128 activations feeding the output layer, statistics
of the old form: for the bundled model those it carried before issue 27, kept in
tests/fixtures/judgement/format-1.npz; --old for another model's) and the model's own
statistics. Then the same at an "oracle" threshold that keeps 98 % of every digit set (how
the studies compared methods), AUROC, and the expected calibration error (15 bins) of the
confidence: the raw softmax, Platt's calibration alone, and as shown (capped by the
judgement). A set missing from --sets is left out and said so.

    python benchmarks/not_a_digit.py --data /path/to/mnist --sets ~/not-a-digit-sets
        [--model PATH] [--old FORMAT-1.npz] [--drawings 3000] [--refit]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

OLD = HERE.parent / "tests" / "fixtures" / "judgement" / "format-1.npz"
ORACLE_KEEP = 0.98
KINDS = (  # (column, set, selector on its 'eval' part)
    ("letters", "crohme", lambda s: s["kind"] == "letter"),
    ("Greek", "crohme", lambda s: s["kind"] == "greek"),
    ("symbols", "crohme", lambda s: s["kind"] == "symbol"),
    ("CoMNIST", "comnist", lambda s: np.isin(s["kind"], ["letter", "cyrillic"])),
    ("CJK", "kanji", lambda s: s["kind"] == "cjk"),
    ("doodles", "sheep", lambda s: s["kind"] == "doodle"),
)


def auroc(digits: np.ndarray, others: np.ndarray) -> float:
    """Probability that a digit scores above a non-digit (ties count half)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([digits, others]))
    n = len(digits)
    return float((ranks[:n].sum() - n * (n + 1) / 2) / (n * len(others)))


def ece(confidence: np.ndarray, right: np.ndarray, bins: int = 15) -> float:
    """Expected calibration error: |confidence − accuracy| per bin, weighted by its size."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    return float(
        sum(
            (which == b).mean() * abs(confidence[which == b].mean() - right[which == b].mean())
            for b in range(bins)
            if (which == b).any()
        )
    )


def load_sets(folder: Path) -> tuple[dict, dict]:
    """(non-digits by column, real digits by name) from the built sets' 'eval' parts."""
    found: dict[str, dict[str, np.ndarray]] = {}
    for name in ("crohme", "comnist", "kanji", "sheep", "optdigits", "semeion"):
        path = folder / f"{name}.npz"
        if path.exists():
            with np.load(path, allow_pickle=False) as data:
                found[name] = {k: data[k] for k in data.files}
        else:
            print(f"  ({path} is missing: its columns are left out)")
    others = {}
    for column, name, pick in KINDS:
        if name in found:
            s = found[name]
            # CoMNIST: no judge was fitted on any of it, so every session is evaluated.
            evaluated = np.ones(len(s["kind"]), bool) if name == "comnist" else s["split"] == "eval"
            others[column] = s["images"][evaluated & pick(s)]
    digits = {}
    if "crohme" in found:
        s = found["crohme"]
        real = (s["split"] == "eval") & (s["kind"] == "digit")
        digits["real (CROHME)"] = (s["images"][real], s["label"][real].astype(int))
    for name in ("optdigits", "semeion"):
        if name in found:
            s = found[name]
            part = s["split"] == "eval"
            digits[name] = (s["images"][part], s["label"][part].astype(int))
    return others, digits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="MNIST source (default: $DIGITPAD_MNIST)")
    parser.add_argument("--sets", type=Path, required=True, help="tools/build_not_a_digit_sets.py")
    parser.add_argument("--model", type=Path, help="default: the bundled model")
    parser.add_argument("--old", type=Path, help="statistics of the old form for the old judge")
    parser.add_argument("--drawings", type=int, default=3000)
    parser.add_argument("--refit", action="store_true", help="fit the statistics here, timed")
    args = parser.parse_args()

    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.data.restroke import make_drawings
    from digitpad.core.inference.judgement import Judge
    from digitpad.core.inference.judgement_stats import JudgementStats
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path
    from digitpad.core.training.judgement_fit import fit_judgement

    data = load_mnist(args.data)
    path = args.model or bundled_model_path()
    predictor = Predictor.load(path)
    print(f"model: {predictor.path}")
    if predictor.judge.stats is None or args.refit:
        started = time.perf_counter()
        stats = fit_judgement(predictor.keras_model(), data)
        if stats is None:
            sys.exit("this model has no output layer to judge by; only the baseline applies")
        print(f"statistics fitted in {time.perf_counter() - started:.1f} s (not stored)")
        predictor = Predictor(predictor.runtime, predictor.path, stats)
    old_file = args.old or (OLD if path.resolve() == bundled_model_path().resolve() else None)
    judges = {"max softmax ≥ 0.78 (baseline)": Judge()}
    if old_file is not None:
        judges["previous judge (128 activations)"] = Judge(
            JudgementStats.from_bytes(old_file.read_bytes())
        )
    judges["digitpad: this model's statistics"] = predictor.judge

    started = time.perf_counter()
    others, real = load_sets(args.sets)
    drawings = make_drawings(data.x_test, data.y_test, args.drawings, seed=2026)
    drawn = np.stack([frame_digit(d.image) for d in drawings])
    digits = {
        "MNIST test": (data.x_test / 255.0, data.y_test.astype(int)),
        "redrawn MNIST test": (drawn, np.array([d.label for d in drawings])),
        **{k: (x / 255.0, y) for k, (x, y) in real.items()},
    }
    categories = (*synthetic.CATEGORIES, *synthetic.UNSEEN)
    marks = synthetic.make_marks(300, synthetic.EVAL_SEED, "eval", categories)
    framed = [frame_digit(m.image) for m in marks]
    blank = np.array([f is None for f in framed])  # too small to frame: turned away
    mark_x = np.stack([f if f is not None else np.zeros((28, 28), np.float32) for f in framed])
    unseen = np.isin([m.category for m in marks], synthetic.UNSEEN)
    print(f"sets read and drawn in {time.perf_counter() - started:.0f} s")

    def run(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out = predictor.runtime.run(x)
        assert out is not None and out[0] is not None
        return out

    passes = {k: run(x) for k, (x, _y) in digits.items()}
    other_passes = {k: run(x / 255.0) for k, x in others.items()}
    mark_pass = run(mark_x)
    print(f"sizes: {', '.join(f'{k} {len(x)}' for k, x in others.items())}; "
          f"{', '.join(f'{k} {len(x)}' for k, (x, _y) in digits.items())}")  # fmt: skip

    columns = [*others, "mean", "marks", "unseen shapes"]
    print("\nturned away at each judge's own threshold (%), and digits kept (%):")
    print(f"{'judge':<36}" + "".join(f"{c:>9}" for c in columns)
          + "".join(f"{k[:10]:>11}" for k in digits))  # fmt: skip
    scored = {}
    for name, judge in judges.items():
        s_other = {k: judge.scores(*v) for k, v in other_passes.items()}
        s_digit = {k: judge.scores(*v) for k, v in passes.items()}
        s_marks = np.where(blank, -np.inf, judge.scores(*mark_pass))
        scored[name] = (s_other, s_digit, s_marks)
        away = [100 * np.mean(s < judge.threshold) for s in s_other.values()]
        row = [*away, float(np.mean(away)) if away else float("nan")]
        row += [100 * np.mean(s_marks[m] < judge.threshold) for m in (~unseen, unseen)]
        kept = [100 * np.mean(s >= judge.threshold) for s in s_digit.values()]
        print(f"{name:<36}" + "".join(f"{v:9.1f}" for v in row)
              + "".join(f"{v:11.1f}" for v in kept))  # fmt: skip

    evaluated = [k for k in digits if k not in ("optdigits", "semeion")]
    print(f"\nat an oracle threshold keeping {100 * ORACLE_KEEP:.0f} % of {', '.join(evaluated)}:")
    print(f"{'judge':<36}{'AUROC':>7}" + "".join(f"{c:>9}" for c in columns[:-2]))
    for name, (s_other, s_digit, _s_marks) in scored.items():
        threshold = min(np.quantile(s_digit[k], 1 - ORACLE_KEEP) for k in evaluated)
        away = [100 * np.mean(s < threshold) for s in s_other.values()]
        pooled = np.concatenate(list(s_other.values())) if s_other else np.zeros(1)
        area = auroc(np.concatenate([s_digit[k] for k in evaluated]), pooled)
        print(f"{name:<36}{area:7.3f}" + "".join(f"{v:9.1f}" for v in [*away, np.mean(away)]))

    judge = predictor.judge
    print("\nexpected calibration error (15 bins) of the confidence that the named digit is right:")
    print(f"{'digits':<22}{'accuracy':>9}{'raw softmax':>13}{'Platt':>8}{'as shown':>10}")
    for name, (features, probabilities) in passes.items():
        right = (probabilities.argmax(axis=1) == digits[name][1]).astype(float)
        top = probabilities.max(axis=1)
        shown = judge.confidence(top, judge.scores(features, probabilities))
        print(f"{name:<22}{100 * right.mean():8.1f}%{ece(top, right):13.4f}"
              f"{ece(judge.calibration(top), right):8.4f}{ece(shown, right):10.4f}")  # fmt: skip
    c = judge.calibration
    print(f"calibration: sigmoid({c.slope:.3f} · logit(p) + {c.intercept:.3f}); shown at most "
          f"0.5 below the threshold {judge.threshold:.2f}, 0.9 up to {judge.doubt:.2f}, "
          "0.99 above")  # fmt: skip


if __name__ == "__main__":
    main()
