"""The pad, the chart and the samples as a newcomer meets them: a quiet prompt, an Undo for a
chart click, a question before many samples go, a layout that holds at any window size."""

from __future__ import annotations

import pytest
from gui_helpers import SEVEN, draw
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from digitpad.core.data.samples import SampleStore
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 10_000


def test_a_blank_pad_shows_a_quiet_prompt(window: MainWindow, qtbot) -> None:
    label = window.panel.prediction
    assert label.text() == "Draw a digit"
    prompt_font = label.font()
    assert not prompt_font.bold()
    placeholder = window.panel.palette().color(QPalette.ColorRole.PlaceholderText)
    assert label.palette().color(QPalette.ColorRole.WindowText) == placeholder

    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: label.text() == "7", timeout=TIMEOUT_MS)
    assert label.font().bold() and label.font().pixelSize() > 2 * prompt_font.pointSizeF()
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert label.text() == "Draw a digit" and not label.font().bold()


def test_a_chart_click_keeps_the_drawing_with_an_undo(window: MainWindow, qtbot) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.sample_counts is not None, timeout=TIMEOUT_MS)
    chart = window.panel.probability_chart
    QTest.mouseClick(
        chart.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        chart.column_center(3).toPoint(),
    )
    notice = window.undo_notice
    assert notice.isVisible() and "example of 3" in notice.label.text()
    assert window.sample_counts[3] == 1 and len(SampleStore().load_all()[0]) == 1

    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    assert window.sample_counts[3] == 0 and SampleStore().load_all()[0] == []
    assert "Removed" in window.statusBar().currentMessage()


def test_the_undo_offer_follows_a_language_switch(window: MainWindow, qtbot) -> None:
    from digitpad.gui.i18n import apply_language

    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.sample_counts is not None, timeout=TIMEOUT_MS)
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    english = window.undo_notice.label.text()
    apply_language("zh_TW")
    qtbot.wait(20)
    assert window.undo_notice.label.text() != english
    assert window.undo_notice.button.text() != "Undo"


def samples_dialog(window: MainWindow, count: int):
    store = SampleStore()
    draw(window.canvas, SEVEN)
    for _ in range(count):
        store.add(window.canvas.to_array(), 7)
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    assert dialog.list.count() == count
    return dialog


def test_an_empty_samples_list_says_how_to_add_some(window: MainWindow) -> None:
    window.menu_actions.samples.trigger()
    text = window.dialogs.samples_dialog.summary.text()
    assert "No samples yet" in text and "press its key" in text


@pytest.mark.parametrize("answer", ["No", "Yes"])
def test_deleting_all_samples_asks_first(
    window: MainWindow, qtbot, monkeypatch, messages, answer: str
) -> None:
    dialog = samples_dialog(window, 5)
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.list.setFocus()
    QTest.keyClick(dialog.list, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(dialog.selected_ids()) == 5
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Delete all 5 samples? This cannot be undone."]
    left = len(SampleStore().load_all()[0])
    assert left == (5 if answer == "No" else 0)
    assert dialog.list.count() == left


def test_one_sample_goes_without_a_question(window: MainWindow, qtbot, monkeypatch) -> None:
    dialog = samples_dialog(window, 2)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    item = dialog.list.item(0)
    QTest.mouseClick(
        dialog.list.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        dialog.list.visualItemRect(item).center(),
    )
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 1


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_nothing_overlaps_at_the_window_s_minimum_size(window: MainWindow, qtbot) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    window.resize(window.minimumSizeHint())
    qtbot.wait(50)
    panel = window.panel
    parts = [
        panel.prediction_caption,
        panel.prediction,
        panel.confidence,
        panel.network_input,
        panel.probability_chart,
        panel.samples_label,
    ]
    rects = {part.objectName() or type(part).__name__: global_rect(part) for part in parts}
    names = list(rects)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not rects[a].intersects(rects[b]), (a, rects[a], b, rects[b])
    chart = panel.probability_chart
    assert chart.height() >= chart.minimumHeight() and chart.width() >= chart.minimumWidth()
    # The digits under the bars are inside the chart, above the samples line.
    plot = chart.chart().plotArea()
    assert plot.bottom() + chart.axis_x.labelsFont().pointSizeF() < chart.height()
    samples = panel.samples_label
    assert samples.height() >= samples.fontMetrics().height()


def test_a_large_window_grows_the_prediction_and_the_chart(window: MainWindow, qtbot) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    window.resize(window.minimumSizeHint())
    qtbot.wait(50)
    small_digit = window.panel.prediction.font().pixelSize()
    small_labels = window.panel.probability_chart.bars.labelFont().pointSizeF()
    window.resize(1366, 768)  # the offscreen screen lets a window be this large
    qtbot.wait(50)
    assert window.panel.prediction.font().pixelSize() > small_digit * 1.2
    assert window.panel.probability_chart.bars.labelFont().pointSizeF() > small_labels * 1.2
