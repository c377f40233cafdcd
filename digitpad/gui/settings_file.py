"""The window's settings file, read and written by digitpad itself; QSettings edits a copy.

QSettings opens its INI file however it finds it: a FIFO in its place kept the
window from ever coming up (the read blocks), and a link to a file outside the
data folder made the window write its settings into the link's target. So the
settings file is handled like `choices.json`: read only if it is a regular
file and not a link (`files.open_regular`), at most `MAX_BYTES`; QSettings
works on a private copy in a temporary folder; `sync` publishes that copy
with `files.write_atomic`, which replaces whatever is in place (a link, a FIFO)
with a file of its own and never writes through it. What another window wrote
meanwhile is read back before publishing, so QSettings merges its own changes
over it as it always does.

As with QSettings, every `Settings` of one process shares one copy per file
(`SettingsFile.shared`): a second one sees what the first set before it was saved.

Used where the settings are a file: an INI file in ``DIGITPAD_HOME``, or the
platform's own store where that is an INI file (Linux and other Unixes). The
Windows registry and macOS preferences are not files digitpad opens, and stay
QSettings' own.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import weakref
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QSettings

from digitpad.core.files import open_regular, write_atomic

MAX_BYTES = 256 * 1024  # a settings file takes a few hundred bytes; geometry is the largest

log = logging.getLogger(__name__)


def settings_path() -> Path | None:
    """The file QSettings would use for digitpad's settings, where that is a file: None for
    the Windows registry and macOS preferences."""
    probe = QSettings("digitpad", "digitpad")
    native = probe.format() == QSettings.Format.NativeFormat
    if native and sys.platform in ("win32", "darwin"):
        return None
    return Path(probe.fileName())


class SettingsFile:
    """The settings file at `path` and the QSettings that edits a private copy of it."""

    _open: ClassVar[weakref.WeakValueDictionary[Path, SettingsFile]] = weakref.WeakValueDictionary()

    @classmethod
    def shared(cls, path: Path) -> SettingsFile:
        """The one `SettingsFile` of this process for `path` (made when none is in use), with
        what another process wrote since merged in."""
        found = cls._open.get(path)
        if found is None:
            found = cls._open[path] = cls(path)
        else:
            found.refresh()
        return found

    def __init__(self, path: Path) -> None:
        self.path = path
        self._folder = tempfile.TemporaryDirectory(prefix="digitpad-settings-")
        self.copy = Path(self._folder.name) / "settings.ini"
        self._published = self._read() or b""
        self.copy.write_bytes(self._published)
        self.qsettings = QSettings(str(self.copy), QSettings.Format.IniFormat)

    def _read(self) -> bytes | None:
        """The file's bytes if it is a regular file of at most MAX_BYTES, else None (said
        once in the log; the window then starts from the defaults)."""
        try:
            with open_regular(self.path, follow_links=False) as f:
                data = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("not reading the settings in %s (%s)", self.path, exc)
            return None
        if len(data) > MAX_BYTES:
            log.warning("not reading the settings in %s (over %d bytes)", self.path, MAX_BYTES)
            return None
        return data

    def refresh(self) -> None:
        """Take in what the file holds now if it changed since it was last read or written
        here (QSettings merges the changes not yet saved over it)."""
        now = self._read()
        if now is not None and now != self._published:
            self.copy.write_bytes(now)
            self._published = now
            self.qsettings.sync()

    def sync(self) -> None:
        """Write the settings changed here to the file (merged over what it holds now)."""
        now = self._read()
        if now is not None and now != self._published:
            self.copy.write_bytes(now)  # another window's: QSettings re-reads, then merges
        self.qsettings.sync()
        try:
            data = self.copy.read_bytes()
        except OSError as exc:
            log.warning("could not read back the settings (%s)", exc)
            return
        in_place = now is not None or os.path.lexists(self.path)  # a file, link or FIFO
        if data == (now or b"") and (now is not None or not in_place):
            return  # the file already holds these settings (or there is none and none to keep)
        try:
            write_atomic(self.path, data, suffix=".tmp")
        except OSError as exc:
            log.warning("could not save the settings in %s (%s)", self.path, exc)
            return
        self._published = data
