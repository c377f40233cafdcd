"""Conv2DTranspose, DepthwiseConv2D and SeparableConv2D: sized for a model file, not taught."""

from __future__ import annotations

import math
from typing import Any

from digitpad.core.layers import sizes as sz
from digitpad.core.layers.kind import untaught


def transpose_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, channels, last = sz.spatial(cfg, shapes[0])
    kernel = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = sz.ints(cfg.get("strides", 1), 2, "strides")
    filters = sz.positive(cfg.get("filters"), "filters")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        s * st if padding == "same" else s * st + max(k - st, 0)
        for s, k, st in zip(dims, kernel, strides, strict=True)
    )
    params = math.prod(kernel) * channels * filters + (filters if cfg.get("use_bias", True) else 0)
    return params, sz.image(out, filters, last)


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
    depth = channels * multiplier
    params = math.prod(kernel) * depth
    if "filters" in cfg and cfg.get("filters") is not None:  # SeparableConv2D: then 1×1
        filters = sz.positive(cfg.get("filters"), "filters")
        params += depth * filters + (filters if cfg.get("use_bias", True) else 0)
        return params, sz.image(out, filters, last)
    params += depth if cfg.get("use_bias", True) else 0
    return params, sz.image(out, depth, last)


KINDS = (
    untaught("Conv2DTranspose", transpose_sizes),
    untaught("DepthwiseConv2D", depthwise_sizes),
    untaught("SeparableConv2D", depthwise_sizes),
)
