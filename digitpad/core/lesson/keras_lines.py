"""The line of the course's Keras code that makes each layer: `model.add(Conv2D(32, ...))`.

For the course's own network these are exactly the course's lines; for any
other network each line is written from the layer's config, in the same
style, with the arguments the layer registry names for its kind (each
`Argument`'s `written`) and a keyword only where it differs from what Keras
would do without it (the `Argument`'s `default`: no Keras is asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from digitpad.core.layers.arguments import Written
from digitpad.core.layers.kind import OTHER, LayerInfo

INPUT_LINE = "input_shape = (28, 28, 1)"

# The course's code, one line per layer (the first `model.add` is on one line here).
COURSE_LINES = (
    INPUT_LINE,
    "model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))",
    "model.add(Conv2D(64, (3, 3), activation='relu'))",
    "model.add(MaxPooling2D(pool_size=(2, 2)))",
    "model.add(Dropout(0.25))",
    "model.add(Flatten())",
    "model.add(Dense(128, activation='relu'))",
    "model.add(Dropout(0.5))",
    "model.add(Dense(num_classes, activation='softmax'))",
)
# What `keras_lines` writes for that network: a model that gives exactly these is the course's.
GENERATED_COURSE = (
    INPUT_LINE,
    "model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))",
    "model.add(Conv2D(64, kernel_size=(3, 3), activation='relu'))",
    "model.add(MaxPooling2D(pool_size=(2, 2)))",
    "model.add(Dropout(0.25))",
    "model.add(Flatten())",
    "model.add(Dense(128, activation='relu'))",
    "model.add(Dropout(0.5))",
    "model.add(Dense(10, activation='softmax'))",
)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def literal(value: Any) -> str:
    """A config value as the course's code writes it: 'relu', (3, 3), 0.25, True."""
    value = _plain(value)
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return repr(value)


def layer_line(info: LayerInfo, first: bool = False) -> str:
    """`model.add(...)` for one layer, from its config."""
    kind, config = info.kind, info.config
    if info.step == OTHER:
        return f"model.add({info.class_name}(…))"
    bare, keywords = kind.written(Written.BARE), kind.written(Written.KEYWORD)
    given = {k: _plain(config[k]) for k in (*bare, *keywords) if k in config}
    args = [literal(given[k]) for k in bare if k in given]
    args += [f"{k}={literal(given[k])}" for k in keywords if k in given]
    for argument in kind.arguments:
        key = argument.name
        if argument.written is not Written.CHANGED or key not in config:
            continue
        if _plain(config[key]) != _plain(argument.default_in(config)):
            if key == "activation" and not isinstance(config[key], str):
                continue  # a custom activation object: not something the course writes
            args.append(f"{key}={literal(config[key])}")
    if first:
        args.append("input_shape=input_shape")
    return f"model.add({kind.keras_class}({', '.join(args)}))"


def keras_lines(layers: Sequence[LayerInfo]) -> tuple[str, ...]:
    """The input line and one line per layer (layers without a step of their own skipped)."""
    lines = [INPUT_LINE]
    first = True
    for info in layers:
        lines.append(layer_line(info, first))
        first = False
    if tuple(lines) == GENERATED_COURSE:
        return COURSE_LINES
    return tuple(lines)


def is_course_network(lines: Sequence[str]) -> bool:
    return tuple(lines) == COURSE_LINES
