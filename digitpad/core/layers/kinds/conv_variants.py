"""Conv2DTranspose, DepthwiseConv2D and SeparableConv2D: sized for a model file, not taught."""

from __future__ import annotations

from typing import Any

from digitpad.core.layers import sizes as sz
from digitpad.core.layers.kind import per_position, untaught


def _bias(cfg: dict[str, Any], size: int) -> tuple[sz.Variable, ...]:
    return (sz.Variable((size,)),) if cfg.get("use_bias", True) else ()


def transpose_variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """The kernel (kh, kw, filters, input channels), then the bias."""
    _dims, channels, _last = sz.spatial(cfg, shapes[0])
    kh, kw = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    filters = sz.positive(cfg.get("filters"), "filters")
    return (sz.Variable((kh, kw, filters, channels)), *_bias(cfg, filters))


def transpose_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, _channels, last = sz.spatial(cfg, shapes[0])
    kernel = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = sz.ints(cfg.get("strides", 1), 2, "strides")
    filters = sz.positive(cfg.get("filters"), "filters")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        s * st if padding == "same" else s * st + max(k - st, 0)
        for s, k, st in zip(dims, kernel, strides, strict=True)
    )
    return sz.count(transpose_variables(cfg, shapes)), sz.image(out, filters, last)


def depthwise_variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """The depthwise kernel (kh, kw, channels, multiplier); a SeparableConv2D's pointwise
    kernel (1, 1, channels × multiplier, filters) next; then the bias."""
    _dims, channels, _last = sz.spatial(cfg, shapes[0])
    kh, kw = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    multiplier = sz.positive(cfg.get("depth_multiplier", 1), "depth_multiplier")
    depthwise = sz.Variable((kh, kw, channels, multiplier))
    depth = channels * multiplier
    if cfg.get("filters") is not None:  # SeparableConv2D
        filters = sz.positive(cfg.get("filters"), "filters")
        return (depthwise, sz.Variable((1, 1, depth, filters)), *_bias(cfg, filters))
    return (depthwise, *_bias(cfg, depth))


def depthwise_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, channels, last = sz.spatial(cfg, shapes[0])
    kernel = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = sz.ints(cfg.get("strides", 1), 2, "strides")
    dilation = sz.ints(cfg.get("dilation_rate", 1), 2, "dilation_rate")
    multiplier = sz.positive(cfg.get("depth_multiplier", 1), "depth_multiplier")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        sz.conv_length(s, k, st, d, padding)
        for s, k, st, d in zip(dims, kernel, strides, dilation, strict=True)
    )
    params = sz.count(depthwise_variables(cfg, shapes))
    if cfg.get("filters") is not None:  # SeparableConv2D: then 1×1
        return params, sz.image(out, sz.positive(cfg.get("filters"), "filters"), last)
    return params, sz.image(out, channels * multiplier, last)


KINDS = (
    untaught("Conv2DTranspose", transpose_sizes, variables=transpose_variables),
    # Without sharing, every output position would hold its own copy of the kernels.
    untaught(
        "DepthwiseConv2D", depthwise_sizes, variables=depthwise_variables, unshared=per_position
    ),
    untaught(
        "SeparableConv2D", depthwise_sizes, variables=depthwise_variables, unshared=per_position
    ),
)
