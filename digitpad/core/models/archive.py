"""The `.keras` archive as a file: checked before Keras reads it, written in one piece.

Before Keras builds anything, `open_checked` makes sure the file is a regular
file holding a zip of a sane number of members, none unpacking to more than a
digit model could need, and a config.json whose declared layers (see
`budget`) add up to a bounded number of parameters; its weights member, read
from the zip's directory before anything is unpacked, may hold no more than
those parameters and the optimizer state its `compile_config` declares
(`optimizer.slots`: `model.save` keeps it by default). Every refusal is one
sentence naming the file.

digitpad's own data travels inside the same archive, so a model and what is
known about it can never disagree: `digitpad.json` (how it was trained, its
test accuracy) and `digitpad/<name>` attachments. Keras ignores both members.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from digitpad.core import bounded_json
from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.errors import ModelError
from digitpad.core.files import (
    NotRegularFileError,
    format_size,
    open_regular,
    problem,
    shown,
    write_atomic,
)
from digitpad.core.i18n import N_, _
from digitpad.core.layers.sizes import BudgetError
from digitpad.core.models.budget import Budget, declared_budget
from digitpad.core.models.optimizer import compiled_slots
from digitpad.core.npz import TooManyMembers, open_zip

METADATA_MEMBER = "digitpad.json"
ATTACHMENT_PREFIX = "digitpad/"
CONFIG_MEMBER = "config.json"
WEIGHTS_MEMBER = "model.weights.h5"
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"

MB = 1 << 20
MAX_MEMBERS = 64  # Keras writes three; digitpad adds its metadata and a few attachments
MAX_CONFIG_BYTES = 8 * MB  # the course's CNN: 5 KB
MAX_METADATA_BYTES = 1 * MB
MAX_METADATA_DEPTH = 16  # the record nests four levels deep (history, batches, x, a number)
MAX_ATTACHMENT_BYTES = 64 * MB
# The course's CNN has 1,199,882 parameters; forty times that still loads in seconds.
MAX_PARAMETERS = 50_000_000
MAX_ACTIVATIONS = 50_000_000  # values per image, all layers together (the CNN: ~90,000)
BYTES_PER_PARAMETER = 8  # float64 at most
MAX_RATIO = 100  # a member over 1 MB packed tighter than this is a zip bomb
# HDF5 adds a few kilobytes per variable around the numbers themselves: this much per layer
# for each array of its weights' shapes (the weights, and each optimizer slot), and a megabyte.
VARIABLE_OVERHEAD = 64 * 1024
ATTACHMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def _error(template: str, path: Path, **values: Any) -> ModelError:
    return ModelError(_(template).format(path=shown(path), **values))


@contextlib.contextmanager
def open_checked(path: Path) -> Iterator[tuple[BinaryIO, Budget]]:
    """`path` opened (positioned at 0) once it passed every check, and its declared sizes.

    Hand the open file to Keras, so that what it reads is what was checked.
    """
    with opened(path) as f:
        budget = check_archive(f, path)
        f.seek(0)
        yield f, budget


@contextlib.contextmanager
def opened(path: Path) -> Iterator[BinaryIO]:
    """`path` opened for reading if it is a regular file; `ModelError` (one sentence)
    otherwise."""
    try:
        f = open_regular(path)
    except FileNotFoundError as exc:
        raise _error(N_("The model file {path} does not exist."), path) from exc
    except IsADirectoryError as exc:
        raise _error(N_("{path} is a folder, not a model file."), path) from exc
    except (NotRegularFileError, OSError) as exc:
        raise ModelError(problem(path, exc)) from exc
    with f:
        yield f


def check_archive(f: BinaryIO, path: Path) -> Budget:
    """Refuse `f` unless it is a zip whose members and declared layers are of sane size."""
    head = f.read(1024)
    if not head:
        raise _error(N_("{path} is empty (0 bytes), not a model file."), path)
    if head.startswith(HDF5_SIGNATURE) or head[512:520] == HDF5_SIGNATURE:
        raise _error(
            N_(
                "{path} is a legacy HDF5 (.h5) model, not a .keras archive; "
                "digitpad only loads the .keras format."
            ),
            path,
        )
    f.seek(0)
    if not zipfile.is_zipfile(f):
        raise _error(N_("{path} is not a .keras model file (it is not a zip archive)."), path)
    f.seek(0)
    try:
        with open_zip(f, MAX_MEMBERS) as archive:
            members = archive.infolist()
            _check_members(members, path)
            config = _read_config(archive, path)
    except TooManyMembers as exc:
        raise _too_many(path, exc.count) from exc
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise _error(
            N_("{path} is a damaged zip archive, not a usable .keras model."), path
        ) from exc
    budget = checked_budget(config, path)
    _check_weights_size(members, budget, compiled_slots(config), path)
    return budget


def _too_many(path: Path, count: int) -> ModelError:
    return _error(
        N_("{path} holds {count:,} files, far more than a .keras model has."), path, count=count
    )


def _check_members(members: list[zipfile.ZipInfo], path: Path) -> None:
    if len(members) > MAX_MEMBERS:
        raise _too_many(path, len(members))
    names = {m.filename for m in members}
    if CONFIG_MEMBER not in names:
        raise _error(N_("{path} has no config.json, so it is not a Keras model."), path)
    if WEIGHTS_MEMBER not in names:
        raise _error(
            N_("{path} has no weights (model.weights.h5), so it is not a Keras model."), path
        )
    for m in members:
        if m.flag_bits & 0x1:
            raise _error(N_("{path} holds encrypted parts, which a .keras model never has."), path)
        big = m.file_size > MB
        if big and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise _error(
                N_(
                    "{path} is not loaded: its part {name} would unpack to {size} from {packed}, "
                    "the mark of a zip bomb."
                ),
                path,
                name=shown(m.filename),
                size=format_size(m.file_size),
                packed=format_size(m.compress_size),
            )
    total = sum(m.file_size for m in members)
    limit = MAX_PARAMETERS * BYTES_PER_PARAMETER + MAX_CONFIG_BYTES + 4 * MAX_ATTACHMENT_BYTES
    if total > limit:
        raise _error(
            N_("{path} would unpack to {size}, more than digitpad reads for a model ({limit})."),
            path,
            size=format_size(total),
            limit=format_size(limit),
        )


def _read_config(archive: zipfile.ZipFile, path: Path) -> Any:
    info = archive.getinfo(CONFIG_MEMBER)
    if info.file_size > MAX_CONFIG_BYTES:
        raise _error(
            N_("{path} has a config.json of {size}; a model's description takes a few kilobytes."),
            path,
            size=format_size(info.file_size),
        )
    raw = archive.read(info)
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise _error(N_("{path} has a config.json that is not valid JSON."), path) from exc


BUDGET_MESSAGES = {
    "code": N_("{path} contains code (a {detail} layer), which digitpad never runs."),
    "custom": N_("{path} uses a custom layer ({detail}), which digitpad does not load."),
    "unknown": N_("{path} uses a kind of layer digitpad does not load ({detail})."),
    "too_many_layers": N_("{path} declares more than {detail} layers."),
    "shape": N_("{path} declares layers whose shapes do not fit together ({detail})."),
    "malformed": N_("{path} has a config.json that does not describe a model ({detail})."),
}


def checked_budget(
    config: Any, path: Path, messages: Mapping[str, str] = BUDGET_MESSAGES
) -> Budget:
    """The sizes `config` declares, once they are known to be a digit model's and bounded
    (`messages`: the sentences for a config that cannot be sized, by `BudgetError.kind`)."""
    try:
        budget = declared_budget(config)
    except BudgetError as exc:
        template = messages.get(exc.kind, messages["malformed"])
        raise _error(template, path, detail=shown(exc.detail)) from exc
    except RecursionError as exc:
        raise _error(messages["malformed"], path, detail="nesting") from exc
    if budget.input_shape is not None and budget.input_shape != INPUT_SHAPE:
        raise _error(
            N_("{path} expects input of shape {shape}, not a 28×28 grayscale image (28, 28, 1)."),
            path,
            shape=budget.input_shape,
        )
    if budget.parameters > MAX_PARAMETERS:
        raise _error(
            N_(
                "{path} declares {count:,} parameters; digitpad loads models of up to {limit:,} "
                "(the course's CNN has 1,199,882)."
            ),
            path,
            count=budget.parameters,
            limit=MAX_PARAMETERS,
        )
    if budget.activations > MAX_ACTIVATIONS:
        raise _error(
            N_(
                "{path} declares layers too large to run: {count:,} values per image, "
                "where digitpad allows {limit:,}."
            ),
            path,
            count=budget.activations,
            limit=MAX_ACTIVATIONS,
        )
    return budget


def weights_allowance(budget: Budget, slots: int) -> int:
    """The most bytes an HDF5 file holding `budget`'s weights, and `slots` optimizer arrays of
    each weight's shape (`optimizer.slots`), can take: float64 at most, and HDF5's overhead."""
    arrays = 1 + slots
    return (
        budget.parameters * BYTES_PER_PARAMETER * arrays
        + MB
        + VARIABLE_OVERHEAD * budget.layers * arrays
    )


def _check_weights_size(
    members: list[zipfile.ZipInfo], budget: Budget, slots: int, path: Path
) -> None:
    weights = next(m for m in members if m.filename == WEIGHTS_MEMBER)
    if weights.file_size > weights_allowance(budget, slots):
        raise _error(
            N_(
                "{path} has weights of {size}, far more than its {count:,} declared parameters "
                "need."
            ),
            path,
            size=format_size(weights.file_size),
            count=budget.parameters,
        )


# digitpad's own members --------------------------------------------------------------------


def _finite(value: Any) -> Any:
    """`value` with NaN and infinities replaced by None (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def metadata_text(metadata: Mapping[str, Any]) -> str:
    """The record as stored in the archive: JSON, non-finite numbers as null, size-bounded."""
    text = json.dumps(_finite(dict(metadata)), indent=2, allow_nan=False, default=str)
    if len(text.encode("utf-8")) > MAX_METADATA_BYTES:
        raise ValueError("metadata too large")
    return text


def write_archive(
    path: Path,
    write_keras: Callable[[Path], None],
    metadata: Mapping[str, Any] | None = None,
    attachments: Mapping[str, bytes] | None = None,
) -> None:
    """Write `path` atomically: Keras' archive (`write_keras(tmp)`) plus digitpad's members."""
    attachments = dict(attachments or {})
    for name, data in attachments.items():
        if not ATTACHMENT_NAME.fullmatch(name) or len(data) > MAX_ATTACHMENT_BYTES:
            raise ValueError(f"bad attachment {name!r} ({len(data)} bytes)")
    text = None if metadata is None else metadata_text(metadata)

    def fill(tmp: Path) -> None:
        write_keras(tmp)
        with zipfile.ZipFile(tmp, "a") as archive:
            if text is not None:
                archive.writestr(METADATA_MEMBER, text, compress_type=zipfile.ZIP_DEFLATED)
            for name, data in attachments.items():
                archive.writestr(ATTACHMENT_PREFIX + name, data, compress_type=zipfile.ZIP_DEFLATED)

    write_atomic(path, fill, suffix=".keras")


def _read_member(path: Path | str, name: str, limit: int) -> bytes | None:
    """Member `name` of the archive at `path`, or None if absent, too big or unreadable."""
    try:
        with open_regular(path) as f, open_zip(f, MAX_MEMBERS) as archive:
            try:
                info = archive.getinfo(name)
            except KeyError:
                return None
            if info.file_size > limit or info.flag_bits & 0x1:
                return None
            return archive.read(info)
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError):
        return None


def _parse_metadata(raw: bytes) -> dict[str, Any]:
    """The record as stored, parsed within bounds (`bounded_json`: depth, numbers; an
    impossible number reads as NaN); {} when it is not a JSON object."""
    try:
        data = bounded_json.loads(raw, max_depth=MAX_METADATA_DEPTH)
    except bounded_json.JsonError:
        return {}
    return data if isinstance(data, dict) else {}


def read_metadata(path: Path | str) -> dict[str, Any]:
    """digitpad's metadata inside the model file, or {} (it is optional).

    A legacy JSON sidecar (``model.json`` next to ``model.keras``) is read only
    when it names the model file's SHA-256 (``"model_sha256"``): an older
    digitpad could leave a sidecar describing another model after a kill.
    """
    raw = _read_member(path, METADATA_MEMBER, MAX_METADATA_BYTES)
    if raw is not None:
        return _parse_metadata(raw)
    return _trusted_sidecar(Path(path))


def _trusted_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_suffix(".json")
    try:
        with open_regular(sidecar) as f:
            data = _parse_metadata(f.read(MAX_METADATA_BYTES + 1)[:MAX_METADATA_BYTES])
        claimed = data.pop("model_sha256", None)
        if not isinstance(claimed, str) or claimed.lower() != _sha256(path):
            return {}
    except OSError:
        return {}
    return data


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open_regular(path) as f:
        while chunk := f.read(MB):
            digest.update(chunk)
    return digest.hexdigest()


def read_attachment(path: Path | str, name: str) -> bytes | None:
    """The attachment `name` saved with the model (`save_model(attachments=...)`), or None."""
    if not ATTACHMENT_NAME.fullmatch(name):
        return None
    return _read_member(path, ATTACHMENT_PREFIX + name, MAX_ATTACHMENT_BYTES)


def has_attachment(path: Path | str, name: str) -> bool:
    """True when the model file holds an attachment `name`, readable or not (so that one
    `read_attachment` cannot read is told apart from one that is not there)."""
    try:
        with open_regular(path) as f, open_zip(f, MAX_MEMBERS) as archive:
            archive.getinfo(ATTACHMENT_PREFIX + name)
            return True
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError):
        return False
