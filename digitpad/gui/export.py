"""Pictures for slides: a view, a grid or a chart as a PNG or on the clipboard, captioned.

A screenshot of a feature map says nothing once it is on a slide: which layer,
what the colours mean, what digit was drawn. So every exported picture gets a
caption strip drawn under it (`captioned`): the caption's lines and, for a grid,
its colour scale as a bar with both ends labelled. The caption is also stored
as the PNG's "Description" text.

Any view can offer it: `add_export_menu(widget, describe)` gives the widget a
right-click menu (Copy image, Save as PNG…) whose caption comes from
`describe()` at that moment; `export_dialog` and `copy_image` are the two
actions for callers with their own buttons (the walk-through's steps).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

from digitpad.core.files import shown
from digitpad.gui.messages import warn
from digitpad.gui.zoom import scale_font

PAD = 10  # pixels around the caption's text
STRIP_BACKGROUND = QColor(255, 255, 255)
STRIP_TEXT = QColor(20, 20, 20)
BAR_HEIGHT = 14
MIN_CAPTION_PT = 11.0  # legible on a slide whatever the zoom


@dataclass(frozen=True)
class ColourScale:
    """A grid's colours (256 ARGB values, low to high) and the values at both ends."""

    colours: Sequence[int]
    low: str
    high: str


@dataclass(frozen=True)
class Caption:
    """What an exported picture says under it."""

    lines: Sequence[str]
    scale: ColourScale | None = None

    def text(self) -> str:
        parts = list(self.lines)
        if self.scale is not None:
            parts.append(f"{self.scale.low} … {self.scale.high}")
        return "\n".join(parts)


def _caption_font() -> QFont:
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if 0 < size < MIN_CAPTION_PT:
        font = scale_font(font, MIN_CAPTION_PT / size)
    return font


def captioned(picture: QWidget | QPixmap | QImage, caption: Caption) -> QImage:
    """`picture` (a widget as it looks now, or an image) with `caption` drawn under it."""
    if isinstance(picture, QWidget):
        picture = picture.grab()
    image = picture.toImage() if isinstance(picture, QPixmap) else QImage(picture)
    ratio = image.devicePixelRatio()
    width = round(image.width() / ratio)
    height = round(image.height() / ratio)
    font = _caption_font()
    metrics = QFontMetrics(font)
    text_rect = QRect(0, 0, max(1, width - 2 * PAD), 10_000)
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)
    text = "\n".join(caption.lines)
    text_height = metrics.boundingRect(text_rect, flags, text).height() if text else 0
    bar_height = BAR_HEIGHT + metrics.height() + PAD // 2 if caption.scale is not None else 0
    strip = PAD + text_height + (PAD // 2 if text and bar_height else 0) + bar_height + PAD

    result = QImage(
        round(width * ratio), round((height + strip) * ratio), QImage.Format.Format_RGB32
    )
    result.setDevicePixelRatio(ratio)
    result.fill(STRIP_BACKGROUND)
    with QPainter(result) as painter:
        painter.drawImage(QRectF(0, 0, width, height), image)
        painter.setFont(font)
        painter.setPen(STRIP_TEXT)
        top = height + PAD
        if text:
            painter.drawText(QRect(PAD, top, width - 2 * PAD, text_height), flags, text)
            top += text_height + PAD // 2
        if caption.scale is not None:
            _draw_scale(painter, caption.scale, QRect(PAD, top, width - 2 * PAD, bar_height))
    result.setText("Description", caption.text())
    result.setText("Software", "digitpad")
    return result


def _draw_scale(painter: QPainter, scale: ColourScale, area: QRect) -> None:
    """The colour bar, low on the left, with the two end values under its ends."""
    colours = list(scale.colours) or [QColor(0, 0, 0).rgb(), QColor(255, 255, 255).rgb()]
    bar = QRect(area.left(), area.top(), min(area.width(), 360), BAR_HEIGHT)
    for x in range(bar.width()):
        colour = colours[min(len(colours) - 1, x * len(colours) // max(1, bar.width()))]
        painter.fillRect(QRect(bar.left() + x, bar.top(), 1, bar.height()), QColor.fromRgb(colour))
    painter.setPen(STRIP_TEXT)
    painter.drawRect(bar.adjusted(0, 0, -1, -1))
    labels = QRect(bar.left(), bar.bottom() + 2, bar.width(), area.height() - BAR_HEIGHT)
    painter.drawText(labels, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), scale.low)
    painter.drawText(
        labels, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), scale.high
    )


def save_png(image: QImage, path: Path | str) -> Path | None:
    """Write `image` to `path` (".png" added when missing); None when it could not be written."""
    path = Path(path)
    if path.suffix.lower() != ".png":
        path = path.with_name(path.name + ".png")
    return path if image.save(str(path)) else None  # the format from the ".png" suffix


def copy_image(image: QImage) -> None:
    QGuiApplication.clipboard().setImage(image)


def export_dialog(parent: QWidget, image: QImage, suggested: str) -> Path | None:
    """Ask where to save `image` as a PNG and save it; a failure is one warning sentence."""
    name, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("export", "Save as PNG"),
        suggested,
        QCoreApplication.translate("export", "PNG images (*.png)"),
    )
    if not name:
        return None
    saved = save_png(image, name)
    if saved is None:
        warn(
            parent,
            QCoreApplication.translate("export", "Could not save the image"),
            QCoreApplication.translate(
                "export", "The image could not be written to {path}; choose another folder."
            ).format(path=shown(name)),
        )
    return saved


def add_export_menu(
    widget: QWidget, describe: Callable[[], Caption], name: Callable[[], str] | str = "digitpad"
) -> None:
    """Give `widget` a right-click menu: Copy image, Save as PNG… (captioned by `describe`)."""
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_menu(at: QPoint) -> None:
        menu = QMenu(widget)
        copy = menu.addAction(QCoreApplication.translate("export", "Copy image"))
        save = menu.addAction(QCoreApplication.translate("export", "Save as PNG…"))
        chosen = menu.exec(widget.mapToGlobal(at))
        if chosen is None:
            return
        image = captioned(widget, describe())
        if chosen is copy:
            copy_image(image)
        elif chosen is save:
            export_dialog(widget, image, (name() if callable(name) else name) + ".png")

    widget.customContextMenuRequested.connect(show_menu)
