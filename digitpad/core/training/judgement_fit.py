"""Fit a model's "is this a digit?" statistics and its calibration, after training.

Called by the training and fine-tuning jobs once the network is trained, in
the same background job (progress and a stop request work as in
`core/training.train`). Everything is fitted on data the project makes
itself, never on a test set:

- the digit Gaussians on MNIST training images (up to FIT_IMAGES of them);
- the non-digit Gaussian on the bundled bank of generated non-digit marks
  (`assets/non-digits.npz`: letters, dots, dashes, crosses, stars, arrows,
  zigzags, hashes, smileys, spirals, scribbles, drawn like mouse strokes and
  framed like a drawing; made by `tools/make_non_digit_bank.py`);
- the threshold so that 98 % of held-out MNIST training digits AND 98 % of
  mouse-style redrawings of them (`restroke.draw_on_pad`) are accepted;
- the calibration on those same held-out digits and redrawings, half each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.data.mnist import MnistData
from digitpad.core.digits import CLASSES, SIDE
from digitpad.core.inference.judgement import Calibration, Judge, JudgementStats, log_density_offset

if TYPE_CHECKING:
    import keras

BANK_ASSET = "non-digits.npz"
HELD_OUT = 1 / 6  # share of MNIST training images kept for the threshold and calibration
# More images barely move 128-dimensional Gaussians, and each costs a forward pass.
FIT_IMAGES = 20000  # training images the digit Gaussians are fitted on, at most
HELD_IMAGES = 5000  # held-out training images for the threshold and calibration, at most
DRAWINGS = 2000  # mouse-style redrawings of held-out digits, at most
KEEP = 0.98  # share of held-out real digits the threshold accepts
SHRINK = 0.01  # covariances get this share of their mean variance added on the diagonal
DRAWING_COST = 40  # one redrawing takes about as long as 40 images' forward pass
PRIOR = 1e-3  # weight of the pull toward the identity calibration (keeps it finite)


@dataclass(frozen=True)
class JudgementProgress:
    """How far fitting has come, in work units (`total` is known from the start)."""

    done: int
    total: int


def non_digit_bank() -> np.ndarray:
    """The bundled non-digit marks: uint8 (N, 28, 28), framed like drawings."""
    path = resources.files("digitpad.assets") / BANK_ASSET
    with path.open("rb") as f, np.load(f, allow_pickle=False) as archive:
        images = archive["images"]
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"{BANK_ASSET} does not hold (N, 28, 28) uint8 images")
    return images


def fit_judgement(
    model: keras.Model,
    data: MnistData,
    progress: Callable[[JudgementProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    drawings: int = DRAWINGS,
    seed: int = 0,
) -> JudgementStats | None:
    """The judgement statistics for `model`, fitted on `data`'s training images.

    None when stopped, or when the model has no Dense output layer whose
    inputs could be judged (such a model is judged by the baseline).
    """
    from digitpad.core.inference.features import FeaturePasses

    stop = should_stop or (lambda: False)
    passes = FeaturePasses(model)
    if passes.feature_size is None:
        return None
    bank = non_digit_bank()
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(data.y_train))
    n_held = min(HELD_IMAGES, max(1, round(len(order) * HELD_OUT)))
    fit, held = order[n_held : n_held + FIT_IMAGES], order[:n_held]
    n_draw = min(drawings, len(held))
    total = len(fit) + len(held) + len(bank) + n_draw * (DRAWING_COST + 1)
    done = 0

    def report(n: int) -> None:
        if progress is not None:
            progress(JudgementProgress(min(done + n, total), total))

    def features_of(images: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        nonlocal done
        out = passes.many(images, progress=lambda n, _total: report(n), should_stop=stop)
        done += len(images)
        if out is None or out[0] is None:
            return None
        return out[0].astype(np.float64), out[1]

    parts = []
    for images in (data.x_train[fit], data.x_train[held], bank):
        got = features_of(images)
        if got is None:
            return None
        parts.append(got)
    redrawn = _redraw(data.x_train[held], data.y_train[held], n_draw, rng, stop, report)
    if redrawn is None:
        return None
    done += n_draw * DRAWING_COST
    drawn = features_of(redrawn[0])
    if drawn is None:
        return None
    (fit_f, _fit_p), (held_f, held_p), (bank_f, _bank_p) = parts
    stats = _gaussians(fit_f, data.y_train[fit], bank_f)
    judge = Judge(stats)
    threshold = min(
        float(np.quantile(judge.scores(held_f, held_p), 1 - KEEP)),
        float(np.quantile(judge.scores(drawn[0], drawn[1]), 1 - KEEP)),
    )
    calibration = fit_calibration([held_p, drawn[1]], [data.y_train[held], redrawn[1]])
    return JudgementStats(
        stats.digit_means,
        stats.digit_precision,
        stats.other_mean,
        stats.other_precision,
        stats.offset,
        threshold,
        calibration,
    )


def _redraw(
    images: np.ndarray,
    labels: np.ndarray,
    count: int,
    rng: np.random.Generator,
    stop: Callable[[], bool],
    report: Callable[[int], None],
) -> tuple[np.ndarray, np.ndarray] | None:
    """`count` of the digits redrawn with a mouse-style pen and framed, with their labels."""
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.restroke import draw_on_pad

    picks = rng.choice(len(labels), size=count, replace=False)
    framed, kept = [], []
    for n, i in enumerate(picks):
        if n % 50 == 0:
            if stop():
                return None
            report(n * DRAWING_COST)
        drawing = draw_on_pad(images[i], int(labels[i]), rng)
        f = frame_digit(drawing.image)
        if f is not None:
            framed.append(np.round(f * 255).astype(np.uint8))
            kept.append(int(labels[i]))
    if not framed:
        return np.zeros((0, SIDE, SIDE), np.uint8), np.zeros(0, np.int64)
    return np.stack(framed), np.array(kept)


def _covariance(centred: np.ndarray) -> np.ndarray:
    cov = centred.T @ centred / max(len(centred), 1)
    dim = len(cov)
    return cov + SHRINK * max(float(np.trace(cov)) / dim, 1e-12) * np.eye(dim)


def _gaussians(features: np.ndarray, labels: np.ndarray, marks: np.ndarray) -> JudgementStats:
    """Ten digit classes sharing one covariance, and one Gaussian for non-digit marks."""
    dim = features.shape[1]
    means = np.zeros((CLASSES, dim))
    for c in range(CLASSES):
        mine = features[labels == c]
        means[c] = mine.mean(axis=0) if len(mine) else features.mean(axis=0)
    digit_cov = _covariance(features - means[labels])
    other_mean = marks.mean(axis=0)
    other_cov = _covariance(marks - other_mean)
    return JudgementStats(
        means,
        np.linalg.inv(digit_cov),
        other_mean,
        np.linalg.inv(other_cov),
        log_density_offset(digit_cov, other_cov),
        0.0,
        Calibration(),
    )


def fit_calibration(probabilities: list[np.ndarray], labels: list[np.ndarray]) -> Calibration:
    """Platt scaling of the top probability, each group of digits weighing the same.

    Maximizes the likelihood of "the most likely digit is right" with the
    slope kept non-negative (so the confidence is monotone in the softmax), and
    a faint pull toward the identity that keeps it finite when every digit is
    right.
    """
    from scipy.optimize import minimize

    xs, ys, ws = [], [], []
    for p, y in zip(probabilities, labels, strict=True):
        if len(y) == 0:
            continue
        top = np.clip(p.max(axis=1).astype(np.float64), 1e-7, 1 - 1e-7)
        xs.append(np.log(top) - np.log1p(-top))
        ys.append((p.argmax(axis=1) == y).astype(np.float64))
        ws.append(np.full(len(y), 1.0 / len(y)))
    if not xs:
        return Calibration()
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    w = w / w.sum()

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        a, b = params
        z = a * x + b
        nll = np.logaddexp(0.0, -z) * y + np.logaddexp(0.0, z) * (1 - y)
        g = 0.5 * (1.0 + np.tanh(0.5 * z)) - y  # d nll / dz
        value = float(w @ nll) + PRIOR * ((a - 1.0) ** 2 + b**2)
        grad = np.array([w @ (g * x) + 2 * PRIOR * (a - 1.0), w @ g + 2 * PRIOR * b])
        return value, grad

    result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B",
                      bounds=[(0.0, None), (None, None)])  # fmt: skip
    slope, intercept = (float(v) for v in result.x)
    return Calibration(slope, intercept)
