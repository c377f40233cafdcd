"""What the Train, Fine-tune and Evaluate dialogs share: one background job at a time.

Why a base class: each of those dialogs starts a worker job (`workers.py`; all
jobs share one signal contract), shows a progress bar that is busy until the first batch
says how many there are, an ETA, a stage line, Start and Cancel enabled in
turn, "Stopping…" after Cancel, a one-sentence warning when the job fails, and
stops (and, at exit, waits for) the job. Three copies of that had started to
drift apart; here it is once. A subclass builds its own form around the
shared widgets, creates its job in `start()` and hands it to `_start_job`, and
overrides the `_on_*` handlers for what it does with the outcome.

Closing: Train and Fine-tune hide on close while the run goes on (the status
bar keeps reporting; Cancel or closing the main window stops it);
`stop_on_close = True` (Evaluate) stops the job instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QWidget

from digitpad.core.i18n import progress_percent
from digitpad.core.progress import (
    BatchProgress,
    EpochProgress,
    JudgementProgress,
    ValidationProgress,
)
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import as_written, plain
from digitpad.gui.messages import warn

if TYPE_CHECKING:
    from digitpad.gui.jobs.workers import BackgroundJob

UI_REFRESH_MS = 100  # progress arrives per batch; the widgets are refreshed at most this often


def format_duration(seconds: float) -> str:
    """`m:ss`, or `h:mm:ss` from an hour on."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remembered_data_source() -> str | None:
    """MNIST as last chosen (the Train dialog, `digitpad train --data`): a local path, or
    None ($DIGITPAD_MNIST, else the Keras cache)."""
    from digitpad.core.models import choices

    return choices.data_source()


class JobDialog(Retranslating, QDialog):
    """A dialog that runs one job at a time, with progress, ETA and Cancel."""

    status = Signal(str)  # a one-line summary for the main window's status bar
    job_started = Signal()
    job_ended = Signal()  # after succeeded, cancelled or failed
    stop_on_close = False  # False: closing hides the dialog and the job goes on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job: BackgroundJob | None = None
        self._blocked_by: str | None = None  # why Start is off while another job runs
        self._running = False  # between Start and the job's end (also before its thread runs)
        self._ended: str | None = None  # how the last run ended: "succeeded", "cancelled", "failed"
        self._latest: BatchProgress | None = None
        self._shown_batch: BatchProgress | None = None  # the figures the metrics line shows
        self._stage: Callable[[], str] = str  # the stage line, re-made on a language switch
        self._first_batch_at: float | None = None
        self._steps_done_at_first = 0
        self._began_at = 0.0  # when Start was pressed
        self.took: float | None = None  # the whole job's seconds, once it has succeeded
        self._refresh = QTimer(self)
        self._refresh.setInterval(UI_REFRESH_MS)
        self._refresh.timeout.connect(self._flush_progress)

        # The shared widgets: the subclass names, words and places them.
        self.stage_label = plain(QLabel(""))
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.start_button = QPushButton()
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(lambda: self.start())  # not `checked`
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)

    # For subclasses --------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every static text, again on a language switch; a subclass adds its own and calls
        it at the end of its `__init__`. The lines that tell where a run stands are re-set
        too (`_retranslate_state`): the idle line, a running run's stage and figures, a
        finished run's lines."""
        self.cancel_button.setText(self.tr("Cancel"))

    def _retranslate_state(self) -> None:
        """Re-set the lines that tell where the dialog stands: before any run
        (`_show_idle`), while one runs (its stage, `_show_figures`) or after it (the last
        figures, then `_show_ended`)."""
        if self.job is None:
            self._show_idle()
            return
        if self._shown_batch is not None:
            self._show_figures(self._shown_batch, "" if self._ended else self._eta_now())
        if self._ended is not None:
            self._show_ended(self._ended)
        else:
            self.stage_label.setText(self._stage())

    def _show_figures(self, event: BatchProgress, eta: str) -> None:
        """The metrics line for `event` (no status bar): shown on each refresh and again,
        in the new language, on a switch."""

    def _show_idle(self) -> None:
        """The stage line before the first run."""

    def _show_ended(self, how: str) -> None:
        """The lines a finished run leaves ("succeeded", "cancelled" or "failed"), from what
        the subclass kept of it; called again on a language switch."""

    def start(self) -> None:
        """Check the settings, make the job and pass it to `_start_job`."""
        raise NotImplementedError

    def busy_note(self) -> str:
        """Why the other model dialogs wait while this one's job runs (their Start's tooltip)."""
        return ""

    def closing_note(self) -> str:
        """The status line while closing the window waits for this dialog's job to stop."""
        return ""

    def _inputs(self) -> list[QWidget]:
        """Widgets that are disabled while a job runs (its settings)."""
        return []

    def _job_starting(self) -> None:
        """`self.job` is the new job, connected but not started yet."""

    def _epoch_began(self, event: BatchProgress) -> None:
        """The first batch of the run, or of a new epoch, has arrived."""

    def _show_batch(self, event: BatchProgress, done: int, total: int, eta: str) -> None:
        """Show the newest batch's figures (at most every UI_REFRESH_MS); `eta` may be ""."""

    def _on_succeeded(self, outcome: object) -> None:
        raise NotImplementedError

    def _on_cancelled(self) -> None:
        pass

    def _on_failed(self, message: str) -> None:
        raise NotImplementedError

    # Running -----------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _start_job(self, job: BackgroundJob) -> None:
        """Connect `job`'s signals to the handlers, show a busy bar and start it."""
        job.stage.connect(self._show_stage)
        job.progress.connect(self._on_progress)
        job.succeeded.connect(self._job_succeeded)
        job.cancelled.connect(self._job_cancelled)
        job.failed.connect(self._job_failed)
        job.ended.connect(self._on_ended)
        self.job = job
        self._began_at, self.took = time.perf_counter(), None
        self._ended = None
        self._latest = None
        self._shown_batch = None
        self._first_batch_at = None
        self._steps_done_at_first = 0
        self.progress_bar.setRange(0, 0)  # busy until the first batch says how many there are
        self._set_running(True)
        self._job_starting()
        self.job_started.emit()  # before the thread runs: listeners can still connect to `job`
        job.start()
        self._refresh.start()

    @Slot()
    def cancel(self) -> None:
        """Stop the job after the current batch; nothing is saved and the model in use stays."""
        if self.job is not None and self.is_running():
            self.job.stop()
            self.cancel_button.setEnabled(False)
            self._show_stage(lambda: self.tr("Stopping after this batch…"))

    def stop_and_wait(self, timeout: float) -> bool:
        """Stop the job and block until its thread is done (True) or `timeout` seconds pass."""
        if self.job is None:
            return True
        self.job.stop()
        return self.job.wait(timeout)

    def job_stopping(self) -> bool:
        """The user (or closing) asked the running job to stop."""
        return self.job is not None and self.job.stop_requested

    def set_blocked(self, reason: str | None) -> None:
        """Keep Start off (its tooltip says `reason`) while a job that must not run beside
        this one runs elsewhere; None lets it start again."""
        self._blocked_by = reason
        self.start_button.setEnabled(reason is None and not self._running)
        self.start_button.setToolTip(as_written(reason or ""))

    def _set_running(self, running: bool) -> None:
        self._running = running
        for widget in self._inputs():
            widget.setEnabled(not running)
        self.start_button.setEnabled(not running and self._blocked_by is None)
        self.cancel_button.setEnabled(running)

    # Progress ----------------------------------------------------------------------------------

    @Slot(object)
    def _show_stage(self, text: object) -> None:
        """Show a stage line: a text made by a function (re-made on a language switch), a
        job's `jobs.Stage` (likewise), or a plain string (kept as it is)."""
        self._stage = text if callable(text) else partial(str, text)
        line = self._stage()
        self.stage_label.setText(line)
        self.status.emit(line)

    @Slot(object)
    def _on_progress(self, event: object) -> None:
        """Per batch: note it (the widgets follow on the timer); other events: `_on_event`."""
        if isinstance(event, JudgementProgress):  # after training: the bar counts this stage
            self._flush_progress()
            self.progress_bar.setRange(0, max(1, event.total))
            self.progress_bar.setValue(min(event.done, event.total))
            if self.job_stopping():  # "Stopping…" stays
                return
            self._show_stage(
                lambda: self.tr(
                    "Learning what digits look like, to tell a digit from a scribble… {percent}"
                ).format(percent=progress_percent(event.done, event.total))
            )
            return
        if not isinstance(event, BatchProgress):
            if isinstance(event, (ValidationProgress, EpochProgress)) and not self.job_stopping():
                self._show_validation(event)
            self._on_event(event)
            return
        if self._first_batch_at is None:  # the ETA counts from here: the first batch is slow
            self._first_batch_at = time.perf_counter()
            self._steps_done_at_first = event.done
            self._epoch_began(event)
        elif event.step == 1:
            self._epoch_began(event)
        self._latest = event
        if event.step == event.steps and not self.job_stopping():  # the test set is next
            self._show_validation(ValidationProgress(event.epoch, 0, 1))

    def _show_validation(self, event: ValidationProgress | EpochProgress) -> None:
        """After each epoch the test set is checked: its progress, then that it is done.

        Shown as the events arrive (not on the refresh timer), so a later stage from
        the job ("Saving the model…") is never overwritten by a stale one.
        """
        if isinstance(event, EpochProgress):
            self._show_stage(
                lambda: self.tr("Epoch {epoch} of {epochs}: the test set is checked.").format(
                    epoch=event.epoch, epochs=event.epochs
                )
            )
            return
        self._show_stage(
            lambda: self.tr("Epoch {epoch}: checking the test set… {percent}").format(
                epoch=event.epoch, percent=progress_percent(event.done, event.total)
            )
        )

    def _on_event(self, event: object) -> None:
        """Progress that is not a batch (epoch results, preparing data)."""

    def _eta_now(self) -> str:
        event = self._shown_batch
        return "" if event is None else self._eta(event.done, event.total)

    def _eta(self, done: int, total: int) -> str:
        """' · ETA m:ss' from the pace since the first batch, or "" before there is one."""
        if self._first_batch_at is None or done <= self._steps_done_at_first:
            return ""
        rate = (time.perf_counter() - self._first_batch_at) / (done - self._steps_done_at_first)
        return self.tr(" · ETA {time}").format(time=format_duration(rate * (total - done)))

    @Slot()
    def _flush_progress(self) -> None:
        """Apply the newest batch to the bar, the ETA and `_show_batch` (called by a timer)."""
        event, self._latest = self._latest, None
        if event is None:
            return
        total, done = event.total, event.done
        if self.progress_bar.maximum() != total:
            self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self._shown_batch = event
        eta = self._eta(done, total)
        self._show_figures(event, eta)
        self._show_batch(event, done, total, eta)

    @Slot(object)
    def _job_succeeded(self, outcome: object) -> None:
        self.took = time.perf_counter() - self._began_at
        self._flush_progress()
        self.progress_bar.setValue(self.progress_bar.maximum())
        self._ended = "succeeded"
        self._on_succeeded(outcome)

    @Slot()
    def _job_cancelled(self) -> None:
        self._flush_progress()
        self._ended = "cancelled"
        self._on_cancelled()

    @Slot(str)
    def _job_failed(self, message: str) -> None:
        self._ended = "failed"
        self._on_failed(message)

    @Slot()
    def _on_ended(self) -> None:
        self._refresh.stop()
        if self.progress_bar.maximum() == 0:  # never got a batch: leave the busy state
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
        self._set_running(False)
        self.job_ended.emit()

    # Messages and closing ----------------------------------------------------------------------

    def _warn(self, message: str, title: str) -> None:
        """One sentence in a warning box, over this dialog or, when it is hidden, the window."""
        parent = self if self.isVisible() else self.parentWidget()
        warn(parent, title, message)

    def reject(self) -> None:
        """Esc and the title bar's close button: hide (the job goes on), or stop the job."""
        if not self.stop_on_close:
            self.hide()
            return
        if self.job is not None:
            self.job.stop()  # ends within one batch; its signals then land harmlessly
        super().reject()
