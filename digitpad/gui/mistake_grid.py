"""Thumbnails of misclassified test images, each captioned "true → predicted" and confidence.

Painted in one widget (up to MAX_SHOWN thumbnails, only those in view);
its height follows its width, so it wraps inside a scroll area. Clicking a
thumbnail emits its `Mistake`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from digitpad.core.evaluation import Mistake

THUMB = 56  # a 28×28 test image at 2×
CAPTION = 30
MAX_SHOWN = 1000


class MistakeGrid(QWidget):
    """Thumbnails of misclassified test images with true → predicted and confidence."""

    clicked = Signal(object)  # Mistake

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistake_grid")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._mistakes: list[Mistake] = []
        self._images: list[QImage] = []

    def set_mistakes(self, mistakes: list[Mistake], images: np.ndarray | None) -> None:
        self._mistakes = mistakes[:MAX_SHOWN]
        self._images = []
        if images is not None:
            for m in self._mistakes:
                grey = np.ascontiguousarray(255 - images[m.index])
                image = QImage(grey.data, 28, 28, 28, QImage.Format.Format_Grayscale8)
                self._images.append(image.copy())
        self.updateGeometry()
        self.update()

    def mistakes(self) -> list[Mistake]:
        return list(self._mistakes)

    def _columns(self) -> int:
        return max(1, self.width() // (THUMB + 8))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        columns = max(1, width // (THUMB + 8))
        rows = -(-len(self._mistakes) // columns)
        return max(THUMB, rows * (THUMB + CAPTION))

    def sizeHint(self) -> QSize:
        return QSize(6 * (THUMB + 8), self.heightForWidth(6 * (THUMB + 8)))

    def item_rect(self, i: int) -> QRectF:
        row, col = divmod(i, self._columns())
        return QRectF(col * (THUMB + 8) + 4, row * (THUMB + CAPTION), THUMB, THUMB)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        p: QPointF = event.position()
        for i in range(len(self._mistakes)):
            if self.item_rect(i).adjusted(0, 0, 0, CAPTION).contains(p):
                self.clicked.emit(self._mistakes[i])
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            self._paint(painter, QRectF(event.rect()))

    def _paint(self, painter: QPainter, visible: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        for i, m in enumerate(self._mistakes):
            rect = self.item_rect(i)
            if not rect.adjusted(0, 0, 0, CAPTION).intersects(visible):
                continue
            if i < len(self._images):
                painter.drawImage(rect, self._images[i])
            painter.setPen(QColor(160, 160, 160))
            painter.drawRect(rect)
            painter.setPen(self.palette().windowText().color())
            caption = QRectF(rect.left() - 4, rect.bottom(), THUMB + 8, CAPTION)
            painter.drawText(
                caption,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{m.label} → {m.predicted}\n{100 * m.confidence:.0f} %",
            )
        if not self._mistakes:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No mistakes to show")
            )
