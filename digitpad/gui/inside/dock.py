"""Inside the network: every layer's activations for the drawing on the pad, live.

A dock beside the pad. From one forward pass (done on the prediction thread,
see `core.inference.prediction.Inspection`) it shows the 28×28 input, the
feature maps of each convolution and of the pooling, the dense neurons and the
ten outputs, each layer as a grid of small images with one stated colour scale.
Clicking a tile enlarges it (or, with a grid focused, the arrow keys); the first
convolution's 3×3 kernels are shown too, and hovering a pixel of one of its
feature maps spells out the arithmetic behind it (`PixelArithmetic`: the
lesson's worked convolution, `ConvWorked`, at that pixel): that map is enlarged,
the 3×3 patch is outlined on the input and the pixel on the map, so the
enlarged map and the arithmetic always describe the same layer. Maps are
numbered from 1, as everywhere a person reads them. Right-clicking a grid exports it as a
captioned PNG.

The column of captioned grids is `layer_grids.LayerGrids`; this dock puts the
enlarged map and the arithmetic above it. Every text is made from the
remembered state in `retranslate()`, so a language switch rewrites captions,
the enlarged map's label and the arithmetic at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.layers.kinds import conv
from digitpad.core.layers.values import ordinal
from digitpad.gui.adaptive import SideBySide, VerticalScrollArea
from digitpad.gui.colours import SEQUENTIAL, format_scale
from digitpad.gui.i18n import Retranslating
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.inside.layer_grids import (
    INPUT,
    INPUT_SIDE,
    KERNELS,
    SALIENCY,
    LayerGrids,
    arithmetic_shown,
)
from digitpad.gui.inside.pixel_arithmetic import PixelArithmetic
from digitpad.gui.labels import html
from digitpad.gui.replay.time_slider import TrainingTimeSlider
from digitpad.gui.zoom import follow_zoom

if TYPE_CHECKING:
    from digitpad.core.inference.prediction import Inspection
    from digitpad.gui.experiments.state import ExperimentState

ENLARGED_SIDE = INPUT_SIDE  # at zoom 1, as the input beside it
GRIDS_LEAST = 120  # the grids' scroll area's least height at zoom 1


class InsideDock(Retranslating, QDockWidget):
    """The dock. `show_inspection` takes one `Inspection` from the prediction thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inside_dock")
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.layer_grids = LayerGrids()
        self.layer_grids.tile_clicked.connect(self.enlarge)
        self.layer_grids.pixel_hovered.connect(self.show_arithmetic)
        self.grids = self.layer_grids.grids  # by layer name, plus INPUT, SALIENCY and KERNELS
        self.captions = self.layer_grids.captions
        self.arithmetic: conv.ConvWorked | None = None  # the pixel's sum shown, if any
        self._enlarged_key: tuple[str, int] | None = None
        self._hovered: tuple[int, int, int] | None = None  # first-conv (map, row, column)
        self._arithmetic_at: tuple[int, int, int] | None = None  # where `arithmetic` is from
        self.experiments: ExperimentState | None = None  # `attach_experiments`

        self.details = self._build_details()
        self.details_area = VerticalScrollArea(self.details, fit_height=True)  # if it must
        self.details_area.setObjectName("inside_details")
        self.scroll_area = VerticalScrollArea(self.layer_grids)
        self.training_time = TrainingTimeSlider()  # the run's snapshots (issue 24)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addWidget(self.training_time)
        self._outer = outer
        outer.addWidget(self.details_area)
        outer.addWidget(self.scroll_area, 1)
        self.setWidget(body)
        follow_zoom(self, self._on_zoom)
        self.retranslate()

    def _on_zoom(self, factor: float) -> None:
        side = round(ENLARGED_SIDE * factor)
        self.enlarged.setFixedSize(side, side)
        self.grids[INPUT].setFixedWidth(side)
        self.scroll_area.setMinimumHeight(round(GRIDS_LEAST * factor))
        self.details_area.keep_in_sight(self.pictures)

    def attach_experiments(self, state: ExperimentState) -> None:
        """Let the student move the input by hand and switch an enlarged map off (`state`);
        a banner says when an experiment is on."""
        from digitpad.gui.experiments.banner import ExperimentBanner
        from digitpad.gui.experiments.dragging import MoveByHand

        self.experiments = state
        self.layer_grids.input_tip_kept = True  # retranslate says how to move it
        self.banner = ExperimentBanner(state)
        self._outer.insertWidget(0, self.banner)
        grid = self.grids[INPUT]
        self.mover = MoveByHand(grid, state, lambda: self._input_cell(grid))
        self.retranslate()

    @staticmethod
    def _input_cell(grid: FeatureGrid) -> float:
        """The side of one of the 28×28's pixels on the input grid (0: nothing shown)."""
        _height, width = grid.tile_shape()
        return grid.tile_rect(0).width() / width if grid.count() and width else 0.0

    def _switchable(self) -> tuple[str, ...]:
        from digitpad.core.experiments.ranking import maps_layers
        from digitpad.core.experiments.tried import TriedInspection

        inspection = self.inspection
        if self.experiments is None or not isinstance(inspection, TriedInspection):
            return ()
        base = inspection.base_network
        return () if base is None else maps_layers(base)

    def _refresh_switch(self) -> None:
        """The enlarged map's "switch it off" box, for a convolution's map."""
        key = self._enlarged_key
        shown = key is not None and key[0] in self._switchable()
        self.switch_off.setVisible(shown)
        if not shown or key is None or self.experiments is None:
            return
        layer, index = key
        self.switch_off.blockSignals(True)
        self.switch_off.setChecked(index in self.experiments.experiment.maps_off(layer))
        self.switch_off.blockSignals(False)
        self.switch_off.setText(
            self.tr("Switch map {map} off (its output becomes 0)").format(map=index + 1)
        )

    @Slot(bool)
    def _on_switch_off(self, off: bool) -> None:
        key = self._enlarged_key
        if key is not None and self.experiments is not None:
            self.experiments.switch(key[0], key[1], off)

    def _cross_out(self) -> None:
        from digitpad.core.experiments.tried import TriedInspection

        inspection = self.inspection
        experiment = inspection.experiment if isinstance(inspection, TriedInspection) else None
        for name, grid in self.grids.items():
            grid.set_crossed(experiment.maps_off(name) if experiment is not None else ())
        key = self._enlarged_key  # the enlarged map crossed out too, when it is one of them
        off = experiment is not None and key is not None and key[1] in experiment.maps_off(key[0])
        self.enlarged.set_crossed((0,) if off else ())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inside the network"))
        if self.experiments is not None:
            self.grids[INPUT].setToolTip(
                self.tr(
                    "Drag to move the 28×28 the network sees (arrow keys: one pixel; Home: back); "
                    "click to enlarge"
                )
            )
        self._refresh_switch()
        self.enlarged.placeholder = self.tr("Click a map")
        self.enlarged.setAccessibleName(self.tr("Enlarged map"))
        self.enlarged.update()
        self._refresh_enlarged_label()

    # Building ----------------------------------------------------------------------------------

    def _build_details(self) -> SideBySide:
        """The input (the hovered pixel's patch outlined on it) and the enlarged map side by
        side, their captions under them; the arithmetic beside them, or under them when the
        dock is narrow. Outside the grids' scroll area: in sight while the maps are hovered."""
        input_caption, input_grid = self.layer_grids.take_input()
        self.enlarged = FeatureGrid(1, SEQUENTIAL, min_tile=ENLARGED_SIDE)
        self.enlarged.setObjectName("enlarged_map")
        self.enlarged.setFixedSize(ENLARGED_SIDE, ENLARGED_SIDE)
        self.enlarged_label = QLabel()
        self.enlarged_label.setObjectName("enlarged_label")
        self.enlarged_label.setWordWrap(True)
        self.enlarged_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        input_caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pixel_arithmetic = PixelArithmetic()
        self.switch_off = QCheckBox()  # the enlarged map switched off (an experiment)
        self.switch_off.setObjectName("inside_switch_off")
        self.switch_off.setVisible(False)
        self.switch_off.toggled.connect(self._on_switch_off)
        self.pictures = QWidget()
        pictures = QGridLayout(self.pictures)
        pictures.setContentsMargins(0, 0, 0, 0)
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        pictures.addWidget(input_grid, 0, 0, top_left)
        pictures.addWidget(self.enlarged, 0, 1, top_left)
        pictures.addWidget(input_caption, 1, 0)
        pictures.addWidget(self.enlarged_label, 1, 1)
        pictures.addWidget(self.switch_off, 2, 1)
        pictures.setColumnStretch(0, 1)
        pictures.setColumnStretch(1, 1)
        pictures.setRowStretch(3, 1)
        return SideBySide(self.pictures, self.pixel_arithmetic, stretches=(0, 1))

    # Texts -------------------------------------------------------------------------------------

    def _refresh_enlarged_label(self) -> None:
        key_index = self._enlarged_key
        grid = self.grids.get(key_index[0]) if key_index is not None else None
        values = grid.values() if grid is not None else None
        if key_index is None or grid is None or values is None or key_index[1] >= values.shape[2]:
            self.enlarged_label.setText(self.tr("Click a map to enlarge it."))
            return
        key, index = key_index
        one = values[:, :, index]
        lo, hi = grid.scale()
        count = values.shape[2]
        if key == INPUT:
            name = self.tr("input")
        elif key == SALIENCY:
            name = self.tr("which pixels decided it")
        elif key == KERNELS:
            name = self.tr("first-convolution kernel")
        else:
            name = key
        if values.shape[:2] == (1, 1):
            which = self.tr("neuron {index} of {count}")
        else:
            which = self.tr("map {index} of {count}")
        lines = [
            f"<b>{html(shown(name, QUOTED_CHARS))}</b> · "  # a layer's name: from a file
            + which.format(index=ordinal(index), count=count),
            self.tr("values {range}").format(
                range=format_scale(float(one.min()), float(one.max()))
            ),
            self.tr("colour scale {scale}").format(scale=format_scale(lo, hi)),
        ]
        self.enlarged_label.setText("<br>".join(lines))

    # Updating ----------------------------------------------------------------------------------

    @property
    def inspection(self) -> Inspection | None:
        """The forward pass shown (None: the pad is blank)."""
        return self.layer_grids.inspection

    @Slot(object)
    def show_inspection(self, inspection: Inspection | None) -> None:
        """Show one forward pass (None: the pad is blank)."""
        if self.layer_grids.show_inspection(inspection):  # another model's layers
            self._enlarged_key = None
        if inspection is None:
            self.enlarged.set_maps(None)
            self._forget_arithmetic()
            return
        if not arithmetic_shown(inspection):
            self._forget_arithmetic()
        if self._enlarged_key is not None:
            self._enlarge(*self._enlarged_key)
        self._cross_out()
        self._refresh_switch()
        self._refresh_arithmetic()

    @Slot(str, int)
    def enlarge(self, key: str, index: int) -> None:
        """Show tile `index` of `key`'s grid large, with its layer, number and value range.

        The arithmetic goes with the map it was worked on: enlarging another map
        (a click, the arrow keys) puts its hint back.
        """
        hovered = self._hovered
        if hovered is not None and (key != self.layer_grids.first_conv_name or index != hovered[0]):
            self._forget_arithmetic()
        self._enlarge(key, index)

    def _enlarge(self, key: str, index: int) -> None:
        grid = self.grids.get(key)
        values = grid.values() if grid is not None else None
        if grid is None or values is None or index >= values.shape[2]:
            return
        self._enlarged_key = (key, index)
        for other in self.grids.values():
            other.set_selected(index if other is grid else None)
        one = values[:, :, index]
        lo, hi = grid.scale()
        self.enlarged.set_colours(grid.colours())
        self.enlarged.set_maps(one[:, :, None] if one.size > 1 else one.reshape(1, 1, 1), lo, hi)
        self._refresh_enlarged_label()
        self._cross_out()
        self._refresh_switch()

    @Slot(int, int, int)
    def show_arithmetic(self, channel: int, row: int, col: int) -> None:
        """Spell out first-convolution map `channel` at (`row`, `col`) on the current input
        (0-based), with that map enlarged and the patch and pixel outlined."""
        self._hovered = (channel, row, col)
        if self.layer_grids.first_conv_name is not None:
            self._enlarge(self.layer_grids.first_conv_name, channel)
        self._refresh_arithmetic()

    def _forget_arithmetic(self) -> None:
        self._hovered = self._arithmetic_at = None
        self.arithmetic = None
        self.pixel_arithmetic.clear()
        for grid in (*self.grids.values(), self.enlarged):
            grid.clear_mark()

    def _refresh_arithmetic(self) -> None:
        inspection = self.inspection
        hovered = self._hovered
        name = self.layer_grids.first_conv_name
        if inspection is None or inspection.first_conv is None or hovered is None or not name:
            return
        if not arithmetic_shown(inspection):  # the layer's own numbers are not patch × kernel
            return
        layer = next((a for a in inspection.layers if a.name == name), None)
        weights = inspection.weights.get(name)
        if layer is None or layer.inputs is None or not weights:
            return
        channel, row, col = hovered
        worked = conv.worked(layer.info, layer.inputs, layer.values, weights)
        if worked is None:
            return
        self.arithmetic = worked.at(row, col, channel)
        self._arithmetic_at = hovered
        self.pixel_arithmetic.show_worked(self.arithmetic, self.grids[name].count())
        side = self.arithmetic.pixel.kernel.shape[0]
        self.grids[INPUT].set_mark(0, row, col, side)  # the patch the kernel reads
        self.grids[name].set_mark(channel, row, col)  # the pixel it writes
        self.enlarged.set_mark(0, row, col)
