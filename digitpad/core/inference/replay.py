"""A model's training, replayed: the network as it was at each snapshot of its run.

A snapshot is just another set of weight arrays for the same layers: the model file's
config lays out the layers (`models.architecture`), its snapshots attachment gives the
arrays (`models.snapshots`, read and checked like the weights), and the NumPy network is
built from them by the same code as the model's own (`network.Network.build`), with no
TensorFlow. The last snapshot is the model itself (its own weights), so a drawing read at
the end of the replay is read exactly as `digitpad predict` reads it.

`digitpad replay` reads one image with every snapshot (`read_over_training`); the window's
training-time slider builds one snapshot's `Predictor` at a time (`Replay.predictor`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core.inference.network import Network
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.models.reader import ModelFile
from digitpad.core.models.snapshots import Moment, SnapshotSet, read_snapshots, refusal


@dataclass(frozen=True, eq=False)
class Replay:
    """A model file's run: its snapshots and how to make a network of each."""

    path: Path
    snapshots: SnapshotSet
    layers: tuple[LayerInfo, ...]
    counts: tuple[tuple[str, int], ...]  # each layer's name and how many arrays it holds
    final: Mapping[str, tuple[np.ndarray, ...]]  # the model's own weights: the last snapshot

    @property
    def moments(self) -> tuple[Moment, ...]:
        return self.snapshots.moments

    @property
    def from_model(self) -> bool:
        """Step 0 is the model training started from (continued or fine-tuned), not random
        weights."""
        return self.snapshots.from_model

    def __len__(self) -> int:
        return len(self.snapshots)

    def weights(self, index: int) -> dict[str, tuple[np.ndarray, ...]]:
        """Snapshot `index`'s arrays by layer name."""
        return self.snapshots.layer_weights(index, self.counts, self.final)

    def network(self, index: int) -> Network:
        """The NumPy network at snapshot `index`."""
        network = Network.build(self.layers, self.weights(index))
        assert network is not None  # the model's own layers, which its network covers
        return network

    def predictor(self, index: int) -> Predictor:
        """A predictor of snapshot `index` (no digit judgement: its statistics were fitted to
        the finished model, so the panel shows the bare softmax)."""
        return Predictor(self.network(index))


def computable(
    layers: tuple[LayerInfo, ...], weights: Mapping[str, tuple[np.ndarray, ...]]
) -> bool:
    """Whether the NumPy pass builds the network of `layers` (LeakyReLU, ELU, PReLU,
    Conv2DTranspose… need Keras' pass): a replay, or a run's snapshots, need it."""
    return Network.build(layers, weights) is not None


def open_replay(model_file: ModelFile) -> Replay | None:
    """The replay of the model file read as `model_file`, or None when it keeps no snapshots.
    Raises `SnapshotError` (one sentence) when they cannot be used, among them the snapshots
    of a network the NumPy pass does not build."""
    architecture = model_file.architecture
    shapes = None
    if architecture is not None and computable(architecture.infos, model_file.weights):
        shapes = [v.shape for layer in architecture.layers for v in layer.variables]
    snapshots = read_snapshots(model_file.path, shapes)
    if snapshots is None:
        return None
    assert architecture is not None  # read_snapshots refuses a set without it
    counts = tuple((layer.info.name, len(layer.variables)) for layer in architecture.layers)
    return Replay(model_file.path, snapshots, architecture.infos, counts, model_file.weights)


@dataclass(frozen=True)
class Reading:
    """What the network at one snapshot made of the drawing."""

    moment: Moment
    final: bool  # the model itself
    probabilities: np.ndarray  # (10,)

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))


def read_over_training(replay: Replay, framed: np.ndarray) -> list[Reading]:
    """The framed (28, 28) drawing read by the network at every snapshot, in order: by the
    batch pass `predict` uses, so the last reading is `predict`'s to the last digit. Raises
    `SnapshotError` when a snapshot's network reads probabilities that are not numbers."""
    readings = []
    image = np.asarray(framed, dtype=np.float32)[None]
    for index, moment in enumerate(replay.moments):
        with np.errstate(over="ignore", invalid="ignore"):  # refused below, in one sentence
            found = replay.network(index).run(image)
        assert found is not None  # only a stop request ends a run early
        if not np.isfinite(found[1][0]).all():
            raise refusal(replay.path, "reading")
        final = replay.snapshots.is_final(index)
        readings.append(Reading(moment, final, found[1][0]))
    return readings
