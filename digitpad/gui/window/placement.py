"""Where a long job's dialog opens: beside the pad, never over it.

Training, fine-tuning and evaluating run while the student keeps drawing, so
their dialogs must leave the pad, and if possible the prediction, in sight.
`place_beside` puts a dialog beside the main window; a window in its normal
state moves to the screen's edge, and narrows down to its least size if it
must, to make room (as the window widens for the inside view). A maximized
or full-screen window is left as it is: the dialog goes over its far side
from the pad (the prediction panel). Only when even the dialog's least width
does not fit beside the pad does it overlap the pad at all.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

GAP = 8  # pixels between the dialog and what it stands beside


def _frame_margins(window: QWidget) -> QSize:
    """How much wider and taller a window's frame is than its contents (0 before it shows)."""
    frame, inner = window.frameGeometry(), window.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def global_rect(widget: QWidget) -> QRect:
    """`widget`'s rectangle in screen coordinates."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def place_beside(
    dialog: QWidget, window: QWidget, keep_clear: QWidget, *, screen: QRect | None = None
) -> QRect:
    """Move and size `dialog` so it does not cover `keep_clear` (the pad) when possible.

    Tried in turn: right of the window, then left of it, with room for three
    quarters of the dialog's preferred width (and at least its least); else a
    window in its normal state makes room (`_make_room`); else, over the
    window, right of the pad, then left of it, at the dialog's least width or
    more. Returns the frame rectangle chosen (screen coordinates). `screen` (its
    available area) defaults to the window's screen's.
    """
    if screen is None:
        screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    margins = _frame_margins(window)  # the dialog's own frame is not known before it shows
    preferred = dialog.size().expandedTo(dialog.sizeHint()) + margins
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize()) + margins
    pad = global_rect(keep_clear)
    frame = window.frameGeometry()
    comfortable = max(least.width(), preferred.width() * 3 // 4)  # not squeezed to its least
    chosen = _first_space(frame, pad, screen, comfortable, beside_pad=False)
    if chosen is None and not (window.isMaximized() or window.isFullScreen()):
        before = frame
        frame = _make_room(window, least.width(), preferred.width(), screen, margins)
        pad.translate(frame.topLeft() - before.topLeft())  # it moved with the window
        chosen = _first_space(frame, pad, screen, least.width(), beside_pad=False)
    if chosen is None:  # over the window, beside the pad: the prediction panel
        chosen = _first_space(frame, pad, screen, least.width())
    if chosen is not None:
        left, right = chosen
        width = min(preferred.width(), right - left + 1)
        x = left if left > pad.right() else right - width + 1
    else:  # no room anywhere: the screen's right edge, at the least width
        width = least.width()
        x = screen.right() - width + 1
    height = max(least.height(), min(preferred.height(), screen.height()))
    y = min(max(frame.top(), screen.top()), screen.bottom() - height + 1)
    dialog.resize(width - margins.width(), height - margins.height())
    dialog.move(x, y)
    return QRect(x, y, width, height)


def _first_space(
    frame: QRect, pad: QRect, screen: QRect, width: int, *, beside_pad: bool = True
) -> tuple[int, int] | None:
    """(left, right) of the first space `width` wide beside the window, else (`beside_pad`)
    beside the pad."""
    spaces = [
        (frame.right() + 1 + GAP, screen.right()),
        (screen.left(), frame.left() - 1 - GAP),
    ]
    if beside_pad:
        spaces += [(pad.right() + 1 + GAP, screen.right()), (screen.left(), pad.left() - 1 - GAP)]
    return next(((left, right) for left, right in spaces if right - left + 1 >= width), None)


def _make_room(window: QWidget, least: int, preferred: int, screen: QRect, margins: QSize) -> QRect:
    """A window in its normal state moves to the screen's left edge, and narrows if it must
    (never below its least size), so the dialog fits beside it, at its preferred width if
    it can; the window's new frame."""
    frame = window.frameGeometry()
    window_least = window.minimumSizeHint().expandedTo(window.minimumSize()).width()
    window_least += margins.width()
    dialog_width = min(preferred, screen.width() - GAP - window_least)
    if dialog_width < least:
        return frame  # no room even so: the dialog goes over the window's far side
    width = min(frame.width(), screen.width() - GAP - dialog_width)
    window.move(screen.left(), frame.top())
    window.resize(width - margins.width(), window.height())
    return QRect(screen.left(), frame.top(), width, frame.height())
