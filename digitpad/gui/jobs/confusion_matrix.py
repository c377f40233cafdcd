"""The confusion matrix: 10×10 counts, true digit down, the network's answer across.

The diagonal (right answers) shades to green, the rest (mistakes) to red, the
stronger the more images; empty cells take the palette's base colour, so a
dark palette looks right. Clicking a cell picks it (`cell_clicked`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QMargins, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.digits import CLASSES


def _blend(low: QColor, high: QColor, t: float) -> QColor:
    return QColor(
        round(low.red() + (high.red() - low.red()) * t),
        round(low.green() + (high.green() - low.green()) * t),
        round(low.blue() + (high.blue() - low.blue()) * t),
    )


WHITE = QColor(255, 255, 255)
RIGHT = QColor(35, 120, 60)  # the diagonal: correct
WRONG = QColor(200, 40, 40)  # off the diagonal: mistakes
PICKED = QColor(255, 140, 0)


class ConfusionMatrix(QWidget):
    """10×10 counts, rows the true digit, columns the prediction; click a cell to pick it."""

    cell_clicked = Signal(int, int)  # true digit, predicted digit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusion_matrix")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._matrix: np.ndarray | None = None
        self._picked: tuple[int, int] | None = None

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self._matrix = None if matrix is None else np.asarray(matrix)
        self._picked = None
        self.update()

    def matrix(self) -> np.ndarray | None:
        return None if self._matrix is None else self._matrix.copy()

    def set_picked(self, cell: tuple[int, int] | None) -> None:
        self._picked = cell
        self.update()

    def _least_cell(self) -> tuple[int, int]:
        """The least cell that holds a four-digit count (1,135 ones) in the widget's font."""
        metrics = self.fontMetrics()
        return metrics.horizontalAdvance("8888") + 8, metrics.height() + 6

    def _header_width(self) -> int:
        """The row headers' column: the digits, and "true ↓" above them."""
        wide = self.fontMetrics().horizontalAdvance(self.tr("true ↓")) + 8
        return max(self._least_cell()[0], wide)

    def minimumSizeHint(self) -> QSize:
        """Room for every count and caption in the widget's font (it follows View ▸ Zoom)."""
        w, h = self._least_cell()
        caption = self.fontMetrics().height() + 4
        wide = self.fontMetrics().horizontalAdvance(self.tr("predicted digit →")) + 8
        return QSize(self._header_width() + max(CLASSES * w, wide), caption + (CLASSES + 1) * h)

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint().grownBy(QMargins(0, 0, 40, 40))

    def _geometry(self) -> tuple[float, float, float, float]:
        """Left and top of cell (0, 0) and the cell size (w, h); one header row/column."""
        caption = self.fontMetrics().height() + 4
        left = self._header_width()
        w = (self.width() - left) / CLASSES
        h = (self.height() - caption) / (CLASSES + 1)
        return left, caption + h, w, h

    def cell_rect(self, true: int, predicted: int) -> QRectF:
        left, top, w, h = self._geometry()
        return QRectF(left + predicted * w, top + true * h, w, h)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left, top, w, h = self._geometry()
        p = event.position()
        col, row = int((p.x() - left) // w), int((p.y() - top) // h)
        if self._matrix is not None and 0 <= row < CLASSES and 0 <= col < CLASSES:
            self._picked = (row, col)
            self.update()
            self.cell_clicked.emit(row, col)

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        left, top, w, h = self._geometry()
        text = self.palette().windowText().color()
        painter.setPen(text)
        painter.drawText(
            QRectF(left, 0, CLASSES * w, top - h),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("predicted digit →"),
        )
        for d in range(CLASSES):
            painter.drawText(
                QRectF(left + d * w, top - h, w, h), Qt.AlignmentFlag.AlignCenter, str(d)
            )
            painter.drawText(QRectF(0, top + d * h, left, h), Qt.AlignmentFlag.AlignCenter, str(d))
        painter.drawText(
            QRectF(0, top - h, left, h), Qt.AlignmentFlag.AlignCenter, self.tr("true ↓")
        )
        matrix = self._matrix
        if matrix is not None:
            empty = self.palette().base().color()  # white, or near black in a dark palette
            diagonal_max = max(1, int(np.diag(matrix).max()))
            off = matrix - np.diag(np.diag(matrix))
            off_max = max(1, int(off.max()))
            for r in range(CLASSES):
                for c in range(CLASSES):
                    count = int(matrix[r, c])
                    rect = self.cell_rect(r, c)
                    if r == c:
                        colour = _blend(empty, RIGHT, count / diagonal_max)
                    else:
                        colour = _blend(empty, WRONG, np.sqrt(count / off_max))
                    painter.fillRect(rect, colour)
                    painter.setPen(WHITE if colour.lightness() < 140 else QColor(20, 20, 20))
                    label = str(count) if count else ""
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(self.palette().mid().color())
            painter.drawRect(QRectF(left, top, CLASSES * w, CLASSES * h))
            if self._picked is not None:
                painter.setPen(PICKED)
                painter.drawRect(self.cell_rect(*self._picked).adjusted(1, 1, -1, -1))
