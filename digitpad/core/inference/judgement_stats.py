"""The digit judgement's statistics as a model file carries them: written, read, checked whole.

They ride inside the `.keras` archive (`ATTACHMENT`) as an `.npz` of plain
arrays, no pickles. Format 2 (issue 27) holds:

    format       2
    codes        (k, 2) int: per block of the vector, its statistic and size
                 (`judgement_features`: activations, map means, map maxima)
    centre       (D,)   the fit digits' mean, subtracted first
    scale        (D,)   one factor per block: 1 / its fit digits' root mean variance
    digit_means  (10, D) per digit class, after centre and scale
    digit_factor (D, D)  L with L Lᵀ = the precision the ten classes share
    other_mean   (D,)   non-digits, after centre and scale
    other_factor (D, D)  the same for non-digits
    scalars      (4,)   threshold, doubt, calibration slope, calibration intercept

The factors are the precisions' Cholesky factors: lower-triangular with a
positive diagonal, which is exactly what makes a covariance positive
definite, so that is checked instead of trusted. Format 1 (before issue 27:
the activations alone, symmetric precisions, an offset) is still read, and
becomes the same structure with one block, no centre or scale and no doubt
band.

A model file is a stranger's file too. `from_bytes` reads only the members it
knows, with each size checked from the zip entry and the `.npy` header before
a byte of data is read (`core.npz`), then checks types, shapes, finiteness,
the factors, the calibration and that the whole scores finite numbers. Any
fault is a `StatsError`: the model then predicts, judged by its top bar.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import CLASSES
from digitpad.core.inference.judgement_features import MAX_FEATURES, STATISTICS
from digitpad.core.npz import ArraySpec, NpzError, read_npz

ATTACHMENT = "judgement.npz"  # the statistics' name inside the model file
FORMAT = 2
LEGACY_FORMAT = 1  # the activations alone (before issue 27)
PROBABILITY_FLOOR = 1e-7  # top probabilities are clipped into [floor, 1 - floor] for logit()
MAX_BLOCKS = 64
MAX_MEMBERS = 16  # the archive's entries, known or not (unknown ones are never read)
# No number of a sane fit comes near this (scales and factors are about 0.1–100, scores of
# drawings a few thousand at most), and with it the live float32 arithmetic cannot overflow.
MAX_VALUE = 1e6
_F8 = 8  # bytes per float64


class StatsError(ValueError):
    """Why stored statistics cannot be used: `kind` is "newer" (a later format) or
    "damaged" (anything else)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


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
    """What the judgement of one model needs (`judgement_fit.fit_judgement` fits it)."""

    codes: np.ndarray  # (k, 2) int64: (statistic, size) per block
    centre: np.ndarray  # (D,)
    scale: np.ndarray  # (D,) > 0
    digit_means: np.ndarray  # (10, D)
    digit_factor: np.ndarray  # (D, D) lower-triangular, positive diagonal
    other_mean: np.ndarray  # (D,)
    other_factor: np.ndarray  # (D, D)
    threshold: float  # scores below it are "not a digit"
    doubt: float  # scores in [threshold, doubt) are digits the judgement doubts
    calibration: Calibration
    format: int = FORMAT  # LEGACY_FORMAT when read from the old form

    @property
    def feature_size(self) -> int:
        return int(self.digit_means.shape[1])

    @property
    def offset(self) -> float:
        """½ log det Σ_other − ½ log det Σ_digit − log 10, from the factors' diagonals."""
        digit = float(np.sum(np.log(np.diag(self.digit_factor))))
        other = float(np.sum(np.log(np.diag(self.other_factor))))
        return digit - other - math.log(CLASSES)

    def to_bytes(self) -> bytes:
        """An .npz archive of plain arrays (no pickles), for the model file (format 2)."""
        buffer = io.BytesIO()
        c = self.calibration
        np.savez_compressed(
            buffer,
            format=np.array(FORMAT, dtype=np.int64),
            codes=np.asarray(self.codes, dtype=np.int64),
            centre=self.centre,
            scale=self.scale,
            digit_means=self.digit_means,
            digit_factor=self.digit_factor,
            other_mean=self.other_mean,
            other_factor=self.other_factor,
            scalars=np.array([self.threshold, self.doubt, c.slope, c.intercept]),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> JudgementStats:
        """Read and check what `to_bytes` wrote (or format 1); StatsError for anything else.

        The checks below are meant to catch every fault by name; a fault they miss still
        ends here as "damaged", never as a traceback on predict or explain."""
        try:
            return _from_bytes(data)
        except StatsError:
            raise
        except (ValueError, TypeError, IndexError) as exc:
            raise StatsError("damaged", f"unreadable: {type(exc).__name__}") from None


def _from_bytes(data: bytes) -> JudgementStats:
    """`JudgementStats.from_bytes` without its last guard."""
    fmt = _read(data, {"format": ArraySpec("iu", (), _F8)})["format"]
    version = int(fmt)
    if version == FORMAT:
        stats = _format_2(data)
    elif version == LEGACY_FORMAT:
        stats = _format_1(data)
    elif version > FORMAT:
        raise StatsError("newer", f"format {version}")
    else:
        raise StatsError("damaged", f"format {version}")
    check(stats)
    return stats


def _read(data: bytes, specs: dict[str, ArraySpec]) -> dict[str, np.ndarray]:
    try:
        return read_npz(io.BytesIO(data), specs, max_members=MAX_MEMBERS)
    except NpzError as exc:
        raise StatsError("damaged", f"{exc.kind} {exc.name}") from None


def _floats(shape: tuple[int | None, ...], values: int) -> ArraySpec:
    return ArraySpec("f", shape, values * _F8)


def _scalars(values: np.ndarray) -> tuple[float, float, float, float]:
    """The four scalars: their spec only bounds the size, exactly four are needed."""
    if values.shape != (4,):
        raise StatsError("damaged", f"scalars are {values.shape}, not (4,)")
    a, b, c, d = (float(v) for v in values)
    return a, b, c, d


def _format_2(data: bytes) -> JudgementStats:
    d = MAX_FEATURES
    a = _read(
        data,
        {
            "format": ArraySpec("iu", (), _F8),
            "codes": ArraySpec("iu", (MAX_BLOCKS, 2), MAX_BLOCKS * 2 * _F8),
            "centre": _floats((d,), d),
            "scale": _floats((d,), d),
            "digit_means": _floats((CLASSES, d), CLASSES * d),
            "digit_factor": _floats((d, d), d * d),
            "other_mean": _floats((d,), d),
            "other_factor": _floats((d, d), d * d),
            "scalars": _floats((4,), 4),
        },
    )
    threshold, doubt, slope, intercept = _scalars(a["scalars"])
    f = {k: v.astype(np.float64) for k, v in a.items() if v.dtype.kind == "f"}
    return JudgementStats(
        a["codes"].astype(np.int64),
        f["centre"],
        f["scale"],
        f["digit_means"],
        f["digit_factor"],
        f["other_mean"],
        f["other_factor"],
        threshold,
        doubt,
        Calibration(slope, intercept),
    )


def _format_1(data: bytes) -> JudgementStats:
    """The old form: one block of activations, symmetric precisions (factored here)."""
    d = MAX_FEATURES
    a = _read(
        data,
        {
            "format": ArraySpec("iu", (), _F8),
            "digit_means": _floats((CLASSES, d), CLASSES * d),
            "digit_precision": _floats((d, d), d * d),
            "other_mean": _floats((d,), d),
            "other_precision": _floats((d, d), d * d),
            "scalars": _floats((4,), 4),
        },
    )
    size = a["digit_means"].shape[1]
    _offset, threshold, slope, intercept = _scalars(a["scalars"])
    factors = []
    for name in ("digit_precision", "other_precision"):
        p = a[name].astype(np.float64)
        if p.shape != (size, size) or not np.isfinite(p).all():
            raise StatsError("damaged", f"{name} does not fit")
        try:
            factors.append(np.linalg.cholesky(0.5 * (p + p.T)))
        except np.linalg.LinAlgError:
            raise StatsError("damaged", f"{name} is not positive definite") from None
    return JudgementStats(
        np.array([[STATISTICS[0], size]], dtype=np.int64),
        np.zeros(size),
        np.ones(size),
        a["digit_means"].astype(np.float64),
        factors[0],
        a["other_mean"].astype(np.float64),
        factors[1],
        threshold,
        threshold,  # no doubt band in the old form
        Calibration(slope, intercept),
        LEGACY_FORMAT,
    )


def check(stats: JudgementStats) -> None:
    """StatsError unless the statistics fit together: known block codes, shapes, finite
    numbers of a sane size, Cholesky factors, a rising calibration, the doubt band above
    the threshold. (That the whole scores finite numbers, `judgement.Judge` checks.)"""
    codes = stats.codes
    if codes.ndim != 2 or codes.shape[1] != 2 or not 1 <= len(codes) <= MAX_BLOCKS:
        raise StatsError("damaged", "codes are not (k, 2)")
    if codes[0, 0] != STATISTICS[0] or not np.isin(codes[:, 0], STATISTICS).all():
        raise StatsError("damaged", "unknown statistics")
    if (codes[:, 1] < 1).any() or int(codes[:, 1].sum()) > MAX_FEATURES:
        raise StatsError("damaged", "block sizes")
    d = int(codes[:, 1].sum())
    shapes = {
        "centre": (stats.centre, (d,)),
        "scale": (stats.scale, (d,)),
        "digit_means": (stats.digit_means, (CLASSES, d)),
        "digit_factor": (stats.digit_factor, (d, d)),
        "other_mean": (stats.other_mean, (d,)),
        "other_factor": (stats.other_factor, (d, d)),
    }
    for name, (array, shape) in shapes.items():
        if array.shape != shape:
            raise StatsError("damaged", f"{name} is {array.shape}, not {shape}")
        if not np.isfinite(array).all() or np.abs(array).max(initial=0.0) > MAX_VALUE:
            raise StatsError("damaged", f"{name} is not finite")
    if not (stats.scale > 1.0 / MAX_VALUE).all():
        raise StatsError("damaged", "scale is not positive")
    for name in ("digit_factor", "other_factor"):
        factor = getattr(stats, name)
        diagonal = np.diag(factor)
        if np.triu(factor, 1).any() or not (diagonal > 1.0 / MAX_VALUE).all():
            raise StatsError("damaged", f"{name} is not a Cholesky factor")
    numbers = (stats.threshold, stats.doubt, stats.calibration.slope, stats.calibration.intercept)
    if not all(math.isfinite(v) and abs(v) <= MAX_VALUE for v in numbers):
        raise StatsError("damaged", "scalars are not finite")
    if stats.doubt < stats.threshold or stats.calibration.slope < 0:
        raise StatsError("damaged", "doubt below the threshold, or a falling calibration")
