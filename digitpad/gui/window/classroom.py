"""In front of a class: zoom, full screen, and the view as a picture for slides.

Wired to the window's View menu by `Classroom`. Zoom is `zoom.Zoom`'s (the
application font; remembered in the window's settings; the pen follows here);
full screen is the window's own state; the view's picture is the window's
client area (no menu or status bar) with a caption naming the reading and the
model (`export.captioned`). It is handed what it uses (the window as a
QMainWindow, its actions, the pad, the settings, the model in use and the
prediction panel), never the window class itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow

from digitpad.core.i18n import percent
from digitpad.gui.export import Caption, captioned, copy_image, export_dialog
from digitpad.gui.zoom import follow_zoom, largest_step, zoom

if TYPE_CHECKING:
    from digitpad.gui.pad.canvas import Canvas
    from digitpad.gui.pad.prediction_panel import PredictionPanel
    from digitpad.gui.settings import Settings
    from digitpad.gui.window.actions import WindowActions
    from digitpad.gui.window.model_in_use import ModelInUse


class Classroom(QObject):
    """The window's View ▸ Zoom, Full screen, Export and Copy."""

    def __init__(
        self,
        window: QMainWindow,
        actions: WindowActions,
        canvas: Canvas,
        settings: Settings,
        model: ModelInUse,
        panel: PredictionPanel,
    ) -> None:
        super().__init__(window)
        self.window, self.full_screen = window, actions.full_screen
        self.canvas, self.settings = canvas, settings  # the pad, and the zoom remembered
        self.model, self.panel = model, panel  # what a picture's caption names
        self.zoom = zoom()
        a = actions
        self.zoom_in_action = a.zoom_in
        a.zoom_in.triggered.connect(self.zoom_in)
        a.zoom_out.triggered.connect(self.zoom.zoom_out)
        a.zoom_reset.triggered.connect(self.zoom.reset)
        a.full_screen.triggered.connect(self.set_full_screen)
        a.export_view.triggered.connect(self.export_view)
        a.copy_view.triggered.connect(self.copy_view)
        self._before_full_screen = Qt.WindowState.WindowNoState
        window.installEventFilter(self)  # F11's check mark follows the window's state
        follow_zoom(window, self._on_zoom)

    def largest(self) -> float:
        """The largest zoom offered on the window's screen (`zoom.offered_steps`)."""
        screen = self.window.screen()
        return largest_step(screen.availableGeometry().size() if screen is not None else None)

    @Slot()
    def zoom_in(self) -> None:
        """View ▸ Zoom in: one step, as far as the screen's room allows every view to fit."""
        self.zoom.zoom_in(self.largest())

    def _on_zoom(self, factor: float) -> None:
        """Every font follows the application's (the pen is the pad's share, not the zoom's);
        remembered."""
        window = self.window
        self.zoom_in_action.setEnabled(factor < self.largest() - 1e-6)
        if window.isVisible() and abs(self.settings.zoom - factor) > 1e-6:  # not once closed
            self.settings.zoom = factor
            window.statusBar().showMessage(
                self.tr("Zoom {percent}").format(percent=percent(factor, 0)), 3000
            )

    @Slot(bool)
    def set_full_screen(self, on: bool) -> None:
        """View ▸ Full screen (F11): the window fills the screen, or goes back to the state it
        had (maximized stays maximized)."""
        window = self.window
        if on:
            if not window.isFullScreen():
                self._before_full_screen = window.windowState()
            window.showFullScreen()
        elif self._before_full_screen & Qt.WindowState.WindowMaximized:
            window.showMaximized()
        else:
            window.showNormal()
        self.full_screen.setChecked(on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window left or entered full screen some other way (a job's dialog making room,
        the window manager): View ▸ Full screen says so."""
        if watched is self.window and event.type() == QEvent.Type.WindowStateChange:
            self.full_screen.setChecked(self.window.isFullScreen())
        return False

    def view_image(self) -> QImage:
        """The view as a picture for a slide: the pad, the prediction, the chart (and the
        inside view when open), with a caption naming the reading and the model."""
        window = self.window
        top = window.menuBar().geometry().bottom() + 1 if window.menuBar().isVisible() else 0
        area = window.rect().adjusted(0, top, 0, 0)
        if window.statusBar().isVisible():
            area.setBottom(window.statusBar().geometry().top() - 1)
        model = self.tr("Model: {name}").format(name=self.model.name())
        return captioned(window.grab(area), Caption([self.panel.reading(), model]))

    @Slot()
    def export_view(self) -> Path | None:
        """View ▸ Export the view as PNG…"""
        return export_dialog(self.window, self.view_image(), "digitpad-view.png")

    @Slot()
    def copy_view(self) -> None:
        """View ▸ Copy the view as an image."""
        copy_image(self.view_image())
        self.window.statusBar().showMessage(self.tr("Copied the view to the clipboard."), 5000)
