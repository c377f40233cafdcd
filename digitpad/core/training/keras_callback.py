"""The Keras callback behind `training.train`: progress out, stop requests in.

Kept apart from `training` because it must subclass a Keras class at import
time; `training` imports it only once it is actually training.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import keras

from digitpad.core.progress import (
    BatchProgress,
    EpochProgress,
    TrainingProgress,
    ValidationProgress,
)


class Cancelled(Exception):
    """Raised inside validation to abandon it at once when a stop is requested."""


class ProgressCallback(keras.callbacks.Callback):
    """Relays Keras' batch/epoch logs as progress dataclasses and turns a stop
    request into `stop_training` (the Keras way: the loop ends after this batch)."""

    def __init__(
        self,
        epochs: int,
        steps: int,
        report: Callable[[TrainingProgress], None],
        should_stop: Callable[[], bool],
        validation_steps: int = 0,
    ) -> None:
        super().__init__()
        self.total_epochs = epochs
        self.steps = steps
        self.validation_steps = validation_steps
        self.report = report
        self.should_stop = should_stop
        self.epoch = 0
        self.step = 0
        self.cancelled = False
        self.epochs: list[EpochProgress] = []

    def _stop_requested(self) -> bool:
        if not self.cancelled and self.should_stop():
            self.cancelled = True
        return self.cancelled

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch = epoch + 1
        self.step = 0
        if self._stop_requested():
            self.model.stop_training = True

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        logs = logs or {}
        self.step = batch + 1
        self.report(
            BatchProgress(
                epoch=self.epoch,
                epochs=self.total_epochs,
                step=self.step,
                steps=self.steps,
                loss=float(logs.get("loss", math.nan)),
                accuracy=float(logs.get("accuracy", math.nan)),
            )
        )
        if self._stop_requested():
            self.model.stop_training = True

    def on_test_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if self._stop_requested():
            raise Cancelled
        if self.validation_steps:
            self.report(ValidationProgress(self.epoch, batch + 1, self.validation_steps))

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        if self.cancelled:
            return
        logs = logs or {}
        item = EpochProgress(
            epoch=self.epoch,
            epochs=self.total_epochs,
            loss=float(logs.get("loss", math.nan)),
            accuracy=float(logs.get("accuracy", math.nan)),
            val_loss=float(logs.get("val_loss", math.nan)),
            val_accuracy=float(logs.get("val_accuracy", math.nan)),
        )
        self.epochs.append(item)
        self.report(item)
