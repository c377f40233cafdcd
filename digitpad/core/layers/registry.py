"""The one registry of layer kinds: every kind of Keras layer digitpad knows, listed once.

Each kind is one entry (`kind.LayerKind`), made in its own module under
`kinds/` with everything that differs by kind: the layer table's words, its
arguments in the course's code, its sizes from a serialized config, its live
NumPy step, its worked numbers, sentences and terminal lines in the
walk-through. `KINDS` lists them; lookups go by the Keras class (as napari's
`layer_to_controls` maps layer types to their controls) or by its name. The
summary, the inside view, the code's parser and check, a model file's budget,
the live pass and the walk-through read these entries; none of them
dispatches on class names. A new kind is its module and one line in `KINDS`
(its translations and, for a page of its own in the window, a page: see the
README).

Keras is imported only when a real layer is looked up (`kind_of`), never at
import time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from digitpad.core.i18n import N_
from digitpad.core.layers.kind import OTHER, LayerInfo, LayerKind, Shape
from digitpad.core.layers.kinds import (
    activations,
    conv,
    conv_variants,
    dense,
    dropout,
    flatten,
    input_layer,
    merging,
    normalization,
    pooling,
    reshaping,
)

KINDS: tuple[LayerKind, ...] = (
    # The kinds the course's code writes and the walk-through works out, in the order the
    # code's messages name them.
    input_layer.INPUT_LAYER,
    conv.CONV2D,
    pooling.MAX_POOLING2D,
    pooling.AVERAGE_POOLING2D,
    dropout.DROPOUT,
    flatten.FLATTEN,
    dense.DENSE,
    normalization.BATCH_NORMALIZATION,
    # Kinds a model file may hold: sized (and some run live), not taught.
    *conv_variants.KINDS,
    *pooling.GLOBAL,
    *dropout.NOISE,
    normalization.LAYER_NORMALIZATION,
    *activations.KINDS,
    *reshaping.KINDS,
    *merging.KINDS,
)
# Any other layer: named in the walk-through, never sized, so a model file holding it is refused.
UNKNOWN = LayerKind("Layer", OTHER, N_("layer"), arguments=(), in_code=False)


@functools.cache
def _by_class(kinds: tuple[LayerKind, ...]) -> dict[type, LayerKind]:
    """Keras' classes to `kinds` (a later entry for the same class wins)."""
    from keras import layers

    found = (
        (getattr(layers, name, None), kind)
        for kind in kinds
        for name in (kind.keras_class, *kind.subclasses)
    )
    return {cls: kind for cls, kind in found if cls is not None}


def kind_of(layer: object) -> LayerKind:
    """The registry entry for a Keras layer (a subclass counts as its base), else UNKNOWN."""
    table = _by_class(KINDS)
    for cls in type(layer).__mro__:
        if cls in table:
            return table[cls]
    return UNKNOWN


def kind_for_class(name: str) -> LayerKind | None:
    """The entry for a serialized layer's `class_name` (a model file's config), if any."""
    names = (kind for kind in reversed(KINDS) if name in (kind.keras_class, *kind.subclasses))
    return next(names, None)


def kind_named(name: str) -> LayerKind | None:
    """The entry whose Keras class is called `name` as the course's code writes it."""
    kind = next((kind for kind in reversed(KINDS) if kind.keras_class == name), None)
    return kind if kind is not None and kind.in_code else None


def kind_names() -> tuple[str, ...]:
    """The layers the course's code may use, as it writes them."""
    names = (kind.keras_class for kind in KINDS if kind.in_code)
    return tuple(dict.fromkeys(names))


def keras_arguments(kind: LayerKind, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Of a line's arguments, those its Keras layer gets (as its config then holds them)."""
    return {
        a.name: arguments[a.name] for a in kind.accepted() if a.to_keras and a.name in arguments
    }


def keras_layer(kind: LayerKind, arguments: Mapping[str, Any], name: str) -> Any:
    """The Keras layer for one `model.add(...)` line (arguments already checked)."""
    from keras import layers

    return getattr(layers, kind.keras_class)(**keras_arguments(kind, arguments), name=name)


def _shape(shape: Any) -> Shape:
    return tuple(int(d) for d in tuple(shape)[1:])


def _input_shape(layer: Any) -> Shape:
    """The shape a layer takes: its first input's for one that joins several; an input
    layer (in a functional model) takes nothing and gives its own shape."""
    tensor = layer.input
    if isinstance(tensor, (list, tuple)):
        if not tensor:
            return _shape(layer.output.shape)
        tensor = tensor[0]
    return _shape(tensor.shape)


def layer_info(layer: Any) -> LayerInfo:
    """A built Keras layer as a `LayerInfo`."""
    config = dict(layer.get_config())
    activation = config.get("activation")
    trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
    return LayerInfo(
        name=layer.name,
        kind=kind_of(layer),
        class_name=type(layer).__name__,
        input_shape=_input_shape(layer),
        output_shape=_shape(layer.output.shape),
        params=int(layer.count_params()),
        trainable_params=int(trainable),
        activation=activation if isinstance(activation, str) else None,
        config=config,
    )


def model_layers(model: Any) -> tuple[LayerInfo, ...]:
    """Every layer of a loaded model, in order."""
    return tuple(layer_info(layer) for layer in model.layers)


def output_layer(layers: tuple[LayerInfo, ...]) -> LayerInfo | None:
    """The layer that makes the probabilities (the last one), if there is one."""
    return layers[-1] if layers else None


def format_shape(shape: Shape) -> str:
    """A shape as `model.summary()` writes it: (None, 26, 26, 32)."""
    return "(" + ", ".join(["None", *(str(d) for d in shape)]) + ")"
