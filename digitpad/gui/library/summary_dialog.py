"""The model's layer table, laid out like `model.summary()` on the course's slide.

Built from `digitpad.core.network.summary.summarize` (one row per layer), not from
Keras' preformatted text, so columns align in any font and window size.

Keras' class names stay (students match them to the code); a last column says
in the window's language what each kind of layer is, in the course's terms
(卷積層, 最大池化層, 平坦層, 全連接層, 神經元 …): the layer registry's
description (`core.layers.registry`), so the table, the inside view and the lesson
describe a layer the same way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.layers.registry import format_shape
from digitpad.core.network.summary import ModelSummary
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import as_written, plain
from digitpad.gui.zoom import px

BYTES_PER_PARAM = 4  # float32
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = 4  # Layer (type) | Output Shape | Param # | What it is


def _megabytes(params: int) -> str:
    return f"{params * BYTES_PER_PARAM / 1024**2:.2f} MB"


class SummaryDialog(Retranslating, QDialog):
    """Layer (type) | Output Shape | Param # | What it is; then total, trainable, non-trainable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary_dialog")
        self.resize(px(760), px(430))  # at the zoom in effect; no larger than the screen
        self._summary: ModelSummary | None = None
        self._model_path: Path | None = None

        self.model_label = plain(QLabel())
        self.model_label.setObjectName("summary_model")
        self.model_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("summary_table")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        # "What it is" wraps in a narrow dialog (a projector, zoomed) instead of being cut off.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.total_label = QLabel()
        self.total_label.setObjectName("summary_total")
        self.trainable_label = QLabel()
        self.trainable_label.setObjectName("summary_trainable")
        self.non_trainable_label = QLabel()
        self.non_trainable_label.setObjectName("summary_non_trainable")
        bold = self.total_label.font()
        bold.setBold(True)
        self.total_label.setFont(bold)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._close = buttons.button(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.model_label)
        layout.addWidget(self.table, 1)
        for label in (self.total_label, self.trainable_label, self.non_trainable_label):
            layout.addWidget(label)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Layer summary"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Layer (type)"),
                self.tr("Output Shape"),
                self.tr("Param #"),
                self.tr("What it is"),
            ]
        )
        self.table.setAccessibleName(self.tr("Layers of the model"))
        self.table.setAccessibleDescription(
            self.tr(
                "One row per layer: its name and Keras type, output shape, number of "
                "parameters and what the layer does."
            )
        )
        self._show_texts()

    def set_summary(self, summary: ModelSummary, model_path: Path | None = None) -> None:
        """Fill the table from `summary` (of the model in use, at `model_path`)."""
        self._summary, self._model_path = summary, model_path
        self.model_label.setToolTip(as_written(str(model_path)) if model_path is not None else "")
        self.table.setRowCount(len(summary.layers))
        for r, row in enumerate(summary.layers):
            cells = (
                f"{shown(row.name, QUOTED_CHARS)} ({row.class_name})",
                format_shape(row.output_shape),
                f"{row.params:,}",
                "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self.table.setCurrentCell(-1, -1)  # no cell highlighted: it is a read-only table
        self._close.setFocus()
        self._show_texts()

    def _show_texts(self) -> None:
        """Everything the language changes: the model line, the descriptions, the totals."""
        summary, path = self._summary, self._model_path
        if summary is None:
            return
        name = path.name if path is not None else self.tr("the model in use")
        self.model_label.setText(self.tr("Model: {name}").format(name=name))
        for r, row in enumerate(summary.layers):
            self._cell(r, COLUMNS - 1).setText(row.describe())
        self.total_label.setText(
            self.tr("Total params: {count} ({size})").format(
                count=f"{summary.total:,}", size=_megabytes(summary.total)
            )
        )
        self.trainable_label.setText(
            self.tr("Trainable params: {count} ({size})").format(
                count=f"{summary.trainable:,}", size=_megabytes(summary.trainable)
            )
        )
        self.non_trainable_label.setText(
            self.tr("Non-trainable params: {count} ({size})").format(
                count=f"{summary.non_trainable:,}", size=_megabytes(summary.non_trainable)
            )
        )

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.table.item(row, column)
        assert item is not None  # set_summary filled every cell
        return item

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (for tests and copying): layer (type), output shape,
        params, what it is."""
        return [
            tuple(self._cell(r, c).text() for c in range(COLUMNS))
            for r in range(self.table.rowCount())
        ]
