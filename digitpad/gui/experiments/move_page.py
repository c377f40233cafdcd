"""Walk-through step "Move it": the 28×28 moved by hand, the maps moving with it, every move.

Framing is bypassed: the 28×28 the network sees moves by (dx, dy) when it is dragged, an
arrow button or key is pressed, or a cell of the shift map is clicked; the pad's prediction,
the inside view and every step of the walk-through follow (the window reads the drawing
with the experiment). Beside the moved input: one feature map of each convolution and of
the pooling, from the same pass as the bars, with the pattern's box from before the move
outlined where the move takes it (the maps are the same pattern, moved), and sentences that
say so, how much the pooling absorbed, and whether the prediction holds. Under them, the
shift map and the scale and rotation rows (`ShiftMapView`), computed on the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.experiments.comparison import LayerMove, MoveComparison, compare_move
from digitpad.core.experiments.experiment import Experiment
from digitpad.core.experiments.shift_map import ShiftMap, TransformRow
from digitpad.core.experiments.words import describe_shift, move_sentences
from digitpad.gui.colours import GREY, SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.experiments.dragging import MoveByHand
from digitpad.gui.experiments.page import ExperimentPage, same_input
from digitpad.gui.experiments.shift_map_view import ShiftMapView
from digitpad.gui.labels import html, plain
from digitpad.gui.lesson.common import wrapped
from digitpad.gui.lesson.large_map import LargeMap

if TYPE_CHECKING:
    from digitpad.core.inference.activations import LayerActivation
    from digitpad.gui.experiments.state import ExperimentState
    from digitpad.gui.experiments.worker import ExperimentWorker

KEY = "move"  # the worker's job for this page
MAPS = 3  # layers with maps shown beside the input (the course: two convolutions, the pooling)
PATTERN = 0.25  # a map's pattern: its values above this share of its largest


@dataclass(frozen=True)
class Reference:
    """What every move is compared with: the pass where framing put the digit, every move."""

    framed: np.ndarray
    experiment: Experiment  # the experiment without its move
    base: object  # the weights in use it was computed with
    before: tuple[np.ndarray, ...]  # every layer's output, unmoved
    shift_map: ShiftMap
    rows: tuple[TransformRow, TransformRow]


def _compute(
    runtime: object, framed: np.ndarray, experiment: Experiment, base: object
) -> Reference:
    from digitpad.core.experiments.shift_map import shift_map, transform_rows

    layers, _features = runtime.inspect(framed)  # type: ignore[attr-defined]
    before = tuple(np.asarray(a.values) for a in layers)
    found = shift_map(runtime, framed)  # type: ignore[arg-type]
    rows = transform_rows(runtime, framed)  # type: ignore[arg-type]
    return Reference(framed, experiment, base, before, found, rows)


def _box(values: np.ndarray) -> tuple[int, int, int, int] | None:
    """(first row, first col, last row, last col) around a map's pattern, or None if blank."""
    top = float(values.max()) if values.size else 0.0
    if top <= 0:
        return None
    rows, cols = np.nonzero(values > PATTERN * top)
    return int(rows.min()), int(cols.min()), int(rows.max()), int(cols.max())


class MovePage(ExperimentPage):
    """Move the drawing by hand and watch the layers (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference: Reference | None = None
        self.comparison: MoveComparison | None = None
        self._channels: dict[str, int] = {}  # picked by the student, by layer
        self._build()
        self.retranslate()

    # Building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.arrows: dict[tuple[int, int], QToolButton] = {}
        controls = QHBoxLayout()
        for move, arrow in (
            ((-1, 0), Qt.ArrowType.LeftArrow),
            ((0, -1), Qt.ArrowType.UpArrow),
            ((0, 1), Qt.ArrowType.DownArrow),
            ((1, 0), Qt.ArrowType.RightArrow),
        ):
            button = QToolButton()
            button.setArrowType(arrow)
            button.setAutoRepeat(True)
            button.setObjectName(f"move_{move[0]}_{move[1]}")
            button.clicked.connect(partial(self._move_by, *move))
            self.arrows[move] = button
            controls.addWidget(button)
        self.back = QPushButton()
        self.back.setObjectName("move_back")
        self.back.clicked.connect(partial(self._move_to, 0, 0))
        controls.addWidget(self.back)
        self.where = QLabel()
        self.where.setObjectName("move_where")
        self.where.setWordWrap(True)
        controls.addWidget(self.where, 1)

        self.picks = QHBoxLayout()
        self.spins: dict[str, QSpinBox] = {}
        self.spin_labels: dict[str, QLabel] = {}
        self.picks.addStretch(1)

        self.input_caption = wrapped()
        self.input_map = LargeMap(GREY)
        self.input_map.setObjectName("move_input")
        self.maps: list[tuple[QLabel, LargeMap]] = []
        grid = QGridLayout()
        grid.addWidget(self.input_caption, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.input_map, 1, 0, Qt.AlignmentFlag.AlignTop)
        for i in range(MAPS):
            caption, view = plain(wrapped()), LargeMap(SEQUENTIAL)  # names a layer
            view.setObjectName(f"move_map_{i}")
            grid.addWidget(caption, 0, i + 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(view, 1, i + 1, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(i + 1, 1)
            self.maps.append((caption, view))
        grid.setColumnStretch(0, 1)
        self.sentences = wrapped()
        self.sentences.setObjectName("move_sentences")
        self.shift_view = ShiftMapView()
        self.shift_view.move_asked.connect(self._move_to)
        self.every_move = wrapped()
        self.every_move.setObjectName("move_every_sentences")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addLayout(self.picks)
        layout.addLayout(grid)
        layout.addWidget(self.sentences)
        layout.addWidget(self.shift_view)
        layout.addWidget(self.every_move)
        layout.addStretch(1)

    def attach(self, state: ExperimentState, worker: ExperimentWorker) -> None:
        super().attach(state, worker)
        self.dragger = MoveByHand(self.input_map, state, self.input_map.cell_size)

    # Moving ------------------------------------------------------------------------------------

    def _move_by(self, dx: int, dy: int) -> None:
        if self.state is not None:
            self.state.move_by(dx, dy)

    def _move_to(self, dx: int, dy: int) -> None:
        if self.state is not None:
            self.state.move_to(dx, dy)

    # Data --------------------------------------------------------------------------------------

    def _shown(self) -> list[LayerActivation]:
        """The layers with maps the page shows beside the input (those the inside view shows)."""
        if self.inspection is None:
            return []
        return [a for a in self.inspection.layers if a.is_map and a.info.kind.shown][:MAPS]

    def refresh(self) -> None:
        inspection = self.inspection
        if inspection is None or inspection.framed is None:
            return
        reference = self.reference
        unmoved = inspection.experiment.moved_to(0, 0)
        current = (
            reference is not None
            and reference.base is inspection.base
            and reference.experiment == unmoved
            and same_input(reference.framed, inspection.framed)
        )
        if not current and self.worker is not None and inspection.runtime is not None:
            job = partial(_compute, inspection.runtime, inspection.framed, unmoved, inspection.base)
            self.worker.submit(KEY, job)
        if not current:
            reference = None
        self._show(reference)

    def _on_finished(self, key: str, result: object) -> None:
        if key == KEY and isinstance(result, Reference):
            self.reference = result
            if self.inspection is not None:
                self._show(result)

    def _show(self, reference: Reference | None) -> None:
        inspection = self.inspection
        assert inspection is not None
        dx, dy = inspection.experiment.shift
        self.input_map.set_values(inspection.prediction.input, 0.0, 1.0)
        shown = self._shown()
        self._ensure_spins(shown, reference)
        self.comparison = None
        if reference is not None:
            infos = [a.info for a in inspection.layers]
            after = [np.asarray(a.values) for a in inspection.layers]
            self.comparison = compare_move(infos, list(reference.before), after, (dx, dy))
        names = [a.name for a in inspection.layers]
        for i, (caption, view) in enumerate(self.maps):
            visible = i < len(shown)
            caption.setVisible(visible)
            view.setVisible(visible)
            if not visible:
                continue
            layer = shown[i]
            channel = self._channel(layer.name, shown)
            values = np.asarray(layer.values)[:, :, channel]
            lo, hi = layer_scale(np.asarray(layer.values))
            view.set_values(values, lo, hi)
            outline = None
            moved = self._layer_move(layer.name)
            if reference is not None and moved is not None and moved.same and (dx, dy) != (0, 0):
                before = reference.before[names.index(layer.name)][:, :, channel]
                box = _box(before)
                if box is not None:
                    ox, oy = int(moved.move[0]), int(moved.move[1])
                    outline = (box[0] + oy, box[1] + ox, box[2] + oy, box[3] + ox)
            view.set_overlay(window=outline)
            caption.setText(
                self.tr("{layer} · map {map} · colour {scale}").format(
                    layer=layer.name, map=channel + 1, scale=format_scale(lo, hi)
                )
            )
            view.setAccessibleName(caption.text())
        self.shift_view.show_results(
            reference.shift_map if reference else None, reference.rows if reference else None
        )
        self.shift_view.mark(dx, dy)
        self._say(reference)

    def _layer_move(self, name: str) -> LayerMove | None:
        if self.comparison is None:
            return None
        return next((m for m in self.comparison.layers if m.name == name), None)

    def _channel(self, name: str, shown: list[LayerActivation]) -> int:
        """The map shown for a layer: the student's pick, or (a layer without a pick of its
        own, the pooling) the pick of the layer before it."""
        index = [a.name for a in shown].index(name)
        layer = shown[index]
        if name in self.spins:
            return min(self.spins[name].value() - 1, layer.info.size - 1)
        for earlier in reversed(shown[:index]):
            if earlier.name in self.spins and earlier.info.size == layer.info.size:
                return self.spins[earlier.name].value() - 1
        return 0

    def _ensure_spins(self, shown: list[LayerActivation], reference: Reference | None) -> None:
        """A "map" spin box for each convolution shown, set to its most active map at first."""
        wanted = [a for a in shown if a.info.kind.unshared is not None]
        if [a.name for a in wanted] != list(self.spins):
            for name in list(self.spins):
                self.picks.removeWidget(self.spins[name])
                self.picks.removeWidget(self.spin_labels[name])
                self.spins.pop(name).deleteLater()
                self.spin_labels.pop(name).deleteLater()
            for i, layer in enumerate(wanted):
                label, spin = plain(QLabel()), QSpinBox()  # names a layer
                spin.setObjectName(f"move_channel_{i}")
                label.setBuddy(spin)
                spin.setRange(1, layer.info.size)
                values = np.asarray(layer.values)
                most = int(values.reshape(-1, values.shape[-1]).sum(axis=0).argmax())
                spin.setValue(self._channels.get(layer.name, most) + 1)
                spin.valueChanged.connect(partial(self._on_spin, layer.name))
                self.picks.insertWidget(2 * i, label)
                self.picks.insertWidget(2 * i + 1, spin)
                self.spins[layer.name] = spin
                self.spin_labels[layer.name] = label
            self._label_spins()

    def _on_spin(self, name: str, value: int) -> None:
        self._channels[name] = value - 1
        if self.inspection is not None:
            self._show(self.reference if self.reference is not None else None)

    # Texts -------------------------------------------------------------------------------------

    def _say(self, reference: Reference | None) -> None:
        inspection = self.inspection
        if inspection is None:
            return
        dx, dy = inspection.experiment.shift
        self.where.setText(describe_shift(dx, dy))
        self.back.setEnabled((dx, dy) != (0, 0))
        if (dx, dy) == (0, 0):
            where = self.tr(
                "The 28×28 the network sees, where framing put it: drag it or use the arrows"
            )
        else:
            where = self.tr("The 28×28 the network sees, moved {move}: drag it or use the arrows")
        self.input_caption.setText(where.format(move=describe_shift(dx, dy)))
        if self.comparison is None:
            self.sentences.setText(self.tr("Comparing with where framing put it…"))
        else:
            names = tuple(a.name for a in self._shown())
            self.sentences.setText(
                "<br>".join(html(s) for s in move_sentences(self.comparison, names))
            )
        if reference is None:
            self.every_move.setText("")
        else:
            from digitpad.core.experiments.words import row_sentences, shift_sentences

            # The map's caption already says what a cell is.
            said = shift_sentences(reference.shift_map)[1:] + row_sentences(*reference.rows)
            self.every_move.setText("<br>".join(html(s) for s in said))

    def _label_spins(self) -> None:
        for name, label in self.spin_labels.items():
            label.setText(self.tr("Map of {layer}:").format(layer=name))

    def retranslate(self) -> None:
        self.back.setText(self.tr("&Back where framing put it"))
        self.back.setToolTip(self.tr("Undo the move (Home on the 28×28)"))
        tips = {
            (-1, 0): self.tr("One pixel left"),
            (1, 0): self.tr("One pixel right"),
            (0, -1): self.tr("One pixel up"),
            (0, 1): self.tr("One pixel down"),
        }
        for move, button in self.arrows.items():
            button.setToolTip(tips[move])
            button.setAccessibleName(tips[move])
        self.input_map.setAccessibleName(self.tr("The moved 28×28: arrow keys move it"))
        self._label_spins()
        if self.inspection is not None:
            self._say(self.reference)
