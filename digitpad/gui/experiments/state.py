"""The experiment the student is running, shared by every view that shows or changes it.

One `ExperimentState` per window holds the current `Experiment` (the digit moved, maps
switched off, kernels edited) and says when it changes; the window hands it to the live
prediction, so the bars, the inside view and the walk-through all read the drawing with it.
It is applied to whichever weights are in use (another model loaded keeps what still fits:
`fit_to`) and never touches them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from digitpad.core.digits import SIDE
from digitpad.core.experiments.experiment import Experiment, KernelEdit
from digitpad.core.layers.kind import LayerInfo

FARTHEST = SIDE // 2  # a move of up to half the 28×28 each way


class ExperimentState(QObject):
    """The current experiment; `changed` carries the new one."""

    changed = Signal(object)  # Experiment

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._experiment = Experiment()

    @property
    def experiment(self) -> Experiment:
        return self._experiment

    def set(self, experiment: Experiment) -> None:
        if experiment != self._experiment:
            self._experiment = experiment
            self.changed.emit(experiment)

    # Moving ------------------------------------------------------------------------------------

    def move_to(self, dx: int, dy: int) -> None:
        """Move the 28×28 to (dx, dy) from where framing put it (at most half its side)."""
        dx = max(-FARTHEST, min(FARTHEST, int(dx)))
        dy = max(-FARTHEST, min(FARTHEST, int(dy)))
        self.set(self._experiment.moved_to(dx, dy))

    def move_by(self, dx: int, dy: int) -> None:
        x, y = self._experiment.shift
        self.move_to(x + dx, y + dy)

    # Maps and kernels --------------------------------------------------------------------------

    def switch(self, layer: str, index: int, off: bool) -> None:
        self.set(self._experiment.switched(layer, index, off))

    def toggle(self, layer: str, index: int) -> None:
        self.switch(layer, index, index not in self._experiment.maps_off(layer))

    def set_maps_off(self, layer: str, indices: Iterable[int]) -> None:
        self.set(self._experiment.with_maps_off(layer, indices))

    def set_kernel(self, edit: KernelEdit) -> None:
        self.set(self._experiment.with_kernel(edit))

    def reset_kernel(self, layer: str, index: int) -> None:
        self.set(self._experiment.without_kernel(layer, index))

    def reset_kernels(self) -> None:
        self.set(Experiment(self._experiment.shift, self._experiment.off))

    def reset(self) -> None:
        """Everything back: where framing put the digit, every map on, the model's kernels."""
        self.set(Experiment())

    def fit_to(self, layers: Iterable[LayerInfo]) -> None:
        """Another network is in use: keep the move and what still fits it."""
        self.set(self._experiment.fitted_to(layers))
