"""Fit a model's "is this a digit?" statistics and its calibration, after training.

Called by the training and fine-tuning jobs once the network is trained, in
the same background job (progress and a stop request work as in
`core/training.train`). Everything is fitted on data the project ships or
the training data, never on a test set, in ONE batched pass over 17,500
images (about 6 s on two cores; redrawing digits at fit time, as before issue
27, took most of a minute):

- the digit Gaussians on 3,000 MNIST training images (from the end of the
  training set) and 2,000 bundled redrawings of other MNIST training digits
  (`assets/redrawn-digits.npz`: 1,000 mouse-style, 1,000 smooth strokes);
- the non-digit Gaussian on the bundled bank (`assets/non-digits.npz`, 8,500
  images: letters of nine scripts in many fonts and handwriting-like fonts,
  symbols, KanjiVG characters, generated doodles and marks, all drawn like
  mouse strokes; sources and licences in `assets/ATTRIBUTION.md`);
- the threshold so that 99 % of each held-out set of digits is accepted
  (2,000 MNIST training images from the start of the training set, 1,000
  bundled mouse-style and 1,000 smooth redrawings of them), and the doubt
  band's upper edge at the held-out MNIST digits' 5 % quantile;
- the calibration on the held-out MNIST and mouse-style digits, each group
  weighing the same.

What the vector holds (`judgement_features`) is the network's own layout, as
the NumPy pass reads it from the model file (`loading.runtime_of`), so the
statistics fit the model as it will be read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.data.mnist import MnistData
from digitpad.core.digits import CLASSES, SIDE
from digitpad.core.inference.judgement import Judge, signed_roots
from digitpad.core.inference.judgement_features import Layout
from digitpad.core.inference.judgement_stats import Calibration, JudgementStats
from digitpad.core.progress import JudgementProgress

if TYPE_CHECKING:
    import keras

BANK_ASSET = "non-digits.npz"
DIGITS_ASSET = "redrawn-digits.npz"
HELD_OUT = 1 / 6  # share of MNIST training images kept for the threshold and calibration...
HELD_POOL = 10000  # ... at most this many: the first ones (the bundled drawings' held sources)
FIT_IMAGES = 3000  # MNIST training images the digit Gaussians are fitted on, at most
HELD_IMAGES = 2000  # held-out MNIST training images for the threshold and calibration, at most
KEEP = 0.99  # share of each held-out set of digits the threshold accepts
DOUBT = 0.05  # held-out MNIST digits scoring below this quantile are in the doubt band
SHRINK = 0.01  # covariances get this share of their mean variance added on the diagonal
NUMPY_SHARE = 0.03  # the Gaussians' own arithmetic, as a share of the progress bar
PRIOR = 1e-3  # weight of the pull toward the identity calibration (keeps it finite)


@dataclass(frozen=True)
class BundledDigits:
    """Redrawn MNIST training digits shipped with digitpad (no drawing at fit time)."""

    images: np.ndarray  # (N, 28, 28) uint8
    labels: np.ndarray  # (N,)
    held: np.ndarray  # (N,) bool: drawn from the held-out part of MNIST's training set
    smooth: np.ndarray  # (N,) bool: smooth strokes (else mouse-style)


def _asset(name: str, fields: tuple[str, ...]) -> dict[str, np.ndarray]:
    path = resources.files("digitpad.assets") / name
    with path.open("rb") as f, np.load(f, allow_pickle=False) as archive:
        found = {k: archive[k] for k in fields}
    images = found["images"]
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"{name} does not hold (N, 28, 28) uint8 images")
    return found


def non_digit_bank() -> np.ndarray:
    """The bundled non-digits: uint8 (N, 28, 28), framed like drawings."""
    return _asset(BANK_ASSET, ("images",))["images"]


def bundled_digits() -> BundledDigits:
    """The bundled redrawn digits (fit and held-out, mouse-style and smooth)."""
    a = _asset(DIGITS_ASSET, ("images", "labels", "held", "smooth"))
    return BundledDigits(a["images"], a["labels"].astype(np.int64), a["held"], a["smooth"])


def fit_judgement(
    model: keras.Model,
    data: MnistData,
    progress: Callable[[JudgementProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    seed: int = 0,
) -> JudgementStats | None:
    """The judgement statistics for `model`, fitted on `data`'s training images and the
    bundled sets. None when stopped, or when the model has no output layer whose inputs
    could be judged (such a model is judged by the baseline)."""
    from digitpad.core.inference.features import FeaturePasses
    from digitpad.core.inference.loading import runtime_of

    stop = should_stop or (lambda: False)
    layout = runtime_of(model).layout
    if layout is None:
        return None
    passes = FeaturePasses(model, layout)
    if passes.feature_size != layout.size:  # Keras could not read the maps: activations only
        layout = Layout(layout.blocks[:1])
        passes = FeaturePasses(model)
        if passes.feature_size != layout.size:
            return None
    sets = _sets(data, seed)
    total = sum(len(images) for images, _labels in sets.values())
    units = round(total / (1 - NUMPY_SHARE))
    done = 0

    def report(n: int) -> None:
        if progress is not None:
            progress(JudgementProgress(min(done + n, units), units))

    vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, (images, _labels) in sets.items():
        out = passes.many(images, progress=lambda n, _total: report(n), should_stop=stop)
        if out is None or out[0] is None:
            return None
        vectors[name] = (out[0].astype(np.float64), out[1])
        done += len(images)
    report(0)
    stats = fit_statistics(layout, vectors, {k: labels for k, (_i, labels) in sets.items()})
    done = units
    report(0)
    return stats


def _sets(data: MnistData, seed: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every set the fit reads, images and labels: MNIST fit and held-out digits, bundled
    fit and held-out drawings, the non-digit bank (labels -1)."""
    rng = np.random.default_rng(seed)
    n = len(data.y_train)
    pool = min(HELD_POOL, max(1, round(n * HELD_OUT)))
    held = rng.permutation(pool)[:HELD_IMAGES]
    fit = pool + rng.permutation(n - pool)[:FIT_IMAGES]
    drawn = bundled_digits()
    bank = non_digit_bank()

    def drawings(is_held: bool, smooth: bool) -> tuple[np.ndarray, np.ndarray]:
        pick = (drawn.held == is_held) & (drawn.smooth == smooth)
        return drawn.images[pick], drawn.labels[pick]

    return {
        "mnist fit": (data.x_train[fit], data.y_train[fit].astype(np.int64)),
        "mouse fit": drawings(False, False),
        "smooth fit": drawings(False, True),
        "bank": (bank, np.full(len(bank), -1)),
        "mnist held": (data.x_train[held], data.y_train[held].astype(np.int64)),
        "mouse held": drawings(True, False),
        "smooth held": drawings(True, True),
    }


def fit_statistics(
    layout: Layout,
    vectors: dict[str, tuple[np.ndarray, np.ndarray]],
    labels: dict[str, np.ndarray],
) -> JudgementStats:
    """The statistics from every set's vectors and probabilities (`_sets`' names)."""
    activations = layout.blocks[0].size
    fit_names = ("mnist fit", "mouse fit", "smooth fit")
    digits = _roots(np.concatenate([vectors[k][0] for k in fit_names]), activations)
    digit_labels = np.concatenate([labels[k] for k in fit_names])
    centre = digits.mean(axis=0)
    scale = _block_scales(layout, digits - centre)
    z_digits = (digits - centre) * scale
    z_bank = (_roots(vectors["bank"][0], activations) - centre) * scale
    means = np.zeros((CLASSES, z_digits.shape[1]))
    for c in range(CLASSES):
        mine = z_digits[digit_labels == c]
        means[c] = mine.mean(axis=0) if len(mine) else z_digits.mean(axis=0)
    other_mean = z_bank.mean(axis=0)
    unfinished = JudgementStats(
        layout.codes(),
        centre,
        scale,
        means,
        _factor(z_digits - means[digit_labels]),
        other_mean,
        _factor(z_bank - other_mean),
        0.0,
        0.0,
        Calibration(),
    )
    judge = Judge(unfinished)
    held = {k: judge.scores(*vectors[k]) for k in ("mnist held", "mouse held", "smooth held")}
    threshold = min(float(np.quantile(s, 1 - KEEP)) for s in held.values() if len(s))
    doubt = max(threshold, float(np.quantile(held["mnist held"], DOUBT)))
    calibration = fit_calibration(
        [vectors["mnist held"][1], vectors["mouse held"][1]],
        [labels["mnist held"], labels["mouse held"]],
    )
    return JudgementStats(
        unfinished.codes,
        centre,
        scale,
        means,
        unfinished.digit_factor,
        other_mean,
        unfinished.other_factor,
        threshold,
        doubt,
        calibration,
    )


def _roots(vectors: np.ndarray, activations: int) -> np.ndarray:
    """The maps' statistics (after the first `activations` numbers) as signed roots."""
    out = vectors.copy()
    out[:, activations:] = signed_roots(out[:, activations:])
    return out


def _block_scales(layout: Layout, centred: np.ndarray) -> np.ndarray:
    """One factor per block: 1 / the digits' root mean variance over the block (1 for a
    block in which digits do not vary), so no block outweighs another by its units."""
    scale = np.ones(centred.shape[1])
    start = 0
    for block in layout.blocks:
        part = centred[:, start : start + block.size]
        variance = float(np.mean(part**2)) if len(part) else 0.0
        scale[start : start + block.size] = 1.0 / np.sqrt(variance) if variance > 1e-12 else 1.0
        start += block.size
    return scale


def _factor(centred: np.ndarray) -> np.ndarray:
    """L with L Lᵀ = the inverse of the (shrunk) covariance of `centred`: lower-triangular."""
    cov = centred.T @ centred / max(len(centred), 1)
    dim = len(cov)
    cov += SHRINK * max(float(np.trace(cov)) / dim, 1e-12) * np.eye(dim)
    precision = np.linalg.inv(cov)
    return np.linalg.cholesky(0.5 * (precision + precision.T))


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
