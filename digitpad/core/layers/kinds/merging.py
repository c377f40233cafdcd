"""Layers that join several inputs: Add, Concatenate, … (sized, not taught)."""

from __future__ import annotations

import math
from typing import Any

from digitpad.core.layers import sizes as sz
from digitpad.core.layers.kind import untaught


def merge_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    return 0, max(shapes, key=math.prod)


def concatenate_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    axis = sz.axes(cfg, shapes[0])[0]
    out = list(shapes[0])
    out[axis] = sum(s[axis] if len(s) > axis else 0 for s in shapes)
    return 0, tuple(out)


KINDS = (
    *(
        untaught(name, merge_sizes)
        for name in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")
    ),
    untaught("Concatenate", concatenate_sizes),
)
