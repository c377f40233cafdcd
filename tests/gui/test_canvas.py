"""The drawing pad on its own: round anti-aliased ink, Undo, Clear, resizing. No model needed."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, draw, ink, press_and_move, release, shown, unit_to_widget

from digitpad.gui.pad.canvas import Canvas

DOT: list[list[tuple[float, float]]] = [[(0.0, 0.0)]]


@pytest.fixture
def canvas(qtbot) -> Canvas:
    return shown(qtbot, Canvas(pen_width=30))


def test_blank_pad_is_white(canvas: Canvas) -> None:
    pixels = canvas.to_array()
    assert pixels.shape == (400, 400) and pixels.dtype == np.uint8
    assert canvas.is_blank() and (pixels == 255).all()


def test_a_stroke_paints_dark_anti_aliased_ink(canvas: Canvas, qtbot) -> None:
    with qtbot.waitSignals([canvas.changed, canvas.stroke_finished], timeout=2000):
        draw(canvas, SEVEN)
    pixels = canvas.to_array()
    assert canvas.stroke_count == 1 and not canvas.is_blank()
    assert pixels.min() == 0  # full ink in the middle of the stroke
    grey = (pixels > 0) & (pixels < 255)
    assert grey.sum() > 100  # anti-aliased edges, not a hard 1-bit line


def test_the_pen_is_round(canvas: Canvas) -> None:
    draw(canvas, DOT)  # a click without moving leaves one round dot
    area = ink(canvas).sum()
    radius = canvas.pen_width / 2
    assert area == pytest.approx(np.pi * radius**2, rel=0.1)
    rows, cols = np.nonzero(ink(canvas))
    assert np.ptp(rows) == pytest.approx(np.ptp(cols), abs=1)  # as tall as wide


def test_pen_width_changes_the_stroke(canvas: Canvas) -> None:
    draw(canvas, ONE)
    thick = ink(canvas).sum()
    canvas.clear()
    canvas.set_pen_width(10)
    draw(canvas, ONE)
    assert ink(canvas).sum() < thick / 2


def test_ink_appears_while_the_mouse_moves(canvas: Canvas) -> None:
    """Each move paints at once (not only on release)."""
    end = press_and_move(canvas, ONE[0])
    assert ink(canvas).sum() > 1000
    release(canvas, end)


def test_undo_removes_only_the_last_stroke(canvas: Canvas, qtbot) -> None:
    draw(canvas, ONE)
    one_only = canvas.to_array()
    draw(canvas, [[(-0.3, 0.0), (0.3, 0.0)]])
    assert canvas.stroke_count == 2
    with qtbot.waitSignal(canvas.changed, timeout=1000):
        canvas.undo()
    assert canvas.stroke_count == 1
    # Re-rendered from the stroke list; live segments and the re-rendered polyline may
    # differ by anti-aliasing on a few edge pixels only.
    assert (np.abs(canvas.to_array().astype(int) - one_only.astype(int)) > 64).sum() < 50
    canvas.undo()
    assert canvas.is_blank() and (canvas.to_array() == 255).all()
    canvas.undo()  # nothing left to undo: harmless
    assert canvas.is_blank()


def test_clear_erases_everything(canvas: Canvas, qtbot) -> None:
    draw(canvas, SEVEN)
    draw(canvas, ONE)
    with qtbot.waitSignal(canvas.changed, timeout=1000):
        canvas.clear()
    assert canvas.is_blank() and canvas.stroke_count == 0
    assert (canvas.to_array() == 255).all()


def test_resizing_keeps_the_drawing(canvas: Canvas, qtbot) -> None:
    draw(canvas, SEVEN)
    before = ink(canvas)
    canvas.resize(600, 500)
    qtbot.waitUntil(lambda: canvas.to_array().shape == (500, 600))
    after = ink(canvas)
    assert canvas.stroke_count == 1
    # Same drawing, scaled with the shorter side (400 -> 500 px) around the centre.
    assert after.sum() == pytest.approx(before.sum() * (500 / 400) ** 2, rel=0.15)
    centre = unit_to_widget(canvas, (0.0, -0.3))  # on the 7's top bar
    assert after[centre.y(), centre.x()]
    canvas.resize(300, 300)  # smaller, then back: nothing is lost
    canvas.resize(400, 400)
    qtbot.waitUntil(lambda: canvas.to_array().shape == (400, 400))
    assert (ink(canvas) != before).sum() < 0.02 * before.sum()
