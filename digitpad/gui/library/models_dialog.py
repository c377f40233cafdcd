"""Model ▸ Load model…: the user's models as a list, with what each is known by.

Each row is one model file and the record inside it (`core.models.library`):
its name (the user's, else the file's), test accuracy, epochs and when it was
trained, the bundled model first. A name can be given in place (the record
inside the file is rewritten atomically); a model can be deleted after a
question; "Browse…" takes any .keras or legacy .h5 file. Choosing a model emits
`chosen`; loading it is the window's (`ModelInUse`).

The list is digitpad's own models folder (and the bundled model): `.keras`
files, whose records (name, accuracy) live inside them. A `.h5` file taken by
Browse… is used where it is and not listed (it has no record to rename);
Model ▸ Save model as… into the models folder makes a `.keras` of it that
the list shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.errors import DigitpadError
from digitpad.core.files import same_file
from digitpad.core.i18n import percent
from digitpad.core.models import library as model_library
from digitpad.core.models.library import ModelEntry
from digitpad.gui.adaptive import fit_columns
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import as_written
from digitpad.gui.messages import confirmed, warn
from digitpad.gui.zoom import follow_zoom, px

NAME, ACCURACY, EPOCHS, TRAINED = range(4)
PATH_ROLE = Qt.ItemDataRole.UserRole


class ModelsDialog(Retranslating, QDialog):
    """Pick the model to use; rename or delete the user's own."""

    chosen = Signal(object)  # the Path of the model to load
    renamed = Signal(object)  # the Path whose name changed (the window may show it)

    def __init__(self, in_use: Callable[[], Path | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("models_dialog")
        self.resize(px(720), px(380))  # at the zoom in effect; no larger than the screen
        self._in_use = in_use
        self._entries: list[ModelEntry] = []
        self._filling = False  # itemChanged while the table is filled is not a rename

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("models_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # A click on the selected name edits it; F2 too, from any column (`eventFilter`).
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (ACCURACY, EPOCHS, TRAINED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(self._on_double_click)

        self.use_button = QPushButton()
        self.use_button.setObjectName("use_model_button")
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self.use_selected)
        self.rename_button = QPushButton()
        self.rename_button.setObjectName("rename_model_button")
        self.rename_button.clicked.connect(self._start_rename)
        self.table.installEventFilter(self)  # F2 renames from any column of the row
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_model_button")
        self.delete_button.clicked.connect(self.delete_selected)
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("browse_model_button")
        self.browse_button.clicked.connect(self.browse)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        for button in (self.use_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.browse_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()
        follow_zoom(self.table, lambda _factor: fit_columns(self.table))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Load a model"))
        self.intro.setText(
            self.tr(
                "Your models and the bundled one. Double-click a model to use it; select it "
                "and press Rename (or F2) to give it a name."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Test accuracy"), self.tr("Epochs"), self.tr("Trained")]
        )
        fit_columns(self.table)
        self.use_button.setText(self.tr("Use"))
        self.rename_button.setText(self.tr("Rename"))
        self.delete_button.setText(self.tr("Delete…"))
        self.browse_button.setText(self.tr("Browse…"))
        self.browse_button.setToolTip(
            self.tr("Use any .keras model file, or a .h5 file saved by Keras 2 or 3")
        )
        self.close_button.setText(self.tr("Close"))
        self._fill()

    # Listing -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the models folder again (names, figures) and show it."""
        self._entries = model_library.list_models()
        self._fill()

    def entries(self) -> list[ModelEntry]:
        return list(self._entries)

    def _fill(self) -> None:
        selected = self.selected_path()
        in_use = self._in_use()
        self._filling = True
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            for column, item in enumerate(self._row(entry)):
                item.setData(PATH_ROLE, str(entry.path))
                font = item.font()
                font.setBold(same_file(entry.path, in_use))
                item.setFont(font)
                item.setToolTip(self._tooltip(entry, same_file(entry.path, in_use)))
                self.table.setItem(row, column, item)
        self._filling = False
        fit_columns(self.table)  # the names in full, at any zoom
        keep = selected or in_use
        for row, entry in enumerate(self._entries):
            if same_file(entry.path, keep):
                self.table.selectRow(row)
                break
        self._update_buttons()

    def _row(self, entry: ModelEntry) -> list[QTableWidgetItem]:
        name_item = QTableWidgetItem(self._name(entry))
        if entry.bundled:  # its name is the package's: not editable
            name_item.setFlags(name_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        accuracy = entry.test_accuracy
        cells = [
            self._figure(entry, "test_accuracy", accuracy, lambda v: percent(v, 2)),
            self._figure(entry, "epochs", entry.epochs, str),
            self._figure(entry, "trained_at", entry.trained_at, lambda _v: self._date(entry)),
        ]
        items = [name_item]
        for text in cells:
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        return items

    def _name(self, entry: ModelEntry) -> str:
        """The model's name as listed: said to be the bundled one, or to have a record digitpad
        cannot read (it is listed all the same)."""
        if entry.bundled:
            return self.tr("{name} (bundled)").format(name=entry.name)
        if not entry.readable:
            return self.tr("{name} (record unreadable)").format(name=entry.name)
        return entry.name

    def _figure(
        self, entry: ModelEntry, field: str, value: object, form: Callable[[Any], str]
    ) -> str:
        """A figure from the record: "unknown" when it holds an impossible value, "–" when
        it holds none."""
        if entry.is_unknown(field):
            return self.tr("unknown")
        return "–" if value is None else form(value)

    def _date(self, entry: ModelEntry) -> str:
        stamp = entry.trained_at
        moment = QDateTime.fromString(stamp, Qt.DateFormat.ISODate) if stamp else QDateTime()
        if not moment.isValid():
            return "–"
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)

    def _tooltip(self, entry: ModelEntry, in_use: bool) -> str:
        text = str(entry.path)
        if in_use:
            text += "\n" + self.tr("The model in use")
        return as_written(text)

    # Selection ---------------------------------------------------------------------------------

    def selected_path(self) -> Path | None:
        items = self.table.selectedItems()
        return Path(items[0].data(PATH_ROLE)) if items else None

    def selected_entry(self) -> ModelEntry | None:
        path = self.selected_path()
        return next((e for e in self._entries if same_file(e.path, path)), None)

    def select(self, path: Path) -> None:
        """Select the row of `path` (for the keyboard and for tests)."""
        for row, entry in enumerate(self._entries):
            if same_file(entry.path, path):
                self.table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        own = entry is not None and not entry.bundled
        in_use = entry is not None and same_file(entry.path, self._in_use())
        self.use_button.setEnabled(entry is not None and not in_use)
        self.rename_button.setEnabled(own)
        self.delete_button.setEnabled(own and not in_use)
        self.delete_button.setToolTip(
            self.tr("The model in use cannot be deleted; use another one first.")
            if own and in_use
            else ""
        )

    # Actions -----------------------------------------------------------------------------------

    @Slot()
    def use_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self.chosen.emit(path)
            self.hide()

    @Slot(QTableWidgetItem)
    def _on_double_click(self, item: QTableWidgetItem) -> None:
        self.use_selected()  # renaming is a single click on a selected name, F2 or Rename

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self._start_rename()
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def _start_rename(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, NAME) if row >= 0 else None
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEditable:
            self.table.editItem(item)

    def rename(self, path: Path, name: str) -> bool:
        """Give the model at `path` the name `name`; True when it was renamed."""
        try:
            model_library.rename(path, name)
        except DigitpadError as exc:
            warn(self, self.tr("Could not rename the model"), str(exc))
            self.reload()
            return False
        self.reload()
        self.renamed.emit(path)
        return True

    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != NAME:
            return
        entry = next((e for e in self._entries if str(e.path) == item.data(PATH_ROLE)), None)
        if entry is None or entry.bundled or item.text() in (entry.name, self._name(entry)):
            return
        self.rename(entry.path, item.text())

    @Slot()
    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.bundled or same_file(entry.path, self._in_use()):
            return
        question = self.tr(
            "Delete {name} ({file})? The file is removed; this cannot be undone."
        ).format(name=entry.name, file=entry.path.name)
        if not confirmed(self, self.tr("Delete the model?"), question):
            return
        try:
            model_library.delete(entry.path)
        except DigitpadError as exc:
            warn(self, self.tr("Could not delete the model"), str(exc))
        self.reload()

    @Slot()
    def browse(self) -> None:
        in_use = self._in_use()
        start = str(in_use.parent) if in_use is not None else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load a model"),
            start,
            self.tr("Keras models (*.keras *.h5 *.hdf5);;All files (*)"),
        )
        if path:
            self.chosen.emit(Path(path))
            self.hide()
