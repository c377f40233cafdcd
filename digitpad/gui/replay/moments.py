"""What a moment of training is called wherever the window shows one: the live mark while it
trains, the training-time slider's label, the note beside the prediction.

One place for these words, so the pad, the docks and the Runs view say the same thing for
the same moment, in the window's language (context "Moments"; each call spells out
`QCoreApplication.translate` with its text, so that lupdate finds it). Epochs and batches
are counted from 1, as the Train dialog counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from digitpad.core.models.snapshots import Moment


@dataclass(frozen=True)
class Shown:
    """A moment the pad is read at: `live` (the network training now) or a snapshot; `final`:
    the model itself (the end of the run); `from_model`: step 0 is a model training started
    from, not random weights."""

    moment: Moment
    live: bool
    final: bool = False
    from_model: bool = False

    def text(self) -> str:
        """ "learning: epoch 1, batch 120 of 469", or "training time: step 120 (…)"."""
        return live_text(self.moment, self.from_model) if self.live else self.snapshot_text()

    def snapshot_text(self) -> str:
        moment = self.moment
        if moment.step == 0:
            if self.from_model:
                return QCoreApplication.translate(
                    "Moments", "training time: step 0, the model training started from"
                )
            return QCoreApplication.translate(
                "Moments", "training time: step 0, the untrained network"
            )
        where = _where(moment)
        if self.final:
            return QCoreApplication.translate(
                "Moments", "training time: step {step}, the trained model ({where})"
            ).format(step=f"{moment.step:,}", where=where)
        return QCoreApplication.translate("Moments", "training time: step {step} ({where})").format(
            step=f"{moment.step:,}", where=where
        )


def _where(moment: Moment) -> str:
    if moment.epoch_end:
        return QCoreApplication.translate("Moments", "the end of epoch {epoch}").format(
            epoch=moment.epoch
        )
    return QCoreApplication.translate(
        "Moments", "epoch {epoch}, batch {batch} of {batches}"
    ).format(epoch=moment.epoch, batch=f"{moment.batch:,}", batches=f"{moment.steps_per_epoch:,}")


def live_text(moment: Moment, from_model: bool = False) -> str:
    """The live mark: "learning: epoch 1, batch 120 of 469"."""
    if moment.step == 0:
        if from_model:
            return QCoreApplication.translate(
                "Moments", "learning: the model it starts from, before its first batch"
            )
        return QCoreApplication.translate(
            "Moments", "learning: the untrained network, before its first batch"
        )
    return QCoreApplication.translate(
        "Moments", "learning: epoch {epoch}, batch {batch} of {batches}"
    ).format(epoch=moment.epoch, batch=f"{moment.batch:,}", batches=f"{moment.steps_per_epoch:,}")
