"""Where the window is on a convolution or pooling page, and how it moves.

The state behind `SlidingPage`, without Qt: which step (the drawing's, or the
course's own example), which output map, which position, and whether the
window is sliding (Step, Play: the output map fills in up to the position) or
shows a pixel of the whole map. A position is an output pixel numbered row ×
width + column. Every number comes from the step's worked numbers
(`ConvWorked.at`, `PoolWorked.at`); nothing here does arithmetic on them.
"""

from __future__ import annotations

import numpy as np

from digitpad.core.layers.kinds.conv import STEP as CONV
from digitpad.core.layers.kinds.conv import ConvWorked, course_convolution
from digitpad.core.layers.kinds.pooling import PoolWorked, course_pooling
from digitpad.core.lesson.steps import LessonStep

Worked = ConvWorked | PoolWorked


class Slide:
    """The window's place on one step; `current()` is the worked numbers there."""

    def __init__(self) -> None:
        self.step: LessonStep | None = None
        self.course = False  # the course's example instead of the drawing
        self.sliding = False  # the output map fills in up to the position
        self.channel: int | None = None  # the output map picked; None: the most active one's
        self.input_channel: int | None = None  # a multi-channel conv: the input map picked
        self._position: int | None = None  # None: the step's own (most active) pixel

    def reset(self) -> None:
        """Back to the step's own pixel and map, the whole map shown."""
        self.channel = self._position = self.input_channel = None
        self.sliding = False

    def base(self) -> Worked | None:
        """The worked step the window slides over: the drawing's, or the course's example."""
        step = self.step
        if step is None:
            return None
        if self.course:
            return course_convolution() if step.step == CONV else course_pooling()
        worked = step.worked
        return worked if isinstance(worked, (ConvWorked, PoolWorked)) else None

    def count(self) -> int:
        """Output positions on one map."""
        base = self.base()
        return 0 if base is None else base.outputs.shape[0] * base.outputs.shape[1]

    def current(self) -> Worked | None:
        """The worked numbers at the position and map shown now."""
        base = self.base()
        if base is None:
            return None
        channel = base.channel if self.channel is None else self.channel
        channel = min(channel, base.outputs.shape[2] - 1)
        if self._position is None:
            return base.at(base.row, base.col, channel)
        row, col = divmod(min(self._position, self.count() - 1), base.outputs.shape[1])
        return base.at(row, col, channel)

    def position(self) -> int:
        current = self.current()
        return 0 if current is None else current.row * current.outputs.shape[1] + current.col

    def at_end(self) -> bool:
        return self.sliding and self.position() == self.count() - 1

    def advance(self) -> None:
        """One position further; the first step starts the slide at the top-left corner."""
        if not self.sliding:
            self.restart()
        elif self.position() < self.count() - 1:
            self._position = self.position() + 1

    def restart(self) -> None:
        """Slide again from the top-left corner."""
        self.sliding, self._position = True, 0

    def go_to(self, row: int, col: int) -> None:
        """Output pixel (row, col), the whole map shown (`base()` must not be None)."""
        base = self.base()
        assert base is not None
        self.sliding = False
        self._position = row * base.outputs.shape[1] + col
        self.input_channel = None

    def nearest(self, row: int, col: int) -> tuple[int, int] | None:
        """The output pixel whose window starts nearest input pixel (row, col)."""
        base = self.base()
        if base is None:
            return None
        out_h, out_w = base.outputs.shape[:2]
        first_rows = np.array([base.window.rows(r)[0] for r in range(out_h)])
        first_cols = np.array([base.window.cols(c)[0] for c in range(out_w)])
        return int(np.abs(first_rows - row).argmin()), int(np.abs(first_cols - col).argmin())

    def shown_input_channel(self, current: Worked) -> int:
        """The input map shown beside `current`: pooling's own; a convolution's picked one, or
        the one that adds most (while sliding, the one that added most where it started)."""
        if isinstance(current, PoolWorked):
            return current.channel
        if current.inputs.shape[2] == 1:
            return 0
        if self.input_channel is not None:  # picked
            return min(self.input_channel, current.inputs.shape[2] - 1)
        if self.sliding:  # one map while the window slides: the top one where it started
            base = self.base()
            assert isinstance(base, ConvWorked)
            return base.at(base.row, base.col, current.channel).top_channels(1)[0][0]
        return current.top_channels(1)[0][0]
