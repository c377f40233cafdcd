"""The network's forward pass for one drawing, as fast as NumPy allows: the live path.

Calling into TensorFlow costs about 0.3 ms per call here before any
arithmetic is done; the course's CNN itself needs about 12 million
multiply-adds. For a live pad that predicts on every stroke, the same
arithmetic in NumPy (convolutions as matrix products, from the model's own
weights) is the faster road. Each layer's step is its kind's (the registry
entry's `fast` hook, in `core/layers/kinds/`); a layer whose kind has no live
step runs its batch op (`BatchStep`) on the one drawing. `build` checks the
result against the network's own batch pass (`network.Network`, the pass
the inside view and the walk-through show) on test images and refuses to be
used if they differ by more than float rounding.

Its matrix products are small (the largest is 576×288 by 288×64): BLAS's
worker threads only cost here, and on a busy machine they wait for each
other for milliseconds. So building a pass limits NumPy's BLAS to one
thread for the process (TensorFlow, which trains, has its own threads).

A blank pad's activations are computed once: the framed drawing is mostly
zeros, and a layer's output is the blank pad's wherever its window sees
nothing that differs from the blank pad. So each layer computes only the
positions whose window holds a changed input (a mask passed from layer to
layer), and a Dense layer starts from its blank output and adds only the
share of the inputs that differ, W·x = W·blank + W·(x − blank): of the
9216×128 matrix only the rows of those inputs are read.

The digit judgement's vector (`judgement_features`) is read off the same
pass: the activations feeding the output layer, and each summarized layer's
map means (one small product) and maxima, taken as the pass goes by.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.inference.judgement_features import (
    ACTIVATIONS,
    MEANS,
    Layout,
    MapMeans,
    map_maxima,
)
from digitpad.core.inference.network import Network, Stage
from digitpad.core.layers.batch_ops import BatchOp
from digitpad.core.layers.fast_steps import Changed, FastStep

TOLERANCE = 1e-5  # largest difference from the batch pass's outputs that is float rounding


class BatchStep:
    """A layer without a live step of its own: its batch op on the one drawing (whatever
    changed, every position is computed)."""

    def __init__(self, op: BatchOp) -> None:
        self.op = op

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.op.forward(blank_in[None])[0]

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        return self.op.forward(x[None])[0], None


def _step(stage: Stage) -> FastStep:
    """The layer's live step, as its kind makes it (its batch op where it has none)."""
    fast = stage.info.kind.fast
    step = None if fast is None else fast(stage.info, stage.weights)
    return BatchStep(stage.op) if step is None else step


Read = Callable[[np.ndarray], np.ndarray]  # one block of the judgement's vector from an output


def _flat(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1)


class FastForward:
    """The judgement's vector (D,) (None: no output layer it reads) and probabilities (10,)
    for one framed drawing, in NumPy."""

    def __init__(self, steps: list[FastStep], layout: Layout | None) -> None:
        self.steps = steps
        self.layout = layout
        blank = np.zeros(INPUT_SHAPE, np.float32)
        shapes = [blank.shape]
        for step in steps:  # each layer's output for a blank pad, computed once
            blank = step.prepare(blank)
            shapes.append(blank.shape)
        # What to read after each step (index 0: the input itself): (block, how) pairs.
        self.reads: list[tuple[tuple[int, Read], ...]] = [() for _shape in shapes]
        blocks = () if layout is None else layout.blocks
        for k, block in enumerate(blocks):
            at = block.layer + 1
            read: Read = _flat
            if block.statistic == MEANS:
                read = MapMeans(shapes[at])
            elif block.statistic != ACTIVATIONS:
                read = map_maxima
            self.reads[at] = (*self.reads[at], (k, read))
        self.blocks = len(blocks)

    @classmethod
    def build(cls, network: Network) -> FastForward | None:
        """The live pass for `network`, or None if its outputs differ from the batch pass's
        beyond float rounding."""
        _one_blas_thread()
        fast = cls([_step(stage) for stage in network.stages], network.layout)
        return fast if fast.agrees_with(network) else None

    def __call__(self, framed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(INPUT_SHAPE)
        changed: Changed = x[:, :, 0] != 0  # the blank pad is all zeros
        parts: list[np.ndarray] = [x] * self.blocks
        reads = self.reads
        for k, read in reads[0]:
            parts[k] = read(x)
        for i, step in enumerate(self.steps, start=1):
            x, changed = step(x, changed)
            for k, read in reads[i]:
                parts[k] = read(x)
        features = np.concatenate(parts) if self.blocks else None
        return features, x.reshape(-1)

    def agrees_with(self, network: Network) -> bool:
        """True when this pass gives the batch pass's judgement vectors and probabilities on
        test images (a blank pad, ink everywhere, a narrow digit, ink in a corner)."""
        rng = np.random.default_rng(0)
        images = np.zeros((4, SIDE, SIDE), np.float32)
        images[1] = rng.random((SIDE, SIDE))  # ink everywhere
        images[2, 6:22, 10:17] = rng.random((16, 7))  # a narrow digit
        images[3, 0:3, 25:28] = 1.0  # ink in a corner
        found = network.run(images)
        assert found is not None
        want_f, want_p = found
        for i, image in enumerate(images):
            f, p = self(image)
            if (f is None) != (want_f is None) or p.shape != want_p[i].shape:
                return False
            if f is not None and want_f is not None:
                scale = max(1.0, float(np.abs(want_f[i]).max()))
                if f.shape != want_f[i].shape or np.abs(f - want_f[i]).max() > TOLERANCE * scale:
                    return False
            if np.abs(p - want_p[i]).max() > TOLERANCE:
                return False
        return True


@cache
def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # kept for the whole process
