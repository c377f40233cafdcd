"""The drawing moved every way at once: its probabilities for every shift, scale and rotation.

`shift_map(runtime, framed, reach)` reads the framed drawing moved by every (dx, dy) in
−reach…reach (169 moves for the window's 6) in one batch. For a network that starts with
layers whose output moves with their input (the course's two stride-1 'valid' convolutions,
their ReLU, dropout: `LayerInfo.moves_with_input`), those layers are computed once on the
drawing laid on a canvas `reach` pixels larger on every side, and each move's maps are cut
out of it: exactly what the moved drawing would give them, since moving the input moves
their output and changes nothing else. Only the layers after them (pooling, flatten, dense)
run once per move. That is the course's claim made into arithmetic, and what keeps the map
within 100 ms (`benchmarks/experiments.py`). Any other network reads the 169 moved images.

`transform_rows` does the same for scale (0.6–1.4) and rotation (±30°), a row each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import CLASSES, SIDE
from digitpad.core.experiments.moves import offsets, rotated, scaled, shifted
from digitpad.core.inference.keras_runtime import KerasRuntime
from digitpad.core.inference.network import Network

Runtime = Network | KerasRuntime
REACH = 6  # the window's map: −6…+6 both ways, 13×13
MOST_REACH = 14  # half the side: beyond it every move is blank paper
SCALES = tuple(round(0.6 + 0.1 * i, 1) for i in range(9))  # 0.6 … 1.4
ANGLES = tuple(float(a) for a in range(-30, 31, 5))  # −30° … +30°


@dataclass(frozen=True)
class ShiftMap:
    """The ten probabilities of the drawing moved by every (dx, dy) in −reach…reach."""

    reach: int
    digit: int  # the digit read where it was drawn (dx = dy = 0)
    probabilities: np.ndarray  # (2·reach + 1, 2·reach + 1, 10): [dy + reach, dx + reach]

    @property
    def side(self) -> int:
        return 2 * self.reach + 1

    def at(self, dx: int, dy: int) -> np.ndarray:
        """The ten probabilities of the drawing moved by (dx, dy)."""
        return self.probabilities[dy + self.reach, dx + self.reach]

    def of_digit(self) -> np.ndarray:
        """(side, side): the probability of the digit read unmoved, for every move."""
        return self.probabilities[:, :, self.digit]

    def digits(self) -> np.ndarray:
        """(side, side): the digit read after each move."""
        return np.argmax(self.probabilities, axis=-1)

    def held(self) -> int:
        """How many of the moves still read the same digit."""
        return int(np.count_nonzero(self.digits() == self.digit))

    def held_within(self) -> int:
        """The largest k such that every move of at most k pixels each way reads the same digit
        (0: some one-pixel move breaks it)."""
        same = self.digits() == self.digit
        r = self.reach
        for k in range(1, r + 1):
            if not same[r - k : r + k + 1, r - k : r + k + 1].all():
                return k - 1
        return r

    def records(self) -> list[dict[str, object]]:
        """`digitpad shift --json`'s objects: {"dx", "dy", "digit", "probabilities"}."""
        out = []
        for dx, dy in offsets(self.reach):
            p = self.at(dx, dy)
            out.append(
                {
                    "dx": dx,
                    "dy": dy,
                    "digit": int(np.argmax(p)),
                    "probabilities": [round(float(v), 6) for v in p],
                }
            )
        return out


@dataclass(frozen=True)
class TransformRow:
    """The drawing scaled (factors) or rotated (degrees): its ten probabilities for each."""

    values: tuple[float, ...]  # the factors, or the angles in degrees
    digit: int  # the digit read unchanged
    probabilities: np.ndarray  # (len(values), 10)

    def of_digit(self) -> np.ndarray:
        return self.probabilities[:, self.digit]

    def digits(self) -> np.ndarray:
        return np.argmax(self.probabilities, axis=-1)

    def held_range(self, neutral: float) -> tuple[float, float]:
        """The widest run of values around `neutral` (1 for scale, 0° for rotation) that
        still read the same digit: (lowest, highest)."""
        same = self.digits() == self.digit
        middle = int(np.argmin(np.abs(np.asarray(self.values) - neutral)))
        lo = hi = middle
        while lo > 0 and same[lo - 1]:
            lo -= 1
        while hi < len(self.values) - 1 and same[hi + 1]:
            hi += 1
        return self.values[lo], self.values[hi]


def _probabilities(runtime: Runtime, images: np.ndarray) -> np.ndarray:
    out = runtime.run(np.asarray(images, np.float32).reshape(-1, SIDE, SIDE))
    assert out is not None  # only a stop request ends it early
    return out[1]


def _moving_prefix(network: Network) -> int:
    """How many layers from the input move with it (and so may run on a larger canvas)."""
    count = 0
    for info in network.layers:
        if not info.moves_with_input():
            break
        count += 1
    return count


def _read(network: Network, framed: np.ndarray) -> int:
    return int(np.argmax(network.one(framed)[1]))


def shift_map(runtime: Runtime, framed: np.ndarray, reach: int = REACH) -> ShiftMap:
    """The drawing's probabilities for every move of up to `reach` pixels each way (one batch;
    see the module's docstring)."""
    if not 1 <= reach <= MOST_REACH:
        raise ValueError(f"reach {reach} is outside 1…{MOST_REACH}")
    framed = np.asarray(framed, np.float32).reshape(SIDE, SIDE)
    moves = offsets(reach)
    prefix = _moving_prefix(runtime) if isinstance(runtime, Network) else 0
    if isinstance(runtime, Network) and prefix > 0 and prefix < len(runtime.stages):
        probabilities = _on_a_canvas(runtime, framed, reach, prefix)
    else:
        probabilities = _probabilities(runtime, np.stack([shifted(framed, *m) for m in moves]))
    side = 2 * reach + 1
    grid = probabilities.reshape(side, side, CLASSES)
    return ShiftMap(reach, int(np.argmax(grid[reach, reach])), grid)


def _on_a_canvas(network: Network, framed: np.ndarray, reach: int, prefix: int) -> np.ndarray:
    """(moves, 10): the first `prefix` layers once on a canvas `reach` pixels larger each
    side, every move's maps cut out of their output, the rest of the layers per move."""
    canvas = np.zeros((1, SIDE + 2 * reach, SIDE + 2 * reach, 1), np.float32)
    canvas[0, reach : reach + SIDE, reach : reach + SIDE, 0] = framed
    x = canvas
    for stage in network.stages[:prefix]:
        x = stage.op.forward(x)
    wide = x[0]
    h, w = network.layers[prefix - 1].output_shape[:2]
    moves = offsets(reach)
    rest = network.stages[prefix:]
    out = []
    for start in range(0, len(moves), network.chunk):
        # Moving the drawing by (dx, dy) moves these maps by (dx, dy): their window is the
        # canvas' one `reach − dy` rows and `reach − dx` columns in.
        batch = np.stack(
            [
                wide[reach - dy : reach - dy + h, reach - dx : reach - dx + w]
                for dx, dy in moves[start : start + network.chunk]
            ]
        )
        for stage in rest:
            batch = stage.op.forward(batch)
        out.append(batch)
    return np.concatenate(out)


def transform_rows(runtime: Runtime, framed: np.ndarray) -> tuple[TransformRow, TransformRow]:
    """The drawing scaled by 0.6…1.4 and rotated by −30°…+30° about (14, 14): one batch."""
    framed = np.asarray(framed, np.float32).reshape(SIDE, SIDE)
    images = np.concatenate([scaled(framed, SCALES), rotated(framed, ANGLES)])
    probabilities = _probabilities(runtime, images)
    neutral = probabilities[SCALES.index(1.0)]
    digit = int(np.argmax(neutral))
    return (
        TransformRow(SCALES, digit, probabilities[: len(SCALES)]),
        TransformRow(ANGLES, digit, probabilities[len(SCALES) :]),
    )
