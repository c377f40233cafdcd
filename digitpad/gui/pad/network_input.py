"""The 28×28 image the network actually saw, enlarged so each input pixel is a visible cell.

Shown as MNIST stores digits (light ink on black), with a faint grid between
cells, so a student can see what the framing did to their drawing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.digits import SIDE
from digitpad.gui.colours import colour_indices
from digitpad.gui.i18n import Retranslating
from digitpad.gui.zoom import follow_zoom, px

GRID = QColor(60, 60, 60)
EMPTY = QColor(24, 24, 24)


class NetworkInput(Retranslating, QWidget):
    """Paints a (28, 28) array in [0, 1] as enlarged square pixels."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_input")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        follow_zoom(self, lambda f: self.setMinimumSize(px(SIDE * 4) + 1, px(SIDE * 4) + 1))
        self._array: np.ndarray | None = None
        self._image: QImage | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr("The 28×28 image the network saw: your drawing framed the way MNIST is")
        )
        self.setAccessibleName(self.tr("Network input"))
        self._describe()

    def _describe(self) -> None:
        if self._array is None:
            text = self.tr("The 28×28 image the network saw: empty, nothing is drawn.")
        else:
            text = self.tr(
                "The 28×28 image the network saw: the drawing cropped, scaled to fit 20×20 "
                "and centred the way MNIST digits are, light ink on black."
            )
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def sizeHint(self) -> QSize:
        return QSize(SIDE * 6 + 1, SIDE * 6 + 1)

    # No height-for-width: a layout's minimum size leaves it out, so the chart below
    # would be pushed onto the samples line at the window's least size. The square of
    # cells is centred in whatever rectangle the layout gives (`_cells`).

    def set_image(self, array: np.ndarray | None) -> None:
        """Show `array` ((28, 28) floats in [0, 1]); None shows an empty grid."""
        if array is None:
            self._array, self._image = None, None
        else:
            array = np.asarray(array, dtype=np.float32).reshape(SIDE, SIDE)
            if self._array is not None and np.array_equal(array, self._array):
                return  # the same input read again (by another network): nothing to repaint
            self._array = array.copy()
            grey = np.ascontiguousarray(colour_indices(array, 0.0, 1.0))  # GREY's own entries
            image = QImage(grey.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8)
            self._image = image.copy()  # detach from the NumPy buffer
        self._describe()
        self.update()

    def array(self) -> np.ndarray | None:
        """The array shown (a copy), or None."""
        return None if self._array is None else self._array.copy()

    def _cells(self) -> QRect:
        cell = max(1, (min(self.width(), self.height()) - 1) // SIDE)
        side = cell * SIDE
        return QRect((self.width() - side) // 2, (self.height() - side) // 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            area = self._cells()
            cell = area.width() // SIDE
            if self._image is None:
                painter.fillRect(area, EMPTY)
            else:
                # Nearest-neighbour scaling: every input pixel becomes a crisp square.
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
                painter.drawImage(area, self._image)
            if cell >= 4:
                painter.setPen(GRID)
                for i in range(SIDE + 1):
                    x = area.left() + i * cell
                    y = area.top() + i * cell
                    painter.drawLine(x, area.top(), x, area.top() + area.height())
                    painter.drawLine(area.left(), y, area.left() + area.width(), y)
            else:
                painter.setPen(GRID)
                painter.drawRect(area)
