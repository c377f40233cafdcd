"""The one registry of layer kinds: what digitpad knows about each kind of Keras layer.

Everything that differs by kind of layer lives in its entry here, keyed by
the Keras layer class (as napari's `layer_to_controls` maps layer types to
their controls): the course's name for it, which lesson step explains it,
whether the inside view shows its activations and in how many columns, how
the layer table describes it, how its parameter count is derived, how the
course's `model.add(...)` line writes it and, for pooling, which window
arithmetic it does. The summary, the activations probe, the inside view and
the lesson read these entries; none of them dispatches on class names. The
course's code (`core.network`) reads them too: which arguments a kind takes
(by keyword, and which by position, in Keras' order), what input it needs
(feature maps or a row of values), and how its window can be too large for its
input; the Keras layer is built from the entry's class and those arguments. A
new kind of layer is one new entry.

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

from digitpad.core import layer_args as args
from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layer_args import Argument

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
        text = self.kind.describe(self)
        if text and self.activation and self.activation != "linear":
            text += " · " + _("activation {name}").format(name=self.activation)
        return text

    def params_formula(self) -> str:
        """How its parameter count follows from its shapes, e.g. "32 × (3×3×1 + 1) = 320"."""
        return self.kind.formula(self)


@dataclass(frozen=True)
class KerasLine:
    """Which config values a `model.add(...)` line writes, in the course's style:
    `Conv2D(32, kernel_size=(3, 3), activation='relu')`."""

    positional: tuple[str, ...] = ()  # written as bare values, first
    always: tuple[str, ...] = ()  # written as keywords even at their default
    optional: tuple[str, ...] = ()  # written as keywords only when not the default


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
    line: KerasLine = KerasLine()  # how the course's code writes it (the lesson shows it)
    pooling: str = ""  # "max" or "average": what a pooling window keeps (lesson arithmetic)
    # The course's code: what the layer may be given, and what it needs.
    arguments: tuple[Argument, ...] = (args.INPUT_SHAPE,)
    takes: Takes = Takes.ANY
    window: str | None = None  # the argument whose window must fit in the input
    too_large: str = ""  # the sentence when it does not (N_; {line}, {window}, {size})
    untrained_share: float = 0.0  # part of its parameters that training does not learn

    def positional(self) -> tuple[Argument, ...]:
        """The arguments the code may give by position, in Keras' order."""
        return tuple(a for a in self.arguments if a.positional)

    def argument(self, name: str) -> Argument | None:
        return next((a for a in self.arguments if a.name == name), None)


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


_POOL_LINE = KerasLine(always=("pool_size",), optional=("strides", "padding"))
# Keras' positional order: Conv2D(filters, kernel_size, strides, padding, …),
# MaxPooling2D(pool_size, strides, padding, …), Dropout(rate, …), Dense(units, activation, …).
POOL_ARGUMENTS = (
    Argument("pool_size", args.window, positional=True),
    Argument("strides", args.optional_window, positional=True),
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
    _conv_describe,
    _conv_formula,
    shown=True,
    line=KerasLine(
        positional=("filters",),
        always=("kernel_size",),
        optional=("strides", "padding", "dilation_rate", "activation", "use_bias"),
    ),
    arguments=(
        Argument("filters", args.count, required=True, positional=True),
        Argument("kernel_size", args.window, required=True, positional=True),
        Argument("strides", args.window, positional=True),
        args.PADDING,
        args.ACTIVATION,
        args.INPUT_SHAPE,
    ),
    takes=Takes.IMAGE,
    window="kernel_size",
    too_large=N_("Line {line}: the {window} kernel is larger than its {size} input."),
)
MAX_POOLING2D = LayerKind(
    "MaxPooling2D",
    Step.POOL,
    N_("max pooling layer"),
    _pool_describe(N_("Max pooling: keeps the largest of each {height}×{width} window")),
    _no_params,
    shown=True,
    line=_POOL_LINE,
    pooling="max",
    arguments=POOL_ARGUMENTS,
    takes=Takes.IMAGE,
    window="pool_size",
    too_large=POOL_TOO_LARGE,
)
AVERAGE_POOLING2D = LayerKind(
    "AveragePooling2D",
    Step.POOL,
    N_("average pooling layer"),
    _pool_describe(N_("Average pooling: the mean of each {height}×{width} window")),
    _no_params,
    shown=True,
    line=_POOL_LINE,
    pooling="average",
    arguments=POOL_ARGUMENTS,
    takes=Takes.IMAGE,
    window="pool_size",
    too_large=POOL_TOO_LARGE,
)
DROPOUT = LayerKind(
    "Dropout",
    Step.DROPOUT,
    N_("dropout layer"),
    _dropout_describe,
    _no_params,
    line=KerasLine(positional=("rate",)),
    arguments=(Argument("rate", args.rate, required=True, positional=True), args.INPUT_SHAPE),
)
FLATTEN = LayerKind("Flatten", Step.FLATTEN, N_("flatten layer"), _flatten_describe, _no_params)
DENSE = LayerKind(
    "Dense",
    Step.DENSE,
    N_("fully connected layer"),
    _dense_describe,
    _dense_formula,
    shown=True,
    grid_columns=16,
    line=KerasLine(positional=("units",), optional=("activation", "use_bias")),
    arguments=(
        Argument("units", args.count, required=True, positional=True),
        Argument("activation", args.activation, positional=True),
        args.INPUT_SHAPE,
    ),
    takes=Takes.ROW,
)
BATCH_NORMALIZATION = LayerKind(
    "BatchNormalization",
    Step.NORMALIZATION,
    N_("batch normalization layer"),
    _norm_describe,
    _norm_formula,
    line=KerasLine(optional=("momentum", "epsilon", "center", "scale")),
    untrained_share=0.5,  # the moving mean and variance are counted, not learned
)
INPUT_LAYER = LayerKind(  # a functional model lists its input as a layer; a Sequential does not
    "InputLayer",
    Step.INPUT,
    N_("input layer"),
    lambda info: _("Input: {shape} pixel values").format(
        shape="×".join(str(d) for d in info.output_shape)
    ),
    _no_params,
)
OTHER = LayerKind("Layer", Step.OTHER, N_("layer"), lambda info: "", _generic_formula, arguments=())

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


def keras_layer(kind: LayerKind, arguments: Mapping[str, Any], name: str) -> Any:
    """The Keras layer for one `model.add(...)` line (arguments already checked)."""
    from keras import layers

    given = {
        a.name: arguments[a.name] for a in kind.arguments if a.to_keras and a.name in arguments
    }
    return getattr(layers, kind.keras_class)(**given, name=name)


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
