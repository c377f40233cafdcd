"""The Network editor against code that means harm (issue 28): a network that passes every
rule but would not fit in memory to train, named at its line as it is typed and as the batch
size changes; a paste of a million lines refused at once instead of freezing the window; a
19,000-character name echoed cut."""

from __future__ import annotations

import time

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest

from digitpad.core.network.presets import COURSE
from digitpad.gui.jobs.network_editor import CHECK_DELAY_MS
from digitpad.gui.jobs.train_dialog import TrainDialog
from digitpad.gui.window.main_window import MainWindow

BOMB = """\
model = Sequential()
model.add(Conv2D(2500, kernel_size=1, input_shape=(28, 28, 1)))
model.add(MaxPooling2D(28))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
"""


def open_dialog(window: MainWindow) -> TrainDialog:
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def paste(widget, text: str) -> None:
    """Select all and paste `text` with the keyboard, as a student would."""
    QGuiApplication.clipboard().setText(text)
    QTest.keySequence(widget, QKeySequence.StandardKey.SelectAll)
    QTest.keySequence(widget, QKeySequence.StandardKey.Paste)


def test_the_memory_bomb_is_named_at_its_line_as_it_is_pasted(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    editor.code.setFocus()
    paste(editor.code, BOMB)
    qtbot.waitUntil(lambda: editor.problem_lines() == [2], timeout=10 * CHECK_DELAY_MS)
    text = editor.problem_label.text()
    assert "2.0 GB digitpad allows for training" in text and "1,960,000 values" in text
    assert editor.totals.text() == "Total params: 30,010 (trainable 30,010)"
    assert editor.network() is None  # Train refuses it


def test_a_batch_size_too_large_for_memory_is_named_as_it_changes(
    window: MainWindow, qtbot
) -> None:
    dialog = open_dialog(window)
    editor = dialog.network_editor
    assert editor.code.toPlainText() == COURSE.code and not editor.problems
    dialog.batch_size.setFocus()
    dialog.batch_size.selectAll()
    QTest.keyClicks(dialog.batch_size, "8192")
    qtbot.waitUntil(lambda: editor.problem_lines() == [8], timeout=5_000)
    assert "with batch size 8,192" in editor.problem_label.text()
    dialog.batch_size.selectAll()
    QTest.keyClicks(dialog.batch_size, "128")
    qtbot.waitUntil(lambda: not editor.problems, timeout=5_000)
    assert editor.problem_label.text() == "The network can be trained."


def test_a_million_pasted_lines_are_refused_at_once(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    editor.code.setFocus()
    started = time.perf_counter()
    paste(editor.code, COURSE.code + "\n" * 1_000_000)
    took = time.perf_counter() - started
    assert editor.code.toPlainText() == COURSE.code  # nothing was pasted
    assert editor.code.blockCount() == COURSE.code.count("\n") + 1
    assert "The text was not pasted: 1,000,015 lines" in editor.problem_label.text()
    print(f"refusing the paste took {took:.3f} s")  # reported, not asserted (a shared machine)
    paste(editor.code, COURSE.code + "\n" * 400)  # too long to train, short enough to trim
    qtbot.waitUntil(lambda: "The code is too long" in editor.problem_label.text(), timeout=5_000)


def test_a_19000_character_name_is_echoed_cut(window: MainWindow, qtbot) -> None:
    editor = open_dialog(window).network_editor
    editor.code.setFocus()
    code = COURSE.code.replace("activation='relu'", "activation='" + "x" * 19_000 + "'", 1)
    paste(editor.code, code)
    qtbot.waitUntil(lambda: editor.problem_lines() == [5], timeout=10 * CHECK_DELAY_MS)
    assert len(editor.problem_label.text()) < 400
    assert "'xxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxx'" in editor.problem_label.text()
