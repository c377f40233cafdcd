"""Flatten: the feature maps laid out in one row (one registry entry).

Its worked numbers are where one map pixel lands in the row (the strongest
one; `FlattenWorked.at` gives any other); flattening what is already a row
moves nothing, and the walk-through says so.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.fast_steps import Changed
from digitpad.core.layers.kind import LayerInfo, LayerKind, Step, Walk, Weights, no_params
from digitpad.core.layers.terminal import num
from digitpad.core.layers.values import argmax, number, ordinal

STEP = Step("flatten")


def describe(info: LayerInfo) -> str:
    inner = " × ".join(str(d) for d in info.input_shape)
    return ngettext(
        "Flatten: {inner} = {count:,} value in one row",
        "Flatten: {inner} = {count:,} values in one row",
        info.size,
    ).format(inner=inner, count=info.size)


def sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    return 0, (math.prod(shapes[0]),)


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


def worked(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
) -> FlattenWorked | None:
    if inputs.ndim != 3:  # flattening a row is nothing to show
        return None
    row, col, channel = argmax(inputs)
    return FlattenWorked(tuple(inputs.shape), row, col, channel, inputs, outputs)


def sentences(info: LayerInfo, flat: FlattenWorked, walk: Walk) -> list[str]:
    h, wd, c = flat.shape
    return [
        _(
            "A flatten layer lays the {c} feature maps of {h}×{w} out in one row: {h} × {w} × "
            "{c} = {n:,} neurons, which a fully connected layer can take."
        ).format(h=h, w=wd, c=c, n=flat.size),
        _(
            "Keras keeps the channels last, so map pixel (row, column, channel), each counted "
            "from 1, lands at position ((row − 1) × {w} + column − 1) × {c} + channel of the row."
        ).format(w=wd, c=c),
    ]


def unworked(info: LayerInfo) -> list[str]:
    """Its input is a row already."""
    n = info.output_shape[-1] if info.output_shape else 0
    return [_("Its input is already one row of {count:,} values: nothing moves.").format(count=n)]


def lines(info: LayerInfo, f: FlattenWorked, walk: Walk) -> Iterator[str]:
    h, wd, c = f.shape
    yield f"{h} × {wd} × {c} = {f.size:,}"
    shown = dict(
        row=ordinal(f.row),
        col=ordinal(f.col),
        channel=ordinal(f.channel),
        w=wd,
        c=c,
        index=ordinal(f.index),
        value=num(f.value),
    )
    yield _("map pixel (row {row}, column {col}, channel {channel}): {value}").format(**shown)
    yield _(
        "→ the row at position (({row} − 1) × {w} + {col} − 1) × {c} + {channel} = {index:,}: "
        "{value}"
    ).format(**shown)


class FlattenOp:
    """The maps laid out in one row (channels last, as Keras does), for a batch and live."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x.reshape(len(x), -1)

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return dy.reshape(len(dy), *x.shape[1:])

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return blank_in.reshape(-1)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        return x.reshape(-1), None


def flatten_op(info: LayerInfo, weights: Weights) -> FlattenOp | None:
    channels_last = info.config.get("data_format", "channels_last") == "channels_last"
    return FlattenOp() if channels_last or len(info.input_shape) < 3 else None


FLATTEN = LayerKind(
    "Flatten",
    STEP,
    N_("flatten layer"),
    describe,
    no_params,
    sizes=sizes,
    batch=flatten_op,
    fast=flatten_op,
    worked=worked,
    sentences=sentences,
    unworked=unworked,
    lines=lines,
)
