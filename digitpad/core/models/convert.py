"""A legacy `.h5` model as the members of a `.keras` archive, written without Keras.

Save As writes `.keras`, whatever the model in use was read from. For a
legacy file digitpad has read (`legacy`), the archive's members are what
Keras 3 would write for that model: its config (already in Keras 3's shape,
`keras2.normalized`, each call's tensors given their shapes) as config.json,
each layer's arrays at the place Keras 3 keeps them
(`layers/<group>/vars/<i>`, the group the architecture names) in
model.weights.h5, and a metadata.json. No optimizer state: Save As keeps the
model, not its training.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from importlib import metadata
from typing import Any

import numpy as np

from digitpad.core.models.architecture import FUNCTIONAL, Architecture
from digitpad.core.models.keras2 import with_shapes

# Where Keras 3 says its model classes live (its own config.json's "module").
MODULES = {
    "Sequential": ("keras", None),
    "Functional": ("keras.src.models.functional", "Functional"),
}


def _keras_version() -> str:
    try:
        return metadata.version("keras")
    except metadata.PackageNotFoundError:
        return "3"


def keras_config(config: dict[str, Any], architecture: Architecture) -> dict[str, Any]:
    """`config` as Keras 3's config.json has it: its top-level module, its input's shape, and
    each call's tensors' shapes."""
    shapes = {layer.info.name: layer.info.output_shape for layer in architecture.layers}
    model = with_shapes(config, shapes)
    kind = "Sequential" if model.get("class_name") == "Sequential" else "Functional"
    if model.get("class_name") in FUNCTIONAL:
        model["class_name"] = kind
    module, registered = MODULES[kind]
    model["module"] = module
    model["registered_name"] = registered
    if architecture.layers:
        first = architecture.layers[0].info
        model.setdefault("build_config", {"input_shape": [None, *first.input_shape]})
    return model


def keras_weights(architecture: Architecture, weights: dict[str, tuple[np.ndarray, ...]]) -> bytes:
    """model.weights.h5 as Keras 3 lays it out, holding each layer's arrays."""
    import h5py

    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as f:
        f.create_group("vars")
        for layer in architecture.layers:
            group = f.create_group(f"{layer.weights_path}/vars")
            group.attrs["name"] = layer.info.name
            for index, array in enumerate(weights.get(layer.info.name, ())):
                group.create_dataset(str(index), data=np.asarray(array))
    return buffer.getvalue()


def keras_members(
    config: dict[str, Any],
    architecture: Architecture,
    weights: dict[str, tuple[np.ndarray, ...]],
) -> dict[str, bytes]:
    """config.json, model.weights.h5 and metadata.json of a `.keras` archive for the model."""
    stamp = datetime.now().strftime("%Y-%m-%d@%H:%M:%S")
    return {
        "metadata.json": json.dumps(
            {"keras_version": _keras_version(), "date_saved": stamp}
        ).encode("utf-8"),
        "config.json": json.dumps(keras_config(config, architecture)).encode("utf-8"),
        "model.weights.h5": keras_weights(architecture, weights),
    }
