"""The first convolution's arithmetic for one output pixel, as the course works it by hand.

The input patch times the kernel, element by element, the sum, the bias, ReLU:
the walk-through's own arithmetic (`core.layers.arithmetic.conv_pixel`), and the
map's pixel as the layer computed it. Maps, rows and columns are numbered from 1
(`ordinal`), as everywhere a person reads them.

Its width never changes while the mouse moves over the maps: the widest the
tables can be (every number "−0.00", the longest words in the current
language) is measured once, and again after a zoom or a language switch, and
the label is kept that wide. Without that, each hover would widen the dock
and squeeze the pad. Where the dock is narrower than the three matrices in a
row (a projector's screen, zoomed), the products go under the patch and the
kernel, and the label asks only for that width.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from digitpad.core.layers.arithmetic import ConvPixel
from digitpad.core.layers.kinds.conv import ConvWorked
from digitpad.core.layers.values import ordinal
from digitpad.gui.i18n import Retranslating


class PixelArithmetic(Retranslating, QLabel):
    """Rich text: one pixel's sum, or (before a hover) how to get one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("arithmetic_label")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # Its width is the one `_fit_width` sets, whatever the text asks for.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.kernel_shape = (3, 3)
        self.shown: tuple[ConvPixel, float, int, int, int, int] | None = None
        self._wide_width = 0  # the least width of the matrices in one row (`_fit_width`)
        self._sample: ConvPixel | None = None  # the widest sum there can be (`_fit_width`)
        self._heights: dict[int, int] = {}  # its height at a width
        self.narrow = False  # the products under the patch and the kernel
        self.retranslate()

    def retranslate(self) -> None:
        self._fit_width()
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # View ▸ Zoom
            self._fit_width()
        super().changeEvent(event)

    def show_worked(self, worked: ConvWorked, maps: int) -> None:
        """Show how one pixel of a first-convolution map (one of `maps`) is computed: the
        worked sum on the one-channel input, and the layer's own output there."""
        pixel = worked.pixel
        self.shown = (pixel, worked.output, worked.channel, maps, worked.row, worked.col)
        shape = pixel.kernel.shape[:2]
        if shape != self.kernel_shape:
            self.kernel_shape = shape
            self._fit_width()
        self._render()

    def clear(self) -> None:
        self.shown = None
        self._render()

    def _render(self) -> None:
        if self.shown is None:
            self.setText(
                self.tr("Hover over a pixel of a first-convolution map to see how it is computed.")
            )
        else:
            self.setText(self.html(*self.shown, narrow=self.narrow))

    def _fit_width(self) -> None:
        """Keep the label as wide as its widest possible text (see the module's note): the
        matrices in a row where there is room for them, else the narrower arrangement."""
        h, w = self.kernel_shape
        widest = np.full((h, w, 1), -0.88)
        sample = ConvPixel(widest, widest, widest, -0.88, -88.88)
        probe = QLabel()
        probe.setFont(self.font())
        probe.setTextFormat(Qt.TextFormat.RichText)
        probe.setWordWrap(True)  # as shown: sentences wrap, the tables do not
        probe.setText(self.html(sample, 88.88, 98, 99, 98, 98))
        self._wide_width = probe.minimumSizeHint().width()
        probe.setText(self.html(sample, 88.88, 98, 99, 98, 98, narrow=True))
        self.setMinimumWidth(probe.minimumSizeHint().width())
        self._sample = sample
        self._heights.clear()
        self._arrange(self.width())
        self.updateGeometry()

    def _arrange(self, width: int) -> None:
        narrow = width < self._wide_width
        if narrow != self.narrow:
            self.narrow = narrow
            self._render()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def heightForWidth(self, width: int) -> int:
        """As tall as a worked pixel takes at `width`, in the arrangement that width gets,
        also before the first hover: the first hover must not push the maps down under the
        mouse."""
        if self._sample is None:
            return super().heightForWidth(width)
        if width not in self._heights:
            if len(self._heights) > 64:
                self._heights.clear()
            self._heights[width] = self._height(self._sample, 88.88, 98, 99, 98, 98, width=width)
        height = self._heights[width]
        if self.shown is not None:
            height = max(height, self._height(*self.shown, width=width))
        return height

    def _height(self, *shown: object, width: int) -> int:
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setDocumentMargin(0)
        document.setHtml(self.html(*shown, narrow=width < self._wide_width))  # type: ignore[arg-type]
        document.setTextWidth(width - 2 * self.margin())
        return math.ceil(document.size().height()) + 2 * self.margin()

    def html(
        self,
        pixel: ConvPixel,
        value: float,
        channel: int,
        maps: int,
        row: int,
        col: int,
        *,
        narrow: bool = False,
    ) -> str:
        """The worked sum, numbered from 1 (`channel`, `row`, `col` are 0-based); `narrow`:
        the products under the patch and the kernel."""
        kh, kw = pixel.kernel.shape[:2]
        title = self.tr(
            "First convolution, map {channel} of {maps}, pixel (row {row}, column {col})"
        )
        patch = self.tr(
            "The {height}×{width} input patch at rows {first_row}–{last_row}, columns "
            "{first_column}–{last_column} (outlined on the input), times the kernel, "
            "element by element:"
        )
        total = self.tr("sum of products {sum} + bias {bias} = {total}")
        relu = self.tr("ReLU: max({total}, 0) = {value} (the map's pixel, outlined)")
        return (
            "<b>"
            + title.format(channel=ordinal(channel), maps=maps, row=ordinal(row), col=ordinal(col))
            + "</b><br>"
            + patch.format(
                height=kh,
                width=kw,
                first_row=ordinal(row),
                last_row=ordinal(row + kh - 1),
                first_column=ordinal(col),
                last_column=ordinal(col + kw - 1),
            )
            + "<table><tr>"
            + _matrix(pixel.patch[:, :, 0], self.tr("input patch"))
            + _op("×")
            + _matrix(pixel.kernel[:, :, 0], self.tr("kernel"))
            + ("</tr><tr><td></td>" if narrow else "")
            + _op("=")
            + _matrix(pixel.products[:, :, 0], self.tr("products"))
            + "</tr></table>"
            + total.format(
                sum=_fmt(float(pixel.products.sum())), bias=_fmt(pixel.bias), total=_fmt(pixel.sum)
            )
            + "<br>"
            + relu.format(total=_fmt(pixel.sum), value=f"<b>{value:.4f}</b>")
        )


def _matrix(values: np.ndarray, title: str) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td align='right'>{_fmt(v)}</td>" for v in row) + "</tr>"
        for row in values
    )
    return (
        f"<td valign='middle'><table cellspacing='0' cellpadding='2' "
        f"style='border:1px solid gray'><tr><th colspan='{values.shape[1]}'>{title}</th></tr>"
        f"{rows}</table></td>"
    )


def _op(symbol: str) -> str:
    return f"<td valign='middle' style='font-size:large'>&nbsp;{symbol}&nbsp;</td>"


def _fmt(v: float) -> str:
    text = f"{v:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")
