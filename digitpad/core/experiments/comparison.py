"""One move, layer by layer: the feature maps move with the drawing, pooling absorbs part of it.

`compare_move` takes every layer's output for the drawing where it was framed and moved by
(dx, dy) (two forward passes of the same network) and says, for each layer with maps, where
the moved maps are the first ones moved (`same`: equal to float rounding over every position
both have, the `window` of the moved map where the first map's content now lies) and how much the
values at the same place changed (`unchanged`, `change`): a convolution's maps move
pixel for pixel, a 2×2 max pooling halves the move and keeps some values where they were, and
the dense layers after Flatten see a different row of numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from digitpad.core.layers.kind import LayerInfo

TOLERANCE = 1e-5  # float rounding, relative to the layer's largest value


@dataclass(frozen=True)
class LayerMove:
    """One layer with maps, before and after the move."""

    info: LayerInfo
    move: tuple[float, float]  # (dx, dy) in this layer's own pixels (a 2×2 pooling halves it)
    window: tuple[int, int, int, int] | None  # rows, cols of the moved map (first, last) compared
    same: bool | None  # the moved maps equal the first ones moved (None: no whole pixel move)
    unchanged: float  # of the values not 0 (before or after), the share equal at the same place
    change: float  # how much the values at the same place changed, relative to their size

    @property
    def name(self) -> str:
        return self.info.name


@dataclass(frozen=True)
class MoveComparison:
    shift: tuple[int, int]
    layers: tuple[LayerMove, ...]  # every layer with maps, in order
    digit_before: int
    digit_after: int
    probability_before: float  # of the digit read before, before
    probability_after: float  # of the digit read before, after

    @property
    def holds(self) -> bool:
        return self.digit_before == self.digit_after


def _close(a: np.ndarray, b: np.ndarray, scale: float) -> np.ndarray:
    return np.abs(a - b) <= TOLERANCE * max(1.0, scale)


def _compare(
    info: LayerInfo, before: np.ndarray, after: np.ndarray, move: tuple[float, float]
) -> LayerMove:
    scale = float(max(np.abs(before).max(), np.abs(after).max())) if before.size else 1.0
    equal = _close(before, after, scale)
    active = ~(_close(before, 0.0 * before, scale) & _close(after, 0.0 * after, scale))
    unchanged = float(np.mean(equal[active])) if active.any() else 1.0
    size = float(np.linalg.norm(before))
    change = float(np.linalg.norm(after - before)) / size if size > 0 else 0.0
    dx, dy = move
    if dx != int(dx) or dy != int(dy):  # half a pixel after pooling: no whole move to compare
        return LayerMove(info, move, None, None, unchanged, change)
    h, w = before.shape[:2]
    rows = (max(0, int(dy)), h + min(0, int(dy)))
    cols = (max(0, int(dx)), w + min(0, int(dx)))
    if rows[0] >= rows[1] or cols[0] >= cols[1]:
        return LayerMove(info, move, None, None, unchanged, change)
    moved = after[rows[0] : rows[1], cols[0] : cols[1]]
    first = before[rows[0] - int(dy) : rows[1] - int(dy), cols[0] - int(dx) : cols[1] - int(dx)]
    same = bool(_close(moved, first, scale).all())
    window = (rows[0], cols[0], rows[1] - 1, cols[1] - 1)
    return LayerMove(info, move, window, same, unchanged, change)


def compare_move(
    layers: Sequence[LayerInfo],
    before: Sequence[np.ndarray],
    after: Sequence[np.ndarray],
    shift: tuple[int, int],
) -> MoveComparison:
    """Each layer's output for one drawing (`before`, batch axis dropped) and for it moved by
    `shift` (`after`), compared layer by layer while the maps keep their grid."""
    found = []
    scale = 1.0  # input pixels per pixel of this layer's maps (a 2×2 pooling doubles it)
    for info, b, a in zip(layers, before, after, strict=True):
        if b.ndim != 3:
            break  # a row of neurons: no grid to move on
        if not info.moves_with_input():
            strides = info.config.get("strides") or info.config.get("pool_size") or (1, 1)
            scale *= float(next(iter(strides))) if isinstance(strides, (list, tuple)) else 1.0
        move = (shift[0] / scale, shift[1] / scale)
        found.append(_compare(info, b, a, move))
    p_before, p_after = np.asarray(before[-1]).ravel(), np.asarray(after[-1]).ravel()
    digit = int(np.argmax(p_before))
    return MoveComparison(
        shift,
        tuple(found),
        digit,
        int(np.argmax(p_after)),
        float(p_before[digit]),
        float(p_after[digit]),
    )
