"""The "training time" slider: one notch per snapshot of the model in use's run.

A self-contained widget at the top of the walk-through and of the inside view (and bound to
the one `TrainingTime` controller, so both move together). Dragging it reads the drawing on
the pad with the network as it was at that moment; its label names the step and the epoch.
Where there is nothing to scrub it says why in one sentence: the model keeps no snapshots
(an older run, the bundled model), they cannot be used, or training is running (then the
label is the live mark and the pad follows the training).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import WrappingLabel, as_written, bold
from digitpad.gui.replay.training_time import State
from digitpad.gui.wheel import guard_wheels

if TYPE_CHECKING:
    from digitpad.gui.replay.training_time import TrainingTime


class TrainingTimeSlider(Retranslating, QWidget):
    """ "Training time", a slider over the run's snapshots, and the moment chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_time")
        self.controller: TrainingTime | None = None
        self.title = bold()
        self.title.setObjectName("training_time_title")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("training_time_slider")
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._chosen)
        self.start = QLabel()  # "0" and the last step at the slider's ends
        self.end = QLabel()
        for label in (self.start, self.end):
            label.setObjectName("training_time_end")
        self.label = WrappingLabel()
        self.label.setObjectName("training_time_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # One row for the slider (only while there are snapshots to scrub), one line under it:
        # a dock at 1366×768 and 150 % has little height to spare.
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addWidget(self.start)
        row.addWidget(self.slider, 1)
        row.addWidget(self.end)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.label)
        guard_wheels(self)  # the wheel scrolls the dock until the slider is clicked
        self.title.setBuddy(self.slider)
        self.retranslate()

    def bind(self, controller: TrainingTime) -> None:
        """Show `controller`'s run and choose on it."""
        self.controller = controller
        controller.changed.connect(self.refresh)
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Training &time"))
        self.slider.setAccessibleName(self.tr("Training time"))
        self.slider.setToolTip(
            self.tr(
                "Drag to read your drawing with the network as it was at each snapshot of its "
                "training; the right end is the trained model"
            )
        )
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Show where the controller stands (its snapshots, the one chosen, or why none)."""
        controller = self.controller
        ready = controller is not None and controller.state is State.READY
        live = controller is not None and controller.live
        for widget in (self.title, self.slider, self.start, self.end):
            widget.setVisible(ready and not live)
        self.label.setToolTip("")
        if controller is None or controller.state is State.LOADING:
            self.label.setText(self.tr("Reading the snapshots of this model's training…"))
        elif live:
            shown = controller.reading.shown
            self.label.setText(shown.text() if shown is not None else "")
        elif controller.state is State.NONE:
            self.label.setText(
                self.tr("No training to replay: this model keeps no snapshots of its training.")
            )
            self.label.setToolTip(
                self.tr(
                    "Models trained before digitpad kept snapshots, and the bundled model, have "
                    "none: train a model (Model ▸ Train model…) to replay how it learned."
                )
            )
        elif controller.state is State.REFUSED:
            self.label.setText(
                self.tr("This model's snapshots cannot be used: {reason}.").format(
                    reason=controller.reason.rstrip(".")
                )
            )
            # The file named, as written (a path may hold markup): one whole sentence.
            self.label.setToolTip(as_written(controller.message))
        else:
            self._show_notches(controller)
        self.slider.setAccessibleDescription(self.label.text())

    def _show_notches(self, controller: TrainingTime) -> None:
        replay = controller.replay
        assert replay is not None
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(replay) - 1)
        self.slider.setValue(controller.index)
        self.slider.blockSignals(False)
        self.start.setText("0")
        self.end.setText(f"{replay.moments[-1].step:,}")
        self.start.setToolTip(self.tr("Before training"))
        self.end.setToolTip(
            self.tr("The trained model, after {steps} batches").format(
                steps=f"{replay.moments[-1].step:,}"
            )
        )
        shown = controller.shown()
        self.label.setText(shown.text() if shown is not None else "")

    @Slot(int)
    def _chosen(self, index: int) -> None:
        if self.controller is not None:
            self.controller.choose(index)
