"""Accessibility of the pad, the chart and the prediction widgets: accessible names and a
description that reads the probabilities; a pen tablet draws like the mouse; High-DPI pads
still hand the predictor their logical size; a dark palette gets a dark chart with light
text; texts follow a live language switch."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, draw, ink, shown, unit_to_widget
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt, QTranslator
from PySide6.QtGui import QColor, QInputDevice, QPalette, QPointingDevice, QTabletEvent

from digitpad.core.network.summary import ModelSummary
from digitpad.gui.inside.dock import INPUT, KERNELS, InsideDock
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.jobs.training_curves import TrainingCurves
from digitpad.gui.library.samples_dialog import SamplesDialog
from digitpad.gui.library.summary_dialog import SummaryDialog
from digitpad.gui.pad.canvas import Canvas
from digitpad.gui.pad.network_input import NetworkInput
from digitpad.gui.pad.probability_chart import ProbabilityChart
from digitpad.gui.window.main_window import MainWindow

SEVENISH = [0.001, 0.011, 0.004, 0.0, 0.0, 0.0, 0.0, 0.982, 0.002, 0.0]


# Accessible names and descriptions -----------------------------------------------------------


def test_prediction_widgets_have_accessible_names(qtbot) -> None:
    widgets = [Canvas(), ProbabilityChart(), NetworkInput(), SamplesDialog(), TrainingCurves()]
    view = InsideDock()
    widgets += [view, view.enlarged, *view.grids.values()]
    for widget in widgets:
        qtbot.addWidget(widget)
    for widget in [*widgets[:3], view.enlarged, *view.grids.values()]:
        assert widget.accessibleName().strip(), widget
        assert widget.accessibleDescription().strip(), widget
    dialog, curves = widgets[3], widgets[4]
    assert dialog.list.accessibleName() and dialog.list.accessibleDescription()
    assert curves.loss.accessibleName() == "Loss (cross-entropy)"
    assert curves.accuracy.accessibleName()
    assert view.grids[INPUT].accessibleName().startswith("Input")
    assert "kernels" in view.grids[KERNELS].accessibleName()


def test_the_main_window_names_its_pad_chart_and_input(window: MainWindow) -> None:
    assert window.canvas.accessibleName() == "Drawing pad"
    assert window.panel.probability_chart.accessibleName()
    assert window.panel.network_input.accessibleName() == "Network input"


def test_the_chart_description_reads_the_probabilities(qtbot) -> None:
    chart = shown(qtbot, ProbabilityChart(), 400, 260)
    blank = chart.accessibleDescription()
    chart.set_probabilities(SEVENISH)
    text = chart.accessibleDescription()
    assert text != blank
    assert text.startswith("Most likely 7 (98.2%)")
    assert "1: 1.1%" in text and "the other digits below 0.5%" in text
    assert "0:" not in text  # 0.1 % is not worth reading out
    chart.set_probabilities([0.1] * 10)
    assert chart.accessibleDescription().startswith("Most likely 0 (10.0%)")
    chart.set_probabilities(None)
    assert chart.accessibleDescription() == blank


def test_the_chart_description_follows_a_real_drawing(window: MainWindow, qtbot) -> None:
    chart = window.panel.probability_chart
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(
        lambda: chart.accessibleDescription().startswith("Most likely 7"), timeout=10_000
    )
    assert "The pad is blank" not in window.canvas.accessibleDescription()
    window.canvas.clear()
    assert "The pad is blank" in window.canvas.accessibleDescription()


def test_arrow_keys_pick_a_tile_like_a_click(qtbot) -> None:
    grid = shown(qtbot, FeatureGrid(4), 200, 200)
    grid.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    grid.set_maps(np.random.default_rng(0).random((5, 5, 8)))
    assert "8 map" in grid.accessibleDescription() and "5×5" in grid.accessibleDescription()
    picked = []
    grid.map_clicked.connect(picked.append)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_End):
        qtbot.keyClick(grid, key)
    assert picked == [0, 1, 5, 7] and grid.selected() == 7
    assert "number 8 picked" in grid.accessibleDescription()  # tiles are numbered from 1


# Pen tablets --------------------------------------------------------------------------------


@pytest.fixture
def pen() -> QPointingDevice:
    caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice(
        "test pen", 4711, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
        caps, 1, 3,
    )  # fmt: skip


def tablet_stroke(canvas: Canvas, device: QPointingDevice, stroke, pressure: float) -> list[bool]:
    """Press, move in small steps, release: QTabletEvents through Qt's event system.

    Returns whether the canvas accepted each event (accepted: no synthesized mouse events).
    """
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    points = [QPointF(unit_to_widget(canvas, u)) for u in stroke]
    path = [points[0]]
    for a, b in itertools.pairwise(points):
        path += [a + (b - a) * (i / 40) for i in range(1, 41)]
    events = [(QEvent.Type.TabletPress, path[0], left, left)]
    events += [(QEvent.Type.TabletMove, p, none, left) for p in path[1:]]
    events += [(QEvent.Type.TabletRelease, path[-1], left, none)]
    accepted = []
    for kind, pos, button, buttons in events:
        event = QTabletEvent(
            kind, device, pos, QPointF(canvas.mapToGlobal(pos)), pressure,
            0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier, button, buttons,
        )  # fmt: skip
        QCoreApplication.sendEvent(canvas, event)
        accepted.append(event.isAccepted())
    return accepted


def test_a_pen_tablet_draws_like_the_mouse(qtbot, pen: QPointingDevice) -> None:
    by_mouse = shown(qtbot, Canvas(pen_width=8))
    draw(by_mouse, ONE)
    by_pen = shown(qtbot, Canvas(pen_width=8))
    with qtbot.waitSignals([by_pen.changed, by_pen.stroke_finished], timeout=2000):
        accepted = tablet_stroke(by_pen, pen, ONE[0], pressure=0.5)
    assert all(accepted)  # so Qt does not also turn them into mouse events
    assert by_pen.stroke_count == 1 and not by_pen.is_blank()
    mouse_ink, pen_ink = ink(by_mouse), ink(by_pen)
    assert pen_ink.sum() == pytest.approx(mouse_ink.sum(), rel=0.05)  # half pressure: set width
    assert (pen_ink & mouse_ink).sum() > 0.95 * mouse_ink.sum()


def test_pen_pressure_widens_the_stroke_only_a_little(qtbot, pen: QPointingDevice) -> None:
    canvas = shown(qtbot, Canvas(pen_width=8))
    tablet_stroke(canvas, pen, ONE[0], pressure=0.5)
    normal = ink(canvas).sum()
    canvas.clear()
    tablet_stroke(canvas, pen, ONE[0], pressure=1.0)
    hard = ink(canvas).sum()
    canvas.clear()
    tablet_stroke(canvas, pen, ONE[0], pressure=0.0)
    light = ink(canvas).sum()
    assert light < normal < hard
    assert hard < 1.3 * normal and light > 0.7 * normal  # still MNIST-like strokes
    canvas.resize(500, 500)  # re-rendered from the stroke with its pressures: same look
    qtbot.waitUntil(lambda: canvas.to_array().shape == (500, 500))
    assert ink(canvas).sum() == pytest.approx(light * (500 / 400) ** 2, rel=0.1)


# High DPI -----------------------------------------------------------------------------------


class RetinaCanvas(Canvas):
    """A pad on a screen with two device pixels per logical pixel."""

    def devicePixelRatioF(self) -> float:
        return 2.0


def test_a_high_dpi_pad_is_crisp_and_hands_over_its_logical_size(qtbot) -> None:
    plain = shown(qtbot, Canvas(pen_width=8))
    retina = shown(qtbot, RetinaCanvas(pen_width=8))
    for canvas in (plain, retina):
        draw(canvas, SEVEN)
    assert retina.image().size().toTuple() == (800, 800)  # device pixels: crisp strokes
    assert retina.image().devicePixelRatio() == 2.0
    assert retina.to_array().shape == plain.to_array().shape == (400, 400)
    assert retina.to_array().dtype == np.uint8
    assert ink(retina).sum() == pytest.approx(ink(plain).sum(), rel=0.05)
    assert (ink(retina) ^ ink(plain)).sum() < 0.05 * ink(plain).sum()


def test_moving_to_a_high_dpi_screen_re_renders_the_pad(qtbot, monkeypatch) -> None:
    canvas = shown(qtbot, Canvas(pen_width=8))
    draw(canvas, SEVEN)
    before = ink(canvas)
    monkeypatch.setattr(canvas, "devicePixelRatioF", lambda: 2.0)
    QCoreApplication.sendEvent(canvas, QEvent(QEvent.Type.DevicePixelRatioChange))
    assert canvas.image().size().toTuple() == (800, 800)
    assert (ink(canvas) ^ before).sum() < 0.05 * before.sum()


# Dark palette -------------------------------------------------------------------------------


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, QColor(37, 37, 38)),
        (QPalette.ColorRole.WindowText, QColor(230, 230, 230)),
        (QPalette.ColorRole.Base, QColor(30, 30, 30)),
        (QPalette.ColorRole.Text, QColor(230, 230, 230)),
        (QPalette.ColorRole.Mid, QColor(80, 80, 80)),
    ):
        palette.setColor(role, colour)
    return palette


def test_the_chart_under_a_dark_palette_has_light_labels(qtbot) -> None:
    chart_view = shown(qtbot, ProbabilityChart(), 420, 260)
    chart_view.set_probabilities(SEVENISH)
    light_background = chart_view.grab().toImage().pixelColor(3, 3)
    assert light_background.lightness() > 200  # the default palette is light
    chart_view.setPalette(dark_palette())
    chart = chart_view.chart()
    assert chart.titleBrush().color().lightness() > 200
    assert chart_view.bars.labelColor().lightness() > 200
    for axis in chart.axes():
        assert axis.labelsBrush().color().lightness() > 200
    assert chart.backgroundBrush().color().lightness() < 60
    assert chart_view.grab().toImage().pixelColor(3, 3).lightness() < 60


def test_the_training_curves_follow_a_dark_palette(qtbot) -> None:
    curves = shown(qtbot, TrainingCurves(), 600, 240)
    curves.setPalette(dark_palette())  # children inherit it and get PaletteChange
    for view in (curves.loss, curves.accuracy):
        chart = view.chart()
        assert chart.titleBrush().color().lightness() > 200
        assert chart.legend().labelColor().lightness() > 200
        assert all(axis.labelsBrush().color().lightness() > 200 for axis in chart.axes())
        assert view.grab().toImage().pixelColor(3, 3).lightness() < 60


# A live language switch -----------------------------------------------------------------------


class Marking(QTranslator):
    """A stand-in language: every text of ours comes back in «guillemets»."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if source is None:
            return None
        text = source.replace("%n", str(n)) if n >= 0 else source
        return f"«{text}»"

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking(qapp) -> Iterator[QTranslator]:
    translator = Marking()
    yield translator
    QCoreApplication.removeTranslator(translator)


def test_texts_follow_a_live_language_switch(qtbot, marking: QTranslator, first_conv_info) -> None:
    canvas = shown(qtbot, Canvas())
    chart = shown(qtbot, ProbabilityChart(), 400, 260)
    chart.set_probabilities(SEVENISH)
    view = shown(qtbot, InsideDock(), 500, 600)
    summary = shown(qtbot, SummaryDialog(), 700, 400)
    summary.set_summary(ModelSummary((first_conv_info,), 320, 320, 0))
    # English plural forms; the description is core's (gettext), shared with the lesson.
    assert summary.rows()[0][3] == "Convolution: 32 filters of 3×3 · activation relu"
    QCoreApplication.installTranslator(marking)
    qtbot.waitUntil(lambda: canvas.accessibleName() == "«Drawing pad»")
    qtbot.waitUntil(lambda: chart.accessibleDescription().startswith("«Most likely 7"))
    assert chart.chart().title().startswith("«")
    qtbot.waitUntil(lambda: view.windowTitle() == "«Inside the network»")
    assert view.captions[INPUT].text().startswith("«")
    qtbot.waitUntil(lambda: summary.table.horizontalHeaderItem(0).text() == "«Layer (type)»")
    assert summary.rows()[0][0] == "conv2d (Conv2D)"  # Keras' names stay
