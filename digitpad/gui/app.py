"""`digitpad` / `digitpad gui`: create the QApplication, show the window, run, shut down cleanly.

The window appears at once; the model loads in the background (in NumPy:
TensorFlow is imported only when a job trains). On exit we wait (briefly) for
worker threads, so no thread is still inside TensorFlow while the interpreter
shuts down.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from digitpad.core.errors import DigitpadError
from digitpad.gui.workarounds import unsupported_qt

WORKER_EXIT_WAIT_S = 15.0


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists, e.g. when embedded).

    Refuses (`DigitpadError`, one sentence) a PySide6 release known to crash digitpad.
    """
    import PySide6

    problem = unsupported_qt(PySide6.__version__)
    if problem is not None:
        raise DigitpadError(problem)
    # TensorFlow's C++ start-up chatter (oneDNN, CPU features) is noise on a terminal.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    # Every mouse move is a point of a stroke. On X11 Qt merges the moves that queue up while
    # the event loop is busy (the model loading, a training's relay) into the last one, so a
    # 7 drawn then lost its corner; drawn while busy, the stroke now keeps every point. Set
    # after the QApplication exists: the X11 platform turns it on when it starts.
    app.setAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents, False)
    app.setApplicationName("digitpad")
    app.setOrganizationName("digitpad")
    QApplication.setApplicationDisplayName("digitpad")
    return app  # type: ignore[return-value]  # instance() is typed as QCoreApplication


def run(
    model_path: Path | str | None = None,
    argv: Sequence[str] | None = None,
    language: str | None = None,
) -> int:
    """Open the drawing pad (with `model_path`, else the last or default model) until closed.

    `language` ("en", "zh_TW") forces the interface language for this run; otherwise the
    choice remembered from View ▸ Language applies, else the system's.
    """
    app = create_app(argv)
    from digitpad.gui.i18n import apply_language, resolve
    from digitpad.gui.settings import Settings
    from digitpad.gui.window.main_window import MainWindow

    settings = Settings()
    apply_language(resolve(language or settings.language))
    window = MainWindow(model_path=model_path, settings=settings)
    window.show()
    _close_on_ctrl_c(window)
    code = app.exec()
    # Workers check a stop flag; this only waits for them to notice (and for a save in flight).
    from digitpad.gui.runtime import wait_for_background_threads

    wait_for_background_threads(WORKER_EXIT_WAIT_S)
    return int(code)


def _close_on_ctrl_c(window: object) -> None:
    """Ctrl-C in the terminal closes the window the normal way (stopping training first)."""
    signal.signal(signal.SIGINT, lambda *_: window.close())  # type: ignore[attr-defined]
    # Python only runs signal handlers between bytecodes; a idle timer lets it get a turn.
    timer = QTimer(window)  # type: ignore[arg-type]
    timer.start(250)
    timer.timeout.connect(lambda: None)
