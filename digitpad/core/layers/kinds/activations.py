"""Layers that only apply an activation function: Activation, ReLU, Softmax, … (untaught).

digitpad sizes them and runs the plain ones in its NumPy pass (ReLU without a
cap, slope or threshold; softmax over the last axis; an Activation whose
function the pass has, `functions.py`); the walk-through names them without
working them out.
"""

from __future__ import annotations

from typing import Any

from digitpad.core.layers import functions
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.batch_ops import Elementwise
from digitpad.core.layers.kind import LayerInfo, Weights, always, same_shape, untaught


def prelu_variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """One slope α per input value, shared along `shared_axes`."""
    shape = list(shapes[0])
    for a in cfg.get("shared_axes") or []:
        if isinstance(a, int) and 1 <= a <= len(shape):
            shape[a - 1] = 1
    return (sz.Variable(tuple(shape)),)


def prelu_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    return sz.count(prelu_variables(cfg, shapes)), shapes[0]


# Element by element (softmax: per position), so the blank pad's values stay blank.


def _relu_op(info: LayerInfo, weights: Weights) -> Elementwise | None:
    """Plain ReLU only: no cap, slope or threshold."""
    config = info.config
    plain = (
        config.get("max_value") is None
        and not config.get("negative_slope", 0)
        and not config.get("threshold", 0)
    )
    return Elementwise(functions.RELU) if plain else None


def _softmax_op(info: LayerInfo, weights: Weights) -> Elementwise | None:
    """Softmax over the last axis only."""
    axis = info.config.get("axis", -1)
    last = axis in (-1, None, len(info.input_shape)) or axis == [-1]
    return Elementwise(functions.SOFTMAX) if last else None


def _activation_op(info: LayerInfo, weights: Weights) -> Elementwise | None:
    activation = functions.activation_named(info.config.get("activation"))
    return None if activation is None else Elementwise(activation)


# Each is computed position by position (softmax across the channels), so it moves with its input.
ACTIVATION = untaught(
    "Activation", same_shape, batch=_activation_op, fast=_activation_op, moves_with_input=always
)
RELU = untaught("ReLU", same_shape, batch=_relu_op, fast=_relu_op, moves_with_input=always)
SOFTMAX = untaught(
    "Softmax", same_shape, batch=_softmax_op, fast=_softmax_op, moves_with_input=always
)
KINDS = (
    ACTIVATION,
    RELU,
    untaught("LeakyReLU", same_shape),
    untaught("ELU", same_shape),
    SOFTMAX,
    untaught("PReLU", prelu_sizes, variables=prelu_variables),
)
