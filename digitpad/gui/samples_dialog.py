"""My samples: the user's kept drawings as thumbnails; delete, relabel, export and import.

All the work is `core.samples.SampleStore`'s; the files are small, so they are
read on the GUI thread. A file that cannot be read is reported once and skipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.samples import Sample, SampleError, SampleStore

THUMB = 64


def thumbnail(sample: Sample) -> QPixmap:
    """The drawing as kept, scaled to fit a THUMB-pixel square."""
    canvas = np.ascontiguousarray(sample.canvas, dtype=np.uint8)
    h, w = canvas.shape
    image = QImage(canvas.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(
        image.scaled(
            THUMB,
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    )


class SamplesDialog(QDialog):
    """Browse the samples; every change is written to the samples folder at once."""

    samples_changed = Signal()

    def __init__(self, parent: QWidget | None = None, store: SampleStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samples_dialog")
        self.setWindowTitle("My samples")
        self.resize(640, 480)
        self.store = store or SampleStore()
        self._samples: dict[str, Sample] = {}
        self._reported: set[str] = set()

        self.summary = QLabel("")
        self.summary.setObjectName("samples_summary")
        self.list = QListWidget()
        self.list.setObjectName("samples_list")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.label_box = QSpinBox()
        self.label_box.setObjectName("relabel_digit")
        self.label_box.setRange(0, 9)
        self.relabel_button = QPushButton("Relabel as")
        self.relabel_button.setObjectName("relabel_button")
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(self.label_box.value()))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("delete_button")
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton("Export…")
        self.export_button.setObjectName("export_button")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton("Import…")
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.import_)
        close = QPushButton("Close")
        close.clicked.connect(self.hide)

        row = QHBoxLayout()
        row.addWidget(self.relabel_button)
        row.addWidget(self.label_box)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        """Read the folder again and show every readable sample, oldest first."""
        samples, problems = self.store.load_all()
        new = [p for p in problems if p not in self._reported]
        self._reported.update(new)
        self.list.clear()
        self._samples = {s.id: s for s in samples}
        for sample in samples:
            item = QListWidgetItem(QIcon(thumbnail(sample)), str(sample.label))
            item.setData(Qt.ItemDataRole.UserRole, sample.id)
            item.setToolTip(f"An example of {sample.label}")
            self.list.addItem(item)
        skipped = f" · {len(problems)} unreadable file(s) skipped" if problems else ""
        self.summary.setText(f"{len(samples)} samples{skipped}")
        self._update_buttons()
        if new:
            self._warn("These files were skipped:\n" + "\n".join(new), "Unreadable samples")

    def selected_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.relabel_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self._samples))

    def delete_selected(self) -> None:
        for sample_id in self.selected_ids():
            self.store.delete(sample_id)
        self._changed()

    def relabel_selected(self, label: int) -> None:
        try:
            for sample_id in self.selected_ids():
                self.store.relabel(self._samples[sample_id], label)
        except SampleError as exc:
            self._warn(str(exc))
        self._changed()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export samples", "digitpad-samples.zip", "Zip archives (*.zip)"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")
        try:
            n = self.store.export(target)
        except SampleError as exc:
            self._warn(str(exc))
            return
        self.summary.setText(f"Exported {n} samples to {target}")

    def import_(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import samples", "", "Zip archives (*.zip);;All files (*)"
        )
        if not path:
            return
        try:
            added, problems = self.store.import_(Path(path))
        except SampleError as exc:
            self._warn(str(exc))
            return
        self._changed()
        if problems:
            self._warn("Some entries were skipped:\n" + "\n".join(problems), "Import")
        self.summary.setText(f"Imported {added} new samples · {len(self._samples)} in all")

    def _changed(self) -> None:
        self.reload()
        self.samples_changed.emit()

    def _warn(self, message: str, title: str = "My samples") -> None:
        parent = self if self.isVisible() else self.parentWidget()
        QMessageBox.warning(parent, title, message)
