"""A run's training replayed on the drawing on the pad, in View ▸ Runs: a training-time slider
over the run's snapshots, the first convolution's kernels at the one chosen, and the
drawing's probability of the digit the trained model reads, across the snapshots.

It reads the run's model file (its snapshots through the file's checks, `core.inference.
replay`) and the drawing with each snapshot's network on a worker thread, when a run is
selected or the drawing changes; the GUI thread only shows the result. The pad itself is
not changed (the model in use stays): "Use on the pad" loads the run, whose sliders in the
walk-through and the inside view then scrub it on the pad.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from digitpad.core.i18n import chance
from digitpad.gui.errors import describe_error
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import WrappingLabel, bold
from digitpad.gui.replay.learning_view import LearningView
from digitpad.gui.replay.live_reader import kernels_of
from digitpad.gui.replay.moments import Shown
from digitpad.gui.runtime import run_in_background
from digitpad.gui.wheel import guard_wheels

if TYPE_CHECKING:
    from digitpad.core.inference.replay import Replay

Drawing = Callable[[], "np.ndarray | None"]  # the framed 28×28 on the pad, or None (blank)


@dataclass(frozen=True, eq=False)
class Replayed:
    """A run's snapshots read: their moments, the kernels at each, and (a drawing on the pad)
    its ten probabilities at each."""

    replay: Replay
    kernels: tuple[np.ndarray | None, ...]
    readings: tuple[np.ndarray, ...] | None


def replayed(path: Path, framed: np.ndarray | None) -> Replayed | None:
    """The run at `path` read (None: it keeps no snapshots); on a worker thread."""
    from digitpad.core.inference.replay import read_over_training
    from digitpad.gui.replay.training_time import load_replay

    replay = load_replay(path)
    if replay is None:
        return None
    kernels = tuple(kernels_of(replay.network(i)) for i in range(len(replay)))
    readings = None
    if framed is not None:
        readings = tuple(r.probabilities for r in read_over_training(replay, framed))
    return Replayed(replay, kernels, readings)


def read_job(
    generation: int, path: Path, framed: np.ndarray | None
) -> tuple[int, Replayed | Exception | None]:
    """`replayed`, its outcome (or error) tagged with the read it answers."""
    try:
        return generation, replayed(path, framed)
    except Exception as exc:
        return generation, exc


class RunReplay(Retranslating, QWidget):
    """The selected run's snapshots on the pad's drawing (`show_run`, `drawing_changed`)."""

    def __init__(self, drawing: Drawing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_replay")
        self._drawing = drawing
        self._path: Path | None = None
        self._generation = 0
        self._framed: np.ndarray | None = None  # the drawing last read
        self.shown: Replayed | None = None
        self.title = bold()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("run_training_time")
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._chosen)
        self.title.setBuddy(self.slider)
        self.end = QLabel()
        self.label = WrappingLabel()
        self.label.setObjectName("run_replay_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.learning = LearningView()
        row = QHBoxLayout()
        row.addWidget(QLabel("0"))
        row.addWidget(self.slider, 1)
        row.addWidget(self.end)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.label)
        layout.addWidget(self.learning, 1)
        guard_wheels(self)
        self._message: Callable[[], str] = self._no_run
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Training &time (on the drawing on the pad)"))
        self.slider.setAccessibleName(self.tr("Training time of the selected run"))
        self._show()

    def _no_run(self) -> str:
        return self.tr("Select a run to replay its training on your drawing.")

    # Reading -----------------------------------------------------------------------------------

    def show_run(self, path: Path | None) -> None:
        """Replay the run kept at `path` (None: no run selected)."""
        if path == self._path and self.shown is not None:
            return
        self._path = path
        self._read()

    @Slot()
    def drawing_changed(self) -> None:
        """The pad was read again: replay the run on its drawing, if that changed."""
        framed, last = self._drawing(), self._framed
        if framed is None or last is None:
            same = framed is None and last is None
        else:
            same = np.array_equal(framed, last)
        if self._path is not None and not same:
            self._read()

    def _read(self) -> None:
        self._generation += 1
        self.shown = None
        if self._path is None:
            self._message = self._no_run
            self._show()
            return
        self._message = lambda: self.tr("Reading the run's snapshots…")
        self._show()
        self._framed = self._drawing()
        # Bound methods: a dialog deleted meanwhile is simply not called back.
        run_in_background(
            read_job,
            self._generation,
            self._path,
            self._framed,
            on_done=self._read_done,
            on_error=self._failed,
        )

    def _read_done(self, outcome: tuple[int, Replayed | Exception | None]) -> None:
        generation, found = outcome
        if generation != self._generation:
            return
        if isinstance(found, Exception):
            self._failed(found)
            return
        self.shown = found
        if found is None:
            self._message = lambda: self.tr(
                "This run keeps no snapshots of its training (it was trained before digitpad "
                "kept them): train again to replay it."
            )
        else:
            self.slider.blockSignals(True)
            self.slider.setRange(0, len(found.replay) - 1)
            self.slider.setValue(len(found.replay) - 1)
            self.slider.blockSignals(False)
            self.end.setText(f"{found.replay.moments[-1].step:,}")
        self._show()

    def _failed(self, exc: Exception) -> None:
        text = describe_error(exc, "reading the model")
        self._message = lambda: text
        self._show()

    # Showing -----------------------------------------------------------------------------------

    @Slot(int)
    def _chosen(self, _index: int) -> None:
        self._show()

    def _show(self) -> None:
        found = self.shown
        for widget in (self.slider, self.end, self.learning):
            widget.setVisible(found is not None)
        if found is None:
            self.label.setText(self._message())
            return
        replay, index = found.replay, self.slider.value()
        shown = Shown(
            replay.moments[index],
            live=False,
            final=replay.snapshots.is_final(index),
            from_model=replay.from_model,
        )
        text = shown.text()
        self.learning.show_kernels(found.kernels[index])
        if found.readings is None:
            self.learning.clear_readings()
            text += " · " + self.tr("draw a digit on the pad to see how each snapshot reads it")
        else:
            probabilities = found.readings[index]
            digit = int(np.argmax(probabilities))
            steps = [m.step for m in replay.moments]
            self.learning.set_readings(steps, found.readings, chosen=index)
            text += " · " + self.tr("reads your drawing as {digit} ({percent})").format(
                digit=digit, percent=chance(float(probabilities[digit]))
            )
        self.label.setText(text)
        self.slider.setAccessibleDescription(text)
