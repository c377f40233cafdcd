"""View ▸ Zoom: one factor for every font, the pen and the grids, for a class at the back of a room.

Zoom scales the application's font (`QApplication.setFont`), so every widget
that takes its font from the application (nearly all of them) follows with no
code of its own, views added later included. What is measured in pixels rather
than in text (the pen, the least size of a grid tile or an image, a font a
widget derives from its own size) reads `factor()` and follows `changed`:
`follow_zoom(widget, apply)` calls `apply(factor)` now and after every change,
for as long as the widget lives; `scaled_font` gives a widget a font a set
multiple of the application's that keeps following it, `monospace` the
fixed-pitch font for code. The steps offered depend on the screen
(`offered_steps`): only those the layout is made to fit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from digitpad.gui.settings import ZOOM_RANGE

# The steps of Zoom in / Zoom out, as browsers have them.
STEPS = (0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
# The least screen, in pixels at zoom 1.0, that the window and every view and dialog are laid
# out to fit (tests/gui/test_layout_sweep.py holds them to it). A step is offered only where
# the screen divided by it is at least this: 150 % on a 1366×768 screen (or 1366×728 with a
# taskbar), 200 % on 1920×1080, 300 % on 4K.
DESIGN = QSize(900, 480)


def offered_steps(available: QSize) -> tuple[float, ...]:
    """The zoom steps whose layout fits a screen with `available` room (at least 100 %)."""
    return tuple(
        step
        for step in STEPS
        if step <= 1.0
        or (
            available.width() >= DESIGN.width() * step
            and available.height() >= DESIGN.height() * step
        )
    )


def largest_step(available: QSize | None = None) -> float:
    """The largest zoom offered on a screen with `available` room (default: the primary
    screen's; without a screen, every step)."""
    if available is None:
        screen = QGuiApplication.primaryScreen() if QGuiApplication.instance() else None
        if screen is None:
            return STEPS[-1]
        available = screen.availableGeometry().size()
    return offered_steps(available)[-1]


class Zoom(QObject):
    """The application's zoom factor (1.0: the system's font size)."""

    changed = Signal(float)  # the new factor, after the application font has changed

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._base = QFont(app.font())  # the font at zoom 1.0
        self._factor = 1.0

    def factor(self) -> float:
        return self._factor

    def set_factor(self, factor: float) -> None:
        """Scale every font by `factor` (clamped to the settings' range)."""
        factor = round(min(ZOOM_RANGE[1], max(ZOOM_RANGE[0], float(factor))), 3)
        if factor == self._factor:
            return
        self._factor = factor
        QApplication.setFont(scale_font(self._base, factor))
        # Qt posts the font change to every widget; deliver it now, so that whoever
        # follows `changed` already sees the new fonts.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        self.changed.emit(factor)

    def zoom_in(self, largest: float = STEPS[-1]) -> None:
        """The next step up, but not past `largest` (the largest the screen is offered)."""
        steps = [s for s in STEPS if s <= largest + 1e-6]
        self.set_factor(
            next((s for s in steps if s > self._factor + 1e-6), max(self._factor, steps[-1]))
        )

    @Slot()
    def zoom_out(self) -> None:
        self.set_factor(next((s for s in reversed(STEPS) if s < self._factor - 1e-6), STEPS[0]))

    @Slot()
    def reset(self) -> None:
        self.set_factor(1.0)


_zoom: Zoom | None = None


def zoom() -> Zoom:
    """The application's one `Zoom` (made on first use; needs a QApplication)."""
    global _zoom
    app = QApplication.instance()
    if _zoom is None or _zoom.parent() is not app:
        if not isinstance(app, QApplication):
            raise RuntimeError("zoom needs a QApplication")
        _zoom = Zoom(app)
    return _zoom


def factor() -> float:
    """The zoom factor in effect (1.0 before any zoom, or without an application)."""
    app = QApplication.instance()
    if _zoom is None or _zoom.parent() is not app:
        return 1.0
    return _zoom.factor()


def px(value: float) -> int:
    """`value` pixels at zoom 1.0, at the current zoom."""
    return max(1, round(value * factor()))


def scale_font(font: QFont, scale: float) -> QFont:
    """A copy of `font` `scale` times as large (point or pixel sized alike)."""
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * scale)
    else:
        scaled.setPixelSize(max(1, round(font.pixelSize() * scale)))
    return scaled


class _Follower(QObject):
    """Calls `apply(factor)` on every zoom change; a child of the widget, so it ends with it."""

    def __init__(self, widget: QWidget, apply: Callable[[float], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        zoom().changed.connect(self._changed)

    @Slot(float)
    def _changed(self, value: float) -> None:
        self._apply(value)


def follow_zoom(widget: QWidget, apply: Callable[[float], None]) -> None:
    """Call `apply(factor)` now and whenever the zoom changes, while `widget` exists."""
    if QApplication.instance() is None:
        apply(1.0)
        return
    _Follower(widget, apply)
    apply(factor())


def scaled_font(widget: QWidget, scale: float = 1.0, *, bold: bool = False) -> None:
    """Give `widget` a font `scale` times the application's, now and after every zoom."""

    def apply(_factor: float) -> None:
        font = scale_font(QApplication.font(), scale)
        font.setBold(bold)
        widget.setFont(font)

    follow_zoom(widget, apply)


def monospace(widget: QWidget, scale: float = 1.0) -> None:
    """Give `widget` the system's fixed-pitch font (code, terminal lines) `scale` times the
    application's size, now and after every zoom."""

    def apply(_factor: float) -> None:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        base = QApplication.font()
        if base.pointSizeF() > 0:
            font.setPointSizeF(base.pointSizeF() * scale)
        else:
            font.setPixelSize(max(1, round(base.pixelSize() * scale)))
        widget.setFont(font)

    follow_zoom(widget, apply)
