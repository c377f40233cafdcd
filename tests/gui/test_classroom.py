"""In front of a class: zoom (remembered), full screen, the view and any grid as a captioned PNG."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import SEVEN, draw
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from digitpad.gui.colours import SEQUENTIAL
from digitpad.gui.export import Caption, ColourScale, captioned, save_png
from digitpad.gui.settings import Settings
from digitpad.gui.window.main_window import MainWindow
from digitpad.gui.zoom import zoom

TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def actual_size(qapp) -> Iterator[None]:
    """Zoom is the application's: every test starts and ends at 100 %."""
    zoom().reset()
    yield
    zoom().reset()


def key(window: MainWindow, qtbot, sequence: str) -> None:
    """Press a shortcut as the user does: a real key event to the window."""
    from PySide6.QtGui import QKeySequence

    combination = QKeySequence(sequence)[0]
    QTest.keyClick(window, combination.key(), combination.keyboardModifiers())
    qtbot.wait(20)


def test_zoom_scales_fonts_pen_and_grids_and_is_remembered(make_window, qtbot) -> None:
    window = make_window()
    base = QApplication.font().pointSizeF()
    chart = window.panel.probability_chart
    chart_min = chart.minimumWidth()
    tile = window.inside_dock.grids["input"].minimumSizeHint().width()

    key(window, qtbot, "Ctrl+=")
    key(window, qtbot, "Ctrl++")
    assert zoom().factor() == pytest.approx(1.25)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.25)
    assert window.pen_label.font().pointSizeF() == pytest.approx(base * 1.25)  # any widget
    canvas = window.canvas  # the pen is a share of the pad: the zoom leaves it
    side = min(canvas.width(), canvas.height())
    assert canvas.effective_pen_width() == pytest.approx(canvas.pen_width / 100 * side)
    assert chart.minimumWidth() >= chart_min  # its labels need room
    assert chart.axis_x.labelsFont().pointSizeF() > 1.25 * base  # the chart's own fonts too
    assert window.inside_dock.grids["input"].minimumSizeHint().width() > tile
    assert Settings().zoom == pytest.approx(1.25)

    key(window, qtbot, "Ctrl+-")
    assert zoom().factor() == pytest.approx(1.1)
    window.close()
    zoom().reset()  # as a new run starts: the system's size

    again = make_window()
    assert zoom().factor() == pytest.approx(1.1)  # survives a restart
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1)
    key(again, qtbot, "Ctrl+0")
    assert zoom().factor() == 1.0 and QApplication.font().pointSizeF() == pytest.approx(base)
    assert Settings().zoom == 1.0


def test_a_zoomed_digit_is_still_recognized(window: MainWindow, qtbot) -> None:
    for _ in range(3):
        key(window, qtbot, "Ctrl+=")
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)


def test_f11_fills_the_screen_and_leaves_it(window: MainWindow, qtbot) -> None:
    key(window, qtbot, "F11")
    qtbot.waitUntil(window.isFullScreen, timeout=TIMEOUT_MS)
    assert window.menu_actions.full_screen.isChecked()
    key(window, qtbot, "F11")
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=TIMEOUT_MS)
    assert not window.isMaximized() and not window.menu_actions.full_screen.isChecked()


def test_leaving_full_screen_keeps_the_window_maximized(window: MainWindow, qtbot) -> None:
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized, timeout=TIMEOUT_MS)
    key(window, qtbot, "F11")
    qtbot.waitUntil(window.isFullScreen, timeout=TIMEOUT_MS)
    key(window, qtbot, "F11")
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=TIMEOUT_MS)
    assert window.isMaximized()  # it was un-maximized on leaving full screen


def test_zoom_in_stops_where_the_screen_is_full(window: MainWindow, qtbot) -> None:
    """On the classroom's 1366×768 (the tests' screen), 150 % is the largest zoom offered:
    beyond it the views no longer fit (tests/gui/test_layout_sweep.py)."""
    zoom_in = window.menu_actions.zoom_in
    for _ in range(8):
        key(window, qtbot, "Ctrl+=")
    assert zoom().factor() == pytest.approx(1.5)
    assert not zoom_in.isEnabled()
    key(window, qtbot, "Ctrl+0")
    assert zoom_in.isEnabled()


def test_a_zoom_message_is_written_beside_the_model_not_over_it(window: MainWindow, qtbot):
    key(window, qtbot, "Ctrl+=")
    status = window.statusBar()
    message = status.currentMessage()
    assert message == "Zoom 110%"
    model = window.model_status
    assert model.isVisible() and "digitpad-cnn" in model.text()
    written = QFontMetrics(status.font()).horizontalAdvance(message)
    assert written + 6 < model.x()  # the message's room ends left of the model's name


def test_the_walk_through_heading_and_code_grow_with_the_zoom(window: MainWindow, qtbot):
    key(window, qtbot, "Ctrl+J")
    draw(window.canvas, SEVEN)
    dock = window.lesson_dock
    qtbot.waitUntil(lambda: dock.lesson is not None, timeout=TIMEOUT_MS)
    dock.show_step("conv2d")
    body = QApplication.font().pointSizeF()
    title, code = dock.title.font().pointSizeF(), dock.code.font().pointSizeF()
    assert title > body and code == pytest.approx(body)
    assert "model.add(Conv2D(32" in dock.code.text()
    key(window, qtbot, "Ctrl+=")
    key(window, qtbot, "Ctrl+=")  # 125 %
    assert dock.title.font().pointSizeF() == pytest.approx(1.25 * title)
    assert dock.code.font().pointSizeF() == pytest.approx(1.25 * code)
    assert dock.code.font().fixedPitch() or dock.code.font().family() != window.font().family()


def test_ctrl_i_with_the_walk_through_open_shows_the_inside_view(window: MainWindow, qtbot):
    """Both docks share their place as tabs: the one just opened comes to the front."""
    key(window, qtbot, "Ctrl+J")
    key(window, qtbot, "Ctrl+I")
    inside, lesson = window.inside_dock, window.lesson_dock
    qtbot.waitUntil(lambda: window.rect().intersects(inside.geometry()), timeout=TIMEOUT_MS)
    assert not window.rect().intersects(lesson.geometry())  # behind its tab
    key(window, qtbot, "Ctrl+J")  # closes the walk-through
    key(window, qtbot, "Ctrl+J")  # and opens it again, in front
    qtbot.waitUntil(lambda: window.rect().intersects(lesson.geometry()), timeout=TIMEOUT_MS)
    assert not window.rect().intersects(inside.geometry())


def caption_strip(image: QImage, view_height: int) -> np.ndarray:
    """The caption strip's pixels (grey levels) under the first `view_height` rows."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h = grey.width(), grey.height()
    rows = np.frombuffer(grey.constBits(), np.uint8, count=h * grey.bytesPerLine())
    return rows.reshape(h, grey.bytesPerLine())[view_height:, :w]


def test_the_view_exports_as_a_captioned_png(
    window: MainWindow, qtbot, monkeypatch, tmp_path: Path
) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    target = tmp_path / "slide"  # ".png" is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    key(window, qtbot, "Ctrl+Shift+E")
    saved = tmp_path / "slide.png"
    assert saved.is_file()
    image = QImage(str(saved))
    caption = image.text("Description")
    assert "The network reads 7" in caption and "digitpad-cnn" in caption
    view_height = window.height() - window.menuBar().height() - window.statusBar().height()
    assert image.height() > view_height  # the strip is under the view
    strip = caption_strip(image, view_height + 2)
    assert (strip < 100).any() and (strip > 200).any()  # dark text on a light strip

    key(window, qtbot, "Ctrl+Shift+C")
    copied = QGuiApplication.clipboard().image()
    assert not copied.isNull() and copied.text("Description") == caption


def test_a_grid_exports_with_its_layer_colour_scale_and_digit(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    window.menu_actions.inside.trigger()
    draw(window.canvas, SEVEN)
    inside = window.inside_dock
    qtbot.waitUntil(lambda: len(inside.grids) > 3, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    qtbot.waitUntil(  # the inspection of the whole drawing, not of its first stroke
        lambda: "as 7 (confidence" in " ".join(inside.layer_grids.export_caption("conv2d").lines),
        timeout=TIMEOUT_MS,
    )
    grid = inside.grids["conv2d"]
    assert grid.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu  # right-click
    caption = inside.layer_grids.export_caption("conv2d")
    assert caption.lines[0].startswith("conv2d · convolution layer: 32 maps of 26×26")
    assert "reads the drawing as 7 (confidence " in caption.lines[1]
    assert caption.scale is not None and caption.scale.low == "0"
    image = captioned(grid, caption)
    path = save_png(image, tmp_path / "conv2d.png")
    assert path is not None and path.is_file()
    text = QImage(str(path)).text("Description")
    assert "conv2d" in text and "as 7 (confidence" in text and caption.scale.high in text
    assert QImage(str(path)).height() > grid.height() + QFontMetrics(grid.font()).height()


def test_a_caption_wraps_inside_a_narrow_picture(qtbot) -> None:
    picture = QImage(120, 60, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.black)
    long = "a caption much longer than the picture is wide, so it must wrap over lines"
    image = captioned(picture, Caption([long], ColourScale(SEQUENTIAL, "0", "1.5")))
    assert (
        image.width() == 120
        and image.height() > 60 + 3 * QFontMetrics(QApplication.font()).height()
    )
