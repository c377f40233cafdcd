"""Live prediction: the newest drawing on one long-lived worker thread, stale ones dropped.

The GUI thread posts each drawing with `request()` (never waiting); the worker
frames and classifies the newest one when it is free, and, while the inside
view is open, returns every layer's activations from the same forward pass.
Results come back through a queued signal; a result for a drawing cleared in
the meantime is dropped. Reading a drawing is the `Backend`'s `predict`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from digitpad.core.inference.prediction import Inspection
from digitpad.gui.backend import Backend
from digitpad.gui.errors import describe_error
from digitpad.gui.runtime import start_thread

if TYPE_CHECKING:
    from digitpad.core.experiments.experiment import Experiment
    from digitpad.core.inference.predictor import Predictor


class PredictionService(QObject):
    """Predicts the newest drawing on a worker thread; stale requests are dropped.

    `request()` never waits: it replaces whatever drawing is pending. The
    worker takes the pending drawing when it is free, so at most one
    prediction runs and one waits. Until a predictor is set, requests wait;
    setting one predicts the newest drawing at once (drawn while loading).
    """

    predicted = Signal(object)  # Prediction | None (None: nothing drawn)
    inspected = Signal(object)  # Inspection, before `predicted`, while inspecting is on
    failed = Signal(str)
    # (generation, read with an experiment, Prediction | None | Exception, Predictor), from the
    # worker
    _result = Signal(object)

    def __init__(self, backend: Backend | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend or Backend()
        self._cond = threading.Condition()
        self._pending: tuple[int, np.ndarray, bool] | None = None
        self._last_image: tuple[np.ndarray, bool] | None = None
        self._inspect = False  # also compute every layer's activations (the inside view)
        self._experiment: Experiment | None = None  # read the drawing with it (None: as it is)
        self._predictor: Predictor | None = None
        self._generation = 0
        self._floor = 0  # results of requests older than this are stale (cleared since)
        self._stopping = False
        self._thread: threading.Thread | None = None
        self.reader: Predictor | None = None  # what read the result being emitted
        self._result.connect(self._on_result)

    @property
    def predictor(self) -> Predictor | None:
        return self._predictor

    def start(self) -> None:
        if self._thread is None:
            self._thread = start_thread(self._loop, "predict")

    def set_predictor(self, predictor: Predictor) -> None:
        """Use `predictor` from now on, and predict the newest drawing with it."""
        with self._cond:
            self._predictor = predictor
            self._repeat_last()
            self._cond.notify_all()

    def set_inspecting(self, on: bool) -> None:
        """Also send every layer's activations (`inspected`); turning it on re-predicts."""
        with self._cond:
            changed = on != self._inspect
            self._inspect = on
            if changed and on:
                self._repeat_last()
            self._cond.notify_all()

    def set_experiment(self, experiment: Experiment | None) -> None:
        """Read every drawing with `experiment` from now on (None: as it is, without saying
        what it was read with), starting with the newest one."""
        with self._cond:
            changed = experiment != self._experiment
            self._experiment = experiment
            if changed:
                self._repeat_last()
            self._cond.notify_all()

    def _repeat_last(self) -> None:
        if self._last_image is not None and self._pending is None:
            self._generation += 1
            self._pending = (self._generation, *self._last_image)

    def request(self, image: np.ndarray, *, framed: bool = False) -> None:
        """Predict `image` (the caller's copy) as soon as the worker is free.

        `framed`: `image` is already a (28, 28) float array in [0, 1], as MNIST
        frames digits (a test image put on the pad), so it is not framed again.
        """
        with self._cond:
            self._generation += 1
            self._pending = (self._generation, image, framed)
            self._last_image = (image, framed)
            self._cond.notify_all()

    def clear(self) -> None:
        """The pad was cleared: forget pending work and drop results still in flight."""
        with self._cond:
            self._generation += 1
            self._floor = self._generation
            self._pending = None
            self._last_image = None

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the worker; True when it ended within `timeout` seconds."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        """The worker: wait for a drawing, predict it, send (generation, result) back."""
        while True:
            with self._cond:
                while not self._stopping and (self._pending is None or self._predictor is None):
                    self._cond.wait()
                if self._stopping:
                    return
                assert self._pending is not None and self._predictor is not None
                (generation, image, framed), self._pending = self._pending, None
                predictor = self._predictor
                inspect = self._inspect
                experiment = self._experiment
            try:
                # The views that inspect (inside the network, the walk-through) also show
                # every layer and which pixels decided it, from the same forward pass.
                more: dict[str, Any] = {} if experiment is None else {"experiment": experiment}
                result: Any = self.backend.predict(
                    predictor, image, framed=framed, inspect=inspect, **more
                )
            except Exception as exc:
                result = exc
            self._result.emit((generation, experiment is not None, result, predictor))

    @Slot(object)
    def _on_result(self, item: tuple[int, bool, Any, Predictor]) -> None:
        generation, experimenting, result, predictor = item
        if generation < self._floor or self._stopping:
            return
        if experimenting != (self._experiment is not None):
            return  # read before the experiments came on or went off: a newer reading follows
        self.reader = predictor  # listeners can tell which network it was (training's?)
        if isinstance(result, Exception):
            self.failed.emit(describe_error(result, "recognizing the drawing"))
        elif isinstance(result, Inspection):
            self.inspected.emit(result)
            self.predicted.emit(result.prediction)
        else:
            self.predicted.emit(result)
