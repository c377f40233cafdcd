"""The training-time slider's controller: the model in use's run, replayed on the pad.

When the model in use changes, its snapshots are read in the background (through the
model file's checks, `core.inference.replay`); the sliders in the walk-through and the
inside view (`time_slider.TrainingTimeSlider`, bound here) then offer one notch per
snapshot. Choosing one builds that snapshot's network off the GUI thread (one build at a
time, the newest choice wins; the last few are kept) and the pad is read with it
(`PadReading.show_snapshot`): the bars, the maps, the kernels, which pixels decided it
and the worked arithmetic all follow, and so does drawing. The last notch is the model
itself. A model without snapshots, or with snapshots that cannot be used, says so in one
sentence where the slider would be; the model itself keeps working either way.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from digitpad.core.models.snapshots import SnapshotError
from digitpad.gui.errors import describe_error
from digitpad.gui.replay.moments import Shown
from digitpad.gui.runtime import run_in_background

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.inference.replay import Replay
    from digitpad.gui.replay.pad_reading import PadReading

T = TypeVar("T")
KEPT = 4  # snapshot networks kept built (about 5 MB each for the course's network)


class State(enum.Enum):
    """Where the model in use's replay stands."""

    LOADING = enum.auto()  # its snapshots are being read
    NONE = enum.auto()  # it keeps none (an older run, the bundled model, a foreign file)
    REFUSED = enum.auto()  # it keeps snapshots that cannot be used: `message` says why
    READY = enum.auto()


def tagged(generation: int, call: Callable[..., T], *args: object) -> tuple[int, T | Exception]:
    """`call(*args)`'s outcome (or error), tagged with the request it answers: the callbacks
    on the GUI thread are bound methods, which Qt never calls on an object deleted meanwhile."""
    try:
        return generation, call(*args)
    except Exception as exc:
        return generation, exc


def load_replay(path: Path) -> Replay | None:
    """The replay of the model file at `path` (None: it keeps no snapshots)."""
    from digitpad.core.inference.replay import open_replay
    from digitpad.core.models.reader import read_model_file

    return open_replay(read_model_file(path))


class TrainingTime(QObject):
    """The model in use's snapshots and the one chosen; `changed` when either changes."""

    changed = Signal()

    def __init__(self, reading: PadReading, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reading = reading
        self.state = State.LOADING
        self.message = ""  # why, for State.REFUSED: one sentence naming the file
        self.reason = ""  # and in a few words
        self.replay: Replay | None = None
        self.index = 0  # the notch chosen (the last: the model itself)
        self._generation = 0
        self._built: OrderedDict[int, Predictor] = OrderedDict()
        self._building: int | None = None  # the notch being built on a worker
        reading.changed.connect(self.changed)  # training's live reading shows on the sliders

    @property
    def live(self) -> bool:
        return self.reading.live

    def set_model(self, predictor: Predictor) -> None:
        """The model in use changed: read its snapshots (the slider starts at its end)."""
        self._generation += 1
        self.replay, self.message, self.reason = None, "", ""
        self._built.clear()
        self._building = None
        path = predictor.path
        if path is None:
            self.state = State.NONE
        else:
            self.state = State.LOADING
            generation = self._generation
            run_in_background(
                tagged, generation, load_replay, path, on_done=self._loaded, on_error=self._failed
            )
        self.changed.emit()

    def _loaded(self, outcome: tuple[int, Replay | Exception | None]) -> None:
        generation, replay = outcome
        if generation != self._generation:
            return
        if isinstance(replay, Exception):
            self._failed(replay)
            return
        self.replay = replay
        self.state = State.NONE if replay is None else State.READY
        self.index = 0 if replay is None else len(replay) - 1
        self.changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.state = State.REFUSED
        self.message = describe_error(exc, "reading the model")  # one sentence, never a trace
        self.reason = exc.reason if isinstance(exc, SnapshotError) else self.message
        self.changed.emit()

    def shown(self, index: int | None = None) -> Shown | None:
        """The moment of notch `index` (default: the one chosen)."""
        replay = self.replay
        if replay is None:
            return None
        index = self.index if index is None else index
        return Shown(
            replay.moments[index],
            live=False,
            final=replay.snapshots.is_final(index),
            from_model=replay.from_model,
        )

    def choose(self, index: int) -> None:
        """Read the pad with snapshot `index` (the last: the model itself)."""
        replay = self.replay
        if replay is None or not 0 <= index < len(replay) or index == self.index:
            return
        self.index = index
        self.changed.emit()
        if replay.snapshots.is_final(index):
            self.reading.clear_snapshot()
            return
        built = self._built.get(index)
        if built is not None:
            self._built.move_to_end(index)
            self._show(index, built)
        elif self._building is None:
            self._build(index)

    def _build(self, index: int) -> None:
        replay = self.replay
        assert replay is not None
        self._building = index
        generation = self._generation
        run_in_background(
            tagged, generation, replay.predictor, index, on_done=self._made, on_error=self._failed
        )

    def _made(self, outcome: tuple[int, Predictor | Exception]) -> None:
        generation, predictor = outcome
        if generation != self._generation:
            return
        index, self._building = self._building, None
        assert index is not None  # a build of this generation was on its way
        if isinstance(predictor, Exception):
            self.reading.clear_snapshot()  # no earlier snapshot keeps reading the pad
            self._failed(predictor)
            return
        self._built[index] = predictor
        while len(self._built) > KEPT:
            self._built.popitem(last=False)
        wanted = self.index
        if wanted == index:
            self._show(index, predictor)
        elif self.replay is not None and not self.replay.snapshots.is_final(wanted):
            if wanted in self._built:
                self._show(wanted, self._built[wanted])
            else:
                self._build(wanted)  # the newest choice, once the last build is done

    def _show(self, index: int, predictor: Predictor) -> None:
        shown = self.shown(index)
        if shown is not None:
            self.reading.show_snapshot(predictor, shown)
