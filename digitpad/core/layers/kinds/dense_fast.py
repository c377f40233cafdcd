"""Dense in the NumPy pass: the batch op (forwards and backwards) and the live step.

`DenseOp` is the layer for a batch: inputs × kernel + bias, then the
activation, on the last axis; backwards, the gradient times the kernel's
transpose.

`DenseStep` is the live single-drawing step. A matrix product in float32 sums
its terms one after another; the blank pad's sum is computed once in float64.
For the course's 9216×128 layer only the rows of the inputs that differ from
the blank pad's are read.
"""

from __future__ import annotations

import numpy as np

from digitpad.core.layers.fast_steps import Changed, activate
from digitpad.core.layers.functions import RELU, Activation, activation_named
from digitpad.core.layers.kind import LayerInfo, Weights

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

    def __init__(self, kernel: np.ndarray, bias: np.ndarray, activation: Activation) -> None:
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


class DenseOp:
    """Dense on a batch, along the last axis: forwards and backwards (`batch_ops.BatchOp`)."""

    def __init__(self, kernel: np.ndarray, bias: np.ndarray, activation: Activation) -> None:
        self.kernel = kernel  # (inputs, units)
        self.bias = bias
        self.activation = activation

    def _linear(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.kernel
        z += self.bias
        return z

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = self._linear(x)
        return np.maximum(z, 0.0, out=z) if self.activation is RELU else self.activation.apply(z)

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        dz = self.activation.backward(lambda: self._linear(x), y, dy)
        return dz @ self.kernel.T


def dense_op(info: LayerInfo, weights: Weights) -> DenseOp | None:
    """The batch op of a Dense layer with an activation the NumPy pass has; else None."""
    activation = activation_named(info.config.get("activation"))
    if activation is None or not weights or weights[0].ndim != 2:
        return None
    kernel = np.ascontiguousarray(weights[0], dtype=np.float32)
    units = kernel.shape[1]
    bias = np.asarray(weights[1], np.float32) if len(weights) > 1 else np.zeros(units, np.float32)
    return DenseOp(kernel, bias, activation) if bias.shape == (units,) else None


def dense_step(info: LayerInfo, weights: Weights) -> DenseStep | None:
    """The live step of a Dense layer on a row of values (what `dense_op` covers)."""
    op = dense_op(info, weights)
    if op is None or len(info.input_shape) != 1:
        return None
    return DenseStep(op.kernel, op.bias, op.activation)
