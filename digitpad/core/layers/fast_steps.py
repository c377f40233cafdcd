"""What every step of the live NumPy pass shares: its contract and the activation functions.

The live pass (`core.inference.fast_forward`) runs one framed drawing through
one step per layer, each made by its kind's `fast` hook from the layer's own
weights (`kinds/conv_fast.py`, `kinds/dense_fast.py`, …). A step computes a
blank pad's output once (`prepare`) and then, per drawing, only what a change
from the blank pad can reach: a mask of the positions that may differ
(`Changed`) travels from step to step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

# (H, W) bool: positions whose activations may differ from the blank pad's; None: unknown.
Changed = np.ndarray | None
Function = Callable[[np.ndarray], np.ndarray]


class FastStep(Protocol):
    """One layer of the live pass."""

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        """Fix what depends on the input's shape; return (and keep) the blank pad's output."""
        ...

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        """This layer's output for `x`, and which of its positions may have changed."""
        ...


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def identity(x: np.ndarray) -> np.ndarray:
    return x


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def flatten(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1)


FUNCTIONS: dict[str, Function] = {"relu": relu, "linear": identity, "softmax": softmax}


def activation_of(layer: Any) -> Function | None:
    """The live pass's function for a layer's `activation`, or None for one it lacks."""
    name = getattr(getattr(layer, "activation", None), "__name__", None)
    return FUNCTIONS.get(str(name))


def activate(fn: Function, fresh: np.ndarray) -> np.ndarray:
    """`fn(fresh)`, in place for ReLU (`fresh` is an array no one else holds)."""
    return np.maximum(fresh, 0.0, out=fresh) if fn is relu else fn(fresh)


class MapStep:
    """A step that works position by position (identity, an activation, softmax over the
    channels) or Flatten: the changed mask holds while the output is a (H, W, C) grid."""

    def __init__(self, fn: Function) -> None:
        self.fn = fn

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.fn(blank_in)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        out = self.fn(x)
        return out, (changed if out.ndim == 3 else None)


def unchanged(layer: Any) -> FastStep:
    """The `fast` hook of a layer that passes its input on when predicting (dropout, noise)."""
    return MapStep(identity)
