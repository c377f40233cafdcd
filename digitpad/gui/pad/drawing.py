"""What is on the pad, apart from its pixels: the strokes, a test image under them, and what
Undo takes back.

Strokes are kept in units of the pad's shorter side around its centre, pen
width included, so a resized pad shows the same drawing scaled, and a drawing
on a large pad frames like one on a small pad. Undo takes back the last thing
done, whatever it was: a stroke, or a clear (Esc) or a test image put on the pad,
which both bring back the drawing they replaced. Nothing here paints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF


@dataclass
class Stroke:
    """One press-drag-release, in units of the pad's shorter side around its centre."""

    width: float  # pen width as a fraction of the shorter side
    points: list[QPointF] = field(default_factory=list)
    # Per point, the width relative to `width` (a tablet pen's pressure); None: all 1.
    factors: list[float] | None = None

    def width_at(self, i: int) -> float:
        return self.width if self.factors is None else self.width * self.factors[i]


@dataclass(frozen=True)
class _Replaced:
    """What a clear or a test image took off the pad (Undo puts it back)."""

    strokes: list[Stroke]
    shown: np.ndarray | None


class Drawing:
    """The strokes on the pad over an optional (28, 28) test image, with their history."""

    def __init__(self) -> None:
        self.strokes: list[Stroke] = []
        self.shown: np.ndarray | None = None  # a test image under the strokes, or None
        self._history: list[Stroke | _Replaced] = []  # what Undo takes back, last first

    def is_blank(self) -> bool:
        return not self.strokes and self.shown is None

    def add(self, stroke: Stroke) -> None:
        """A new stroke (it may still grow: its points are the caller's to extend)."""
        self.strokes.append(stroke)
        self._history.append(stroke)

    def clear(self) -> bool:
        """Take everything off the pad (undoably); False if it was blank already."""
        if self.is_blank():
            return False
        self._replace([], None)
        return True

    def show(self, grey: np.ndarray) -> None:
        """A test image in place of the drawing (undoably)."""
        self._replace([], grey)

    def _replace(self, strokes: list[Stroke], shown: np.ndarray | None) -> None:
        self._history.append(_Replaced(self.strokes, self.shown))
        self.strokes, self.shown = strokes, shown

    def can_undo(self) -> bool:
        return bool(self._history)

    def undo(self) -> Stroke | None:
        """Take back the last thing done; returns the stroke removed, if it was one. Does
        nothing when there is nothing to take back."""
        if not self._history:
            return None
        last = self._history.pop()
        if isinstance(last, Stroke):
            if self.strokes and self.strokes[-1] is last:
                self.strokes.pop()
            return last
        self.strokes, self.shown = last.strokes, last.shown
        return None
