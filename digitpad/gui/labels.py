"""Small label factories the views share (one place for the captions' look), and a wrapping
label that keeps room for all its lines."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


def bold(text: str = "", *, centred: bool = False) -> QLabel:
    """A label in the widget font's bold weight: captions and headings over pictures."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class WrappingLabel(QLabel):
    """A word-wrapped label whose least height is that of its lines at its width.

    A window's least size leaves out how tall wrapped text gets (Qt asks a
    layout's least size without a width), so at that size a wrapped caption
    would slide under what follows it. This one asks for its lines' height
    whenever its width, text or font changes, and the layout makes room.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:
        """No: its least height already is its lines' (a layout asking for heights for widths
        would also stretch the pictures beside it beyond the least size)."""
        return False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    def _fit(self) -> None:
        height = super().heightForWidth(self.width()) if self.text() else 0
        if height != self.minimumHeight():
            self.setMinimumHeight(max(0, height))

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


def paragraph(text: str) -> str:
    """Plain `text` as a tooltip Qt wraps into a paragraph (rich text wraps, plain text runs
    on in one line as wide as the screen)."""
    return f"<p>{html.escape(text, quote=False)}</p>"
