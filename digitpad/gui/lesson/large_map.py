"""One map drawn large, with what the walk-through points at on it; and a colour bar.

`LargeMap` paints a 2-D array as square cells through one of the shared colour
tables (`colours`), and on top of it: a window outlined (the kernel or pooling
window), one cell marked (the output pixel), cells not yet computed left
empty (the map filling in as the kernel slides), cells crossed out (a
dropout mask). With `numbers` on, each cell also shows its value in the
widget's own font. Clicking a cell emits it. Everything is painted from the
widget's font and size, so a zoomed font and `grab()` both just work.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.gui.colours import EMPTY, SELECTED, SEQUENTIAL, colour_indices, format_scale

MARK = QColor(230, 30, 30)  # the output pixel
DROPPED = QColor(20, 20, 20)


class LargeMap(QWidget):
    """A (rows, cols) array as square cells, with a window, a mark, a fill and crosses."""

    cell_clicked = Signal(int, int)  # row, column

    def __init__(
        self, colours: list[int] = SEQUENTIAL, parent: QWidget | None = None, *, min_cell: int = 4
    ) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._colours = colours
        self._min_cell = min_cell
        self._values: np.ndarray | None = None
        self._image: QImage | None = None
        self._scale = (0.0, 1.0)
        self.outline: tuple[int, int, int, int] | None = None  # first row, col, last row, col
        self.mark: tuple[int, int] | None = None
        self.kept: tuple[int, int] | None = None  # a second mark (pooling: the value kept)
        self.revealed: int | None = None  # cells filled so far, row by row; None: all
        self.crossed: np.ndarray | None = None  # True: crossed out (dropped)
        self.numbers = False
        self.places = 2  # decimals of the numbers written in cells (0: whole numbers)
        self.compact = False  # numbers as ".30", "1", and nothing for 0 (28 of them in a row)
        self.texts: np.ndarray | None = None  # with `numbers`: each cell's own text instead
        self.max_cell: float | None = (
            2.5  # the largest cell, in lines of the widget's font (None: no cap)
        )
        self._index: np.ndarray | None = None  # each cell's colour index

    # Data --------------------------------------------------------------------------------------

    def set_values(self, values: np.ndarray | None, lo: float = 0.0, hi: float = 1.0) -> None:
        if values is None:
            self._values = self._image = None
            self.update()
            return
        values = np.atleast_2d(np.asarray(values, dtype=np.float64))
        changed = self._values is None or self._values.shape != values.shape
        self._values, self._scale = values, (float(lo), float(hi))
        index = np.ascontiguousarray(colour_indices(values, lo, hi))
        self._index = index
        h, w = index.shape
        image = QImage(index.data, w, h, w, QImage.Format.Format_Indexed8)
        image.setColorTable(self._colours)
        self._image = image.copy()
        if changed:
            self.updateGeometry()
        self.update()

    def colours(self) -> list[int]:
        return self._colours

    def set_colours(self, colours: list[int]) -> None:
        self._colours = colours
        if self._image is not None:
            self._image.setColorTable(colours)
            self.update()

    def values(self) -> np.ndarray | None:
        return None if self._values is None else self._values.copy()

    def scale(self) -> tuple[float, float]:
        return self._scale

    def shape(self) -> tuple[int, int]:
        if self._values is None:
            return (1, 1)
        rows, cols = self._values.shape
        return (int(rows), int(cols))

    def set_overlay(
        self,
        *,
        window: tuple[int, int, int, int] | None = None,
        mark: tuple[int, int] | None = None,
        kept: tuple[int, int] | None = None,
        revealed: int | None = None,
        crossed: np.ndarray | None = None,
    ) -> None:
        self.outline, self.mark, self.kept = window, mark, kept
        self.revealed, self.crossed = revealed, crossed
        self.update()

    # Geometry ----------------------------------------------------------------------------------

    def _cap(self) -> float:
        return math.inf if self.max_cell is None else self.fontMetrics().height() * self.max_cell

    def cell_size(self) -> float:
        rows, cols = self.shape()
        return max(1.0, min(self.width() / cols, self.height() / rows, self._cap()))

    def _origin(self) -> QPointF:
        _rows, cols = self.shape()
        side = self.cell_size()
        return QPointF((self.width() - cols * side) / 2, 0)

    def cell_rect(self, row: int, col: int) -> QRectF:
        side, origin = self.cell_size(), self._origin()
        return QRectF(origin.x() + col * side, origin.y() + row * side, side, side)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        rows, cols = self.shape()
        side, origin = self.cell_size(), self._origin()
        col = math.floor((pos.x() - origin.x()) / side)
        row = math.floor((pos.y() - origin.y()) / side)
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def _text_cell(self) -> int:
        """The smallest cell that fits a number in the widget's font."""
        if self.compact:
            return self.fontMetrics().horizontalAdvance(".00") + 2
        sample = "−0" + ("." + "0" * self.places if self.places else "0")
        return self.fontMetrics().horizontalAdvance(sample) + 6

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows, cols = self.shape()
        return math.ceil(rows * min(width / cols, self._cap()))

    def sizeHint(self) -> QSize:
        rows, cols = self.shape()
        side: float = (
            self._text_cell() if self.numbers else max(self._min_cell, 240 // max(rows, cols))
        )
        side = min(side, self._cap())
        return QSize(math.ceil(cols * side), math.ceil(rows * side))

    def minimumSizeHint(self) -> QSize:
        rows, cols = self.shape()
        small = self.numbers and max(rows, cols) <= 8  # a patch or kernel: its numbers must fit
        side = self._text_cell() if small else self._min_cell
        return QSize(cols * side, rows * side)

    # Events ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cell_clicked.emit(*cell)
        else:
            super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            if self._values is None or self._image is None:
                painter.fillRect(self.rect(), EMPTY)
                return
            rows, cols = self._values.shape
            full = self.cell_rect(0, 0).united(self.cell_rect(rows - 1, cols - 1))
            painter.drawImage(full, self._image)
            side = self.cell_size()
            if self.revealed is not None:
                for index in range(max(0, self.revealed), rows * cols):
                    painter.fillRect(self.cell_rect(*divmod(index, cols)), EMPTY)
            if self.crossed is not None:
                self._paint_crosses(painter)
            if self.numbers and side >= self._text_cell() - 1:
                self._paint_numbers(painter)
            if side >= 8:  # cell borders once cells are big enough to count
                painter.setPen(QPen(QColor(128, 128, 128, 90), 1))
                for r in range(rows + 1):
                    y = full.top() + r * side
                    painter.drawLine(QPointF(full.left(), y), QPointF(full.right(), y))
                for c in range(cols + 1):
                    x = full.left() + c * side
                    painter.drawLine(QPointF(x, full.top()), QPointF(x, full.bottom()))
            width = min(4.0, max(2.0, side / 8))
            if self.outline is not None:
                r0, c0, r1, c1 = self.outline
                rect = self.cell_rect(r0, c0).united(self.cell_rect(r1, c1)).intersected(full)
                painter.setPen(QPen(SELECTED, width))  # as a picked tile
                painter.drawRect(rect)
            for cell, colour in ((self.kept, SELECTED), (self.mark, MARK)):
                if cell is not None:
                    painter.setPen(QPen(colour, width))
                    painter.drawRect(self.cell_rect(*cell).adjusted(1, 1, -1, -1))

    def _paint_crosses(self, painter: QPainter) -> None:
        assert self._values is not None and self.crossed is not None
        painter.setPen(QPen(QColor(230, 60, 60), 1))
        for r, c in np.argwhere(self.crossed):
            rect = self.cell_rect(int(r), int(c))
            painter.fillRect(rect, DROPPED)
            painter.drawLine(rect.topLeft(), rect.bottomRight())
            painter.drawLine(rect.topRight(), rect.bottomLeft())

    def _paint_numbers(self, painter: QPainter) -> None:
        assert self._values is not None and self._index is not None
        cols = self._values.shape[1]
        for (r, c), v in np.ndenumerate(self._values):
            if self.revealed is not None and r * cols + c >= self.revealed:
                continue
            if self.texts is not None and self.texts.shape == self._values.shape:
                text = str(self.texts[r, c])
            elif self.compact:
                text = compact_number(float(v))
            else:
                text = format_number(v, self.places)
            if not text:
                continue
            cell = QColor.fromRgb(self._colours[int(self._index[r, c])])
            dark = 0.299 * cell.red() + 0.587 * cell.green() + 0.114 * cell.blue() < 150
            painter.setPen(QColor(255, 255, 255) if dark else QColor(0, 0, 0))
            painter.drawText(self.cell_rect(r, c), Qt.AlignmentFlag.AlignCenter, text)


def format_number(v: float, places: int = 2) -> str:
    """A value as the walk-through writes it: "0.30", "−0.12" (with 0 places: "2")."""
    text = f"{float(v):.{places}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def compact_number(v: float) -> str:
    """A pixel value in a tight cell: "" for 0, "1" for full ink, else ".30"."""
    if v == 0:
        return ""
    text = f"{v:.2f}"
    return "1" if text == "1.00" else text.lstrip("0")


class ColourBar(QWidget):
    """The colour scale of a map, stated: a gradient strip with its low, middle and high."""

    def __init__(self, colours: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colours = colours
        self._scale = (0.0, 1.0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_scale(self, lo: float, hi: float) -> None:
        self._scale = (lo, hi)
        self.setToolTip(format_scale(lo, hi))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() * 2 + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            metrics = self.fontMetrics()
            bar = QRectF(0, 0, self.width(), metrics.height())
            strip = QImage(len(self._colours), 1, QImage.Format.Format_RGB32)
            for i, colour in enumerate(self._colours):
                strip.setPixel(i, 0, colour)
            painter.drawImage(bar, strip)
            painter.setPen(self.palette().windowText().color())
            lo, hi = self._scale
            low, high = format_scale(lo, hi).split(" … ")
            middle = format_scale((lo + hi) / 2, hi).split(" … ")[0]
            labels = QRectF(0, bar.bottom() + 2, self.width(), metrics.height())
            painter.drawText(labels, Qt.AlignmentFlag.AlignLeft, low)
            painter.drawText(labels, Qt.AlignmentFlag.AlignCenter, middle)
            painter.drawText(labels, Qt.AlignmentFlag.AlignRight, high)
