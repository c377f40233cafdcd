"""Small label factories the views share (one place for the captions' look), a wrapping
label that keeps room for all its lines, and how text from a file is put into a widget.

Qt guesses whether a label's or a tooltip's text is HTML (`Qt.AutoText`), and
QtCharts reads its titles and legend names as HTML always. A name that comes
from a file (a model's record, a file or folder name, a layer's name in a
model's config, a run's name) is the user's or a stranger's: `<b>` would
restyle the window and `<img src=…>` would make Qt open that file, a FIFO
hanging the window for good. So such text reaches a widget one of three ways:

- `plain(label)` for a label that shows it: `Qt.PlainText`, shown as written;
- `as_written(text)` for a widget that guesses (a tooltip, a message box): unchanged
  when Qt would show it as plain text anyway, escaped when it would not;
- `html(text)` inside text that is HTML on purpose (the walk-through's rich labels,
  a chart's legend and titles).

tests/gui/test_plain_text.py feeds markup through every view and fails if any of
them renders it.
"""

from __future__ import annotations

import html as _html

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import Qt as QtGuiNamespace
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


def plain(label: QLabel) -> QLabel:
    """`label`, showing its text as written, never as HTML (for text that may come from a
    file: a name, a path, a sentence naming one)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def html(text: str) -> str:
    """`text` escaped for a place that reads HTML (a rich label, a chart's legend or title):
    `<`, `>` and `&` are shown, never interpreted."""
    return _html.escape(text, quote=False)


def as_written(text: str) -> str:
    """`text` for a widget that guesses whether it is HTML (a tooltip, a message box): as it is
    when Qt would show it as plain text, else escaped HTML that shows it as written."""
    if not QtGuiNamespace.mightBeRichText(text):
        return text
    return "<qt>" + html(text).replace("\n", "<br>") + "</qt>"


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
    return f"<p>{html(text)}</p>"
