"""Small label factories the views share (one place for the captions' look)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def bold(text: str = "", *, centred: bool = False) -> QLabel:
    """A label in the widget font's bold weight: captions and headings over pictures."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def paragraph(text: str) -> str:
    """Plain `text` as a tooltip Qt wraps into a paragraph (rich text wraps, plain text runs
    on in one line as wide as the screen)."""
    return f"<p>{html.escape(text, quote=False)}</p>"
