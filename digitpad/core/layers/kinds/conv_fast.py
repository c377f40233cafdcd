"""Conv2D's step in the live NumPy pass: one drawing, only the positions a change reaches.

Conv2D's NumPy arithmetic lives here; a batch forward pass and its backward
pass (gradient × input, issue 23) belong beside this step.

Its matrix products are small (the largest is 576×288 by 288×64). A blank
pad's output is computed once; a drawing then recomputes only the positions
whose window holds an input that differs from the blank pad's
(`fast_steps.Changed`), and copies the rest.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from digitpad.core.layers.fast_steps import Changed, Function, activation_of, relu, softmax
from digitpad.core.layers.fast_windows import WindowAny, window_index

CHEAP_LAYER_MACS = 1_000_000  # a convolution this cheap is computed at every position


class ConvStep:
    """Conv2D, stride 1, channels last; "same" padding becomes explicit zero padding.

    `prepare` computes the blank pad's output once; a call recomputes only the
    positions whose window holds a changed input and copies the rest. A cheap
    layer (the first convolution: 9 inputs per position) is computed everywhere:
    that takes fewer NumPy calls than choosing positions.
    """

    def __init__(
        self,
        kernel: np.ndarray,
        bias: np.ndarray,
        size: tuple[int, int],
        pad: tuple[int, int, int, int],
        activation: Function,
    ) -> None:
        self.kernel = kernel  # (kh * kw * Cin, Cout), rows ordered (i, j, channel)
        self.bias = bias
        self.size = size
        self.pad = pad  # top, bottom, left, right
        self.activation = activation
        self.index = np.zeros((0, 0), np.int32)  # window_index for the input's shape
        self.blank = np.zeros((0, 0, 0), np.float32)  # the output for a blank pad
        self.everywhere = False  # compute every position (set by `prepare`)
        self.reach = WindowAny((0, 0), (0, 0), (1, 1))  # which outputs a changed input reaches
        # The bias for every position, and zeros for ReLU: NumPy adds a broadcast row and
        # takes the maximum with a scalar three times slower than with a same-shaped array.
        self.bias_rows = np.zeros((0, 0), np.float32)
        self.zeros = np.zeros((0, 0), np.float32)

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        """Fix the index for this input's shape; return (and keep) the blank pad's output."""
        x = self._padded(blank_in)
        (h, w), (kh, kw) = x.shape[:2], self.size
        self.index = window_index((h, w), self.size)
        self.reach = WindowAny((h, w), self.size, (1, 1))
        self.bias_rows = np.tile(self.bias, (len(self.index), 1))
        self.zeros = np.zeros_like(self.bias_rows)
        self.blank = self._at(x, self.index).reshape(h - kh + 1, w - kw + 1, -1)
        self.everywhere = self.index.shape[0] * self.kernel.size <= CHEAP_LAYER_MACS
        return self.blank

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        if changed is None:
            changed = np.ones(x.shape[:2], dtype=bool)
        x, changed = self._padded(x), self._padded(changed)
        reached = self.reach(changed)
        if self.everywhere:  # unchanged positions compute the blank pad's values exactly
            return self._at(x, self.index).reshape(self.blank.shape), reached
        positions = np.flatnonzero(reached)
        out = self.blank.copy()
        if positions.size:
            out.reshape(-1, out.shape[-1])[positions] = self._at(x, self.index[positions])
        return out, reached

    def _padded(self, x: np.ndarray) -> np.ndarray:
        if not any(self.pad):
            return x
        top, bottom, left, right = self.pad
        return np.pad(x, ((top, bottom), (left, right)) + ((0, 0),) * (x.ndim - 2))

    def _at(self, x: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """This layer's outputs (len(windows), Cout) for rows of `self.index`."""
        count = len(windows)
        patches = np.take(x.reshape(-1, x.shape[-1]), windows, axis=0)
        values = patches.reshape(count, -1) @ self.kernel
        values += self.bias_rows[:count]
        if self.activation is relu:
            return np.maximum(values, self.zeros[:count], out=values)
        return self.activation(values)


def conv_step(layer: Any) -> ConvStep | None:
    """The live step of a Conv2D layer: stride 1, no dilation, one group, channels last,
    "valid" or "same" padding, and an activation the pass has; else None."""
    activation = activation_of(layer)
    plain = (
        activation is not None
        and activation is not softmax
        and tuple(layer.strides) == (1, 1)
        and tuple(layer.dilation_rate) == (1, 1)
        and getattr(layer, "groups", 1) == 1
        and getattr(layer, "data_format", "channels_last") == "channels_last"
        and layer.padding in ("valid", "same")
    )
    if activation is None or not plain:
        return None
    kernel = layer.kernel.numpy().astype(np.float32)
    kh, kw, cin, cout = kernel.shape
    bias = getattr(layer, "bias", None)
    b = bias.numpy().astype(np.float32) if bias is not None else np.zeros(cout, np.float32)
    pad = (0, 0, 0, 0)
    if layer.padding == "same":  # as TensorFlow pads: the odd pixel goes after
        pad = ((kh - 1) // 2, kh // 2, (kw - 1) // 2, kw // 2)
    return ConvStep(kernel.reshape(kh * kw * cin, cout), b, (kh, kw), pad, activation)
