"""Removing the temporary files a killed save left behind, safely, at the next start.

A kill during saving leaves `.model-XXXXXXXX.keras` (up to 4.8 MB), the empty
`model-YYYYMMDD-HHMMSS.keras` that reserved the new model's name, an older
digitpad's `.model.json-XXXXXXXX.tmp`, samples' `.XXXXXXXX.part` or a
half-filled `.import-XXXXXXXX` staging folder. Only names made by digitpad's own
temporary-file patterns are touched (XXXXXXXX: eight characters from
`tempfile`'s alphabet), only plain files (never links) of this user, and only
when older than MIN_AGE, so a save running in another window is never hit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import time
from pathlib import Path

from digitpad.core import paths

log = logging.getLogger(__name__)

MIN_AGE = 10 * 60  # seconds: far longer than any save takes
RANDOM = r"[a-z0-9_]{8}"  # tempfile.mkstemp's random part

MODEL_TEMPORARIES = (
    re.compile(rf"\..+-{RANDOM}\.keras"),  # save_model's temporary archive
    re.compile(rf"\..+\.json-{RANDOM}\.tmp"),  # an older digitpad's sidecar
    re.compile(rf"\.digitpad-probe-{RANDOM}\.tmp"),  # check_can_save's probe
)
SAMPLE_TEMPORARIES = (
    re.compile(rf"\.{RANDOM}\.part"),  # an older digitpad's sample
    re.compile(rf"\..+-{RANDOM}\.part"),  # write_atomic's
    re.compile(rf"\.digitpad-probe-{RANDOM}\.tmp"),
)
STAGING = re.compile(rf"\.import-{RANDOM}")
RESERVATION = re.compile(r"model-\d{8}-\d{6}(-\d+)?\.keras")  # store.new_user_model_path's
DOWNLOAD_TEMPORARIES = (re.compile(rf"\.mnist-{RANDOM}\.part"),)


def _old_enough(info: os.stat_result, now: float) -> bool:
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and now - info.st_mtime >= MIN_AGE


def remove_temporaries(folder: Path, patterns: tuple[re.Pattern[str], ...]) -> list[Path]:
    """Remove old plain files in `folder` whose whole name matches one of `patterns`."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not any(p.fullmatch(entry.name) for p in patterns):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and _old_enough(info, now):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def remove_reservations(folder: Path) -> list[Path]:
    """Remove old, empty new-model files whose save never came (a run killed as it saved)."""
    removed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not RESERVATION.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_size == 0 and _old_enough(info, now):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def remove_staging(folder: Path) -> list[Path]:
    """Remove old import staging folders that hold nothing but sample files."""
    removed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if not STAGING.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if not (stat.S_ISDIR(info.st_mode) and _old_enough(info, now)):
                    continue
                inside = list(os.scandir(entry.path))
                if all(
                    e.name.endswith(".npz") and e.is_file(follow_symlinks=False) for e in inside
                ):
                    for e in inside:
                        os.unlink(e.path)
                    os.rmdir(entry.path)
                    removed.append(Path(entry.path))
    return removed


def stale_siblings(path: Path, suffix: str) -> list[Path]:
    """Remove old temporaries of `path` itself (".{stem}-XXXXXXXX{suffix}") in its folder."""
    pattern = re.compile(rf"\.{re.escape(path.stem)}-{RANDOM}{re.escape(suffix)}")
    return remove_temporaries(path.parent, (pattern,))


def clean_leftovers() -> list[Path]:
    """Clean digitpad's own folders of what killed saves left; returns what was removed."""
    data = paths.user_data_dir()
    removed = remove_temporaries(paths.user_models_dir(), MODEL_TEMPORARIES)
    removed += remove_reservations(paths.user_models_dir())
    removed += remove_temporaries(data / "samples", SAMPLE_TEMPORARIES)
    removed += remove_staging(data / "samples")
    removed += remove_temporaries(paths.keras_cache_path().parent, DOWNLOAD_TEMPORARIES)
    if removed:
        log.info("Removed %d leftover temporary files", len(removed))
    return removed
