"""Fine-tune on my samples…: teach the model in use the user's handwriting.

Runs `core.training.finetune` in a `FinetuneJob` on a worker thread, with MNIST from
the source the train dialog remembers. Progress, ETA, Cancel and errors are
`JobDialog`'s, as in training; closing the dialog hides it while the run goes
on. The result is saved as a new model in the user's models folder and
swapped in; the previous model stays loadable (Model ▸ Load model…).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.configs import FinetuneConfig
from digitpad.core.files import shown
from digitpad.core.i18n import percent, progress_percent
from digitpad.core.progress import BatchProgress
from digitpad.core.training.finetune import MIN_HELD_OUT_PER_DIGIT
from digitpad.gui.backend import Backend
from digitpad.gui.jobs.job_dialog import JobDialog, remembered_data_source
from digitpad.gui.jobs.outcomes import FinetuneOutcome
from digitpad.gui.jobs.workers import FinetuneJob
from digitpad.gui.labels import as_written, plain
from digitpad.gui.settings import Settings
from digitpad.gui.zoom import px

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor


def _percent(value: float | None) -> str:
    return "–" if value is None else percent(value, 2)


class FinetuneDialog(JobDialog):
    """One fine-tuning run at a time; closing hides it while a run goes on."""

    model_finetuned = Signal(object)  # FinetuneOutcome

    def __init__(
        self,
        settings: Settings,
        predictor: Callable[[], Predictor | None],
        parent: QWidget | None = None,
        backend: Backend | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend or Backend()
        self.setObjectName("finetune_dialog")
        self.setModal(False)
        self.resize(px(520), px(300))  # at the zoom in effect; no larger than the screen
        self._settings = settings
        self._predictor = predictor
        self.job: FinetuneJob | None = None
        self._outcome: FinetuneOutcome | None = None  # the last run's, if it succeeded
        self._previous: str | None = None  # the file name of the model it replaced

        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._counts: list[int] | None = None
        self.samples_label = QLabel("")
        self.samples_label.setObjectName("finetune_samples")
        self.samples_label.setWordWrap(True)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("finetune_epochs")
        self.epochs.setRange(1, 50)
        self.epochs.setValue(FinetuneConfig.epochs)
        self._form = QFormLayout()
        epochs_label = QLabel()  # its text: retranslate
        epochs_label.setBuddy(self.epochs)
        self._form.addRow(epochs_label, self.epochs)
        self.stage_label.setObjectName("finetune_stage")
        self.progress_bar.setObjectName("finetune_progress")
        self.metrics_label = QLabel("")
        self.metrics_label.setObjectName("finetune_metrics")
        self.result_label = plain(QLabel(""))  # names the files
        self.result_label.setObjectName("finetune_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.start_button.setObjectName("finetune_button")
        self.cancel_button.setObjectName("finetune_cancel")
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(self.samples_label)
        layout.addLayout(self._form)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.metrics_label)
        layout.addWidget(self.result_label, 1)
        layout.addLayout(buttons)
        self._set_running(False)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Fine-tune on my samples"))
        self._intro.setText(
            self.tr(
                "Continues training the model in use on your samples, mixed with MNIST so it "
                "does not forget it. A quarter of each digit's samples is held out to show "
                "whether it now reads your handwriting better. The result is saved as a new "
                "model; the current one stays available (Model ▸ Load model…)."
            )
        )
        label = self._form.labelForField(self.epochs)
        assert isinstance(label, QLabel)
        label.setText(self.tr("Epochs:"))
        self.show_counts(self._counts)
        self._retranslate_state()
        self.start_button.setText(self.tr("Fine-tune"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Hide this dialog; a running fine-tuning continues"))

    def data_source(self) -> str | None:
        """MNIST as the train dialog last used it: a local path, or None (Keras cache)."""
        return remembered_data_source()

    def show_counts(self, counts: list[int] | None) -> None:
        self._counts = counts
        if counts is None:
            self.samples_label.setText(self.tr("Your samples are being counted…"))
            return
        total = sum(counts)
        if total == 0:
            self.samples_label.setText(
                self.tr("You have no samples yet: draw a digit and press its key on the pad.")
            )
            return
        per_digit = ", ".join(f"{d}: {c}" for d, c in enumerate(counts))
        self.samples_label.setText(
            self.tr("{total} samples ({per_digit}).").format(total=total, per_digit=per_digit)
        )

    def start(self) -> None:
        if self.is_running():
            return
        predictor = self._predictor()
        if predictor is None:
            self._warn(self.tr("No model is loaded yet: wait for it, or load one."))
            return
        self.metrics_label.setText("")
        self.result_label.setText("")
        self._outcome = self._previous = None
        self._start_job(
            FinetuneJob(
                predictor, self.data_source(), self.epochs.value(), self.backend, parent=self
            )
        )

    def busy_note(self) -> str:
        return self.tr("Fine-tuning is running: train when it has finished.")

    def closing_note(self) -> str:
        return self.tr("Stopping the fine-tuning before closing…")

    def _inputs(self) -> list[QWidget]:
        return [self.epochs]

    def _epoch_began(self, event: BatchProgress) -> None:
        self._show_stage(
            lambda: self.tr("Fine-tuning: epoch {epoch} of {epochs}").format(
                epoch=event.epoch, epochs=event.epochs
            )
        )

    def _show_figures(self, event: BatchProgress, eta: str) -> None:
        self.metrics_label.setText(
            self.tr("Batch {step} of {steps}").format(step=event.step, steps=event.steps) + eta
        )

    def _show_batch(self, event: BatchProgress, done: int, total: int, eta: str) -> None:
        done_share = progress_percent(done, total)
        self.status.emit(self.tr("Fine-tuning: {percent}").format(percent=done_share) + eta)

    def _show_idle(self) -> None:
        self.stage_label.setText(self.tr("Press Fine-tune to start."))

    def _show_ended(self, how: str) -> None:
        if how == "succeeded" and self._outcome is not None:
            self._show_result(self._outcome)
            self.stage_label.setText(self.tr("Done: the fine-tuned model is in use."))
        elif how == "cancelled":
            self.stage_label.setText(self.tr("Cancelled. The model in use has not changed."))
        elif how == "failed":
            self.stage_label.setText(
                self.tr("Fine-tuning failed. The model in use has not changed.")
            )

    def _on_succeeded(self, outcome: object) -> None:
        assert isinstance(outcome, FinetuneOutcome)
        self._outcome = outcome
        previous = self.job.predictor.path if self.job is not None else None
        self._previous = previous.name if previous is not None else None
        self._show_ended("succeeded")
        self.result_label.setToolTip(as_written(str(outcome.path)))
        self.status.emit(
            self.tr("Fine-tuning done: MNIST {accuracy}; the new model is in use.").format(
                accuracy=_percent(outcome.result.mnist_after)
            )
        )
        self.model_finetuned.emit(outcome)

    def _show_result(self, outcome: FinetuneOutcome) -> None:
        r = outcome.result
        mnist = self.tr("MNIST test accuracy: {before} → {after}").format(
            before=_percent(r.mnist_before), after=_percent(r.mnist_after)
        )
        if r.mnist_after is not None:
            mnist += self.tr(" ({change} points)").format(
                change=f"{100 * (r.mnist_after - r.mnist_before):+.2f}"
            )
        lines = [mnist]
        if r.personal_before is not None and not r.held_out_meaningful:
            lines.append(
                self.tr(
                    "Only %n of your samples held out (fewer than {least} per digit): too few "
                    "to tell whether it reads your handwriting better.",
                    "",
                    r.held_out,
                ).format(least=MIN_HELD_OUT_PER_DIGIT)
            )
        elif r.personal_before is not None:
            lines.append(
                self.tr("Your {count} held-out samples: {before} → {after}").format(
                    count=r.held_out,
                    before=_percent(r.personal_before),
                    after=_percent(r.personal_after),
                )
            )
        else:
            lines.append(self.tr("No samples were held out (too few per digit) to check yours."))
        lines.append(
            self.tr("Saved as {name} and now in use.").format(name=shown(outcome.path.name))
        )
        if self._previous is not None:
            lines.append(
                self.tr(
                    "The previous model, {name}, stays available (Model ▸ Load model…)."
                ).format(name=shown(self._previous))
            )
        self.result_label.setText("\n".join(lines))

    def _on_cancelled(self) -> None:
        self._show_ended("cancelled")
        self.status.emit(self.tr("Fine-tuning cancelled; the model in use has not changed."))

    def _on_failed(self, message: str) -> None:
        self._show_ended("failed")
        self.status.emit(self.tr("Fine-tuning failed; the model in use has not changed."))
        self._warn(message, title=self.tr("Fine-tuning failed"))

    def _warn(self, message: str, title: str | None = None) -> None:
        super()._warn(message, title or self.tr("Fine-tune on my samples"))
