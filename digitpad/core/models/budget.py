"""How big a model file says its network is, read from its config.json before Keras builds it.

Keras' safe_mode blocks code in a model file, not its size: a 5 MB `.keras`
can declare layers that take 17 GB to build. This walks the declared layers
(Sequential or functional, nested too) with the shapes Keras would build them
with, both each layer's own `build_config` and the shape flowing through the
graph (Keras allocates for the first, so the larger counts), and totals the
parameters and the activations of one image. Only layer kinds whose sizes it
can compute are accepted: any other kind is refused, since a built-in layer
such as Embedding can be made arbitrarily large too.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.layers.registry import kind_for_class
from digitpad.core.layers.sizes import BudgetError, Shape, SizeRule, shape_of

MAX_DEPTH = 8  # models nested in models
MAX_LAYERS = 1_000


@dataclass
class Budget:
    """Declared sizes: parameters of all layers, activation values for one image."""

    parameters: int = 0
    activations: int = 0
    largest_activation: int = 0
    layers: int = 0
    input_shape: Shape | None = None  # as the model's input layer declares it
    kinds: set[str] = field(default_factory=set)

    def add(self, parameters: int, outputs: list[Shape]) -> None:
        self.parameters += parameters
        self.layers += 1
        for shape in outputs:
            size = math.prod(shape)
            self.activations += size
            self.largest_activation = max(self.largest_activation, size)
        if self.layers > MAX_LAYERS:
            raise BudgetError("too_many_layers", str(MAX_LAYERS))


def declared_budget(config: Any) -> Budget:
    """The sizes the top-level `config` (config.json, parsed) declares. Raises BudgetError."""
    budget = Budget()
    if not isinstance(config, dict):
        raise BudgetError("malformed", "config")
    _model(config, None, budget, depth=0)
    return budget


MODELS = ("Sequential", "Functional", "Model")


def _rule(kind: str) -> SizeRule | None:
    """How a layer class is sized: its registry entry's rule (None: a class digitpad does not
    know, or cannot size)."""
    entry = kind_for_class(kind)
    return None if entry is None else entry.sizes


# Walking the config -------------------------------------------------------------------------


def _kind(entry: Any) -> tuple[str, dict[str, Any]]:
    """(class name, config) of a serialized layer; refuses what is not Keras' own."""
    if not isinstance(entry, dict) or not isinstance(entry.get("config"), dict):
        raise BudgetError("malformed", "layer")
    kind = entry.get("class_name")
    module = entry.get("module")
    if not isinstance(kind, str):
        raise BudgetError("malformed", "class_name")
    if kind == "Lambda" or kind == "TFOpLambda":
        raise BudgetError("code", kind)
    if entry.get("registered_name") not in (None, kind) or (
        module is not None and not (isinstance(module, str) and module.split(".")[0] == "keras")
    ):
        raise BudgetError("custom", kind)
    if kind not in MODELS and kind != "InputLayer" and _rule(kind) is None:
        raise BudgetError("unknown", kind)
    return kind, entry["config"]


def _build_shapes(entry: dict[str, Any]) -> list[Shape]:
    """The input shape(s) in the layer's own build_config, which Keras builds it with."""
    build = entry.get("build_config")
    if not isinstance(build, dict) or build.get("input_shape") is None:
        return []
    declared = build["input_shape"]
    if isinstance(declared, (list, tuple)) and declared and isinstance(declared[0], (list, tuple)):
        return [shape_of(s, "build_config") for s in declared]  # a merge layer: one per input
    return [shape_of(declared, "build_config")]


def _layer(entry: dict[str, Any], inputs: list[Shape], budget: Budget, depth: int) -> Shape:
    """Count one layer (built from its build_config and from `inputs`); its output shape."""
    kind, cfg = _kind(entry)
    budget.kinds.add(kind)
    if kind in MODELS:
        return _model(entry, inputs[0] if inputs else None, budget, depth + 1)
    if kind == "InputLayer":
        shape = shape_of(cfg.get("batch_shape") or [None, *(cfg.get("shape") or [])])
        if budget.input_shape is None:
            budget.input_shape = shape
        budget.add(0, [shape])
        return shape
    rule = _rule(kind)
    assert rule is not None  # `_kind` refused the others
    built = _build_shapes(entry)
    candidates = [s for s in (built, inputs) if s]
    if not candidates:
        candidates = [[INPUT_SHAPE]]  # unbuilt and unconnected: it would meet the pad's input
    params, output = 0, None
    for shapes in candidates:
        p, out = rule(cfg, shapes)
        if output is None or p > params:
            params, output = max(p, params), out
    assert output is not None
    if 0 in output:
        raise BudgetError("shape", entry.get("name") or cfg.get("name") or kind)
    budget.add(params, [output])
    return output


def _model(entry: dict[str, Any], given: Shape | None, budget: Budget, depth: int) -> Shape:
    if depth > MAX_DEPTH:
        raise BudgetError("malformed", "nesting")
    kind = entry.get("class_name")
    cfg = entry.get("config")
    if not isinstance(cfg, dict) or not isinstance(cfg.get("layers"), list):
        raise BudgetError("malformed", "layers")
    if kind == "Sequential":
        return _sequential(entry, cfg, given, budget, depth)
    if kind in ("Functional", "Model"):
        return _functional(cfg, given, budget, depth)
    raise BudgetError("unknown", str(kind))


def _sequential(
    entry: dict[str, Any], cfg: dict[str, Any], given: Shape | None, budget: Budget, depth: int
) -> Shape:
    shape = given
    if shape is None:
        build = entry.get("build_config")
        if isinstance(build, dict) and build.get("input_shape") is not None:
            shape = shape_of(build["input_shape"], "build_config")
    for layer in cfg["layers"]:
        shape = _layer(layer, [shape] if shape is not None else [], budget, depth)
    if shape is None:
        raise BudgetError("malformed", "layers")
    return shape


def _tensors(value: Any) -> Iterator[list[Any]]:
    """The keras_history of every tensor named in a node's args/kwargs, in order."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            history = (value.get("config") or {}).get("keras_history")
            if isinstance(history, list) and len(history) == 3:
                yield history
            return
        for v in value.values():
            yield from _tensors(v)
    elif isinstance(value, list):
        for v in value:
            yield from _tensors(v)


def _functional(cfg: dict[str, Any], given: Shape | None, budget: Budget, depth: int) -> Shape:
    outputs: dict[str, list[Shape]] = {}  # layer name -> output shape per node
    last: Shape | None = None
    for entry in cfg["layers"]:
        if not isinstance(entry, dict):
            raise BudgetError("malformed", "layer")
        name = entry.get("name") or (entry.get("config") or {}).get("name")
        if not isinstance(name, str):
            raise BudgetError("malformed", "name")
        nodes = entry.get("inbound_nodes") or []
        if not isinstance(nodes, list):
            raise BudgetError("malformed", "inbound_nodes")
        produced: list[Shape] = []
        if not nodes:  # an input layer (or a nested model fed the given shape)
            inputs = (
                [given] if given is not None and entry.get("class_name") != "InputLayer" else []
            )
            produced.append(_layer(entry, inputs, budget, depth))
        for node in nodes:
            inputs = []
            for source, node_index, _tensor_index in _tensors(node):
                shapes = outputs.get(source)
                if (
                    not shapes
                    or not isinstance(node_index, int)
                    or not 0 <= node_index < len(shapes)
                ):
                    raise BudgetError("malformed", "inbound_nodes")
                inputs.append(shapes[node_index])
            produced.append(_layer(entry, inputs, budget, depth))
        outputs[name] = produced
        last = produced[-1]
    if last is None:
        raise BudgetError("malformed", "layers")
    return last
