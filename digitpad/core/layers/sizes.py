"""The shape arithmetic of the kinds' size rules, and the error a config that cannot be sized is.

Each kind of layer sizes itself from its serialized config (its entry's
`sizes`: parameters and output shape, before Keras builds anything) for a
model file's budget (`core.models.budget`) and the code's check
(`core.network.check`); a class without a kind is not loaded at all. These are
the pieces those rules share. Shapes leave out the batch axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class BudgetError(ValueError):
    """The config cannot be sized: `kind` says why, `detail` names the layer or class."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


Shape = tuple[int, ...]  # without the batch axis
# A kind's size rule: (config, input shapes) -> (parameters, output shape).
SizeRule = Callable[[dict[str, Any], list[Shape]], tuple[int, Shape]]


@dataclass(frozen=True)
class Variable:
    """One weight array a layer keeps, as Keras saves it (its shape; whether training learns
    it: a batch normalization's moving mean and variance are counted but not learned)."""

    shape: Shape
    trainable: bool = True

    @property
    def size(self) -> int:
        return int(math.prod(self.shape))


# A kind's weights: (config, input shapes) -> its variables, in the order Keras saves them
# (`model.weights.h5`'s vars/0, vars/1, …): what a model file must hold for the layer, and
# how many parameters the layer has.
VariablesRule = Callable[[dict[str, Any], list[Shape]], tuple[Variable, ...]]


def count(variables: tuple[Variable, ...]) -> int:
    """The parameters `variables` hold."""
    return sum(v.size for v in variables)


# Shapes ------------------------------------------------------------------------------------


def product(values: list[int]) -> int:
    """math.prod for a list of ints, typed as an int."""
    return int(math.prod(values))


def ints(value: Any, n: int, name: str) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value] * n
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise BudgetError("malformed", name)
    out = []
    for v in value:
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 1_000_000:
            raise BudgetError("malformed", name)
        out.append(v)
    return tuple(out)


def positive(value: Any, name: str, limit: int = 10_000_000) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= limit:
        raise BudgetError("malformed", name)
    return value


def shape_of(value: Any, name: str = "shape") -> Shape:
    """A declared shape, batch axis dropped; every other axis a known size."""
    if not isinstance(value, (list, tuple)) or not value:
        raise BudgetError("malformed", name)
    dims = value[1:]
    return tuple(positive(d, name) for d in dims)


def conv_length(size: int, kernel: int, stride: int, dilation: int, padding: str) -> int:
    if stride < 1 or dilation < 1 or kernel < 1:
        raise BudgetError("malformed", "kernel")
    if padding == "same":
        return -(-size // stride)
    if padding == "valid":
        span = (kernel - 1) * dilation + 1
        return max(0, (size - span) // stride + 1)
    if padding == "causal":
        return -(-size // stride)
    raise BudgetError("malformed", "padding")


def spatial(cfg: dict[str, Any], shape: Shape) -> tuple[Shape, int, bool]:
    """(spatial dims, channels, channels_last) of a 2-D image tensor shape."""
    if len(shape) != 3:
        raise BudgetError("shape", "expects an image")
    if cfg.get("data_format", "channels_last") == "channels_first":
        return shape[1:], shape[0], False
    return shape[:2], shape[2], True


def image(dims: Shape, channels: int, last: bool) -> Shape:
    return (*dims, channels) if last else (channels, *dims)


def axes(cfg: dict[str, Any], shape: Shape) -> list[int]:
    """The config's `axis` (one or several) as indices into `shape`."""
    axis = cfg.get("axis", -1)
    given = axis if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in given:
        if not isinstance(a, int) or isinstance(a, bool):
            raise BudgetError("malformed", "axis")
        # Config axes count the batch axis; ours do not.
        index = a - 1 if a > 0 else len(shape) + a
        if not 0 <= index < len(shape):
            raise BudgetError("malformed", "axis")
        out.append(index)
    return out
