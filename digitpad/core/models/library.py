"""The models a user has: the bundled one and their own, each with what it is known by.

Every model file carries its own record inside it (`archive.read_metadata`):
how it was trained, its test accuracy, when, and a name the user may give it.
This module lists them for the window's model list and `digitpad runs`, and
renames or deletes one; a rename rewrites the file's record atomically, so the
record can never describe another model.

A run (every training since the network became editable) is simply a model
whose record holds the curves it drew (`history`) and the network's code:
`runs()` picks those, so runs and models are saved, renamed and deleted
together.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from digitpad.core import paths
from digitpad.core.errors import ModelError
from digitpad.core.files import open_regular, reason, same_file, shown, write_atomic
from digitpad.core.i18n import _
from digitpad.core.models.archive import METADATA_MEMBER, metadata_text, read_metadata
from digitpad.core.models.history import TrainingHistory
from digitpad.core.models.store import user_model_files
from digitpad.core.network.presets import run_name

MAX_NAME = 80  # characters of a model's name


@dataclass(frozen=True)
class ModelEntry:
    """One model file and its record."""

    path: Path
    metadata: Mapping[str, Any]
    bundled: bool = False

    @property
    def name(self) -> str:
        """The name the user gave it (one digitpad gave, in the current language), else its
        file name without ".keras"."""
        given = self.metadata.get("name")
        if isinstance(given, str):  # a record may come from anywhere: no control characters
            given = " ".join("".join(c if c.isprintable() else " " for c in given).split())
        return run_name(given[:MAX_NAME]) if isinstance(given, str) and given else self.path.stem

    @property
    def test_accuracy(self) -> float | None:
        return _number(self.metadata.get("test_accuracy"))

    @property
    def epochs(self) -> int | None:
        value = _number(self.metadata.get("epochs"))
        return int(value) if value is not None else None

    @property
    def trained_at(self) -> str | None:
        """When it was trained, ISO 8601 ("2026-12-03T10:34:07"), if recorded."""
        value = self.metadata.get("trained_at")
        return value if isinstance(value, str) else None

    @property
    def seconds(self) -> float | None:
        return _number(self.metadata.get("train_seconds"))

    @property
    def parameters(self) -> int | None:
        value = _number(self.metadata.get("parameters"))
        return int(value) if value is not None else None

    @property
    def batch_size(self) -> int | None:
        value = _number(self.metadata.get("batch_size"))
        return int(value) if value is not None else None

    @property
    def learning_rate(self) -> float | None:
        return _number(self.metadata.get("learning_rate"))

    @property
    def code(self) -> str | None:
        """The network's code, as the course writes it (None: not recorded)."""
        value = self.metadata.get("code")
        return value if isinstance(value, str) else None

    @cached_property
    def history(self) -> TrainingHistory:
        """The run's curves (empty when the record has none, or a malformed one)."""
        return TrainingHistory.from_json(self.metadata.get("history"))

    @property
    def is_run(self) -> bool:
        return bool(self.history)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def entry(path: Path) -> ModelEntry:
    """The entry for one model file (an unreadable record reads as empty)."""
    path = Path(path)
    return ModelEntry(path, read_metadata(path), bundled=same_file(path, bundled()))


def bundled() -> Path:
    return paths.bundled_model_path()


def list_models() -> list[ModelEntry]:
    """The bundled model first, then the user's models, newest first."""
    return [entry(bundled()), *(entry(path) for path in user_model_files())]


def runs() -> list[ModelEntry]:
    """The user's models that are runs (their record has curves), newest first."""
    return [e for e in (entry(path) for path in user_model_files()) if e.is_run]


def rename(path: Path, name: str) -> ModelEntry:
    """Give a user model a name (kept inside the file); the bundled model keeps its own."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ModelError(_("A model's name cannot be empty."))
    return update_metadata(path, {"name": name})


def update_metadata(path: Path, changes: Mapping[str, Any]) -> ModelEntry:
    """Rewrite the record inside `path` with `changes` applied: all or nothing."""
    path = Path(path)
    if same_file(path, bundled()):
        raise ModelError(_("The bundled model cannot be changed; save a copy first."))
    metadata = {**read_metadata(path), **changes}
    text = metadata_text(metadata)

    def copy_with_new_record(tmp: Path) -> None:
        with (
            open_regular(path) as source,
            zipfile.ZipFile(source) as old,
            zipfile.ZipFile(tmp, "w") as new,
        ):
            for info in old.infolist():
                if info.filename != METADATA_MEMBER:
                    new.writestr(info, old.read(info), compress_type=info.compress_type)
            new.writestr(METADATA_MEMBER, text, compress_type=zipfile.ZIP_DEFLATED)

    try:
        before = path.stat()
        write_atomic(path, copy_with_new_record, suffix=".keras")
        # A new record is not a newer model: keep its time, so lists keep their order and
        # renaming an old model does not make it the one the window starts with.
        with contextlib.suppress(OSError):
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    except (OSError, zipfile.BadZipFile) as exc:
        detail = reason(exc) if isinstance(exc, OSError) else str(exc)
        raise ModelError(
            _("Could not change {path} ({reason}).").format(path=shown(path), reason=detail)
        ) from exc
    return ModelEntry(path, metadata)


def delete(path: Path) -> None:
    """Remove a user model file (the bundled one stays)."""
    path = Path(path)
    if same_file(path, bundled()):
        raise ModelError(_("The bundled model cannot be deleted."))
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ModelError(
            _("Could not delete {path} ({reason}).").format(path=shown(path), reason=reason(exc))
        ) from exc
