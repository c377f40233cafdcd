"""Conv2D in the NumPy pass: the batch op (forwards and backwards) and the live step.

`ConvOp` is the layer for a batch of images: every output position's patch as
one row (im2col, one strided view per kernel offset), times the kernel as one
matrix, plus the bias, then the activation; backwards, the gradient goes
through the same matrix and is added back onto the positions each patch read.
Strides, dilation and "same"/"valid" padding as TensorFlow computes them. The
patches of a large layer are made a block of output rows at a time, so memory
stays bounded whatever a model file declares.

`ConvStep` is the live single-drawing step. Its matrix products are small
(the largest is 576×288 by 288×64). A blank pad's output is computed once; a
drawing then recomputes only the positions whose window holds an input that
differs from the blank pad's (`fast_steps.Changed`), and copies the rest.
"""

from __future__ import annotations

import numpy as np

from digitpad.core.layers.fast_steps import Changed
from digitpad.core.layers.fast_windows import WindowAny, window_index
from digitpad.core.layers.functions import RELU, Activation, activation_named
from digitpad.core.layers.kind import LayerInfo, Weights
from digitpad.core.layers.sizes import ints

CHEAP_LAYER_MACS = 1_000_000  # a convolution this cheap is computed at every position
PATCH_BYTES = 32 * 1024 * 1024  # a batch's patches are made this much at a time, at most
Window = tuple[slice, slice]  # the input rows and columns one kernel offset reads


def same_padding(size: int, kernel: int, stride: int, dilation: int) -> tuple[int, int]:
    """(before, after): TensorFlow's "same" padding, the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
    return total // 2, total - total // 2


class ConvOp:
    """Conv2D, channels last, on a batch: forwards and backwards (`batch_ops.BatchOp`)."""

    def __init__(
        self,
        kernel: np.ndarray,
        bias: np.ndarray,
        strides: tuple[int, int],
        dilation: tuple[int, int],
        padding: str,
        activation: Activation,
    ) -> None:
        kh, kw, cin, cout = kernel.shape
        self.size = (kh, kw)
        self.channels = cin
        self.matrix = np.ascontiguousarray(kernel.reshape(kh * kw * cin, cout))  # rows (i, j, c)
        self.bias = bias
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.activation = activation

    def _pads(self, h: int, w: int) -> tuple[tuple[int, int], tuple[int, int]]:
        if self.padding != "same":
            return (0, 0), (0, 0)
        return (
            same_padding(h, self.size[0], self.strides[0], self.dilation[0]),
            same_padding(w, self.size[1], self.strides[1], self.dilation[1]),
        )

    def _out(self, padded_hw: tuple[int, int]) -> tuple[int, int]:
        """The output's (H, W) for a (padded) input of `padded_hw`."""
        (h, w), (kh, kw), (sh, sw), (dh, dw) = padded_hw, self.size, self.strides, self.dilation
        return (h - (kh - 1) * dh - 1) // sh + 1, (w - (kw - 1) * dw - 1) // sw + 1

    def _views(self, rows: tuple[int, int], out_w: int) -> list[Window]:
        """For each kernel offset (i, j), the input rows and columns it reads at every output
        position of the output rows `rows` (first, past the last)."""
        (kh, kw), (sh, sw), (dh, dw) = self.size, self.strides, self.dilation
        first, last = rows[0], rows[1] - 1
        return [
            (
                slice(i * dh + sh * first, i * dh + sh * last + 1, sh),
                slice(j * dw, j * dw + sw * (out_w - 1) + 1, sw),
            )
            for i in range(kh)
            for j in range(kw)
        ]

    def _blocks(self, n: int, out_h: int, out_w: int) -> list[tuple[int, int]]:
        """Output rows a block at a time, so that no block's patches exceed PATCH_BYTES."""
        row_bytes = n * out_w * self.matrix.size * 4  # a row's patches, and its products' rows
        step = max(1, min(out_h, PATCH_BYTES // max(1, row_bytes)))
        return [(r, min(out_h, r + step)) for r in range(0, out_h, step)]

    def _padded(self, x: np.ndarray) -> tuple[np.ndarray, int, int]:
        """`x` padded as the layer pads it, and the padding above and to the left."""
        (top, bottom), (left, right) = self._pads(x.shape[1], x.shape[2])
        if top or bottom or left or right:
            x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
        return x, top, left

    def _linear(self, x: np.ndarray) -> np.ndarray:
        """patches × kernel + bias, before the activation: (N, H', W', filters)."""
        x, _top, _left = self._padded(x)
        n, (out_h, out_w) = len(x), self._out(x.shape[1:3])
        blocks = self._blocks(n, out_h, out_w)
        shape = (n, out_h, out_w, self.matrix.shape[1])
        z = None if len(blocks) == 1 else np.empty(shape, np.float32)
        for first, end in blocks:
            views = self._views((first, end), out_w)
            patches = np.concatenate([x[:, rows, cols, :] for rows, cols in views], axis=-1)
            block = patches.reshape(-1, self.matrix.shape[0]) @ self.matrix
            if z is None:  # one block: the product is the output
                z = block.reshape(n, out_h, out_w, -1)
            else:
                z[:, first:end] = block.reshape(n, end - first, out_w, -1)
        assert z is not None
        z += self.bias
        return z

    def forward(self, x: np.ndarray) -> np.ndarray:
        z = self._linear(x)
        return np.maximum(z, 0.0, out=z) if self.activation is RELU else self.activation.apply(z)

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        dz = self.activation.backward(lambda: self._linear(x), y, dy)
        padded, top, left = self._padded(x)
        n, (out_h, out_w) = len(dz), self._out(padded.shape[1:3])
        dx = np.zeros((n, *padded.shape[1:3], self.channels), dtype=dz.dtype)
        for first, end in self._blocks(n, out_h, out_w):
            views = self._views((first, end), out_w)
            rows = dz[:, first:end].reshape(-1, dz.shape[-1])
            dpatches = (rows @ self.matrix.T).reshape(n, end - first, out_w, len(views), -1)
            for k, (at_rows, at_cols) in enumerate(views):
                dx[:, at_rows, at_cols, :] += dpatches[:, :, :, k, :]
        return dx[:, top : top + x.shape[1], left : left + x.shape[2], :]


def _weights(info: LayerInfo, weights: Weights) -> tuple[np.ndarray, np.ndarray] | None:
    """The kernel and the bias (zeros for a layer without one) as float32, if they fit."""
    if not weights or weights[0].ndim != 4:
        return None
    kernel = np.asarray(weights[0], dtype=np.float32)
    cout = kernel.shape[-1]
    bias = np.asarray(weights[1], np.float32) if len(weights) > 1 else np.zeros(cout, np.float32)
    return (kernel, bias) if bias.shape == (cout,) else None


def conv_op(info: LayerInfo, weights: Weights) -> ConvOp | None:
    """The batch op of a Conv2D layer: one group, channels last, "valid" or "same" padding and
    an activation the NumPy pass has; else None (Keras' pass)."""
    config = info.config
    activation = activation_named(config.get("activation"))
    padding = str(config.get("padding", "valid")).lower()
    found = _weights(info, weights)
    plain = (
        activation is not None
        and found is not None
        and config.get("groups", 1) == 1
        and config.get("data_format", "channels_last") == "channels_last"
        and padding in ("valid", "same")
    )
    if not plain or activation is None or found is None:
        return None
    sh, sw = ints(config.get("strides", 1), 2, "strides")
    dh, dw = ints(config.get("dilation_rate", 1), 2, "dilation_rate")
    return ConvOp(*found, (sh, sw), (dh, dw), padding, activation)


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
        activation: Activation,
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
        if self.activation is RELU:
            return np.maximum(values, self.zeros[:count], out=values)
        return self.activation.apply(values)


def conv_step(info: LayerInfo, weights: Weights) -> ConvStep | None:
    """The live step of a Conv2D layer: stride 1, no dilation, an elementwise activation
    (and what `conv_op` covers); else None (the live pass runs `conv_op`)."""
    op = conv_op(info, weights)
    if op is None or op.strides != (1, 1) or op.dilation != (1, 1):
        return None
    if not op.activation.elementwise:
        return None
    kh, kw = op.size
    pad = (0, 0, 0, 0)
    if op.padding == "same":  # as TensorFlow pads: the odd pixel goes after
        pad = ((kh - 1) // 2, kh // 2, (kw - 1) // 2, kw // 2)
    return ConvStep(op.matrix, op.bias, op.size, pad, op.activation)
