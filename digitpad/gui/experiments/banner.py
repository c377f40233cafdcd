"""The line that says an experiment is on, and puts everything back with one click.

Shown at the top of the inside view and the walk-through while the network reads the
drawing with a change (the digit moved, maps off, kernels edited), so no one mistakes the
changed network for the model: "Trying: moved 2 pixels right · conv2d: maps 3, 7 off ·
kernel 5 edited", and "Put everything back".
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from digitpad.core.experiments.experiment import Experiment
from digitpad.core.experiments.maps_off import describe_maps_off
from digitpad.core.experiments.words import describe_shift
from digitpad.gui.experiments.state import ExperimentState
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import html


class ExperimentBanner(Retranslating, QFrame):
    """Says what the experiment changed; hidden while nothing is changed."""

    def __init__(self, state: ExperimentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("experiment_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setObjectName("experiment_banner_text")
        self.text.setWordWrap(True)
        self.reset = QPushButton()
        self.reset.setObjectName("experiment_reset")
        self.reset.clicked.connect(state.reset)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.reset)
        state.changed.connect(self._on_changed)
        self.retranslate()

    @Slot(object)
    def _on_changed(self, experiment: Experiment) -> None:
        self.retranslate()

    def describe(self, experiment: Experiment) -> str:
        parts = []
        if experiment.moved:
            parts.append(self.tr("moved {move}").format(move=describe_shift(*experiment.shift)))
        if experiment.off:
            parts.append(self.tr("off: {maps}").format(maps=describe_maps_off(experiment)))
        for edit in experiment.kernels:
            parts.append(
                self.tr("kernel {map} of {layer} edited").format(
                    map=edit.filter + 1, layer=edit.layer
                )
            )
        return " · ".join(parts)

    def retranslate(self) -> None:
        experiment = self.state.experiment
        self.setVisible(not experiment.is_plain)
        self.text.setText(
            "<b>" + self.tr("Trying:") + "</b> " + html(self.describe(experiment))
            if not experiment.is_plain
            else ""
        )
        self.reset.setText(self.tr("Put everything &back"))
        self.reset.setToolTip(
            self.tr("The digit where framing put it, every map on, the model's own kernels")
        )
