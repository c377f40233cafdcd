"""Each step's worked numbers: one pixel, window or neuron of a layer, computed by hand.

Every value comes from one `Inspection`: the layer's own input and output for
the drawing and the model's own weights; the arithmetic in between is
`arithmetic`'s. `at(...)` gives the same numbers for another pixel or neuron,
so the window can move the kernel without arithmetic of its own. `to_json()`
is the step's `worked` object in `digitpad explain --json`. The steps whose
window slides over feature maps (convolution, pooling) are `worked_windows`'s;
`Worked` names every kind.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.registry import LayerInfo
from digitpad.core.layers.values import argmax, number, numbers
from digitpad.core.lesson.worked_windows import ConvWorked, PoolWorked

DROPOUT_SEED = 0  # the sampled training mask is an illustration: the same one every time
TOP_INPUTS = 8  # a dense neuron: the inputs whose products are largest, shown


@dataclass(frozen=True)
class InputWorked:
    pixels: np.ndarray  # (28, 28) exactly what the network saw

    def to_json(self) -> dict[str, Any]:
        return {"pixels": numbers(self.pixels)}


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
    row, col, channel = argmax(inputs)
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
    index = argmax(np.abs(outputs))
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
