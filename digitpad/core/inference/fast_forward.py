"""The model's forward pass for one drawing, in NumPy, from the model's own weights.

Calling into TensorFlow costs about 0.3 ms per call here before any
arithmetic is done; the course's CNN itself needs about 12 million
multiply-adds. For a live pad that predicts on every stroke, the same
arithmetic in NumPy (convolutions as matrix products, the weights read once
from the loaded model) is the faster road. Each layer's step is its kind's
(the registry entry's `fast` hook, in `core/layers/kinds/`); for a model with
a layer no kind covers `build` returns None and the predictor keeps its traced
TensorFlow pass. `build` also checks its result against Keras on test
images and refuses to be used if they differ by more than float tolerance.

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
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.inference.features import layer_chain, output_dense
from digitpad.core.layers.fast_steps import Changed, FastStep
from digitpad.core.layers.registry import kind_of

if TYPE_CHECKING:
    import keras

TOLERANCE = 1e-5  # largest difference from Keras' own outputs that is float rounding


def _step(layer: Any) -> FastStep | None:
    """The layer's live step, as its kind makes it (None: the kind has none for it)."""
    fast = kind_of(layer).fast
    return None if fast is None else fast(layer)


class FastForward:
    """features (D,) and probabilities (10,) for one framed drawing, in NumPy."""

    def __init__(self, steps: list[FastStep], feature_index: int) -> None:
        self.steps = steps
        self.feature_index = feature_index  # activations after this many steps feed the output
        blank = np.zeros(INPUT_SHAPE, np.float32)
        for step in steps:  # each layer's output for a blank pad, computed once
            blank = step.prepare(blank)

    @classmethod
    def build(cls, model: keras.Model) -> FastForward | None:
        """The NumPy pass for `model`, or None if it has a layer this does not cover
        or its outputs differ from Keras' beyond float rounding."""
        found, chain = output_dense(model), layer_chain(model)
        if found is None or chain is None:
            return None
        _one_blas_thread()
        steps: list[FastStep] = []
        feature_index = None
        for layer in chain:
            if layer is found[0]:
                feature_index = len(steps)
            step = _step(layer)
            if step is None:
                return None
            steps.append(step)
        if feature_index is None:
            return None
        fast = cls(steps, feature_index)
        return fast if fast.agrees_with(model) else None

    def __call__(self, framed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(INPUT_SHAPE)
        changed: Changed = x[:, :, 0] != 0  # the blank pad is all zeros
        features = x
        for i, step in enumerate(self.steps):
            if i == self.feature_index:
                features = x
            x, changed = step(x, changed)
        return features.reshape(-1), x.reshape(-1)

    def agrees_with(self, model: keras.Model) -> bool:
        """True when this pass gives Keras' features and probabilities on test images."""
        import keras

        found = output_dense(model)
        assert found is not None
        net = keras.Model(model.inputs[0], [found[1], model.outputs[0]])
        rng = np.random.default_rng(0)
        images = np.zeros((4, SIDE, SIDE), np.float32)
        images[1] = rng.random((SIDE, SIDE))  # ink everywhere
        images[2, 6:22, 10:17] = rng.random((16, 7))  # a narrow digit
        images[3, 0:3, 25:28] = 1.0  # ink in a corner
        want_f, want_p = (np.asarray(v) for v in net(images[..., None], training=False))
        for i, image in enumerate(images):
            f, p = self(image)
            scale = max(1.0, float(np.abs(want_f[i]).max()))
            if f.shape != want_f[i].shape or p.shape != want_p[i].shape:
                return False
            if np.abs(f - want_f[i]).max() > TOLERANCE * scale:
                return False
            if np.abs(p - want_p[i]).max() > TOLERANCE:
                return False
        return True


@cache
def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # kept for the whole process
