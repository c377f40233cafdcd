"""A status-bar notice with an Undo button: what was just done, and a way back.

Keeping a drawing as a sample takes one click on a chart column, which a
teacher pointing at a bar does by accident. Rather than ask every time, the
window says what it kept and offers Undo for a few seconds (`offer`). The
notice is a permanent status-bar widget, so other status messages do not
hide it; its text is made by a function, so a language switch re-words it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from digitpad.gui.i18n import Retranslating

SHOWN_MS = 12_000


class UndoNotice(Retranslating, QWidget):
    """One undoable action at a time; a newer one replaces the older (which stays done)."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.setObjectName("undo_notice")
        self.label = QLabel()
        self.button = QPushButton()
        self.button.setObjectName("undo_notice_button")
        self.button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        self._text: Callable[[], str] = str
        self._undo: Callable[[], object] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        status_bar.addPermanentWidget(self)
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Undo"))
        self.label.setText(self._text())

    def offer(self, text: Callable[[], str], undo: Callable[[], object]) -> None:
        """Say `text()` with an Undo button that calls `undo` (for SHOWN_MS)."""
        self._text, self._undo = text, undo
        self.label.setText(text())
        self.button.setToolTip(self.tr("Take it back"))
        self.show()
        self._timer.start(SHOWN_MS)

    @Slot()
    def undo(self) -> None:
        action, self._undo = self._undo, None
        self.dismiss()
        if action is not None:
            action()

    @Slot()
    def dismiss(self) -> None:
        self._timer.stop()
        self._undo = None
        self.hide()
