"""Is this a digit at all, and how likely is the named digit right?

A softmax always names a digit, even for a dot, a letter or a doodle. The
judgement asks the network's own layers whether the drawing looks to them
like the digits they were trained on. It reads one vector per drawing from
the same forward pass as the prediction (`judgement_features`): the
activations that feed the output layer, then each convolution's and pooling
layer's mean per feature map and the last convolution's largest value per
map (their square roots: means of ReLU maps are skewed), each block scaled
by how much digits vary in it. Two Gaussian models of that vector are
compared: ten digit classes sharing one covariance (fitted on MNIST training
images and mouse-style redrawings of them) against one Gaussian of
non-digits (a bundled bank of letters of many scripts, symbols, doodles and
marks, all drawn like mouse strokes). The score is their log-likelihood
ratio; below the threshold (fitted so that 99 % of held-out digits pass) a
drawing is "not a digit". The network's layers are unchanged; the statistics
ride along in the model file (`judgement_stats`) and are refitted whenever a
model is trained.

The confidence shown is the probability that the named digit is right: a
monotone function (Platt scaling) of the top softmax probability, fitted on
held-out digits, and then held below what the judgement allows. Never above
99 % (a reading is never certain), at most 90 % for a drawing in the doubt
band (accepted, but less digit-like than 95 % of held-out MNIST digits), at
most 50 % for one judged not a digit.

A model without statistics is judged by its largest softmax value against a
fixed threshold (`BASELINE_THRESHOLD`) and shows that value as its confidence.
NumPy only: this runs on every stroke, in float32 there (`verdict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from digitpad.core.inference.judgement_stats import (
    ATTACHMENT,
    Calibration,
    JudgementStats,
    StatsError,
)

JUDGE_GAUSSIAN = "gaussian"
JUDGE_BASELINE = "baseline"
# The largest softmax value that keeps 98 % of held-out mouse-style redrawings of MNIST
# training digits for the bundled model (0.78; measured with benchmarks/not_a_digit.py).
BASELINE_THRESHOLD = 0.78
SHOWN_AT_MOST = 0.99  # no reading is certain
DOUBT_AT_MOST = 0.9  # a drawing the judgement accepts but doubts
REJECTED_AT_MOST = 0.5  # a drawing the judgement turns away


@dataclass(frozen=True)
class Verdict:
    """The judgement on one drawing."""

    is_digit: bool
    confidence: float  # the probability that the most likely digit is right, as shown
    score: float  # the judge's score; `is_digit` is score >= threshold
    judge: str  # JUDGE_GAUSSIAN or JUDGE_BASELINE
    doubtful: bool = False  # accepted, but in the doubt band (confidence at most 90 %)


def signed_roots(values: np.ndarray) -> np.ndarray:
    """sign(x)·√|x|: the maps' statistics on a scale where a Gaussian fits them."""
    return np.copysign(np.sqrt(np.abs(values)), values)


class Judge:
    """Scores drawings for one model; built once per loaded model, then cheap per call.

    The centre and the scales are folded into the whitening: with precision
    P = L Lᵀ, (f − μ)ᵀ P (f − μ) = ‖f A − c‖², A = diag(scale) L. For one
    drawing both whitenings (digits and non-digits) are one float32 product
    with [A_digit | A_other]ᵀ (rows contiguous: BLAS's faster way round), and
    the ten digit distances ‖w‖² − 2 w·c_k + ‖c_k‖² one product with the ten
    centres.
    Raises StatsError when the statistics, though well formed, do not score
    finite numbers.
    """

    def __init__(self, stats: JudgementStats | None = None) -> None:
        self.stats = stats
        self.name = JUDGE_GAUSSIAN if stats is not None else JUDGE_BASELINE
        if stats is None:
            self.threshold = BASELINE_THRESHOLD
            self.doubt = BASELINE_THRESHOLD
            self.calibration = Calibration()
            return
        self.threshold = stats.threshold
        self.doubt = stats.doubt
        self.calibration = stats.calibration
        d = stats.feature_size
        self._size = d
        self._activations = int(stats.codes[0, 1])  # the rest are the maps' statistics
        both = np.hstack([stats.digit_factor, stats.other_factor])  # (D, 2D)
        self._both = stats.scale[:, None] * both
        shift = (stats.centre * stats.scale) @ both
        self._digit_centres = stats.digit_means @ stats.digit_factor + shift[:d]
        self._other_centre = stats.other_mean @ stats.other_factor + shift[d:]
        self._offset = stats.offset
        # The live path's copies: float32 halves the bytes each drawing reads.
        self._both32 = np.ascontiguousarray(self._both.T, dtype=np.float32)  # (2D, D)
        self._twice32 = (2.0 * self._digit_centres).astype(np.float32)
        self._norms = np.sum(self._digit_centres**2, axis=1).tolist()
        self._other32 = self._other_centre.astype(np.float32)
        self._probe()

    def _probe(self) -> None:
        """StatsError unless every part of the judge is finite in float32 and the statistics'
        own centres score finite numbers both ways."""
        parts = (self._both32, self._twice32, self._other32)
        if not all(np.isfinite(p).all() for p in parts) or not math.isfinite(self._offset):
            raise StatsError("damaged", "the whitening overflows")
        stats = self.stats
        assert stats is not None
        centres = np.vstack([stats.digit_means, stats.other_mean[None]])
        raw = stats.centre + centres / stats.scale  # back from the scaled space
        raw[:, self._activations :] = np.square(raw[:, self._activations :]) * np.sign(
            raw[:, self._activations :]
        )
        scores = self.scores(raw, np.full((len(raw), 10), 0.1))
        live = [self._score_one(row.astype(np.float32)) for row in raw]
        if not (np.isfinite(scores).all() and np.isfinite(live).all()):
            raise StatsError("damaged", "scores are not finite")

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Judge:
        """The Gaussian judge from stored statistics; the baseline when there are none
        or they are unusable (damaged statistics must not stop the model from predicting)."""
        if data is None:
            return cls()
        try:
            return cls(JudgementStats.from_bytes(data))
        except StatsError:
            return cls()

    @property
    def feature_size(self) -> int | None:
        return None if self.stats is None else self.stats.feature_size

    def _prepared(self, features: np.ndarray) -> np.ndarray:
        """The stored blocks of `features` (N, ≥ D), the maps' statistics as signed roots."""
        f = np.array(features[:, : self._size], dtype=np.float64)
        f[:, self._activations :] = signed_roots(f[:, self._activations :])
        return f

    def scores(self, features: np.ndarray | None, probabilities: np.ndarray) -> np.ndarray:
        """Scores (N,) for the judgement's vectors (N, D) and softmax outputs (N, 10)."""
        if self.stats is None or features is None:
            return np.asarray(probabilities, dtype=np.float64).max(axis=1)
        w = self._prepared(np.asarray(features)) @ self._both
        d = self._size
        digit = np.stack(
            [np.sum((w[:, :d] - c) ** 2, axis=1) for c in self._digit_centres], axis=1
        )  # (N, 10)
        other = np.sum((w[:, d:] - self._other_centre) ** 2, axis=1)
        low = digit.min(axis=1)
        # log Σ_c exp(-d_c / 2), computed around the nearest class to stay finite
        digit_log = -0.5 * low + np.log(np.exp(-0.5 * (digit - low[:, None])).sum(axis=1))
        return digit_log + 0.5 * other + self._offset

    def confidence(self, top: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """The confidence shown (N,) for top probabilities (N,) and the judge's scores (N,)."""
        shown = self.calibration(top)
        if self.stats is None:
            return shown
        limit = np.where(
            scores < self.threshold,
            REJECTED_AT_MOST,
            np.where(scores < self.doubt, DOUBT_AT_MOST, SHOWN_AT_MOST),
        )
        return np.minimum(shown, limit)

    def verdict(self, features: np.ndarray | None, probabilities: np.ndarray) -> Verdict:
        """The judgement on one drawing: its vector (D,), its (10,) probabilities."""
        top = float(np.max(probabilities))
        if self.stats is None or features is None:
            return Verdict(top >= self.threshold, self.calibration.one(top), top, self.name)
        score = self._score_one(np.asarray(features, dtype=np.float32).reshape(-1))
        shown = self.calibration.one(top)
        if score < self.threshold:
            shown = min(shown, REJECTED_AT_MOST)
        elif score < self.doubt:
            shown = min(shown, DOUBT_AT_MOST)
        return Verdict(
            score >= self.threshold,
            min(shown, SHOWN_AT_MOST),
            score,
            self.name,
            self.threshold <= score < self.doubt,
        )

    def _score_one(self, f: np.ndarray) -> float:
        """`scores` for one drawing, in float32 with fewer, larger products."""
        a, d = self._activations, self._size
        f = np.concatenate([f[:a], signed_roots(f[a:d])])
        whitened = self._both32 @ f
        digit_w = whitened[:d]
        length = float(digit_w @ digit_w)
        cross = (self._twice32 @ digit_w).tolist()  # ten numbers: plain floats are faster
        squared = [max(length + n - c, 0.0) for n, c in zip(self._norms, cross, strict=True)]
        low = min(squared)
        # log Σ_c exp(-d_c / 2), computed around the nearest class to stay finite
        digit_log = -0.5 * low + math.log(sum(math.exp(-0.5 * (v - low)) for v in squared))
        away = whitened[d:] - self._other32
        return digit_log + 0.5 * float(away @ away) + self._offset


def attachments(stats: JudgementStats | None) -> dict[str, bytes] | None:
    """What rides along in a model file for these statistics (None: nothing)."""
    return None if stats is None else {ATTACHMENT: stats.to_bytes()}
