"""Threads for the window's background work, and TensorFlow's import onto one of them.

- `start_thread`: every job runs on a plain Python thread of its own, tracked so
  the app can wait for them at exit, at a lower CPU priority than the GUI.
- `run_in_background`: a one-shot call (load, save, summarize) whose result or
  error comes back on the GUI thread through a queued signal.
- `import_tensorflow`: TensorFlow's import, once, on a worker, without stalling
  the GUI thread; only when a job first needs it (training, fine-tuning, or a
  model only Keras can run: the window reads drawings in NumPy).

Why plain threads and not superqt's `create_worker`: superqt runs workers on
Qt's global thread pool, which reuses OS threads. PySide gives each run a fresh
Python thread state on the reused OS thread, while TensorFlow keeps
per-OS-thread state pointing into the previous one: the second model loaded on
a reused pool thread segfaults while tracing (TensorFlow 2.21 with PySide6
6.11 and 6.12; `tests/gui/test_workarounds.py` says when that is no longer so). A new
thread per job, whose thread state lives as long as the thread, avoids that.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal

from digitpad.core.quiet_tf import stderr_silenced
from digitpad.gui.workarounds import restore_plain_import

T = TypeVar("T")
log = logging.getLogger(__name__)

_IMPORT_LOCK = threading.Lock()
_tensorflow_ready = False

_THREADS: set[threading.Thread] = set()  # background threads still running
_THREADS_LOCK = threading.Lock()
WORKER_NICENESS = 10  # background threads yield the CPU to the GUI thread
EXIT_WAIT_S = 15.0  # at interpreter exit, how long background threads get to end


def _wait_at_exit() -> None:
    """Before the interpreter tears down (Qt's objects with it), let background threads
    end: a daemon thread still reading a model when a script's event loop returns (the
    window closed right after launch) crashed the process on its way out."""
    wait_for_background_threads(EXIT_WAIT_S)


atexit.register(_wait_at_exit)


def start_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """Run `target` on a new daemon thread, tracked so the app can wait for it at exit.

    Daemon, so a thread stuck in a network call cannot keep the process alive
    for ever; `wait_for_background_threads` gives every thread its chance first.
    """
    restore_plain_import()  # imports on worker threads must not race PySide's hook

    def run() -> None:
        _lower_thread_priority()
        try:
            target()
        finally:
            with _THREADS_LOCK:
                _THREADS.discard(thread)

    thread = threading.Thread(target=run, name=f"digitpad-{name}", daemon=True)
    with _THREADS_LOCK:
        _THREADS.add(thread)
    thread.start()
    return thread


def _lower_thread_priority() -> None:
    """Give the calling (worker) thread a lower CPU priority than the GUI thread.

    On a machine busy with other work (two cores, another training run), the GUI
    thread then gets the CPU first when it has something to do. TensorFlow's
    own thread pools are created from these threads and inherit the priority.
    Measured with benchmarks/responsiveness.py beside another training process:
    worst GUI-timer lateness while training 35–80 ms at equal priority, 38 ms
    with workers at nice +10. Linux only: there a thread id names one thread.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


def background_threads() -> list[threading.Thread]:
    with _THREADS_LOCK:
        return list(_THREADS)


def wait_for_background_threads(timeout: float) -> bool:
    """Join the running background threads within `timeout` seconds in all; True if all ended."""
    deadline = time.monotonic() + timeout
    for thread in background_threads():
        thread.join(max(0.0, deadline - time.monotonic()))
    return not background_threads()


def import_tensorflow() -> None:
    """Import TensorFlow and Keras once, from one thread at a time, without GC pauses.

    Two threads importing TensorFlow for the first time at once (say, the
    start-up model load and a quickly started training) can see a half-
    initialised module; a lock makes the second wait for the first.

    TensorFlow brings about a million long-lived objects. A full garbage
    collection walks them all (~130 ms here) while holding the GIL, on
    whichever thread triggers it, so the GUI thread stalls that long. The
    collector is paused during the import, and what the import created is then
    frozen (`gc.freeze`): later collections only walk newer objects.
    """
    global _tensorflow_ready
    with _IMPORT_LOCK:
        if _tensorflow_ready:
            return
        enabled = gc.isenabled()
        gc.disable()
        try:
            # TensorFlow's C++ start-up notices would land on the user's terminal.
            with stderr_silenced():
                _preload_tensorflow_libraries()
                import keras  # noqa: F401
                import tensorflow

                tensorflow.config.list_physical_devices()  # the CUDA probe logs here
        finally:
            gc.freeze()
            if enabled:
                gc.enable()
        _tensorflow_ready = True


def _preload_tensorflow_libraries() -> None:
    """Map TensorFlow's big shared libraries (1.2 GB here) without holding the GIL.

    Importing TensorFlow's first extension module makes the dynamic loader map
    and relocate them (~250 ms here) inside the import, which holds the GIL: the
    GUI thread would freeze that long. `dlopen` called through ctypes releases
    the GIL; once mapped, the import finds them loaded. Linux only, best effort:
    any failure just leaves the work to the import.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import importlib.util

        spec = importlib.util.find_spec("tensorflow")
        if spec is None or spec.origin is None:
            return
        root = Path(spec.origin).parent
        libc = ctypes.CDLL(None)
        libc.dlopen.restype = ctypes.c_void_p
        libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        patterns = (
            "libtensorflow_framework.so.*",
            "libtensorflow_cc.so.*",
            "python/lib_pywrap_*.so",
        )
        for pattern in patterns:
            for lib in sorted(root.glob(pattern)):
                libc.dlopen(str(lib).encode(), os.RTLD_NOW | os.RTLD_LOCAL)  # never closed
    except (OSError, AttributeError, ImportError, ValueError):
        log.debug("could not preload TensorFlow's libraries", exc_info=True)


class _Relay(QObject):
    """Carries one job's outcome from its thread to the GUI thread (queued signals)."""

    returned = Signal(object)
    errored = Signal(object)
    done = Signal()


def run_in_background(
    fn: Callable[..., T],
    *args: Any,
    on_done: Callable[[T], object],
    on_error: Callable[[Exception], object],
) -> threading.Thread:
    """Run `fn(*args)` on a new thread; `on_done(result)` or `on_error(exc)` follow on the GUI."""
    # Parented to the application so it lives (in the GUI thread) until its signals are
    # delivered, and is then deleted there, never from the worker.
    relay = _Relay(QCoreApplication.instance())
    relay.returned.connect(on_done)
    relay.errored.connect(on_error)
    relay.done.connect(relay.deleteLater)

    def job() -> None:
        try:
            result = fn(*args)
        except Exception as exc:
            relay.errored.emit(exc)
        else:
            relay.returned.emit(result)
        finally:
            relay.done.emit()

    return start_thread(job, getattr(fn, "__name__", "job"))
