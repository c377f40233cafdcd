"""Editing a first-layer kernel: the classic kernels to pick from, and what a value may be.

The student types a kernel's nine weights and its bias, or picks a classic 3×3 kernel: the
vertical and horizontal edge detectors, a blur, and the course's own diagonal
[[0,0,1],[0,1,0],[1,0,0]]. Values are bounded (±10: a kernel of the course's network holds
weights well under 1, so this leaves room to play without numbers that mean nothing), and a
typed value that is not a number is refused (`parse_value`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from digitpad.core.i18n import N_, _
from digitpad.core.inference.network import Network
from digitpad.core.layers.arithmetic import COURSE_KERNEL
from digitpad.core.layers.kind import LayerInfo

LIMIT = 10.0  # a weight or bias typed in lies within −LIMIT…LIMIT


@dataclass(frozen=True)
class ClassicKernel:
    key: str
    name: str  # marked with N_, translated when shown
    values: tuple[tuple[float, ...], ...]  # 3×3
    bias: float = 0.0

    def title(self) -> str:
        return _(self.name)


CLASSIC_KERNELS = (
    ClassicKernel(
        "vertical", N_("vertical edge"), ((1.0, 0.0, -1.0), (1.0, 0.0, -1.0), (1.0, 0.0, -1.0))
    ),
    ClassicKernel(
        "horizontal", N_("horizontal edge"), ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0), (-1.0, -1.0, -1.0))
    ),
    ClassicKernel("blur", N_("blur"), tuple((1 / 9, 1 / 9, 1 / 9) for _i in range(3))),
    ClassicKernel(
        "diagonal",
        N_("the course's diagonal"),
        tuple(tuple(float(v) for v in row) for row in COURSE_KERNEL),
    ),
)


def parse_value(text: str) -> float | None:
    """A typed weight or bias as a number within ±LIMIT, or None (not a number, or beyond).
    A decimal comma is read as a point."""
    cleaned = text.strip().replace("−", "-").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(value) or abs(value) > LIMIT:
        return None
    return value


def editable_layer(network: Network) -> LayerInfo | None:
    """The convolution whose kernels may be edited: the first one, reading the drawing itself
    (one input channel) with all its weights in the NumPy pass; None if there is none."""
    for index, info in enumerate(network.layers):
        if info.kind.unshared is None or not info.is_map:
            continue
        stage = network.stages[index]
        weights = stage.weights
        if not weights or np.asarray(weights[0]).ndim != 4 or info.input_shape[-1] != 1:
            return None
        before = network.layers[:index]
        return info if all(other.moves_with_input() for other in before) else None
    return None


def own_kernel(network: Network, layer: str, index: int) -> tuple[np.ndarray, float]:
    """Filter `index` of `layer` as the network in use holds it: (kh, kw) weights, bias."""
    weights = network.weights[layer]
    kernel = np.asarray(weights[0], np.float32)[:, :, 0, index]
    bias = float(np.asarray(weights[1])[index]) if len(weights) > 1 else 0.0
    return kernel.copy(), bias
