"""Sliding windows over a layer's (H, W, ...) grid, for the live NumPy pass's steps.

Which input positions each output of a convolution reads (its im2col rows),
the maximum over each pooling window, and which outputs a change in the
input can reach. Written for this machine's NumPy: elementwise operations on
strided views and with scalars ran several times slower than on contiguous
arrays, so the reach is two small matrix products instead.
"""

from __future__ import annotations

import numpy as np


def window_index(shape: tuple[int, int], size: tuple[int, int]) -> np.ndarray:
    """(outputs, kh·kw): the flat input positions each output's window reads, in (i, j) order.

    Stride-1 "valid" windows over an input of `shape`, outputs in row-major
    order; the order within a window is the one a Conv2D kernel's rows follow.
    """
    (h, w), (kh, kw) = shape, size
    rows = np.arange(h - kh + 1)[:, None, None]
    cols = np.arange(w - kw + 1)[None, :, None]
    di, dj = (a.ravel() for a in np.meshgrid(np.arange(kh), np.arange(kw), indexing="ij"))
    index = (rows + di) * w + cols + dj  # int32: np.take reads these faster than int64
    return index.reshape(-1, kh * kw).astype(np.int32)


def window_max(a: np.ndarray, size: tuple[int, int], stride: tuple[int, int]) -> np.ndarray:
    """The maximum over every "valid" window of `a` (H, W, ...), as for max pooling: one
    strided view per window offset, so no window is copied."""
    (kh, kw), (sh, sw) = size, stride
    h, w = (a.shape[0] - kh) // sh + 1, (a.shape[1] - kw) // sw + 1
    views = [
        a[i : i + sh * (h - 1) + 1 : sh, j : j + sw * (w - 1) + 1 : sw]
        for i in range(kh)
        for j in range(kw)
    ]
    if len(views) == 1:
        return views[0].copy()
    out = np.maximum(views[0], views[1])
    for view in views[2:]:
        np.maximum(out, view, out=out)
    return out


class WindowAny:
    """Which "valid" windows of a (H, W) bool mask hold a set position.

    Two small products with 0/1 band matrices count the set positions in each
    window (exact in float32); NumPy's maximum over strided views, the other
    way, was three times slower here.
    """

    def __init__(
        self, shape: tuple[int, int], size: tuple[int, int], stride: tuple[int, int]
    ) -> None:
        self.rows = _band(shape[0], size[0], stride[0])  # (out rows, H)
        self.cols = _band(shape[1], size[1], stride[1]).T  # (W, out columns)

    def __call__(self, mask: np.ndarray) -> np.ndarray:
        return (self.rows @ mask.astype(np.float32) @ self.cols) > 0


def _band(length: int, size: int, stride: int) -> np.ndarray:
    """(windows, length) float32: row i is 1 where window i reads."""
    starts = np.arange((length - size) // stride + 1)[:, None] * stride
    where = np.arange(length)[None, :]
    return ((where >= starts) & (where < starts + size)).astype(np.float32)
