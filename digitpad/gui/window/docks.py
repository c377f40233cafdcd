"""The two docks beside the pad: View ▸ Inside the network and View ▸ Walk through the network.

Both live on the window's right and share one place as tabs when both are open
(a 1366-px screen has no room for two side by side); the one just opened comes
to the front, so Ctrl+I with the walk-through open shows the inside view. The
first dock opened widens a window in its normal state to make room (never past
its screen's edge), and an open dock keeps its share of the window's width
after a zoom, so the pad is not squeezed more at every step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QDockWidget, QMainWindow

from digitpad.gui.inside.dock import InsideDock
from digitpad.gui.lesson.dock import LessonDock
from digitpad.gui.zoom import follow_zoom

SHARE = 0.45  # of the window's width, for an open dock


class Docks(QObject):
    """Makes the docks, keeps them tabbed and in front, widens and balances the window."""

    visibility_changed = Signal()  # a dock was shown or hidden: see `any_visible`

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._widened = False  # the window widens for the first dock only
        self.inside = InsideDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inside)
        self.inside.hide()  # View ▸ Inside the network
        self.lesson = LessonDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.lesson)
        window.tabifyDockWidget(self.inside, self.lesson)  # both open: two tabs
        self.lesson.hide()  # View ▸ Walk through the network
        for dock in (self.inside, self.lesson):
            dock.visibilityChanged.connect(lambda _shown, dock=dock: self._on_visible(dock))
            dock.toggleViewAction().triggered.connect(
                lambda shown, dock=dock: self._to_front(dock, shown)
            )
        follow_zoom(window, lambda _factor: QTimer.singleShot(0, self.balance))

    def any_visible(self) -> bool:
        return self.inside.isVisible() or self.lesson.isVisible()

    def _on_visible(self, dock: QDockWidget) -> None:
        self.visibility_changed.emit()
        if not dock.isVisible():
            return
        normal = self.window.windowState() == Qt.WindowState.WindowNoState
        if normal and not self._widened:
            self._widened = True  # make room once rather than squash the pad
            self._widen_by(dock.sizeHint().width())
        QTimer.singleShot(0, self.balance)

    def _widen_by(self, extra: int) -> None:
        """Widen the window by `extra` pixels, as far as its screen allows, staying on it."""
        window = self.window
        screen = window.screen().availableGeometry() if window.screen() else None
        width = window.width() + extra
        if screen is not None:
            frame = window.frameGeometry().width() - window.width()
            width = min(width, screen.width() - frame)
        window.resize(width, window.height())
        if screen is not None:
            overhang = window.frameGeometry().right() - screen.right()
            if overhang > 0:
                window.move(max(screen.left(), window.x() - overhang), window.y())

    @Slot(bool)
    def _to_front(self, dock: QDockWidget, shown: bool) -> None:
        """A dock just opened comes to the front, also when it shares its place as a tab."""
        if shown:
            dock.raise_()

    @Slot()
    def balance(self) -> None:
        """An open dock takes its share of the window's width (or its least), not more: after
        a zoom it would otherwise keep what it grew to and squeeze the pad."""
        docks = [d for d in (self.inside, self.lesson) if d.isVisible() and not d.isFloating()]
        if docks:
            share = round(self.window.width() * SHARE)
            self.window.resizeDocks(docks, [share] * len(docks), Qt.Orientation.Horizontal)
