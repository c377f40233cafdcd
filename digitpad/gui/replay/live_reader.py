"""The window's side of the live reading: training's newest weights made into a network, off
the GUI thread, a few times a second.

Training puts a copy of its weights in a one-slot mailbox at batch ends
(`core.training.live`); this reader's thread takes the newest whenever it is free and
builds a NumPy network from it by the model file's own code (`inference.network`), with no
Keras and without the live pass's 13 ms check (each network reads only a few drawings).
The GUI thread gets a `LiveNetwork` through a queued signal and hands it on: to the pad
(`PadReading.show_live`, which re-reads the drawing), and to the Train dialog's kernels and
line. A reader stopped (training ended) drops what is still on its way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot

from digitpad.gui.replay.moments import Shown
from digitpad.gui.runtime import start_thread

if TYPE_CHECKING:
    from digitpad.core.inference.network import Network
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.training.live import LiveWeights, Mailbox

log = logging.getLogger(__name__)

WAIT_S = 0.5  # the reader's thread looks at whether it was stopped at least this often


@dataclass(frozen=True, eq=False)
class LiveNetwork:
    """The network being trained, at `shown`: its predictor, its first convolution's kernels
    (kh, kw, filters) for one input channel (None: no such layer), the run's `steps`."""

    predictor: Predictor
    shown: Shown
    kernels: np.ndarray | None
    steps: int


def build(item: LiveWeights) -> LiveNetwork:
    """A copy of training's weights as a network that reads drawings (no live pass)."""
    from digitpad.core.inference.network import Network
    from digitpad.core.inference.predictor import Predictor

    network = Network.build(item.layers, item.weights)
    if network is None:
        raise ValueError("training's network is not one the NumPy pass covers")
    shown = Shown(item.moment, live=True, from_model=item.from_model)
    return LiveNetwork(Predictor(network, fast=False), shown, kernels_of(network), item.steps)


def kernels_of(network: Network) -> np.ndarray | None:
    """The first convolution's kernels (kh, kw, filters) when it reads the one-channel
    drawing, else None."""
    from digitpad.core.inference.activations import first_conv

    conv = first_conv(network.layers, network.weights)
    if conv is None or conv.kernels.shape[2] != 1:
        return None
    return conv.kernels[:, :, 0, :]


class LiveReader(QObject):
    """Reads one training's mailbox on a thread of its own; `ready` on the GUI thread."""

    ready = Signal(object)  # LiveNetwork
    _built = Signal(object)  # (generation, LiveNetwork), from the thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._mailbox: Mailbox | None = None
        self.built = 0  # networks built so far (benchmarks count them)
        self._built.connect(self._deliver)

    def start(self, mailbox: Mailbox) -> None:
        """Read `mailbox` until `stop` (or it is closed)."""
        self.stop()
        self._generation += 1
        self._mailbox = mailbox
        generation = self._generation
        start_thread(lambda: self._loop(mailbox, generation), "live reading")

    def stop(self) -> None:
        """Stop reading; what is on its way is dropped."""
        self._generation += 1
        if self._mailbox is not None:
            self._mailbox.close()
            self._mailbox = None

    def _loop(self, mailbox: Mailbox, generation: int) -> None:
        while not mailbox.closed:
            item = mailbox.take(WAIT_S)
            if item is None:
                continue
            try:
                built = build(item)
            except Exception:  # a network only Keras runs, or any failure: no live reading
                log.warning("The live reading stopped: training's network not built", exc_info=True)
                mailbox.close()  # so training stops copying its weights for nobody
                return
            self.built += 1
            self._built.emit((generation, built))

    @Slot(object)
    def _deliver(self, item: tuple[int, LiveNetwork]) -> None:
        generation, built = item
        if generation == self._generation:
            self.ready.emit(built)
