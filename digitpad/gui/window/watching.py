"""Watching it learn, wired into the window: the live reading while it trains, and the
training-time sliders that replay the model in use's run.

`PadReading` decides which network reads the pad; `LiveReader` turns training's newest
weights into one (off the GUI thread), `TrainingTime` a snapshot of the model in use's
run. This object connects them to the window's pieces: the prediction service, the two
docks' sliders, the Train dialog (its runs start and end the live reading, and its
learning view draws the kernels and the drawing's line), the panel's note and the status
bar, which says so when training ends and the pad reads with a settled model again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from digitpad.gui.replay.live_reader import LiveNetwork, LiveReader
from digitpad.gui.replay.pad_reading import PadReading
from digitpad.gui.replay.training_time import TrainingTime

if TYPE_CHECKING:
    from digitpad.core.inference.prediction import Prediction
    from digitpad.core.inference.predictor import Predictor
    from digitpad.gui.jobs.train_dialog import TrainDialog
    from digitpad.gui.pad.prediction_service import PredictionService
    from digitpad.gui.replay.time_slider import TrainingTimeSlider


class Watching(QObject):
    """The live reading and the training-time sliders, for one window."""

    status = Signal(str)  # a line for the status bar

    def __init__(
        self,
        service: PredictionService,
        sliders: Sequence[TrainingTimeSlider],
        model_name: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.reading = PadReading(service, self)
        self.time = TrainingTime(self.reading, self)
        for slider in sliders:
            slider.bind(self.time)
        self.live = LiveReader(self)
        self.live.ready.connect(self._on_live)
        self.reading.settled_again.connect(self._settled_again)
        self._model_name = model_name
        self._dialog: TrainDialog | None = None
        self._steps = 0  # batches in the run read live
        service.predicted.connect(self._on_predicted)

    def set_model(self, predictor: Predictor) -> None:
        """The model in use changed: it reads the pad (unless training does), and the
        sliders offer its run's snapshots."""
        self.reading.settle(predictor)
        self.time.set_model(predictor)

    def note(self, prediction: Prediction | None) -> str | None:
        """The moment of training `prediction` was read at (None: by the model in use)."""
        shown = (
            self.reading.shown
            if prediction is None
            else self.reading.shown_for(self.service.reader)
        )
        return None if shown is None else shown.text()

    # The Train dialog ------------------------------------------------------------------------

    def follow(self, dialog: TrainDialog) -> None:
        """Read the pad live while `dialog`'s runs train (when they are asked to)."""
        self._dialog = dialog
        dialog.job_started.connect(self._started)
        dialog.job_ended.connect(self._ended)

    @Slot()
    def _started(self) -> None:
        job = self._dialog.job if self._dialog is not None else None
        mailbox = getattr(job, "mailbox", None)
        self._steps = 0
        if mailbox is not None:
            self.live.start(mailbox)

    @Slot()
    def _ended(self) -> None:
        self.live.stop()
        self.reading.end_live()

    @Slot(object)
    def _on_live(self, network: LiveNetwork) -> None:
        self.reading.show_live(network.predictor, network.shown)
        learning = self._dialog.learning if self._dialog is not None else None
        if learning is None:
            return
        if network.steps != self._steps:  # the first copy says how long the run is
            self._steps = network.steps
            learning.reset(network.steps)
        learning.show_kernels(network.kernels)

    @Slot(object)
    def _on_predicted(self, prediction: Prediction | None) -> None:
        """Each live reading of the drawing is a point on the Train dialog's line."""
        learning = self._dialog.learning if self._dialog is not None else None
        shown = self.reading.shown_for(self.service.reader)
        if learning is None or not self.reading.live:
            return
        if prediction is None:
            learning.clear_readings()
        elif shown is not None and shown.live:
            learning.add_reading(shown.moment.step, prediction.input, prediction.probabilities)

    @Slot(bool)
    def _settled_again(self, new_model: bool) -> None:
        name = self._model_name()
        if new_model:
            text = self.tr("Training done: the pad now reads with the new model ({name}).")
        else:
            text = self.tr("Training ended: the pad reads with the model in use again ({name}).")
        self.status.emit(text.format(name=name))
