"""Which of the window's model jobs may run, and how the window closes while one does.

Training and fine-tuning each make a new model and swap it in: they run one at
a time. While one runs, the other's menu action is off and its dialog (if
open) holds its Start button back, saying why. Evaluation only reads the model
in use and is not held back.

Closing the window while such a job runs stops the job first (within a batch;
nothing is kept), says so, and closes once it has ended; the GUI stays live
meanwhile. A job that has not stopped after `close_timeout_ms` is left to stop
on its own and the window closes without it (never waiting on its thread).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction

if TYPE_CHECKING:
    from digitpad.gui.jobs.job_dialog import JobDialog

CLOSE_TIMEOUT_MS = 10_000


class Closing(enum.Enum):
    """Where closing the window stands."""

    OPEN = enum.auto()  # not asked to close
    STOPPING_JOBS = enum.auto()  # asked: the running jobs are stopping, then it closes
    CLOSE_NOW = enum.auto()  # close without waiting any longer (jobs ended, or timed out)


class JobCoordinator(QObject):
    """One model job at a time, and the close protocol around running jobs."""

    close_ready = Signal()  # closing may go on now: call the window's close() again
    status = Signal(str)  # a line for the status bar

    def __init__(self, close_timeout_ms: int = CLOSE_TIMEOUT_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.close_timeout_ms = close_timeout_ms
        self.closing = Closing.OPEN
        self._actions: dict[str, QAction] = {}  # by job name: the action that opens its dialog
        self._dialogs: dict[str, JobDialog] = {}
        self._running: set[str] = set()

    def add_action(self, name: str, action: QAction) -> None:
        self._actions[name] = action

    def add_dialog(self, name: str, dialog: JobDialog) -> None:
        """Watch `dialog`'s job; a dialog opened while another job runs starts held back."""
        self._dialogs[name] = dialog
        dialog.job_started.connect(lambda: self._set_running(name, True))
        dialog.job_ended.connect(lambda: self._set_running(name, False))
        self._update()

    def dialogs(self) -> list[JobDialog]:
        return list(self._dialogs.values())

    def running(self) -> list[JobDialog]:
        return [d for d in self._dialogs.values() if d.is_running()]

    def _set_running(self, name: str, running: bool) -> None:
        if running:
            self._running.add(name)
        else:
            self._running.discard(name)
        self._update()

    def _update(self) -> None:
        for name, action in self._actions.items():
            others = self._running - {name}
            action.setEnabled(not others)
            dialog = self._dialogs.get(name)
            if dialog is not None:
                busy = [self._dialogs[other].busy_note() for other in sorted(others)]
                dialog.set_blocked(busy[0] if busy else None)

    # Closing -------------------------------------------------------------------------------

    def may_close(self) -> bool:
        """True when the window may close now; otherwise stopping has begun (or goes on) and
        `close_ready` follows once the jobs ended or the timeout passed."""
        running = self.running()
        if not running or self.closing is Closing.CLOSE_NOW:
            self.closing = Closing.CLOSE_NOW
            return True
        if self.closing is Closing.OPEN:
            self.closing = Closing.STOPPING_JOBS
            for dialog in running:
                dialog.job_ended.connect(self._job_stopped)
                dialog.cancel()
            self.status.emit(running[0].closing_note())
            QTimer.singleShot(self.close_timeout_ms, self._timed_out)
        return False

    @Slot()
    def _job_stopped(self) -> None:
        if self.closing is Closing.STOPPING_JOBS and not self.running():
            self.close_ready.emit()

    @Slot()
    def _timed_out(self) -> None:
        if self.closing is Closing.STOPPING_JOBS:
            self.closing = Closing.CLOSE_NOW
            self.close_ready.emit()

    def stop_all(self) -> None:
        """At shut-down: ask every job to stop (never waited for here: no frozen GUI)."""
        for dialog in self._dialogs.values():
            dialog.cancel()
