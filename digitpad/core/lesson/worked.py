"""Each step's worked numbers: one pixel, window or neuron of a layer, computed by hand.

Every value comes from one `Inspection`: the layer's own input and output for
the drawing and the model's own weights; the arithmetic in between is
`arithmetic`'s. `at(...)` gives the same numbers for another pixel or neuron,
so the window can move the kernel without arithmetic of its own. `to_json()`
is the step's `worked` object in `digitpad explain --json`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.layers import LayerInfo
from digitpad.core.lesson import arithmetic as ar

DROPOUT_SEED = 0  # the sampled training mask is an illustration: the same one every time
TOP_CHANNELS = 4  # the second convolution: the input channels that add most, shown
TOP_INPUTS = 8  # a dense neuron: the inputs whose products are largest, shown


def number(value: float) -> float:
    """A float32 value written as float32 writes it (0.3019608, not 0.30196079611778259)."""
    return float(str(np.float32(value)))


def numbers(values: np.ndarray) -> Any:
    """Nested lists of float32 values, each written as float32 writes it."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 0:
        return number(float(values))
    return [numbers(v) for v in values]


def _argmax(values: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(values)), values.shape))


@dataclass(frozen=True)
class InputWorked:
    pixels: np.ndarray  # (28, 28) exactly what the network saw

    def to_json(self) -> dict[str, Any]:
        return {"pixels": numbers(self.pixels)}


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
    row, col, channel = _argmax(outputs)  # the most strongly activated pixel
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
    return _pool_at(_argmax(outputs), info.kind.pooling or "max", window, inputs, outputs)


def course_pooling() -> PoolWorked:
    """The slide's pooling example, [6, 8, 3, 4] → 8, as a pooling step."""
    outputs = np.array([[[ar.course_pooling().output]]])
    return _pool_at(
        (0, 0, 0), "max", ar.Window((2, 2), (2, 2)), ar.COURSE_POOL[:, :, None], outputs
    )


@dataclass(frozen=True)
class DropoutWorked:
    """What dropout would do while training (a sampled mask) and does when predicting."""

    rate: float
    seed: int
    mask: np.ndarray  # True: kept, in the layer's input shape
    inputs: np.ndarray
    output_equals_input: bool  # the layer's own output compared with its input

    def resample(self, seed: int) -> DropoutWorked:
        return replace(self, seed=seed, mask=ar.dropout_mask(self.mask.shape, self.rate, seed))

    @property
    def dropped(self) -> int:
        return int(self.mask.size - self.mask.sum())

    def to_json(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "seed": self.seed,
            "dropped": self.dropped,
            "total": int(self.mask.size),
            "scale": 1.0 / (1.0 - self.rate) if self.rate < 1 else None,
            "output_equals_input": self.output_equals_input,
            "mask": self.mask.astype(int).tolist(),
        }


def dropout(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray) -> DropoutWorked:
    rate = float(info.config.get("rate", 0.0))
    mask = ar.dropout_mask(inputs.shape, rate, DROPOUT_SEED)
    same = bool(np.array_equal(inputs, outputs))
    return DropoutWorked(rate, DROPOUT_SEED, mask, inputs, same)


@dataclass(frozen=True)
class FlattenWorked:
    """Where one map pixel lands in the flattened row."""

    shape: tuple[int, ...]  # the maps' shape (H, W, C)
    row: int
    col: int
    channel: int
    inputs: np.ndarray
    outputs: np.ndarray

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def index(self) -> int:
        _h, w, c = self.shape
        return ar.flatten_index(self.row, self.col, self.channel, w, c)

    @property
    def value(self) -> float:
        """The flattened row's own value at `index` (equal to the map pixel's)."""
        return float(self.outputs[self.index])

    def at(self, row: int, col: int, channel: int) -> FlattenWorked:
        return replace(self, row=row, col=col, channel=channel)

    def to_json(self) -> dict[str, Any]:
        return {
            "shape": list(self.shape),
            "size": self.size,
            "row": self.row,
            "col": self.col,
            "channel": self.channel,
            "index": self.index,
            "value": number(self.value),
        }


def flatten(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray) -> FlattenWorked | None:
    if inputs.ndim != 3:  # flattening a row is nothing to show
        return None
    row, col, channel = _argmax(inputs)
    return FlattenWorked(tuple(inputs.shape), row, col, channel, inputs, outputs)


@dataclass(frozen=True)
class DenseWorked:
    """One neuron's weighted sum: the largest contributions, the rest, bias, activation."""

    neuron: ar.DenseUnit
    output: float  # the layer's own output for this neuron
    activation: str | None
    inputs: np.ndarray
    outputs: np.ndarray
    kernel: np.ndarray  # (inputs, units)
    biases: np.ndarray

    @property
    def unit(self) -> int:
        return self.neuron.unit

    def at(self, unit: int) -> DenseWorked:
        neuron = ar.dense_unit(self.inputs, self.kernel, self.biases, unit, TOP_INPUTS)
        return replace(self, neuron=neuron, output=float(self.outputs[unit]))

    def to_json(self) -> dict[str, Any]:
        n = self.neuron
        top = [[int(i), number(n.inputs[i]), number(n.weights[i])] for i in n.top]
        return {
            "unit": n.unit,
            "top": top,
            "rest": n.rest,
            "bias": number(n.bias),
            "sum": n.sum,
            "activation": self.activation or "linear",
            "output": number(self.output),
        }


def dense(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: tuple) -> DenseWorked:
    kernel = np.asarray(weights[0])
    biases = np.asarray(weights[1]) if len(weights) > 1 else np.zeros(kernel.shape[-1])
    flat = inputs.reshape(-1)
    first = ar.dense_unit(flat, kernel, biases, 0, 0)
    start = DenseWorked(first, 0.0, info.activation, flat, outputs, kernel, biases)
    return start.at(int(np.argmax(outputs)))


@dataclass(frozen=True)
class SoftmaxWorked:
    """The output layer: logits z = inputs × W + b, then σ(z)_j = e^{z_j} / Σ_k e^{z_k}."""

    logits: np.ndarray  # (10,) float64, by hand from the layer's input and weights
    exps: np.ndarray  # e^{z_j}
    computed: np.ndarray  # σ(z) by hand
    probabilities: np.ndarray  # the layer's own output: the chart's bars

    @property
    def total(self) -> float:
        return float(self.exps.sum())

    def to_json(self) -> dict[str, Any]:
        return {
            "logits": self.logits.tolist(),
            "exp": self.exps.tolist(),
            "exp_sum": self.total,
            "probabilities": numbers(self.probabilities),
        }


def softmax(inputs: np.ndarray, outputs: np.ndarray, weights: tuple) -> SoftmaxWorked:
    kernel = np.asarray(weights[0])
    biases = np.asarray(weights[1]) if len(weights) > 1 else np.zeros(kernel.shape[-1])
    z = ar.logits(inputs, kernel, biases)
    exps, computed = ar.softmax(z)
    return SoftmaxWorked(z, exps, computed, np.asarray(outputs))


@dataclass(frozen=True)
class NormalizationWorked:
    """Batch normalization of one value: (x − mean) / √(variance + ε) × γ + β."""

    index: tuple[int, ...]  # where in the layer's output
    channel: int
    value: float  # the layer's input there
    gamma: float
    beta: float
    mean: float
    variance: float
    epsilon: float
    output: float  # the layer's own output

    @property
    def computed(self) -> float:
        scaled = (self.value - self.mean) / np.sqrt(self.variance + self.epsilon)
        return float(scaled * self.gamma + self.beta)

    def to_json(self) -> dict[str, Any]:
        return {
            "index": list(self.index),
            "channel": self.channel,
            "input": number(self.value),
            "gamma": number(self.gamma),
            "beta": number(self.beta),
            "mean": number(self.mean),
            "variance": number(self.variance),
            "epsilon": self.epsilon,
            "output": number(self.output),
        }


def normalization(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: tuple
) -> NormalizationWorked:
    config = info.config
    values = list(weights)
    channels = inputs.shape[-1]
    gamma = values.pop(0) if config.get("scale", True) else np.ones(channels)
    beta = values.pop(0) if config.get("center", True) else np.zeros(channels)
    mean, variance = values[0], values[1]
    index = _argmax(np.abs(outputs))
    k = index[-1]
    return NormalizationWorked(
        index,
        k,
        float(inputs[index]),
        float(gamma[k]),
        float(beta[k]),
        float(mean[k]),
        float(variance[k]),
        float(config.get("epsilon", 1e-3)),
        float(outputs[index]),
    )


Worked = (
    InputWorked
    | ConvWorked
    | PoolWorked
    | DropoutWorked
    | FlattenWorked
    | DenseWorked
    | SoftmaxWorked
    | NormalizationWorked
)
