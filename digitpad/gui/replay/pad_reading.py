"""Which network reads the pad: the model in use, a snapshot of its run, or the network being
trained right now.

The pad, the ten bars, the inside view and the walk-through all show what the prediction
service computes with its predictor; this object decides which predictor that is, in this
order: the network as it trains (live, while a training runs with the live reading on),
else the snapshot chosen on the training-time slider, else the model in use ("settled").
Switching re-reads the drawing on the pad at once (`PredictionService.set_predictor`).

Each result carries the predictor that computed it (`service.reader`), and `shown_for`
says which moment that predictor is, so a prediction is labelled with the moment it was
read at, never the one set a moment later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, Signal

from digitpad.gui.replay.moments import Shown

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.gui.pad.prediction_service import PredictionService


class PadReading(QObject):
    """The predictor the pad is read with, and the moment of training it is (if any)."""

    changed = Signal()  # another network reads the pad now
    settled_again = Signal(bool)  # live reading ended: True when a new model reads the pad

    def __init__(self, service: PredictionService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.settled: Predictor | None = None  # the model in use
        self._live: tuple[Predictor, Shown] | None = None
        self._snapshot: tuple[Predictor, Shown] | None = None
        self._shown: WeakKeyDictionary[Predictor, Shown] = WeakKeyDictionary()
        self._settled_when_live: Predictor | None = None  # the model in use as training began

    @property
    def live(self) -> bool:
        """The network being trained reads the pad."""
        return self._live is not None

    @property
    def shown(self) -> Shown | None:
        """The moment the pad is read at now (None: the model in use, as it is)."""
        current = self._live or self._snapshot
        return None if current is None else current[1]

    def shown_for(self, predictor: Predictor | None) -> Shown | None:
        """The moment `predictor` is, if it is a network of training's or a snapshot."""
        return None if predictor is None else self._shown.get(predictor)

    def settle(self, predictor: Predictor) -> None:
        """`predictor` is the model in use from now on (a new model starts at its end: any
        snapshot chosen on the old one's slider is let go)."""
        self.settled = predictor
        self._snapshot = None
        self._apply()

    def show_live(self, predictor: Predictor, shown: Shown) -> None:
        """The network being trained, as it is at `shown`, reads the pad."""
        if self._live is None:
            self._settled_when_live = self.settled
        self._shown[predictor] = shown
        self._live = (predictor, shown)
        self._apply()

    def end_live(self) -> None:
        """Training ended (or was cancelled): the model in use reads the pad again."""
        if self._live is None:
            return
        self._live = None
        self._apply()
        self.settled_again.emit(self.settled is not self._settled_when_live)

    def show_snapshot(self, predictor: Predictor, shown: Shown) -> None:
        """Snapshot `shown` of the model in use reads the pad (unless training reads it)."""
        self._shown[predictor] = shown
        self._snapshot = (predictor, shown)
        self._apply()

    def clear_snapshot(self) -> None:
        """The model in use itself reads the pad again (the slider's end)."""
        if self._snapshot is not None:
            self._snapshot = None
            self._apply()

    def _apply(self) -> None:
        chosen = self._live or self._snapshot
        predictor = chosen[0] if chosen is not None else self.settled
        if predictor is not None and predictor is not self.service.predictor:
            self.service.set_predictor(predictor)
        self.changed.emit()
