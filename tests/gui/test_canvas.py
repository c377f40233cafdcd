"""The drawing pad on its own: round anti-aliased ink, Undo, Clear, resizing. No model needed."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, draw, ink, press_and_move, release, shown, unit_to_widget

from digitpad.gui.pad.canvas import Canvas

DOT: list[list[tuple[float, float]]] = [[(0.0, 0.0)]]


@pytest.fixture
def canvas(qtbot) -> Canvas:
    return shown(qtbot, Canvas(pen_width=8))


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
    radius = canvas.effective_pen_width() / 2
    assert area == pytest.approx(np.pi * radius**2, rel=0.1)
    rows, cols = np.nonzero(ink(canvas))
    assert np.ptp(rows) == pytest.approx(np.ptp(cols), abs=1)  # as tall as wide


def test_pen_width_changes_the_stroke(canvas: Canvas) -> None:
    draw(canvas, ONE)
    thick = ink(canvas).sum()
    canvas.clear()
    canvas.set_pen_width(3)
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


def test_undo_brings_back_what_a_clear_erased(canvas: Canvas, qtbot) -> None:
    """Esc used to lose the drawing for good: Undo takes back a clear like a stroke."""
    draw(canvas, SEVEN)
    draw(canvas, ONE)
    both = canvas.to_array()
    canvas.clear()
    draw(canvas, [[(-0.3, 0.0), (0.3, 0.0)]])  # a new stroke after the clear
    canvas.undo()  # the new stroke goes first
    assert canvas.is_blank()
    with qtbot.waitSignal(canvas.changed, timeout=1000):
        canvas.undo()  # then the clear: both strokes are back
    assert canvas.stroke_count == 2
    assert (np.abs(canvas.to_array().astype(int) - both.astype(int)) > 64).sum() < 100
    canvas.undo()
    canvas.undo()
    assert canvas.is_blank()
    canvas.undo()  # nothing left: harmless
    assert canvas.is_blank()


def test_a_test_image_is_undone_back_to_the_drawing(canvas: Canvas) -> None:
    draw(canvas, ONE)
    canvas.show_image(np.full((28, 28), 200, dtype=np.uint8))
    assert canvas.stroke_count == 0 and canvas.shown_image() is not None
    canvas.undo()
    assert canvas.stroke_count == 1 and canvas.shown_image() is None


def test_the_pen_is_a_share_of_the_pad(qtbot) -> None:
    """The same pen draws the same digit, as the network sees it, on a small pad and on a
    projector's large one (a pen in pixels drew hairlines on the large pad)."""
    from digitpad.core.data.framing import frame_digit

    framed = []
    for side in (300, 900):
        pad = shown(qtbot, Canvas(pen_width=6), side, side)
        draw(pad, SEVEN)
        assert pad.effective_pen_width() == pytest.approx(0.06 * side)
        framed.append(frame_digit(pad.to_array()))
    small, large = framed
    assert small is not None and large is not None
    assert large.sum() == pytest.approx(small.sum(), rel=0.1)  # as much ink, framed
    assert np.abs(large - small).mean() < 0.05


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
