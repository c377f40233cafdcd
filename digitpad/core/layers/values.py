"""How the kinds' worked numbers are written, and where a map is strongest.

The lesson's JSON (`digitpad explain --json`) writes each float32 value the
way float32 writes it (0.3019608, not 0.30196079611778259), so a student's
numbers match what the network holds.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def number(value: float) -> float:
    """A float32 value written as float32 writes it (0.3019608, not 0.30196079611778259)."""
    return float(str(np.float32(value)))


def numbers(values: np.ndarray) -> Any:
    """Nested lists of float32 values, each written as float32 writes it."""
    values = np.asarray(values, dtype=np.float32)
    if values.ndim == 0:
        return number(float(values))
    return [numbers(v) for v in values]


def argmax(values: np.ndarray) -> tuple[int, ...]:
    """Where `values` is largest, as an index into its shape (the first such place)."""
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(values)), values.shape))
