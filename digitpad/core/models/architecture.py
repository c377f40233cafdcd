"""A model's layers as its config.json describes them: what each is, its shapes, its weights.

The layer table, the inside view, the walk-through and the NumPy pass need
each layer's kind, input and output shape, parameters and config
(`LayerInfo`), and the weights a model file must hold for it (shapes from
its kind's `variables` rule, the order Keras saves them in, and where:
`layers/conv2d/vars/0`, …). All of it follows from the config and the
kinds' size rules, so no Keras model is built to know it. The same works for
a config Keras serializes in memory (`serialize_keras_object(model)` is
config.json), so a network just trained, or a legacy `.h5` file's
`model_config`, is laid out by the same code.

Laid out here: a Sequential model, or a functional one whose layers form one
chain (each feeds the next, one input and one output), with layer kinds the
registry sizes. Anything else (nested models, branches) is not an
`Architecture`; such a model keeps Keras' pass. The config has passed the
archive's budget (`budget.declared_budget`) first, so its sizes are bounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.registry import kind_for_class
from digitpad.core.layers.sizes import BudgetError, Shape, Variable, count, shape_of

SEQUENTIAL, FUNCTIONAL = "Sequential", ("Functional", "Model")


@dataclass(frozen=True)
class Layer:
    """One layer: what every view needs (`info`), and its weights in the model file."""

    info: LayerInfo
    variables: tuple[Variable, ...]  # the arrays it holds, in the order Keras saves them
    weights_path: str  # its group in model.weights.h5 ("layers/conv2d"); vars/0, vars/1 below


@dataclass(frozen=True)
class Architecture:
    """A model's layers in order, as Keras' `model.layers` lists them (a Sequential model
    leaves its input layer out, a functional one keeps it)."""

    layers: tuple[Layer, ...]

    @property
    def infos(self) -> tuple[LayerInfo, ...]:
        return tuple(layer.info for layer in self.layers)

    @property
    def parameters(self) -> int:
        return sum(layer.info.params for layer in self.layers)


def snake_case(class_name: str) -> str:
    """Keras' `to_snake_case`: MaxPooling2D -> max_pooling2d (names and weight groups)."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def plain(value: Any) -> Any:
    """A config value with JSON's lists as the tuples Keras' own configs hold."""
    if isinstance(value, list):
        return tuple(plain(v) for v in value)
    return value


def read_architecture(config: Any) -> Architecture | None:
    """The layers a model config (config.json, parsed) declares; None for a model that is not
    one chain of known layers. Raises `BudgetError` for a config that is malformed."""
    if not isinstance(config, dict) or not isinstance(config.get("config"), dict):
        raise BudgetError("malformed", "config")
    kind = config.get("class_name")
    entries = config["config"].get("layers")
    if not isinstance(entries, list) or not entries:
        raise BudgetError("malformed", "layers")
    if kind == SEQUENTIAL:
        if _class(entries[0]) == "InputLayer":
            entries = entries[1:]  # Keras' `model.layers` leaves it out; its shape is checked
        return _laid_out(entries, INPUT_SHAPE, first_is_input=False)
    if kind in FUNCTIONAL and _is_chain(config["config"], entries):
        return _laid_out(entries, INPUT_SHAPE, first_is_input=True)
    return None


def _class(entry: Any) -> str | None:
    name = entry.get("class_name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) else None


def _name(entry: dict[str, Any]) -> str:
    name = entry.get("name") or entry["config"].get("name")
    if not isinstance(name, str):
        raise BudgetError("malformed", "name")
    return name


def _sources(node: Any) -> list[Any]:
    """The `keras_history` [layer, node, tensor] of each tensor a call was given."""
    found: list[Any] = []
    if isinstance(node, dict):
        if node.get("class_name") == "__keras_tensor__":
            history = (node.get("config") or {}).get("keras_history")
            return [history] if isinstance(history, list) else [None]
        for value in node.values():
            found += _sources(value)
    elif isinstance(node, list):
        for value in node:
            found += _sources(value)
    return found


def _is_chain(model: Mapping[str, Any], entries: list[Any]) -> bool:
    """A functional model whose layers run one after another, each on the one before."""
    if not all(isinstance(e, dict) and isinstance(e.get("config"), dict) for e in entries):
        raise BudgetError("malformed", "layers")
    names = [_name(e) for e in entries]
    if _class(entries[0]) != "InputLayer" or entries[0].get("inbound_nodes"):
        return False
    for previous, entry in zip(names, entries[1:], strict=False):
        nodes = entry.get("inbound_nodes")
        if not isinstance(nodes, list) or len(nodes) != 1:
            return False  # called never, or more than once (a shared layer)
        if _sources(nodes[0]) != [[previous, 0, 0]]:
            return False
    ends = (model.get("input_layers"), model.get("output_layers"))
    return all(_one_end(end, name) for end, name in zip(ends, (names[0], names[-1]), strict=True))


def _one_end(end: Any, name: str) -> bool:
    """`input_layers` / `output_layers` names exactly `name` (Keras writes [n, 0, 0] or
    [[n, 0, 0]])."""
    if isinstance(end, list) and len(end) == 1 and isinstance(end[0], list):
        end = end[0]
    return end == [name, 0, 0]


def _laid_out(entries: list[Any], shape: Shape, *, first_is_input: bool) -> Architecture | None:
    used: dict[str, int] = {}
    layers = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
            raise BudgetError("malformed", "layer")
        class_name = _class(entry)
        kind = kind_for_class(class_name) if class_name is not None else None
        if class_name is None or kind is None:
            return None  # a nested model, or a class no kind sizes
        if kind.sizes is None and class_name != "InputLayer":
            return None
        config = {key: plain(value) for key, value in entry["config"].items()}
        variables: tuple[Variable, ...] = ()
        if class_name == "InputLayer":
            if not (first_is_input and index == 0):
                return None
            declared = config.get("batch_shape") or (None, *(config.get("shape") or ()))
            out = shape_of(list(declared))
        else:
            assert kind.sizes is not None
            _params, out = kind.sizes(config, [shape])
            if kind.variables is not None:
                variables = kind.variables(config, [shape])
        base = snake_case(class_name)
        used[base] = used.get(base, -1) + 1
        group = base if used[base] == 0 else f"{base}_{used[base]}"
        activation = config.get("activation")
        frozen = config.get("trainable") is False
        info = LayerInfo(
            name=_name(entry),
            kind=kind,
            class_name=class_name,
            input_shape=out if class_name == "InputLayer" else shape,
            output_shape=out,
            params=count(variables),
            trainable_params=0 if frozen else count(tuple(v for v in variables if v.trainable)),
            activation=activation if isinstance(activation, str) else None,
            config=config,
        )
        layers.append(Layer(info, variables, f"layers/{group}"))
        shape = out
    return Architecture(tuple(layers))
