"""Which maps matter for this drawing: each map switched off alone, ranked by what it costs.

For a layer with feature maps, one batch holds a copy of that layer's output per map with
that map set to 0; the layers after it run on the batch, so the 32 first-layer and 64
second-layer maps of the course's network take 96 passes through what follows them (their
own layer and those before it are computed once). A map matters as much as switching it off
alone lowers the probability of the digit read. Within 100 ms for one drawing
(`benchmarks/experiments.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import SIDE
from digitpad.core.inference.network import Network


@dataclass(frozen=True)
class MapEffect:
    """One map switched off alone: the digit's probability then, and the digit read then."""

    index: int  # the map, from 0
    probability: float  # of the digit read before
    digit: int  # read with the map off

    def to_json(self) -> dict[str, object]:
        return {
            "map": self.index + 1,
            "probability": round(self.probability, 6),
            "digit": self.digit,
        }


@dataclass(frozen=True)
class LayerRanking:
    """A layer's maps, each switched off alone, most harmful first."""

    layer: str
    digit: int  # the digit read with every map on
    probability: float  # its probability then
    effects: tuple[MapEffect, ...]  # by drop, largest first

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
    found = []
    for start in range(0, count, network.chunk):
        indices = np.arange(start, min(count, start + network.chunk))
        batch = np.repeat(maps[None], len(indices), axis=0)
        batch[np.arange(len(indices)), ..., indices] = 0.0  # copy i: map i switched off
        for stage in rest:
            batch = stage.op.forward(batch)
        found.append(batch)
    off = np.concatenate(found)
    effects = [MapEffect(i, float(off[i, digit]), int(np.argmax(off[i]))) for i in range(count)]
    effects.sort(key=lambda e: (e.probability, e.index))
    return LayerRanking(layer, digit, float(probabilities[digit]), tuple(effects))


def rank_all(network: Network, framed: np.ndarray) -> tuple[LayerRanking, ...]:
    """Every convolution's maps ranked (`maps_layers`)."""
    return tuple(rank_maps(network, framed, layer) for layer in maps_layers(network))
