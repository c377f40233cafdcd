"""Dense's step in the live NumPy pass: its blank pad's output plus what the drawing changed.

Dense's NumPy arithmetic lives here; a batch forward pass and its backward
pass (gradient × input, issue 23) belong beside this step.

A matrix product in float32 sums its terms one after another; the blank pad's
sum is computed once in float64. For the course's 9216×128 layer only the
rows of the inputs that differ from the blank pad's are read.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from digitpad.core.layers.fast_steps import Changed, Function, activate, activation_of

SMALL_MATRIX_BYTES = 256 * 1024  # a Dense matrix below this stays in cache: plain product
GATHERED_ROWS = 512  # Dense weight rows gathered and multiplied at a time


class DenseStep:
    """Dense on a flat input, as its blank pad's output plus W·(x − blank) over the inputs
    that differ from the blank pad's (exactly zero differences add nothing).

    After the course's Flatten about a third of the changed positions' inputs
    differ (ReLU keeps most of the blank pad's zeros), so only those rows of
    the 9216×128 matrix are read (gathered a block at a time): memory, not
    arithmetic, is this layer's cost.
    """

    def __init__(self, kernel: np.ndarray, bias: np.ndarray, activation: Function) -> None:
        self.kernel = kernel  # (inputs, units): one input's weights are one contiguous row
        self.bias = bias
        self.activation = activation
        self.blank_in = np.zeros(0, np.float32)
        self.blank_sum = np.zeros(0, np.float32)  # W·blank + b, before the activation
        # A small matrix (the 128×10 output layer) costs less than finding what moved.
        self.from_blank = kernel.nbytes >= SMALL_MATRIX_BYTES

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        self.blank_in = blank_in.reshape(-1)
        exact = self.blank_in.astype(np.float64) @ self.kernel.astype(np.float64)
        self.blank_sum = (exact + self.bias).astype(np.float32)
        return activate(self.activation, self.blank_sum.copy())

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        flat = x.reshape(-1)
        if self.from_blank:
            diff = flat - self.blank_in
            moved = np.flatnonzero(diff != 0)  # (a bool array's nonzero is the fast one)
            if moved.size <= flat.size // 2:  # else the plain product reads less
                values, moves = self.blank_sum.copy(), diff[moved]
                # BLAS sums a product's terms one after another in float32: in blocks the
                # rounding stays at the plain product's level (and each block in cache).
                for start in range(0, moved.size, GATHERED_ROWS):
                    rows = slice(start, start + GATHERED_ROWS)
                    values += moves[rows] @ np.take(self.kernel, moved[rows], axis=0)
                return activate(self.activation, values), None
        values = flat @ self.kernel
        values += self.bias
        return activate(self.activation, values), None


def dense_step(layer: Any) -> DenseStep | None:
    """The live step of a Dense layer on a row of values, with an activation the pass has."""
    activation = activation_of(layer)
    if activation is None:
        return None
    bias = getattr(layer, "bias", None)
    kernel = layer.kernel.numpy().astype(np.float32)
    b = bias.numpy() if bias is not None else np.zeros(kernel.shape[1], np.float32)
    return DenseStep(np.ascontiguousarray(kernel), b.astype(np.float32), activation)
