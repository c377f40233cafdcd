"""The batch NumPy pass's contract, and the ops several kinds share.

Every kind the NumPy network runs (`core.inference.network`) makes one
`BatchOp` per layer from the layer's config and weights (its entry's `batch`
hook): `forward` maps a batch of inputs to the layer's outputs (every layer's
output is what the inside view and the walk-through show), and `backward` takes
the gradient of some number with respect to the outputs back to the inputs, by
the chain rule (which pixels decided it: gradient × input). Each kind's op
lives in its own module beside its live step (`kinds/conv_fast.py`, …).

Shapes carry the batch axis first: (N, H, W, C) maps or (N, units) rows, in
float32 as Keras computes them.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from digitpad.core.layers.fast_steps import Changed, activate
from digitpad.core.layers.functions import Activation


class BatchOp(Protocol):
    """One layer of the batch pass, forwards and backwards."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The layer's outputs (N, …) for inputs `x` (N, …), as Keras computes them."""
        ...

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        """∂L/∂x, given the inputs `x`, their outputs `y = forward(x)` and ∂L/∂y.

        `x` and `y` may hold one image and `dy` several gradients for it (K, …), one per
        number asked about (the predicted digit's logit, the runner-up's): the result
        is then (K, …), from that one forward pass.
        """
        ...


class Elementwise:
    """An activation function applied to every value (softmax: along the last axis), as a
    layer of its own: Activation, ReLU, Softmax. Also its live step (position by position)."""

    def __init__(self, activation: Activation) -> None:
        self.activation = activation

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.activation.apply(x)

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return self.activation.backward(lambda: x, y, dy)

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.activation.apply(blank_in)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        return activate(self.activation, x.copy()), changed


class Passthrough:
    """A layer that passes its input on when predicting (dropout, noise, an input layer):
    forwards, backwards and live."""

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return dy

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return blank_in

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        return x, changed


PASSTHROUGH = Passthrough()


def passthrough(*_layer: object) -> Passthrough:
    """The `batch` and `fast` hook of a layer that passes its input on when predicting."""
    return PASSTHROUGH
