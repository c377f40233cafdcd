"""MaxPooling2D and AveragePooling2D in the NumPy pass: the batch op and the live step.

A window offset at a time: one strided view of the (padded) input per offset,
so no window is copied. Max pooling keeps the largest of each window; its
gradient goes to the first largest value in the window (rows, then columns),
as TensorFlow's does. Average pooling divides by the number of input values
the window covers: with "same" padding, TensorFlow leaves the padding out of
the mean, and so does this.
"""

from __future__ import annotations

import numpy as np

from digitpad.core.layers.fast_steps import Changed
from digitpad.core.layers.fast_windows import WindowAny
from digitpad.core.layers.kind import LayerInfo, Weights
from digitpad.core.layers.kinds.conv_fast import same_padding
from digitpad.core.layers.sizes import ints

Pads = tuple[tuple[int, int], tuple[int, int]]


class PoolOp:
    """Max or average pooling, channels last, on a batch (N, H, W, C): `batch_ops.BatchOp`."""

    def __init__(
        self, mode: str, size: tuple[int, int], strides: tuple[int, int], padding: str
    ) -> None:
        self.mode = mode  # "max" or "average"
        self.size = size
        self.strides = strides
        self.padding = padding

    def pads(self, h: int, w: int) -> Pads:
        if self.padding != "same":
            return (0, 0), (0, 0)
        return (
            same_padding(h, self.size[0], self.strides[0], 1),
            same_padding(w, self.size[1], self.strides[1], 1),
        )

    def _views(self, h: int, w: int) -> list[tuple[slice, slice]]:
        """For each window offset (rows, then columns), the padded input's rows and columns it
        reads at every output position."""
        (kh, kw), (sh, sw) = self.size, self.strides
        out_h, out_w = (h - kh) // sh + 1, (w - kw) // sw + 1
        return [
            (slice(i, i + sh * (out_h - 1) + 1, sh), slice(j, j + sw * (out_w - 1) + 1, sw))
            for i in range(kh)
            for j in range(kw)
        ]

    def _padded(self, x: np.ndarray, fill: float) -> tuple[np.ndarray, Pads]:
        pads = self.pads(x.shape[1], x.shape[2])
        if pads == ((0, 0), (0, 0)):
            return x, pads
        return np.pad(x, ((0, 0), *pads, (0, 0)), constant_values=fill), pads

    def _counts(self, x: np.ndarray) -> np.ndarray | float:
        """How many input values each window covers (padding left out): (H', W', 1), or the
        window's size when nothing is padded."""
        pads = self.pads(x.shape[1], x.shape[2])
        if pads == ((0, 0), (0, 0)):
            return float(self.size[0] * self.size[1])
        ones = np.pad(np.ones(x.shape[1:3], np.float32), pads)
        views = self._views(*ones.shape)
        counts = np.zeros_like(ones[views[0]])
        for rows, cols in views:
            counts += ones[rows, cols]
        return counts[:, :, None]

    def forward(self, x: np.ndarray) -> np.ndarray:
        if self.mode == "max":
            padded, _pads = self._padded(x, -np.inf)
            views = self._views(padded.shape[1], padded.shape[2])
            out = padded[:, views[0][0], views[0][1], :].copy()
            for rows, cols in views[1:]:
                np.maximum(out, padded[:, rows, cols, :], out=out)
            return out
        padded, _pads = self._padded(x, 0.0)
        views = self._views(padded.shape[1], padded.shape[2])
        total = padded[:, views[0][0], views[0][1], :].copy()
        for rows, cols in views[1:]:
            total += padded[:, rows, cols, :]
        return total / self._counts(x)

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        fill = -np.inf if self.mode == "max" else 0.0
        padded, ((top, _b), (left, _r)) = self._padded(x, fill)
        views = self._views(padded.shape[1], padded.shape[2])
        dx = np.zeros((len(dy), *padded.shape[1:]), dtype=dy.dtype)
        if self.mode == "max":
            taken = np.zeros(y.shape, dtype=bool)
            for rows, cols in views:
                first = (padded[:, rows, cols, :] == y) & ~taken
                dx[:, rows, cols, :] += np.where(first, dy, 0.0)
                taken |= first
        else:
            share = (dy / self._counts(x)).astype(dy.dtype)
            for rows, cols in views:
                dx[:, rows, cols, :] += share
        return dx[:, top : top + x.shape[1], left : left + x.shape[2], :]


def _pool_op(mode: str, info: LayerInfo) -> PoolOp | None:
    config = info.config
    padding = str(config.get("padding", "valid")).lower()
    if config.get("data_format", "channels_last") != "channels_last" or padding not in (
        "valid",
        "same",
    ):
        return None
    ph, pw = ints(config.get("pool_size", 2), 2, "pool_size")
    sh, sw = ints(config.get("strides") or (ph, pw), 2, "strides")
    return PoolOp(mode, (ph, pw), (sh, sw), padding)


def max_op(info: LayerInfo, weights: Weights) -> PoolOp | None:
    return _pool_op("max", info)


def average_op(info: LayerInfo, weights: Weights) -> PoolOp | None:
    return _pool_op("average", info)


class PoolStep:
    """A pooling layer in the live pass: its op on the one drawing, and which outputs a
    changed input reaches."""

    def __init__(self, op: PoolOp) -> None:
        self.op = op
        self.pads: Pads = ((0, 0), (0, 0))
        self.reach = WindowAny((0, 0), (0, 0), (1, 1))

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        h, w = blank_in.shape[:2]
        self.pads = self.op.pads(h, w)
        padded = (h + sum(self.pads[0]), w + sum(self.pads[1]))
        self.reach = WindowAny(padded, self.op.size, self.op.strides)
        return self.op.forward(blank_in[None])[0]

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        reached = None
        if changed is not None:
            padded = self.pads != ((0, 0), (0, 0))
            reached = self.reach(np.pad(changed, self.pads) if padded else changed)
        return self.op.forward(x[None])[0], reached


def max_step(info: LayerInfo, weights: Weights) -> PoolStep | None:
    op = max_op(info, weights)
    return None if op is None else PoolStep(op)


def average_step(info: LayerInfo, weights: Weights) -> PoolStep | None:
    op = average_op(info, weights)
    return None if op is None else PoolStep(op)
