"""Opening and writing the user's files safely, and naming them in sentences.

- `open_regular` refuses anything but a regular file *before* reading it (a FIFO
  would block for ever, a device would never end) and opens with O_NONBLOCK, so
  a file swapped for a FIFO between the check and the open cannot block either.
- `write_atomic` writes a temporary file in the target folder, fsyncs it and
  renames it into place: a kill at any moment leaves the old file or the new one.
- `shown` is how a file name appears in a message: as it is when printable,
  quoted and escaped when it holds control characters (a newline would forge
  an extra output line) or bytes that are not valid in the file-system encoding,
  and cut in the middle when it is longer than a line (`SHOWN_CHARS`).
  `quoted` is the same for any other text a file or a user handed in (a value
  in a network's code, a run's name): always quoted, cut shorter.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from digitpad.core.i18n import _


class NotRegularFileError(OSError):
    """The path names a FIFO, socket or device: never read (it may block or never end)."""


def open_regular(path: Path | str, *, follow_links: bool = True) -> BinaryIO:
    """`path` opened for binary reading, after checking it is a regular file.

    With `follow_links=False` a symbolic link is refused too (NotRegularFileError), for a
    file digitpad owns and rewrites (its settings): what it reads is never another file.
    Raises FileNotFoundError, IsADirectoryError, NotRegularFileError, PermissionError
    (or another OSError); `problem` words them.
    """
    info = os.stat(path) if follow_links else os.lstat(path)  # stat follows, as opening does
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
    no_follow = 0 if follow_links else getattr(os, "O_NOFOLLOW", 0)

    def opener(name: str, flags: int) -> int:
        fd = os.open(name, flags | getattr(os, "O_NONBLOCK", 0) | no_follow)
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat above
            os.close(fd)
            raise NotRegularFileError(errno.EINVAL, "not a regular file", str(path))
        return fd

    # open() with an opener keeps the file's name on the object (Keras uses it).
    return open(path, "rb", opener=opener)  # the caller closes it


def problem(path: Path | str, exc: OSError) -> str:
    """One sentence, naming the file, for why `open_regular(path)` (or reading it) failed."""
    name = shown(path)
    if isinstance(exc, FileNotFoundError):
        return _("{path} does not exist.").format(path=name)
    if isinstance(exc, IsADirectoryError):
        return _("{path} is a folder, not a file.").format(path=name)
    if isinstance(exc, NotRegularFileError):
        return _(
            "{path} is not a regular file (it is a pipe, socket or device), "
            "so digitpad does not read it."
        ).format(path=name)
    if isinstance(exc, PermissionError):
        return _("digitpad is not allowed to read {path}.").format(path=name)
    return _("{path} could not be read ({reason}).").format(path=name, reason=reason(exc))


def reason(exc: OSError) -> str:
    """The operating system's words for `exc` ("No space left on device"), without the path."""
    return exc.strerror or type(exc).__name__


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte the file-system encoding could not decode
        return f"\\x{code - 0xDC00:02x}"
    if char in "\\'":
        return "\\" + char
    if char.isprintable():
        return char
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _decoded(path: Path | str | bytes) -> str:
    if isinstance(path, bytes):
        return os.fsdecode(path)
    return os.fspath(path)


def needs_escaping(text: str) -> bool:
    return not text.isprintable()  # also true for undecodable bytes (lone surrogates)


SHOWN_CHARS = 160  # a path longer than this is cut in the middle (its start and its name stay)
QUOTED_CHARS = 40  # a value echoed from a file: what a sentence needs to say which one


def cut(text: str, limit: int) -> str:
    """`text` at most `limit` characters long: the middle of a longer one becomes "…"."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def shown(path: Path | str | bytes, limit: int = SHOWN_CHARS) -> str:
    """`path` (or a name read from a file, such as a layer's) for a message: unchanged when
    printable, else 'quoted' with escapes; cut in the middle when longer than `limit` (a
    19,000-character name is not echoed whole)."""
    text = cut(_decoded(path), limit)
    if not needs_escaping(text):
        return text
    return "'" + "".join(_escape(c) for c in text) + "'"


def quoted(text: str, limit: int = QUOTED_CHARS) -> str:
    """Any text a file or a user handed in, for a message: 'quoted', control characters
    escaped (no forged lines), cut in the middle beyond `limit` characters."""
    return "'" + "".join(_escape(c) for c in cut(text, limit)) + "'"


def json_name(path: Path | str | bytes) -> str:
    """`path` for JSON output: undecodable bytes as the text \\xNN, so the JSON is valid UTF-8.

    (Lone surrogates would be escaped by `json.dumps` as \\udcNN, which strict
    parsers reject.) Control characters stay: JSON escapes them itself.
    """
    text = _decoded(path)
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in text)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: not every platform can)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temporary_sibling(path: Path, suffix: str) -> Path:
    """A new empty file next to `path`, named ".{path.stem}-XXXXXXXX{suffix}" (see leftovers)."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=suffix)
    os.close(fd)
    return Path(name)


def write_atomic(
    path: Path, fill: bytes | Callable[[Path], None], *, suffix: str = ".part"
) -> None:
    """Write `path` completely or not at all: a temporary sibling, fsync, rename.

    `fill` is the content, or a function that writes the temporary file it is given.
    The file is readable by others (0644), as a normally created file would be.
    """
    from digitpad.core.leftovers import stale_siblings

    path.parent.mkdir(parents=True, exist_ok=True)
    stale_siblings(path, suffix)  # what a killed earlier save of this file left behind
    tmp = temporary_sibling(path, suffix)
    try:
        if isinstance(fill, bytes):
            tmp.write_bytes(fill)
        else:
            fill(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make a shared file unreadable to others
        os.replace(tmp, path)
        fsync_folder(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def check_writable_folder(folder: Path, needed: int = 0) -> None:
    """Raise OSError unless files can be created in `folder` (made if missing), with `needed`
    bytes free. A small probe file is written, flushed and removed there."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    fd, name = tempfile.mkstemp(dir=folder, prefix=".digitpad-probe-", suffix=".tmp")
    try:
        os.write(fd, b"digitpad checks that it can save here\n")
        os.fsync(fd)
    finally:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
    if needed and shutil.disk_usage(folder).free < needed:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))


def format_size(size: int) -> str:
    """A byte count for a message: "3.0 GB", "4.8 MB", "12 KB", "300 bytes"."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    if size >= 1024:
        return f"{size // 1024:,} KB"
    return f"{size:,} bytes"


def same_file(a: Path | str | None, b: Path | str | None) -> bool:
    """Whether two paths name the same file (~, links and relative parts resolved); False when
    either is None or cannot be resolved."""
    if a is None or b is None:
        return False
    try:
        return expanded(a).resolve() == expanded(b).resolve()
    except (OSError, ValueError):
        return False


def expanded(path: str | os.PathLike[str]) -> Path:
    """`path` with a leading ~ or ~user made the home folder. Unlike `Path.expanduser`, which
    raises RuntimeError for a user the system does not know (`~nobody-here/m.keras`), an
    unknown user leaves the path as it is: it then does not exist, in one sentence."""
    return Path(os.path.expanduser(os.fspath(path)))
