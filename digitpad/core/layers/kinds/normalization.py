"""BatchNormalization (and LayerNormalization, which digitpad only sizes): one entry each.

Batch normalization rescales each channel with what it learned while
training; its worked numbers are one value through
(x − mean) / √(variance + ε) × γ + β, the value that moved most.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layers import arguments as args
from digitpad.core.layers import sizes as sz
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


def batch_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    size = math.prod(shapes[0][i] for i in sz.axes(cfg, shapes[0]))
    return 4 * size, shapes[0]  # gamma, beta, moving mean, moving variance


def layer_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    size = math.prod(shapes[0][i] for i in sz.axes(cfg, shapes[0]))
    return 2 * size, shapes[0]


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


BATCH_NORMALIZATION = LayerKind(
    "BatchNormalization",
    STEP,
    N_("batch normalization layer"),
    describe,
    formula,
    arguments=(
        *(args.from_config(name) for name in ("momentum", "epsilon", "center", "scale")),
        args.INPUT_SHAPE,
    ),
    untrained_share=0.5,  # the moving mean and variance are counted, not learned
    sizes=batch_sizes,
    worked=worked,
    sentences=sentences,
    lines=lines,
)
LAYER_NORMALIZATION = untaught("LayerNormalization", layer_sizes)
