"""Exporting samples into one zip, and importing such a zip all or nothing.

An import first checks every entry (its declared size, compression and
encryption before reading it, then its arrays) and writes the good ones into
a staging folder next to the samples; only then are they moved in. If moving
fails partway, what was moved is taken back out, so the folder holds all of
the archive's good samples or none; should even that fail, the error says
exactly how many arrived. Bad entries are skipped, one sentence each.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from digitpad.core.data.samples import (
    MAX_SAMPLE_BYTES,
    SUFFIX,
    SampleError,
    SampleStore,
    read_sample,
    to_bytes,
)
from digitpad.core.files import fsync_folder, open_regular, problem, shown, write_atomic
from digitpad.core.i18n import _
from digitpad.core.npz import NpzError, check_entry, describe

MAX_IMPORT_ENTRIES = 100_000
STAGING_PREFIX = ".import-"  # a staging folder left by a kill is removed at the next start
SAMPLE_NAME = re.compile(r"[0-9A-Za-z]{1,64}\.npz", re.IGNORECASE)
PROGRESS_EVERY = 25  # entries between progress reports


class ImportCancelled(SampleError):
    """Stopped on request before anything was moved in: nothing was imported."""


def export_samples(store: SampleStore, archive: Path) -> int:
    """Write every readable sample of `store` into one zip; returns how many."""
    samples, _problems = store.load_all()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as z:
        for s in samples:
            z.writestr(f"{s.id}{SUFFIX}", to_bytes(s))
    try:
        write_atomic(Path(archive), buffer.getvalue())
    except OSError as exc:
        raise SampleError(
            _("Could not write {archive} ({reason}).").format(
                archive=shown(archive), reason=exc.strerror or exc
            )
        ) from exc
    return len(samples)


def _entry_where(archive: Path, name: str) -> str:
    return _("{archive} (entry {name})").format(archive=shown(archive), name=shown(name))


def import_samples(
    store: SampleStore,
    archive: Path,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[int, list[str]]:
    """Add the samples in an exported zip: (how many were added, one sentence per bad entry).

    Samples already present are skipped. All or nothing: a write that fails raises
    SampleError and leaves the folder as it was (or says exactly what arrived).
    `should_stop()` cancels before anything is moved in (ImportCancelled).
    """
    try:
        f = open_regular(archive)
    except OSError as exc:
        raise SampleError(problem(archive, exc)) from exc
    with f:
        try:
            z = zipfile.ZipFile(f)
            entries = z.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise SampleError(
                _("{archive} is not a digitpad samples archive.").format(archive=shown(archive))
            ) from exc
        with z:
            if len(entries) > MAX_IMPORT_ENTRIES:
                raise SampleError(
                    _(
                        "{archive} holds {count:,} entries; digitpad imports at most {limit:,} "
                        "samples at once."
                    ).format(archive=shown(archive), count=len(entries), limit=MAX_IMPORT_ENTRIES)
                )
            try:
                store.folder.mkdir(parents=True, exist_ok=True)
                staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=store.folder))
            except OSError as exc:
                raise store.save_failed(exc) from exc
            try:
                staged, problems = _stage(
                    store, z, entries, archive, staging, progress, should_stop
                )
                return _move_in(store, staged, archive), problems
            finally:
                shutil.rmtree(staging, ignore_errors=True)


def _stage(
    store: SampleStore,
    z: zipfile.ZipFile,
    entries: list[zipfile.ZipInfo],
    archive: Path,
    staging: Path,
    progress: Callable[[int, int], None] | None,
    should_stop: Callable[[], bool] | None,
) -> tuple[list[tuple[str, Path]], list[str]]:
    """Check every entry; write the good new ones into `staging`. Nothing else is touched."""
    staged: dict[str, Path] = {}
    problems: list[str] = []
    total = len(entries)
    for i, info in enumerate(entries):
        if i % PROGRESS_EVERY == 0:
            if should_stop is not None and should_stop():
                raise ImportCancelled(
                    _("Import cancelled; nothing was imported from {archive}.").format(
                        archive=shown(archive)
                    )
                )
            if progress is not None:
                progress(i, total)
        name = info.filename
        where = _entry_where(archive, name)
        if info.is_dir() or not SAMPLE_NAME.fullmatch(name):
            problems.append(
                _("{archive}: skipped {name}, which is not a sample.").format(
                    archive=shown(archive), name=shown(name)
                )
            )
            continue
        sample_id = name[: -len(SUFFIX)]
        try:
            check_entry(info, MAX_SAMPLE_BYTES)
            raw = z.read(info)
            sample = read_sample(io.BytesIO(raw), sample_id, where)
        except NpzError as exc:
            problems.append(describe(exc, shown(archive)))
            continue
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ):
            problems.append(_("{where} is damaged and cannot be decompressed.").format(where=where))
            continue
        except SampleError as exc:
            problems.append(str(exc))
            continue
        try:
            if sample_id in staged or store.exists(sample_id):
                continue
            path = staging / f"{sample_id}{SUFFIX}"
            path.write_bytes(to_bytes(sample))
        except OSError as exc:
            raise store.save_failed(exc) from exc
        staged[sample_id] = path
    if progress is not None:
        progress(total, total)
    return list(staged.items()), problems


def _move_in(store: SampleStore, staged: list[tuple[str, Path]], archive: Path) -> int:
    """Rename the staged samples into the folder; on failure take them out again."""
    if hasattr(os, "sync"):
        os.sync()  # one flush for all staged files (an fsync each would take seconds)
    moved: list[Path] = []
    try:
        for sample_id, path in staged:
            target = store.folder / f"{sample_id}{SUFFIX}"
            if store.exists(sample_id):  # arrived meanwhile (another window)
                continue
            os.replace(path, target)
            moved.append(target)
    except OSError as exc:
        left = []
        for target in moved:
            try:
                target.unlink()
            except OSError:
                left.append(target)
        reason = exc.strerror or str(exc)
        if not left:
            raise SampleError(
                _(
                    "Nothing was imported from {archive}: a sample could not be written to "
                    "{folder} ({reason})."
                ).format(archive=shown(archive), folder=shown(store.folder), reason=reason)
            ) from exc
        raise SampleError(
            _(
                "Only {count} of the {total} samples in {archive} were imported: the others "
                "could not be written to {folder} ({reason})."
            ).format(
                count=len(left),
                total=len(staged),
                archive=shown(archive),
                folder=shown(store.folder),
                reason=reason,
            )
        ) from exc
    with contextlib.suppress(OSError):
        fsync_folder(store.folder)
    return len(moved)
