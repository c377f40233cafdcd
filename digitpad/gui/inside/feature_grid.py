"""A grid of small images (feature maps, kernels, neurons) painted in one widget from NumPy.

All tiles share one colour scale (`lo` … `hi`), so a bright tile is bright
compared with its neighbours. The values are turned into colour indices once
per update (NumPy) and held as one indexed QImage; `paintEvent` only copies a
tile's rectangle of it per tile, nearest-neighbour, so an update costs well
under a millisecond of the GUI thread.

A vector (a dense layer) is shown as one 1×1 tile per neuron. Tiles are
numbered from 1 wherever a number is shown (as the inside dock numbers maps).
A few pixels can be outlined (`set_mark`): the 3×3 patch a convolution reads,
the output pixel it writes. The least tile size follows View ▸ Zoom.

With keyboard focus, the arrow keys pick a tile as a click does; the accessible
description says what the grid holds (its accessible name is set by its owner).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.layers.values import ordinal
from digitpad.gui.colours import EMPTY, SELECTED, SEQUENTIAL, colour_indices, format_scale
from digitpad.gui.i18n import Retranslating
from digitpad.gui.zoom import follow_zoom

GAP = 2  # pixels between tiles
MARK = QColor(255, 40, 90)  # the outlined pixels: stands out on grey and on viridis alike
PLACEHOLDER = QColor(200, 200, 200)  # text on EMPTY, whatever the palette
BACKGROUND = QColor(128, 128, 128)  # shows between tiles
CROSSED = QColor(255, 40, 90)  # a tile switched off


class FeatureGrid(Retranslating, QWidget):
    """Tiles of (H, W) maps in columns; click a tile to pick it, hover to read a pixel."""

    map_clicked = Signal(int)  # tile index
    pixel_hovered = Signal(int, int, int)  # tile index, row, column
    hover_left = Signal()

    def __init__(
        self,
        columns: int,
        colours: list[int] = SEQUENTIAL,
        parent: QWidget | None = None,
        *,
        min_tile: int = 12,
    ) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMouseTracking(True)
        self._columns = columns
        self._colours = colours
        self._min_tile_at_1 = min_tile
        self._min_tile = min_tile
        self._mark: tuple[int, int, int, int] | None = None  # tile, row, column, side
        self._values: np.ndarray | None = None  # (H, W, C)
        self._image: QImage | None = None  # indices, tiles side by side: (H, W * C)
        self._scale = (0.0, 1.0)
        self._selected: int | None = None
        self._crossed: frozenset[int] = frozenset()  # tiles switched off (an experiment)
        self._hover: tuple[int, int, int] | None = None
        self.placeholder: str | None = None  # shown while empty; None: "Draw a digit"
        follow_zoom(self, self._on_zoom)
        self.retranslate()

    def _on_zoom(self, factor: float) -> None:
        self._min_tile = max(1, round(self._min_tile_at_1 * factor))
        self.updateGeometry()

    def retranslate(self) -> None:
        self._describe()
        self.update()

    def _describe(self) -> None:
        """What the grid holds, for screen readers: how many tiles of what size, and the scale."""
        if self._values is None:
            text = self._placeholder()
        else:
            h, w, c = self._values.shape
            if (h, w) == (1, 1):
                what = self.tr("%n neuron(s)", "", c)
            else:
                what = self.tr("%n map(s) of {height}×{width}", "", c).format(height=h, width=w)
            scale = self.tr("colour scale {scale}").format(scale=format_scale(*self._scale))
            text = f"{what} · {scale}"
            if self._selected is not None:
                text += " · " + self.tr("number {index} picked").format(
                    index=ordinal(self._selected)
                )
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def _placeholder(self) -> str:
        return self.tr("Draw a digit") if self.placeholder is None else self.placeholder

    # Data --------------------------------------------------------------------------------------

    def set_maps(self, values: np.ndarray | None, lo: float = 0.0, hi: float = 1.0) -> None:
        """Show (H, W, C) maps or (N,) neurons with colours from `lo` (darkest) to `hi`."""
        if values is None:
            self._values, self._image = None, None
            self._describe()
            self.update()
            return
        values = np.asarray(values, dtype=np.float32)
        if values.ndim == 1:
            values = values.reshape(1, 1, -1)
        elif values.ndim == 2:
            values = values[:, :, None]
        h, w, c = values.shape
        shape_changed = self._values is None or self._values.shape != values.shape
        self._values = values
        self._scale = (float(lo), float(hi))
        index = colour_indices(values, lo, hi)
        strip = np.ascontiguousarray(index.transpose(0, 2, 1).reshape(h, c * w))
        image = QImage(strip.data, c * w, h, c * w, QImage.Format.Format_Indexed8)
        image.setColorTable(self._colours)
        self._image = image.copy()  # detach from the NumPy buffer
        if self._selected is not None and self._selected >= c:
            self._selected = None
        if shape_changed:
            self.updateGeometry()
        self._describe()
        self.update()

    def count(self) -> int:
        """How many tiles (maps, neurons) are shown."""
        return 0 if self._values is None else self._values.shape[2]

    def tile_shape(self) -> tuple[int, int]:
        return (0, 0) if self._values is None else self._values.shape[:2]

    def values(self) -> np.ndarray | None:
        """The values shown, as (H, W, C) (a copy)."""
        return None if self._values is None else self._values.copy()

    def scale(self) -> tuple[float, float]:
        return self._scale

    def colours(self) -> list[int]:
        return self._colours

    def set_colours(self, colours: list[int]) -> None:
        self._colours = colours
        if self._image is not None:
            self._image.setColorTable(colours)
            self.update()

    def set_selected(self, index: int | None) -> None:
        self._selected = index
        self._describe()
        self.update()

    def selected(self) -> int | None:
        return self._selected

    def set_crossed(self, indices: frozenset[int] | set[int] | tuple[int, ...]) -> None:
        """Cross out tiles `indices` (maps switched off)."""
        crossed = frozenset(indices)
        if crossed != self._crossed:
            self._crossed = crossed
            self.update()

    def crossed(self) -> frozenset[int]:
        return self._crossed

    def set_mark(self, index: int, row: int, col: int, side: int = 1) -> None:
        """Outline the `side`×`side` pixels from (`row`, `col`) of tile `index`."""
        self._mark = (index, row, col, side)
        self.update()

    def clear_mark(self) -> None:
        if self._mark is not None:
            self._mark = None
            self.update()

    def mark(self) -> tuple[int, int, int, int] | None:
        """(tile, row, column, side) of the outlined pixels, or None."""
        return self._mark

    def pixels_rect(self, index: int, row: int, col: int, side: int = 1) -> QRectF:
        """The widget rectangle covering `side`×`side` pixels from (`row`, `col`) of a tile."""
        rect = self.tile_rect(index)
        h, w = self.tile_shape()
        cell_w, cell_h = rect.width() / max(1, w), rect.height() / max(1, h)
        return QRectF(
            rect.left() + col * cell_w, rect.top() + row * cell_h, side * cell_w, side * cell_h
        )

    # Geometry ----------------------------------------------------------------------------------

    def _grid(self) -> tuple[int, int]:
        count = max(1, self.count())
        columns = min(self._columns, count)
        return columns, math.ceil(count / columns)

    def _tile_size(self, width: int) -> tuple[float, float]:
        h, w = self.tile_shape() if self._values is not None else (1, 1)
        columns, _ = self._grid()
        tile_w = max(1.0, (width - GAP * (columns - 1)) / columns)
        return tile_w, tile_w * h / max(1, w)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        width = min(width, self.maximumWidth())  # a layout may offer more than it can take
        if self._values is None:  # empty: room for the placeholder, not a screen-wide square
            return min(width, max(self._min_tile, 3 * self.fontMetrics().height()))
        _, rows = self._grid()
        _, tile_h = self._tile_size(width)
        return math.ceil(rows * tile_h + GAP * (rows - 1))

    def sizeHint(self) -> QSize:
        columns, _ = self._grid()
        w = self.tile_shape()[1] if self._values is not None else 1
        side = max(self._min_tile, 2 * w) if w > 1 else self._min_tile * 2
        width = columns * side + GAP * (columns - 1)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        columns, _ = self._grid()
        width = columns * self._min_tile + GAP * (columns - 1)
        return QSize(width, self.heightForWidth(width))

    def tile_rect(self, index: int) -> QRectF:
        columns, _ = self._grid()
        tile_w, tile_h = self._tile_size(self.width())
        row, col = divmod(index, columns)
        return QRectF(col * (tile_w + GAP), row * (tile_h + GAP), tile_w, tile_h)

    def pixel_position(self, index: int, row: int, col: int) -> QPoint:
        """The widget point at the centre of pixel (`row`, `col`) of tile `index` (for tests)."""
        rect = self.tile_rect(index)
        h, w = self.tile_shape()
        x = rect.left() + (col + 0.5) * rect.width() / w
        y = rect.top() + (row + 0.5) * rect.height() / h
        return QPointF(x, y).toPoint()

    def hit(self, pos: QPointF) -> tuple[int, int, int] | None:
        """(tile, row, column) under `pos`, or None between tiles / outside."""
        if self._values is None:
            return None
        h, w, c = self._values.shape
        columns, _ = self._grid()
        tile_w, tile_h = self._tile_size(self.width())
        col_f, row_f = pos.x() / (tile_w + GAP), pos.y() / (tile_h + GAP)
        grid_col, grid_row = int(col_f), int(row_f)
        if pos.x() < 0 or pos.y() < 0 or grid_col >= columns:
            return None
        index = grid_row * columns + grid_col
        if index >= c:
            return None
        x = (pos.x() - grid_col * (tile_w + GAP)) / tile_w
        y = (pos.y() - grid_row * (tile_h + GAP)) / tile_h
        if not (0 <= x < 1 and 0 <= y < 1):
            return None
        return index, int(y * h), int(x * w)

    # Events ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if event.button() == Qt.MouseButton.LeftButton and found is not None:
            self.set_selected(found[0])
            self.map_clicked.emit(found[0])
        else:
            super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys (and Home/End) pick the next tile, as clicking it would."""
        count = self.count()
        columns, _ = self._grid()
        steps = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Down: columns,
            Qt.Key.Key_Up: -columns,
        }
        key = event.key()
        if count == 0 or (key not in steps and key not in (Qt.Key.Key_Home, Qt.Key.Key_End)):
            return super().keyPressEvent(event)
        if key == Qt.Key.Key_Home:
            index = 0
        elif key == Qt.Key.Key_End:
            index = count - 1
        elif self._selected is None:
            index = 0
        else:
            index = min(count - 1, max(0, self._selected + steps[Qt.Key(key)]))
        self.set_selected(index)
        self.map_clicked.emit(index)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if found != self._hover:
            self._hover = found
            if found is None:
                self.hover_left.emit()
            else:
                self.pixel_hovered.emit(*found)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.hover_left.emit()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            if self._values is None or self._image is None:
                painter.fillRect(self.rect(), EMPTY)
                painter.setPen(PLACEHOLDER)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._placeholder())
                return
            h, w, c = self._values.shape
            columns, _ = self._grid()
            last = self.tile_rect(c - 1)
            painter.fillRect(QRectF(0, 0, self.width(), last.bottom()), BACKGROUND)
            if c % columns:  # no grey after the last tile of a partial row
                painter.fillRect(
                    QRectF(last.right(), last.top(), self.width(), last.height() + 1),
                    self.palette().window(),
                )
            for i in range(c):
                target = self.tile_rect(i)
                if w == 1 and h == 1:
                    painter.fillRect(target, QColor.fromRgb(self._image.pixel(i, 0)))
                else:
                    painter.drawImage(target, self._image, QRectF(i * w, 0, w, h))
            if self._crossed:
                painter.setPen(QPen(CROSSED, 2))
                for i in sorted(self._crossed):
                    if i < c:
                        rect = self.tile_rect(i)
                        painter.drawLine(rect.topLeft(), rect.bottomRight())
                        painter.drawLine(rect.topRight(), rect.bottomLeft())
            if self._selected is not None:
                painter.setPen(SELECTED)
                painter.drawRect(self.tile_rect(self._selected).adjusted(-1, -1, 0, 0).toRect())
            if self._mark is not None and self._mark[0] < c:
                painter.setPen(QPen(MARK, 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.pixels_rect(*self._mark))
            if self.hasFocus():  # keyboard focus: the arrow keys pick tiles here
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1))
                painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
