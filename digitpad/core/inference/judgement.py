"""Is this a digit at all, and how likely is the named digit right?

A softmax always names a digit, even for a dot or a star. The judgement asks
the network's own penultimate layer (the 128-unit Dense in the course's CNN:
whatever feeds the output layer) whether its pattern of activations looks
more like the patterns real digits produce than like those of non-digit
marks. Both are modelled as Gaussians over those activations: one per digit
class sharing one covariance (fitted on MNIST training images), and one for
non-digits (fitted on generated marks and letters). The score is the
log-likelihood ratio of the two; a drawing whose score falls below the
threshold (fitted so that 98 % of held-out real digits pass) is "not a digit".
The network's layers are unchanged; the statistics ride along in the model
file (`ATTACHMENT`) and are refitted whenever a model is trained.

The confidence shown is calibrated: the probability that the named digit is
right, a monotone function (Platt scaling) of the top softmax probability,
fitted on held-out MNIST training digits and mouse-style redrawings of them.

A model without statistics is judged by its largest softmax value against a
fixed threshold (`BASELINE_THRESHOLD`) and shows that value as its confidence.
NumPy only: this runs on every stroke.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import CLASSES

ATTACHMENT = "judgement.npz"  # the statistics' name inside the model file
FORMAT = 1
JUDGE_GAUSSIAN = "gaussian"
JUDGE_BASELINE = "baseline"
# The largest softmax value that keeps 98 % of held-out mouse-style redrawings of MNIST
# training digits for the bundled model (0.78; measured with benchmarks/not_a_digit.py).
BASELINE_THRESHOLD = 0.78
PROBABILITY_FLOOR = 1e-7  # top probabilities are clipped into [floor, 1 - floor] for logit()
MAX_FEATURES = 4096  # a penultimate layer larger than this is not judged (statistics too big)


@dataclass(frozen=True)
class Calibration:
    """confidence = sigmoid(slope · logit(top probability) + intercept), slope ≥ 0.

    With a non-negative slope the confidence never decreases as the top
    softmax probability grows, and it always lies in (0, 1). The identity
    (slope 1, intercept 0) gives back the raw top probability.
    """

    slope: float = 1.0
    intercept: float = 0.0

    def __call__(self, top: np.ndarray | float) -> np.ndarray:
        p = np.clip(np.asarray(top, dtype=np.float64), PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR)
        z = self.slope * (np.log(p) - np.log1p(-p)) + self.intercept
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, without overflow

    def one(self, top: float) -> float:
        """The same for one drawing, in plain floats (NumPy's per-call cost is most of it)."""
        p = min(max(top, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR)
        z = self.slope * (math.log(p) - math.log1p(-p)) + self.intercept
        return 0.5 * (1.0 + math.tanh(0.5 * z))

    @property
    def is_identity(self) -> bool:
        return self.slope == 1.0 and self.intercept == 0.0


@dataclass(frozen=True, eq=False)
class JudgementStats:
    """What the judgement of one model needs, as fitted by `judgement_fit.fit_judgement`."""

    digit_means: np.ndarray  # (10, D) per digit class
    digit_precision: np.ndarray  # (D, D) inverse of the covariance they share
    other_mean: np.ndarray  # (D,) non-digit marks
    other_precision: np.ndarray  # (D, D)
    offset: float  # log-density constants: ½ log det Σ_other − ½ log det Σ_digit − log 10
    threshold: float  # scores below it are "not a digit"
    calibration: Calibration

    @property
    def feature_size(self) -> int:
        return int(self.digit_means.shape[1])

    def to_bytes(self) -> bytes:
        """An .npz archive of plain float64 arrays (no pickles), for the model file."""
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format=np.array(FORMAT),
            digit_means=self.digit_means,
            digit_precision=self.digit_precision,
            other_mean=self.other_mean,
            other_precision=self.other_precision,
            scalars=np.array(
                [
                    self.offset,
                    self.threshold,
                    self.calibration.slope,
                    self.calibration.intercept,
                ]
            ),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> JudgementStats:
        """Read what `to_bytes` wrote; ValueError for anything else, however malformed."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {k: archive[k] for k in archive.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError("not a judgement archive") from exc
        try:
            fmt = int(arrays["format"])
            means, precision = arrays["digit_means"], arrays["digit_precision"]
            other_mean, other_precision = arrays["other_mean"], arrays["other_precision"]
            scalars = arrays["scalars"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError("judgement archive lacks a part") from exc
        if fmt != FORMAT:
            raise ValueError(f"judgement format {fmt} is not {FORMAT}")
        if means.ndim != 2 or means.shape[0] != CLASSES or not 0 < means.shape[1] <= MAX_FEATURES:
            raise ValueError("digit means are not (10, D)")
        d = means.shape[1]
        shapes = {precision.shape, other_precision.shape}
        if shapes != {(d, d)} or other_mean.shape != (d,) or scalars.shape != (4,):
            raise ValueError("judgement arrays do not fit together")
        parts = (means, precision, other_mean, other_precision, scalars)
        if any(p.dtype.kind != "f" or not np.isfinite(p).all() for p in parts):
            raise ValueError("judgement arrays are not finite floats")
        offset, threshold, slope, intercept = (float(v) for v in scalars)
        if slope < 0:
            raise ValueError("calibration slope is negative")
        return cls(
            means.astype(np.float64),
            precision.astype(np.float64),
            other_mean.astype(np.float64),
            other_precision.astype(np.float64),
            offset,
            threshold,
            Calibration(slope, intercept),
        )


@dataclass(frozen=True)
class Verdict:
    """The judgement on one drawing."""

    is_digit: bool
    confidence: float  # calibrated probability that the most likely digit is right
    score: float  # the judge's score; `is_digit` is score >= threshold
    judge: str  # JUDGE_GAUSSIAN or JUDGE_BASELINE


class Judge:
    """Scores drawings for one model; built once per loaded model, then cheap per call.

    Mahalanobis distances are computed as plain distances after whitening:
    with precision P = L Lᵀ, (f − μ)ᵀ P (f − μ) = ‖fL − μL‖². For one drawing
    both whitenings are one product with [L_digit | L_other], and the ten
    digit distances ‖g‖² − 2 g·c_k + ‖c_k‖² one more (10×D) product.
    """

    def __init__(self, stats: JudgementStats | None = None) -> None:
        self.stats = stats
        self.name = JUDGE_GAUSSIAN if stats is not None else JUDGE_BASELINE
        if stats is None:
            self.threshold = BASELINE_THRESHOLD
            self.calibration = Calibration()
            return
        self.threshold = stats.threshold
        self.calibration = stats.calibration
        # Cholesky factors exist for symmetric positive definite precisions only.
        self._digit_l = np.linalg.cholesky(_symmetric(stats.digit_precision))
        self._other_l = np.linalg.cholesky(_symmetric(stats.other_precision))
        self._digit_centres = stats.digit_means @ self._digit_l
        self._other_centre = stats.other_mean @ self._other_l
        self._offset = stats.offset
        # For one drawing at a time (`verdict`): both whitenings in one product.
        self._both_l = np.ascontiguousarray(np.hstack([self._digit_l, self._other_l]))
        self._twice_centres = 2.0 * self._digit_centres
        self._centre_norms = np.sum(self._digit_centres**2, axis=1)

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Judge:
        """The Gaussian judge from stored statistics; the baseline when there are none
        or they are unusable (a damaged archive must not stop the model from predicting)."""
        if data is None:
            return cls()
        try:
            return cls(JudgementStats.from_bytes(data))
        except (ValueError, np.linalg.LinAlgError):
            return cls()

    @property
    def feature_size(self) -> int | None:
        return None if self.stats is None else self.stats.feature_size

    def scores(self, features: np.ndarray | None, probabilities: np.ndarray) -> np.ndarray:
        """Scores (N,) for penultimate activations (N, D) and softmax outputs (N, 10)."""
        if self.stats is None or features is None:
            return np.asarray(probabilities, dtype=np.float64).max(axis=1)
        f = np.asarray(features, dtype=np.float64)
        digit = _squared_distances(f @ self._digit_l, self._digit_centres)  # (N, 10)
        other = np.sum((f @ self._other_l - self._other_centre) ** 2, axis=1)
        low = digit.min(axis=1)
        # log Σ_c exp(-d_c / 2), computed around the nearest class to stay finite
        digit_log = -0.5 * low + np.log(np.exp(-0.5 * (digit - low[:, None])).sum(axis=1))
        return digit_log + 0.5 * other + self._offset

    def verdict(self, features: np.ndarray | None, probabilities: np.ndarray) -> Verdict:
        """The judgement on one drawing: (D,) activations, (10,) probabilities."""
        top = float(np.max(probabilities))
        if self.stats is None or features is None:
            score = top
        else:
            score = self._score_one(np.asarray(features, dtype=np.float64).reshape(-1))
        return Verdict(score >= self.threshold, self.calibration.one(top), score, self.name)

    def _score_one(self, f: np.ndarray) -> float:
        """`scores` for one drawing's (D,) activations, with fewer and larger products."""
        d = self._digit_l.shape[1]
        whitened = f @ self._both_l
        digit_w, other_w = whitened[:d], whitened[d:]
        squared = (digit_w @ digit_w + self._centre_norms) - self._twice_centres @ digit_w
        digit = [max(v, 0.0) for v in squared.tolist()]  # ten numbers: plain floats are faster
        low = min(digit)
        # log Σ_c exp(-d_c / 2), computed around the nearest class to stay finite
        digit_log = -0.5 * low + math.log(sum(math.exp(-0.5 * (v - low)) for v in digit))
        away = other_w - self._other_centre
        return digit_log + 0.5 * float(away @ away) + self._offset


def attachments(stats: JudgementStats | None) -> dict[str, bytes] | None:
    """What rides along in a model file for these statistics (None: nothing)."""
    return None if stats is None else {ATTACHMENT: stats.to_bytes()}


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return (
        np.sum(points**2, axis=1)[:, None]
        - 2.0 * points @ centres.T
        + np.sum(centres**2, axis=1)[None, :]
    ).clip(min=0.0)


def _symmetric(matrix: np.ndarray) -> np.ndarray:
    return 0.5 * (matrix + matrix.T)


def log_density_offset(digit_covariance: np.ndarray, other_covariance: np.ndarray) -> float:
    """½ log det Σ_other − ½ log det Σ_digit − log 10 (the ten classes share the digit prior)."""
    _sign, digit_logdet = np.linalg.slogdet(digit_covariance)
    _sign, other_logdet = np.linalg.slogdet(other_covariance)
    return 0.5 * float(other_logdet) - 0.5 * float(digit_logdet) - math.log(CLASSES)
