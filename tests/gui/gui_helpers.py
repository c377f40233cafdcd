"""Real mouse strokes for the GUI tests, a few digits drawn as strokes, and clicks that lead
through the walk-through."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from digitpad.gui.pad.canvas import Canvas

Stroke = Sequence[tuple[float, float]]


def _arc(start: float, stop: float, points: int) -> list[float]:
    """Angles from `start` to `stop` turns (0 = top, ¼ = right), `points` of them."""
    return [2 * math.pi * (start + (stop - start) * i / (points - 1)) for i in range(points)]


# Digits as strokes in units of the pad's shorter side, around its centre (y grows downwards).
SEVEN: list[Stroke] = [[(-0.22, -0.3), (0.22, -0.3), (-0.04, 0.32)]]
ONE: list[Stroke] = [[(0.0, -0.33), (0.0, 0.33)]]
ZERO: list[Stroke] = [
    [(0.2 * math.sin(t), -0.3 * math.cos(t)) for t in [2 * math.pi * i / 36 for i in range(37)]]
]
# A 3: two bowls, open to the left, meeting in the middle.
THREE: list[Stroke] = [
    [
        *[(0.17 * math.sin(t), -0.16 - 0.15 * math.cos(t)) for t in _arc(-0.35, 0.5, 14)],
        *[(0.19 * math.sin(t), 0.16 - 0.16 * math.cos(t)) for t in _arc(0.0, 0.65, 16)],
    ]
]
DIGITS = {0: ZERO, 1: ONE, 3: THREE, 7: SEVEN}

# Marks that are not digits.
DOT: list[Stroke] = [[(0.0, 0.0), (0.004, 0.0)]]
CROSS: list[Stroke] = [[(-0.25, -0.25), (0.25, 0.25)], [(0.25, -0.25), (-0.25, 0.25)]]


def unit_to_widget(canvas: Canvas, u: tuple[float, float]) -> QPoint:
    side = min(canvas.width(), canvas.height())
    return QPoint(round(canvas.width() / 2 + u[0] * side), round(canvas.height() / 2 + u[1] * side))


def press_and_move(canvas: Canvas, stroke: Stroke, step_px: float = 6.0) -> QPoint:
    """Press at the stroke's start and move along it in small steps; returns the last point."""
    points = [unit_to_widget(canvas, u) for u in stroke]
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for a, b in itertools.pairwise(points):
        steps = max(1, math.ceil(math.dist((a.x(), a.y()), (b.x(), b.y())) / step_px))
        for i in range(1, steps + 1):
            p = QPointF(a) + (QPointF(b) - QPointF(a)) * (i / steps)
            QTest.mouseMove(canvas, p.toPoint())
    return points[-1]


def release(canvas: Canvas, at: QPoint) -> None:
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


def draw(canvas: Canvas, strokes: Sequence[Stroke]) -> None:
    """Real mouse strokes: press, moves, release, through Qt's event system."""
    for stroke in strokes:
        release(canvas, press_and_move(canvas, stroke))


def shown(qtbot, widget: QWidget, width: int = 400, height: int = 400) -> QWidget:
    """`widget` at the given size, on screen (offscreen) and painted, closed after the test."""
    widget.resize(width, height)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ink(canvas: Canvas) -> np.ndarray:
    """Where the pad has ink (dark pixels)."""
    return canvas.to_array() < 128


def browse_for_a_model(window, qtbot) -> None:
    """Model ▸ Load model…, then its Browse… button (the file dialog is the test's)."""
    window.menu_actions.load_model.trigger()
    dialog = window.dialogs.models_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def go_to(window, key: str):
    """Press the walk-through's Next until the step `key` shows; returns its page."""
    view = window.lesson_dock
    while view.current_key() != key:
        assert view.next.isEnabled(), f"{key} not reached"
        click(view.next)
    return view.current_page()
