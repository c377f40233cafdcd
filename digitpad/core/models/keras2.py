"""A legacy `.h5` file's model config in the shape Keras 3's config.json has, so one set of
checks reads both.

Keras 3 writes a legacy `.h5` (`model.save("x.h5")`) with nearly its own
config; Keras 2 (the course's era, and `tf.keras` until TensorFlow 2.16)
wrote the same layers in an older shape:

- a Sequential model's layers may be the config itself (Keras 2.0–2.2.2), and
  the first layer may carry the input's shape (`batch_input_shape`) instead of
  an InputLayer before it (Keras 2.2) — Keras 3 takes it from an InputLayer;
- an InputLayer names its shape `batch_input_shape`, Keras 3 `batch_shape`;
- a functional model's calls are lists `[[layer, node, tensor, kwargs]]`
  where Keras 3 writes `{"args": [tensor…], "kwargs": {}}` with each tensor's
  `keras_history`;
- a model's one input or output as `[[layer, 0, 0]]`, Keras 3's `[layer, 0, 0]`;
- a one-item `axis` (BatchNormalization's `[3]`) where Keras 3 wants `3`;
- a Sequential's `build_input_shape` in its config, which Keras 3 keeps in
  the model's `build_config`.

`normalized` rewrites just those and leaves everything else as it was (the
budget and the architecture then refuse what they refuse in config.json: a
Lambda, a custom layer, an unknown kind). A config already in Keras 3's shape
comes back equal. Nothing here runs or imports Keras.
"""

from __future__ import annotations

import copy
from typing import Any

SEQUENTIAL, FUNCTIONAL = "Sequential", ("Functional", "Model")


def normalized(config: Any) -> Any:
    """`config` (a model's, parsed from JSON) in Keras 3's shape; anything that is not a
    model config comes back as it was, for the budget to refuse."""
    if not isinstance(config, dict) or not isinstance(config.get("config"), (dict, list)):
        return config
    model = copy.deepcopy(config)
    kind = model.get("class_name")
    if kind == SEQUENTIAL:
        _sequential(model)
    elif kind in FUNCTIONAL and isinstance(model["config"], dict):
        _functional(model["config"])
    return model


def _layer_config(entry: Any) -> dict[str, Any] | None:
    if isinstance(entry, dict) and isinstance(entry.get("config"), dict):
        return entry["config"]
    return None


def _sequential(model: dict[str, Any]) -> None:
    if isinstance(model["config"], list):  # Keras 2.0–2.2.2: the layers were the config
        model["config"] = {"name": "sequential", "layers": model["config"]}
    body = model["config"]
    layers = body.get("layers")
    if not isinstance(layers, list):
        return
    built = body.pop("build_input_shape", None)
    if built is not None and "build_config" not in model:
        model["build_config"] = {"input_shape": built}
    first = _layer_config(layers[0]) if layers else None
    shape = None
    for entry in layers:
        config = _layer_config(entry)
        if config is None:
            continue
        declared = config.pop("batch_input_shape", None)
        if entry.get("class_name") == "InputLayer":
            if declared is not None and "batch_shape" not in config:
                config["batch_shape"] = declared
        elif config is first and declared is not None:
            shape = declared
        _axis(config)
    if shape is not None:  # Keras 2.2: the first layer said the input's shape
        dtype = first.get("dtype") if first is not None else None
        layers.insert(
            0,
            {
                "class_name": "InputLayer",
                "config": {
                    "batch_shape": shape,
                    "dtype": dtype if isinstance(dtype, str) else "float32",
                    "name": "input_layer",
                },
            },
        )


def _axis(config: dict[str, Any]) -> None:
    axis = config.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        config["axis"] = axis[0]


def _functional(body: dict[str, Any]) -> None:
    for end in ("input_layers", "output_layers"):  # one input: Keras 3 writes it bare
        value = body.get(end)
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
            body[end] = value[0]
    layers = body.get("layers")
    if not isinstance(layers, list):
        return
    for entry in layers:
        config = _layer_config(entry)
        if config is None:
            continue
        declared = config.pop("batch_input_shape", None)
        if entry.get("class_name") == "InputLayer" and declared is not None:
            config.setdefault("batch_shape", declared)
        _axis(config)
        nodes = entry.get("inbound_nodes")
        if isinstance(nodes, list):
            entry["inbound_nodes"] = [_node(node) for node in nodes]


def _tensor(history: list[Any]) -> dict[str, Any]:
    return {
        "class_name": "__keras_tensor__",
        "config": {"shape": None, "dtype": "float32", "keras_history": history[:3]},
    }


def _node(node: Any) -> Any:
    """A Keras 2 call `[[layer, node, tensor, kwargs], …]` as Keras 3 writes it."""
    if not isinstance(node, list) or not all(
        isinstance(item, list) and len(item) in (3, 4) for item in node
    ):
        return node  # already Keras 3's (a dict), or not a call at all: left to the checks
    tensors = [_tensor(item) for item in node]
    kwargs: dict[str, Any] = {}
    for item in node:
        if len(item) == 4 and isinstance(item[3], dict):
            kwargs.update(item[3])
    args = tensors if len(tensors) == 1 else [tensors]
    return {"args": args, "kwargs": kwargs}


def with_shapes(config: dict[str, Any], shapes: dict[str, tuple[int, ...]]) -> dict[str, Any]:
    """`config` with each call's tensors given the output shape of the layer that made them
    (`shapes`, by layer name, batch axis left out), as Keras 3 writes them in config.json."""
    model = copy.deepcopy(config)
    body = model.get("config")
    layers = body.get("layers") if isinstance(body, dict) else None
    for entry in layers if isinstance(layers, list) else []:
        if isinstance(entry, dict):
            _fill(entry.get("inbound_nodes"), shapes)
    return model


def _fill(value: Any, shapes: dict[str, tuple[int, ...]]) -> None:
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            config = value.get("config")
            if not isinstance(config, dict):
                return
            history = config.get("keras_history")
            if isinstance(history, list) and history and _is_name(history[0], shapes):
                config["shape"] = [None, *shapes[history[0]]]
            return
        for item in value.values():
            _fill(item, shapes)
    elif isinstance(value, list):
        for item in value:
            _fill(item, shapes)


def _is_name(value: Any, shapes: dict[str, tuple[int, ...]]) -> bool:
    """A layer name `shapes` knows (a list or dict there is unhashable: not a name)."""
    return isinstance(value, str) and value in shapes
