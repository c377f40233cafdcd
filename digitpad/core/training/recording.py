"""Which moments of a run are kept as snapshots, and keeping them as training reaches them.

The plan: step 0 (before any batch), after 1, 2, 4, 8, … batches, and the end of every
epoch, the last being the end of training (the model itself, stored once as the model).
At most `MAX_SNAPSHOTS`, and the stored ones must fit `BUDGET` bytes: as float16 when they
do, else as 8-bit codes per channel (`models.snapshots`). When a run has more moments than
fit, `thinned` keeps step 0, the end, the first epoch's end and the powers of 4 before it
(where the network changes most), then the other epoch ends (evenly), then the other
powers of 2. A run of the course's network (1,199,882 parameters, 469 batches an epoch)
keeps all 11 of its moments as float16 after one epoch, 13 as codes after two, and 21
(every epoch end) after twelve.

Deciding it before training starts bounds the memory the snapshots take while training
runs (each is encoded as it is taken) and the file they are saved in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from digitpad.core.layers.sizes import Shape
from digitpad.core.models.snapshots import (
    BUDGET,
    CODES,
    FLOAT16,
    MAX_SNAPSHOTS,
    Row,
    SnapshotSet,
    channels,
    encode,
    stored_bytes,
)


@dataclass(frozen=True)
class Plan:
    """The steps to keep (rising from 0; the last is the end of training) and how."""

    steps: tuple[int, ...]
    encoding: int


def wanted_steps(epochs: int, steps_per_epoch: int) -> list[int]:
    """Every moment a run would keep without limits: 0, the powers of 2, the epoch ends."""
    total = epochs * steps_per_epoch
    powers = {2**k for k in range(total.bit_length()) if 2**k <= total}
    ends = {e * steps_per_epoch for e in range(1, epochs + 1)}
    return sorted({0} | powers | ends)


def plan(
    epochs: int,
    steps_per_epoch: int,
    shapes: Sequence[Shape],
    *,
    limit: int = MAX_SNAPSHOTS,
    budget: int = BUDGET,
) -> Plan | None:
    """The snapshots of a run of `epochs` × `steps_per_epoch` batches of a network whose
    arrays have `shapes`; None when not even step 0 fits the budget (a huge network)."""
    wanted = wanted_steps(epochs, steps_per_epoch)
    parameters = sum(math.prod(shape) for shape in shapes)
    n_channels = channels(shapes)
    rooms = {}
    for encoding in (FLOAT16, CODES):
        size = max(1, stored_bytes(encoding, parameters, n_channels))
        rooms[encoding] = min(limit, budget // size + 1)  # + 1: the end is the model itself
        if len(wanted) <= rooms[encoding]:
            return Plan(tuple(wanted), encoding)
    encoding = FLOAT16 if rooms[FLOAT16] >= rooms[CODES] else CODES
    if rooms[encoding] < 2:
        return None
    return Plan(thinned(wanted, epochs, steps_per_epoch, rooms[encoding]), encoding)


def thinned(wanted: list[int], epochs: int, steps_per_epoch: int, room: int) -> tuple[int, ...]:
    """`room` of the `wanted` steps (room ≥ 2), in this order: 0 and the end; the first
    epoch's end and the powers of 4 before it (1, 4, 16, …: where the network changes
    most); the other epoch ends (evenly, when there is no room for all); the other powers
    of 2 in the first epoch (2, 8, 32, …); the powers of 2 after it."""
    total = epochs * steps_per_epoch
    kept = {0, total}
    early = [s for s in wanted if 0 < s <= steps_per_epoch]
    ends = [s for s in wanted if s % steps_per_epoch == 0 and steps_per_epoch < s < total]
    fours = [s for s in early if (s.bit_length() - 1) % 2 == 0 or s == steps_per_epoch]
    tiers = [
        fours,
        ends,
        [s for s in early if s not in fours],
        [s for s in wanted if s > steps_per_epoch and s not in ends],
    ]
    for tier in tiers:
        fresh = [s for s in tier if s not in kept]
        left = room - len(kept)
        if len(fresh) > left:
            picks = np.linspace(0, len(fresh) - 1, left) if left > 0 else np.zeros(0)
            if tier is ends:  # evenly over the run
                kept |= {fresh[round(i)] for i in picks}
            else:  # the earliest first
                kept |= set(fresh[:left])
            break
        kept |= set(fresh)
    return tuple(sorted(kept))


@dataclass
class Recorder:
    """Keeps the planned snapshots of one run as training reaches them (each encoded at
    once), and hands back the set when the run has ended."""

    plan: Plan
    steps_per_epoch: int
    from_model: bool  # step 0 is a model training started from
    shapes: tuple[Shape, ...]
    rows: dict[int, Row] = field(default_factory=dict)
    failed: bool = False  # weights that were not finite numbers: nothing is kept

    def wants(self, step: int) -> bool:
        """Whether the weights after `step` batches are to be stored (not the end's)."""
        return not self.failed and step in self.plan.steps[:-1] and step not in self.rows

    def keep(self, step: int, arrays: Sequence[np.ndarray]) -> None:
        """Store the network's `arrays` (in order) as the snapshot after `step` batches."""
        if [tuple(np.shape(a)) for a in arrays] != list(self.shapes):
            self.failed = True
            return
        row = encode(arrays, self.plan.encoding)
        if row is None:
            self.failed = True
        else:
            self.rows[step] = row

    def snapshots(self, steps_done: int) -> SnapshotSet | None:
        """The set, once the run has ended after `steps_done` batches; None when it ended
        early or a snapshot could not be kept."""
        stored = self.plan.steps[:-1]
        if self.failed or steps_done != self.plan.steps[-1] or set(self.rows) != set(stored):
            return None
        rows = [self.rows[step] for step in stored]
        return SnapshotSet.from_rows(
            self.plan.steps, self.steps_per_epoch, self.from_model, self.shapes, rows
        )
