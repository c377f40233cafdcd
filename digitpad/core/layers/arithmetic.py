"""The arithmetic the walk-through shows, as plain NumPy functions (the kinds' worked numbers).

The worked numbers for a student's drawing and the course's own examples
(the 6×6 matrix with the diagonal kernel, pooling [6, 8, 3, 4]) go through
the same functions, so the example checked by hand on the slide is exactly
what is applied to the drawing. Sums are taken in float64 so that the last
digit shown is the arithmetic's, not float32 rounding's. No Keras, no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

# The course's 6×6 example. The course gives its diagonal kernel and that the top-left
# output is 2; this 0/1 matrix is an illustration in the course's style with exactly that
# property: a "/" stroke (where the kernel finds 3) and a few stray pixels.
COURSE_IMAGE = np.array(
    [
        [1, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 1],
        [0, 0, 0, 0, 1, 0],
        [0, 0, 0, 1, 0, 0],
        [0, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 0],
    ],
    dtype=np.float32,
)
COURSE_KERNEL = np.array([[0, 0, 1], [0, 1, 0], [1, 0, 0]], dtype=np.float32)
COURSE_POOL = np.array([[6, 8], [3, 4]], dtype=np.float32)  # the slide's window: keeps 8


@dataclass(frozen=True)
class Window:
    """Where a sliding window (a kernel, a pooling window) sits on its input map.

    Output pixel (r, c) reads input rows r·stride − pad + i·dilation, i < size:
    a "valid" layer has no padding; a "same" one pads like Keras (the odd row
    of zeros goes to the bottom and right).
    """

    size: tuple[int, int]
    strides: tuple[int, int] = (1, 1)
    dilation: tuple[int, int] = (1, 1)
    padding: tuple[int, int] = (0, 0)  # rows above, columns left

    def rows(self, row: int) -> np.ndarray:
        return row * self.strides[0] - self.padding[0] + np.arange(self.size[0]) * self.dilation[0]

    def cols(self, col: int) -> np.ndarray:
        return col * self.strides[1] - self.padding[1] + np.arange(self.size[1]) * self.dilation[1]

    def take(self, values: np.ndarray, row: int, col: int, fill: float = 0.0) -> np.ndarray:
        """The (kh, kw, C) values under the window at output (row, col); `fill` off the edge."""
        maps = values if values.ndim == 3 else values[:, :, None]
        rows, cols = self.rows(row), self.cols(col)
        inside_r = (rows >= 0) & (rows < maps.shape[0])
        inside_c = (cols >= 0) & (cols < maps.shape[1])
        out = np.full((len(rows), len(cols), maps.shape[2]), fill, dtype=np.float64)
        block = maps[np.ix_(rows[inside_r], cols[inside_c])]
        out[np.ix_(inside_r, inside_c)] = block
        return out

    def is_plain(self) -> bool:
        """Stride 1, no dilation, no padding: the course's case."""
        return self.strides == (1, 1) and self.dilation == (1, 1) and self.padding == (0, 0)


def _pair(value: Any, default: tuple[int, int]) -> tuple[int, int]:
    if value is None:
        return default
    if isinstance(value, int):
        return (value, value)
    first, second = tuple(value)
    return (int(first), int(second))


def window_for(
    config: dict[str, Any], size_key: str, input_hw: tuple[int, int], output_hw: tuple[int, int]
) -> Window:
    """A Keras layer's window from its config (kernel_size or pool_size, strides, padding)."""
    size = _pair(config.get(size_key), (1, 1))
    strides = _pair(config.get("strides"), size if size_key == "pool_size" else (1, 1))
    dilation = _pair(config.get("dilation_rate"), (1, 1))
    pad = [0, 0]
    if config.get("padding") == "same":
        for axis in range(2):
            reach = (size[axis] - 1) * dilation[axis] + 1
            total = max((output_hw[axis] - 1) * strides[axis] + reach - input_hw[axis], 0)
            pad[axis] = total // 2
    return Window(size, strides, dilation, (pad[0], pad[1]))


# Convolution --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConvPixel:
    """One output pixel of a convolution before its activation: patch × kernel, summed, + bias."""

    patch: np.ndarray  # (kh, kw, C) input values under the kernel (0 where it overhangs)
    kernel: np.ndarray  # (kh, kw, C) the weights of one filter
    products: np.ndarray  # patch × kernel, element by element
    bias: float
    sum: float  # every product added up, plus the bias

    @property
    def channel_sums(self) -> np.ndarray:
        """Each input channel's share of the sum (C,)."""
        return self.products.sum(axis=(0, 1))


def conv_pixel(
    inputs: np.ndarray,
    kernels: np.ndarray,
    biases: np.ndarray,
    window: Window,
    row: int,
    col: int,
    channel: int,
) -> ConvPixel:
    """Filter `channel` at output (row, col); `kernels` is (kh, kw, C, filters), as in Keras."""
    patch = window.take(inputs, row, col)
    kernel = np.asarray(kernels[:, :, :, channel], dtype=np.float64)
    products = patch * kernel
    bias = float(biases[channel]) if len(biases) else 0.0
    return ConvPixel(patch, kernel, products, bias, float(products.sum()) + bias)


def conv_sums(
    inputs: np.ndarray,
    kernels: np.ndarray,
    biases: np.ndarray,
    window: Window,
    out_hw: tuple[int, int],
    channel: int,
) -> np.ndarray:
    """Every output pixel of filter `channel` before the activation (out_h, out_w)."""
    out = np.empty(out_hw, dtype=np.float64)
    for r in range(out_hw[0]):
        for c in range(out_hw[1]):
            out[r, c] = conv_pixel(inputs, kernels, biases, window, r, c, channel).sum
    return out


def course_convolution() -> np.ndarray:
    """The course's 6×6 example convolved with its diagonal kernel: a 4×4 map (no bias)."""
    window = Window((3, 3))
    kernels = COURSE_KERNEL[:, :, None, None]
    return conv_sums(COURSE_IMAGE, kernels, np.zeros(1), window, (4, 4), 0)


# Activations ----------------------------------------------------------------------------------


def _gelu(x: float) -> float:
    return 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0)))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= -700 else 0.0


ACTIVATIONS: dict[str, Callable[[float], float]] = {
    "linear": lambda x: x,
    "relu": lambda x: max(x, 0.0),
    "relu6": lambda x: min(max(x, 0.0), 6.0),
    "sigmoid": _sigmoid,
    "tanh": math.tanh,
    "softplus": lambda x: math.log1p(math.exp(-abs(x))) + max(x, 0.0),
    "softsign": lambda x: x / (1.0 + abs(x)),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "elu": lambda x: x if x > 0 else math.expm1(x),
    "gelu": _gelu,
}


def activate(name: str | None, x: float) -> float | None:
    """The activation function `name` at `x`, or None for one not written out here."""
    function = ACTIVATIONS.get(name or "linear")
    return None if function is None else float(function(x))


# Pooling --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pooled:
    """One pooling window: its values, the one kept (max) or their mean (average)."""

    values: np.ndarray  # (ph, pw); NaN where a "same" window overhangs the map
    output: float
    kept: tuple[int, int] | None  # where the largest value sits (max pooling)


def pool_window(values: np.ndarray, mode: str = "max") -> Pooled:
    """Max pooling keeps the largest value; average pooling the mean (overhang ignored)."""
    values = np.asarray(values, dtype=np.float64)
    if mode == "average":
        return Pooled(values, float(np.nanmean(values)), None)
    filled = np.where(np.isnan(values), -np.inf, values)
    flat = int(np.argmax(filled))
    kept = (flat // values.shape[1], flat % values.shape[1])
    return Pooled(values, float(filled[kept]), kept)


def course_pooling() -> Pooled:
    """The slide's example: max pooling of [6, 8, 3, 4] keeps 8."""
    return pool_window(COURSE_POOL, "max")


# Flatten, dropout ----------------------------------------------------------------------------


def flatten_index(row: int, col: int, channel: int, width: int, channels: int) -> int:
    """Where map pixel (row, col, channel) lands in Keras' flattened row (channels last)."""
    return (row * width + col) * channels + channel


def dropout_mask(shape: tuple[int, ...], rate: float, seed: int) -> np.ndarray:
    """One sampled training mask: True where a value is kept (each dropped with p = rate)."""
    return np.random.default_rng(seed).random(shape) >= rate


# Dense and softmax ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DenseUnit:
    """One neuron's weighted sum: every input times its weight, plus the bias."""

    unit: int
    inputs: np.ndarray  # (n,)
    weights: np.ndarray  # (n,) this neuron's column of the kernel
    bias: float
    top: np.ndarray  # indices of the largest contributions by size, largest first

    @property
    def contributions(self) -> np.ndarray:
        return self.inputs * self.weights

    @property
    def rest(self) -> float:
        """What all the inputs outside `top` add together."""
        return float(self.contributions.sum() - self.contributions[self.top].sum())

    @property
    def sum(self) -> float:
        return float(self.contributions.sum()) + self.bias


def dense_unit(
    inputs: np.ndarray, kernel: np.ndarray, biases: np.ndarray, unit: int, top: int = 8
) -> DenseUnit:
    """Neuron `unit` of a Dense layer; `kernel` is (inputs, units) as Keras keeps it."""
    x = np.asarray(inputs, dtype=np.float64).ravel()
    w = np.asarray(kernel[:, unit], dtype=np.float64)
    bias = float(biases[unit]) if len(biases) else 0.0
    order = np.argsort(-np.abs(x * w), kind="stable")[: min(top, len(x))]
    return DenseUnit(unit, x, w, bias, order)


def logits(inputs: np.ndarray, kernel: np.ndarray, biases: np.ndarray) -> np.ndarray:
    """The output layer's sums z before softmax: inputs × W + b (float64)."""
    z = np.asarray(inputs, dtype=np.float64).ravel() @ np.asarray(kernel, dtype=np.float64)
    return z + (np.asarray(biases, dtype=np.float64) if len(biases) else 0.0)


def softmax(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(e^{z_j}, σ(z)_j = e^{z_j} / Σ_k e^{z_k}); e^z as written unless that would overflow."""
    z = np.asarray(z, dtype=np.float64)
    shift = float(z.max()) if z.max() > 700 else 0.0
    exps = np.exp(z - shift)
    return exps, exps / exps.sum()
