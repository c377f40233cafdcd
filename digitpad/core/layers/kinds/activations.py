"""Layers that only apply an activation function: Activation, ReLU, Softmax, … (untaught).

digitpad sizes them and runs the plain ones in its live pass (ReLU without a
cap, slope or threshold; softmax over the last axis; an Activation the pass
has); the walk-through names them without working them out.
"""

from __future__ import annotations

import math
from typing import Any

from digitpad.core.layers import sizes as sz
from digitpad.core.layers.fast_steps import FastStep, MapStep, activation_of, relu, softmax
from digitpad.core.layers.kind import same_shape, untaught


def prelu_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    shape = list(shapes[0])
    for a in cfg.get("shared_axes") or []:
        if isinstance(a, int) and 1 <= a <= len(shape):
            shape[a - 1] = 1
    return math.prod(shape), shapes[0]


# Element by element (softmax: per position), so the blank pad's values stay blank.


def _relu_step(layer: Any) -> FastStep | None:
    plain = (
        getattr(layer, "max_value", None) is None
        and not getattr(layer, "negative_slope", 0)
        and not getattr(layer, "threshold", 0)
    )
    return MapStep(relu) if plain else None


def _softmax_step(layer: Any) -> FastStep | None:
    return MapStep(softmax) if getattr(layer, "axis", -1) in (-1, None) else None


def _activation_step(layer: Any) -> FastStep | None:
    function = activation_of(layer)
    return None if function is None else MapStep(function)


ACTIVATION = untaught("Activation", same_shape, _activation_step)
RELU = untaught("ReLU", same_shape, _relu_step)
SOFTMAX = untaught("Softmax", same_shape, _softmax_step)
KINDS = (
    ACTIVATION,
    RELU,
    untaught("LeakyReLU", same_shape),
    untaught("ELU", same_shape),
    SOFTMAX,
    untaught("PReLU", prelu_sizes),
)
