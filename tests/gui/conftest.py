"""GUI test set-up: message boxes that never block, a loaded main window, real mouse strokes.

The root conftest already sets QT_QPA_PLATFORM=offscreen and gives every test
its own DIGITPAD_HOME (so its own settings file and models folder).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QMessageBox

from digitpad.gui.runtime import wait_for_background_threads
from digitpad.gui.window.main_window import MainWindow

LOAD_TIMEOUT_MS = 60_000


@dataclass
class Messages:
    """Every QMessageBox a test triggered: (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _, text in self.shown if kind is None or k == kind]


@pytest.fixture(autouse=True)
def english(qapp) -> Iterator[None]:
    """Every GUI test starts in English, as `digitpad --lang en` would (plural forms too)."""
    from digitpad.gui.i18n import apply_language

    apply_language("en")
    yield
    apply_language("en")


@pytest.fixture(autouse=True)
def no_thread_outlives_its_test() -> Iterator[None]:
    """A window's model load still running must not import TensorFlow into the next test.

    Two threads importing TensorFlow at once can deadlock Python's import locks
    (a test in tests/core importing it on the main thread meets a window's
    loader thread left over from here).
    """
    yield
    wait_for_background_threads(60)


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Record message boxes instead of showing them (a modal box would block the test)."""
    record = Messages()

    def fake(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(parent: object, title: str, text: str, *args: object, **kwargs: object):
            record.shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))
    return record


def wait_for_workers() -> None:
    assert wait_for_background_threads(30), "a worker thread did not finish"


@pytest.fixture
def make_window(qtbot) -> Iterator[Callable[..., MainWindow]]:
    """Build, show and (at the end) close main windows; waits for the model unless told not to."""
    windows: list[MainWindow] = []

    def make(*, wait: bool = True, **kwargs: object) -> MainWindow:
        window = MainWindow(**kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        if wait:
            qtbot.waitUntil(lambda: window.predictor is not None, timeout=LOAD_TIMEOUT_MS)
        return window

    yield make
    for window in windows:
        dialog = window.dialogs.train_dialog
        if dialog is not None and dialog.is_running():
            dialog.stop_and_wait(30)
        window.close()
    wait_for_workers()


@pytest.fixture
def window(make_window) -> MainWindow:
    """The main window with the default (bundled) model loaded."""
    return make_window()
