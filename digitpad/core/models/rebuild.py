"""The Keras model of a legacy `.h5` file, built by digitpad from what it read, never by Keras'
loader.

Fine-tuning, training on and a layer the NumPy pass does not cover need a
Keras model. Keras' loader for a legacy file would deserialize whatever it
names; digitpad instead builds each layer of the chain it already read and
checked (`legacy.read_legacy`) from its own config, with the Keras class its
registry entry names (`registry.kind_for_class`: a kind digitpad sizes, so
never a Lambda or a custom class), puts them after an input of the pad's
shape (a Sequential model as a Sequential, a functional chain as a
functional model) and gives each layer the arrays read from the file.
TensorFlow is imported here, and only here, for such a file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.errors import ModelError
from digitpad.core.files import shown
from digitpad.core.i18n import _
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.registry import kind_for_class
from digitpad.core.models.reader import ModelFile

if TYPE_CHECKING:
    import keras


def _keras_layer(info: LayerInfo, path: str) -> Any:
    """The Keras layer `info` describes, made from its config by its registry entry's class."""
    from keras import layers

    kind = kind_for_class(info.class_name)
    cls = getattr(layers, info.class_name, None) if kind is not None else None
    if cls is None:  # the budget refused any class without an entry: never here
        raise ModelError(
            _("{path} uses a kind of layer digitpad does not load ({detail}).").format(
                path=path, detail=shown(info.class_name)
            )
        )
    try:
        return cls.from_config(dict(info.config))
    except (TypeError, ValueError) as exc:  # an argument this Keras does not take
        raise _unbuilt(path) from exc


def keras_model(model_file: ModelFile) -> keras.Model:
    """The Keras model of `model_file` (a legacy file: one chain of known layers), with its
    weights as read."""
    import keras

    path = shown(model_file.path)
    architecture = model_file.architecture
    if architecture is None:
        raise ModelError(
            _(
                "{path} is a legacy .h5 model whose layers do not run one after another; "
                "digitpad reads such a model only as a .keras file."
            ).format(path=path)
        )
    infos = architecture.infos
    first = infos[0] if infos and infos[0].class_name == "InputLayer" else None
    body = [_keras_layer(info, path) for info in infos if info is not first]
    name = model_file.config.get("config", {}).get("name")
    name = name if isinstance(name, str) else None
    inputs = keras.Input(shape=INPUT_SHAPE, name=first.name if first is not None else None)
    if model_file.config.get("class_name") == "Sequential":
        model = keras.Sequential([inputs, *body], name=name)
    else:
        x = inputs
        for layer in body:
            x = layer(x)
        model = keras.Model(inputs, x, name=name)
    try:
        for layer in model.layers:
            arrays = model_file.weights.get(layer.name)
            if arrays:
                layer.set_weights(list(arrays))
    except ValueError as exc:  # shapes Keras builds otherwise than the registry sizes them
        raise _unbuilt(path) from exc
    return model


def _unbuilt(path: str) -> ModelError:
    return ModelError(
        _(
            "{path} could not be loaded; Keras could not rebuild the model it describes "
            "(it may be damaged, or saved by an incompatible program)."
        ).format(path=path)
    )
