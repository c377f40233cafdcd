"""The model's layer table, laid out like `model.summary()` on the course's slide.

Built from `digitpad.core.model.summarize` (one row per layer), not from
Keras' preformatted text, so columns align in any font and window size.
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

from digitpad.core.model import ModelSummary

BYTES_PER_PARAM = 4  # float32
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _megabytes(params: int) -> str:
    return f"{params * BYTES_PER_PARAM / 1024**2:.2f} MB"


class SummaryDialog(QDialog):
    """Layer (type) | Output Shape | Param #, then total / trainable / non-trainable."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summary_dialog")
        self.setWindowTitle("Layer summary")
        self.resize(620, 430)

        self.model_label = QLabel()
        self.model_label.setObjectName("summary_model")
        self.model_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("summary_table")
        self.table.setHorizontalHeaderLabels(["Layer (type)", "Output Shape", "Param #"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
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

    def set_summary(self, summary: ModelSummary, model_path: Path | None = None) -> None:
        """Fill the table from `summary` (of the model in use, at `model_path`)."""
        name = model_path.name if model_path is not None else "the model in use"
        self.model_label.setText(f"Model: {name}")
        if model_path is not None:
            self.model_label.setToolTip(str(model_path))
        self.table.setRowCount(len(summary.rows))
        for r, row in enumerate(summary.rows):
            cells = (f"{row.name} ({row.type})", row.output_shape, f"{row.params:,}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(r, c, item)
        self.table.setCurrentCell(-1, -1)  # no cell highlighted: it is a read-only table
        self._close.setFocus()
        self.total_label.setText(f"Total params: {summary.total:,} ({_megabytes(summary.total)})")
        self.trainable_label.setText(
            f"Trainable params: {summary.trainable:,} ({_megabytes(summary.trainable)})"
        )
        self.non_trainable_label.setText(
            f"Non-trainable params: {summary.non_trainable:,} ({_megabytes(summary.non_trainable)})"
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's text, row by row (for tests and copying)."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]
