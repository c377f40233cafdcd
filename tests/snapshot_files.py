"""Model files with snapshots made in the tests, without training: the bundled model (the
course's network) with a snapshots attachment of the test's making, valid or not."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core.models.reader import read_model_file
from digitpad.core.models.snapshots import FLOAT16, SnapshotSet, encode
from digitpad.core.models.store import save_copy
from digitpad.core.paths import bundled_model_path

COURSE = ((3, 3, 1, 32), (32,), (3, 3, 32, 64), (64,), (9216, 128), (128,), (128, 10), (10,))
PARAMETERS = sum(int(np.prod(s)) for s in COURSE)


def bundled_with(
    path: Path, attachment: bytes | None, record: dict[str, Any] | None = None
) -> Path:
    """A copy of the bundled model at `path`, keeping `attachment` as its snapshots (and
    `record` as its record)."""
    members = read_model_file(bundled_model_path()).keras_members
    riding = None if attachment is None else {"snapshots.npz": attachment}
    return save_copy(members, path, record, attachments=riding)


def run_record(name: str) -> dict[str, Any]:
    """A run's record: a name and one epoch's curves (what makes a model a run)."""
    epoch = {"epoch": 1, "loss": 0.3, "accuracy": 0.9, "val_loss": 0.1, "val_accuracy": 0.97}
    batches = {"x": [0.5, 1.0], "loss": [0.6, 0.3], "accuracy": [0.8, 0.9]}
    return {"name": name, "epochs": 1, "history": {"batches": batches, "epochs": [epoch]}}


def made_up_set(
    steps: tuple[int, ...] = (0, 1, 2, 4, 8), steps_per_epoch: int = 8, encoding: int = FLOAT16
) -> SnapshotSet:
    """Snapshots of the course's network at `steps` (the last is the model): the bundled
    model's weights, ever more scrambled towards step 0."""
    weights = read_model_file(bundled_model_path()).weights
    arrays = [a for layer in weights.values() for a in layer]
    rng = np.random.default_rng(0)
    rows = []
    for i in range(len(steps) - 1):
        share = 1.0 - (i + 1) / len(steps)
        noisy = [a + share * rng.normal(0, 0.5, a.shape).astype(np.float32) for a in arrays]
        row = encode(noisy, encoding)
        assert row is not None
        rows.append(row)
    return SnapshotSet.from_rows(steps, steps_per_epoch, False, COURSE, rows)


def npz(**arrays: Any) -> bytes:
    """An `.npz` of exactly `arrays` (object arrays pickled, as a hostile file may hold)."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def set_arrays(snapshots: SnapshotSet) -> dict[str, Any]:
    """The arrays `snapshots` is stored as, to be edited into hostile variants."""
    with np.load(io.BytesIO(snapshots.to_bytes())) as stored:
        return {name: stored[name] for name in stored.files}
