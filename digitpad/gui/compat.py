"""Work-arounds for two PySide6 defects that would crash digitpad; each is detected, not assumed.

1. PySide6 6.12.0 on Python < 3.12 returns ``None`` (and ``True``/``False``
   from ``Signal.emit``) without taking a new reference, as if those objects
   were immortal, which they only are from Python 3.12. Every ``update()``,
   ``processEvents()`` or ``emit()`` then lowers their reference count by one
   until Python aborts with "Fatal Python error: none_dealloc" (a few thousand
   calls: seconds of drawing). PySide6 6.11.3 does not do this. If a void call
   is seen to leak, we give the three singletons a reference count they cannot
   exhaust, which is what Python 3.12 does for them anyway.

2. PySide replaces ``builtins.__import__`` with ``__feature_import__`` (it
   serves only ``from __feature__ import …``, which digitpad never uses). It
   swaps ``builtins.__import__`` back and forth without a lock and reads each
   new module's source. TensorFlow's first import on a worker thread then races
   imports on the GUI thread (reference-count corruption, crashes) and takes
   about 1.5 s longer. PySide keeps the import it wrapped in
   ``builtins.__orig_import__``; `restore_plain_import` puts that back.
"""

from __future__ import annotations

import builtins
import ctypes
import sys

PROBE_CALLS = 64
HEADROOM = 1 << 48  # references added: ~9 years of a million leaked references a second


def pyside_leaks_none() -> bool:
    """True when calling a void PySide method lowers None's reference count."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= PROBE_CALLS // 2


def guard_singleton_refcounts() -> bool:
    """Make None, True and False effectively immortal if PySide leaks them. True if applied."""
    if sys.version_info >= (3, 12) or not pyside_leaks_none():
        return False
    if getattr(builtins, "_digitpad_singletons_guarded", False):
        return True
    for obj in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(obj)).value += HEADROOM
    builtins._digitpad_singletons_guarded = True  # type: ignore[attr-defined]
    return True


def restore_plain_import() -> None:
    """Undo PySide's ``__feature_import__`` hook if it is the one installed (see above)."""
    feature_import = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if (
        original is not None
        and feature_import is not None
        and builtins.__import__ is feature_import
    ):
        builtins.__import__ = original
