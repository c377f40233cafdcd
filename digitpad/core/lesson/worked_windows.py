"""The worked numbers of a window sliding over feature maps: convolution and pooling.

A `ConvWorked` or `PoolWorked` holds the layer's own input and output (and,
for a convolution, its own kernels and biases) and one output pixel worked
out by hand (`arithmetic`); `at(row, col, channel)` gives the same numbers for
any other pixel, so the window's sliding page moves the window without
arithmetic of its own. The course's own examples (its 6×6 convolution and its
[6, 8, 3, 4] pooling window) are steps of the same kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.registry import LayerInfo
from digitpad.core.layers.values import argmax, number, numbers

TOP_CHANNELS = 4  # the second convolution: the input channels that add most, shown


@dataclass(frozen=True)
class ConvWorked:
    """One output pixel of a convolution: patch × kernel, summed, + bias, activation."""

    row: int
    col: int
    channel: int
    pixel: ar.ConvPixel
    output: float  # the layer's own output there
    activation: str | None
    window: ar.Window
    inputs: np.ndarray  # (H, W, C) the layer's input
    outputs: np.ndarray  # (H', W', filters) the layer's output
    kernels: np.ndarray  # (kh, kw, C, filters)
    biases: np.ndarray  # (filters,)

    def at(self, row: int, col: int, channel: int) -> ConvWorked:
        weights = (self.kernels, self.biases, self.window)
        pixel = ar.conv_pixel(self.inputs, *weights, row, col, channel)
        output = float(self.outputs[row, col, channel])
        return replace(self, row=row, col=col, channel=channel, pixel=pixel, output=output)

    def top_channels(self, count: int = TOP_CHANNELS) -> list[tuple[int, float]]:
        """The input channels whose products add most to the sum (by size), with their share."""
        shares = self.pixel.channel_sums
        order = np.argsort(-np.abs(shares), kind="stable")[:count]
        return [(int(k), float(shares[k])) for k in order]

    def sums(self, channel: int) -> np.ndarray:
        """Every output pixel of `channel` before the activation, by the same arithmetic."""
        out_hw = (self.outputs.shape[0], self.outputs.shape[1])
        return ar.conv_sums(self.inputs, self.kernels, self.biases, self.window, out_hw, channel)

    def to_json(self) -> dict[str, Any]:
        p = self.pixel
        return {
            "row": self.row,
            "col": self.col,
            "channel": self.channel,
            "patch": numbers(p.patch),
            "kernel": numbers(p.kernel),
            "products": p.products.tolist(),
            "bias": number(p.bias),
            "sum": p.sum,
            "activation": self.activation or "linear",
            "output": number(self.output),
            "top_channels": [[k, share] for k, share in self.top_channels()],
        }


def _conv_at(
    pixel: tuple[int, int, int],
    activation: str | None,
    window: ar.Window,
    inputs: np.ndarray,
    outputs: np.ndarray,
    kernels: np.ndarray,
    biases: np.ndarray,
) -> ConvWorked:
    blank = ar.ConvPixel(np.zeros(0), np.zeros(0), np.zeros(0), 0.0, 0.0)
    start = ConvWorked(0, 0, 0, blank, 0.0, activation, window, inputs, outputs, kernels, biases)
    return start.at(*pixel)


def conv(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: tuple) -> ConvWorked:
    kernels = np.asarray(weights[0])
    biases = np.asarray(weights[1]) if len(weights) > 1 else np.zeros(kernels.shape[-1])
    window = ar.window_for(dict(info.config), "kernel_size", inputs.shape[:2], outputs.shape[:2])
    row, col, channel = argmax(outputs)  # the most strongly activated pixel
    return _conv_at((row, col, channel), info.activation, window, inputs, outputs, kernels, biases)


def course_convolution() -> ConvWorked:
    """The course's 6×6 example as a convolution step (no bias, no activation), so the
    window slides its kernel exactly as it does over a drawing."""
    outputs = ar.course_convolution()[:, :, None]
    kernels = ar.COURSE_KERNEL[:, :, None, None]
    inputs = ar.COURSE_IMAGE[:, :, None]
    return _conv_at((0, 0, 0), None, ar.Window((3, 3)), inputs, outputs, kernels, np.zeros(1))


@dataclass(frozen=True)
class PoolWorked:
    """One pooling window on one map, the value kept (or the mean), the output."""

    row: int
    col: int
    channel: int
    pooled: ar.Pooled
    output: float  # the layer's own output there
    mode: str
    window: ar.Window
    inputs: np.ndarray
    outputs: np.ndarray

    def at(self, row: int, col: int, channel: int) -> PoolWorked:
        values = self.window.take(self.inputs, row, col, fill=np.nan)[:, :, channel]
        pooled = ar.pool_window(values, self.mode)
        output = float(self.outputs[row, col, channel])
        return replace(self, row=row, col=col, channel=channel, pooled=pooled, output=output)

    def to_json(self) -> dict[str, Any]:
        values = np.where(np.isnan(self.pooled.values), 0.0, self.pooled.values)
        out: dict[str, Any] = {
            "row": self.row,
            "col": self.col,
            "channel": self.channel,
            "window": numbers(values),
            "mode": self.mode,
            "output": number(self.output),
        }
        if self.pooled.kept is not None:
            out["kept"] = list(self.pooled.kept)
        return out


def _pool_at(
    pixel: tuple[int, ...], mode: str, window: ar.Window, inputs: np.ndarray, outputs: np.ndarray
) -> PoolWorked:
    blank = ar.Pooled(np.zeros((0, 0)), 0.0, None)
    return PoolWorked(0, 0, 0, blank, 0.0, mode, window, inputs, outputs).at(*pixel)


def pool(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray) -> PoolWorked:
    window = ar.window_for(dict(info.config), "pool_size", inputs.shape[:2], outputs.shape[:2])
    return _pool_at(argmax(outputs), info.kind.pooling or "max", window, inputs, outputs)


def course_pooling() -> PoolWorked:
    """The slide's pooling example, [6, 8, 3, 4] → 8, as a pooling step."""
    outputs = np.array([[[ar.course_pooling().output]]])
    return _pool_at(
        (0, 0, 0), "max", ar.Window((2, 2), (2, 2)), ar.COURSE_POOL[:, :, None], outputs
    )
