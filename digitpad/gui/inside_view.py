"""Inside the network: every layer's activations for the drawing on the pad, live.

A dock beside the pad. From one forward pass (done on the prediction thread,
see `core.prediction.Inspection`) it shows the 28×28 input, the feature maps of each
convolution and of the pooling, the dense neurons and the ten outputs, each
layer as a grid of small images with one stated colour scale. Clicking a tile
enlarges it (or, with a grid focused, the arrow keys); the first convolution's
3×3 kernels are shown too, and hovering a pixel of one of its feature maps
spells out the arithmetic behind it (`ArithmeticView`): that map is enlarged,
the 3×3 patch is outlined on the input and the pixel on the map, so the
enlarged map and the arithmetic always describe the same layer. Maps are
numbered from 1 everywhere. Right-clicking a grid exports it as a captioned PNG.

Every text is made from the remembered state in `retranslate()`, so a language
switch rewrites captions, the enlarged map's label and the arithmetic at once.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.i18n import _ as core_text
from digitpad.core.layers import LayerInfo, Step
from digitpad.gui.arithmetic_view import ArithmeticView
from digitpad.gui.export import Caption, ColourScale, add_export_menu
from digitpad.gui.feature_grid import (
    DIVERGING,
    GREY,
    SEQUENTIAL,
    FeatureGrid,
    format_scale,
    format_value,
    layer_scale,
    symmetric_scale,
)
from digitpad.gui.i18n import Retranslating
from digitpad.gui.zoom import follow_zoom

if TYPE_CHECKING:
    from digitpad.core.activations import ConvArithmetic, LayerActivation
    from digitpad.core.prediction import Inspection

INPUT = "input"
KERNELS = "kernels"
SALIENCY = "saliency"
FIXED = (INPUT, KERNELS, SALIENCY)  # the grids every model has; the others are its layers
ENLARGED_SIDE = 168  # at zoom 1
INPUT_SIDE = 112


def _bold(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class InsideView(Retranslating, QDockWidget):
    """The dock. `show_inspection` takes one `Inspection` from the prediction thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inside_view")
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.grids: dict[str, FeatureGrid] = {}  # by layer name, plus INPUT and KERNELS
        self.captions: dict[str, QLabel] = {}
        self.arithmetic: ConvArithmetic | None = None  # the one shown, if any
        self._inspection: Inspection | None = None
        self._first_conv_name: str | None = None
        self._enlarged_key: tuple[str, int] | None = None
        self._hovered: tuple[int, int, int] | None = None  # first-conv (map, row, column)
        self._arithmetic_at: tuple[int, int, int] | None = None  # where `arithmetic` is from
        self._layers: list[LayerActivation] = []  # the last pass's layers, for their captions

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addLayout(self._build_details())

        self._layers_box = QVBoxLayout()
        self._layers_box.setSpacing(4)
        self._add_grid(INPUT, 1, GREY)
        self._add_grid(SALIENCY, 3, DIVERGING)
        self._add_grid(KERNELS, 16, DIVERGING)
        container = QWidget()
        container.setLayout(self._layers_box)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(container)
        outer.addWidget(self.scroll_area, 1)
        self.setWidget(body)
        follow_zoom(self, self._on_zoom)
        self.retranslate()

    def _on_zoom(self, factor: float) -> None:
        side = round(ENLARGED_SIDE * factor)
        self.enlarged.setFixedSize(side, side)
        self.grids[INPUT].setMaximumWidth(round(INPUT_SIDE * factor))
        self.setMinimumWidth(round(480 * factor))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Inside the network"))
        self.enlarged.placeholder = self.tr("Click a map")
        self.enlarged.setAccessibleName(self.tr("Enlarged map"))
        self.enlarged.update()
        self._refresh_captions()
        self._refresh_enlarged_label()

    # Building ----------------------------------------------------------------------------------

    def _build_details(self) -> QHBoxLayout:
        self.enlarged = FeatureGrid(1, SEQUENTIAL, min_tile=ENLARGED_SIDE)
        self.enlarged.setObjectName("enlarged_map")
        self.enlarged.setFixedSize(ENLARGED_SIDE, ENLARGED_SIDE)
        self.enlarged_label = QLabel()
        self.enlarged_label.setObjectName("enlarged_label")
        self.enlarged_label.setWordWrap(True)
        self.arithmetic_label = ArithmeticView()
        left = QVBoxLayout()
        left.addWidget(self.enlarged)
        left.addWidget(self.enlarged_label)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(self.arithmetic_label, 1)
        return row

    def _add_grid(self, key: str, columns: int, colours: list[int]) -> FeatureGrid:
        label = _bold()
        label.setWordWrap(True)
        grid = FeatureGrid(columns, colours, min_tile=12 if columns > 1 else 84)
        grid.setObjectName(f"grid_{key}")
        grid.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys pick a tile to enlarge
        if columns == 1:
            grid.setMaximumWidth(INPUT_SIDE)
        grid.map_clicked.connect(lambda index, key=key: self.enlarge(key, index))
        label.setBuddy(grid)
        add_export_menu(grid, partial(self.export_caption, key), f"digitpad-{key}")
        self._layers_box.addWidget(label)
        self._layers_box.addWidget(grid)
        self.grids[key] = grid
        self.captions[key] = label
        return grid

    def _ensure_layers(self, inspection: Inspection) -> None:
        names = [layer.name for layer in inspection.shown()]
        if [k for k in self.grids if k not in FIXED] == names:
            return
        for key in [k for k in self.grids if k not in FIXED]:  # another model
            self._layers_box.removeWidget(self.grids[key])
            self._layers_box.removeWidget(self.captions[key])
            self.grids.pop(key).deleteLater()
            self.captions.pop(key).deleteLater()
        self._first_conv_name = None
        for layer in inspection.shown():
            grid = self._add_grid(layer.name, layer.info.kind.grid_columns, SEQUENTIAL)
            first_conv = layer.info.step is Step.CONV and layer.info.input_shape[-1] == 1
            if first_conv and self._first_conv_name is None:
                self._first_conv_name = layer.name
                grid.pixel_hovered.connect(self.show_arithmetic)
        self._layers_box.addStretch(1)
        self._enlarged_key = None

    # Texts -------------------------------------------------------------------------------------

    def _describe(self, info: LayerInfo) -> str:
        """A layer's kind and size in words, e.g. "convolution layer: 32 maps of 26×26"."""
        term = core_text(info.kind.term)
        if info.is_map:
            h, w, c = info.output_shape
            what = self.tr("{kind}: %n map(s) of {height}×{width}", "", c)
            return what.format(kind=term, height=h, width=w)
        n = info.size
        if info.step is Step.SOFTMAX and n == 10:
            return self.tr("output (softmax): 10 neurons, digits 0 to 9 left to right")
        if info.step is Step.SOFTMAX:
            return self.tr("output (softmax): %n neuron(s)", "", n)
        return self.tr("{kind}: %n neuron(s)", "", n).format(kind=term)

    def _refresh_captions(self) -> None:
        """Captions, tooltips and accessible names of every grid, from what they show now."""
        inspection = self._inspection
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
            if key == self._first_conv_name and self._arithmetic_shown():
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
                    layer=layer.name, description=described, scale=format_scale(*grid.scale())
                )
            )
            self.grids[layer.name].setAccessibleName(
                self.tr("{layer}: {description}").format(layer=layer.name, description=described)
            )

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
            f"<b>{name}</b> · " + which.format(index=index + 1, count=count),
            self.tr("values {range}").format(
                range=format_scale(float(one.min()), float(one.max()))
            ),
            self.tr("colour scale {scale}").format(scale=format_scale(lo, hi)),
        ]
        self.enlarged_label.setText("<br>".join(lines))

    # Updating ----------------------------------------------------------------------------------

    def show_inspection(self, inspection: Inspection | None) -> None:
        """Show one forward pass (None: the pad is blank)."""
        self._inspection = inspection
        if inspection is None:
            for grid in self.grids.values():
                if grid is not self.grids[KERNELS]:
                    grid.set_maps(None)
            self.enlarged.set_maps(None)
            self._forget_arithmetic()
            self._refresh_captions()
            return
        self._ensure_layers(inspection)
        self._layers = list(inspection.shown())
        self.grids[INPUT].set_maps(inspection.prediction.input, 0.0, 1.0)
        for layer in self._layers:
            probabilities = layer.info.step is Step.SOFTMAX
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
        if not self._arithmetic_shown():
            self._forget_arithmetic()
        self._refresh_captions()
        if self._enlarged_key is not None:
            self._enlarge(*self._enlarged_key)
        self._refresh_arithmetic()

    def enlarge(self, key: str, index: int) -> None:
        """Show tile `index` of `key`'s grid large, with its layer, number and value range.

        The arithmetic goes with the map it was worked on: enlarging another map
        (a click, the arrow keys) puts its hint back.
        """
        hovered = self._hovered
        if hovered is not None and (key != self._first_conv_name or index != hovered[0]):
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

    def show_arithmetic(self, channel: int, row: int, col: int) -> None:
        """Spell out first-convolution map `channel` at (`row`, `col`) on the current input
        (0-based), with that map enlarged and the patch and pixel outlined."""
        self._hovered = (channel, row, col)
        if self._first_conv_name is not None:
            self._enlarge(self._first_conv_name, channel)
        self._refresh_arithmetic()

    def _arithmetic_shown(self) -> bool:
        """Whether hovering spells out the first convolution's arithmetic for this model
        (a convolution like the course's: on the input, stride 1, 'valid' padding, ReLU)."""
        inspection = self._inspection
        return inspection is None or (
            inspection.first_conv is not None and inspection.first_conv.plain
        )

    def _refresh_saliency_caption(self) -> None:
        grid, inspection = self.grids[SALIENCY], self._inspection
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

    def _forget_arithmetic(self) -> None:
        self._hovered = self._arithmetic_at = None
        self.arithmetic = None
        self.arithmetic_label.clear()
        for grid in (*self.grids.values(), self.enlarged):
            grid.clear_mark()

    def _refresh_arithmetic(self) -> None:
        from digitpad.core.activations import first_conv_arithmetic

        inspection = self._inspection
        hovered = self._hovered
        name = self._first_conv_name
        if inspection is None or inspection.first_conv is None or hovered is None or not name:
            return
        if not self._arithmetic_shown():  # the layer's own numbers are not patch × kernel
            return
        channel, row, col = hovered
        framed = inspection.prediction.input
        sums = first_conv_arithmetic(framed, inspection.first_conv, channel, row, col)
        self.arithmetic = sums
        self._arithmetic_at = hovered
        maps = self.grids[name].count()
        self.arithmetic_label.show_sums(sums, channel, maps, row, col)
        side = sums.kernel.shape[0]
        self.grids[INPUT].set_mark(0, row, col, side)  # the patch the kernel reads
        self.grids[name].set_mark(channel, row, col)  # the pixel it writes
        self.enlarged.set_mark(0, row, col)

    # Exporting ---------------------------------------------------------------------------------

    def export_caption(self, key: str) -> Caption:
        """What a grid exported as a picture says under it: its caption, the reading, the
        colour scale."""
        grid = self.grids[key]
        lines = [self.captions[key].text()]
        if self._inspection is not None:
            prediction = self._inspection.prediction
            lines.append(
                self.tr("The drawing the network reads as {digit} ({percent} %).").format(
                    digit=prediction.digit, percent=f"{100 * prediction.confidence:.1f}"
                )
            )
        lo, hi = grid.scale()
        return Caption(lines, ColourScale(grid.colours(), format_value(lo), format_value(hi)))
