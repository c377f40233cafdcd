"""Which maps matter for this drawing: each map switched off alone, ranked by what it costs.

For a layer with feature maps, one batch holds a copy of that layer's output per map with
that map set to 0; the layers after it run on the batch, so the 32 first-layer and 64
second-layer maps of the course's network take 96 passes through what follows them (their
own layer and those before it are computed once). A map matters as much as switching it off
alone lowers the probability of the digit read. The maps are ordered by that probability's
log-odds, ln(p / (1 − p)), taken from the output layer's logits: the same order as the
probability's, but a confident drawing's probabilities round to 1 in float32 for most maps,
and their log-odds still tell them apart. Within 100 ms for one drawing
(`benchmarks/experiments.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import SIDE
from digitpad.core.inference.network import Network
from digitpad.core.layers.kinds.dense import OUTPUT


@dataclass(frozen=True)
class MapEffect:
    """One map switched off alone: the digit's probability then, and the digit read then."""

    index: int  # the map, from 0
    probability: float  # of the digit read before
    digit: int  # read with the map off
    log_odds: float  # ln(p / (1 − p)) of that probability, from the logits (never rounded to 1)

    def to_json(self) -> dict[str, object]:
        return {
            "map": self.index + 1,
            "probability": round(self.probability, 6),
            "digit": self.digit,
            "log_odds": round(self.log_odds, 4),
        }


@dataclass(frozen=True)
class LayerRanking:
    """A layer's maps, each switched off alone, most harmful first."""

    layer: str
    digit: int  # the digit read with every map on
    probability: float  # its probability then
    log_odds: float  # that probability's ln(p / (1 − p)), from the logits
    effects: tuple[MapEffect, ...]  # by drop, largest first (by log-odds, then map)

    def drop(self, effect: MapEffect) -> float:
        """How much switching `effect`'s map off lowers the digit's probability."""
        return self.probability - effect.probability

    def changing(self) -> tuple[MapEffect, ...]:
        """The maps that alone change the digit read."""
        return tuple(e for e in self.effects if e.digit != self.digit)

    def top(self, count: int) -> tuple[MapEffect, ...]:
        return self.effects[:count]


def maps_layers(network: Network) -> tuple[str, ...]:
    """The layers whose maps may be switched off and ranked: the convolutions (channels last)."""
    return tuple(
        info.name
        for info in network.layers
        if info.is_map
        and info.kind.unshared is not None  # a layer that shares weights: a convolution
        and info.config.get("data_format", "channels_last") == "channels_last"
    )


def rank_maps(network: Network, framed: np.ndarray, layer: str) -> LayerRanking:
    """`layer`'s maps, each switched off alone for the drawing `framed`, ranked."""
    names = [info.name for info in network.layers]
    k = names.index(layer)
    x = np.asarray(framed, np.float32).reshape(1, SIDE, SIDE, 1)
    outputs = network.outputs(x)
    probabilities = outputs[-1][0]
    digit = int(np.argmax(probabilities))
    maps = outputs[k][0]
    count = maps.shape[-1]
    rest = network.stages[k + 1 :]
    logits = _logits_stage(network)
    body = rest[:-1] if logits else rest
    found, scores = [], []
    for start in range(0, count, network.chunk):
        indices = np.arange(start, min(count, start + network.chunk))
        batch = np.repeat(maps[None], len(indices), axis=0)
        batch[np.arange(len(indices)), ..., indices] = 0.0  # copy i: map i switched off
        for stage in body:
            batch = stage.op.forward(batch)
        before_output = batch
        if logits:
            batch = rest[-1].op.forward(batch)
        found.append(batch)
        scores.append(_scores(network, before_output if logits else batch, logits))
    off, z = np.concatenate(found), np.concatenate(scores)
    odds = _log_odds(z, digit)
    effects = [
        MapEffect(i, float(off[i, digit]), int(np.argmax(off[i])), float(odds[i]))
        for i in range(count)
    ]
    effects.sort(key=lambda e: (e.log_odds, e.index))
    own = _scores(network, outputs[-2] if logits else outputs[-1], logits)
    return LayerRanking(
        layer, digit, float(probabilities[digit]), float(_log_odds(own, digit)[0]), tuple(effects)
    )


def _logits_stage(network: Network) -> bool:
    """Whether the last layer is a Dense ending in softmax whose logits can be summed here."""
    last = network.stages[-1]
    return last.info.step == OUTPUT and len(last.info.input_shape) == 1 and bool(last.weights)


def _scores(network: Network, x: np.ndarray, logits: bool) -> np.ndarray:
    """The ten scores whose softmax is the output, in float64: the output layer's logits
    (from its input `x`) when it has them, else the log of the probabilities `x`."""
    if not logits:
        return np.log(np.asarray(x, np.float64) + 1e-300)
    weights = network.stages[-1].weights
    kernel = np.asarray(weights[0], np.float64)
    bias = np.asarray(weights[1], np.float64) if len(weights) > 1 else 0.0
    return np.asarray(x, np.float64) @ kernel + bias


def _log_odds(z: np.ndarray, digit: int) -> np.ndarray:
    """ln(p / (1 − p)) of `digit`'s softmax probability for each row of scores `z`."""
    others = np.delete(z, digit, axis=1)
    top = others.max(axis=1, keepdims=True)
    rest = top[:, 0] + np.log(np.exp(others - top).sum(axis=1))
    return np.asarray(z[:, digit] - rest)


def rank_all(network: Network, framed: np.ndarray) -> tuple[LayerRanking, ...]:
    """Every convolution's maps ranked (`maps_layers`)."""
    return tuple(rank_maps(network, framed, layer) for layer in maps_layers(network))
