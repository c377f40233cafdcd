"""The one registry of layer kinds: what digitpad knows about each kind of Keras layer.

Everything that differs by kind of layer lives in its entry here, keyed by
the Keras layer class (as napari's `layer_to_controls` maps layer types to
their controls): the course's name for it, which lesson step explains it,
whether the inside view shows its activations and in how many columns, how
the layer table describes it and derives its parameter count (`layers.text`),
its arguments and, for pooling, which window arithmetic it does. The summary,
the activations probe, the inside view and the lesson read these entries; none
of them dispatches on class names. Its arguments (`layers.arguments.Argument`, in
Keras' order) say both which ones the course's code may give, by keyword or by
position, and which config values the course's `model.add(...)` line writes
back (the lesson shows it). The code's parser and check (`core.network.reader`,
`core.network.check`) read the entries too: what input a kind needs (feature maps
or a row of values), and how its window can be too large for its input; the Keras
layer is built from the entry's class and those arguments. A new kind of layer is
one new entry.

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

from digitpad.core.i18n import N_, _
from digitpad.core.layers import arguments as args
from digitpad.core.layers import text
from digitpad.core.layers.arguments import Argument, Written

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


class Takes(enum.Enum):
    """What input a kind of layer needs in the course's networks."""

    ANY = "any"
    IMAGE = "image"  # feature maps (H, W, C): convolution, pooling
    ROW = "row"  # a row of values: a dense layer comes after Flatten


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
        said = self.kind.describe(self)
        if said and self.activation and self.activation != "linear":
            said += " · " + _("activation {name}").format(name=self.activation)
        return said

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
    pooling: str = ""  # "max" or "average": what a pooling window keeps (lesson arithmetic)
    # Its arguments: which the course's code may give (and how), and which its
    # `model.add(...)` line writes (the lesson shows it), in Keras' positional order.
    arguments: tuple[Argument, ...] = (args.INPUT_SHAPE,)
    takes: Takes = Takes.ANY  # what input it needs
    window: str | None = None  # the argument whose window must fit in the input
    too_large: str = ""  # the sentence when it does not (N_; {line}, {window}, {size})
    untrained_share: float = 0.0  # part of its parameters that training does not learn

    def accepted(self) -> tuple[Argument, ...]:
        """The arguments the course's code may give."""
        return tuple(a for a in self.arguments if a.check is not None)

    def positional(self) -> tuple[Argument, ...]:
        """The arguments the code may give by position, in Keras' order."""
        return tuple(a for a in self.accepted() if a.positional)

    def argument(self, name: str) -> Argument | None:
        """The argument `name` if the course's code may give it."""
        return next((a for a in self.accepted() if a.name == name), None)

    def written(self, how: Written) -> tuple[str, ...]:
        """The config values its `model.add(...)` line writes `how`, in order."""
        return tuple(a.name for a in self.arguments if a.written is how)


# Keras' positional order: Conv2D(filters, kernel_size, strides, padding, …),
# MaxPooling2D(pool_size, strides, padding, …), Dropout(rate, …), Dense(units, activation, …).
POOL_ARGUMENTS = (
    Argument("pool_size", args.window, positional=True, written=Written.KEYWORD),
    Argument("strides", args.optional_window, positional=True, written=Written.CHANGED),
    args.PADDING,
    args.INPUT_SHAPE,
)
POOL_TOO_LARGE = N_(
    "Line {line}: the {window} pooling window is larger than its {size} input, so the maps "
    "would shrink below 1×1."
)

CONV2D = LayerKind(
    "Conv2D",
    Step.CONV,
    N_("convolution layer"),
    text.conv_describe,
    text.conv_formula,
    shown=True,
    arguments=(
        Argument("filters", args.count, required=True, positional=True, written=Written.BARE),
        Argument(
            "kernel_size", args.window, required=True, positional=True, written=Written.KEYWORD
        ),
        Argument("strides", args.window, positional=True, written=Written.CHANGED),
        args.PADDING,
        args.from_config("dilation_rate"),
        args.ACTIVATION,
        args.from_config("use_bias"),
        args.INPUT_SHAPE,
    ),
    takes=Takes.IMAGE,
    window="kernel_size",
    too_large=N_("Line {line}: the {window} kernel is larger than its {size} input."),
)


def _pooling(keras_class: str, term: str, label: str, mode: str) -> LayerKind:
    """Max and average pooling differ only in their names and what a window keeps."""
    return LayerKind(
        keras_class,
        Step.POOL,
        term,
        text.pool_describe(label),
        text.no_params,
        shown=True,
        pooling=mode,
        arguments=POOL_ARGUMENTS,
        takes=Takes.IMAGE,
        window="pool_size",
        too_large=POOL_TOO_LARGE,
    )


MAX_POOLING2D = _pooling(
    "MaxPooling2D",
    N_("max pooling layer"),
    N_("Max pooling: keeps the largest of each {height}×{width} window"),
    "max",
)
AVERAGE_POOLING2D = _pooling(
    "AveragePooling2D",
    N_("average pooling layer"),
    N_("Average pooling: the mean of each {height}×{width} window"),
    "average",
)
DROPOUT = LayerKind(
    "Dropout",
    Step.DROPOUT,
    N_("dropout layer"),
    text.dropout_describe,
    text.no_params,
    arguments=(
        Argument("rate", args.rate, required=True, positional=True, written=Written.BARE),
        args.INPUT_SHAPE,
    ),
)
FLATTEN = LayerKind(
    "Flatten", Step.FLATTEN, N_("flatten layer"), text.flatten_describe, text.no_params
)
DENSE = LayerKind(
    "Dense",
    Step.DENSE,
    N_("fully connected layer"),
    text.dense_describe,
    text.dense_formula,
    shown=True,
    grid_columns=16,
    arguments=(
        Argument("units", args.count, required=True, positional=True, written=Written.BARE),
        Argument("activation", args.activation, positional=True, written=Written.CHANGED),
        args.from_config("use_bias"),
        args.INPUT_SHAPE,
    ),
    takes=Takes.ROW,
)
BATCH_NORMALIZATION = LayerKind(
    "BatchNormalization",
    Step.NORMALIZATION,
    N_("batch normalization layer"),
    text.norm_describe,
    text.norm_formula,
    arguments=(
        *(args.from_config(name) for name in ("momentum", "epsilon", "center", "scale")),
        args.INPUT_SHAPE,
    ),
    untrained_share=0.5,  # the moving mean and variance are counted, not learned
)
INPUT_LAYER = LayerKind(  # a functional model lists its input as a layer; a Sequential does not
    "InputLayer", Step.INPUT, N_("input layer"), text.input_describe, text.no_params
)
OTHER = LayerKind(
    "Layer", Step.OTHER, N_("layer"), text.nothing, text.generic_formula, arguments=()
)

KINDS: tuple[LayerKind, ...] = (
    INPUT_LAYER,
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
    """The entry whose Keras class is called `name` as the course's code writes it (not the
    input layer, which `input_shape=` makes)."""
    return next(
        (kind for kind in KINDS if kind.keras_class == name and kind.step is not Step.INPUT),
        None,
    )


def kind_names() -> tuple[str, ...]:
    """The layers the course's code may use, as it writes them (not the input layer, which
    `input_shape=` makes)."""
    return tuple(kind.keras_class for kind in KINDS if kind.step is not Step.INPUT)


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
