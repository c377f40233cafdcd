"""Work-arounds for defects of PySide6 that would crash digitpad, each naming its version.

`tests/gui/test_workarounds.py` checks each against the installed library and
fails with "no longer needed" once the defect is gone, so none outlives its reason.

1. PySide6 6.12.0 on Python < 3.12 returns ``None`` (and ``True``/``False``
   from ``Signal.emit``) without taking a new reference, as if those objects
   were immortal (they are only from Python 3.12): Python aborts with "Fatal
   Python error: none_dealloc" after seconds of drawing. pyproject.toml
   excludes that release; should it be installed anyway, digitpad refuses to
   start with one sentence (`unsupported_qt`) rather than crash later.

2. PySide replaces ``builtins.__import__`` with ``__feature_import__`` (it
   serves only ``from __feature__ import …``, which digitpad never uses) and
   swaps it back and forth without a lock. TensorFlow's first import on a worker
   thread then races imports on the GUI thread (reference-count corruption,
   crashes) and takes about 1.5 s longer. PySide keeps the import it wrapped in
   ``builtins.__orig_import__``; `restore_plain_import` puts that back. Seen
   with PySide6 6.6 to 6.12.
"""

from __future__ import annotations

import builtins
import sys

from digitpad.core.i18n import _

BROKEN_PYSIDE = ((6, 12, 0), (3, 12))  # this release leaks None/True/False before Python 3.12


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def unsupported_qt(pyside_version: str, python: tuple[int, int] | None = None) -> str | None:
    """Why digitpad cannot run on this PySide6 (one sentence), or None when it can."""
    python = python or (sys.version_info[0], sys.version_info[1])
    release, fixed_python = BROKEN_PYSIDE
    if _version(pyside_version) == release and python < fixed_python:
        return _(
            "PySide6 {version} crashes on Python {python}; install another release of "
            "PySide6 (any but {version})."
        ).format(version=pyside_version, python=f"{python[0]}.{python[1]}")
    return None


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
