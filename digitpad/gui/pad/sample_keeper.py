"""Keeping drawings as the user's own samples, and counting them per digit.

A digit key on the pad (or a click on the chart's column) keeps what is drawn
as an example of that digit, in the user's samples folder
(`core.data.samples.SampleStore`); `forget` takes one back (the window's Undo). The
counts are read once in the background at start-up and kept up to date as
samples are added and taken back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from digitpad.core.digits import CLASSES
from digitpad.gui.errors import describe_error
from digitpad.gui.messages import warn
from digitpad.gui.pad.canvas import Canvas
from digitpad.gui.runtime import run_in_background

if TYPE_CHECKING:
    from digitpad.core.data.samples import Sample


def count_samples() -> list[int]:
    from digitpad.core.data.samples import SampleStore

    return [int(c) for c in SampleStore().counts()]


class SampleKeeper(QObject):
    """Keeps drawings from `canvas` as samples; `counts` per digit, None until counted."""

    counts_changed = Signal()
    message = Signal(str)  # a line for the status bar

    def __init__(self, canvas: Canvas, window: QWidget) -> None:
        super().__init__(window)
        self.canvas = canvas
        self.window = window
        self.counts: list[int] | None = None
        self._changes = 0  # samples kept so far: a count begun before the last one is stale

    def count(self) -> None:
        """Count the samples again, in the background."""
        begun = self._changes
        run_in_background(
            count_samples,
            on_done=lambda counts: self._counted(begun, counts),
            on_error=lambda exc: self._count_failed(begun, exc),
        )

    def _count_failed(self, begun: int, exc: Exception) -> None:
        """Counting failed as a whole (bad files are skipped): never stay at "counting…"."""
        if begun == self._changes and self.counts is None:
            self.message.emit(describe_error(exc, "working"))
            self._counted(begun, [0] * CLASSES)

    @Slot()
    def recount(self) -> None:
        """Count again now, on the GUI thread (after My samples changed them: its files are
        read there too)."""
        self._changes += 1
        self._counted(self._changes, count_samples())

    def _counted(self, begun: int, counts: list[int]) -> None:
        if begun == self._changes:
            self.counts = counts
            self.counts_changed.emit()

    def keep(self, digit: int) -> Sample | None:
        """Keep what is on the pad as an example of `digit`; the sample kept, or None."""
        from digitpad.core.data.samples import SampleError, SampleStore

        if self.canvas.is_blank():
            self.message.emit(
                self.tr(
                    "The pad is blank: draw a {digit} first, then press {digit} to keep it."
                ).format(digit=digit)
            )
            return None
        try:
            sample = SampleStore().add(self.canvas.to_array(), digit)
        except (SampleError, OSError) as exc:  # a failed write: the store says where and why
            warn(self.window, self.tr("Could not save the sample"), describe_error(exc, "saving"))
            return None
        self._changes += 1
        if self.counts is None:
            self.counts = count_samples()
        else:
            self.counts[digit] += 1
        self.counts_changed.emit()
        return sample

    def kept_text(self, digit: int) -> str:
        """What keeping an example of `digit` did, with the count now."""
        n = self.counts[digit] if self.counts is not None else 1
        return self.tr("Saved as an example of {digit} · %n sample(s) of {digit}", "", n).format(
            digit=digit
        )

    def forget(self, sample: Sample) -> bool:
        """Take a kept sample back (Undo); True when it is gone."""
        from digitpad.core.data.samples import SampleError, SampleStore

        try:
            SampleStore().delete(sample.id)
        except (SampleError, OSError) as exc:
            warn(
                self.window, self.tr("Could not remove the sample"), describe_error(exc, "working")
            )
            return False
        self._changes += 1
        if self.counts is not None:
            self.counts[sample.label] = max(0, self.counts[sample.label] - 1)
        self.counts_changed.emit()
        self.message.emit(
            self.tr("Removed the example of {digit} just kept.").format(digit=sample.label)
        )
        return True
