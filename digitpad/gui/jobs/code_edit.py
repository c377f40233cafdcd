"""The editor of a network's code: a plain-text editor that refuses a paste far too long to be
one, before the text reaches the document.

The check of the code is quick whatever it is given (`core.network.code` bounds the text
first), but the editor itself is not: pasting a million empty lines took the document and
its highlighter 7.6 s here, the window frozen meanwhile. A network's code takes at most
`MAX_LINES` lines and `MAX_CHARS` characters; a paste (or a drop) that would leave the
editor holding more than `SLACK` times that is refused and said in one sentence (`refused`),
and the code stays as it was. Up to that, a student may paste and trim.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Signal
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from digitpad.core.network.code import MAX_CHARS, MAX_LINES

SLACK = 10  # pasted text up to ten times a network's size is still taken (then trimmed)


class CodeEdit(QPlainTextEdit):
    """A QPlainTextEdit whose paste and drop are bounded."""

    refused = Signal(str)  # one sentence: why a paste was not taken

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        cursor = self.textCursor()
        kept = self.document().characterCount() - (cursor.selectionEnd() - cursor.selectionStart())
        lines = text.count("\n") + self.blockCount()
        if len(text) + kept > SLACK * MAX_CHARS or lines > SLACK * MAX_LINES:
            self.refused.emit(
                self.tr(
                    "The text was not pasted: {lines} lines and {chars} characters are far more "
                    "than a network's code, which takes at most {max_lines} lines and "
                    "{max_chars} characters."
                ).format(
                    lines=f"{text.count(chr(10)) + 1:,}",
                    chars=f"{len(text):,}",
                    max_lines=f"{MAX_LINES:,}",
                    max_chars=f"{MAX_CHARS:,}",
                )
            )
            return
        super().insertFromMimeData(source)
