"""Train model…: hyperparameters, MNIST source, progress with ETA, live curves, Cancel.

The dialog is modeless and outlives its runs: closing it hides it while
training continues (the status bar keeps reporting); only Cancel stops a run.
Training itself happens in a `TrainingJob` on a worker thread with its own
model object; the dialog only relays settings in and progress out.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.data import MnistData
from digitpad.core.training import BatchProgress, EpochProgress, PreparingProgress, TrainConfig
from digitpad.gui.settings import Settings
from digitpad.gui.training_curves import TrainingCurves
from digitpad.gui.workers import TrainingJob, TrainOutcome

UI_REFRESH_MS = 100  # progress arrives per batch; the widgets are refreshed at most this often


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainDialog(QDialog):
    """Configure and watch one training run at a time."""

    model_trained = Signal(object)  # TrainOutcome, on success
    status = Signal(str)  # a one-line summary for the main window's status bar
    training_started = Signal()
    training_ended = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("train_dialog")
        self.setWindowTitle("Train the network")
        self.setModal(False)
        self.resize(720, 700)
        self._settings = settings
        self.job: TrainingJob | None = None
        self._latest: BatchProgress | None = None
        self._batch_points: list[tuple[float, float, float]] = []
        self._epoch_points: list[EpochProgress] = []
        self._first_batch_at: float | None = None
        self._steps_done_at_first = 0
        self._refresh = QTimer(self)
        self._refresh.setInterval(UI_REFRESH_MS)
        self._refresh.timeout.connect(self._flush_progress)

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_hyperparameters())
        layout.addWidget(self._build_data_source())
        layout.addWidget(self._build_progress(), 1)
        layout.addLayout(self._build_buttons())
        self._set_running(False)

    # Building ------------------------------------------------------------------------------

    def _build_hyperparameters(self) -> QGroupBox:
        box = QGroupBox("Hyperparameters (the course's defaults)")
        form = QFormLayout(box)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, 200)
        self.epochs.setValue(1)
        self.epochs.setToolTip("Passes over the 60,000 training images (one takes about a minute)")
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batch_size")
        self.batch_size.setRange(1, 8192)
        self.batch_size.setValue(128)
        self.batch_size.setToolTip("Images per gradient step")
        optimizer = QLabel("Adadelta")
        optimizer.setToolTip("The course's optimizer, with categorical cross-entropy loss")
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setObjectName("learning_rate")
        self.learning_rate.setDecimals(4)
        self.learning_rate.setRange(0.0001, 10.0)
        self.learning_rate.setSingleStep(0.1)
        self.learning_rate.setValue(1.0)
        self.learning_rate.setToolTip(
            "1.0 as in the course (then Keras' default); Keras 3's default of 0.001 "
            "barely learns in one epoch"
        )
        self.schedule = QComboBox()
        self.schedule.setObjectName("schedule")
        self.schedule.addItem("constant", "constant")
        self.schedule.addItem("cosine decay", "cosine")
        self.augment = QCheckBox("Random shifts, rotations, zoom and stroke width")
        self.augment.setObjectName("augment")
        self.augment.setToolTip("Slower, but more robust to digits drawn with a mouse")
        form.addRow("Epochs:", self.epochs)
        form.addRow("Batch size:", self.batch_size)
        form.addRow("Optimizer:", optimizer)
        form.addRow("Learning rate:", self.learning_rate)
        form.addRow("Schedule:", self.schedule)
        form.addRow("Augmentation:", self.augment)
        self._form_box = box
        return box

    def _build_data_source(self) -> QGroupBox:
        box = QGroupBox("MNIST data")
        layout = QVBoxLayout(box)
        self.keras_source = QRadioButton("Keras cache (downloaded once, about 11 MB)")
        self.keras_source.setObjectName("source_keras")
        self.local_source = QRadioButton("Local folder (IDX files) or mnist.npz:")
        self.local_source.setObjectName("source_local")
        group = QButtonGroup(self)
        group.addButton(self.keras_source)
        group.addButton(self.local_source)
        self.data_path = QLineEdit()
        self.data_path.setObjectName("data_path")
        self.data_path.setPlaceholderText("a folder with train-images-idx3-ubyte… or a mnist.npz")
        choose_folder = QPushButton("Folder…")
        choose_folder.clicked.connect(self._choose_folder)
        choose_file = QPushButton("File…")
        choose_file.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.local_source)
        row.addWidget(self.data_path, 1)
        row.addWidget(choose_folder)
        row.addWidget(choose_file)
        layout.addWidget(self.keras_source)
        layout.addLayout(row)
        self.data_path.setText(self._settings.local_data_path)
        (self.local_source if self._settings.use_local_data else self.keras_source).setChecked(True)
        self.data_path.textEdited.connect(lambda _: self.local_source.setChecked(True))
        self._data_box = box
        return box

    def _build_progress(self) -> QGroupBox:
        box = QGroupBox("Progress")
        layout = QVBoxLayout(box)
        self.stage_label = QLabel("Press Train to start.")
        self.stage_label.setObjectName("train_stage")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("train_progress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.metrics_label = QLabel("")
        self.metrics_label.setObjectName("train_metrics")
        self.curves = TrainingCurves()
        self.result_label = QLabel("")
        self.result_label.setObjectName("train_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.metrics_label)
        layout.addWidget(self.curves, 1)
        layout.addWidget(self.result_label)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.train_button = QPushButton("Train")
        self.train_button.setObjectName("train_button")
        self.train_button.setDefault(True)
        self.train_button.clicked.connect(lambda: self.start_training())  # not `checked`
        self.cancel_button = QPushButton("Cancel training")
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("close_button")
        self.close_button.setToolTip("Hide this dialog; a running training continues")
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.train_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.close_button)
        return row

    # Choosing data ---------------------------------------------------------------------------

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Folder with the MNIST IDX files", self.data_path.text()
        )
        if folder:
            self.data_path.setText(folder)
            self.local_source.setChecked(True)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "MNIST file", self.data_path.text(), "MNIST (*.npz);;All files (*)"
        )
        if path:
            self.data_path.setText(path)
            self.local_source.setChecked(True)

    def data_source(self) -> str | None:
        """The MNIST source to load: a path, or None for $DIGITPAD_MNIST / the Keras cache."""
        if self.local_source.isChecked():
            return self.data_path.text().strip() or None
        return None

    def config(self) -> TrainConfig:
        return TrainConfig(
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            learning_rate=self.learning_rate.value(),
            augment=self.augment.isChecked(),
            schedule=self.schedule.currentData(),
        )

    # Running -------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.job is not None and self.job.is_running()

    def start_training(self, data: MnistData | None = None) -> None:
        """Start a run with the dialog's settings (`data` skips loading MNIST: benchmarks)."""
        if self.is_training():
            return
        if data is None and self.local_source.isChecked() and not self.data_path.text().strip():
            self._warn("Choose a folder or file with MNIST, or use the Keras cache.")
            return
        try:
            config = self.config()
        except ValueError as exc:
            self._warn(f"Invalid setting: {exc}.")
            return
        self._settings.use_local_data = self.local_source.isChecked()
        self._settings.local_data_path = self.data_path.text().strip()
        self._settings.sync()

        job = TrainingJob(config, self.data_source(), data=data, parent=self)
        job.stage.connect(self._on_stage)
        job.progress.connect(self._on_progress)
        job.succeeded.connect(self._on_succeeded)
        job.cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        job.ended.connect(self._on_ended)
        self.job = job
        self._latest = None
        self._batch_points.clear()
        self._epoch_points.clear()
        self._first_batch_at = None
        self.curves.reset(config.epochs)
        self.progress_bar.setRange(0, 0)  # busy until the first batch says how many there are
        self.metrics_label.setText("")
        self.result_label.setText("")
        self._set_running(True)
        self.training_started.emit()
        job.start()
        self._refresh.start()

    def cancel(self) -> None:
        """Stop the run after the current batch; the model in use stays."""
        if self.is_training() and self.job is not None:
            self.job.stop()
            self.cancel_button.setEnabled(False)
            self._on_stage("Stopping after this batch…")

    def stop_and_wait(self, timeout: float) -> bool:
        """Stop a run and block until its thread is done (True) or `timeout` passes."""
        if self.job is None:
            return True
        self.job.stop()
        return self.job.wait(timeout)

    def _set_running(self, running: bool) -> None:
        self._form_box.setEnabled(not running)
        self._data_box.setEnabled(not running)
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    # Progress --------------------------------------------------------------------------------

    def _on_stage(self, text: str) -> None:
        self.stage_label.setText(text)
        self.status.emit(text)

    def _on_progress(self, event: object) -> None:
        if isinstance(event, BatchProgress):
            if self._first_batch_at is None:
                self._first_batch_at = time.perf_counter()
                self._steps_done_at_first = self._done_steps(event)
                self._on_stage(f"Training: epoch {event.epoch} of {event.epochs}")
            elif event.step == 1:
                self._on_stage(f"Training: epoch {event.epoch} of {event.epochs}")
            x = event.epoch - 1 + event.step / event.steps
            self._batch_points.append((x, event.loss, event.accuracy))
            self._latest = event
        elif isinstance(event, EpochProgress):
            self._epoch_points.append(event)
        elif isinstance(event, PreparingProgress):
            self._on_stage(f"Preparing augmented digits: {event.done:,} of {event.total:,}")

    @staticmethod
    def _done_steps(event: BatchProgress) -> int:
        return (event.epoch - 1) * event.steps + event.step

    def _flush_progress(self) -> None:
        """Apply the progress gathered since the last refresh (called by a timer)."""
        event = self._latest
        if self._batch_points:
            self.curves.add_training(self._batch_points)
            self._batch_points.clear()
        for epoch in self._epoch_points:
            self.curves.add_validation(epoch.epoch, epoch.val_loss, epoch.val_accuracy)
            self.result_label.setText(
                f"After epoch {epoch.epoch}: validation loss {epoch.val_loss:.4f}, "
                f"validation accuracy {100 * epoch.val_accuracy:.2f} %"
            )
        self._epoch_points.clear()
        if event is None:
            return
        total = event.epochs * event.steps
        done = self._done_steps(event)
        if self.progress_bar.maximum() != total:
            self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        eta = ""
        if self._first_batch_at is not None and done > self._steps_done_at_first:
            rate = (time.perf_counter() - self._first_batch_at) / (done - self._steps_done_at_first)
            eta = f" · ETA {format_duration(rate * (total - done))}"
        accuracy = f"{100 * event.accuracy:.1f} %" if math.isfinite(event.accuracy) else "–"
        self.metrics_label.setText(
            f"Epoch {event.epoch}/{event.epochs} · batch {event.step}/{event.steps} · "
            f"loss {event.loss:.4f} · accuracy {accuracy}{eta}"
        )
        if event.step == event.steps and not self.job_stopping():
            self.stage_label.setText(f"Epoch {event.epoch}: checking the test set…")
        percent = round(100 * done / total)
        self.status.emit(f"Training: {percent} %{eta}")

    def job_stopping(self) -> bool:
        return self.job is not None and self.job.stop_requested

    def _on_succeeded(self, outcome: TrainOutcome) -> None:
        self._flush_progress()
        accuracy = outcome.result.test_accuracy
        text = f"{100 * accuracy:.2f} %" if accuracy is not None else "unknown"
        self.progress_bar.setValue(self.progress_bar.maximum())
        self.stage_label.setText("Done: the new model is in use.")
        self.result_label.setText(
            f"Test accuracy {text} after {outcome.result.config.epochs} epoch(s) in "
            f"{format_duration(outcome.result.seconds)}. Saved as {outcome.path.name} "
            "in your digitpad folder and now in use."
        )
        self.result_label.setToolTip(str(outcome.path))
        self.status.emit(f"Training done: test accuracy {text}; the new model is in use.")
        self.model_trained.emit(outcome)

    def _on_cancelled(self) -> None:
        self._flush_progress()
        self.stage_label.setText("Cancelled. The model in use has not changed.")
        self.status.emit("Training cancelled; the model in use has not changed.")

    def _on_failed(self, message: str) -> None:
        self.stage_label.setText("Training failed. The model in use has not changed.")
        self.status.emit("Training failed; the model in use has not changed.")
        self._warn(message, title="Training failed")

    def _on_ended(self) -> None:
        self._refresh.stop()
        if self.progress_bar.maximum() == 0:  # never got a batch: leave the busy state
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self._set_running(False)
        self.training_ended.emit()

    def _warn(self, message: str, title: str = "Train the network") -> None:
        parent = self if self.isVisible() else self.parentWidget()
        QMessageBox.warning(parent, title, message)

    def reject(self) -> None:
        """Esc and the close button hide the dialog; a running training goes on."""
        self.hide()
