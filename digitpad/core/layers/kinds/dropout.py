"""Dropout (and the other layers that only add noise while training): one entry each.

When predicting, dropout passes its input on; the walk-through shows what it
would do while training (one sampled mask at the layer's rate, the same one
every time) beside what it does (nothing); Keras' spatial dropouts are dropout
too. The other noise layers are sized
and, where they pass their input on too, run in the NumPy pass; they are not
taught.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, percent
from digitpad.core.layers import arguments as args
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.arguments import Argument, Written
from digitpad.core.layers.batch_ops import passthrough
from digitpad.core.layers.kind import (
    LayerInfo,
    LayerKind,
    Step,
    Walk,
    Weights,
    always,
    no_params,
    same_shape,
    untaught,
)

STEP = Step("dropout")
SEED = 0  # the sampled training mask is an illustration: the same one every time


def describe(info: LayerInfo) -> str:
    rate = float(info.config.get("rate", 0.0))
    return _("Dropout: drops {share} of its inputs at random while training").format(
        share=percent(rate, None)
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


def worked(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
) -> DropoutWorked:
    rate = float(info.config.get("rate", 0.0))
    mask = ar.dropout_mask(inputs.shape, rate, SEED)
    same = bool(np.array_equal(inputs, outputs))
    return DropoutWorked(rate, SEED, mask, inputs, same)


def sentences(info: LayerInfo, drop: DropoutWorked, walk: Walk) -> list[str]:
    rate = drop.rate
    out = [
        _(
            "While training, a dropout layer sets a random {share} of its inputs to 0 at every "
            "step and multiplies the others by {scale}, so that no neuron can count on any one "
            "input."
        ).format(share=percent(rate, None), scale=f"{1 / (1 - rate):.3g}" if rate < 1 else "∞")
    ]
    if drop.output_equals_input:
        out.append(_("When predicting, nothing is dropped: its output equals its input, as here."))
    else:
        out.append(_("When predicting, this layer's output differs from its input."))
    if walk.course and rate == 0.5:
        out.append(_("The course's slide says Dropout(0.3); its code, and this network, use 0.5."))
    return out


def lines(info: LayerInfo, d: DropoutWorked, walk: Walk) -> Iterator[str]:
    yield _(
        "A training mask sampled at {share}: {dropped:,} of {total:,} values dropped (seed {seed})."
    ).format(share=percent(d.rate, None), dropped=d.dropped, total=d.mask.size, seed=d.seed)
    if d.output_equals_input:
        yield _("Predicting: output equals input, nothing dropped.")


DROPOUT = LayerKind(
    "Dropout",
    STEP,
    N_("dropout layer"),
    describe,
    no_params,
    arguments=(
        Argument("rate", args.rate, required=True, positional=True, written=Written.BARE),
        args.INPUT_SHAPE,
    ),
    subclasses=("SpatialDropout1D", "SpatialDropout2D"),
    sizes=same_shape,
    batch=passthrough,
    fast=passthrough,
    moves_with_input=always,
    worked=worked,
    sentences=sentences,
    lines=lines,
)
NOISE = (
    untaught(
        "GaussianNoise", same_shape, batch=passthrough, fast=passthrough, moves_with_input=always
    ),
    untaught(
        "GaussianDropout", same_shape, batch=passthrough, fast=passthrough, moves_with_input=always
    ),
    untaught("AlphaDropout", same_shape),
    untaught("ActivityRegularization", same_shape),
)
