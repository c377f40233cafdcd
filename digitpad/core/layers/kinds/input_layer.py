"""InputLayer: a functional model lists its input as a layer (a Sequential does not)."""

from __future__ import annotations

from digitpad.core.i18n import N_, _
from digitpad.core.layers.batch_ops import passthrough
from digitpad.core.layers.kind import INPUT, LayerInfo, LayerKind, always, no_params


def describe(info: LayerInfo) -> str:
    return _("Input: {shape} pixel values").format(
        shape="×".join(str(d) for d in info.output_shape)
    )


# The code writes `input_shape=` instead; a model file's budget reads its shape itself.
INPUT_LAYER = LayerKind(
    "InputLayer",
    INPUT,
    N_("input layer"),
    describe,
    no_params,
    in_code=False,
    batch=passthrough,
    fast=passthrough,
    moves_with_input=always,
)
