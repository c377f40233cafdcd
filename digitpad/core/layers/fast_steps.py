"""What every step of the live NumPy pass shares: its contract and how a step activates.

The live pass (`core.inference.fast_forward`) runs one framed drawing through
one step per layer, each made by its kind's `fast` hook from the layer's own
config and weights (`kinds/conv_fast.py`, `kinds/dense_fast.py`, …). A step
computes a blank pad's output once (`prepare`) and then, per drawing, only what
a change from the blank pad can reach: a mask of the positions that may differ
(`Changed`) travels from step to step. The batch pass's contract, which the
same kinds fulfil for many images at once and backwards, is `batch_ops.BatchOp`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from digitpad.core.layers.functions import RELU, Activation, Function

# (H, W) bool: positions whose activations may differ from the blank pad's; None: unknown.
Changed = np.ndarray | None


class FastStep(Protocol):
    """One layer of the live pass."""

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        """Fix what depends on the input's shape; return (and keep) the blank pad's output."""
        ...

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        """This layer's output for `x`, and which of its positions may have changed."""
        ...


def activate(activation: Activation, fresh: np.ndarray) -> np.ndarray:
    """`activation(fresh)`, in place for ReLU (`fresh` is an array no one else holds)."""
    if activation is RELU:
        return np.maximum(fresh, 0.0, out=fresh)
    return activation.apply(fresh)


class MapStep:
    """A step that works position by position (identity, an activation, softmax over the
    channels, a per-channel rescaling) or Flatten: the changed mask holds while the output
    is a (H, W, C) grid."""

    def __init__(self, fn: Function) -> None:
        self.fn = fn

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.fn(blank_in)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        out = self.fn(x)
        return out, (changed if out.ndim == 3 else None)
