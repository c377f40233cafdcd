"""Conv2D: the convolution layer, everything digitpad knows of it (one registry entry).

Its words in the layer table ("Convolution: 32 filters of 3×3", 320 = 32 × (3×3×1 + 1)),
its sizes from a serialized config, its worked numbers (one output pixel:
patch × kernel, summed, + bias, activation; `ConvWorked.at` gives any other
pixel, so the window's sliding page moves the kernel without arithmetic of its
own), what the walk-through says and what `digitpad explain` prints. The
course's 6×6 example is a step of the same kind. Its NumPy pass (the batch op,
forwards and backwards, and the live step) is in `conv_fast.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layers import arguments as args
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.arguments import Argument, Written
from digitpad.core.layers.kind import (
    LayerInfo,
    LayerKind,
    Step,
    Summary,
    Takes,
    Walk,
    Weights,
    per_position,
)
from digitpad.core.layers.kinds.conv_fast import conv_op, conv_step
from digitpad.core.layers.terminal import activation_line, grid, num, side_by_side, term
from digitpad.core.layers.values import argmax, number, numbers, ordinal
from digitpad.core.layers.wording import activation_sentence

STEP = Step("conv")
TOP_CHANNELS = 4  # the second convolution: the input channels that add most, shown


# The layer table --------------------------------------------------------------------------------


def describe(info: LayerInfo) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    return ngettext(
        "Convolution: {count} filter of {height}×{width}",
        "Convolution: {count} filters of {height}×{width}",
        info.size,
    ).format(count=info.size, height=kh, width=kw)


def formula(info: LayerInfo) -> str:
    kh, kw = info.config.get("kernel_size", (0, 0))
    channels = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{info.size:,} × ({kh}×{kw}×{channels:,}{bias}) = {info.params:,}"


def variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """The kernel (kh, kw, input channels per group, filters), then the bias (filters,)."""
    _dims, channels, _last = sz.spatial(cfg, shapes[0])
    kh, kw = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    filters = sz.positive(cfg.get("filters"), "filters")
    groups = sz.positive(cfg.get("groups", 1), "groups")
    kernel = sz.Variable((kh, kw, channels // groups, filters))
    return (kernel, sz.Variable((filters,))) if cfg.get("use_bias", True) else (kernel,)


def sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, _channels, last = sz.spatial(cfg, shapes[0])
    kernel = sz.ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = sz.ints(cfg.get("strides", 1), 2, "strides")
    dilation = sz.ints(cfg.get("dilation_rate", 1), 2, "dilation_rate")
    filters = sz.positive(cfg.get("filters"), "filters")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        sz.conv_length(s, k, st, d, padding)
        for s, k, st, d in zip(dims, kernel, strides, dilation, strict=True)
    )
    return sz.count(variables(cfg, shapes)), sz.image(out, filters, last)


def moves_with_input(info: LayerInfo) -> bool:
    """A stride-1 'valid' convolution (channels last) reads the same patch wherever it is:
    moving the input by a pixel moves its maps by a pixel, on a canvas of any size."""
    config = info.config
    return (
        tuple(config.get("strides", (1, 1))) == (1, 1)
        and str(config.get("padding", "valid")).lower() == "valid"
        and config.get("data_format", "channels_last") == "channels_last"
    )


# Worked numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvWorked:
    """One output pixel of a convolution: patch × kernel, summed, + bias, activation."""

    row: int
    col: int
    channel: int
    pixel: ar.ConvPixel
    output: float  # the layer's own output there
    activation: str | None
    window: ar.Window
    inputs: np.ndarray  # (H, W, C) the layer's input
    outputs: np.ndarray  # (H', W', filters) the layer's output
    kernels: np.ndarray  # (kh, kw, C, filters)
    biases: np.ndarray  # (filters,)

    def at(self, row: int, col: int, channel: int) -> ConvWorked:
        weights = (self.kernels, self.biases, self.window)
        pixel = ar.conv_pixel(self.inputs, *weights, row, col, channel)
        output = float(self.outputs[row, col, channel])
        return replace(self, row=row, col=col, channel=channel, pixel=pixel, output=output)

    def top_channels(self, count: int = TOP_CHANNELS) -> list[tuple[int, float]]:
        """The input channels whose products add most to the sum (by size), with their share."""
        shares = self.pixel.channel_sums
        order = np.argsort(-np.abs(shares), kind="stable")[:count]
        return [(int(k), float(shares[k])) for k in order]

    def sums(self, channel: int) -> np.ndarray:
        """Every output pixel of `channel` before the activation, by the same arithmetic."""
        out_hw = (self.outputs.shape[0], self.outputs.shape[1])
        return ar.conv_sums(self.inputs, self.kernels, self.biases, self.window, out_hw, channel)

    def to_json(self) -> dict[str, Any]:
        p = self.pixel
        return {
            "row": self.row,
            "col": self.col,
            "channel": self.channel,
            "patch": numbers(p.patch),
            "kernel": numbers(p.kernel),
            "products": p.products.tolist(),
            "bias": number(p.bias),
            "sum": p.sum,
            "activation": self.activation or "linear",
            "output": number(self.output),
            "top_channels": [[k, share] for k, share in self.top_channels()],
        }


def _conv_at(
    pixel: tuple[int, int, int],
    activation: str | None,
    window: ar.Window,
    inputs: np.ndarray,
    outputs: np.ndarray,
    kernels: np.ndarray,
    biases: np.ndarray,
) -> ConvWorked:
    blank = ar.ConvPixel(np.zeros(0), np.zeros(0), np.zeros(0), 0.0, 0.0)
    start = ConvWorked(0, 0, 0, blank, 0.0, activation, window, inputs, outputs, kernels, biases)
    return start.at(*pixel)


def worked(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
) -> ConvWorked | None:
    """The most strongly activated output pixel, worked out."""
    if not weights or inputs.ndim != 3:
        return None
    kernels = np.asarray(weights[0])
    biases = np.asarray(weights[1]) if len(weights) > 1 else np.zeros(kernels.shape[-1])
    window = ar.window_for(dict(info.config), "kernel_size", inputs.shape[:2], outputs.shape[:2])
    row, col, channel = argmax(outputs)
    return _conv_at((row, col, channel), info.activation, window, inputs, outputs, kernels, biases)


def course_convolution() -> ConvWorked:
    """The course's 6×6 example as a convolution step (no bias, no activation), so the
    window slides its kernel exactly as it does over a drawing."""
    outputs = ar.course_convolution()[:, :, None]
    kernels = ar.COURSE_KERNEL[:, :, None, None]
    inputs = ar.COURSE_IMAGE[:, :, None]
    return _conv_at((0, 0, 0), None, ar.Window((3, 3)), inputs, outputs, kernels, np.zeros(1))


# What the walk-through says ----------------------------------------------------------------------


def sentences(info: LayerInfo, conv: ConvWorked, walk: Walk) -> list[str]:
    kh, kw = conv.window.size
    channels = info.input_shape[-1]
    h, wd, filters = info.output_shape
    if channels == 1:
        first = ngettext(
            "A convolution layer slides its {count} kernel of {kh}×{kw} over the input; at "
            "every position it multiplies the patch under the kernel by the kernel, element by "
            "element, and adds up the products and a bias.",
            "A convolution layer slides each of its {count} kernels of {kh}×{kw} over the "
            "input; at every position it multiplies the patch under the kernel by the kernel, "
            "element by element, and adds up the products and a bias.",
            filters,
        ).format(count=filters, kh=kh, kw=kw)
    else:
        first = _(
            "This convolution layer's kernels are {kh}×{kw}×{channels}: each looks at all "
            "{channels} feature maps of the layer before at once, so one output pixel is the "
            "sum of {products:,} products plus a bias; the input maps that add the most are "
            "shown."
        ).format(kh=kh, kw=kw, channels=channels, products=kh * kw * channels)
    out = [first, activation_sentence(info.activation, _("feature map"))]
    in_h = info.input_shape[0]
    if conv.window.is_plain() and info.config.get("padding", "valid") == "valid":
        out.append(
            ngettext(
                "Its kernel makes one feature map of {h}×{w}: a {kh}×{kw} kernel fits "
                "{size} − {kh} + 1 = {h} times across {size} pixels.",
                "Each of the {count} kernels makes one feature map of {h}×{w}: a {kh}×{kw} "
                "kernel fits {size} − {kh} + 1 = {h} times across {size} pixels.",
                filters,
            ).format(count=filters, h=h, w=wd, kh=kh, kw=kw, size=in_h)
        )
    return out


# What `digitpad explain` prints ------------------------------------------------------------------


def lines(info: LayerInfo, c: ConvWorked, walk: Walk) -> Iterator[str]:
    p = c.pixel
    kh, kw = c.window.size
    yield _("Feature map {channel}, pixel (row {row}, column {col}), the most active one:").format(
        channel=ordinal(c.channel), row=ordinal(c.row), col=ordinal(c.col)
    )
    rows, cols = c.window.rows(c.row), c.window.cols(c.col)
    where = _("input rows {first_row}–{last_row}, columns {first_col}–{last_col}").format(
        first_row=ordinal(rows[0]),
        last_row=ordinal(rows[-1]),
        first_col=ordinal(cols[0]),
        last_col=ordinal(cols[-1]),
    )
    channels = p.patch.shape[2]
    if channels == 1:
        yield _("the {kh}×{kw} patch at {where}, times the kernel:").format(
            kh=kh, kw=kw, where=where
        )
        yield from side_by_side(
            [
                (_("patch"), grid(p.patch[:, :, 0])),
                (_("kernel"), grid(p.kernel[:, :, 0])),
                (_("products"), grid(p.products[:, :, 0])),
            ]
        )
    else:
        yield from _top_channels(c, where)
    yield _("sum of products {products} + bias {bias} = {sum}").format(
        products=num(float(p.products.sum())), bias=term(p.bias), sum=num(p.sum)
    )
    yield activation_line(c.activation, p.sum, c.output)
    if walk.first_of_its_step(info):
        yield from _course_example()


def _top_channels(c: ConvWorked, where: str) -> Iterator[str]:
    """A pixel of a convolution over many maps: the input maps that add the most, the rest."""
    p = c.pixel
    kh, kw = c.window.size
    channels = p.patch.shape[2]
    top = c.top_channels()
    yield _(
        "{kh}×{kw} patches at {where}, in each of {count} input maps; the maps that add the most:"
    ).format(kh=kh, kw=kw, where=where, count=channels)
    for k, share in top:
        label = _("input map {channel}").format(channel=ordinal(k))
        yield from side_by_side(
            [
                (label, grid(p.patch[:, :, k])),
                (_("kernel"), grid(p.kernel[:, :, k])),
                (_("products"), grid(p.products[:, :, k])),
                (_("their sum"), [num(share)]),
            ]
        )
    rest = float(p.products.sum()) - sum(share for _k, share in top)
    others = channels - len(top)
    yield ngettext(
        "the other {count} input map adds {value}",
        "the other {count} input maps add {value}",
        others,
    ).format(count=others, value=num(rest))


def _course_example() -> Iterator[str]:
    yield _("The course's 6×6 example with its diagonal kernel (top-left output 2):")
    yield from side_by_side(
        [
            (_("image"), grid(ar.COURSE_IMAGE, 0)),
            (_("kernel"), grid(ar.COURSE_KERNEL, 0)),
            (_("feature map"), grid(ar.course_convolution(), 0)),
        ]
    )


# The entry --------------------------------------------------------------------------------------

CONV2D = LayerKind(
    "Conv2D",
    STEP,
    N_("convolution layer"),
    describe,
    formula,
    shown=True,
    arguments=(
        Argument("filters", args.count, required=True, positional=True, written=Written.BARE),
        Argument(
            "kernel_size", args.window, required=True, positional=True, written=Written.KEYWORD
        ),
        Argument("strides", args.window, positional=True, written=Written.CHANGED, default=(1, 1)),
        args.PADDING,
        args.from_config("dilation_rate", (1, 1)),
        args.ACTIVATION,
        args.from_config("use_bias", True),
        args.INPUT_SHAPE,
    ),
    takes=Takes.IMAGE,
    window="kernel_size",
    too_large=N_("Line {line}: the {window} kernel is larger than its {size} input."),
    sizes=sizes,
    variables=variables,
    batch=conv_op,
    fast=conv_step,
    summary=Summary.CONVOLUTION,
    worked=worked,
    sentences=sentences,
    lines=lines,
    unshared=per_position,
    moves_with_input=moves_with_input,
)
