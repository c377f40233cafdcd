"""A run's weight snapshots inside its model file: kept compactly, read back like its weights.

Every training keeps its network as it was at a few moments (`core/training/recording.py`
chooses them): step 0, before any batch, then after 1, 2, 4, 8, … batches and at the end of
each epoch, at most `MAX_SNAPSHOTS`. They ride along in the model file as one attachment
(`ATTACHMENT`, an `.npz` of plain arrays), written atomically with the model by the one
"train and keep" sequence, so a run and its snapshots can never disagree. The last moment
is the model itself: its weights are the file's own and are not stored twice.

Compact: every stored snapshot is one row of the model's parameters laid end to end (layer
by layer, each array in the order Keras saves it), as float16, or, when float16 would make
the file grow by more than `BUDGET` bytes, as 8-bit codes per output channel (a channel's
values are `low + code × scale`). The archive deflates them too.

Read like the weights: the attachment's size is checked before it is read, each array's
header (type, shape, bytes) before its data (`core.npz`), then the steps (strictly rising
from 0 to the end of training), the shapes (those of the model's own layers), and the values
(finite). Anything else is a `SnapshotError`, one sentence naming the file; the model itself
is read separately and keeps working.
"""

from __future__ import annotations

import io
import itertools
import math
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.files import expanded, format_size, shown
from digitpad.core.i18n import N_, _
from digitpad.core.layers.sizes import Shape
from digitpad.core.models.archive import ATTACHMENT_PREFIX, MAX_MEMBERS, open_checked
from digitpad.core.npz import ArraySpec, NpzError, open_zip, read_npz

ATTACHMENT = "snapshots.npz"  # its name among the model file's attachments
FORMAT = 1
MAX_SNAPSHOTS = 24
MAX_GROWTH = 25_000_000  # bytes the snapshots may add to a model file (the 25 MB)
# Bytes of stored values at most: deflate never grows them by more than a few bytes per
# 16 KB, and the arrays' headers take a few hundred bytes, so the file grows < MAX_GROWTH.
BUDGET = 24_500_000
FLOAT16, CODES = 0, 1  # how the stored snapshots hold their values
MAX_STEPS_PER_EPOCH = 10_000_000
MAX_EPOCHS = 100_000
HEADER_ARRAYS = ("format", "steps", "steps_per_epoch", "from_model", "encoding")
MAX_MEMBER = BUDGET + 1_000_000  # the attachment as stored, headers included
MAX_LISTED = 10_000  # steps read before their count is refused (80 KB)
LARGEST = float(np.finfo(np.float16).max)  # 65504: no stored weight is larger, however kept


class SnapshotError(ModelError):
    """A model file's snapshots cannot be used: `str()` is one sentence naming the file,
    `reason` why, in a few words (for a view that names the file elsewhere)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Moment:
    """A point in a run: `step` batches seen, with `steps_per_epoch` batches in an epoch."""

    step: int
    steps_per_epoch: int

    @property
    def epoch(self) -> int:
        """The epoch the last batch belonged to (1-based); 0 before training."""
        return 0 if self.step <= 0 else (self.step - 1) // self.steps_per_epoch + 1

    @property
    def batch(self) -> int:
        """That batch's number within its epoch (1-based); 0 before training."""
        return 0 if self.step <= 0 else self.step - (self.epoch - 1) * self.steps_per_epoch

    @property
    def epoch_end(self) -> bool:
        return self.step > 0 and self.batch == self.steps_per_epoch


def channels(shapes: Sequence[Shape]) -> int:
    """How many output channels the arrays of `shapes` have: an array's last axis when it has
    two or more (a kernel's filters, a dense layer's units), else one (a bias)."""
    return sum(shape[-1] if len(shape) >= 2 else 1 for shape in shapes)


def stored_bytes(encoding: int, parameters: int, n_channels: int) -> int:
    """The bytes one stored snapshot takes before deflating."""
    if encoding == FLOAT16:
        return 2 * parameters
    return parameters + 8 * n_channels


@dataclass(frozen=True)
class Row:
    """One stored snapshot: its values (float16, or uint8 codes with each channel's low and
    scale)."""

    values: np.ndarray
    low: np.ndarray | None = None
    scale: np.ndarray | None = None


def encode(arrays: Sequence[np.ndarray], encoding: int) -> Row | None:
    """`arrays` (a network's weights in order) as one stored row; None when they are not all
    finite or too large for float16 (a training that diverged keeps no snapshots)."""
    parts = [np.asarray(a, dtype=np.float32) for a in arrays]
    if not all(np.isfinite(a).all() for a in parts):
        return None
    if any(a.size and float(np.abs(a).max()) > LARGEST for a in parts):
        return None  # beyond what either encoding is read back with
    if encoding == FLOAT16:
        return Row(np.concatenate([a.ravel() for a in parts]).astype(np.float16))
    lows, scales, codes = [], [], []
    for a in parts:
        table = a.reshape(-1, a.shape[-1]) if a.ndim >= 2 else a.reshape(-1, 1)
        low, high = table.min(axis=0), table.max(axis=0)
        scale = ((high.astype(np.float64) - low) / 255).astype(np.float32)
        steps = np.where(scale > 0, scale, 1).astype(np.float32)
        codes.append(np.clip(np.rint((table - low) / steps), 0, 255).astype(np.uint8).ravel())
        lows.append(low)
        scales.append(scale)
    return Row(np.concatenate(codes), np.concatenate(lows), np.concatenate(scales))


@dataclass(frozen=True, eq=False)
class SnapshotSet:
    """A run's snapshots: the moments (the last is the model itself) and the stored rows,
    one per other moment, laid out as the model's arrays (`shapes`, in order)."""

    steps: tuple[int, ...]
    steps_per_epoch: int
    from_model: bool  # step 0 is the model training started from, not random weights
    shapes: tuple[Shape, ...]
    encoding: int
    values: np.ndarray  # (stored, parameters): float16, or uint8 codes
    low: np.ndarray | None = None  # (stored, channels) float32, for codes
    scale: np.ndarray | None = None

    @property
    def moments(self) -> tuple[Moment, ...]:
        return tuple(Moment(step, self.steps_per_epoch) for step in self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def is_final(self, index: int) -> bool:
        """Whether snapshot `index` is the model itself (its weights are the file's)."""
        return index == len(self.steps) - 1

    @classmethod
    def from_rows(
        cls,
        steps: Sequence[int],
        steps_per_epoch: int,
        from_model: bool,
        shapes: Sequence[Shape],
        rows: Sequence[Row],
    ) -> SnapshotSet:
        """The set recorded in training: `rows` for every step but the last (the model)."""
        encoding = FLOAT16 if rows[0].low is None else CODES
        stack = np.stack([row.values for row in rows])
        low = scale = None
        if encoding == CODES:
            low = np.stack([row.low for row in rows if row.low is not None])
            scale = np.stack([row.scale for row in rows if row.scale is not None])
        return cls(
            tuple(steps), steps_per_epoch, from_model, tuple(shapes), encoding, stack, low, scale
        )

    def to_bytes(self) -> bytes:
        """The attachment: an `.npz` of plain arrays (stored: the model archive deflates it)."""
        arrays: dict[str, Any] = {
            "format": np.array(FORMAT, np.int64),
            "steps": np.array(self.steps, np.int64),
            "steps_per_epoch": np.array(self.steps_per_epoch, np.int64),
            "from_model": np.array(int(self.from_model), np.int64),
            "encoding": np.array(self.encoding, np.int64),
            "values": self.values,
        }
        if self.low is not None and self.scale is not None:
            arrays |= {"low": self.low, "scale": self.scale}
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    def flat(self, index: int) -> np.ndarray:
        """Stored snapshot `index`'s parameters, end to end, as float32."""
        if self.encoding == FLOAT16:
            return self.values[index].astype(np.float32)
        assert self.low is not None and self.scale is not None
        out = np.empty(self.values.shape[1], np.float32)
        codes, low, scale = self.values[index], self.low[index], self.scale[index]
        start = channel = 0
        for shape in self.shapes:
            size, width = math.prod(shape), shape[-1] if len(shape) >= 2 else 1
            table = codes[start : start + size].reshape(-1, width).astype(np.float32)
            part = table * scale[channel : channel + width] + low[channel : channel + width]
            out[start : start + size] = part.ravel()
            start += size
            channel += width
        return out

    def layer_weights(
        self,
        index: int,
        layers: Sequence[tuple[str, int]],
        final: Mapping[str, tuple[np.ndarray, ...]],
    ) -> dict[str, tuple[np.ndarray, ...]]:
        """Snapshot `index` as each layer's arrays by layer name (`layers`: each layer's name
        and how many of the arrays, in order, are its own); the last is `final`, the model's
        own weights."""
        if self.is_final(index):
            return dict(final)
        flat = self.flat(index)
        shapes = iter(self.shapes)
        out: dict[str, tuple[np.ndarray, ...]] = {}
        start = 0
        for name, count in layers:
            arrays = []
            for _i in range(count):
                shape = next(shapes)
                size = math.prod(shape)
                arrays.append(flat[start : start + size].reshape(shape))
                start += size
            out[name] = tuple(arrays)
        return out


# Reading ------------------------------------------------------------------------------------

WHY = {
    "size": N_("they would unpack to {size}, more than a run's snapshots take"),
    "damaged": N_("the archive that holds them is damaged"),
    "format": N_("they are in a format digitpad does not know"),
    "count": N_("they are {count}, where a run keeps 2 to {limit}"),
    "steps": N_("their steps do not rise from 0 to the end of training"),
    "shape": N_("they do not fit the model's layers"),
    "type": N_("they are not stored as numbers digitpad reads"),
    "values": N_("they hold values that are not numbers (NaN or infinite)"),
    "layers": N_("the model has a kind of layer digitpad does not compute itself"),
    "reading": N_("the network they make reads probabilities that are not numbers"),
}


def refusal(path: Path | str, why: str, **values: Any) -> SnapshotError:
    """The one sentence refusing `path`'s snapshots for the reason `why` (a key of WHY)."""
    reason = _(WHY[why]).format(**values)
    return SnapshotError(
        _(
            "{path}: the snapshots of its training cannot be used ({reason}); the model itself "
            "works as usual."
        ).format(path=shown(path), reason=reason),
        reason,
    )


def read_snapshots(path: Path | str, shapes: Sequence[Shape] | None) -> SnapshotSet | None:
    """The snapshots kept in the model file at `path`, checked against the shapes of the
    model's arrays (`shapes`, in order; None: a model digitpad does not lay out itself),
    or None when the file keeps none. Raises `SnapshotError` (the snapshots are damaged or
    hostile) or `ModelError` (the file itself is not a usable model)."""
    path = expanded(path)
    raw = _member(path)
    if raw is None:
        return None
    if shapes is None:
        raise refusal(path, "layers")
    return parse(raw, shapes, path)


def _member(path: Path) -> bytes | None:
    """The attachment's bytes, read through the archive's checks, its size checked first."""
    with open_checked(path) as (f, _budget):
        try:
            with open_zip(f, MAX_MEMBERS) as archive:
                try:
                    info = archive.getinfo(ATTACHMENT_PREFIX + ATTACHMENT)
                except KeyError:
                    return None
                if info.file_size > MAX_MEMBER:
                    raise refusal(path, "size", size=format_size(info.file_size))
                return archive.read(info)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise refusal(path, "damaged") from exc


def parse(raw: bytes, shapes: Sequence[Shape], path: Path | str) -> SnapshotSet:
    """The attachment `raw` read and checked against the model's array `shapes`."""
    parameters = sum(math.prod(shape) for shape in shapes)
    try:
        head = read_npz(io.BytesIO(raw), _header_specs())
    except NpzError as exc:
        raise refusal(path, _npz_why(exc), size=format_size(len(raw))) from exc
    fmt, encoding = int(head["format"]), int(head["encoding"])
    if fmt != FORMAT or encoding not in (FLOAT16, CODES) or int(head["from_model"]) not in (0, 1):
        raise refusal(path, "format")
    steps = [int(s) for s in head["steps"].reshape(-1)]
    steps_per_epoch = int(head["steps_per_epoch"])
    _check_steps(steps, steps_per_epoch, path)
    stored = len(steps) - 1
    try:
        arrays = read_npz(io.BytesIO(raw), _value_specs(encoding, stored, parameters, shapes))
    except NpzError as exc:
        raise refusal(path, _npz_why(exc), size=format_size(len(raw))) from exc
    values = arrays["values"]
    if values.shape != (stored, parameters):
        raise refusal(path, "shape")
    low = scale = None
    if encoding == CODES:
        low, scale = arrays["low"], arrays["scale"]
        wanted = (stored, channels(shapes))
        if low.shape != wanted or scale.shape != wanted:
            raise refusal(path, "shape")
        if not (np.isfinite(low).all() and np.isfinite(scale).all() and (scale >= 0).all()):
            raise refusal(path, "values")
        # Every decoded value within float16's range, the bound float16 rows already have:
        # the NumPy pass stays finite (a low of -1e38 and a scale of 1e36 would overflow it).
        top = low.astype(np.float64) + 255 * scale.astype(np.float64)
        reach = np.maximum(np.abs(low.astype(np.float64)), np.abs(top))
        if reach.size and float(reach.max()) > LARGEST:
            raise refusal(path, "values")
    elif not np.isfinite(values).all():
        raise refusal(path, "values")
    from_model = bool(int(head["from_model"]))
    return SnapshotSet(
        tuple(steps), steps_per_epoch, from_model, tuple(shapes), encoding, values, low, scale
    )


def _header_specs() -> dict[str, ArraySpec]:
    scalar = ArraySpec("i", (), 8, itemsize=8)
    return {
        "format": scalar,
        "steps": ArraySpec("i", (MAX_LISTED,), 8 * MAX_LISTED, itemsize=8),
        "steps_per_epoch": scalar,
        "from_model": scalar,
        "encoding": scalar,
    }


def _value_specs(
    encoding: int, stored: int, parameters: int, shapes: Sequence[Shape]
) -> dict[str, ArraySpec]:
    """Exactly the arrays a set of `stored` rows may hold: their bytes are known before any
    is read (and each must fit the budget)."""
    if encoding == FLOAT16:
        return {"values": ArraySpec("f", (stored, parameters), 2 * stored * parameters, 2)}
    n = channels(shapes)
    side = ArraySpec("f", (stored, n), 4 * stored * n, 4)
    return {
        "values": ArraySpec("u", (stored, parameters), stored * parameters, 1),
        "low": side,
        "scale": side,
    }


def _npz_why(exc: NpzError) -> str:
    if exc.kind in ("too_big", "declared", "ratio"):
        return "size"
    if exc.kind in ("dtype", "object"):
        return "type"
    return "shape" if exc.kind == "shape" else "damaged"


def _check_steps(steps: list[int], steps_per_epoch: int, path: Path | str) -> None:
    if not 2 <= len(steps) <= MAX_SNAPSHOTS:
        raise refusal(path, "count", count=len(steps), limit=MAX_SNAPSHOTS)
    if not 1 <= steps_per_epoch <= MAX_STEPS_PER_EPOCH:
        raise refusal(path, "steps")
    rising = all(b > a for a, b in itertools.pairwise(steps))
    last = steps[-1]
    whole_epochs = last % steps_per_epoch == 0 and last // steps_per_epoch <= MAX_EPOCHS
    if steps[0] != 0 or not rising or not whole_epochs:
        raise refusal(path, "steps")
