"""Spin boxes, combo boxes and sliders take the mouse wheel only once they have the focus.

Scrolling the Train dialog with the wheel silently turned its learning rate
from 1.0 to 0.0001: every spin box the pointer crossed took the wheel for
itself. With `guard_wheels(root)`, such a field under the pointer passes the
wheel on to what holds it (the panel scrolls on) until it is clicked or
tabbed into; then the wheel changes it, as the user meant. Their focus policy
becomes `Qt.StrongFocus`, so the wheel no longer gives them the focus either.
Scroll bars keep the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

GUARDED = (QAbstractSpinBox, QComboBox, QSlider)
_MARK = "digitpad_wheel_guarded"


class WheelGuard(QObject):
    """The event filter: a wheel over an unfocused field goes to its parent instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        wheel = event.type() == QEvent.Type.Wheel
        if wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # not accepted: Qt hands the wheel on to the parent
            return True  # and the field never sees it
        return False


_guard: WheelGuard | None = None


def _the_guard() -> WheelGuard:
    global _guard
    app = QApplication.instance()
    if _guard is None or _guard.parent() is not app:
        _guard = WheelGuard(app)
    return _guard


def guard_wheels(root: QWidget) -> None:
    """Every spin box, combo box and slider in `root` (itself included) takes the wheel only
    when focused; call again after adding some (fields already guarded are skipped)."""
    guard = _the_guard()
    for widget in (root, *root.findChildren(QWidget)):
        if isinstance(widget, GUARDED) and not widget.property(_MARK):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(guard)
            widget.setProperty(_MARK, True)
