"""What the walk-through's experiment pages share: the experiment they change, the worker for
their heavier sums, and the pass they are shown with.

An `ExperimentPage` is a walk-through page (`gui.lesson.common.Page`) that also gets the
window's `ExperimentState` and `ExperimentWorker` (`attach`) and the inspection the lesson
was built from (`show_inspection`): a `TriedInspection`, which carries the drawing as framed,
the experiment it was read with and the networks before and after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from digitpad.gui.lesson.common import Page

if TYPE_CHECKING:
    from digitpad.core.experiments.tried import TriedInspection
    from digitpad.core.inference.prediction import Inspection
    from digitpad.gui.experiments.state import ExperimentState
    from digitpad.gui.experiments.worker import ExperimentWorker


class ExperimentPage(Page):
    """A walk-through page that runs an experiment on the network."""

    state: ExperimentState | None = None
    worker: ExperimentWorker | None = None
    inspection: TriedInspection | None = None

    def attach(self, state: ExperimentState, worker: ExperimentWorker) -> None:
        self.state, self.worker = state, worker
        worker.finished.connect(self._on_finished)

    def show_inspection(self, inspection: Inspection | None) -> None:
        from digitpad.core.experiments.tried import TriedInspection

        self.inspection = inspection if isinstance(inspection, TriedInspection) else None

    def _on_finished(self, key: str, result: object) -> None:
        """A job this page (or another) submitted is done: pages filter on their own keys."""


def same_input(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return a is not None and b is not None and a.shape == b.shape and bool(np.array_equal(a, b))
