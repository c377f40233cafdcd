"""The window's settings file, read and written by digitpad itself; QSettings edits a copy.

QSettings opens its INI file however it finds it: a FIFO in its place kept the
window from ever coming up (the read blocks), and a link to a file outside the
data folder made the window write its settings into the link's target. So the
settings file is handled like `choices.json`: read only if it is a regular
file and not a link (`files.open_regular`), at most `MAX_BYTES`; QSettings
works on a private copy in a temporary folder; `sync` publishes that copy
with `files.write_atomic`, which replaces whatever is in place (a link, a FIFO)
with a file of its own and never writes through it. What another window wrote
meanwhile is read back before publishing, and this window's own changes since
its last save (kept by `set_value` and `remove`) are applied over it again; that
read, merge and publish run under a lock between processes (`core.file_lock`, on
`<settings file>.lock`, as for `choices.json`), so two windows saving at once do
not lose each other's keys (135 of 300 were lost without it).

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
from typing import Any, ClassVar

from PySide6.QtCore import QSettings

from digitpad.core.file_lock import LockTimeout, locked
from digitpad.core.files import open_regular, write_atomic

MAX_BYTES = 256 * 1024  # a settings file takes a few hundred bytes; geometry is the largest
LOCK_TIMEOUT = 10.0  # seconds a window waits for another's save (as for choices.json)
_REMOVED = object()  # a change that removed its key

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
        self._changes: dict[str, Any] = {}  # set or removed here since the last save

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

    def set_value(self, key: str, value: Any) -> None:
        """Set `key` (kept as a change of this window's until it is saved)."""
        self._changes[key] = value
        self.qsettings.setValue(key, value)

    def remove(self, key: str) -> None:
        """Remove `key` (kept as a change of this window's until it is saved)."""
        self._changes[key] = _REMOVED
        self.qsettings.remove(key)

    def refresh(self) -> None:
        """Take in what the file holds now if it changed since it was last read or written
        here, with this window's changes not yet saved kept over it."""
        now = self._read()
        if now is not None and now != self._published:
            self._take_in(now)

    def _take_in(self, data: bytes) -> None:
        """Another window's settings (`data`, the file's) in the copy, this window's changes
        since it last saved applied over them again. (Not left to QSettings' own merge: it
        may have written the copy already, on its own timer, and then has nothing to merge.)"""
        self._replace_copy(data)
        self._published = data
        self.qsettings.sync()  # reads the copy
        for key, value in self._changes.items():
            if value is _REMOVED:
                self.qsettings.remove(key)
            else:
                self.qsettings.setValue(key, value)

    def _replace_copy(self, data: bytes) -> None:
        """Put `data` in the copy so that QSettings reads it at its next sync. QSettings
        re-reads its file only when its size or time differs from when it last read or wrote
        it, and another window's settings can have the same size and be written within the
        same millisecond: the copy's time is moved a second on, so it always differs."""
        before = self.copy.stat()
        self.copy.write_bytes(data)
        os.utime(self.copy, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))

    def sync(self) -> None:
        """Write the settings changed here to the file, merged over what it holds now, under
        the lock. Another window keeping the lock LOCK_TIMEOUT seconds: not saved now (the
        changes are kept for the next save, said in the log); a lock file that cannot be
        opened at all (a read-only folder, a link in its place): saved without it."""
        try:
            with locked(self.path.with_name(self.path.name + ".lock"), LOCK_TIMEOUT):
                self._merge_and_publish()
                return
        except LockTimeout:
            log.warning("not saving the settings now: another window keeps them locked")
            return
        except OSError as exc:
            log.warning("saving the settings without their lock (%s)", exc)
        self._merge_and_publish()

    def _merge_and_publish(self) -> None:
        now = self._read()
        if now is not None and now != self._published:
            self._take_in(now)
        self.qsettings.sync()
        try:
            data = self.copy.read_bytes()
        except OSError as exc:
            log.warning("could not read back the settings (%s)", exc)
            return
        in_place = now is not None or os.path.lexists(self.path)  # a file, link or FIFO
        if data == (now or b"") and (now is not None or not in_place):
            self._changes.clear()  # the file already holds them (or there is nothing to keep)
            return
        try:
            write_atomic(self.path, data, suffix=".tmp")
        except OSError as exc:
            log.warning("could not save the settings in %s (%s)", self.path, exc)
            return
        self._published = data
        self._changes.clear()
