"""The inside view's column of captioned grids, one for each thing the network shows.

The 28×28 input, which pixels decided it, the first convolution's kernels,
then one grid per layer the layer registry shows (its feature maps or its
neurons), each under a caption saying what it is and its colour scale. The
captions, tooltips and accessible names are made from what is shown, again on
a language switch. Clicking a tile (or the arrow keys on a focused grid) asks
for it to be enlarged (`tile_clicked`); hovering the first convolution's maps
reports the pixel (`pixel_hovered`) for its arithmetic. Right-clicking a grid
exports it as a captioned PNG.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from digitpad.core.digits import CLASSES
from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.i18n import _ as core_text
from digitpad.core.i18n import chance
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.kinds import conv, dense
from digitpad.gui.colours import (
    DIVERGING,
    GREY,
    SEQUENTIAL,
    format_scale,
    format_value,
    layer_scale,
    symmetric_scale,
)
from digitpad.gui.export import Caption, ColourScale, add_export_menu
from digitpad.gui.i18n import Retranslating
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.labels import bold, plain

if TYPE_CHECKING:
    from digitpad.core.inference.activations import LayerActivation
    from digitpad.core.inference.prediction import Inspection

INPUT = "input"
KERNELS = "kernels"
SALIENCY = "saliency"
FIXED = (INPUT, KERNELS, SALIENCY)  # the grids every model has; the others are its layers
INPUT_SIDE = 112  # at zoom 1


def arithmetic_shown(inspection: Inspection | None) -> bool:
    """Whether hovering spells out the first convolution's arithmetic for this model
    (a convolution like the course's: on the input, stride 1, 'valid' padding, ReLU)."""
    return inspection is None or (inspection.first_conv is not None and inspection.first_conv.plain)


class LayerGrids(Retranslating, QWidget):
    """The grids by key (`INPUT`, `SALIENCY`, `KERNELS`, then each shown layer's name)."""

    tile_clicked = Signal(str, int)  # grid key, tile index
    pixel_hovered = Signal(int, int, int)  # first convolution: map, row, column

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grids: dict[str, FeatureGrid] = {}
        self.captions: dict[str, QLabel] = {}
        self.first_conv_name: str | None = None  # its maps' pixels explain themselves
        self.inspection: Inspection | None = None  # the pass shown (the dock reads it too)
        self.input_tip_kept = False  # the dock says how to move the input: its tooltip kept
        self._layers: list[LayerActivation] = []  # the last pass's layers, for their captions
        self._box = QVBoxLayout(self)
        self._box.setSpacing(4)
        self._box.addStretch(1)  # one, last: the grids go in before it
        self._add_grid(INPUT, 1, GREY)
        self._add_grid(SALIENCY, 3, DIVERGING)
        self._add_grid(KERNELS, 16, DIVERGING)
        self.retranslate()

    def retranslate(self) -> None:
        self._refresh_captions()

    def _add_grid(self, key: str, columns: int, colours: list[int]) -> FeatureGrid:
        label = plain(bold())  # captions name layers, as a model file names them
        label.setWordWrap(True)
        grid = FeatureGrid(columns, colours, min_tile=12 if columns > 1 else 84)
        grid.setObjectName(f"grid_{key}")
        grid.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys pick a tile to enlarge
        if columns == 1:
            grid.setMaximumWidth(INPUT_SIDE)
        grid.map_clicked.connect(lambda index, key=key: self.tile_clicked.emit(key, index))
        label.setBuddy(grid)
        add_export_menu(grid, partial(self.export_caption, key), f"digitpad-{key}")
        end = self._box.count() - 1  # before the stretch
        self._box.insertWidget(end, label)
        self._box.insertWidget(end + 1, grid)
        self.grids[key] = grid
        self.captions[key] = label
        return grid

    def take_input(self) -> tuple[QLabel, FeatureGrid]:
        """The input's caption and grid, out of this column for their owner to place (the
        inside dock keeps them in sight beside the enlarged map)."""
        label, grid = self.captions[INPUT], self.grids[INPUT]
        self._box.removeWidget(label)
        self._box.removeWidget(grid)
        return label, grid

    def _ensure_layers(self, inspection: Inspection) -> bool:
        """A grid for each layer `inspection` shows; True if they were made anew."""
        names = [layer.name for layer in inspection.shown()]
        if [k for k in self.grids if k not in FIXED] == names:
            return False
        for key in [k for k in self.grids if k not in FIXED]:  # another model
            self._box.removeWidget(self.grids[key])
            self._box.removeWidget(self.captions[key])
            self.grids.pop(key).deleteLater()
            self.captions.pop(key).deleteLater()
        self.first_conv_name = None
        for layer in inspection.shown():
            grid = self._add_grid(layer.name, layer.info.kind.grid_columns, SEQUENTIAL)
            first_conv = layer.info.step == conv.STEP and layer.info.input_shape[-1] == 1
            if first_conv and self.first_conv_name is None:
                self.first_conv_name = layer.name
                grid.pixel_hovered.connect(self.pixel_hovered)
        return True

    def show_inspection(self, inspection: Inspection | None) -> bool:
        """Show one forward pass (None: the pad is blank; the kernels stay). True if the
        grids were made anew for another model."""
        self.inspection = inspection
        if inspection is None:
            for grid in self.grids.values():
                if grid is not self.grids[KERNELS]:
                    grid.set_maps(None)
            self._refresh_captions()
            return False
        remade = self._ensure_layers(inspection)
        self._layers = list(inspection.shown())
        self.grids[INPUT].set_maps(inspection.prediction.input, 0.0, 1.0)
        for layer in self._layers:
            probabilities = layer.info.step == dense.OUTPUT
            lo, hi = (0.0, 1.0) if probabilities else layer_scale(layer.values)
            self.grids[layer.name].set_maps(layer.values, lo, hi)
        if inspection.saliency is not None:
            m = inspection.saliency.scale()
            self.grids[SALIENCY].set_maps(inspection.saliency.maps(), -m, m)
        has_conv = inspection.first_conv is not None
        if inspection.first_conv is not None:
            kernels = inspection.first_conv.kernels[:, :, 0, :]
            lo, hi = symmetric_scale(kernels)
            self.grids[KERNELS].set_maps(kernels, lo, hi)
        else:  # a network without convolution (dense only): no kernels to show
            self.grids[KERNELS].set_maps(None)
        self.grids[KERNELS].setVisible(has_conv)
        self.captions[KERNELS].setVisible(has_conv)
        self._refresh_captions()
        return remade

    # Texts -------------------------------------------------------------------------------------

    def _describe(self, info: LayerInfo) -> str:
        """A layer's kind and size in words, e.g. "convolution layer: 32 maps of 26×26"."""
        term = core_text(info.kind.term)
        if info.is_map:
            h, w, c = info.output_shape
            what = self.tr("{kind}: %n map(s) of {height}×{width}", "", c)
            return what.format(kind=term, height=h, width=w)
        n = info.size
        if info.step == dense.OUTPUT and n == CLASSES:
            return self.tr("output (softmax): 10 neurons, digits 0 to 9 left to right")
        if info.step == dense.OUTPUT:
            return self.tr("output (softmax): %n neuron(s)", "", n)
        return self.tr("{kind}: %n neuron(s)", "", n).format(kind=term)

    def _refresh_captions(self) -> None:
        """Captions, tooltips and accessible names of every grid, from what they show now."""
        inspection = self.inspection
        input_title = self.tr("Input: 28×28 (what the network sees)")
        self.grids[INPUT].setAccessibleName(input_title)
        if inspection is None or self.grids[INPUT].count() == 0:
            self.captions[INPUT].setText(input_title)
        else:
            self.captions[INPUT].setText(
                self.tr("{title} · colour {scale}").format(
                    title=input_title, scale=format_scale(0.0, 1.0)
                )
            )
        self._refresh_saliency_caption()
        kernels = self.grids[KERNELS]
        kernels_title = self.tr("First convolution's learned kernels")
        kernels.setAccessibleName(kernels_title)
        if kernels.count() == 0:
            self.captions[KERNELS].setText(kernels_title)
        else:
            height, width = kernels.tile_shape()
            self.captions[KERNELS].setText(
                self.tr(
                    "First convolution's %n learned {height}×{width} kernel(s) · colour {scale} "
                    "(blue negative, white 0, red positive)",
                    "",
                    kernels.count(),
                ).format(height=height, width=width, scale=format_scale(*kernels.scale()))
            )
        for key, grid in self.grids.items():
            if key == INPUT and self.input_tip_kept:
                continue
            if key == self.first_conv_name and arithmetic_shown(inspection):
                grid.setToolTip(
                    self.tr("Hover over a pixel to see how it is computed; click to enlarge")
                )
            else:
                grid.setToolTip(self.tr("Click to enlarge"))
        for layer in self._layers:
            if layer.name not in self.captions:
                continue
            described = self._describe(layer.info)
            grid = self.grids[layer.name]
            if grid.count() == 0:  # the pad is blank: no colour scale to tell
                caption = self.tr("{layer} · {description}")
            else:
                caption = self.tr("{layer} · {description} · colour {scale}")
            self.captions[layer.name].setText(
                caption.format(
                    layer=shown(layer.name, QUOTED_CHARS),  # a model file's name for it
                    description=described,
                    scale=format_scale(*grid.scale()),
                )
            )
            self.grids[layer.name].setAccessibleName(
                self.tr("{layer}: {description}").format(layer=layer.name, description=described)
            )

    def _refresh_saliency_caption(self) -> None:
        grid, inspection = self.grids[SALIENCY], self.inspection
        title = self.tr("Which pixels decided it")
        grid.setAccessibleName(title)
        saliency = inspection.saliency if inspection is not None else None
        if saliency is None or grid.count() == 0:
            self.captions[SALIENCY].setText(title)
            return
        first, second = saliency.digits
        self.captions[SALIENCY].setText(
            self.tr(
                "{title}: each pixel's share of the logit of {first} (predicted), of {second} "
                "(runner-up), and of {first} rather than {second} · colour {scale} (blue "
                "against, white 0, red for)"
            ).format(title=title, first=first, second=second, scale=format_scale(*grid.scale()))
        )

    # Exporting ---------------------------------------------------------------------------------

    def export_caption(self, key: str) -> Caption:
        """What a grid exported as a picture says under it: its caption, the reading, the
        colour scale."""
        grid = self.grids[key]
        lines = [self.captions[key].text()]
        if self.inspection is not None:
            prediction = self.inspection.prediction
            if prediction.is_digit:
                said = self.tr("The network reads the drawing as {digit} (confidence {percent}).")
                shown = chance(prediction.confidence)
            else:
                said = self.tr("Not a digit, to the network: the nearest is {digit} ({percent}).")
                shown = chance(prediction.top_probability)
            lines.append(said.format(digit=prediction.digit, percent=shown))
        lo, hi = grid.scale()
        return Caption(lines, ColourScale(grid.colours(), format_value(lo), format_value(hi)))
