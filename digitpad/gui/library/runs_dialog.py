"""View ▸ Runs: every training so far, to compare; tick runs to overlay their curves.

A run is a model in the user's folder whose record holds its curves
(`core.models.library.runs`), so this dialog lists records, never weights, and
renaming or deleting a run renames or deletes its model file (atomically, the
record being inside it). The table gives what a class compares (parameters,
epochs, seconds, test accuracy); the selected run's code is shown below it,
so what changed is visible; "Use on the pad" loads its model, and the inside
view and the layer summary then follow its layers. Deleting asks first, and
the model in use is never deleted from under the pad.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.files import same_file
from digitpad.core.i18n import percent
from digitpad.core.models import library as model_library
from digitpad.core.models.library import ModelEntry
from digitpad.gui.errors import describe_error
from digitpad.gui.i18n import Retranslating
from digitpad.gui.jobs.code_highlighter import CodeHighlighter
from digitpad.gui.labels import as_written, plain
from digitpad.gui.library.run_curves import RunCurves, ShownRun, run_colour
from digitpad.gui.messages import confirmed, warn
from digitpad.gui.replay.run_replay import Drawing, RunReplay
from digitpad.gui.runtime import run_in_background
from digitpad.gui.zoom import monospace, px

TICK, NAME, PARAMETERS, EPOCHS, SECONDS, ACCURACY = range(6)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PathOrNone = Path | None


def _swatch(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour)
    return QIcon(pixmap)


class RunsDialog(Retranslating, QDialog):
    """The runs, a tick box each; the ticked runs' curves; rename, load, delete."""

    def __init__(
        self,
        load: Callable[[Path], object],
        in_use: Callable[[], PathOrNone],
        parent: QWidget | None = None,
        drawing: Drawing = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("runs_dialog")
        self.setModal(False)
        self.resize(px(980), px(760))  # at the zoom in effect; no larger than the screen
        self._load, self._in_use = load, in_use
        self.entries: list[ModelEntry] = []
        self.ticks: list[QCheckBox] = []
        self._ticked: set[Path] = set()  # kept across reloads, by file

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("runs_table")
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._show_selected)

        self.code = QPlainTextEdit()
        self.code.setObjectName("runs_code")
        self.code.setReadOnly(True)
        monospace(self.code)  # follows View ▸ Zoom
        self.code.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._highlighter = CodeHighlighter(self.code.document())
        self.details = plain(QLabel())  # the run's name
        self.details.setObjectName("runs_details")
        self.details.setWordWrap(True)
        self.curves = RunCurves()
        self.replay = RunReplay(drawing)  # the selected run's snapshots on the pad's drawing
        self.tabs = QTabWidget()
        self.tabs.setObjectName("runs_tabs")
        self.tabs.addTab(self.curves, "")
        self.tabs.addTab(self.replay, "")
        self.empty = QLabel()
        self.empty.setObjectName("runs_empty")
        self.empty.setWordWrap(True)

        self.load_button = QPushButton()
        self.load_button.setObjectName("runs_load")
        self.load_button.clicked.connect(self.load_selected)
        self.rename_button = QPushButton()
        self.rename_button.setObjectName("runs_rename")
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("runs_delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)

        upper = QWidget()
        top = QHBoxLayout(upper)
        top.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        right = QVBoxLayout()
        right.addWidget(self.details)
        right.addWidget(self.code, 1)
        top.addLayout(left, 3)
        top.addLayout(right, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 360])
        buttons = QHBoxLayout()
        for button in (self.load_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.reload()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Runs"))
        self.tabs.setTabText(0, self.tr("&Curves"))
        self.tabs.setTabText(1, self.tr("Training t&ime"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Show"),
                self.tr("Name"),
                self.tr("Parameters"),
                self.tr("Epochs"),
                self.tr("Seconds"),
                self.tr("Test accuracy"),
            ]
        )
        self.table.setAccessibleName(self.tr("Runs"))
        self.table.setAccessibleDescription(
            self.tr(
                "One row per run: tick it to show its curves; its name (double-click to rename), "
                "parameters, epochs, seconds of training and test accuracy."
            )
        )
        self.code.setAccessibleName(self.tr("The selected run's network code"))
        self.empty.setText(
            self.tr(
                "No runs yet: train a network (Model ▸ Train model…) and every run appears here."
            )
        )
        self.load_button.setText(self.tr("&Use on the pad"))
        self.load_button.setToolTip(
            self.tr("Load the selected run's model: the pad, inside view and summary follow it")
        )
        self.rename_button.setText(self.tr("&Rename"))
        self.delete_button.setText(self.tr("&Delete…"))
        self.close_button.setText(self.tr("Close"))
        for tick, entry in zip(self.ticks, self.entries, strict=True):
            tick.setAccessibleName(self.tr("Show the curves of {name}").format(name=entry.name))
        self._show_selected()

    # Listing -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """List the runs again from the models folder (after a training, a rename, a delete)."""
        selected = self.selected()
        self.entries = model_library.runs()
        known = {e.path for e in self.entries}
        self._ticked &= known
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.entries))
        self.ticks = []
        for row, entry in enumerate(self.entries):
            self.table.setCellWidget(row, TICK, self._tick_box(row, entry))
            cells = {
                NAME: self._name(entry),
                PARAMETERS: self._figure(entry, "parameters", entry.parameters, "{:,.0f}".format),
                EPOCHS: self._figure(entry, "epochs", entry.epochs, "{:.0f}".format),
                SECONDS: self._figure(entry, "seconds", entry.seconds, "{:,.1f}".format),
                ACCURACY: self._figure(
                    entry, "test_accuracy", entry.test_accuracy, lambda v: percent(v, 2)
                ),
            }
            for column, text in cells.items():
                item = QTableWidgetItem(text)
                if column != NAME:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    item.setTextAlignment(RIGHT)
                item.setToolTip(as_written(str(entry.path)))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.empty.setVisible(not self.entries)
        rows = [
            r
            for r, e in enumerate(self.entries)
            if selected is not None and e.path == selected.path
        ]
        if rows:
            self.table.selectRow(rows[0])
        self._refresh_curves()
        self._show_selected()

    def _tick_box(self, row: int, entry: ModelEntry) -> QWidget:
        tick = QCheckBox()
        tick.setObjectName(f"run_tick_{row}")
        tick.setIcon(_swatch(run_colour(row)))
        tick.setChecked(entry.path in self._ticked)
        tick.setAccessibleName(self.tr("Show the curves of {name}").format(name=entry.name))
        tick.toggled.connect(lambda on, path=entry.path: self._tick(path, on))
        self.ticks.append(tick)
        holder = QWidget()
        box = QHBoxLayout(holder)
        box.setContentsMargins(6, 0, 6, 0)
        box.addWidget(tick, 0, Qt.AlignmentFlag.AlignCenter)
        return holder

    def _tick(self, path: Path, on: bool) -> None:
        if on:
            self._ticked.add(path)
        else:
            self._ticked.discard(path)
        self._refresh_curves()

    def ticked(self) -> list[ModelEntry]:
        return [e for e in self.entries if e.path in self._ticked]

    def _refresh_curves(self) -> None:
        self.curves.show_runs(
            [
                ShownRun(entry.name, run_colour(row), entry.history)
                for row, entry in enumerate(self.entries)
                if entry.path in self._ticked
            ]
        )

    def selected(self) -> ModelEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows and rows[0].row() < len(self.entries) else None

    @Slot()
    def _show_selected(self) -> None:
        entry = self.selected()
        self.replay.show_run(entry.path if entry is not None else None)
        for button in (self.load_button, self.rename_button, self.delete_button):
            button.setEnabled(entry is not None)
        if entry is None:
            self.code.setPlainText("")
            self.details.setText(self.tr("Select a run to see its network and settings."))
            return
        self.code.setPlainText(entry.code or "")
        settings = self.tr("{name}: batch size {batch}, learning rate {rate}, {epochs}").format(
            name=self._name(entry),
            batch=self._figure(entry, "batch_size", entry.batch_size, "{:.0f}".format),
            rate=self._figure(entry, "learning_rate", entry.learning_rate, "{:g}".format),
            epochs=self.tr("%n epoch(s)", "", entry.epochs or 0),
        )
        if entry.code is None:
            settings += " · " + self.tr("no code recorded (a fine-tuned model)")
        self.details.setText(settings)

    def _name(self, entry: ModelEntry) -> str:
        """The run's name, saying so when its record cannot be read at all."""
        if not entry.readable:
            return self.tr("{name} (record unreadable)").format(name=entry.name)
        return entry.name

    def _figure(
        self, entry: ModelEntry, field: str, value: float | None, form: Callable[[float], str]
    ) -> str:
        """A figure of the run: "unknown" when its record holds an impossible value for it."""
        return self.tr("unknown") if entry.is_unknown(field) else _figure(value, form)

    # Acting on a run ---------------------------------------------------------------------------

    @Slot()
    def load_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self._load(entry.path)

    @Slot()
    def rename_selected(self) -> None:
        """Edit the selected run's name in place (Enter keeps it, Esc does not)."""
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), NAME) if rows else None
        if item is not None:
            self.table.editItem(item)

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != NAME or item.row() >= len(self.entries):
            return
        entry = self.entries[item.row()]
        name = item.text()
        if " ".join(name.split()) in (entry.name, self._name(entry)):
            return
        run_in_background(
            model_library.rename,
            entry.path,
            name,
            on_done=lambda _entry: self.reload(),
            on_error=self._failed,
        )

    @Slot()
    def delete_selected(self) -> None:
        """Delete the selected run and its model, once the student says so."""
        entry = self.selected()
        if entry is None:
            return
        in_use = self._in_use()
        if in_use is not None and same_file(in_use, entry.path):
            warn(
                self,
                self.tr("Delete a run"),
                self.tr(
                    "{name} is the model on the pad; use another model before deleting it."
                ).format(name=entry.name),
            )
            return
        question = self.tr("Delete the run {name} and its model file {file}?").format(
            name=entry.name, file=entry.path.name
        )
        if not confirmed(self, self.tr("Delete a run"), question):
            return
        try:
            model_library.delete(entry.path)
        except Exception as exc:
            self._failed(exc)
        self.reload()

    def _failed(self, exc: Exception) -> None:
        warn(self, self.tr("Runs"), describe_error(exc, "saving"))
        self.reload()


def _figure(value: float | None, form: Callable[[float], str]) -> str:
    return "–" if value is None else form(value)
