"""Teaching the network the user's handwriting: digit keys and chart clicks keep samples."""

from __future__ import annotations

from gui_helpers import ONE, SEVEN, draw
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from digitpad.core.data.samples import SampleStore
from digitpad.gui.window.main_window import MainWindow


def test_a_digit_key_on_the_pad_keeps_the_drawing(window: MainWindow, qtbot) -> None:
    qtbot.waitUntil(lambda: window.sample_counts is not None)
    assert window.panel.samples_label.text().startswith("My samples (0)")
    draw(window.canvas, SEVEN)
    assert window.canvas.hasFocus() or window.canvas.setFocus() is None
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    samples, problems = SampleStore().load_all()
    assert problems == [] and [s.label for s in samples] == [7]
    assert samples[0].canvas.dtype.name == "uint8" and samples[0].canvas.ndim == 2
    assert samples[0].canvas.min() < 100  # the ink is in it
    notice = window.undo_notice  # says what was kept, with an Undo
    assert notice.isVisible()
    assert notice.label.text() == "Saved as an example of 7 · 1 sample of 7"
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    assert "2 samples of 7" in notice.label.text()
    assert window.sample_counts[7] == 2 and "7: 2" in window.panel.samples_label.text()


def test_a_blank_pad_saves_nothing(window: MainWindow) -> None:
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_3)
    assert "blank" in window.statusBar().currentMessage()
    assert SampleStore().load_all() == ([], [])


def test_modified_digit_keys_are_not_samples(window: MainWindow) -> None:
    draw(window.canvas, ONE)
    QTest.keyClick(window.canvas, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert SampleStore().load_all() == ([], [])


def test_clicking_a_column_of_the_chart_keeps_the_drawing(window: MainWindow, qtbot) -> None:
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: window.last_prediction is not None)
    chart = window.panel.probability_chart
    assert chart.digit_at(chart.column_center(4)) == 4
    QTest.mouseClick(
        chart.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        chart.column_center(4).toPoint(),
    )
    samples, _ = SampleStore().load_all()
    assert [s.label for s in samples] == [4]
    assert "example of 4" in window.undo_notice.label.text()
    corner = chart.rect().topLeft() + QPoint(2, 2)
    assert chart.digit_at(QPointF(corner)) is None
    QTest.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, corner
    )
    assert len(SampleStore().load_all()[0]) == 1  # outside the plot: nothing


def test_an_open_samples_dialog_shows_a_new_sample_at_once(window: MainWindow, qtbot) -> None:
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    assert dialog.list.count() == 0
    draw(window.canvas, SEVEN)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    assert dialog.list.count() == 1 and dialog.list.item(0).text() == "7"


def test_a_chart_click_also_shows_in_an_open_samples_dialog(window: MainWindow, qtbot) -> None:
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: window.last_prediction is not None)
    chart = window.panel.probability_chart
    QTest.mouseClick(
        chart.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        chart.column_center(1).toPoint(),
    )
    assert dialog.list.count() == 1 and dialog.list.item(0).text() == "1"
    assert dialog.summary.text() == "1 sample"


def test_a_samples_folder_that_cannot_be_written_is_one_clear_message(
    window: MainWindow, messages
) -> None:
    folder = SampleStore().folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the samples folder should be")  # a real OSError, as root too
    draw(window.canvas, SEVEN)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    ((kind, title, text),) = messages.shown
    assert (kind, title) == ("warning", "Could not save the sample")
    assert text.startswith(f"Could not save the sample in {folder} (") and text.endswith(").")
    assert "\n" not in text
    assert not window.undo_notice.isVisible()
    assert window.sample_counts == [0] * 10 and folder.is_file()


def test_an_os_error_from_the_store_is_one_clear_message(
    window: MainWindow, messages, monkeypatch
) -> None:
    def read_only(self, canvas, label):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(SampleStore, "add", read_only)
    draw(window.canvas, SEVEN)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    ((kind, title, text),) = messages.shown
    assert (kind, title) == ("warning", "Could not save the sample")
    assert text == (
        "Something went wrong while saving (PermissionError: [Errno 13] Permission denied)."
    )
    assert window.sample_counts == [0] * 10


def test_a_sample_that_cannot_be_written_is_one_clear_message(
    window: MainWindow, qtbot, messages, monkeypatch
) -> None:
    from digitpad.core.data import samples

    def disk_full(path, data) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(samples, "_write_atomic", disk_full)
    draw(window.canvas, SEVEN)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    (text,) = messages.texts("warning")
    assert text.startswith("Could not save the sample in ") and "No space left" in text
    assert SampleStore().load_all() == ([], [])
