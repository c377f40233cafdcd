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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitpad.core import paths
from digitpad.core.errors import ModelError
from digitpad.core.files import open_regular, reason, same_file, shown, write_atomic
from digitpad.core.i18n import _
from digitpad.core.models.archive import METADATA_MEMBER, metadata_text
from digitpad.core.models.history import TrainingHistory
from digitpad.core.models.record import Record, clean_name, read_record
from digitpad.core.models.store import user_model_files
from digitpad.core.network.presets import run_name


@dataclass(frozen=True)
class ModelEntry:
    """One model file and its record, checked (`record.Record`: what every view shows)."""

    path: Path
    record: Record = field(default_factory=Record)
    bundled: bool = False

    @property
    def name(self) -> str:
        """The name the user gave it (one digitpad gave, in the current language), else its
        file name without ".keras" (as a name is kept: printable, one line, at most MAX_NAME
        characters)."""
        if self.record.name:
            return run_name(self.record.name)
        return clean_name(self.path.stem) or self.path.name

    @property
    def readable(self) -> bool:
        """False when the file holds a record digitpad cannot read (it is still listed)."""
        return self.record.readable

    @property
    def test_accuracy(self) -> float | None:
        return self.record.test_accuracy

    @property
    def epochs(self) -> int | None:
        return self.record.epochs

    @property
    def trained_at(self) -> str | None:
        """When it was trained, ISO 8601 ("2026-12-03T10:34:07"), if recorded."""
        return self.record.trained_at

    @property
    def seconds(self) -> float | None:
        return self.record.seconds

    @property
    def parameters(self) -> int | None:
        return self.record.parameters

    @property
    def batch_size(self) -> int | None:
        return self.record.batch_size

    @property
    def learning_rate(self) -> float | None:
        return self.record.learning_rate

    @property
    def code(self) -> str | None:
        """The network's code, as the course writes it (None: not recorded)."""
        return self.record.code

    @property
    def history(self) -> TrainingHistory:
        """The run's curves (empty when the record has none, or a malformed one)."""
        return self.record.history

    @property
    def is_run(self) -> bool:
        return self.record.is_run

    def is_unknown(self, name: str) -> bool:
        """Whether the record holds an impossible value for `name` ("seconds", "epochs"…)."""
        return self.record.is_unknown(name)


def entry(path: Path) -> ModelEntry:
    """The entry for one model file (a record it does not have reads as empty, one it holds
    but cannot be read as `readable=False`)."""
    path = Path(path)
    _stored, record = read_record(path)
    return ModelEntry(path, record, bundled=same_file(path, bundled()))


def bundled() -> Path:
    return paths.bundled_model_path()


def list_models() -> list[ModelEntry]:
    """The bundled model first, then the user's models, newest first."""
    return [entry(bundled()), *(entry(path) for path in user_model_files())]


def runs() -> list[ModelEntry]:
    """The user's models that are runs (their record has curves), newest first, and those
    whose record cannot be read (they may be runs: each is listed, saying so)."""
    return [e for e in (entry(path) for path in user_model_files()) if e.is_run or not e.readable]


def rename(path: Path, name: str) -> ModelEntry:
    """Give a user model a name (kept inside the file); the bundled model keeps its own."""
    name = clean_name(name)
    if not name:
        raise ModelError(_("A model's name cannot be empty."))
    return update_metadata(path, {"name": name})


def update_metadata(path: Path, changes: Mapping[str, Any]) -> ModelEntry:
    """Rewrite the record inside `path` with `changes` applied: all or nothing."""
    path = Path(path)
    if same_file(path, bundled()):
        raise ModelError(_("The bundled model cannot be changed; save a copy first."))
    stored, _record = read_record(path)  # an unreadable record is replaced by the changes
    metadata = {**stored, **changes}
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
    return ModelEntry(path, Record.of(metadata))


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
