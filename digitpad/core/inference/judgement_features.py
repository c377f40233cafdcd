"""What the digit judgement reads of a network: one vector per drawing, laid out in blocks.

The first block is the activations that feed the output layer (the course's
128-unit Dense; any size in other models). The 128 numbers a one-epoch CNN
keeps there fold away much of what tells a letter, a symbol or a doodle from
a digit: how much ink each filter saw, how curved and how dense the strokes
are. So a few statistics of the feature maps follow, for every layer whose
kind says so (`LayerKind.summary`): each map's mean over its positions for
every convolution and pooling layer, and each map's largest value for the
last convolution (for the course's CNN: 32 + 64 + 64 + 64 numbers, 352 in
all). A network without convolutions (dense only) has the first block alone.

Both passes compute the same vector from the outputs they already have: the
batch pass (`network.Network`) from every layer's output, the live pass
(`fast_forward`) with one small product per summarized layer (`MapMeans`:
a row of 1/(H·W) times the maps, far cheaper than NumPy's `mean`). What the
judgement makes of the numbers (square roots, scales) is the judgement's
(`judgement`); here they are plain means and maxima.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digitpad.core.layers.kind import LayerInfo, Summary

# What a block holds (the codes stored with the statistics, `judgement_stats`).
ACTIVATIONS = 0  # the activations feeding the output layer
MEANS = 1  # each feature map's mean over its positions
MAXIMA = 2  # each feature map's largest value
STATISTICS = (ACTIVATIONS, MEANS, MAXIMA)
# The judgement's statistics grow with the square of the vector's length (two D×D
# matrices): past this many numbers the maps' statistics are left out, and a network whose
# output layer alone reads more is judged by its top bar.
MAX_FEATURES = 1024


@dataclass(frozen=True)
class Block:
    """One part of the vector: `statistic` of the output of the layer at `layer` (an index
    into the network's layers; for ACTIVATIONS the layer before the output layer, -1 for
    the input itself), `size` numbers. `name` is that layer's (Keras finds it by name)."""

    statistic: int
    size: int
    layer: int
    name: str = ""


@dataclass(frozen=True)
class Layout:
    """The judgement's vector for one network, block by block."""

    blocks: tuple[Block, ...]

    @property
    def size(self) -> int:
        return sum(b.size for b in self.blocks)

    def codes(self) -> np.ndarray:
        """(statistic, size) per block: what the statistics are stored with and checked by."""
        return np.array([(b.statistic, b.size) for b in self.blocks], dtype=np.int64).reshape(-1, 2)

    def summaries(self) -> tuple[Block, ...]:
        """The blocks after the activations: the maps' statistics."""
        return self.blocks[1:]


def activations_only(size: int) -> Layout:
    """The layout of a network read only at its output layer's input (no maps at hand)."""
    return Layout((Block(ACTIVATIONS, size, -1),))


def layout_of(layers: Sequence[LayerInfo], feature_index: int | None) -> Layout | None:
    """The judgement's vector for a chain of `layers` whose layer `feature_index` computes the
    ten logits; None when there is no such layer or it reads more than MAX_FEATURES."""
    if feature_index is None:
        return None
    size = int(layers[feature_index].input_shape[-1])
    if size > MAX_FEATURES:
        return None
    before = layers[feature_index - 1].name if feature_index > 0 else ""
    blocks = [Block(ACTIVATIONS, size, feature_index - 1, before)]
    summarized = [
        i for i in range(feature_index) if layers[i].kind.summary is not None and layers[i].is_map
    ]
    convolutions = [i for i in summarized if layers[i].kind.summary is Summary.CONVOLUTION]
    last = convolutions[-1] if convolutions else None
    for i in summarized:
        channels, name = int(layers[i].output_shape[-1]), layers[i].name
        blocks.append(Block(MEANS, channels, i, name))
        if i == last:
            blocks.append(Block(MAXIMA, channels, i, name))
    layout = Layout(tuple(blocks))
    return layout if layout.size <= MAX_FEATURES else Layout(tuple(blocks[:1]))


def summarize(layout: Layout, given: np.ndarray, outputs: Sequence[np.ndarray]) -> np.ndarray:
    """The vectors (N, D) float32 from a batch pass: `given` the images (N, 28, 28, 1),
    `outputs` every layer's output for them."""
    n = len(given)
    parts = []
    for block in layout.blocks:
        out = given if block.layer < 0 else outputs[block.layer]
        if block.statistic == ACTIVATIONS:
            parts.append(out.reshape(n, -1))
            continue
        maps = out.reshape(n, -1, out.shape[-1])
        parts.append(maps.mean(axis=1) if block.statistic == MEANS else maps.max(axis=1))
    return np.concatenate(parts, axis=1).astype(np.float32, copy=False)


class MapMeans:
    """Each map's mean for one drawing's (H, W, C) maps: a row of 1/(H·W) times the maps as
    an (H·W, C) matrix, one BLAS call (NumPy's `mean` over two axes costs several times
    more at this size)."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        positions = int(np.prod(shape[:-1]))
        self.row = np.full(positions, 1.0 / positions, dtype=np.float32)

    def __call__(self, maps: np.ndarray) -> np.ndarray:
        return self.row @ maps.reshape(len(self.row), -1)


def map_maxima(maps: np.ndarray) -> np.ndarray:
    """Each map's largest value for one drawing's (H, W, C) maps: the rows folded onto each
    other in halves (overlapping by one when odd, which a maximum does not mind), then the
    last few reduced. NumPy's `max` over the 576 rows of 64 takes twice as long."""
    rows = maps.reshape(-1, maps.shape[-1])
    while len(rows) > 8:
        half = (len(rows) + 1) // 2
        rows = np.maximum(rows[:half], rows[len(rows) - half :])
    return rows.max(axis=0)
