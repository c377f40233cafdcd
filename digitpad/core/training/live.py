"""The training weights handed to the window while it trains: one slot, the newest wins.

Training runs `model.fit` on its own thread; the window reads the drawing on the pad with
the network as it is at that moment. Keras must not be asked for a prediction while `fit`
runs on the same model, and the training thread must never wait for the window: so at a
batch end, when a copy is due (at most every `INTERVAL_S`), the training side copies the
weights (`layer.get_weights()`: a few MB, about 3 ms for the course's network) and `put`s
them in the slot, replacing whatever the window has not taken yet. The window's reader
`take`s the newest copy whenever it is free and builds a NumPy network from it
(`inference.network`), with no Keras. `put` only swaps a reference under a lock no one
holds for longer than that, so training never blocks on the window.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from digitpad.core.layers.kind import LayerInfo
from digitpad.core.models.snapshots import Moment

INTERVAL_S = 0.12  # the training side copies at most this often (the window reads ≥ 4 Hz)


@dataclass(frozen=True, eq=False)
class LiveWeights:
    """The network after `moment.step` batches: its layers and each layer's arrays by name,
    copies owned by whoever took them; `steps` batches in the whole run; `from_model`: it
    started from a model (continued or fine-tuned), not from random weights."""

    moment: Moment
    steps: int
    layers: tuple[LayerInfo, ...]
    weights: dict[str, tuple[np.ndarray, ...]]
    from_model: bool = False


class Mailbox:
    """One slot between the training thread (`due`, `put`) and one reader (`take`)."""

    def __init__(self, interval: float | None = None) -> None:
        self.interval = INTERVAL_S if interval is None else interval
        self._cond = threading.Condition()
        self._item: LiveWeights | None = None
        self._closed = False
        self._last_put = -float("inf")
        self.puts = 0  # copies handed over in all (benchmarks count them)

    def due(self) -> bool:
        """Whether the training side should copy the weights now (never waits)."""
        return not self._closed and time.monotonic() - self._last_put >= self.interval

    def put(self, item: LiveWeights) -> None:
        """Hand over a copy; an earlier one not yet taken is dropped (newest wins)."""
        with self._cond:
            if self._closed:
                return
            self._item = item
            self._last_put = time.monotonic()
            self.puts += 1
            self._cond.notify_all()

    def take(self, timeout: float | None = None) -> LiveWeights | None:
        """The newest copy not yet taken, waiting up to `timeout` seconds for one; None when
        none came or the mailbox is closed."""
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout)
            item, self._item = self._item, None
            return None if self._closed else item

    def close(self) -> None:
        """No more copies: training ended, or the window stopped reading."""
        with self._cond:
            self._closed = True
            self._item = None
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        return self._closed
