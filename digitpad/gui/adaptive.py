"""Layouts that adapt to the room they get: side by side when it is wide, stacked when narrow.

A projector's 1366×768 at 150 % zoom leaves a view a third of the width a
desktop's does, so parts that stand side by side on a wide screen (the
inside view's pictures and its arithmetic, the code and the layer table of a
network) go one above the other when the width runs out, instead of asking
the window for more than the screen has. `SideBySide` decides from its own
width on every resize; it tells the layouts around it the least width of the
stacked arrangement and, for a width, the height of whichever arrangement
that width gets, so a scroll area around it scrolls exactly as far as needed.
`VerticalScrollArea` is the scroll area for such content: it scrolls up and
down only, never asks for less width than its content needs, and (fitted)
asks for no more height than the content has at its width. `fit_columns`
keeps a table as wide as its columns' text, `fit_combo` a combo box as wide as
its longest item.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QWidget,
)

Direction = QBoxLayout.Direction


class SideBySide(QWidget):
    """`widgets` in a row when the width allows each its least width, else in a column."""

    def __init__(
        self, *widgets: QWidget, stretches: tuple[int, ...] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._widgets = widgets
        # The box lives on an inner widget: a layout set on this one would answer the layouts
        # around it in its place (Qt asks a widget's own layout for its height for a width).
        self._inner = QWidget(self)
        self._box = QBoxLayout(Direction.LeftToRight, self._inner)
        self._box.setContentsMargins(0, 0, 0, 0)
        for i, widget in enumerate(widgets):
            self._box.addWidget(widget, stretches[i] if i < len(stretches) else 0)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def is_stacked(self) -> bool:
        return self._box.direction() == Direction.TopToBottom

    def row_width(self) -> int:
        """The least width that keeps every widget side by side."""
        shown = [w for w in self._widgets if not w.isHidden()]
        spacing = self._box.spacing() * max(0, len(shown) - 1)
        return sum(_least(w).width() for w in shown) + spacing

    def _arrange(self, width: int) -> None:
        direction = Direction.LeftToRight if width >= self.row_width() else Direction.TopToBottom
        if direction != self._box.direction():
            self._box.setDirection(direction)
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        self._inner.setGeometry(self.rect())
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a part's size or text changed
            self._arrange(self.width())
            self.updateGeometry()
        return super().event(event)

    def minimumSizeHint(self) -> QSize:
        shown = [w for w in self._widgets if not w.isHidden()]
        if not shown:
            return QSize(0, 0)
        width = max(_least(w).width() for w in shown)
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:
        shown = [w for w in self._widgets if not w.isHidden()]
        hints = [w.sizeHint().expandedTo(_least(w)) for w in shown]
        width = sum(h.width() for h in hints) + self._box.spacing() * max(0, len(hints) - 1)
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        shown = [w for w in self._widgets if not w.isHidden()]
        if not shown:
            return 0
        if width >= self.row_width():  # a row: as tall as its tallest at its share
            share = max(1, (width - self._box.spacing() * (len(shown) - 1)) // len(shown))
            return max(_height(w, max(share, _least(w).width())) for w in shown)
        return sum(_height(w, width) for w in shown) + self._box.spacing() * (len(shown) - 1)


class VerticalScrollArea(QScrollArea):
    """Scrolls `widget` up and down, never sideways: text wraps at its width instead.

    Its least width is the widget's least width (and room for the scroll bar);
    `fit_height` makes it ask for the widget's height at its width and no more,
    and `keep_in_sight(top)` never lets it be shorter than `top`, the first part
    of the widget (what must stay in sight, however short the window).
    """

    def __init__(
        self, widget: QWidget, *, fit_height: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if fit_height:
            self.setFrameShape(QFrame.Shape.NoFrame)
        self._fit = fit_height
        self._top: QWidget | None = None
        self._content = widget  # what it scrolls (`widget()`, typed as never None)
        self.setWidget(widget)

    def keep_in_sight(self, top: QWidget) -> None:
        self._top = top
        self.updateGeometry()

    def _height_for(self, width: int) -> int:
        widget = self._content
        if widget.hasHeightForWidth():
            return widget.heightForWidth(width)
        return widget.sizeHint().height()

    def _chrome(self) -> int:
        """The frame on both sides and the vertical scroll bar."""
        return 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = _least(self._content).expandedTo(self._content.sizeHint())
        width = max(hint.width(), inner.width() + self._chrome())
        if not self._fit:  # as short as allowed: what it scrolls gets whatever room is left
            return QSize(width, self.minimumSizeHint().height())
        viewport = self.viewport().width() if self.isVisible() else inner.width()
        return QSize(width, self._height_for(viewport) + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        width = _least(self._content).width() + self._chrome()
        if self._top is None:
            return QSize(width, least.height())
        return QSize(width, _least(self._top).height() + 2 * self.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The content's least width or height changed (another page, a zoom): the layouts
        around are told, so the dock or dialog keeps room for it."""
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:  # never taller than the content: the rest goes to what follows
            height = self._height_for(self.viewport().width()) + 2 * self.frameWidth()
            if height != self.maximumHeight():
                self.setMaximumHeight(height)


def fit_combo(combo: QComboBox) -> None:
    """Keep `combo` at least as wide as its longest item: call again after changing its items'
    words (Qt works a combo's least width out once, from its first items and font)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setMinimumWidth(combo.sizeHint().width())


def fit_columns(table: QTableView) -> None:
    """Keep `table` at least as wide as its columns' text and headers (no "conv2…" in a
    narrow dialog), and its rows as tall as its font: call again after filling it, a zoom or
    a language switch."""
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    header = table.horizontalHeader()
    columns = range(table.model().columnCount()) if table.model() is not None else range(0)
    needed = sum(
        max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
        for c in columns
        if not table.isColumnHidden(c)
    )
    chrome = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    table.setMinimumWidth(needed + chrome)


def _least(widget: QWidget) -> QSize:
    return widget.minimumSizeHint().expandedTo(widget.minimumSize())


def _height(widget: QWidget, width: int) -> int:
    if widget.hasHeightForWidth():
        return max(widget.heightForWidth(width), _least(widget).height())
    return max(widget.sizeHint().height(), _least(widget).height())
