"""A lock between processes, for a read-modify-write of a small shared file.

`choices.json` is read, changed and written back by the window and by every
command: two of them at once each wrote its own change over a copy read before
the other's, and one change was lost (200 of 600 in the issue's probe). Holding
`locked(...)` around the read and the write makes the pair atomic.

The lock is an advisory lock on a separate, empty lock file (the data file
itself is replaced on every write, so a lock on it would guard a file that is
gone): `fcntl.flock` on POSIX, `msvcrt.locking` on Windows. The lock file is
opened like any file digitpad did not write itself: never through a link,
never a FIFO or device (opened non-blocking, then checked). Waiting is
bounded: a lock not had within `timeout` seconds raises `LockTimeout`, so a
hung process elsewhere cannot hang this one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.02  # seconds between attempts while another process holds the lock


class LockTimeout(OSError):
    """The lock stayed taken for longer than the caller waits."""


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags, 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    return fd


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def locked(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the lock file at `path` (created if missing) for the `with` block.

    Raises OSError when the lock file cannot be opened (a read-only folder, a link or
    FIFO in its place) and LockTimeout when another process keeps it `timeout` seconds.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = _open(path)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(errno.EAGAIN, "the lock stayed taken", str(path))
            time.sleep(POLL)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
