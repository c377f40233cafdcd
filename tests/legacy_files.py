"""Model files as students' Keras saves them: trained with the course's script, optimizer
state and all, as .keras, as Keras 3's legacy .h5, and in Keras 2's exact .h5 layout.

Keras 3 writes the first two itself. Keras 2 is not installed with the tests, so
`keras2_h5` writes its layout with h5py from a Keras 3 model's config and
weights, as Keras 2 (`tf.keras`, and the older standalone Keras 2.2) laid it
out: `model_config` and `training_config` as JSON attributes, every layer's
group under `model_weights` with its `weight_names` (`conv2d/kernel:0`) and the
arrays at those names, the optimizer's arrays under `optimizer_weights`.
tests/fixtures/keras2/ holds a file Keras 2 wrote itself, and
tests/core/test_legacy_models.py checks this layout against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import h5py
import keras
import numpy as np
from keras import layers

FIXTURE = Path(__file__).parent / "fixtures" / "keras2"
# What Keras 3 adds to a layer's config that Keras 2 never wrote.
KERAS3_ONLY = ("quantization_config", "lora_rank", "lora_alpha", "synchronized")


def course_network() -> keras.Model:
    """The course's network, written as its script writes it (input_shape on the first layer)."""
    model = keras.Sequential()
    model.add(layers.Conv2D(32, kernel_size=(3, 3), activation="relu", input_shape=(28, 28, 1)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D(pool_size=(2, 2)))
    model.add(layers.Dropout(0.25))
    model.add(layers.Flatten())
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(0.5))
    model.add(layers.Dense(10, activation="softmax"))
    return model


def trained(model: keras.Model, optimizer: Any, data: Any, batches: int = 2) -> keras.Model:
    """`model` compiled as the course does and trained for a few batches of the fixture."""
    count = 128 * batches
    x = data.x_train[:count].astype("float32")[..., None] / 255.0
    y = keras.utils.to_categorical(data.y_train[:count], 10)
    model.compile(loss="categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    return model


def fixture_digits(data: Any, count: int = 16) -> np.ndarray:
    """The first test images of the fixture, (count, 28, 28) in [0, 1]."""
    return data.x_test[:count].astype("float32") / 255.0


def keras_probabilities(model: keras.Model, images: np.ndarray) -> np.ndarray:
    return np.asarray(model(images[..., None], training=False))


# Keras 2's layout ---------------------------------------------------------------------------


def _keras2_object(value: Any, with_module: bool) -> Any:
    """A nested serialized object (an initializer) as Keras 2 wrote it."""
    if isinstance(value, dict) and "class_name" in value and "config" in value:
        keras3 = ("input_axes", "output_axes")
        config = {k: v for k, v in value["config"].items() if k not in keras3}
        out: dict[str, Any] = {"class_name": value["class_name"], "config": config}
        if with_module:  # tf.keras 2.13 and later wrote these too
            out = {"module": "keras.initializers", **out, "registered_name": None}
        return out
    return value


def keras2_config(model: keras.Model, era: str) -> dict[str, Any]:
    """`model`'s config as Keras 2 wrote it: "tf.keras" (an InputLayer first, the first layer
    also naming `batch_input_shape`) or "2.2" (the layers as the config itself, no InputLayer,
    a one-item list for an axis)."""
    entries = []
    for index, layer in enumerate(model.layers):
        config: dict[str, Any] = {}
        for key, value in layer.get_config().items():
            if key in KERAS3_ONLY:
                continue
            if key == "dtype":
                value = "float32"
            elif key == "axis" and isinstance(value, int):
                value = [value]
            config[key] = _keras2_object(value, era == "tf.keras")
        if index == 0:
            config = {"name": config["name"], "batch_input_shape": [None, 28, 28, 1], **config}
        entries.append({"class_name": type(layer).__name__, "config": config})
    if era == "2.2":
        return {"class_name": "Sequential", "config": entries}
    first = {
        "class_name": "InputLayer",
        "config": {
            "batch_input_shape": [None, 28, 28, 1],
            "dtype": "float32",
            "sparse": False,
            "ragged": False,
            "name": f"{model.layers[0].name}_input",
        },
    }
    return {"class_name": "Sequential", "config": {"name": model.name, "layers": [first, *entries]}}


def _strings(values: list[str], fixed: bool) -> Any:
    if not values:
        return np.array([], dtype=np.float64)  # as Keras saved an empty list
    if fixed:
        return np.array([v.encode() for v in values])  # Keras 2.2: fixed-length bytes
    return np.array(values, dtype=h5py.string_dtype())


def _text(value: str, fixed: bool) -> Any:
    return np.bytes_(value.encode()) if fixed else value


def keras2_h5(
    model: keras.Model, path: Path, *, optimizer: bool = True, era: str = "tf.keras"
) -> Path:
    """`model` (Keras 3, Sequential) written at `path` in Keras 2's .h5 layout, with Adadelta's
    two accumulators per weight (zeros) when `optimizer`."""
    fixed = era == "2.2"
    version = "2.2.4" if fixed else "2.15.0"
    with h5py.File(path, "w") as f:
        f.attrs["backend"] = _text("tensorflow", fixed)
        f.attrs["keras_version"] = _text(version, fixed)
        f.attrs["model_config"] = _text(json.dumps(keras2_config(model, era)), fixed)
        weights = f.create_group("model_weights")
        weights.attrs["layer_names"] = _strings([layer.name for layer in model.layers], fixed)
        weights.attrs["backend"] = _text("tensorflow", fixed)
        weights.attrs["keras_version"] = _text(version, fixed)
        learned = []  # (name, shape) of each weight training changes: the optimizer's
        for layer in model.layers:
            group = weights.create_group(layer.name)
            names = [f"{layer.name}/{v.name}:0" for v in layer.weights]
            group.attrs["weight_names"] = _strings(names, fixed)
            for name, variable in zip(names, layer.weights, strict=True):
                group.create_dataset(name, data=np.asarray(variable))
                if variable.trainable:
                    learned.append((name, np.asarray(variable).shape))
        top = weights.create_group("top_level_model_weights")
        top.attrs["weight_names"] = _strings([], fixed)
        if not optimizer:
            return path
        training = {
            "loss": "categorical_crossentropy",
            "metrics": ["accuracy"],
            "optimizer_config": {
                "class_name": "Adadelta" if fixed else "Custom>Adadelta",
                "config": {"name": "Adadelta", "learning_rate": 1.0, "rho": 0.95, "epsilon": 1e-07},
            },
        }
        f.attrs["training_config"] = _text(json.dumps(training), fixed)
        state = f.create_group("optimizer_weights")
        names = ["iteration:0"]
        state.create_dataset("iteration:0", data=np.int64(2))
        for name, shape in learned:
            for slot in ("accumulated_grad", "accumulated_delta_var"):
                slot_name = f"Adadelta/{slot}/{name}"
                state.create_dataset(slot_name, data=np.zeros(shape, np.float32))
                names.append(slot_name)
        state.attrs["weight_names"] = _strings(names, fixed)
    return path


def layout(path: Path) -> list[tuple[str, ...]]:
    """Every group and dataset of an HDF5 file and its attributes, with each layer's name
    replaced by its class's (so two models of the same layers compare equal); values left out."""
    rows: list[tuple[str, ...]] = []
    with h5py.File(path, "r") as f:
        config = json.loads(f.attrs["model_config"])
        names = {
            e["config"]["name"]: e["class_name"]
            for e in config["config"]["layers"]
            if e["class_name"] != "InputLayer"
        }

        def generic(text: str) -> str:
            for name, cls in sorted(names.items(), key=lambda item: -len(item[0])):
                text = text.replace(name, cls)
            return text

        def attributes(obj: Any) -> str:
            return ",".join(
                f"{key}:{obj.attrs.get_id(key).dtype.kind}" for key in sorted(obj.attrs.keys())
            )

        def visit(name: str, obj: Any) -> None:
            kind = "D" if isinstance(obj, h5py.Dataset) else "G"
            shape = f"{obj.shape} {obj.dtype}" if kind == "D" else ""
            rows.append((kind, generic(name), shape, attributes(obj)))

        rows.append(("root", "", "", attributes(f)))
        f.visititems(visit)
    return sorted(rows)
