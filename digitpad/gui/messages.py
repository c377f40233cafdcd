"""The message boxes digitpad shows: a warning, the one question asked before something that
cannot be undone (deleting a model, a run, samples), the About box.

Every box goes through here so that what it says is shown as written: a sentence naming a
file holds the file's name, which may hold markup (`labels.as_written`). Qt's own static
functions do the showing (tests replace them, so no box blocks a test).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from digitpad.gui.labels import as_written


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning with an OK button; `text` is shown as written, whatever it holds."""
    QMessageBox.warning(parent, title, as_written(text))


def confirmed(parent: QWidget, title: str, question: str) -> bool:
    """Ask `question` (Yes or No, with No the default so that Enter keeps everything); True
    only if the user answers Yes."""
    answer = QMessageBox.question(
        parent,
        title,  # a window title is never read as HTML
        as_written(question),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def about(parent: QWidget, title: str, rich_text: str) -> None:
    """The About box: digitpad's own words, in HTML on purpose (no text from a file)."""
    QMessageBox.about(parent, title, rich_text)
