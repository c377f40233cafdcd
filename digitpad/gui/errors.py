"""One sentence for a dialog when background work fails.

Errors from core (`DigitpadError`) already are that sentence, in the user's
language; only the advice on where MNIST is gets the window's words (core's
names the command line's ``--data``). Anything else is unexpected: it is
logged with its traceback for a bug report, and the user gets what the app
was doing and the first line of the error, never a traceback.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from digitpad.core.errors import DataError, DigitpadError

log = logging.getLogger(__name__)

# What the app was doing, for "… while {doing}" (translated where the sentence is built).
ACTIVITIES = (
    QT_TRANSLATE_NOOP("Activity", "working"),
    QT_TRANSLATE_NOOP("Activity", "saving"),
    QT_TRANSLATE_NOOP("Activity", "loading the model"),
    QT_TRANSLATE_NOOP("Activity", "reading the model"),
    QT_TRANSLATE_NOOP("Activity", "recognizing the drawing"),
    QT_TRANSLATE_NOOP("Activity", "training"),
    QT_TRANSLATE_NOOP("Activity", "fine-tuning"),
    QT_TRANSLATE_NOOP("Activity", "evaluating on the test set"),
)


def describe_error(exc: BaseException, doing: str) -> str:
    """One sentence for a dialog. `doing` (one of ACTIVITIES) completes "… while {doing}"."""
    if isinstance(exc, DataError) and exc.needs_source:
        # Core's advice names the command line's --data; the window has its own control.
        return exc.worded(
            QCoreApplication.translate(
                "describe_error",
                "choose “Local folder” in Model ▸ Train model… and pick a folder with the "
                "four MNIST IDX files, or a mnist.npz",
            )
        )
    if isinstance(exc, DigitpadError):
        return str(exc)  # already one sentence, in the language of core.i18n
    activity = QCoreApplication.translate("Activity", doing)
    if isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError":
        return QCoreApplication.translate(
            "describe_error",
            "There was not enough memory for {doing}; close other programs or, "
            "for training, choose a smaller batch size.",
        ).format(doing=activity)
    log.error("Unexpected error while %s", doing, exc_info=exc)
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    return QCoreApplication.translate(
        "describe_error", "Something went wrong while {doing} ({error}: {detail})."
    ).format(doing=activity, error=type(exc).__name__, detail=detail)
