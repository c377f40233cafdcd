"""A first-layer kernel typed in: its weights and bias, each a number within ±10.

`KernelEditor` is a grid of fields (3×3 for the course's network) and a bias field. A field
takes only what can still become a number within the bounds (`ValueValidator`): a letter or a
value beyond ±10 is refused where it is typed, and the editor says so under the grid; a
field that is not yet a number ("−", empty) is marked until it is. `edited` carries the
whole kernel and bias whenever every field holds a number.
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from digitpad.core.experiments.kernels import LIMIT, parse_value
from digitpad.gui.i18n import Retranslating
from digitpad.gui.zoom import follow_zoom, px

PARTIAL = re.compile(r"^\s*[-−]?\d*([.,]\d*)?\s*$")  # what may still become a number
PLACES = 3  # decimals a weight is written with


def written(value: float) -> str:
    text = f"{value:.{PLACES}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


class ValueValidator(QValidator):
    """A number within ±LIMIT; anything that cannot become one is refused as it is typed."""

    refused = Signal(str)  # the text that was refused

    def validate(self, text: str, pos: int) -> object:
        if parse_value(text) is not None:
            return QValidator.State.Acceptable, text, pos
        if PARTIAL.match(text):
            digits = text.strip().lstrip("-−")
            whole = digits.replace(",", ".").rstrip(".")
            if not whole or parse_value(whole) is not None:
                return QValidator.State.Intermediate, text, pos
        self.refused.emit(text)
        return QValidator.State.Invalid, text, pos


class KernelEditor(Retranslating, QWidget):
    """The weights of one kernel and its bias, as fields."""

    edited = Signal(object, float)  # (kh, kw) weights, bias: every field a number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.validator = ValueValidator(self)
        self.validator.refused.connect(self._on_refused)
        self.fields: list[list[QLineEdit]] = []
        self.grid = QGridLayout()
        self.grid.setSpacing(2)
        self.bias_label = QLabel()
        self.bias = self._field("kernel_bias")
        self.bias_label.setBuddy(self.bias)
        self.message = QLabel()
        self.message.setObjectName("kernel_message")
        self.message.setWordWrap(True)
        bias_row = QGridLayout()
        bias_row.addWidget(self.bias_label, 0, 0)
        bias_row.addWidget(self.bias, 0, 1)
        bias_row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(bias_row)
        layout.addWidget(self.message)
        follow_zoom(self, self._on_zoom)
        self.retranslate()

    def _field(self, name: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setValidator(self.validator)
        field.textEdited.connect(self._on_text)
        return field

    def _on_zoom(self, factor: float) -> None:
        for field in (*[f for row in self.fields for f in row], self.bias):
            field.setFixedWidth(px(64))

    def set_shape(self, rows: int, cols: int) -> None:
        """Fields for a kernel of `rows` × `cols` weights."""
        if len(self.fields) == rows and all(len(r) == cols for r in self.fields):
            return
        for row in self.fields:
            for field in row:
                field.setParent(None)
                field.deleteLater()
        self.fields = [[self._field(f"kernel_{r}_{c}") for c in range(cols)] for r in range(rows)]
        for r, row in enumerate(self.fields):
            for c, field in enumerate(row):
                self.grid.addWidget(field, r, c)
        for c in range(self.grid.columnCount()):  # the weights side by side, the room after them
            self.grid.setColumnStretch(c, 0)
        self.grid.setColumnStretch(cols, 1)
        self._on_zoom(0.0)
        self.retranslate()

    def set_values(self, kernel: np.ndarray, bias: float) -> None:
        """Show a kernel; a field whose number already equals its value is left as typed."""
        self.set_shape(*kernel.shape)
        for (r, c), value in np.ndenumerate(kernel):
            self._put(self.fields[r][c], float(value))
        self._put(self.bias, bias)
        self._mark()

    @staticmethod
    def _put(field: QLineEdit, value: float) -> None:
        typed = parse_value(field.text())
        if typed is None or abs(typed - value) > 10 ** -(PLACES + 1):
            field.setText(written(value))

    def values(self) -> tuple[np.ndarray, float] | None:
        """The kernel and bias typed, or None while a field is not a number yet."""
        numbers = [[parse_value(f.text()) for f in row] for row in self.fields]
        bias = parse_value(self.bias.text())
        if bias is None or any(v is None for row in numbers for v in row):
            return None
        return np.array(numbers, dtype=np.float32), float(bias)

    def _on_text(self, text: str) -> None:
        self._mark()
        found = self.values()
        if found is not None:
            self.message.setText("")
            self.edited.emit(*found)

    def _mark(self) -> None:
        for field in (*[f for row in self.fields for f in row], self.bias):
            bad = parse_value(field.text()) is None
            field.setStyleSheet("QLineEdit { border: 2px solid #d62728; }" if bad else "")

    def _on_refused(self, text: str) -> None:
        self.message.setText(
            self.tr("Refused: a weight or bias is a number from −{limit} to {limit}.").format(
                limit=f"{LIMIT:g}"
            )
        )

    def retranslate(self) -> None:
        self.bias_label.setText(self.tr("&Bias:"))
        self.bias.setAccessibleName(self.tr("Bias"))
        for r, row in enumerate(self.fields):
            for c, field in enumerate(row):
                name = self.tr("Weight in row {row}, column {col}").format(row=r + 1, col=c + 1)
                field.setAccessibleName(name)
                field.setToolTip(
                    self.tr("{name}: a number from −{limit} to {limit}").format(
                        name=name, limit=f"{LIMIT:g}"
                    )
                )
