"""Move the 28×28 by hand: drag it, or press the arrow keys, one pixel at a time.

`MoveByHand` watches any widget that shows the network's input (the inside view's input
grid, the walk-through's Move page) and moves the experiment's shift: a drag moves it by
as many pixels as the pointer crossed cells of the 28×28, an arrow key by one pixel, Home
back to where framing put the digit. The widget keeps its own clicks (a click that does not
drag still enlarges a tile).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QWidget

from digitpad.gui.experiments.state import ExperimentState

ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class MoveByHand(QObject):
    """Drag and arrow keys on `widget` move `state`'s shift; `cell` gives the side of one of
    the 28×28's pixels on the widget (0: nothing shown, nothing to drag)."""

    def __init__(self, widget: QWidget, state: ExperimentState, cell: Callable[[], float]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.state = state
        self.cell = cell
        self.enabled = True
        self._pressed: QPointF | None = None
        self._start = (0, 0)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self)
        self._cursor()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self._pressed = None
        self._cursor()

    def _cursor(self) -> None:
        if not self.enabled:
            self.widget.unsetCursor()
        else:
            dragging = self._pressed is not None
            shape = Qt.CursorShape.ClosedHandCursor if dragging else Qt.CursorShape.OpenHandCursor
            self.widget.setCursor(shape)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.widget or not self.enabled:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        if kind == QEvent.Type.MouseButtonPress:
            mouse: QMouseEvent = event  # type: ignore[assignment]
            if mouse.button() == Qt.MouseButton.LeftButton and self.cell() > 0:
                self._pressed = mouse.position()
                self._start = self.state.experiment.shift
                self._cursor()
        elif kind == QEvent.Type.MouseMove and self._pressed is not None:
            mouse = event  # type: ignore[assignment]
            side = self.cell()
            if side > 0:
                delta = mouse.position() - self._pressed
                dx, dy = round(delta.x() / side), round(delta.y() / side)
                self.state.move_to(self._start[0] + dx, self._start[1] + dy)
        elif kind == QEvent.Type.MouseButtonRelease and self._pressed is not None:
            self._pressed = None
            self._cursor()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+arrow and the like stay the window's
        if key in ARROWS:
            self.state.move_by(*ARROWS[Qt.Key(key)])
            return True
        if key == Qt.Key.Key_Home:
            self.state.move_to(0, 0)
            return True
        return False
