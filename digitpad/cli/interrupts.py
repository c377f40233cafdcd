"""Ctrl-C that always ends a command as interrupted, even when a library swallows it.

Python raises KeyboardInterrupt in whatever bytecode runs next after SIGINT.
While TensorFlow imports, that may be a finalizer (the exception is printed
to the silenced stderr and dropped, and the command then runs to the end) or
a C extension's import (NumPy turns it into an ImportError with a page of
advice). So a Ctrl-C is also noted here: the command stops once TensorFlow's
import returns, and an error that follows a Ctrl-C is reported as the
interruption it is.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

_noted = threading.Event()


def _on_ctrl_c(signum: int, frame: FrameType | None) -> None:
    _noted.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def noting_ctrl_c() -> Iterator[None]:
    """Note every Ctrl-C for the duration (it still raises KeyboardInterrupt at once).

    Handlers can only be set on the main thread; elsewhere this does nothing.
    A handler set inside (the window's, training's stop-after-this-batch) takes
    over until it restores this one.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _noted.clear()
    previous = signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


def ctrl_c_noted() -> bool:
    """Whether Ctrl-C was pressed inside `noting_ctrl_c`, whatever became of its exception."""
    return _noted.is_set()


def stop_if_ctrl_c_noted() -> None:
    """Raise the KeyboardInterrupt a library swallowed."""
    if _noted.is_set():
        raise KeyboardInterrupt
