"""The Train dialog's Network section: the course's code by default, presets from the combo,
the layer table following what is typed, the wrong line named and marked, and a training of
the code in the editor recorded as a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from digitpad.core.models.store import read_metadata
from digitpad.core.network.presets import COURSE, preset_named
from digitpad.core.paths import user_models_dir
from digitpad.gui.jobs.code_highlighter import CodeHighlighter
from digitpad.gui.jobs.network_editor import CHECK_DELAY_MS, NetworkEditor
from digitpad.gui.jobs.train_dialog import TrainDialog
from digitpad.gui.window.main_window import MainWindow

TRAIN_TIMEOUT_MS = 180_000
COURSE_ROWS = [
    ("5", "conv2d (Conv2D)", "(None, 26, 26, 32)", "320"),
    ("8", "conv2d_1 (Conv2D)", "(None, 24, 24, 64)", "18,496"),
    ("9", "max_pooling2d (MaxPooling2D)", "(None, 12, 12, 64)", "0"),
    ("10", "dropout (Dropout)", "(None, 12, 12, 64)", "0"),
    ("11", "flatten (Flatten)", "(None, 9216)", "0"),
    ("12", "dense (Dense)", "(None, 128)", "1,179,776"),
    ("13", "dropout_1 (Dropout)", "(None, 128)", "0"),
    ("14", "dense_1 (Dense)", "(None, 10)", "1,290"),
]


def table(editor: NetworkEditor) -> list[tuple[str, ...]]:
    t = editor.table
    return [tuple(t.item(r, c).text() for c in range(4)) for r in range(t.rowCount())]


def open_dialog(window: MainWindow) -> TrainDialog:
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def put_cursor(editor: NetworkEditor, line: int, text: str) -> None:
    """Click into the editor just after `text` on `line` (1-based), as a student would."""
    block = editor.code.document().findBlockByNumber(line - 1)
    column = block.text().index(text) + len(text)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + column)
    at = editor.code.cursorRect(cursor).center()
    viewport = editor.code.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    assert editor.code.textCursor().position() == block.position() + column


def choose_preset(qtbot, editor: NetworkEditor, key: str) -> None:
    """Open the preset combo with a click and click the preset's item in its list."""
    combo = editor.preset
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5_000)
    # The popup ignores a release that comes within a double-click of the click opening it.
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    index = combo.model().index(combo.findData(key), 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5_000)


def test_the_course_network_is_the_default(window: MainWindow) -> None:
    editor = open_dialog(window).network_editor
    assert editor.preset.currentData() == "course"
    assert editor.code.toPlainText() == COURSE.code
    assert table(editor) == COURSE_ROWS
    assert editor.totals.text() == "Total params: 1,199,882 (trainable 1,199,882)"
    assert editor.problem_label.text() == "The network can be trained."
    assert editor.problem_lines() == []


def test_the_table_follows_what_is_typed(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    put_cursor(editor, 5, "Conv2D(32")
    qtbot.keyClick(editor.code, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor.code, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.code, "16")
    assert table(editor)[0][3] == "320"  # not yet: the check waits for a pause in typing
    qtbot.waitUntil(lambda: table(editor)[0][3] == "160", timeout=10 * CHECK_DELAY_MS)
    assert table(editor)[1][3] == "9,280"  # 64 × (3×3×16 + 1): the next layer follows
    assert editor.totals.text().startswith("Total params: 1,190,506 ")
    # No longer the course's code, but what the "16 filters" preset's says (by meaning, not
    # by text: that preset writes its code on three lines): that preset, and its run's name.
    assert editor.preset.currentData() == "16-filters"
    assert editor.run_name() == "16 filters in the first convolution"
    qtbot.keyClick(editor.code, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor.code, "7")  # Conv2D(17: no preset's
    qtbot.waitUntil(lambda: table(editor)[0][3] == "170", timeout=10 * CHECK_DELAY_MS)
    assert editor.preset.currentData() == "own"
    assert editor.chosen_preset() is None and editor.run_name() == "Your own network"


def test_a_hand_edit_that_says_what_a_preset_says_is_that_preset(window: MainWindow, qtbot) -> None:
    """The course's code pasted as the slide shows it, without num_classes and input_shape
    set, with the kernel as a keyword: still the course's network, and its run says so."""
    editor = open_dialog(window).network_editor
    code = COURSE.code.replace("num_classes = 10\ninput_shape = (28, 28, 1)\n", "")
    code = code.replace("Conv2D(64, (3, 3),", "Conv2D(64, kernel_size=3,")
    choose_preset(qtbot, editor, "no-pooling")  # from another preset
    assert editor.preset.currentData() == "no-pooling"
    QApplication.clipboard().setText(code)
    editor.code.setFocus()
    qtbot.keyClick(editor.code, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.code, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.code.toPlainText() == code
    qtbot.waitUntil(lambda: editor.preset.currentData() == "course", timeout=10 * CHECK_DELAY_MS)
    assert table(editor)[-1][3] == "1,290" and editor.problem_label.text().endswith("trained.")
    assert editor.preset.currentData() == "course"
    assert editor.run_name() == "The course's network"


def test_a_wrong_line_is_named_marked_and_stops_training(
    window: MainWindow, qtbot, messages
) -> None:
    dialog = open_dialog(window)
    editor = dialog.network_editor
    put_cursor(editor, 11, "model.add(Flatten())")
    for _ in range(len("model.add(Flatten())")):
        qtbot.keyClick(editor.code, Qt.Key.Key_Backspace)
    expected = (
        "Line 12: Dense needs a row of values, but it gets 12×12×64 feature maps; "
        "add model.add(Flatten()) before it."
    )
    qtbot.waitUntil(lambda: editor.problem_label.text() == expected, timeout=10_000)
    assert editor.problem_lines() == [12]
    assert [row[1] for row in table(editor)] == [row[1] for row in COURSE_ROWS[:4]]
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_running() and dialog.job is None
    assert messages.texts("warning") == [expected]

    put_cursor(editor, 1, "num_classes = 10")
    qtbot.keyClick(editor.code, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.code, "import os")
    qtbot.waitUntil(lambda: editor.problem_lines() == [2], timeout=10_000)
    assert editor.problem_label.text().startswith("Line 2: this import is not allowed;")
    assert table(editor) == []


def test_presets_bring_their_code_and_hyperparameters(window: MainWindow, qtbot) -> None:
    dialog = open_dialog(window)
    editor = dialog.network_editor
    choose_preset(qtbot, editor, "dense-only")
    assert editor.code.toPlainText() == preset_named("dense-only").code
    assert [row[1:] for row in table(editor)] == [
        ("flatten (Flatten)", "(None, 784)", "0"),
        ("dense (Dense)", "(None, 128)", "100,480"),
        ("dense_1 (Dense)", "(None, 10)", "1,290"),
    ]
    assert dialog.epochs.value() == 1
    choose_preset(qtbot, editor, "12-epochs")
    assert dialog.epochs.value() == 12 and editor.code.toPlainText() == COURSE.code
    assert editor.run_name() == "The old Keras example: 12 epochs"
    choose_preset(qtbot, editor, "no-pooling")
    assert dialog.epochs.value() == 1
    assert editor.totals.text().startswith("Total params: 4,738,826 ")


def test_selecting_a_row_shows_its_line(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    rect = editor.table.visualItemRect(editor.table.item(5, 1))
    qtbot.mouseClick(editor.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.code.textCursor().blockNumber() + 1 == 12


def test_the_code_is_highlighted_by_kind(qtbot) -> None:
    editor = NetworkEditor()
    qtbot.addWidget(editor)
    highlighter: CodeHighlighter = editor.highlighter
    line = "model.add(Conv2D(32, kernel_size=(3, 3), activation='relu'))  # first"
    kinds = {
        word: highlighter.kind_at(line, line.index(word))
        for word in ("model", "Conv2D", "32", "kernel_size", "'relu'", "# first")
    }
    assert kinds == {
        "model": "model", "Conv2D": "layer", "32": "number", "kernel_size": "keyword",
        "'relu'": "string", "# first": "comment",
    }  # fmt: skip
    assert highlighter.kind_at("model.add(Lambda(x))", 10) is None  # not a layer digitpad knows
    block = editor.code.document().findBlockByNumber(4)  # model.add(Conv2D(32, …
    formats = block.layout().formats()
    assert any(f.format.fontWeight() > 400 for f in formats)  # the layer's name is bold


def test_training_the_code_in_the_editor_records_a_run(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    dialog = open_dialog(window)
    qtbot.mouseClick(dialog.data_box.local_source, Qt.MouseButton.LeftButton)
    dialog.data_box.data_path.setText(str(mnist_dir))
    choose_preset(qtbot, dialog.network_editor, "dense-only")
    dialog.epochs.setValue(2)
    trained: list[object] = []
    dialog.model_trained.connect(trained.append)
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        assert not dialog.network_editor.isEnabled()  # no edits while it trains
    (outcome,) = trained
    assert outcome.path.parent == user_models_dir()
    record = read_metadata(outcome.path)
    assert record["name"] == "Dense only (no convolution)"
    assert record["code"] == preset_named("dense-only").code
    assert record["parameters"] == 101_770 == outcome.predictor.keras_model().count_params()
    assert record["epochs"] == 2 and len(record["history"]["epochs"]) == 2
    assert len(record["history"]["batches"]["x"]) == 2 * 8  # ceil(1000 / 128) per epoch
    assert record["history"]["epochs"][-1]["val_accuracy"] == pytest.approx(
        outcome.result.test_accuracy, abs=1e-5
    )
    assert window.predictor is outcome.predictor
    assert [type(layer).__name__ for layer in window.predictor.keras_model().layers] == [
        "Flatten", "Dense", "Dense",
    ]  # fmt: skip
    assert dialog.network_editor.isEnabled()


def test_language_switch_rewords_the_section(window: MainWindow, qtbot) -> None:
    from digitpad.gui.i18n import apply_language

    editor = open_dialog(window).network_editor
    put_cursor(editor, 11, "model.add(Flatten())")
    qtbot.keyClicks(editor.code, "x")
    qtbot.waitUntil(lambda: editor.problem_lines() == [11], timeout=10_000)
    english = editor.problem_label.text()
    apply_language("zh_TW")
    qtbot.waitUntil(lambda: editor.problem_label.text() != english, timeout=5_000)
    assert "第 11 行" in editor.problem_label.text()
    assert editor.preset.itemText(0) == "課程的網路"
    assert editor.table.horizontalHeaderItem(3).text() == "參數數量"
    apply_language("en")
    qtbot.waitUntil(lambda: editor.problem_label.text() == english, timeout=5_000)


def test_tab_leaves_the_editor(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    editor.code.setFocus()
    qtbot.keyClick(editor.code, Qt.Key.Key_Tab)
    assert not editor.code.hasFocus() and "\t" not in editor.code.toPlainText()


def test_every_preset_has_a_title_in_the_window() -> None:
    from digitpad.core.network.presets import PRESETS
    from digitpad.gui.jobs.network_editor import PRESET_TITLES

    assert {p.key: p.title for p in PRESETS} == PRESET_TITLES  # the same words in both catalogs
