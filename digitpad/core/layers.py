"""The one registry of layer kinds: what digitpad knows about each kind of Keras layer.

Everything that differs by kind of layer lives in its entry here, keyed by
the Keras layer class (as napari's `layer_to_controls` maps layer types to
their controls): the course's name for it, which lesson step explains it,
whether the inside view shows its activations and in how many columns, how
the layer table describes it, and how its parameter count is derived. The
summary, the activations probe, the inside view and the lesson read these
entries; none of them dispatches on class names. A new kind of layer is one
new entry.

Keras is imported only when a real layer is looked up (`kind_of`), never at
import time.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from digitpad.core.i18n import N_, _, ngettext

Shape = tuple[int, ...]  # sizes without the batch dimension


class Step(enum.Enum):
    """The course's step a kind of layer belongs to (also `explain --json`'s "kind")."""

    INPUT = "input"
    CONV = "conv"
    POOL = "pool"
    DROPOUT = "dropout"
    FLATTEN = "flatten"
    DENSE = "dense"
    SOFTMAX = "softmax"
    NORMALIZATION = "normalization"
    OTHER = "other"


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a loaded model, as every view needs it: shapes stay tuples."""

    name: str
    kind: LayerKind
    class_name: str  # the Keras class, as the course's code writes it
    input_shape: Shape
    output_shape: Shape
    params: int
    trainable_params: int
    activation: str | None  # "relu", "softmax", or None when the layer has none
    config: Mapping[str, Any] = field(default_factory=dict)  # the layer's Keras config

    @property
    def is_map(self) -> bool:
        """Its output is feature maps (H, W, C) rather than a row of neurons."""
        return len(self.output_shape) == 3

    @property
    def step(self) -> Step:
        """The course's step for this layer: a dense layer ending in softmax is the output."""
        if self.kind.step is Step.DENSE and self.activation == "softmax":
            return Step.SOFTMAX
        return self.kind.step

    @property
    def size(self) -> int:
        """Its last dimension: filters, channels or neurons."""
        return self.output_shape[-1] if self.output_shape else 0

    def describe(self) -> str:
        """What the layer is, in the current language ("Convolution: 32 filters · …")."""
        text = self.kind.describe(self)
        if text and self.activation and self.activation != "linear":
            text += " · " + _("activation {name}").format(name=self.activation)
        return text

    def params_formula(self) -> str:
        """How its parameter count follows from its shapes, e.g. "32 × (3×3×1 + 1) = 320"."""
        return self.kind.formula(self)


@dataclass(frozen=True)
class LayerKind:
    """What digitpad knows about one kind of Keras layer."""

    keras_class: str  # the class in `keras.layers`; lookups use the class itself
    step: Step
    term: str  # the course's name for it (marked with N_, translated when shown)
    describe: Callable[[LayerInfo], str]  # the layer table's "What it is"
    formula: Callable[[LayerInfo], str]  # its parameter count, derived
    shown: bool = False  # the inside view draws its activations
    grid_columns: int = 8  # tiles per row in the inside view


def _int(n: int) -> str:
    return f"{n:,}"


def _no_params(info: LayerInfo) -> str:
    return "0"


def _conv_formula(info: LayerInfo) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    channels = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{_int(info.size)} × ({kh}×{kw}×{_int(channels)}{bias}) = {_int(info.params)}"


def _dense_formula(info: LayerInfo) -> str:
    inputs = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{_int(info.size)} × ({_int(inputs)}{bias}) = {_int(info.params)}"


def _norm_formula(info: LayerInfo) -> str:
    per_channel = info.params // max(1, info.size)
    return f"{per_channel} × {_int(info.size)} = {_int(info.params)}"


def _flatten_describe(info: LayerInfo) -> str:
    inner = " × ".join(str(d) for d in info.input_shape)
    return ngettext(
        "Flatten: {inner} = {count:,} value in one row",
        "Flatten: {inner} = {count:,} values in one row",
        info.size,
    ).format(inner=inner, count=info.size)


def _pool_describe(label: str) -> Callable[[LayerInfo], str]:
    def describe(info: LayerInfo) -> str:
        ph, pw = info.config.get("pool_size", (2, 2))
        return _(label).format(height=ph, width=pw)

    return describe


def _dropout_describe(info: LayerInfo) -> str:
    rate = float(info.config.get("rate", 0.0))
    return _("Dropout: drops {share} of its inputs at random while training").format(
        share=f"{100 * rate:g} %"
    )


def _generic_formula(info: LayerInfo) -> str:
    return _int(info.params)


def _conv_describe(info: LayerInfo) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    return ngettext(
        "Convolution: {count} filter of {height}×{width}",
        "Convolution: {count} filters of {height}×{width}",
        info.size,
    ).format(count=info.size, height=kh, width=kw)


def _dense_describe(info: LayerInfo) -> str:
    return ngettext(
        "Dense (fully connected): {count} neuron",
        "Dense (fully connected): {count} neurons",
        info.size,
    ).format(count=info.size)


def _norm_describe(info: LayerInfo) -> str:
    return ngettext(
        "Batch normalization: rescales {count} channel",
        "Batch normalization: rescales {count} channels",
        info.size,
    ).format(count=info.size)


CONV2D = LayerKind(
    "Conv2D", Step.CONV, N_("convolution layer"), _conv_describe, _conv_formula, shown=True
)
MAX_POOLING2D = LayerKind(
    "MaxPooling2D",
    Step.POOL,
    N_("max pooling layer"),
    _pool_describe(N_("Max pooling: keeps the largest of each {height}×{width} window")),
    _no_params,
    shown=True,
)
AVERAGE_POOLING2D = LayerKind(
    "AveragePooling2D",
    Step.POOL,
    N_("average pooling layer"),
    _pool_describe(N_("Average pooling: the mean of each {height}×{width} window")),
    _no_params,
    shown=True,
)
DROPOUT = LayerKind("Dropout", Step.DROPOUT, N_("dropout layer"), _dropout_describe, _no_params)
FLATTEN = LayerKind("Flatten", Step.FLATTEN, N_("flatten layer"), _flatten_describe, _no_params)
DENSE = LayerKind(
    "Dense",
    Step.DENSE,
    N_("fully connected layer"),
    _dense_describe,
    _dense_formula,
    shown=True,
    grid_columns=16,
)
BATCH_NORMALIZATION = LayerKind(
    "BatchNormalization",
    Step.NORMALIZATION,
    N_("batch normalization layer"),
    _norm_describe,
    _norm_formula,
)
OTHER = LayerKind("Layer", Step.OTHER, N_("layer"), lambda info: "", _generic_formula)

KINDS: tuple[LayerKind, ...] = (
    CONV2D,
    MAX_POOLING2D,
    AVERAGE_POOLING2D,
    DROPOUT,
    FLATTEN,
    DENSE,
    BATCH_NORMALIZATION,
)


@functools.cache
def _by_class() -> dict[type, LayerKind]:
    from keras import layers

    return {getattr(layers, kind.keras_class): kind for kind in KINDS}


def kind_of(layer: object) -> LayerKind:
    """The registry entry for a Keras layer (a subclass counts as its base), else OTHER."""
    table = _by_class()
    for cls in type(layer).__mro__:
        if cls in table:
            return table[cls]
    return OTHER


def kind_named(name: str) -> LayerKind | None:
    """The entry whose Keras class is called `name` (as written in the course's code)."""
    return next((kind for kind in KINDS if kind.keras_class == name), None)


def _shape(shape: Any) -> Shape:
    return tuple(int(d) for d in tuple(shape)[1:])


def layer_info(layer: Any) -> LayerInfo:
    """A built Keras layer as a `LayerInfo`."""
    config = dict(layer.get_config())
    activation = config.get("activation")
    trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
    return LayerInfo(
        name=layer.name,
        kind=kind_of(layer),
        class_name=type(layer).__name__,
        input_shape=_shape(layer.input.shape),
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
