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

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow

from digitpad.core.i18n import percent
from digitpad.gui.export import Caption, captioned, copy_image, export_dialog
from digitpad.gui.zoom import follow_zoom, zoom

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
        self.canvas, self.settings = canvas, settings  # the pen and the zoom remembered
        self.model, self.panel = model, panel  # what a picture's caption names
        self.zoom = zoom()
        a = actions
        a.zoom_in.triggered.connect(self.zoom.zoom_in)
        a.zoom_out.triggered.connect(self.zoom.zoom_out)
        a.zoom_reset.triggered.connect(self.zoom.reset)
        a.full_screen.triggered.connect(self.set_full_screen)
        a.export_view.triggered.connect(self.export_view)
        a.copy_view.triggered.connect(self.copy_view)
        follow_zoom(window, self._on_zoom)

    def _on_zoom(self, factor: float) -> None:
        """Every font follows the application's; the pen is ours to scale; remembered."""
        window = self.window
        self.canvas.set_pen_scale(factor)
        if window.isVisible() and abs(self.settings.zoom - factor) > 1e-6:  # not once closed
            self.settings.zoom = factor
            window.statusBar().showMessage(
                self.tr("Zoom {percent}").format(percent=percent(factor, 0)), 3000
            )

    @Slot(bool)
    def set_full_screen(self, on: bool) -> None:
        """View ▸ Full screen (F11): the window fills the screen, or goes back."""
        if on:
            self.window.showFullScreen()
        else:
            self.window.showNormal()
        self.full_screen.setChecked(on)

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
