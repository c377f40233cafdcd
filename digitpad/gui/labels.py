"""Small label factories the views share (one place for the captions' look)."""

from __future__ import annotations

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
