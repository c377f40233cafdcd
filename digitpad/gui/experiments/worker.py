"""The experiments' heavier sums (the shift map, the ranking, a reference pass) off the GUI thread.

One long-lived worker thread runs the newest job of each kind (`submit(key, job)`; a newer
job of the same key replaces one still waiting, and the result of one overtaken while it ran
is dropped), so dragging the digit or drawing never queues stale work and the window stays
live. Results come back on the GUI thread through a queued signal. While training reads the
pad (a new network several times a second) the worker is held: each kind's newest job waits
and runs once the live reading ends, instead of a shift map or a ranking per reading.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from digitpad.gui.runtime import start_thread

log = logging.getLogger(__name__)


class ExperimentWorker(QObject):
    """Runs the newest job per key on one thread; `finished(key, result)` on the GUI thread."""

    finished = Signal(str, object)
    failed = Signal(str, str)  # key, what went wrong (logged; the view keeps its last result)
    _done = Signal(str, int, object, bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cond = threading.Condition()
        self._pending: dict[str, tuple[int, Callable[[], Any]]] = {}
        self._latest: dict[str, int] = {}
        self._count = 0
        self._stopping = False
        self._held = False  # jobs wait (newest per key) until released
        self._thread: threading.Thread | None = None
        self._done.connect(self._on_done)

    def submit(self, key: str, job: Callable[[], Any]) -> None:
        """Run `job` soon; it replaces any job of `key` not yet started."""
        with self._cond:
            self._count += 1
            self._pending[key] = (self._count, job)
            self._latest[key] = self._count
            if self._thread is None and not self._stopping:
                self._thread = start_thread(self._loop, "experiments")
            self._cond.notify_all()

    def hold(self, held: bool) -> None:
        """Hold the jobs (`held`: they wait, the newest of each key kept) or run them again."""
        with self._cond:
            self._held = held
            self._cond.notify_all()

    @property
    def held(self) -> bool:
        return self._held

    def forget(self, key: str) -> None:
        """Drop what `key` asked for: a job waiting, and the result of one running."""
        with self._cond:
            self._pending.pop(key, None)
            self._count += 1
            self._latest[key] = self._count

    def busy(self) -> bool:
        with self._cond:
            return bool(self._pending)

    def shutdown(self, timeout: float = 2.0) -> None:
        with self._cond:
            self._stopping = True
            self._pending.clear()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopping and (self._held or not self._pending):
                    self._cond.wait()
                if self._stopping:
                    return
                key = next(iter(self._pending))
                number, job = self._pending.pop(key)
            try:
                result, ok = job(), True
            except Exception as exc:  # a job's error must not end the thread
                log.warning("experiment %s failed", key, exc_info=True)
                result, ok = str(exc), False
            self._done.emit(key, number, result, ok)

    @Slot(str, int, object, bool)
    def _on_done(self, key: str, number: int, result: Any, ok: bool) -> None:
        with self._cond:
            if self._stopping or self._latest.get(key) != number:
                return  # overtaken by a newer job of the same key
        if ok:
            self.finished.emit(key, result)
        else:
            self.failed.emit(key, str(result))
