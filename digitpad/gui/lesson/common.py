"""What every walk-through page shares: the page contract, captions, numbers, small tables.

A page shows one kind of step (`show_step`) and re-sets every text from what
it remembers in `retranslate()`. Fonts are the widget's own (a caption is the
same font in bold), so scaling the application's font scales every page.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.lesson.steps import Lesson, LessonStep
from digitpad.gui.colours import DIVERGING, GREY, symmetric_scale
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import bold
from digitpad.gui.lesson.large_map import LargeMap, format_number


class Page(Retranslating, QWidget):
    """One kind of step's numbers and pictures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.step: LessonStep | None = None

    def show_step(self, lesson: Lesson, step: LessonStep | None) -> None:
        """Show `step` of `lesson` (a new drawing, or another step); keeps the user's picks."""
        self.lesson, self.step = lesson, step
        self.refresh()

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def retranslate(self) -> None:
        if self.lesson is not None:
            self.refresh()

    def stop(self) -> None:
        """The page is left: stop anything it animates."""


def wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def num(v: float, places: int = 4) -> str:
    """A sum or output as the arithmetic lines write it: 4 decimals, a real minus sign."""
    return format_number(float(v), places)


def signed(v: float, places: int = 4) -> str:
    """A number after an operator: a negative one in parentheses."""
    text = num(v, places)
    return f"({text})" if text.startswith("−") else text


def captioned_pair(
    left: tuple[QLabel, QWidget], right: tuple[QLabel, QWidget], *, even: bool = False
) -> QGridLayout:
    """Two pictures side by side, each under its caption; `even`: the columns share the
    width equally."""
    grid = QGridLayout()
    for column, (caption, picture) in enumerate((left, right)):
        grid.addWidget(caption, 0, column)
        grid.addWidget(picture, 1, column)
        if even:
            grid.setColumnStretch(column, 1)
    return grid


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    bold_rows: Sequence[int] = (),
    text_columns: int = 1,
) -> str:
    """A small rich-text table: the first `text_columns` left-aligned, numbers right-aligned,
    `bold_rows` in bold."""

    def align(i: int) -> str:
        return "left" if i < text_columns else "right"

    cells = "".join(f"<th align='{align(i)}'>&nbsp;{h}&nbsp;</th>" for i, h in enumerate(header))
    body = []
    for r, row in enumerate(rows):
        tag = ("<b>", "</b>") if r in bold_rows else ("", "")
        tds = (
            f"<td align='{align(i)}'>&nbsp;{tag[0]}{c}{tag[1]}&nbsp;</td>"
            for i, c in enumerate(row)
        )
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table cellspacing='0' cellpadding='2'><tr>{cells}</tr>{''.join(body)}</table>"


class MatrixBox(QWidget):
    """A small matrix with its numbers and a caption above: a patch, a kernel, products."""

    def __init__(self, colours: list[int] = GREY, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = bold(centred=True)
        self.matrix = LargeMap(colours)
        self.matrix.numbers = True
        self.matrix.max_cell = None
        self.matrix.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.matrix)

    def set_matrix(
        self, values: np.ndarray, lo: float | None = None, hi: float | None = None
    ) -> None:
        if lo is None or hi is None:
            lo, hi = symmetric_scale(values) if np.any(values) else (-1.0, 1.0)
        self.matrix.set_values(values, lo, hi)
        self.matrix.setFixedSize(self.matrix.sizeHint())


def operator(symbol: str) -> QLabel:
    return bold(symbol, centred=True)


def arithmetic_row() -> tuple[QWidget, MatrixBox, MatrixBox, MatrixBox]:
    """patch × kernel = products, side by side (the products and kernel blue–white–red)."""
    patch, kernel, products = MatrixBox(GREY), MatrixBox(DIVERGING), MatrixBox(DIVERGING)
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in (patch, operator("×"), kernel, operator("="), products):
        row.addWidget(widget)
    row.addStretch(1)
    return box, patch, kernel, products
