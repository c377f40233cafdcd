"""My samples: the user's kept drawings as thumbnails; delete, relabel, export and import.

All the work is `core.data.samples.SampleStore`'s; the files are small, so they are
read on the GUI thread, except an import (an archive may hold thousands): it
runs on a worker thread with a progress bar and can be stopped (then nothing
is imported). A file that cannot be read is reported once and skipped; many
problems are summarized (the first few, then "and N more"). The status line
is kept as what happened last (loaded, exported, imported) and worded in
`retranslate()`, so a language switch rewords it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.data.sample_archive import ImportCancelled, export_samples, import_samples
from digitpad.core.data.samples import Sample, SampleError, SampleStore
from digitpad.core.files import shown
from digitpad.gui.errors import describe_error
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import plain
from digitpad.gui.messages import confirmed, warn
from digitpad.gui.runtime import run_in_background
from digitpad.gui.zoom import px

THUMB = 64
SHOWN_PROBLEMS = 5  # problems listed one by one in a warning; the rest are counted


class _ImportProgress(QObject):
    """Carries an import's progress from its worker thread to the GUI thread (queued)."""

    step = Signal(int, int)  # entries checked, entries in all


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


class SamplesDialog(Retranslating, QDialog):
    """Browse the samples; every change is written to the samples folder at once."""

    samples_changed = Signal()

    def __init__(self, parent: QWidget | None = None, store: SampleStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samples_dialog")
        self.resize(px(640), px(480))  # at the zoom in effect; no larger than the screen
        self.store = store or SampleStore()
        self._samples: dict[str, Sample] = {}
        self._reported: set[str] = set()
        # The status line's text, made afresh in the current language when needed.
        self._status: Callable[[], str] = str

        self.summary = plain(QLabel(""))
        self.summary.setObjectName("samples_summary")
        self.summary.setWordWrap(True)
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
        self.relabel_button = QPushButton()
        self.relabel_button.setObjectName("relabel_button")
        self.relabel_button.clicked.connect(lambda: self.relabel_selected(self.label_box.value()))
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_button")
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton()
        self.export_button.setObjectName("export_button")
        self.export_button.clicked.connect(self.export)
        self.import_button = QPushButton()
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.import_)
        self.import_progress = QProgressBar()
        self.import_progress.setObjectName("import_progress")
        self.import_progress.hide()
        self.stop_import_button = QPushButton()
        self.stop_import_button.setObjectName("stop_import_button")
        self.stop_import_button.hide()
        self._import_stop: threading.Event | None = None
        self._import_relay = _ImportProgress(self)
        self._import_relay.step.connect(self._on_import_progress)
        self.stop_import_button.clicked.connect(self.stop_import)
        self.close_button = close = QPushButton()
        close.clicked.connect(self.hide)

        row = QHBoxLayout()
        row.addWidget(self.relabel_button)
        row.addWidget(self.label_box)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addWidget(self.import_progress)
        row.addWidget(self.stop_import_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        self.reload()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My samples"))
        self.relabel_button.setText(self.tr("Relabel as"))
        self.label_box.setAccessibleName(self.tr("New digit for the selected samples"))
        self.delete_button.setText(self.tr("Delete"))
        self.export_button.setText(self.tr("Export…"))
        self.import_button.setText(self.tr("Import…"))
        self.stop_import_button.setText(self.tr("Stop import"))
        self.import_progress.setAccessibleName(self.tr("Import progress"))
        self.close_button.setText(self.tr("Close"))
        self.list.setAccessibleName(self.tr("Samples"))
        self.list.setAccessibleDescription(
            self.tr(
                "Your kept drawings, each labelled with its digit. Select some to relabel, "
                "delete or export them."
            )
        )
        for i in range(self.list.count()):
            item = self.list.item(i)
            self._describe_item(item, self._samples[item.data(Qt.ItemDataRole.UserRole)])
        self._show_status()

    def _describe_item(self, item: QListWidgetItem, sample: Sample) -> None:
        text = self.tr("An example of {digit}").format(digit=sample.label)
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)

    def _set_status(self, text: Callable[[], str]) -> None:
        self._status = text
        self._show_status()

    def _show_status(self) -> None:
        self.summary.setText(self._status())

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
            self._describe_item(item, sample)
            self.list.addItem(item)
        self._set_status(partial(self._loaded_text, len(samples), len(problems)))
        self._update_buttons()
        if new:
            self._warn(
                self.tr("These files were skipped:") + "\n" + self._summarized(new),
                self.tr("Unreadable samples"),
            )

    def _summarized(self, problems: list[str]) -> str:
        """The first SHOWN_PROBLEMS problems, one per line, then how many more there are."""
        lines = problems[:SHOWN_PROBLEMS]
        rest = len(problems) - len(lines)
        if rest:
            lines.append(self.tr("…and %n more.", "", rest))
        return "\n".join(lines)

    def _loaded_text(self, count: int, unreadable: int) -> str:
        if count == 0 and not unreadable:
            return self.tr(
                "No samples yet. To keep one, draw a digit on the pad and press its key (or "
                "click its column in the chart); Import… adds samples exported before."
            )
        text = self.tr("%n sample(s)", "", count)
        if unreadable:
            text += " · " + self.tr("%n unreadable file(s) skipped", "", unreadable)
        return text

    def selected_ids(self) -> list[str]:
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    @Slot()
    def _update_buttons(self) -> None:
        chosen = bool(self.list.selectedItems())
        self.relabel_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.export_button.setEnabled(bool(self._samples))

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected samples; more than one only after a question (no undo)."""
        chosen = self.selected_ids()
        if len(chosen) > 1 and not self._confirm_delete(len(chosen)):
            return
        try:
            for sample_id in chosen:
                self.store.delete(sample_id)
        except (SampleError, OSError) as exc:  # those before it are gone: the list shows it
            self._changed()
            self._warn(describe_error(exc, "working"))
            return
        self._changed()

    def _confirm_delete(self, count: int) -> bool:
        if count == len(self._samples):
            question = self.tr("Delete all %n sample(s)? This cannot be undone.", "", count)
        else:
            question = self.tr("Delete %n sample(s)? This cannot be undone.", "", count)
        return confirmed(self, self.tr("Delete samples"), question)

    def relabel_selected(self, label: int) -> None:
        try:
            for sample_id in self.selected_ids():
                self.store.relabel(self._samples[sample_id], label)
        except (SampleError, OSError) as exc:  # those before it are relabelled: the list shows it
            self._changed()
            self._warn(describe_error(exc, "saving"))
            return
        self._changed()

    @Slot()
    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export samples"), "digitpad-samples.zip", self.tr("Zip archives (*.zip)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")
        try:
            n = export_samples(self.store, target)
        except (SampleError, OSError) as exc:
            self._warn(describe_error(exc, "saving"))
            return
        self._set_status(
            lambda: self.tr("Exported %n sample(s) to {path}", "", n).format(path=shown(target))
        )

    @Slot()
    def import_(self) -> None:
        filters = ";;".join([self.tr("Zip archives (*.zip)"), self.tr("All files (*)")])
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import samples"), "", filters)
        if path:
            self.start_import(Path(path))

    def is_importing(self) -> bool:
        return self._import_stop is not None

    def start_import(self, archive: Path) -> None:
        """Import `archive` on a worker thread; the dialog stays usable meanwhile."""
        if self.is_importing():
            return
        stop = self._import_stop = threading.Event()
        self.import_button.setEnabled(False)
        self.import_progress.setRange(0, 0)  # busy until the first step says how many
        self.import_progress.show()
        self.stop_import_button.show()
        self.stop_import_button.setEnabled(True)
        run_in_background(
            import_samples,
            self.store,
            archive,
            self._import_relay.step.emit,
            stop.is_set,
            on_done=self._on_imported,
            on_error=self._on_import_failed,
        )

    @Slot()
    def stop_import(self) -> None:
        """Stop the running import: nothing of it is kept."""
        if self._import_stop is not None:
            self._import_stop.set()
            self.stop_import_button.setEnabled(False)

    @Slot(int, int)
    def _on_import_progress(self, done: int, total: int) -> None:
        if self.is_importing():
            self.import_progress.setRange(0, max(total, 1))
            self.import_progress.setValue(done)

    def _import_ended(self) -> None:
        self._import_stop = None
        self.import_progress.hide()
        self.stop_import_button.hide()
        self.import_button.setEnabled(True)

    def _on_imported(self, result: tuple[int, list[str]]) -> None:
        added, problems = result
        self._import_ended()
        self._changed()
        if problems:
            self._warn(
                self.tr("Some entries were skipped:") + "\n" + self._summarized(problems),
                self.tr("Import"),
            )
        total = len(self._samples)
        self._set_status(
            lambda: (
                self.tr("Imported %n new sample(s)", "", added)
                + " · "
                + self.tr("%n in all", "", total)
            )
        )

    def _on_import_failed(self, exc: Exception) -> None:
        self._import_ended()
        self._changed()  # all or nothing: the list shows what is really there
        if isinstance(exc, ImportCancelled):
            self._set_status(lambda: self.tr("Import stopped; nothing was imported."))
            return
        self._warn(describe_error(exc, "saving"))

    def _changed(self) -> None:
        self.reload()
        self.samples_changed.emit()

    def _warn(self, message: str, title: str | None = None) -> None:
        parent = self if self.isVisible() else self.parentWidget()
        warn(parent, title or self.tr("My samples"), message)
