"""Where a long job's dialog opens: beside the pad and the prediction, never over them.

Training, fine-tuning and evaluating run while the class keeps drawing, so
their dialogs must leave in sight what the network reads: the pad and the
prediction beside it (`keep_clear`, the window's central widget). `place_beside`
puts a dialog beside the main window. A window in its normal state moves to
the screen's edge, and narrows down to its least size if it must, to make
room (as the window widens for the inside view). A maximized or full-screen
window does the same for as long as the dialog shows (on a 1366-px screen
there is no other room): it steps back into its normal state beside the
dialog, and `StateKeeper` returns it to maximized or full screen when the
dialog is closed, unless the user has moved or resized it meanwhile. Only
when even the window's least width and the dialog's do not fit side by side
does the dialog go over the window: over its docks if any are open, else
over the far side of the prediction.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
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
    """Move and size `dialog` so it does not cover `keep_clear` (the pad and the prediction)
    when possible.

    Tried in turn: right of the window, then left of it, with room for three
    quarters of the dialog's preferred width (and at least its least); else the
    window makes room (`_make_room`; a maximized or full-screen window leaves
    that state for it, see the module's note); else, over the window, right of
    `keep_clear`, then left of it, at the dialog's least width or more. Returns
    the frame rectangle chosen (screen coordinates). `screen` (its available
    area) defaults to the window's screen's.
    """
    if screen is None:
        screen = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    margins = _frame_margins(window)  # the dialog's own frame is not known before it shows
    preferred = dialog.size().expandedTo(dialog.sizeHint()) + margins
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize()) + margins
    clear = global_rect(keep_clear)
    frame = window.frameGeometry()
    comfortable = max(least.width(), preferred.width() * 3 // 4)  # not squeezed to its least
    chosen = _first_space(frame, clear, screen, comfortable, beside_pad=False)
    if chosen is None and _room_left(window, least.width(), screen, margins):
        before = frame
        frame = _make_room(window, least.width(), preferred.width(), screen, margins)
        clear.translate(frame.topLeft() - before.topLeft())  # it moved with the window
        chosen = _first_space(frame, clear, screen, least.width(), beside_pad=False)
    if chosen is None:  # over the window, beside what must stay clear: the docks
        chosen = _first_space(frame, clear, screen, least.width())
    if chosen is not None:
        left, right = chosen
        width = min(preferred.width(), right - left + 1)
        x = left if left > clear.right() else right - width + 1
    else:  # no room anywhere: the screen's right edge, at the least width
        width = least.width()
        x = screen.right() - width + 1
    height = max(least.height(), min(preferred.height(), screen.height()))
    y = min(max(frame.top(), screen.top()), screen.bottom() - height + 1)
    dialog.resize(width - margins.width(), height - margins.height())
    dialog.move(x, y)
    return QRect(x, y, width, height)


def _first_space(
    frame: QRect, clear: QRect, screen: QRect, width: int, *, beside_pad: bool = True
) -> tuple[int, int] | None:
    """(left, right) of the first space `width` wide beside the window, else (`beside_pad`)
    over the window beside what must stay clear."""
    spaces = [
        (frame.right() + 1 + GAP, screen.right()),
        (screen.left(), frame.left() - 1 - GAP),
    ]
    if beside_pad:
        spaces += [
            (clear.right() + 1 + GAP, min(screen.right(), frame.right())),
            (max(screen.left(), frame.left()), clear.left() - 1 - GAP),
        ]
    return next(((left, right) for left, right in spaces if right - left + 1 >= width), None)


def _window_least(window: QWidget, margins: QSize) -> int:
    return window.minimumSizeHint().expandedTo(window.minimumSize()).width() + margins.width()


def _room_left(window: QWidget, least: int, screen: QRect, margins: QSize) -> bool:
    """Whether the window at its least width and the dialog at `least` fit side by side."""
    return _window_least(window, margins) + GAP + least <= screen.width()


def _make_room(window: QWidget, least: int, preferred: int, screen: QRect, margins: QSize) -> QRect:
    """The window moves to the screen's left edge and narrows if it must (never below its
    least size), so the dialog fits beside it, at its preferred width if it can; a maximized
    or full-screen window first goes back to its normal state, as tall as the screen. The
    window's new frame."""
    frame = window.frameGeometry()
    dialog_width = min(preferred, screen.width() - GAP - _window_least(window, margins))
    if dialog_width < least:
        return frame  # no room even so: the dialog goes over the window
    top, height, width = frame.top(), frame.height(), frame.width()
    if window.isMaximized() or window.isFullScreen():
        window.showNormal()
        top, height, width = screen.top(), screen.height(), screen.width()
    width = min(width, screen.width() - GAP - dialog_width)
    window.resize(width - margins.width(), height - margins.height())
    window.move(screen.left(), top)
    return QRect(screen.left(), top, width, height)


class StateKeeper(QObject):
    """Gives a maximized or full-screen window its state back once `dialog` is closed (see
    `place_beside`), unless the user moved or resized the window in between."""

    def __init__(self, window: QWidget, dialog: QWidget, state: Qt.WindowState) -> None:
        super().__init__(dialog)
        self.window, self.state = window, state
        self.placed = window.geometry()
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide:
            watched.removeEventFilter(self)
            normal = self.window.windowState() == Qt.WindowState.WindowNoState
            if normal and self.window.geometry() == self.placed:
                if self.state & Qt.WindowState.WindowFullScreen:
                    self.window.showFullScreen()
                else:
                    self.window.showMaximized()
            self.deleteLater()
        return False


def show_beside(dialog: QWidget, window: QWidget, keep_clear: QWidget) -> None:
    """Place `dialog` beside `keep_clear` (`place_beside`); a window that had to leave its
    maximized or full-screen state gets it back when the dialog closes."""
    state = window.windowState()
    place_beside(dialog, window, keep_clear)
    stepped_aside = window.windowState() == Qt.WindowState.WindowNoState
    if stepped_aside and state & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        StateKeeper(window, dialog, state)


def fit_on_screen(dialog: QWidget, parent: QWidget | None = None) -> None:
    """Shrink `dialog` to its screen's available room (a 1366×728 desktop is smaller than the
    size it asks for), never below its least size, and keep it on that screen."""
    parent = parent or dialog.parentWidget()
    host = parent.window() if parent is not None else dialog
    screen = (host.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    margins = _frame_margins(host)
    room = QSize(screen.width(), screen.height()) - margins
    least = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    size = dialog.size().boundedTo(room).expandedTo(least)
    if size != dialog.size():
        dialog.resize(size)
    frame = QRect(dialog.pos(), size + margins)
    if not screen.contains(frame):
        x = min(max(frame.left(), screen.left()), screen.right() - frame.width() + 1)
        y = min(max(frame.top(), screen.top()), screen.bottom() - frame.height() + 1)
        dialog.move(max(screen.left(), x), max(screen.top(), y))
