"""The Keras callback that copies the network's weights as it trains: the run's snapshots
(`recording.Recorder`) and the window's live reading (`live.Mailbox`).

Kept apart from `train` because it subclasses a Keras class at import time; `train`
imports it only once it is training. Both copies are made on the training thread at a
batch end (before any batch for step 0), layer by layer in the order of the network's
config (`models.architecture`), which is the order a model file keeps them in.
"""

from __future__ import annotations

import json
from typing import Any

import keras
import numpy as np

from digitpad.core.models.architecture import Architecture, read_architecture
from digitpad.core.models.snapshots import Moment
from digitpad.core.training.live import LiveWeights, Mailbox
from digitpad.core.training.recording import Recorder


def architecture_of(model: keras.Model) -> Architecture | None:
    """The network's layers as its model file would describe them (None: not one chain of
    kinds digitpad lays out, so it is neither replayed nor read live)."""
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model), default=_plain))
    return read_architecture(config)


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else str(value)


class WeightsCallback(keras.callbacks.Callback):
    """At step 0 and batch ends: the planned snapshots into `recorder`, and a copy into
    `mailbox` whenever it is due (and always after the last batch)."""

    def __init__(
        self,
        architecture: Architecture,
        steps_per_epoch: int,
        epochs: int,
        recorder: Recorder | None = None,
        mailbox: Mailbox | None = None,
        from_model: bool = False,
    ) -> None:
        super().__init__()
        self.architecture = architecture
        self.infos = architecture.infos
        self.steps_per_epoch = steps_per_epoch
        self.total = epochs * steps_per_epoch
        self.recorder = recorder
        self.mailbox = mailbox
        self.from_model = from_model  # training started from a model, not random weights
        self.epoch = 0  # 0-based, as Keras counts
        self.step = 0  # batches seen in the whole run

    def _copy(self) -> dict[str, tuple[np.ndarray, ...]]:
        """Each layer's arrays (copies), by name."""
        return {
            info.name: tuple(np.asarray(w) for w in self.model.get_layer(info.name).get_weights())
            for info in self.infos
        }

    def _moment(self, step: int) -> None:
        record = self.recorder is not None and self.recorder.wants(step)
        mailbox = self.mailbox
        live = mailbox is not None and (mailbox.due() or step == self.total)
        if not (record or live):
            return
        weights = self._copy()
        if record and self.recorder is not None:
            arrays = [a for info in self.infos for a in weights[info.name]]
            self.recorder.keep(step, arrays)
        if live and mailbox is not None:
            moment = Moment(step, self.steps_per_epoch)
            item = LiveWeights(moment, self.total, self.infos, weights, self.from_model)
            mailbox.put(item)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._moment(0)

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        self.epoch = epoch

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        self.step = self.epoch * self.steps_per_epoch + batch + 1
        self._moment(self.step)
