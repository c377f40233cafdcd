"""BatchNormalization (and LayerNormalization, which digitpad only sizes): one entry each.

Batch normalization rescales each channel with what it learned while
training; its worked numbers are one value through
(x − mean) / √(variance + ε) × γ + β, the value that moved most. Its NumPy op
(inference form: one scale and shift per channel) is here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layers import arguments as args
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.fast_steps import Changed
from digitpad.core.layers.kind import LayerInfo, LayerKind, Step, Walk, Weights, untaught
from digitpad.core.layers.terminal import num
from digitpad.core.layers.values import argmax, number

STEP = Step("normalization")


def describe(info: LayerInfo) -> str:
    return ngettext(
        "Batch normalization: rescales {count} channel",
        "Batch normalization: rescales {count} channels",
        info.size,
    ).format(count=info.size)


def formula(info: LayerInfo) -> str:
    per_channel = info.params // max(1, info.size)
    return f"{per_channel} × {info.size:,} = {info.params:,}"


def _learned(cfg: dict[str, Any], shape: sz.Shape) -> tuple[sz.Variable, ...]:
    """γ (unless `scale` is off), then β (unless `center` is off)."""
    learned = [key for key in ("scale", "center") if cfg.get(key, True)]
    return tuple(sz.Variable(shape) for _key in learned)


def batch_variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """γ and β, learned; then the moving mean and variance, counted but not learned."""
    axes = sz.axes(cfg, shapes[0])
    if len(axes) != 1:
        raise sz.BudgetError("malformed", "axis")
    shape = (shapes[0][axes[0]],)
    moving = (sz.Variable(shape, trainable=False), sz.Variable(shape, trainable=False))
    return _learned(cfg, shape) + moving


def layer_variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    shape = tuple(shapes[0][i] for i in sz.axes(cfg, shapes[0]))
    return _learned(cfg, shape)


def batch_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    return sz.count(batch_variables(cfg, shapes)), shapes[0]


def layer_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    return sz.count(layer_variables(cfg, shapes)), shapes[0]


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


def worked(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
) -> NormalizationWorked | None:
    if len(weights) < 2:
        return None
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


def sentences(info: LayerInfo, n: NormalizationWorked, walk: Walk) -> list[str]:
    return [
        _(
            "A batch normalization layer rescales each channel with what it learned while "
            "training: (x − mean) / √(variance + ε) × γ + β."
        )
    ]


def lines(info: LayerInfo, n: NormalizationWorked, walk: Walk) -> Iterator[str]:
    yield (
        f"({num(n.value)} − {num(n.mean)}) / √({num(n.variance)} + {n.epsilon:g}) × "
        f"{num(n.gamma)} + {num(n.beta)} = {num(n.output)}"
    )


class BatchNormOp:
    """Batch normalization when predicting, on the last axis: x × s + t per channel, with
    s = γ / √(variance + ε) and t = β − mean × s (as TensorFlow computes it). For a batch
    and live (position by position)."""

    def __init__(self, scale: np.ndarray, shift: np.ndarray) -> None:
        self.scale = scale
        self.shift = shift

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x * self.scale + self.shift

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return dy * self.scale

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.forward(blank_in)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        return self.forward(x), changed


def batch_op(info: LayerInfo, weights: Weights) -> BatchNormOp | None:
    """The op of a BatchNormalization layer over the last axis; else None."""
    config, rank = info.config, len(info.input_shape)
    if config.get("axis", -1) not in (-1, rank, [-1], [rank]) or len(weights) < 2:
        return None
    values = [np.asarray(w, np.float32) for w in weights]
    channels = info.input_shape[-1]
    gamma = values.pop(0) if config.get("scale", True) else np.ones(channels, np.float32)
    beta = values.pop(0) if config.get("center", True) else np.zeros(channels, np.float32)
    if len(values) != 2 or any(v.shape != (channels,) for v in (gamma, beta, *values)):
        return None
    mean, variance = values
    epsilon = np.float32(config.get("epsilon", 1e-3))
    scale = (1.0 / np.sqrt(variance + epsilon)).astype(np.float32) * gamma
    return BatchNormOp(scale, (beta - mean * scale).astype(np.float32))


BATCH_NORMALIZATION = LayerKind(
    "BatchNormalization",
    STEP,
    N_("batch normalization layer"),
    describe,
    formula,
    arguments=(
        args.from_config("momentum", 0.99),
        args.from_config("epsilon", 1e-3),
        args.from_config("center", True),
        args.from_config("scale", True),
        args.INPUT_SHAPE,
    ),
    sizes=batch_sizes,
    variables=batch_variables,
    batch=batch_op,
    fast=batch_op,
    worked=worked,
    sentences=sentences,
    lines=lines,
)
LAYER_NORMALIZATION = untaught("LayerNormalization", layer_sizes, variables=layer_variables)
