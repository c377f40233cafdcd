"""Where a long job's dialog opens: beside the pad, never over it.

Training, fine-tuning and evaluating run while the student keeps drawing, so
their dialogs must leave the pad in sight. `place_beside` puts a dialog beside
the main window when the screen has room for it, else over the window's far
side from the pad (the prediction panel), narrowed to fit; only when even its
least width does not fit beside the pad does it overlap the pad at all.
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

    Tried in turn: right of the window, left of it, right of the pad, left of
    the pad; the first space that holds the dialog's least width wins, and the
    dialog takes as much of its preferred size as fits there. Returns the frame
    rectangle chosen (screen coordinates). `screen` (its available area) defaults to
    the window's screen's.
    """
    if screen is None:
        screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    margins = _frame_margins(window)  # the dialog's own frame is not known before it shows
    preferred = dialog.size().expandedTo(dialog.sizeHint()) + margins
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize()) + margins
    frame = window.frameGeometry()
    pad = global_rect(keep_clear)
    spaces = [
        (frame.right() + 1 + GAP, screen.right()),
        (screen.left(), frame.left() - 1 - GAP),
        (pad.right() + 1 + GAP, screen.right()),
        (screen.left(), pad.left() - 1 - GAP),
    ]
    for left, right in spaces:
        room = right - left + 1
        if room >= least.width():
            width = min(preferred.width(), room)
            x = left if left > pad.right() else right - width + 1
            break
    else:  # no room anywhere: the screen's right edge, at the least width
        width = least.width()
        x = screen.right() - width + 1
    height = max(least.height(), min(preferred.height(), screen.height()))
    y = min(max(frame.top(), screen.top()), screen.bottom() - height + 1)
    dialog.resize(width - margins.width(), height - margins.height())
    dialog.move(x, y)
    return QRect(x, y, width, height)
