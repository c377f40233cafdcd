"""Walk-through step "Switch maps off": click a feature map to set its output to 0.

Each convolution's maps are a grid of tiles, as the inside view draws them (numbered from 1,
their activations from the same pass as the bars): clicking a tile, or Space on the picked
one, switches that map off (crossed out: its output becomes 0) or back on, and the bars, the
inside view, the later steps and which pixels decided it follow at once. "Which maps matter
for this drawing" ranks each layer's maps by how much switching each off alone lowers the
probability of the digit read, computed on the worker in one batch per layer
(`core.experiments.ranking`); one click switches off the few that matter most.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from digitpad.core.experiments.experiment import Experiment
from digitpad.core.experiments.ranking import LayerRanking
from digitpad.core.experiments.words import log_odds, percent, ranking_sentences
from digitpad.gui.colours import SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.experiments.page import ExperimentPage, same_input
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.labels import as_written, bold, html
from digitpad.gui.lesson.common import table, wrapped

if TYPE_CHECKING:
    from digitpad.core.inference.network import Network

KEY = "ranking"
TOP = 5  # maps listed per layer
SWITCH_OFF = 3  # "switch off the 3 that matter most"


class SwitchGrid(FeatureGrid):
    """A layer's maps; a click (or Space on the picked tile) asks to switch one off or on."""

    switch_asked = Signal(int)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if event.button() == Qt.MouseButton.LeftButton and found is not None:
            self.set_selected(found[0])
            self.switch_asked.emit(found[0])
        else:
            super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        picked = self.selected()
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if picked is not None:
                self.switch_asked.emit(picked)
            event.accept()
            return
        super().keyPressEvent(event)


def _rank(network: Network, image: np.ndarray, layers: tuple[str, ...]) -> tuple[LayerRanking, ...]:
    from digitpad.core.experiments.ranking import rank_maps

    return tuple(rank_maps(network, image, layer) for layer in layers)


class MapsOffPage(ExperimentPage):
    """Switch any map of the convolutions off and see what follows (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rankings: tuple[LayerRanking, ...] = ()
        self._ranked_for: tuple[np.ndarray, Experiment, object] | None = None
        self.grids: dict[str, SwitchGrid] = {}
        self.captions: dict[str, QLabel] = {}
        self.all_on: dict[str, QPushButton] = {}
        self.ranking_texts: dict[str, QLabel] = {}
        self.top_buttons: dict[str, QPushButton] = {}
        self.layers_widget: QWidget | None = None  # the grids, made for the model's layers
        self.ranking_widget: QWidget | None = None
        self.layers_box = QVBoxLayout()
        self.heading = bold()
        self.ranking_box = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.layers_box)
        layout.addWidget(self.heading)
        layout.addLayout(self.ranking_box)
        layout.addStretch(1)
        self.retranslate()

    # Building ----------------------------------------------------------------------------------

    def _layers(self) -> tuple[str, ...]:
        from digitpad.core.experiments.ranking import maps_layers

        network = self.inspection.base_network if self.inspection is not None else None
        return () if network is None else maps_layers(network)

    def _ensure(self, layers: tuple[str, ...]) -> None:
        """A grid and a ranking for each layer (made anew for another model's layers)."""
        if tuple(self.grids) == layers:
            return
        for old in (self.layers_widget, self.ranking_widget):
            if old is not None:
                old.setParent(None)
                old.deleteLater()
        self.grids, self.captions, self.all_on = {}, {}, {}
        self.ranking_texts, self.top_buttons = {}, {}
        self.layers_widget, self.ranking_widget = QWidget(), QWidget()
        grids, rankings = QVBoxLayout(self.layers_widget), QVBoxLayout(self.ranking_widget)
        for box in (grids, rankings):
            box.setContentsMargins(0, 0, 0, 0)
        for i, name in enumerate(layers):
            caption = wrapped()
            grid = SwitchGrid(16, SEQUENTIAL, min_tile=14)
            grid.setObjectName(f"maps_off_grid_{i}")
            grid.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            grid.switch_asked.connect(partial(self._toggle, name))
            on = QPushButton()
            on.setObjectName(f"maps_off_all_on_{i}")
            on.clicked.connect(partial(self._all_on, name))
            row = QHBoxLayout()
            row.addWidget(caption, 1)
            row.addWidget(on, 0, Qt.AlignmentFlag.AlignTop)
            grids.addLayout(row)
            grids.addWidget(grid)
            text = wrapped()
            text.setObjectName(f"maps_off_ranking_{i}")
            top = QPushButton()
            top.setObjectName(f"maps_off_top_{i}")
            top.clicked.connect(partial(self._switch_off_top, name))
            rankings.addWidget(text)
            rankings.addWidget(top, 0, Qt.AlignmentFlag.AlignLeft)
            self.grids[name], self.captions[name], self.all_on[name] = grid, caption, on
            self.ranking_texts[name], self.top_buttons[name] = text, top
            caption.setBuddy(grid)
        self.layers_box.addWidget(self.layers_widget)
        self.ranking_box.addWidget(self.ranking_widget)
        self.retranslate()

    # Acting ------------------------------------------------------------------------------------

    def _toggle(self, layer: str, index: int) -> None:
        if self.state is not None:
            self.state.toggle(layer, index)

    def _all_on(self, layer: str) -> None:
        if self.state is not None:
            self.state.set_maps_off(layer, ())

    def _switch_off_top(self, layer: str) -> None:
        ranking = next((r for r in self.rankings if r.layer == layer), None)
        if ranking is None or self.state is None:
            return
        off = set(self.state.experiment.maps_off(layer))
        self.state.set_maps_off(layer, off | {e.index for e in ranking.top(SWITCH_OFF)})

    # Showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        inspection = self.inspection
        if inspection is None:
            return
        layers = self._layers()
        self._ensure(layers)
        experiment = inspection.experiment
        by_name = {a.name: a for a in inspection.layers}
        for name in layers:
            layer = by_name[name]
            values = np.asarray(layer.values)
            lo, hi = layer_scale(values)
            grid = self.grids[name]
            grid.set_maps(values, lo, hi)
            off = experiment.maps_off(name)
            grid.set_crossed(off)
            self.all_on[name].setEnabled(bool(off))
            self.captions[name].setText(
                "<b>"
                + self.tr("{layer}: %n feature map(s)", "", layer.info.size).format(
                    layer=html(name)
                )
                + "</b> · "
                + self.tr("%n off", "", len(off))
                + " · "
                + self.tr("colour {scale}").format(scale=format_scale(lo, hi))
                + "<br>"
                + self.tr(
                    "Click a map to switch it off (crossed out: its output is 0); again to "
                    "switch it back on."
                )
            )
            grid.setAccessibleName(self.tr("Feature maps of {layer}").format(layer=name))
        self._rank_if_needed(layers)
        self._show_rankings()

    def _rank_if_needed(self, layers: tuple[str, ...]) -> None:
        inspection = self.inspection
        if inspection is None or inspection.network is None or self.worker is None:
            return
        image = np.asarray(inspection.prediction.input)
        key = (image, inspection.experiment, inspection.base)
        done = self._ranked_for
        if done is not None and same_input(done[0], image) and done[1:] == key[1:]:
            return
        self._ranked_for = key
        self.rankings = ()
        self.worker.submit(KEY, partial(_rank, inspection.network, image, layers))

    def _on_finished(self, key: str, result: object) -> None:
        if key == KEY and isinstance(result, tuple):
            self.rankings = result
            self._show_rankings()

    def _show_rankings(self) -> None:
        self.heading.setText(self.tr("Which maps matter for this drawing"))
        for name, text in self.ranking_texts.items():
            ranking = next((r for r in self.rankings if r.layer == name), None)
            button = self.top_buttons[name]
            button.setText(
                self.tr("Switch off the %n of {layer} that matter most", "", SWITCH_OFF).format(
                    layer=name
                )
            )
            button.setEnabled(ranking is not None)
            if ranking is None:
                text.setText(self.tr("{layer}: ranking its maps…").format(layer=html(name)))
                continue
            rows = [
                [
                    str(e.index + 1),
                    percent(e.probability),
                    log_odds(e.log_odds),
                    str(e.digit) if e.digit != ranking.digit else "",
                ]
                for e in ranking.top(TOP)
            ]
            header = [
                self.tr("map off"),
                self.tr("probability of {digit}").format(digit=ranking.digit),
                self.tr("log-odds"),
                self.tr("now reads"),
            ]
            words = "<br>".join(html(s) for s in ranking_sentences(ranking))
            text.setText(words + table(header, rows))

    def retranslate(self) -> None:
        for name, button in self.all_on.items():
            button.setText(self.tr("All maps on"))
            button.setToolTip(
                as_written(self.tr("Switch every map of {layer} back on").format(layer=name))
            )
        if self.inspection is not None:
            self.refresh()
