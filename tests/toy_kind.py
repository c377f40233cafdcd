"""A kind the walk-through does not teach today, added only in the tests: ReLU as a layer.

This is what a new kind's module under `digitpad/core/layers/kinds/` looks
like: one `LayerKind` with its words in the layer table, its size rule, its
NumPy op (forwards and backwards, also its live step), its worked numbers, its
sentences and its terminal lines. Adding
it to digitpad is this module plus its one line in `registry.KINDS`
(`register` below does that for one test) and its translations; a page of
its own in the window is optional (`tests/gui/test_new_kind_in_window.py`
shows both).
Its words are English only: a real kind marks them with `N_`/`_` for the
catalogs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import keras
import numpy as np
import pytest

from digitpad.core.layers import registry
from digitpad.core.layers.batch_ops import Elementwise
from digitpad.core.layers.functions import RELU as RELU_FUNCTION
from digitpad.core.layers.kind import (
    LayerInfo,
    LayerKind,
    Step,
    Walk,
    Weights,
    no_params,
    same_shape,
)
from digitpad.core.layers.terminal import num
from digitpad.core.layers.values import number, ordinal

STEP = Step("relu")


def describe(info: LayerInfo) -> str:
    return f"ReLU: keeps the positive ones of {info.size} values per position, 0 for the rest"


@dataclass(frozen=True)
class ReluWorked:
    """The most negative value the layer was given (what ReLU changes most), and how many
    values it turned into 0."""

    index: tuple[int, ...]
    value: float  # the layer's input there
    output: float  # the layer's own output there
    zeroed: int
    total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "index": list(self.index),
            "input": number(self.value),
            "output": number(self.output),
            "zeroed": self.zeroed,
            "total": self.total,
        }


def worked(info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Any) -> ReluWorked:
    index = tuple(int(i) for i in np.unravel_index(int(np.argmin(inputs)), inputs.shape))
    zeroed = int(np.count_nonzero((inputs != 0) & (outputs == 0)))
    return ReluWorked(index, float(inputs[index]), float(outputs[index]), zeroed, inputs.size)


def sentences(info: LayerInfo, w: ReluWorked, walk: Walk) -> list[str]:
    return [
        f"A ReLU layer keeps each positive value and turns each negative one into 0: "
        f"{w.zeroed:,} of {w.total:,} values here. It learns no parameters."
    ]


def lines(info: LayerInfo, w: ReluWorked, walk: Walk) -> Iterator[str]:
    where = ", ".join(str(ordinal(i)) for i in w.index)
    yield f"the smallest value, at ({where}): max({num(w.value)}, 0) = {num(w.output)}"
    yield f"{w.zeroed:,} of {w.total:,} values turned into 0"


def op(info: LayerInfo, weights: Weights) -> Elementwise | None:
    """max(x, 0) for every value, forwards; backwards the gradient where x > 0 (plain ReLU
    only: no cap, slope or threshold)."""
    config = info.config
    plain = (
        config.get("max_value") is None
        and not config.get("negative_slope")
        and not config.get("threshold")
    )
    return Elementwise(RELU_FUNCTION) if plain else None


RELU = LayerKind(
    "ReLU",
    STEP,
    "ReLU layer",
    describe,
    no_params,
    shown=True,
    sizes=same_shape,
    batch=op,
    fast=op,
    worked=worked,
    sentences=sentences,
    lines=lines,
)


def network() -> keras.Model:
    """A convolution without activation, then ReLU as a layer of its own (untrained: the
    walk-through shows any weights' numbers)."""
    keras.utils.set_random_seed(3)
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, 3, name="conv"),
            keras.layers.ReLU(name="relu"),
            keras.layers.MaxPooling2D(name="pool"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(10, activation="softmax", name="out"),
        ]
    )


def register(monkeypatch: pytest.MonkeyPatch) -> LayerKind:
    """The toy kind in the registry for one test: what its line in `registry.KINDS` does."""
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, RELU))
    return RELU
