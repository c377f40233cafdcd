"""A model file's record, read once and checked field by field: what every view shows.

The record inside a `.keras` file (`digitpad.json`: its name, test accuracy,
epochs, seconds, parameters, code, curves) is a file anyone can edit or hand
in. Shown as it was stored, `1e999` made `digitpad runs` and the window's
model list fail for the whole folder, a 4,000-digit integer could not become a
float, and `inf %`, negative epochs or a 413-character number were printed
as they were. So `Record.of` is the one reader every view uses (`digitpad
runs`, the window's Models list, Runs view and status bar, the predictor's
test accuracy): each field is checked for its type and its range, and a
value outside its range is *unknown* (`Record.unknown` names the fields; the
views say "unknown"), while a field not recorded is simply absent. The text
itself is parsed within bounds (`bounded_json`, via `archive.read_metadata`);
a record that is present but not readable as one is `readable=False`, and its
model is still listed, as one line saying so.
"""

from __future__ import annotations

import contextlib
import math
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from digitpad.core.files import cut, open_regular
from digitpad.core.models.archive import MAX_MEMBERS, METADATA_MEMBER, read_metadata
from digitpad.core.models.history import TrainingHistory
from digitpad.core.npz import open_zip

MAX_NAME = 80  # characters of a model's name
MAX_CODE = 64 * 1024  # characters of a network's code (the parser takes 20,000)
MAX_STAMP = 40  # characters of an ISO 8601 time stamp

# The range of each number a record holds (both ends allowed, except a learning rate of 0).
RANGES: dict[str, tuple[float, float]] = {
    "test_accuracy": (0.0, 1.0),
    "test_loss": (0.0, 1e6),
    "epochs": (1, 100_000),
    "batch_size": (1, 1_000_000),
    "learning_rate": (0.0, 1_000.0),
    "parameters": (1, 10_000_000_000),
    "train_seconds": (0.0, 100_000_000.0),  # three years
}
WHOLE = frozenset({"epochs", "batch_size", "parameters"})


def clean_name(text: str) -> str:
    """A name as digitpad keeps and shows it: printable characters only, runs of spaces,
    tabs or line breaks as one space, at most MAX_NAME characters ("" when nothing is left)."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return cut(" ".join(printable.split()), MAX_NAME)


@dataclass(frozen=True)
class Record:
    """A record's fields, each checked: None where not recorded or impossible (`unknown`
    names the impossible ones). `readable` is False for a record present but unreadable."""

    readable: bool = True
    name: str | None = None
    test_accuracy: float | None = None
    test_loss: float | None = None
    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    parameters: int | None = None
    seconds: float | None = None
    trained_at: str | None = None  # ISO 8601, as recorded ("2026-12-03T10:34:07")
    code: str | None = None
    history: TrainingHistory = field(default_factory=TrainingHistory)
    unknown: frozenset[str] = frozenset()

    @classmethod
    def of(cls, metadata: Mapping[str, Any]) -> Record:
        """The checked record of `metadata` (a parsed `digitpad.json`)."""
        unknown: set[str] = set()

        def number(key: str) -> Any:
            value = _number(metadata.get(key), key)
            if value is _IMPOSSIBLE:
                unknown.add(key)
                return None
            return value

        def text(key: str, check: Any) -> str | None:
            value = metadata.get(key)
            if value is None:
                return None
            checked = check(value) if isinstance(value, str) else None
            if checked is None:
                unknown.add(key)
            return checked

        record = cls(
            name=text("name", lambda v: clean_name(v) or None),
            test_accuracy=number("test_accuracy"),
            test_loss=number("test_loss"),
            epochs=number("epochs"),
            batch_size=number("batch_size"),
            learning_rate=number("learning_rate"),
            parameters=number("parameters"),
            seconds=number("train_seconds"),
            trained_at=text("trained_at", _stamp),
            code=text("code", _code),
            history=TrainingHistory.from_json(metadata.get("history")),
        )
        # "train_seconds" is the stored key; the views know the field as "seconds".
        named = {"train_seconds": "seconds"}
        return _with_unknown(record, frozenset(named.get(k, k) for k in unknown))

    @property
    def is_run(self) -> bool:
        """A run is a model whose record holds the curves its training drew."""
        return bool(self.history)

    def is_unknown(self, name: str) -> bool:
        """Whether field `name` was recorded with a value it cannot have."""
        return name in self.unknown


UNREADABLE = Record(readable=False)


def _with_unknown(record: Record, unknown: frozenset[str]) -> Record:
    return replace(record, unknown=unknown) if unknown else record


class _Impossible:
    """A value recorded for a number that cannot be one (the field is then unknown)."""


_IMPOSSIBLE = _Impossible()


def _number(value: Any, key: str) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _IMPOSSIBLE
    try:
        number = float(value)  # an int too large for a float is impossible too
    except OverflowError:
        return _IMPOSSIBLE
    low, high = RANGES[key]
    if not math.isfinite(number) or not low <= number <= high:
        return _IMPOSSIBLE
    if key == "learning_rate" and number == 0:
        return _IMPOSSIBLE
    if key in WHOLE:
        return int(number) if number.is_integer() else _IMPOSSIBLE
    return number


def _stamp(value: str) -> str | None:
    if len(value) > MAX_STAMP:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _code(value: str) -> str | None:
    return value if len(value) <= MAX_CODE and "\0" not in value else None


def _has_record(path: Path) -> bool:
    """Whether the archive at `path` holds a record member at all (read or not)."""
    with (
        contextlib.suppress(OSError, zipfile.BadZipFile, EOFError, zlib.error, RuntimeError),
        open_regular(path) as f,
        open_zip(f, MAX_MEMBERS) as archive,
    ):
        return METADATA_MEMBER in archive.namelist()
    return False


def read_record(path: Path | str) -> tuple[dict[str, Any], Record]:
    """The record inside the model file at `path`: as stored (bounded: for rewriting it) and
    checked (for showing it). A record present but unreadable is `UNREADABLE`; a file
    without one has an empty record."""
    metadata = read_metadata(path)
    if not metadata and _has_record(Path(path)):
        return {}, UNREADABLE
    return metadata, Record.of(metadata)
