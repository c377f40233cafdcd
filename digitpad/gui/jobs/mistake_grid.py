"""Thumbnails of misclassified test images, each captioned "true → predicted" and confidence.

Painted in one widget (up to MAX_SHOWN thumbnails, only those in view);
its height follows its width, so it wraps inside a scroll area. Clicking a
thumbnail emits its `Mistake`. The thumbnails follow View ▸ Zoom and the
captions the font; a confidence reads with one decimal, as the status bar says it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.digits import SIDE
from digitpad.core.i18n import chance
from digitpad.gui.zoom import follow_zoom, px, scale_font

if TYPE_CHECKING:
    from digitpad.core.training.evaluation import Mistake

THUMB = 56  # a 28×28 test image at 2× (at zoom 1)
MAX_SHOWN = 1000
CAPTION_SCALE = 0.85


def caption_text(mistake: Mistake) -> str:
    """ "true → predicted" and the confidence, one decimal (as the status bar rounds)."""
    return f"{mistake.label} → {mistake.predicted}\n{chance(mistake.confidence)}"


class MistakeGrid(QWidget):
    """Thumbnails of misclassified test images with true → predicted and confidence."""

    clicked = Signal(object)  # Mistake

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistake_grid")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._mistakes: list[Mistake] = []
        self._images: list[QImage] = []
        self._thumb = THUMB
        follow_zoom(self, self._on_zoom)

    def _on_zoom(self, _factor: float) -> None:
        self._thumb = px(THUMB)
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def _caption_font(self):
        return scale_font(self.font(), CAPTION_SCALE)

    def cell_size(self) -> QSize:
        """One thumbnail with its caption: as wide as the wider of the two, plus a margin."""
        metrics = QFontMetrics(self._caption_font())
        text = max(metrics.horizontalAdvance(t) for t in ("8 → 8", chance(0.9999)))
        width = max(self._thumb, text)
        return QSize(width + 8, self._thumb + 2 * metrics.height() + 4)

    def set_mistakes(self, mistakes: list[Mistake], images: np.ndarray | None) -> None:
        self._mistakes = mistakes[:MAX_SHOWN]
        self._images = []
        if images is not None:
            for m in self._mistakes:
                grey = np.ascontiguousarray(255 - images[m.index])
                image = QImage(grey.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8)
                self._images.append(image.copy())
        self.updateGeometry()
        self.update()

    def mistakes(self) -> list[Mistake]:
        return list(self._mistakes)

    def _columns(self, width: int | None = None) -> int:
        return max(1, (self.width() if width is None else width) // self.cell_size().width())

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = -(-len(self._mistakes) // self._columns(width))
        return max(self._thumb, rows * self.cell_size().height())

    def sizeHint(self) -> QSize:
        width = 6 * self.cell_size().width()
        return QSize(width, self.heightForWidth(width))

    def item_rect(self, i: int) -> QRectF:
        """The thumbnail's square (its caption is below it, within the cell)."""
        cell = self.cell_size()
        row, col = divmod(i, self._columns())
        left = col * cell.width() + (cell.width() - self._thumb) / 2
        return QRectF(left, row * cell.height(), self._thumb, self._thumb)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        p: QPointF = event.position()
        caption = self.cell_size().height() - self._thumb
        for i in range(len(self._mistakes)):
            if self.item_rect(i).adjusted(0, 0, 0, caption).contains(p):
                self.clicked.emit(self._mistakes[i])
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            self._paint(painter, QRectF(event.rect()))

    def _paint(self, painter: QPainter, visible: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setFont(self._caption_font())
        cell = self.cell_size()
        caption_height = cell.height() - self._thumb
        for i, m in enumerate(self._mistakes):
            rect = self.item_rect(i)
            if not rect.adjusted(0, 0, 0, caption_height).intersects(visible):
                continue
            if i < len(self._images):
                painter.drawImage(rect, self._images[i])
            painter.setPen(QColor(160, 160, 160))
            painter.drawRect(rect)
            painter.setPen(self.palette().windowText().color())
            left = rect.center().x() - cell.width() / 2
            caption = QRectF(left, rect.bottom() + 2, cell.width(), caption_height)
            painter.drawText(
                caption, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption_text(m)
            )
        if not self._mistakes:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No mistakes to show")
            )
