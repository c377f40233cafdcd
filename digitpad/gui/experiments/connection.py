"""Try it on the network, wired into the window: one experiment for the live prediction and
both docks.

`Experiments` owns the window's `ExperimentState` and `ExperimentWorker`, gives them to the
inside view and the walk-through, and hands the experiment to the live prediction while
either dock is open; with both closed the pad reads the drawing as it is (an experiment no
one can see must not change the bars), and opening one brings the experiment back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from digitpad.gui.experiments.state import ExperimentState
from digitpad.gui.experiments.worker import ExperimentWorker

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.gui.inside.dock import InsideDock
    from digitpad.gui.lesson.dock import LessonDock
    from digitpad.gui.pad.prediction_service import PredictionService


class Experiments(QObject):
    """The window's experiment, its worker, and who hears of it."""

    def __init__(
        self,
        service: PredictionService,
        inside: InsideDock,
        lesson: LessonDock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.docks = (inside, lesson)
        self.state = ExperimentState(self)
        self.worker = ExperimentWorker(self)
        inside.attach_experiments(self.state)
        lesson.attach_experiments(self.state, self.worker)
        self.state.changed.connect(self.apply)
        for dock in self.docks:
            dock.visibilityChanged.connect(self.apply)
        self.apply()

    @Slot()
    def apply(self, *_args: object) -> None:
        """The live prediction reads with the experiment while a dock that shows it is open."""
        shown = any(dock.isVisible() for dock in self.docks)
        self.service.set_experiment(self.state.experiment if shown else None)

    def fit_to(self, predictor: Predictor) -> None:
        """Another model (or snapshot of weights) is in use: keep what of the experiment
        still fits it; only the move, for a model Keras computes (no map can be switched
        off or kernel edited in its pass)."""
        self.state.fit_to(predictor.layers)
        if predictor.uses_keras:
            self.state.set(self.state.experiment.without_changes_to_network())

    def shutdown(self) -> None:
        self.worker.shutdown()
