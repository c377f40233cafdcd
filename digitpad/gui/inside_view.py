"""Inside the network: every layer's activations for the drawing on the pad, live.

A dock beside the pad. From one forward pass (done on the prediction thread,
see `workers.Inspection`) it shows the 28×28 input, the feature maps of each
convolution and of the pooling, the dense neurons and the ten outputs, each
layer as a grid of small images with one stated colour scale. Clicking a tile
enlarges it; the first convolution's 3×3 kernels are shown too, and hovering
a pixel of one of its feature maps spells out the arithmetic behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui.feature_grid import (
    DIVERGING,
    GREY,
    SEQUENTIAL,
    FeatureGrid,
    format_scale,
    layer_scale,
    symmetric_scale,
)

if TYPE_CHECKING:
    from digitpad.core.activations import ConvArithmetic
    from digitpad.gui.workers import Inspection

INPUT = "input"
KERNELS = "kernels"
COLUMNS = {"Conv2D": 8, "MaxPooling2D": 8, "Dense": 16}
ENLARGED_SIDE = 168


def _bold(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _describe(kind: str, values: np.ndarray, last: bool) -> str:
    if values.ndim == 3:
        h, w, c = values.shape
        what = {"Conv2D": "convolution", "MaxPooling2D": "max pooling"}.get(kind, kind)
        return f"{what}: {c} maps {h}×{w}"
    if last and values.shape[0] == 10:
        return "output (softmax): 10 neurons, digits 0 to 9 left to right"
    return f"{'output (softmax)' if last else 'dense'}: {values.shape[0]} neurons"


class InsideView(QDockWidget):
    """The dock. `show_inspection` takes one `Inspection` from the prediction thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Inside the network", parent)
        self.setObjectName("inside_view")
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.grids: dict[str, FeatureGrid] = {}  # by layer name, plus INPUT and KERNELS
        self.captions: dict[str, QLabel] = {}
        self.kinds: dict[str, str] = {}
        self.arithmetic: ConvArithmetic | None = None  # the one shown, if any
        self._inspection: Inspection | None = None
        self._first_conv_name: str | None = None
        self._enlarged_key: tuple[str, int] | None = None
        self._hovered: tuple[int, int, int] | None = None  # first-conv (map, row, column)

        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addLayout(self._build_details())

        self._layers_box = QVBoxLayout()
        self._layers_box.setSpacing(4)
        self._add_grid(INPUT, 1, GREY, "Input: 28×28 (what the network sees)")
        self._add_grid(KERNELS, 16, DIVERGING, "First convolution's learned 3×3 kernels")
        container = QWidget()
        container.setLayout(self._layers_box)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(container)
        outer.addWidget(self.scroll, 1)
        self.setWidget(body)
        self.setMinimumWidth(480)

    # Building ----------------------------------------------------------------------------------

    def _build_details(self) -> QHBoxLayout:
        self.enlarged = FeatureGrid(1, SEQUENTIAL, min_tile=ENLARGED_SIDE)
        self.enlarged.setObjectName("enlarged_map")
        self.enlarged.placeholder = "Click a map"
        self.enlarged.setFixedSize(ENLARGED_SIDE, ENLARGED_SIDE)
        self.enlarged_label = QLabel("Click a map to enlarge it.")
        self.enlarged_label.setObjectName("enlarged_label")
        self.enlarged_label.setWordWrap(True)
        self.arithmetic_label = QLabel(
            "Hover over a pixel of a first-convolution map to see how it is computed."
        )
        self.arithmetic_label.setObjectName("arithmetic_label")
        self.arithmetic_label.setWordWrap(True)
        self.arithmetic_label.setTextFormat(Qt.TextFormat.RichText)
        self.arithmetic_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        left = QVBoxLayout()
        left.addWidget(self.enlarged)
        left.addWidget(self.enlarged_label)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(self.arithmetic_label, 1)
        return row

    def _add_grid(self, key: str, columns: int, colours: list[int], caption: str) -> FeatureGrid:
        label = _bold(caption)
        label.setWordWrap(True)
        grid = FeatureGrid(columns, colours, min_tile=12 if columns > 1 else 84)
        grid.setObjectName(f"grid_{key}")
        if columns == 1:
            grid.setMaximumWidth(112)
        grid.map_clicked.connect(lambda index, key=key: self.enlarge(key, index))
        self._layers_box.addWidget(label)
        self._layers_box.addWidget(grid)
        self.grids[key] = grid
        self.captions[key] = label
        return grid

    def _ensure_layers(self, inspection: Inspection) -> None:
        names = [layer.name for layer in inspection.layers]
        if [k for k in self.grids if k not in (INPUT, KERNELS)] == names:
            return
        for key in [k for k in self.grids if k not in (INPUT, KERNELS)]:  # another model
            self._layers_box.removeWidget(self.grids[key])
            self._layers_box.removeWidget(self.captions[key])
            self.grids.pop(key).deleteLater()
            self.captions.pop(key).deleteLater()
        self._first_conv_name = None
        for layer in inspection.layers:
            colours = SEQUENTIAL
            grid = self._add_grid(layer.name, COLUMNS.get(layer.kind, 10), colours, layer.name)
            self.kinds[layer.name] = layer.kind
            if layer.kind == "Conv2D" and self._first_conv_name is None:
                self._first_conv_name = layer.name
                grid.pixel_hovered.connect(self.show_arithmetic)
                grid.setToolTip("Hover over a pixel to see how it is computed; click to enlarge")
            else:
                grid.setToolTip("Click to enlarge")
        self._layers_box.addStretch(1)
        self._enlarged_key = None

    # Updating ----------------------------------------------------------------------------------

    def show_inspection(self, inspection: Inspection | None) -> None:
        """Show one forward pass (None: the pad is blank)."""
        self._inspection = inspection
        if inspection is None:
            for grid in self.grids.values():
                if grid is not self.grids[KERNELS]:
                    grid.set_maps(None)
            self.enlarged.set_maps(None)
            return
        self._ensure_layers(inspection)
        self.grids[INPUT].set_maps(inspection.prediction.input, 0.0, 1.0)
        self.captions[INPUT].setText("Input: 28×28 (what the network sees) · colour 0 … 1")
        last = len(inspection.layers) - 1
        for i, layer in enumerate(inspection.layers):
            lo, hi = (0.0, 1.0) if i == last else layer_scale(layer.values)
            self.grids[layer.name].set_maps(layer.values, lo, hi)
            self.captions[layer.name].setText(
                f"{layer.name} · {_describe(layer.kind, layer.values, i == last)}"
                f" · colour {format_scale(lo, hi)}"
            )
        if inspection.first_conv is not None:
            kernels = inspection.first_conv[0][:, :, 0, :]
            lo, hi = symmetric_scale(kernels)
            self.grids[KERNELS].set_maps(kernels, lo, hi)
            self.captions[KERNELS].setText(
                f"First convolution's {kernels.shape[2]} learned 3×3 kernels · colour "
                f"{format_scale(lo, hi)} (blue negative, white 0, red positive)"
            )
        if self._enlarged_key is not None:
            self.enlarge(*self._enlarged_key)
        self._refresh_arithmetic()

    def enlarge(self, key: str, index: int) -> None:
        """Show tile `index` of `key`'s grid large, with its layer, index and value range."""
        grid = self.grids.get(key)
        values = grid.values() if grid is not None else None
        if values is None or index >= values.shape[2]:
            return
        self._enlarged_key = (key, index)
        for other in self.grids.values():
            other.set_selected(index if other is grid else None)
        one = values[:, :, index]
        lo, hi = grid.scale()
        self.enlarged.set_colours(grid.colours())
        self.enlarged.set_maps(one[:, :, None] if one.size > 1 else one.reshape(1, 1, 1), lo, hi)
        count = values.shape[2]
        if key == INPUT:
            name = "input"
        elif key == KERNELS:
            name = "first-convolution kernel"
        else:
            name = key
        unit = "neuron" if values.shape[:2] == (1, 1) else "map"
        self.enlarged_label.setText(
            f"<b>{name}</b> · {unit} {index} of {count}<br>"
            f"values {format_scale(float(one.min()), float(one.max()))}<br>"
            f"colour scale {format_scale(lo, hi)}"
        )

    def show_arithmetic(self, channel: int, row: int, col: int) -> None:
        """Spell out first-convolution map `channel` at (`row`, `col`) on the current input."""
        self._hovered = (channel, row, col)
        self._refresh_arithmetic()

    def _refresh_arithmetic(self) -> None:
        from digitpad.core.activations import first_conv_arithmetic

        inspection = self._inspection
        hovered = self._hovered
        if inspection is None or inspection.first_conv is None or hovered is None:
            return
        kernels, biases = inspection.first_conv
        channel, row, col = hovered
        framed = inspection.prediction.input
        sums = first_conv_arithmetic(framed, kernels, biases, channel, row, col)
        self.arithmetic = sums
        self.arithmetic_label.setText(_arithmetic_html(sums, channel, row, col))


def _matrix(values: np.ndarray, title: str) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td align='right'>{_fmt(v)}</td>" for v in row) + "</tr>"
        for row in values
    )
    return (
        f"<td valign='middle'><table cellspacing='0' cellpadding='2' "
        f"style='border:1px solid gray'><tr><th colspan='3'>{title}</th></tr>{rows}</table></td>"
    )


def _op(symbol: str) -> str:
    return f"<td valign='middle' style='font-size:large'>&nbsp;{symbol}&nbsp;</td>"


def _fmt(v: float) -> str:
    text = f"{v:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def _arithmetic_html(sums: ConvArithmetic, channel: int, row: int, col: int) -> str:
    return (
        f"<b>First convolution, map {channel}, pixel (row {row}, column {col})</b><br>"
        f"The 3×3 input patch at rows {row}–{row + 2}, columns {col}–{col + 2}, "
        "times the kernel, element by element:"
        "<table><tr>"
        + _matrix(sums.patch, "input patch")
        + _op("×")
        + _matrix(sums.kernel, "kernel")
        + _op("=")
        + _matrix(sums.products, "products")
        + "</tr></table>"
        f"sum of products {_fmt(float(sums.products.sum()))} + bias {_fmt(sums.bias)}"
        f" = {_fmt(sums.total)}<br>"
        f"ReLU: max({_fmt(sums.total)}, 0) = <b>{sums.value:.4f}</b> (the map's pixel)"
    )
