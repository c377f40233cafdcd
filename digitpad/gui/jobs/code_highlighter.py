"""Colours for the course's Keras lines: layer names, the model, numbers, strings, comments.

A `QSyntaxHighlighter` over a few regular expressions is plenty for code that
is only `model.add(Layer(...))` lines. The layer names are the registry's
(`core.layers.registry`), so a kind digitpad does not know stays plain, a hint before
the check says so. Colours are picked for the editor's background, light or
dark, and re-picked when the palette changes (`set_dark`).
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from digitpad.core.layers.registry import kind_names

# (light background, dark background) per kind of token
COLOURS = {
    "layer": ("#1f5fa8", "#7fb4ff"),
    "model": ("#7a3e9d", "#d7a6f0"),
    "keyword": ("#8a5a00", "#f0c070"),
    "number": ("#0b7a55", "#7ee0b0"),
    "string": ("#b3261e", "#ff9a8f"),
    "comment": ("#6b6b6b", "#9a9a9a"),
}


def _rules() -> list[tuple[re.Pattern[str], str]]:
    layers = "|".join(re.escape(name) for name in (*kind_names(), "Sequential"))
    return [
        (re.compile(rf"\b(?:{layers})\b"), "layer"),
        (re.compile(r"\bmodel\b|\.add\b"), "model"),
        (re.compile(r"\b(?:from|import|None|True|False)\b|\b\w+(?==)(?!==)"), "keyword"),
        (re.compile(r"\b\d+(?:\.\d*)?(?:[eE][-+]?\d+)?\b"), "number"),
        (re.compile(r"'[^'\n]*'?|\"[^\"\n]*\"?"), "string"),
        (re.compile(r"#.*$"), "comment"),  # last: a comment wins over what it contains
    ]


class CodeHighlighter(QSyntaxHighlighter):
    """Highlights the network code in `document`."""

    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self._rules = _rules()
        self._formats: dict[str, QTextCharFormat] = {}
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        """Colours for a dark (True) or light background; re-highlights the text."""
        self._formats = {}
        for kind, (light, dark_colour) in COLOURS.items():
            form = QTextCharFormat()
            form.setForeground(QColor(dark_colour if dark else light))
            if kind == "layer":
                form.setFontWeight(QFont.Weight.Bold)
            if kind == "comment":
                form.setFontItalic(True)
            self._formats[kind] = form
        self.rehighlight()

    def kind_at(self, line: str, column: int) -> str | None:
        """Which kind of token covers `column` of `line` (None: plain), as highlighted."""
        found = None
        for pattern, kind in self._rules:
            for match in pattern.finditer(line):
                if match.start() <= column < match.end():
                    found = kind
        return found

    def highlightBlock(self, text: str) -> None:  # Qt calls it by this name
        for pattern, kind in self._rules:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), self._formats[kind])
