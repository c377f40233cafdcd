"""The Train dialog's Network section: the course's Keras lines, editable, checked as you type.

The code sits in an editor with syntax highlighting; a combo offers the
classroom's presets (the course's network first). A short pause after the
last keystroke (`qdebounced`), the code is read and checked (`core.network.code`,
`core.network.check`: text only, nothing runs, no TensorFlow) and the table
beside it shows each layer's output shape and parameter count as Keras will,
or the problems, one sentence per line named, with those lines marked in the
editor. The dialog asks `network()` when Train is pressed.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from digitpad.core.i18n import _ as core_text
from digitpad.core.layers.registry import format_shape
from digitpad.core.network.check import DEFAULT_BATCH, NetworkPlan, check
from digitpad.core.network.code import NetworkError, NetworkSpec, Problem, parse
from digitpad.core.network.presets import (
    COURSE,
    OWN_NETWORK,
    PRESETS,
    Preset,
    preset_for_spec,
    preset_named,
)
from digitpad.gui.adaptive import SideBySide, fit_columns
from digitpad.gui.i18n import Retranslating
from digitpad.gui.jobs.code_edit import CodeEdit
from digitpad.gui.jobs.code_highlighter import CodeHighlighter
from digitpad.gui.labels import html
from digitpad.gui.zoom import follow_zoom, monospace

CHECK_DELAY_MS = 300  # after the last keystroke
OWN_CODE = "own"  # the combo's item for code that is no preset's
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PROBLEM_LINE = QColor(255, 80, 60, 60)  # a translucent red, readable on light and dark
# The presets' titles in the window's own catalog (core's has them for the command line).
PRESET_TITLES = {
    "course": QT_TRANSLATE_NOOP("NetworkEditor", "The course's network"),
    "dropout-0.3": QT_TRANSLATE_NOOP("NetworkEditor", "The slide's Dropout(0.3)"),
    "no-pooling": QT_TRANSLATE_NOOP("NetworkEditor", "No pooling"),
    "16-filters": QT_TRANSLATE_NOOP("NetworkEditor", "16 filters in the first convolution"),
    "one-convolution": QT_TRANSLATE_NOOP("NetworkEditor", "One convolution"),
    "dense-only": QT_TRANSLATE_NOOP("NetworkEditor", "Dense only (no convolution)"),
    "12-epochs": QT_TRANSLATE_NOOP("NetworkEditor", "The old Keras example: 12 epochs"),
}


class NetworkEditor(Retranslating, QGroupBox):
    """Code, presets and the layer table (or the problems) of the network to train."""

    checked = Signal()  # the table or the problems now describe the code
    preset_chosen = Signal(object)  # the Preset picked in the combo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_section")
        self.plan: NetworkPlan | None = None  # the last check's, if the code could be read
        self.problems: tuple[Problem, ...] = ()
        self._checked_code: str | None = None
        self._batch_size = DEFAULT_BATCH  # training's memory is counted at the Train dialog's

        self.preset = QComboBox()
        self.preset.setObjectName("network_preset")
        for preset in PRESETS:
            self.preset.addItem("", preset.key)  # texts: retranslate
        self.preset.addItem("", OWN_CODE)
        self.preset.activated.connect(self._on_preset)
        self._preset_label = QLabel()
        self._preset_label.setBuddy(self.preset)

        self.code = CodeEdit()  # a paste far too long for a network is refused, not frozen on
        self.code.refused.connect(self._show_refused_paste)
        self.code.setObjectName("network_code")
        monospace(self.code)  # follows View ▸ Zoom
        self.code.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.code.setTabChangesFocus(True)  # Tab leaves the editor: keyboard users are not stuck
        self.code.setMinimumSize(300, 190)
        self.highlighter = CodeHighlighter(self.code.document(), self._dark())
        self._check_soon = qdebounced(self.check_now, timeout=CHECK_DELAY_MS, parent=self)
        self.code.textChanged.connect(self._check_soon)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("network_table")
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._go_to_selected_line)
        self.totals = QLabel()
        self.totals.setObjectName("network_totals")
        self.totals.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("network_problems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.RichText)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        top = QHBoxLayout()
        top.addWidget(self._preset_label)
        top.addWidget(self.preset, 1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.table, 1)
        right_column.addWidget(self.totals)
        self.body = SideBySide(self.code, right, stretches=(1, 1))  # narrow: the table below
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.problem_label)  # full width: a sentence per problem

        self.set_preset(COURSE)
        follow_zoom(self.table, lambda _factor: self._fit_table())
        self.retranslate()

    # Words -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Network (the course's Keras code; edit it to change the network)"))
        self._preset_label.setText(self.tr("&Preset:"))
        for i, preset in enumerate(PRESETS):
            self.preset.setItemText(i, self.preset_title(preset))
        self.preset.setItemText(len(PRESETS), self.tr("Your own code"))
        self.preset.setToolTip(self.tr("Networks to compare with the course's"))
        self.code.setAccessibleName(self.tr("Network code"))
        self.code.setToolTip(
            self.tr(
                "Only the course's kind of lines: num_classes, input_shape, "
                "model = Sequential() and model.add(...). The code is read, never run."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Layer (type)"), self.tr("Output Shape"), self.tr("Param #")]
        )
        self.table.setAccessibleName(self.tr("Layers of the network in the code"))
        self._fit_table()  # the headers' words in the new language
        self._checked_code = None  # core's sentences are in the old language: check again
        self.check_now()

    # Presets -----------------------------------------------------------------------------------

    def set_preset(self, preset: Preset) -> None:
        """Show `preset`'s code (checked at once) and select it in the combo."""
        self.preset.setCurrentIndex(self.preset.findData(preset.key))
        self.code.setPlainText(preset.code)
        self.check_now()

    @Slot(int)
    def _on_preset(self, index: int) -> None:
        preset = preset_named(self.preset.itemData(index))
        if preset is None:  # "Your own code": keep what is in the editor
            return
        self.set_preset(preset)
        self.preset_chosen.emit(preset)

    def chosen_preset(self) -> Preset | None:
        """The preset in the combo if the editor still holds its code, else None."""
        return preset_named(self.preset.currentData())

    def run_name(self) -> str:
        """A name for a run of this network: the preset's title, or "Your own network" (in
        core's words, so any language can show it again in its own: `presets.run_name`)."""
        preset = self.chosen_preset()
        return core_text(preset.title if preset is not None else OWN_NETWORK)

    def preset_title(self, preset: Preset) -> str:
        """The preset's title in the window's language."""
        return self.tr(str(PRESET_TITLES[preset.key]))

    # Checking ----------------------------------------------------------------------------------

    def network(self) -> NetworkSpec | None:
        """The network in the editor if it can be trained (checked now), else None."""
        self.check_now()
        return self.plan.spec if self.plan is not None and not self.problems else None

    def check_now(self) -> None:
        """Read and check the code in the editor; fill the table or show the problems."""
        self._check_soon.cancel()
        code = self.code.toPlainText()
        if code == self._checked_code:
            return
        self._checked_code = code
        try:
            self.plan = check(parse(code), self._batch_size)
            self.problems = self.plan.problems
        except NetworkError as exc:
            self.plan, self.problems = None, exc.problems
        self._follow_preset()
        self._show_plan()
        self.checked.emit()

    def set_batch_size(self, batch_size: int) -> None:
        """Count training's memory at `batch_size` (the Train dialog's) and check again."""
        if batch_size != self._batch_size:
            self._batch_size = batch_size
            self._checked_code = None
            self.check_now()

    @Slot(str)
    def _show_refused_paste(self, sentence: str) -> None:
        """A paste far too long was not taken: say so where the problems are said, before
        those of the code, which is as it was."""
        said = [sentence, *(p.message for p in self.problems)]
        self.problem_label.setText("<br>".join(html(s) for s in said))
        colour = "#ff8a80" if self._dark() else "#c62828"
        self.problem_label.setStyleSheet(f"color: {colour};")

    def _follow_preset(self) -> None:
        """The combo names the preset whose code the editor's means (the one chosen if it is
        still that), else "Your own code": the code is compared by what it says, not as text."""
        spec = self.plan.spec if self.plan is not None else None
        preset = None if spec is None else preset_for_spec(spec, self.chosen_preset())
        self.preset.setCurrentIndex(self.preset.findData(preset.key if preset else OWN_CODE))

    def _show_plan(self) -> None:
        plan = self.plan
        layers = plan.layers if plan is not None else ()
        self.table.setRowCount(len(layers))
        for r, info in enumerate(layers):
            assert plan is not None
            cells = (
                str(plan.lines[r]),
                f"{info.name} ({info.class_name})",
                format_shape(info.output_shape),
                f"{info.params:,}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (0, 3):
                    item.setTextAlignment(RIGHT)
                item.setToolTip(info.describe())
                self.table.setItem(r, c, item)
        if plan is not None and layers:
            summary = plan.summary()
            self.totals.setText(
                self.tr("Total params: {count} (trainable {trainable})").format(
                    count=f"{summary.total:,}", trainable=f"{summary.trainable:,}"
                )
            )
        else:
            self.totals.setText("")
        self._fit_table()
        if self.problems:
            self.problem_label.setText("<br>".join(html(p.message) for p in self.problems))
            colour = "#ff8a80" if self._dark() else "#c62828"
            self.problem_label.setStyleSheet(f"color: {colour};")
        else:
            self.problem_label.setText(self.tr("The network can be trained."))
            self.problem_label.setStyleSheet("")
        self._mark_problem_lines()

    def _fit_table(self) -> None:
        """The table as wide as its columns, its rows as tall as its font (View ▸ Zoom)."""
        fit_columns(self.table)

    def _mark_problem_lines(self) -> None:
        selections = []
        document = self.code.document()
        for line in sorted({p.line for p in self.problems if p.line is not None}):
            block = document.findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(PROBLEM_LINE)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.code.setExtraSelections(selections)

    def problem_lines(self) -> list[int]:
        """The editor lines marked as wrong (1-based)."""
        return [s.cursor.blockNumber() + 1 for s in self.code.extraSelections()]

    @Slot()
    def _go_to_selected_line(self) -> None:
        """Selecting a row of the table puts the editor's cursor on that layer's line."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.plan is None:
            return
        block = self.code.document().findBlockByNumber(self.plan.lines[rows[0].row()] - 1)
        if block.isValid():
            self.code.setTextCursor(QTextCursor(block))
            self.code.centerCursor()

    # Palette -----------------------------------------------------------------------------------

    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(self._dark())
            self._show_plan()
        super().changeEvent(event)
