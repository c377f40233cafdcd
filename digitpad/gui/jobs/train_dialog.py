"""Train model…: the network's code, hyperparameters, MNIST source, progress with ETA, live
curves, Cancel.

The dialog is modeless and outlives its runs: closing it hides it while
training continues (the status bar keeps reporting); only Cancel stops a run.
Training itself happens in a `TrainingJob` on a worker thread with its own
model object; the dialog only relays settings in and progress out. Progress,
ETA, Cancel and errors are `JobDialog`'s, shared with Fine-tune and Evaluate.
The Network section (the course's `model.add(...)` lines, presets, the layer
table as the student types) is `network_editor.NetworkEditor`'s, the MNIST
data section `data_source_box.DataSourceBox`'s; every run records its network,
name and curves inside the model it saves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.configs import TrainConfig
from digitpad.core.files import shown
from digitpad.core.i18n import percent, progress_percent
from digitpad.core.network.presets import Preset
from digitpad.core.progress import BatchProgress, EpochProgress, PreparingProgress
from digitpad.gui.adaptive import VerticalScrollArea
from digitpad.gui.backend import Backend
from digitpad.gui.jobs.data_source_box import DataSourceBox
from digitpad.gui.jobs.job_dialog import JobDialog, format_duration
from digitpad.gui.jobs.network_editor import NetworkEditor
from digitpad.gui.jobs.outcomes import TrainOutcome
from digitpad.gui.jobs.start_box import StartBox
from digitpad.gui.jobs.training_curves import TrainingCurves
from digitpad.gui.jobs.workers import TrainingJob
from digitpad.gui.labels import as_written, plain
from digitpad.gui.replay.learning_view import LearningView
from digitpad.gui.settings import Settings
from digitpad.gui.zoom import px

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor

DEFAULTS = TrainConfig()  # the course's hyperparameters: the dialog starts with them


class TrainDialog(JobDialog):
    """Configure and watch one training run at a time."""

    model_trained = Signal(object)  # TrainOutcome, on success

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        backend: Backend | None = None,
        in_use: Callable[[], Predictor | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend or Backend()
        self._in_use = in_use or (lambda: None)  # the model a run may continue from
        self.setObjectName("train_dialog")
        self.setModal(False)
        self.resize(px(1000), px(900))  # at the zoom in effect; no larger than the screen
        self._settings = settings
        self.job: TrainingJob | None = None
        self._batch_points: list[tuple[float, float, float]] = []
        self._first_batch = False  # a run started and its first batch has not come yet
        self._scrolled_to: int | None = None  # where `_show_progress` left the sections
        self._epoch_points: list[EpochProgress] = []
        self._last_epoch: EpochProgress | None = None  # its line is re-set on a language switch
        self._outcome: TrainOutcome | None = None  # the last run's, if it succeeded

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start_box = StartBox(self._in_use)  # fresh weights or the model in use; live
        self.start_box.changed.connect(lambda: self._set_running(self._running))
        layout.addWidget(self.start_box)
        self.network_editor = NetworkEditor()  # the Network section, all in its own module
        self.network_editor.preset_chosen.connect(self._apply_preset)
        layout.addWidget(self.network_editor, 1)
        layout.addWidget(self._build_hyperparameters())
        self.data_box = DataSourceBox()  # where MNIST is read from
        layout.addWidget(self.data_box)
        layout.addWidget(self._build_progress(), 1)
        # The sections scroll on a short screen (a projector's 768 px): the buttons stay.
        self.body_scroll = VerticalScrollArea(body)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.addWidget(self.body_scroll, 1)
        outer.addLayout(self._build_buttons())
        self._set_running(False)
        self.retranslate()

    # Building ------------------------------------------------------------------------------

    def _build_hyperparameters(self) -> QGroupBox:
        box = QGroupBox()
        form = QFormLayout(box)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, 200)
        self.epochs.setValue(DEFAULTS.epochs)
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batch_size")
        self.batch_size.setRange(1, 8192)
        self.batch_size.setValue(DEFAULTS.batch_size)
        # Training's memory depends on the batch: the Network section counts it as it changes.
        self.batch_size.valueChanged.connect(self.network_editor.set_batch_size)
        self._optimizer = QLabel("Adadelta")
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setObjectName("learning_rate")
        self.learning_rate.setDecimals(4)
        self.learning_rate.setRange(0.0001, 10.0)
        self.learning_rate.setSingleStep(0.1)
        self.learning_rate.setValue(DEFAULTS.learning_rate)
        self.schedule = QComboBox()
        self.schedule.setObjectName("schedule")
        self.schedule.addItem("", "constant")  # texts: retranslate
        self.schedule.addItem("", "cosine")
        self.schedule.setCurrentIndex(self.schedule.findData(DEFAULTS.schedule))
        self.augment = QCheckBox()
        self.augment.setObjectName("augment")
        self.augment.setChecked(DEFAULTS.augment)
        fields = (self.epochs, self.batch_size, self._optimizer, self.learning_rate)
        for field in (*fields, self.schedule, self.augment):
            label = QLabel()  # its text: retranslate
            label.setBuddy(field)
            form.addRow(label, field)
        self._form = form
        self._form_box = box
        return box

    def _build_progress(self) -> QGroupBox:
        box = QGroupBox()
        layout = QVBoxLayout(box)
        self.stage_label.setObjectName("train_stage")
        self.progress_bar.setObjectName("train_progress")
        self.metrics_label = QLabel("")
        self.metrics_label.setObjectName("train_metrics")
        self.curves = TrainingCurves()
        self.learning = LearningView()  # the kernels and the drawing's line, live
        self.result_label = plain(QLabel(""))  # names the new file
        self.result_label.setObjectName("train_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.metrics_label)
        layout.addWidget(self.curves, 1)
        layout.addWidget(self.learning)
        layout.addWidget(self.result_label)
        self._progress_box = box
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.train_button = self.start_button
        self.train_button.setObjectName("train_button")
        self.cancel_button.setObjectName("cancel_button")
        self.close_button = QPushButton()
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.train_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.close_button)
        return row

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Train the network"))
        self._form_box.setTitle(self.tr("Hyperparameters (the course's defaults)"))
        self.epochs.setToolTip(
            self.tr("Passes over the 60,000 training images (one takes about a minute)")
        )
        self.batch_size.setToolTip(self.tr("Images per gradient step"))
        self._optimizer.setToolTip(
            self.tr("The course's optimizer, with categorical cross-entropy loss")
        )
        self.learning_rate.setToolTip(
            self.tr(
                "1.0 as in the course (then Keras' default); Keras 3's default of 0.001 "
                "barely learns in one epoch"
            )
        )
        self.schedule.setItemText(0, self.tr("constant"))
        self.schedule.setItemText(1, self.tr("cosine decay"))
        self.augment.setText(self.tr("Random shifts, rotations, zoom and stroke width"))
        self.augment.setToolTip(self.tr("Slower, but more robust to digits drawn with a mouse"))
        rows = {
            self.epochs: self.tr("Epochs:"),
            self.batch_size: self.tr("Batch size:"),
            self._optimizer: self.tr("Optimizer:"),
            self.learning_rate: self.tr("Learning rate:"),
            self.schedule: self.tr("Schedule:"),
            self.augment: self.tr("Augmentation:"),
        }
        for field, text in rows.items():
            label = self._form.labelForField(field)
            assert isinstance(label, QLabel)
            label.setText(text)
        self._progress_box.setTitle(self.tr("Progress"))
        self._retranslate_state()
        self.train_button.setText(self.tr("Train"))
        self.cancel_button.setText(self.tr("Cancel training"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Hide this dialog; a running training continues"))

    # Settings --------------------------------------------------------------------------------

    @Slot(object)
    def _apply_preset(self, preset: Preset) -> None:
        """A preset brings its hyperparameters (the old Keras example: 12 epochs)."""
        self.epochs.setValue(preset.config().epochs)

    def data_source(self) -> str | None:
        """The MNIST source to load: a path, or None for $DIGITPAD_MNIST / the Keras cache."""
        return self.data_box.source()

    def config(self) -> TrainConfig:
        return TrainConfig(
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            learning_rate=self.learning_rate.value(),
            augment=self.augment.isChecked(),
            schedule=self.schedule.currentData(),
        )

    # Running -------------------------------------------------------------------------------

    def busy_note(self) -> str:
        return self.tr("Training is running: fine-tune when it has finished.")

    def closing_note(self) -> str:
        return self.tr("Stopping the training before closing…")

    def start(self) -> None:
        """Start a run with the dialog's settings."""
        if self.is_running():
            return
        if self.data_box.path_missing():
            self._warn(self.tr("Choose a folder or file with MNIST, or use the Keras cache."))
            return
        try:
            config = self.config()
        except ValueError as exc:
            self._warn(self.tr("Invalid setting: {reason}.").format(reason=exc))
            return
        start_from = self._in_use() if self.start_box.continues() else None
        network = None
        if start_from is None:
            network = self.network_editor.network()
            if network is None:
                self._warn("\n".join(p.message for p in self.network_editor.problems))
                return
        self.data_box.remember()

        self._batch_points.clear()
        self._epoch_points.clear()
        self._last_epoch = None
        self._outcome = None
        self.curves.reset(config.epochs)
        self.metrics_label.setText("")
        self.result_label.setText("")
        self.learning.reset(1)
        self.learning.setVisible(self.start_box.reads_live())
        job = TrainingJob(
            config,
            self.data_source(),
            self.backend,
            parent=self,
            network=network,
            name=self.network_editor.run_name(),
            start_from=start_from,
            live=self.start_box.reads_live(),
        )
        self._start_job(job)
        # A short screen scrolls: show the progress, curves and kernels now, and again at the
        # first batch (the layout has settled) unless the user has scrolled meanwhile.
        self._scrolled_to, self._first_batch = None, True
        QTimer.singleShot(0, self, self._show_progress)

    def _show_progress(self) -> None:
        bar = self.body_scroll.verticalScrollBar()
        if self._scrolled_to is not None and bar.value() != self._scrolled_to:
            return  # the user scrolled elsewhere: leave them there
        self.body_scroll.ensureWidgetVisible(self._progress_box)
        if self.learning.isVisible():
            self.body_scroll.ensureWidgetVisible(self.learning)  # as little further as it takes
        self._scrolled_to = bar.value()

    def _inputs(self) -> list[QWidget]:
        return [self.start_box, self.network_editor, self._form_box, self.data_box]

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)  # the Network section is the model's own when continuing
        self.network_editor.setEnabled(not running and not self.start_box.continues())

    def showEvent(self, event: QShowEvent) -> None:
        self.start_box.refresh()  # the model a run may continue from (and on each change)
        super().showEvent(event)

    # Progress --------------------------------------------------------------------------------

    def _epoch_began(self, event: BatchProgress) -> None:
        self._show_stage(
            lambda: self.tr("Training: epoch {epoch} of {epochs}").format(
                epoch=event.epoch, epochs=event.epochs
            )
        )

    @Slot(object)
    def _on_progress(self, event: object) -> None:
        super()._on_progress(event)
        if isinstance(event, BatchProgress):
            if self._first_batch:
                self._first_batch = False
                QTimer.singleShot(0, self, self._show_progress)  # see `start`
            x = event.epoch - 1 + event.step / event.steps
            self._batch_points.append((x, event.loss, event.accuracy))

    def _on_event(self, event: object) -> None:
        if isinstance(event, EpochProgress):
            self._epoch_points.append(event)
        elif isinstance(event, PreparingProgress):
            self._show_stage(
                lambda: self.tr("Preparing augmented digits: {done} of {total}").format(
                    done=f"{event.done:,}", total=f"{event.total:,}"
                )
            )

    @Slot()
    def _flush_progress(self) -> None:
        """Apply the progress gathered since the last refresh (called by a timer)."""
        if self._batch_points:
            self.curves.add_training(self._batch_points)
            self._batch_points.clear()
        for epoch in self._epoch_points:
            self.curves.add_validation(epoch.epoch, epoch.val_loss, epoch.val_accuracy)
            self._last_epoch = epoch
            self._show_epoch_result(epoch)
        self._epoch_points.clear()
        super()._flush_progress()

    def _show_epoch_result(self, epoch: EpochProgress) -> None:
        self.result_label.setText(
            self.tr(
                "After epoch {epoch}: validation loss {loss}, validation accuracy {percent}"
            ).format(
                epoch=epoch.epoch,
                loss=f"{epoch.val_loss:.4f}",
                percent=percent(epoch.val_accuracy, 2),
            )
        )

    def _show_figures(self, event: BatchProgress, eta: str) -> None:
        accuracy = percent(event.accuracy) if math.isfinite(event.accuracy) else "–"
        self.metrics_label.setText(
            self.tr(
                "Epoch {epoch}/{epochs} · batch {step}/{steps} · loss {loss} · accuracy {accuracy}"
            ).format(
                epoch=event.epoch,
                epochs=event.epochs,
                step=event.step,
                steps=event.steps,
                loss=f"{event.loss:.4f}",
                accuracy=accuracy,
            )
            + eta
        )

    def _show_batch(self, event: BatchProgress, done: int, total: int, eta: str) -> None:
        done_share = progress_percent(done, total)
        self.status.emit(self.tr("Training: {percent}").format(percent=done_share) + eta)

    def _test_accuracy(self, outcome: TrainOutcome) -> str:
        accuracy = outcome.result.test_accuracy
        return percent(accuracy, 2) if accuracy is not None else self.tr("unknown")

    def _show_idle(self) -> None:
        self.stage_label.setText(self.tr("Press Train to start."))

    def _show_ended(self, how: str) -> None:
        if how == "succeeded" and self._outcome is not None:
            outcome = self._outcome
            self.stage_label.setText(self.tr("Done: the new model is in use."))
            took = max(self.took or 0.0, outcome.result.seconds)  # the whole job, not only fit()
            self.result_label.setText(
                self.tr(
                    "Test accuracy {accuracy} after %n epoch(s): {total} in all, {training} of "
                    "it training. Saved as {name} in your digitpad folder and now in use.",
                    "",
                    outcome.result.config.epochs,
                ).format(
                    accuracy=self._test_accuracy(outcome),
                    total=format_duration(took),
                    training=format_duration(outcome.result.seconds),
                    name=shown(outcome.path.name),
                )
            )
            return
        if how == "cancelled":
            self.stage_label.setText(self.tr("Cancelled. The model in use has not changed."))
        elif how == "failed":
            self.stage_label.setText(self.tr("Training failed. The model in use has not changed."))
        if self._last_epoch is not None:  # the last epoch's figures stay below
            self._show_epoch_result(self._last_epoch)

    def _on_succeeded(self, outcome: object) -> None:
        assert isinstance(outcome, TrainOutcome)
        self._outcome = outcome
        self._show_ended("succeeded")
        self.result_label.setToolTip(as_written(str(outcome.path)))
        self.status.emit(
            self.tr("Training done: test accuracy {accuracy}; the new model is in use.").format(
                accuracy=self._test_accuracy(outcome)
            )
        )
        self.model_trained.emit(outcome)

    def _on_cancelled(self) -> None:
        self._show_ended("cancelled")
        self.status.emit(self.tr("Training cancelled; the model in use has not changed."))

    def _on_failed(self, message: str) -> None:
        self._show_ended("failed")
        self.status.emit(self.tr("Training failed; the model in use has not changed."))
        self._warn(message, title=self.tr("Training failed"))

    def _warn(self, message: str, title: str | None = None) -> None:
        super()._warn(message, title or self.tr("Train the network"))
