"""Fine-tune on my samples…: teach the model in use the user's handwriting.

Runs `core.finetune` in a `FinetuneJob` on a worker thread (progress, Cancel),
with MNIST from the source the train dialog remembers. The result is saved as
a new model in the user's models folder and swapped in; the previous model
stays loadable with Model ▸ Load model….
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.training import BatchProgress
from digitpad.gui.settings import Settings
from digitpad.gui.workers import FinetuneJob, FinetuneOutcome

if TYPE_CHECKING:
    from digitpad.core.predictor import Predictor


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f} %"


class FinetuneDialog(QDialog):
    """One fine-tuning run at a time; closing hides it while a run goes on."""

    model_finetuned = Signal(object)  # FinetuneOutcome
    status = Signal(str)
    finetune_ended = Signal()

    def __init__(
        self,
        settings: Settings,
        predictor: Callable[[], Predictor | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("finetune_dialog")
        self.setWindowTitle("Fine-tune on my samples")
        self.setModal(False)
        self.resize(520, 300)
        self._settings = settings
        self._predictor = predictor
        self.job: FinetuneJob | None = None

        intro = QLabel(
            "Continues training the model in use on your samples, mixed with MNIST so it "
            "does not forget it. A quarter of each digit's samples is held out to show "
            "whether it now reads your handwriting better. The result is saved as a new "
            "model; the current one stays available (Model ▸ Load model…)."
        )
        intro.setWordWrap(True)
        self.samples_label = QLabel("")
        self.samples_label.setObjectName("finetune_samples")
        self.samples_label.setWordWrap(True)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("finetune_epochs")
        self.epochs.setRange(1, 50)
        self.epochs.setValue(3)
        form = QFormLayout()
        form.addRow("Epochs:", self.epochs)
        self.stage_label = QLabel("Press Fine-tune to start.")
        self.stage_label.setObjectName("finetune_stage")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("finetune_progress")
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.result_label = QLabel("")
        self.result_label.setObjectName("finetune_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.start_button = QPushButton("Fine-tune")
        self.start_button.setObjectName("finetune_button")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("finetune_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.samples_label)
        layout.addLayout(form)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.result_label, 1)
        layout.addLayout(buttons)
        self._set_running(False)

    def data_source(self) -> str | None:
        """MNIST as the train dialog last used it: a local path, or None (Keras cache)."""
        if self._settings.use_local_data:
            return self._settings.local_data_path.strip() or None
        return None

    def show_counts(self, counts: list[int] | None) -> None:
        if counts is None:
            self.samples_label.setText("Your samples are being counted…")
            return
        total = sum(counts)
        if total == 0:
            self.samples_label.setText(
                "You have no samples yet: draw a digit and press its key on the pad."
            )
            return
        per_digit = ", ".join(f"{d}: {c}" for d, c in enumerate(counts))
        self.samples_label.setText(f"{total} samples ({per_digit}).")

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def start(self) -> None:
        if self.is_running():
            return
        predictor = self._predictor()
        if predictor is None:
            self._warn("No model is loaded yet: wait for it, or load one.")
            return
        job = FinetuneJob(predictor, self.data_source(), self.epochs.value(), parent=self)
        job.stage.connect(self._on_stage)
        job.progress.connect(self._on_progress)
        job.succeeded.connect(self._on_succeeded)
        job.cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        job.ended.connect(self._on_ended)
        self.job = job
        self.progress_bar.setRange(0, 0)
        self.result_label.setText("")
        self._set_running(True)
        job.start()

    def cancel(self) -> None:
        """Stop after the current batch; nothing is saved and the model in use stays."""
        if self.is_running() and self.job is not None:
            self.job.stop()
            self.cancel_button.setEnabled(False)
            self._on_stage("Stopping after this batch…")

    def stop_and_wait(self, timeout: float) -> bool:
        if self.job is None:
            return True
        self.job.stop()
        return self.job.wait(timeout)

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.epochs.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _on_stage(self, text: str) -> None:
        self.stage_label.setText(text)
        self.status.emit(text)

    def _on_progress(self, event: object) -> None:
        if not isinstance(event, BatchProgress):
            return
        total = event.epochs * event.steps
        if self.progress_bar.maximum() != total:
            self.progress_bar.setRange(0, total)
            self._on_stage(f"Fine-tuning: epoch {event.epoch} of {event.epochs}")
        elif event.step == 1:
            self._on_stage(f"Fine-tuning: epoch {event.epoch} of {event.epochs}")
        self.progress_bar.setValue((event.epoch - 1) * event.steps + event.step)

    def _on_succeeded(self, outcome: FinetuneOutcome) -> None:
        r = outcome.result
        self.progress_bar.setValue(self.progress_bar.maximum())
        lines = [
            f"MNIST test accuracy: {_percent(r.mnist_before)} → {_percent(r.mnist_after)}",
        ]
        if r.personal_before is not None:
            lines.append(
                f"Your {r.held_out} held-out samples: {_percent(r.personal_before)} → "
                f"{_percent(r.personal_after)}"
            )
        else:
            lines.append("No samples were held out (too few per digit) to check yours.")
        lines.append(f"Saved as {outcome.path.name} and now in use.")
        self.result_label.setText("\n".join(lines))
        self.result_label.setToolTip(str(outcome.path))
        self.stage_label.setText("Done: the fine-tuned model is in use.")
        self.status.emit(
            f"Fine-tuning done: MNIST {_percent(r.mnist_after)}; the new model is in use."
        )
        self.model_finetuned.emit(outcome)

    def _on_cancelled(self) -> None:
        self.stage_label.setText("Cancelled. The model in use has not changed.")
        self.status.emit("Fine-tuning cancelled; the model in use has not changed.")

    def _on_failed(self, message: str) -> None:
        self.stage_label.setText("Fine-tuning failed. The model in use has not changed.")
        self.status.emit("Fine-tuning failed; the model in use has not changed.")
        self._warn(message, title="Fine-tuning failed")

    def _on_ended(self) -> None:
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self._set_running(False)
        self.finetune_ended.emit()

    def _warn(self, message: str, title: str = "Fine-tune on my samples") -> None:
        parent = self if self.isVisible() else self.parentWidget()
        QMessageBox.warning(parent, title, message)

    def reject(self) -> None:
        self.hide()
