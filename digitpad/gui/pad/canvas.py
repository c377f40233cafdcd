"""The drawing pad: dark round-pen strokes on a light pad, kept as strokes and as pixels.

As in Qt's painter example, each mouse move paints one short segment into an
off-screen image and repaints only that rectangle; `paintEvent` just blits.
The strokes are also kept (in size-independent units, `drawing.Drawing`) so
Undo and resizing re-render them instead of losing the drawing; a clear is
undone like a stroke. The pen's width is a share of the pad's shorter side,
so the same pen draws the same digit on a small pad and on a projector's.

A pen tablet draws the same strokes as the mouse (its pressure widens the pen a
little); a touchpad arrives as mouse events anyway. The off-screen image has the
screen's device pixels, so strokes stay crisp on High-DPI screens, while
`to_array` still hands the predictor the pad at its logical size. The pad stays
light (paper) under a dark palette: MNIST framing expects dark ink on light.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.digits import SIDE
from digitpad.gui.i18n import Retranslating
from digitpad.gui.pad.drawing import Drawing, Stroke
from digitpad.gui.settings import DEFAULT_PEN_WIDTH

PAD = 255  # the pad's grey level (white)
INK = 0  # the pen's grey level (black)
HINT = QColor(150, 150, 150)  # the "Draw a digit here" hint: on the pad, whatever the palette
BORDER = QColor(180, 180, 180)
MIN_SIDE = 200  # a narrow window (a projector, zoomed, a dock open) shrinks the pad this far
# A tablet pen's width follows its pressure only this much either side of the set width:
# enough to feel like a pen, not so much that strokes stop looking like MNIST's.
PRESSURE_SPAN = 0.2


class Canvas(Retranslating, QWidget):
    """A pad to draw one digit on. Emits `changed` for every new bit of ink."""

    changed = Signal()  # ink added, an undo or a clear: the drawing differs
    stroke_finished = Signal()
    digit_key = Signal(int)  # a key 0–9 pressed while the pad has focus: "this is a …"

    def __init__(self, parent: QWidget | None = None, pen_width: int = DEFAULT_PEN_WIDTH) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(MIN_SIDE, MIN_SIDE)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pen_width = pen_width
        self.drawing = Drawing()  # the strokes, a test image under them, what Undo takes back
        self._current: Stroke | None = None
        self._image = self._blank_image(QSize(MIN_SIDE, MIN_SIDE))
        self._blank_described: bool | None = None  # the state the accessible description tells
        self.retranslate()

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr(
                "Draw a digit with the mouse, a touchpad or a pen. Esc clears, Ctrl+Z takes back "
                "the last stroke or the clear. Press 0–9 to keep the drawing as an example of "
                "that digit."
            )
        )
        self.setAccessibleName(self.tr("Drawing pad"))
        self._blank_described = None
        self._describe()
        self.update()  # the hint on a blank pad

    def _describe(self) -> None:
        """Tell assistive technology how to use the pad and whether anything is on it."""
        blank = self.is_blank()
        if blank == self._blank_described:
            return
        self._blank_described = blank
        usage = self.tr(
            "Draw one digit with the mouse, a touchpad or a pen; the prediction follows as you "
            "draw. Esc clears, Ctrl+Z takes back the last stroke or the clear, 0–9 keeps the "
            "drawing as an example of that digit."
        )
        state = self.tr("The pad is blank.") if blank else self.tr("Something is drawn.")
        self.setAccessibleDescription(f"{usage} {state}")

    def _changed(self) -> None:
        self._describe()
        self.changed.emit()

    # Public API ----------------------------------------------------------------------------

    @property
    def pen_width(self) -> int:
        """Pen width for new strokes, in percent of the pad's shorter side."""
        return self._pen_width

    def set_pen_width(self, width: int) -> None:
        self._pen_width = max(1, int(width))

    def effective_pen_width(self) -> float:
        """The width in pixels a new stroke gets on the pad as large as it is now."""
        return self._pen_width / 100 * self._scale()

    @property
    def stroke_count(self) -> int:
        return len(self.drawing.strokes)

    def is_blank(self) -> bool:
        return self.drawing.is_blank()

    def show_image(self, array: np.ndarray) -> None:
        """Put a (28, 28) MNIST image (uint8, light ink on black) on the pad, dark on light.

        The strokes go; strokes drawn afterwards go on top of it. Undo removes
        those first, then the image.
        """
        grey = np.asarray(array, dtype=np.uint8).reshape(SIDE, SIDE)
        self.drawing.show(grey.copy())
        self._current = None
        self._render()
        self._changed()

    def shown_image(self) -> np.ndarray | None:
        """The test image on the pad as the network takes it ((28, 28) floats in [0, 1]), while
        nothing is drawn over it; else None."""
        shown = self.drawing.shown
        if shown is None or self.drawing.strokes:
            return None
        return shown.astype(np.float32) / 255.0

    @Slot()
    def clear(self) -> None:
        """Erase everything (Esc); Undo brings it back."""
        self._current = None
        cleared = self.drawing.clear()
        self._render()
        if cleared:
            self._changed()

    @Slot()
    def undo(self) -> None:
        """Take back the last thing done (Ctrl+Z): a stroke, a clear or a test image shown."""
        if not self.drawing.can_undo():
            return
        removed = self.drawing.undo()
        if removed is not None and removed is self._current:
            self._current = None
        self._render()
        self._changed()

    def to_array(self) -> np.ndarray:
        """The pad as a (H, W) uint8 grey image, dark ink on white: a copy, safe to hand over.

        H, W are the pad's logical size whatever the screen's pixel ratio: a High-DPI
        image is scaled down smoothly (anti-aliased, as a 1× rendering would be).
        """
        image = self._image
        if image.devicePixelRatio() != 1.0:
            image = image.scaled(
                image.deviceIndependentSize().toSize(),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            ).convertToFormat(QImage.Format.Format_Grayscale8)
        h, w, stride = image.height(), image.width(), image.bytesPerLine()
        buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
        return buffer.reshape(h, stride)[:, :w].copy()

    def image(self) -> QImage:
        """The pad's pixels (a copy), in device pixels: see `devicePixelRatio()` on it."""
        return self._image.copy()

    # Geometry between widget pixels and stroke units ---------------------------------------------

    def _scale(self) -> float:
        return float(max(1, min(self.width(), self.height())))

    def _to_units(self, p: QPointF) -> QPointF:
        s = self._scale()
        return QPointF((p.x() - self.width() / 2) / s, (p.y() - self.height() / 2) / s)

    def _to_pixels(self, u: QPointF) -> QPointF:
        s = self._scale()
        return QPointF(u.x() * s + self.width() / 2, u.y() * s + self.height() / 2)

    # Strokes from the mouse and from a tablet pen --------------------------------------------

    def _begin_stroke(self, p: QPointF, factor: float | None = None) -> None:
        first = self.is_blank()
        self._current = Stroke(
            width=self._pen_width / 100,
            points=[self._to_units(p)],
            factors=None if factor is None else [factor],
        )
        self.drawing.add(self._current)
        self._paint_segment(p, p, self._current.width_at(0) * self._scale())
        if first:
            self.update()  # the "Draw a digit here" hint must go everywhere, not just under the pen
        self._changed()

    def _extend_stroke(self, p: QPointF, factor: float | None = None) -> None:
        stroke = self._current
        assert stroke is not None
        last = self._to_pixels(stroke.points[-1])
        if (p - last).manhattanLength() < 1.0:
            return
        stroke.points.append(self._to_units(p))
        if stroke.factors is not None:
            stroke.factors.append(1.0 if factor is None else factor)
        self._paint_segment(last, p, stroke.width_at(len(stroke.points) - 1) * self._scale())
        self._changed()

    def _end_stroke(self) -> None:
        self._current = None
        self.stroke_finished.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._begin_stroke(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is None:
            return super().mouseMoveEvent(event)
        self._extend_stroke(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._current is None:
            return super().mouseReleaseEvent(event)
        self._end_stroke()

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen tablet: the same strokes as the mouse, the pen's pressure widening it a little.

        Accepting the event stops Qt from also synthesizing mouse events for it
        (which would draw every stroke twice).
        """
        kind = event.type()
        tip = event.button() == Qt.MouseButton.LeftButton
        factor = self._pressure_factor(event)
        if kind == QEvent.Type.TabletPress and tip:
            self._begin_stroke(event.position(), factor)
        elif kind == QEvent.Type.TabletMove and self._current is not None:
            self._extend_stroke(event.position(), factor)
        elif kind == QEvent.Type.TabletRelease and tip and self._current is not None:
            self._end_stroke()
        event.accept()

    @staticmethod
    def _pressure_factor(event: QTabletEvent) -> float:
        device = event.pointingDevice()
        if device is None or not device.capabilities() & QInputDevice.Capability.Pressure:
            return 1.0
        pressure = min(1.0, max(0.0, event.pressure()))
        return 1.0 + PRESSURE_SPAN * (2.0 * pressure - 1.0)  # half pressure: the set width

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and plain == Qt.KeyboardModifier.NoModifier:
            if not event.isAutoRepeat():
                self.digit_key.emit(key - Qt.Key.Key_0)
            event.accept()
            return
        super().keyPressEvent(event)

    # Painting ----------------------------------------------------------------------------------

    def _pen(self, width: float) -> QPen:
        return QPen(
            QColor(INK, INK, INK),
            width,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )

    def _paint_segment(self, a: QPointF, b: QPointF, width: float) -> None:
        with QPainter(self._image) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(self._pen(width))
            if a == b:
                painter.drawPoint(a)
            else:
                painter.drawLine(a, b)
        pad = width / 2 + 2
        dirty = QRectF(a, b).normalized().adjusted(-pad, -pad, pad, pad)
        self.update(dirty.toAlignedRect())

    def _blank_image(self, size: QSize) -> QImage:
        ratio = self.devicePixelRatioF()
        image = QImage(size * ratio, QImage.Format.Format_Grayscale8)
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(PAD, PAD, PAD))
        return image

    def _render(self) -> None:
        """Redraw every stroke into a fresh image the size of the widget."""
        self._image = self._blank_image(self.size())
        with QPainter(self._image) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if self.drawing.shown is not None:
                self._paint_shown(painter, self.drawing.shown)
            for stroke in self.drawing.strokes:
                points = [self._to_pixels(u) for u in stroke.points]
                if stroke.factors is None:
                    painter.setPen(self._pen(stroke.width * self._scale()))
                    if len(points) == 1:
                        painter.drawPoint(points[0])
                    else:
                        painter.drawPolyline(QPolygonF(points))
                    continue
                # A pen's stroke: segment by segment, each as wide as when it was drawn.
                painter.setPen(self._pen(stroke.width_at(0) * self._scale()))
                painter.drawPoint(points[0])
                for i in range(1, len(points)):
                    painter.setPen(self._pen(stroke.width_at(i) * self._scale()))
                    painter.drawLine(points[i - 1], points[i])
        self.update()

    def _paint_shown(self, painter: QPainter, shown: np.ndarray) -> None:
        """The test image, dark on light, filling the pad's central square (smoothly scaled)."""
        grey = np.ascontiguousarray(PAD - shown.astype(np.int16) * (PAD - INK) // 255)
        grey = grey.astype(np.uint8)
        image = QImage(grey.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
        side = min(self.width(), self.height())
        target = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, image)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._render()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:  # moved to another screen
            self._render()
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            rect = QRectF(event.rect())
            r = self._image.devicePixelRatio()  # the source rectangle is in image pixels
            source = QRectF(rect.x() * r, rect.y() * r, rect.width() * r, rect.height() * r)
            painter.drawImage(rect, self._image, source)
            if self.is_blank():
                painter.setPen(HINT)
                hint = self.tr("Draw a digit here")
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, hint)
            painter.setPen(BORDER)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
