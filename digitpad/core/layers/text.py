"""What the layer table says about a layer: what it is, and how its parameter count is derived.

"Convolution: 32 filters of 3×3" and "32 × (3×3×1 + 1) = 320", in the current
language. The layer registry (`core.layers.registry`) names one description and
one formula for each kind of layer; they read only the few fields of the
`LayerInfo` they are given (`Described`: the registry imports this module, so
this one names what it reads instead of importing the registry back).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from digitpad.core.i18n import _, ngettext


class Described(Protocol):
    """What a description or a formula reads of a layer (a `registry.LayerInfo` has it)."""

    @property
    def config(self) -> Mapping[str, Any]: ...

    @property
    def input_shape(self) -> tuple[int, ...]: ...

    @property
    def output_shape(self) -> tuple[int, ...]: ...

    @property
    def params(self) -> int: ...

    @property
    def size(self) -> int: ...


def _int(n: int) -> str:
    return f"{n:,}"


def no_params(info: Described) -> str:
    return "0"


def conv_formula(info: Described) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    channels = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{_int(info.size)} × ({kh}×{kw}×{_int(channels)}{bias}) = {_int(info.params)}"


def dense_formula(info: Described) -> str:
    inputs = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{_int(info.size)} × ({_int(inputs)}{bias}) = {_int(info.params)}"


def norm_formula(info: Described) -> str:
    per_channel = info.params // max(1, info.size)
    return f"{per_channel} × {_int(info.size)} = {_int(info.params)}"


def flatten_describe(info: Described) -> str:
    inner = " × ".join(str(d) for d in info.input_shape)
    return ngettext(
        "Flatten: {inner} = {count:,} value in one row",
        "Flatten: {inner} = {count:,} values in one row",
        info.size,
    ).format(inner=inner, count=info.size)


def pool_describe(label: str) -> Callable[[Described], str]:
    def describe(info: Described) -> str:
        ph, pw = info.config.get("pool_size", (2, 2))
        return _(label).format(height=ph, width=pw)

    return describe


def dropout_describe(info: Described) -> str:
    rate = float(info.config.get("rate", 0.0))
    return _("Dropout: drops {share} of its inputs at random while training").format(
        share=f"{100 * rate:g} %"
    )


def generic_formula(info: Described) -> str:
    return _int(info.params)


def conv_describe(info: Described) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    return ngettext(
        "Convolution: {count} filter of {height}×{width}",
        "Convolution: {count} filters of {height}×{width}",
        info.size,
    ).format(count=info.size, height=kh, width=kw)


def dense_describe(info: Described) -> str:
    return ngettext(
        "Dense (fully connected): {count} neuron",
        "Dense (fully connected): {count} neurons",
        info.size,
    ).format(count=info.size)


def norm_describe(info: Described) -> str:
    return ngettext(
        "Batch normalization: rescales {count} channel",
        "Batch normalization: rescales {count} channels",
        info.size,
    ).format(count=info.size)


def input_describe(info: Described) -> str:
    return _("Input: {shape} pixel values").format(
        shape="×".join(str(d) for d in info.output_shape)
    )


def nothing(info: Described) -> str:
    """A kind digitpad does not describe."""
    return ""
