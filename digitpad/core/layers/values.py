"""How the kinds' worked numbers are written, how places in them are counted, and where a map
is strongest.

The lesson's JSON (`digitpad explain --json`) writes each float32 value the
way float32 writes it (0.3019608, not 0.30196079611778259), so a student's
numbers match what the network holds.

One rule for counting: everything a person reads (the window, `explain`'s text, captions,
tooltips, accessible descriptions) numbers maps, rows, columns, neurons, inputs and
positions from 1, as the course's slides count; code and JSON keep NumPy's and Keras'
0-based indices. `ordinal` is the one place an index becomes the number shown.
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


def ordinal(index: int) -> int:
    """The number a person reads for the 0-based `index` (map 0 is "map 1")."""
    return int(index) + 1


def argmax(values: np.ndarray) -> tuple[int, ...]:
    """Where `values` is largest, as an index into its shape (the first such place)."""
    return tuple(int(i) for i in np.unravel_index(int(np.argmax(values)), values.shape))
