"""Opening a model file for reading drawings: NumPy from its own weights, Keras only if needed.

`open_model` reads the file without Keras (`reader.read_model_file`: a
`.keras` archive or a legacy `.h5`, every archive and HDF5 check, the weights
checked against the declared layers), checks it is a digit classifier (a
28×28×1 image to ten probabilities) and builds its NumPy network. Only a
model holding a layer the NumPy pass does not cover falls back to Keras
(`store.load_model`: safe_mode for a `.keras`, the model built by digitpad
for a `.h5`), which imports TensorFlow then: `Opened.runtime` is a
`KerasRuntime`, and the window says so.

`runtime_of` does the same for a Keras model already in memory (a network
just trained), from its own config and weights.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.errors import ModelError
from digitpad.core.files import expanded, shown
from digitpad.core.i18n import _
from digitpad.core.inference.keras_runtime import KerasRuntime
from digitpad.core.inference.network import Network
from digitpad.core.layers.kinds.activations import SOFTMAX
from digitpad.core.models.architecture import read_architecture
from digitpad.core.models.checks import PROBE_TOLERANCE
from digitpad.core.models.reader import ModelFile, check_suffix, read_model_file
from digitpad.core.models.store import check_shapes

Runtime = Network | KerasRuntime


@dataclass(frozen=True, eq=False)
class Opened:
    """A model file opened for reading drawings: its passes, and the file as read."""

    runtime: Runtime
    file: ModelFile


def open_model(path: Path | str, *, before_keras: Callable[[], None] | None = None) -> Opened:
    """The model file at `path` with the passes that read drawings; `ModelError` if it cannot
    be used (one sentence naming it). `before_keras` runs before Keras is imported (only
    for a model the NumPy pass does not cover)."""
    path = expanded(path)
    check_suffix(path)
    model_file = read_model_file(path)
    network = None
    if model_file.architecture is not None:
        infos = model_file.architecture.infos
        check_shapes(INPUT_SHAPE, infos[-1].output_shape if infos else (), shown(path))
        network = Network.build(infos, model_file.weights)
    if network is None:
        from digitpad.core.models.store import load_model

        if before_keras is not None:
            before_keras()
        return Opened(KerasRuntime(load_model(path)), model_file)
    check_probabilities(network, path)
    return Opened(network, model_file)


def runtime_of(model: Any) -> Runtime:
    """The passes for a Keras model in memory: NumPy from its own config and weights when
    they cover it (as its file would be read), else Keras' own."""
    import keras

    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model), default=_plain))
    architecture = read_architecture(config)
    if architecture is not None:
        weights = {
            layer.name: tuple(np.asarray(w, np.float32) for w in layer.get_weights())
            for layer in model.layers
        }
        network = Network.build(architecture.infos, weights)
        if network is not None:
            return network
    return KerasRuntime(model)


def _plain(value: Any) -> Any:
    """What json cannot write of a serialized config (NumPy scalars) as plain numbers."""
    return value.item() if isinstance(value, np.generic) else str(value)


def _ends_in_softmax(network: Network) -> bool:
    last = network.layers[-1]
    return last.kind is SOFTMAX or last.config.get("activation") == "softmax"


def check_probabilities(network: Network, path: Path | str) -> None:
    """Refuse a network whose outputs are not probabilities: a softmax at its end, or outputs
    that are non-negative and add up to 1 for a blank and a scribbled pad."""
    if _ends_in_softmax(network):
        return
    images = np.zeros((2, *INPUT_SHAPE[:2]), np.float32)
    images[1] = np.random.default_rng(0).random(INPUT_SHAPE[:2], dtype=np.float32)
    found = network.run(images)
    assert found is not None
    out = found[1]
    sums_to_one = np.all(np.abs(out.sum(axis=1) - 1.0) <= PROBE_TOLERANCE)
    if np.isfinite(out).all() and (out >= -1e-6).all() and sums_to_one:
        return
    raise ModelError(
        _(
            "{path} does not end in probabilities: its ten outputs are not chances that add "
            "up to 1 (a softmax layer), so digitpad cannot show them."
        ).format(path=shown(path))
    )
