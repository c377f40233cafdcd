"""Layers that reshape, pad, crop, repeat or rescale their input (sized, not taught)."""

from __future__ import annotations

from typing import Any

from digitpad.core.layers import sizes as sz
from digitpad.core.layers.kind import same_shape, untaught
from digitpad.core.layers.sizes import BudgetError


def reshape_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    target = cfg.get("target_shape")
    if not isinstance(target, (list, tuple)) or not target:
        raise BudgetError("malformed", "target_shape")
    size = sz.product(list(shapes[0]))
    known = [d for d in target if d != -1]
    dims = [sz.positive(d, "target_shape") for d in known]
    if len(known) == len(target):
        out = tuple(dims)
    elif len(target) - len(known) == 1 and sz.product(dims) and size % sz.product(dims) == 0:
        out = tuple(size // sz.product(dims) if d == -1 else d for d in target)
    else:
        raise BudgetError("malformed", "target_shape")
    if sz.product(list(out)) != size:
        raise BudgetError("shape", "target_shape")
    return 0, out


def _padding(sign: int, key: str) -> sz.SizeRule:
    """ZeroPadding2D (sign 1) adds `key`'s rows and columns; Cropping2D (−1) takes them off."""

    def sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
        dims, channels, last = sz.spatial(cfg, shapes[0])
        value = cfg.get(key, 1)
        if isinstance(value, int):
            pads = [(value, value), (value, value)]
        elif isinstance(value, (list, tuple)) and len(value) == 2:
            pads = [(a, b) for a, b in (sz.ints(v, 2, key) for v in value)]
        else:
            raise BudgetError("malformed", key)
        out = tuple(s + sign * (a + b) for s, (a, b) in zip(dims, pads, strict=True))
        if min(out) < 0:
            raise BudgetError("shape", key)
        return 0, sz.image(out, channels, last)

    return sizes


def upsampling_sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    dims, channels, last = sz.spatial(cfg, shapes[0])
    size = sz.ints(cfg.get("size", 2), 2, "size")
    return 0, sz.image(tuple(s * k for s, k in zip(dims, size, strict=True)), channels, last)


KINDS = (
    untaught("Reshape", reshape_sizes),
    untaught("ZeroPadding2D", _padding(1, "padding")),
    untaught("Cropping2D", _padding(-1, "cropping")),
    untaught("UpSampling2D", upsampling_sizes),
    untaught("Rescaling", same_shape),
    untaught("Identity", same_shape),
    untaught("Masking", same_shape),
)
