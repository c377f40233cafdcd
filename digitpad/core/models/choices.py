"""The model in use and the MNIST source: one remembered choice, shared by the window and the CLI.

Why here and not in the window's settings: a student who trains in the window
and then runs `digitpad evaluate` (or the other way round) must meet the same
model and the same MNIST folder. So both read and write this small JSON file
in the user's data folder (`choices.json`). It is read like every file digitpad
did not write itself (`bounded_json`: a regular file only, so a FIFO in its
place cannot hang a command; bounded in size, depth and numbers), and every
value is checked: a missing, garbled or hand-edited file, or a value of the
wrong kind, reads as "nothing chosen", never as an error. A change is a
read-modify-write under a lock between processes (`file_lock`, on
`choices.lock`), written atomically (`files.write_atomic`, which replaces a
link in its place rather than writing through it): the window and a command
changing different choices at the same moment both keep theirs.

The MNIST source resolves as the window shows it: a remembered local folder or
``mnist.npz`` when "Local folder" is chosen, else ``$DIGITPAD_MNIST``, else the
Keras cache (`data.mnist.load_mnist(None)`). A command's own ``--data``/``--model``
always wins.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digitpad.core import bounded_json, paths
from digitpad.core.file_lock import locked
from digitpad.core.files import expanded, same_file, write_atomic

FILE_NAME = "choices.json"
LOCK_NAME = "choices.lock"
LOCK_TIMEOUT = 10.0  # seconds: a process holding the lock longer is not waited for
MAX_DEPTH = 4  # {"data": {"path": …}} is two deep
BUNDLED = "bundled"  # stored instead of the bundled file's path, which moves between installs
MAX_BYTES = 64 * 1024  # a choices file is a few hundred bytes; anything larger is not ours
MAX_PATH = 4096

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DataChoice:
    """Where MNIST comes from: a local copy (`local`, at `path`) or the default.

    `path` is kept while `local` is off, so switching back to the local copy
    does not make the user find the folder again.
    """

    local: bool = False
    path: str = ""

    @property
    def source(self) -> str | None:
        """The source to pass to `data.mnist.load_mnist`: the local path, or None (the default)."""
        return self.path if self.local and self.path else None


@dataclass(frozen=True)
class Choices:
    """Everything remembered. `model` is BUNDLED, an absolute path, or None (never chosen)."""

    model: str | None = None
    data: DataChoice = DataChoice()


def choices_path() -> Path:
    return paths.user_data_dir() / FILE_NAME


def read() -> Choices:
    """The remembered choices; anything unreadable or invalid reads as not chosen."""
    try:
        stored = bounded_json.read(choices_path(), max_bytes=MAX_BYTES, max_depth=MAX_DEPTH)
    except (OSError, bounded_json.JsonError):
        return Choices()
    if not isinstance(stored, dict):
        return Choices()
    data = stored.get("data")
    data = data if isinstance(data, dict) else {}
    local = data.get("local")
    return Choices(
        model=_path_text(stored.get("model")),
        data=DataChoice(
            local=local if isinstance(local, bool) else False,
            path=_path_text(data.get("path")) or "",
        ),
    )


def _path_text(value: Any) -> str | None:
    """`value` if it can name a file: a non-empty string, not absurdly long, no NUL."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_PATH:
        return None
    return None if "\0" in value else value


def update(change: Callable[[Choices], Choices]) -> bool:
    """Remember `change(what is remembered now)`: read, changed and written under the lock,
    so a change another process makes meanwhile is not lost. False (and a log line) when
    the data folder cannot be written or the lock cannot be had."""
    path = choices_path()
    try:
        with locked(path.with_name(LOCK_NAME), LOCK_TIMEOUT):
            choices = change(read())
            record = {
                "model": choices.model,
                "data": {"local": choices.data.local, "path": choices.data.path},
            }
            text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
            write_atomic(path, text.encode("utf-8"), suffix=".tmp")
    except OSError as exc:
        log.warning("could not remember the choices in %s: %s", path, exc)
        return False
    return True


# The model in use ------------------------------------------------------------------------------


def model_in_use() -> Path | None:
    """The model chosen last (in the window or by `train`), if it is still a file."""
    stored = read().model
    if stored is None:
        return None
    path = paths.bundled_model_path() if stored == BUNDLED else Path(stored)
    try:
        return path if path.is_file() else None
    except OSError:  # a name too long, a folder that may not be searched: no model remembered
        return None


def remember_model(path: Path | str | None) -> bool:
    """Make `path` the model in use for the window and the CLI (None: forget the choice)."""
    value = None if path is None else _stored_model(Path(path))
    return update(lambda chosen: replace(chosen, model=value))


def _stored_model(path: Path) -> str:
    if same_file(path, paths.bundled_model_path()):
        return BUNDLED
    try:
        return str(expanded(path).resolve())
    except OSError:
        return os.path.abspath(path)


# The MNIST source ------------------------------------------------------------------------------


def data_choice() -> DataChoice:
    return read().data


def data_source() -> str | None:
    """The remembered MNIST source for `load_mnist`: a local path, or None (the default)."""
    return read().data.source


def remember_data(*, local: bool, path: str | Path = "") -> bool:
    """Remember where MNIST comes from: a local `path` (when `local`), else the default.

    A relative path is stored absolute, so it means the same folder from anywhere.
    """
    text = str(path).strip()
    if text:
        text = os.path.abspath(os.path.expanduser(text))
    data = DataChoice(local=local and bool(text), path=text)
    return update(lambda chosen: replace(chosen, data=data))
