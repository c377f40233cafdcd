"""A run's curves: loss and accuracy per batch and per epoch, as training reported them.

Recorded from the same progress events the dialog's live curves and the
command line's bar show, and kept inside the model file's record (`"history"`),
so the Runs dialog can overlay runs long after they were trained. Stored
compactly (rounded, at most `MAX_BATCH_POINTS` batches, evenly thinned), and
read back defensively: a record is a file the user may have been handed, so
anything malformed reads as no curves rather than an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from digitpad.core.progress import BatchProgress, EpochProgress

MAX_BATCH_POINTS = 1_500  # a 12-epoch course run has 5,628 batches
MAX_EPOCHS = 1_000
DIGITS = 5  # decimals kept for losses and accuracies

BatchPoint = tuple[float, float, float]  # (x in epochs, loss, accuracy in [0, 1])


@dataclass(frozen=True)
class TrainingHistory:
    """Per-batch running means (x counts epochs: mid-way through epoch 1 is 0.5) and the
    per-epoch figures, validation on the test set included."""

    batches: tuple[BatchPoint, ...] = ()
    epochs: tuple[EpochProgress, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.batches or self.epochs)

    def to_json(self) -> dict[str, Any]:
        """The record stored in the model file (thinned, rounded; NaN as None)."""
        points = thin(self.batches, MAX_BATCH_POINTS)
        return {
            "batches": {
                "x": [_round(p[0], 4) for p in points],
                "loss": [_round(p[1]) for p in points],
                "accuracy": [_round(p[2]) for p in points],
            },
            "epochs": [
                {
                    "epoch": e.epoch,
                    "loss": _round(e.loss),
                    "accuracy": _round(e.accuracy),
                    "val_loss": _round(e.val_loss),
                    "val_accuracy": _round(e.val_accuracy),
                }
                for e in self.epochs[:MAX_EPOCHS]
            ],
        }

    @classmethod
    def from_json(cls, value: Any) -> TrainingHistory:
        """A stored record, or an empty history if it is not one."""
        if not isinstance(value, dict):
            return cls()
        return cls(_batches(value.get("batches")), _epochs(value.get("epochs")))


@dataclass
class HistoryRecorder:
    """Collects the progress events of one run (pass its `add` on with the progress)."""

    batches: list[BatchPoint] = field(default_factory=list)
    epochs: list[EpochProgress] = field(default_factory=list)

    def add(self, event: object) -> None:
        if isinstance(event, BatchProgress):
            x = event.epoch - 1 + event.step / max(1, event.steps)
            self.batches.append((x, event.loss, event.accuracy))
        elif isinstance(event, EpochProgress):
            self.epochs.append(event)

    def history(self) -> TrainingHistory:
        return TrainingHistory(tuple(self.batches), tuple(self.epochs))


def thin(points: tuple[BatchPoint, ...], limit: int) -> tuple[BatchPoint, ...]:
    """At most `limit` points, evenly spread, the last one kept."""
    if len(points) <= limit:
        return points
    step = len(points) / limit
    picked = [points[math.floor(i * step)] for i in range(limit - 1)]
    return (*picked, points[-1])


def _round(value: float, digits: int = DIGITS) -> float | None:
    return round(float(value), digits) if math.isfinite(value) else None


def _number(value: Any) -> float:
    """A stored number (None for NaN, as stored); anything else is not a number either."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def _batches(value: Any) -> tuple[BatchPoint, ...]:
    if not isinstance(value, dict):
        return ()
    xs, losses, accuracies = (value.get(key) for key in ("x", "loss", "accuracy"))
    if not (isinstance(xs, list) and isinstance(losses, list) and isinstance(accuracies, list)):
        return ()
    n = min(len(xs), len(losses), len(accuracies), MAX_BATCH_POINTS)
    points = []
    for i in range(n):
        x = _number(xs[i])
        if math.isfinite(x):
            points.append((x, _number(losses[i]), _number(accuracies[i])))
    return tuple(points)


def _epochs(value: Any) -> tuple[EpochProgress, ...]:
    if not isinstance(value, list):
        return ()
    items = [item for item in value[:MAX_EPOCHS] if isinstance(item, dict)]
    epochs = []
    for item in items:
        epoch = _number(item.get("epoch"))
        if not math.isfinite(epoch) or epoch < 1:
            continue
        epochs.append(
            EpochProgress(
                epoch=int(epoch),
                epochs=len(items),
                loss=_number(item.get("loss")),
                accuracy=_number(item.get("accuracy")),
                val_loss=_number(item.get("val_loss")),
                val_accuracy=_number(item.get("val_accuracy")),
            )
        )
    return tuple(epochs)
