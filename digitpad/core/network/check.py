"""Whether a network spec can learn MNIST, line by line, before any training starts.

The shape of a 28×28×1 digit is carried through the layers with the same
rules that size a model file (each kind's `sizes`), so the table shown while a
student types has the output shapes and parameter counts Keras will report.
What does not fit is one sentence per problem, naming its line: an input
that is not MNIST's, a convolution or pooling after Flatten, a Dense layer
on feature maps (Flatten first), a kernel or pooling window larger than its
input (maps below 1×1), a layer whose output is too large, an output that is
not a ten-way softmax, more parameters than `MAX_PARAMETERS`, or more memory
for training at the given batch size than `training_memory` allows (named at
the line of the layer whose output weighs most).

`build_network` makes the Keras model of a spec that passed (TensorFlow is
imported then, not before).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from digitpad.core.digits import CLASSES, INPUT_SHAPE
from digitpad.core.i18n import _
from digitpad.core.layers.kind import LayerInfo, LayerKind, Takes
from digitpad.core.layers.kinds.dense import DENSE
from digitpad.core.layers.registry import keras_arguments, keras_layer
from digitpad.core.layers.sizes import BudgetError, Shape
from digitpad.core.network.spec import LayerLine, NetworkError, NetworkSpec, Problem
from digitpad.core.network.summary import ModelSummary
from digitpad.core.network.training_memory import budget_sentence, estimate

if TYPE_CHECKING:
    import keras

MAX_PARAMETERS = 5_000_000  # the course's CNN: 1.2 M; without pooling: 4.7 M
MAX_VALUES = 2_000_000  # values one image makes in one layer (the CNN's largest: 36,864)
DEFAULT_BATCH = 128  # the course's, when the caller has no batch size (summary --arch)


@dataclass(frozen=True)
class NetworkPlan:
    """The layer table a spec will give (as far as its shapes are known) and its problems."""

    spec: NetworkSpec
    layers: tuple[LayerInfo, ...]
    lines: tuple[int, ...]  # the code line of each row of `layers`
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> ModelSummary:
        """Totals as `model.summary()` gives them (for the rows known)."""
        total = sum(info.params for info in self.layers)
        trainable = sum(info.trainable_params for info in self.layers)
        return ModelSummary(self.layers, total, trainable, total - trainable)


def keras_name(class_name: str) -> str:
    """The name Keras gives a layer of this class (its `to_snake_case`): MaxPooling2D ->
    max_pooling2d."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _size(shape: Shape) -> str:
    return "×".join(str(d) for d in shape)


def _config(layer: LayerLine) -> dict[str, Any]:
    """The layer's arguments as its Keras config holds them (those Keras gets)."""
    return keras_arguments(layer.kind, layer.arguments)


def _input_problem(layer: LayerLine) -> Problem | None:
    given = layer.arguments.get("input_shape")
    if given is None or tuple(given) == INPUT_SHAPE:
        return None
    return Problem(
        layer.line,
        _(
            "Line {line}: the input must be MNIST's 28×28 grayscale digits, "
            "input_shape = (28, 28, 1), not {shape}."
        ).format(line=layer.line, shape=tuple(given)),
    )


def _needs_problem(kind: LayerKind, shape: Shape, line: int) -> Problem | None:
    """A layer given the wrong kind of input: maps where it needs a row, or the reverse."""
    if kind.takes is Takes.IMAGE and len(shape) != 3:
        return Problem(
            line,
            _(
                "Line {line}: {layer} needs feature maps, but after Flatten it gets a row of "
                "{count} values; put it before Flatten()."
            ).format(line=line, layer=kind.keras_class, count=f"{math.prod(shape):,}"),
        )
    if kind.takes is Takes.ROW and len(shape) != 1:
        return Problem(
            line,
            _(
                "Line {line}: {layer} needs a row of values, but it gets {size} feature maps; "
                "add model.add(Flatten()) before it."
            ).format(line=line, layer=kind.keras_class, size=_size(shape)),
        )
    return None


def _window_problem(layer: LayerLine, shape: Shape, out: Shape) -> Problem | None:
    """A kernel or pooling window that does not fit in its input (the output would be empty)."""
    kind = layer.kind
    if kind.window is None or all(out):
        return None
    window = layer.arguments.get(kind.window, (2, 2))
    return Problem(
        layer.line,
        _(kind.too_large).format(line=layer.line, window=_size(window), size=_size(shape[:2])),
    )


def _output_problem(layers: tuple[LayerInfo, ...], line: int) -> Problem | None:
    last = layers[-1]
    if last.kind is DENSE and last.output_shape == (CLASSES,) and last.activation == "softmax":
        return None
    return Problem(
        line,
        _(
            "Line {line}: the last layer must give the ten digits' probabilities: "
            "model.add(Dense(num_classes, activation='softmax')) with num_classes = 10."
        ).format(line=line),
    )


def _budget_problem(layers: tuple[LayerInfo, ...], lines: tuple[int, ...]) -> Problem | None:
    total = sum(info.params for info in layers)
    if total <= MAX_PARAMETERS:
        return None
    biggest = max(range(len(layers)), key=lambda i: layers[i].params)
    return Problem(
        lines[biggest],
        _(
            "Line {line}: the network would have {count} parameters, more than the {limit} "
            "digitpad trains, and this layer alone has {layer}."
        ).format(
            line=lines[biggest],
            count=f"{total:,}",
            limit=f"{MAX_PARAMETERS:,}",
            layer=f"{layers[biggest].params:,}",
        ),
    )


def _trainable(kind: LayerKind, config: dict[str, Any], shape: Shape) -> int:
    """The parameters training learns (a batch normalization's moving statistics it does not)."""
    variables = kind.variables(config, [shape]) if kind.variables is not None else ()
    return sum(v.size for v in variables if v.trainable)


def _memory_problem(
    layers: tuple[LayerInfo, ...], lines: tuple[int, ...], batch_size: int
) -> Problem | None:
    memory = estimate(layers, batch_size)
    if memory.fits:
        return None
    line = lines[memory.heaviest]
    return Problem(
        line,
        _("Line {line}: {problem}.").format(line=line, problem=budget_sentence(memory, batch_size)),
    )


def check(spec: NetworkSpec, batch_size: int = DEFAULT_BATCH) -> NetworkPlan:
    """Carry MNIST's shape through `spec`: the rows of its layer table and its problems
    (training's memory counted at `batch_size`)."""
    problems: list[Problem] = []
    rows: list[LayerInfo] = []
    lines: list[int] = []
    counts: dict[str, int] = {}
    shape: Shape | None = INPUT_SHAPE
    for layer in spec.layers:
        found = _input_problem(layer)
        if found is not None:
            problems.append(found)
        if shape is None:
            continue  # an earlier layer's output is unknown: nothing more to say about shapes
        found = _needs_problem(layer.kind, shape, layer.line)
        config = _config(layer)
        sizes = layer.kind.sizes
        assert sizes is not None  # every kind the code may write is sized
        try:
            params, out = sizes(config, [shape])
            trainable = _trainable(layer.kind, config, shape)
        except BudgetError:  # the arguments were checked: only a shape it cannot take
            params, out, trainable = 0, (), 0
        found = found or _window_problem(layer, shape, out)
        if found is not None:
            problems.append(found)
            shape = None
            continue
        if math.prod(out) > MAX_VALUES and math.prod(out) > math.prod(shape):
            problems.append(
                Problem(
                    layer.line,
                    _(
                        "Line {line}: this layer makes {count} values for each image, more "
                        "than the {limit} digitpad can train with."
                    ).format(line=layer.line, count=f"{math.prod(out):,}", limit=f"{MAX_VALUES:,}"),
                )
            )
        base = keras_name(layer.kind.keras_class)
        n = counts.get(base, 0)
        counts[base] = n + 1
        activation = layer.arguments.get("activation")
        rows.append(
            LayerInfo(
                name=base if n == 0 else f"{base}_{n}",
                kind=layer.kind,
                class_name=layer.kind.keras_class,
                input_shape=shape,
                output_shape=out,
                params=params,
                trainable_params=trainable,
                activation=activation if isinstance(activation, str) else None,
                config=config,
            )
        )
        lines.append(layer.line)
        shape = out
    if shape is not None and rows:
        for found in (
            _output_problem(tuple(rows), lines[-1]),
            _budget_problem(tuple(rows), tuple(lines)),
            _memory_problem(tuple(rows), tuple(lines), batch_size),
        ):
            if found is not None:
                problems.append(found)
    return NetworkPlan(spec, tuple(rows), tuple(lines), tuple(problems))


def checked(spec: NetworkSpec, batch_size: int = DEFAULT_BATCH) -> NetworkPlan:
    """`check(spec, batch_size)`, raising `NetworkError` with every problem if there is one."""
    plan = check(spec, batch_size)
    if plan.problems:
        raise NetworkError(plan.problems)
    return plan


def build_network(spec: NetworkSpec, batch_size: int = DEFAULT_BATCH) -> keras.Model:
    """The Keras model of `spec`, its layers named as in its table (raises `NetworkError`,
    also when training it at `batch_size` would not fit in memory)."""
    import keras

    plan = checked(spec, batch_size)
    layers = [
        keras_layer(line.kind, line.arguments, row.name)
        for line, row in zip(spec.layers, plan.layers, strict=True)
    ]
    return keras.Sequential([keras.Input(shape=INPUT_SHAPE), *layers], name="digitpad_cnn")
