"""MaxPooling2D and AveragePooling2D (and the global poolings digitpad only sizes): one entry each.

Max and average pooling differ only in their names and what a window keeps.
Their worked numbers are one window on one map, the value kept (or the
mean) and the output; `PoolWorked.at` gives any other window. The slide's
[6, 8, 3, 4] → 8 is a step of the same kind. Their batch op and live
step (any strides, "valid" or "same" padding) are in `pooling_fast.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _
from digitpad.core.layers import arguments as args
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.arguments import Argument, Written
from digitpad.core.layers.kind import (
    BatchHook,
    FastHook,
    LayerInfo,
    LayerKind,
    Step,
    Summary,
    Takes,
    Walk,
    Weights,
    no_params,
    untaught,
)
from digitpad.core.layers.kinds.pooling_fast import average_op, average_step, max_op, max_step
from digitpad.core.layers.terminal import INDENT, grid, num
from digitpad.core.layers.values import argmax, number, numbers, ordinal

STEP = Step("pool")


# The layer table and sizes ----------------------------------------------------------------------


def _describe(label: str) -> Callable[[LayerInfo], str]:
    def describe(info: LayerInfo) -> str:
        ph, pw = info.config.get("pool_size", (2, 2))
        return _(label).format(height=ph, width=pw)

    return describe


def sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, channels, last = sz.spatial(cfg, shapes[0])
    pool = sz.ints(cfg.get("pool_size", 2), 2, "pool_size")
    strides = sz.ints(cfg.get("strides") or pool, 2, "strides")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        sz.conv_length(s, p, st, 1, padding) for s, p, st in zip(dims, pool, strides, strict=True)
    )
    return 0, sz.image(out, channels, last)


def global_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    _dims, channels, last = sz.spatial(cfg, shapes[0])
    if cfg.get("keepdims"):
        return 0, sz.image((1, 1), channels, last)
    return 0, (channels,)


# Worked numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolWorked:
    """One pooling window on one map, the value kept (or the mean), the output."""

    row: int
    col: int
    channel: int
    pooled: ar.Pooled
    output: float  # the layer's own output there
    mode: str
    window: ar.Window
    inputs: np.ndarray
    outputs: np.ndarray

    def at(self, row: int, col: int, channel: int) -> PoolWorked:
        values = self.window.take(self.inputs, row, col, fill=np.nan)[:, :, channel]
        pooled = ar.pool_window(values, self.mode)
        output = float(self.outputs[row, col, channel])
        return replace(self, row=row, col=col, channel=channel, pooled=pooled, output=output)

    def to_json(self) -> dict[str, Any]:
        values = np.where(np.isnan(self.pooled.values), 0.0, self.pooled.values)
        out: dict[str, Any] = {
            "row": self.row,
            "col": self.col,
            "channel": self.channel,
            "window": numbers(values),
            "mode": self.mode,
            "output": number(self.output),
        }
        if self.pooled.kept is not None:
            out["kept"] = list(self.pooled.kept)
        return out


def _pool_at(
    pixel: tuple[int, ...], mode: str, window: ar.Window, inputs: np.ndarray, outputs: np.ndarray
) -> PoolWorked:
    blank = ar.Pooled(np.zeros((0, 0)), 0.0, None)
    return PoolWorked(0, 0, 0, blank, 0.0, mode, window, inputs, outputs).at(*pixel)


def _worked(
    mode: str,
) -> Callable[[LayerInfo, np.ndarray, np.ndarray, Weights], PoolWorked | None]:
    """The worked numbers of a pooling that keeps `mode` ("max" or "average") of a window."""

    def worked(
        info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
    ) -> PoolWorked | None:
        if inputs.ndim != 3:
            return None
        window = ar.window_for(dict(info.config), "pool_size", inputs.shape[:2], outputs.shape[:2])
        return _pool_at(argmax(outputs), mode, window, inputs, outputs)

    return worked


def course_pooling() -> PoolWorked:
    """The slide's pooling example, [6, 8, 3, 4] → 8, as a pooling step."""
    outputs = np.array([[[ar.course_pooling().output]]])
    return _pool_at(
        (0, 0, 0), "max", ar.Window((2, 2), (2, 2)), ar.COURSE_POOL[:, :, None], outputs
    )


# Words -------------------------------------------------------------------------------------------


def sentences(info: LayerInfo, pool: PoolWorked, walk: Walk) -> list[str]:
    ph, pw = pool.window.size
    in_h, in_w = info.input_shape[:2]
    out_h, out_w = info.output_shape[:2]
    shown = dict(ph=ph, pw=pw, in_h=in_h, in_w=in_w, out_h=out_h, out_w=out_w)
    if pool.mode == "average":
        first = _(
            "An average pooling layer replaces each {ph}×{pw} window of every feature map by "
            "its mean, so {in_h}×{in_w} becomes {out_h}×{out_w}; it learns no parameters."
        )
    else:
        first = _(
            "A max pooling layer keeps the largest value of each {ph}×{pw} window of every "
            "feature map, so {in_h}×{in_w} becomes {out_h}×{out_w}; it learns no parameters."
        )
    out = [first.format(**shown)]
    chain = walk.sizes_before(info)
    if len(chain) > 1:
        out.append(
            _(
                "The course's slide shows 28×28 → 14×14 because it pools the 28×28 picture "
                "itself; in this network the layers before pooling have already made the maps "
                "{chain}."
            ).format(chain=" → ".join(str(n) for n in chain))
        )
    return out


def lines(info: LayerInfo, p: PoolWorked, walk: Walk) -> Iterator[str]:
    rows, cols = p.window.rows(p.row), p.window.cols(p.col)
    yield _(
        "Map {channel}, the window at rows {first_row}–{last_row}, columns {first_col}–{last_col}:"
    ).format(
        channel=ordinal(p.channel),
        first_row=ordinal(rows[0]),
        last_row=ordinal(rows[-1]),
        first_col=ordinal(cols[0]),
        last_col=ordinal(cols[-1]),
    )
    values = np.where(np.isnan(p.pooled.values), 0.0, p.pooled.values)
    yield from (INDENT + line for line in grid(values, 4))
    if p.mode == "average":
        yield _("mean {value} = output pixel (row {row}, column {col})").format(
            value=num(p.output), row=ordinal(p.row), col=ordinal(p.col)
        )
    else:
        yield _("largest {value} = output pixel (row {row}, column {col})").format(
            value=num(p.output), row=ordinal(p.row), col=ordinal(p.col)
        )
    course = ar.course_pooling()
    yield _("The course's example: max of {values} = {kept}").format(
        values="[" + ", ".join(f"{v:g}" for v in course.values.ravel()) + "]",
        kept=f"{course.output:g}",
    )


# The entries ------------------------------------------------------------------------------------

ARGUMENTS = (  # Keras' positional order: MaxPooling2D(pool_size, strides, padding, …)
    Argument("pool_size", args.window, positional=True, written=Written.KEYWORD),
    Argument(
        "strides",
        args.optional_window,
        positional=True,
        written=Written.CHANGED,
        default_from="pool_size",
    ),
    args.PADDING,
    args.INPUT_SHAPE,
)
TOO_LARGE = N_(
    "Line {line}: the {window} pooling window is larger than its {size} input, so the maps "
    "would shrink below 1×1."
)


def _pooling(
    keras_class: str, term: str, label: str, mode: str, batch: BatchHook, fast: FastHook
) -> LayerKind:
    return LayerKind(
        keras_class,
        STEP,
        term,
        _describe(label),
        no_params,
        shown=True,
        arguments=ARGUMENTS,
        takes=Takes.IMAGE,
        window="pool_size",
        too_large=TOO_LARGE,
        sizes=sizes,
        batch=batch,
        fast=fast,
        summary=Summary.POOLING,
        worked=_worked(mode),
        sentences=sentences,
        lines=lines,
    )


MAX_POOLING2D = _pooling(
    "MaxPooling2D",
    N_("max pooling layer"),
    N_("Max pooling: keeps the largest of each {height}×{width} window"),
    "max",
    max_op,
    max_step,
)
AVERAGE_POOLING2D = _pooling(
    "AveragePooling2D",
    N_("average pooling layer"),
    N_("Average pooling: the mean of each {height}×{width} window"),
    "average",
    average_op,
    average_step,
)
GLOBAL = (
    untaught("GlobalMaxPooling2D", global_sizes),
    untaught("GlobalAveragePooling2D", global_sizes),
)
