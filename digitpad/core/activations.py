"""What each layer of the network makes of a drawing, from one forward pass.

A second Keras model shares the loaded model's layers and outputs every
convolution, pooling and dense layer at once (the last of them is the
softmax), traced once with a fixed input signature like the predictor. So the
inside view costs one pass, not one per layer, and its prediction is the
same as the plain one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.preprocess import SIZE

if TYPE_CHECKING:
    import keras

SHOWN_LAYERS = ("Conv2D", "MaxPooling2D", "Dense")


@dataclass(frozen=True)
class LayerActivation:
    """One layer's output for one image: (H, W, C) feature maps or (units,) neurons."""

    name: str
    kind: str  # the Keras layer class, e.g. "Conv2D"
    values: np.ndarray

    @property
    def is_map(self) -> bool:
        return self.values.ndim == 3


def _shown(layer: object) -> bool:
    """A layer the inside view can draw: a shown kind with maps (H, W, C) or neurons (N,)."""
    if type(layer).__name__ not in SHOWN_LAYERS:
        return False
    try:
        return len(layer.output.shape) in (2, 4)  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # a layer used more than once has no single output
        return False


class ActivationProbe:
    """The multi-output model for one loaded model; build once, call per drawing.

    Its last output is always the model's own output, so the probabilities are
    right also for a model that ends in a Softmax layer after its last Dense, or
    shows no layer at all.
    """

    def __init__(self, model: keras.Model) -> None:
        import keras
        import tensorflow as tf

        chosen = [layer for layer in model.layers if _shown(layer)]
        self.names = [layer.name for layer in chosen]
        self.kinds = [type(layer).__name__ for layer in chosen]
        outputs = [layer.output for layer in chosen] + [model.outputs[0]]
        probe = keras.Model(inputs=model.inputs[0], outputs=outputs)
        spec = tf.TensorSpec((1, SIZE, SIZE, 1), tf.float32)
        self._run = tf.function(lambda x: probe(x, training=False)).get_concrete_function(spec)
        self._run(tf.zeros((1, SIZE, SIZE, 1)))  # warm up

    def run(self, framed: np.ndarray) -> tuple[np.ndarray, tuple[LayerActivation, ...]]:
        """(the model's probabilities (10,), every shown layer's activations) for one image."""
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(1, SIZE, SIZE, 1)
        outputs = self._run(x)
        if not isinstance(outputs, (list, tuple)):
            outputs = [outputs]
        *shown, probabilities = outputs
        layers = tuple(
            LayerActivation(name, kind, out.numpy()[0])
            for name, kind, out in zip(self.names, self.kinds, shown, strict=True)
        )
        return probabilities.numpy()[0], layers

    def __call__(self, framed: np.ndarray) -> tuple[LayerActivation, ...]:
        return self.run(framed)[1]


@dataclass(frozen=True)
class ConvArithmetic:
    """How one pixel of the first convolution's feature map is computed (the course's
    worked example): the 3×3 input patch times the kernel, summed, plus the bias, ReLU."""

    patch: np.ndarray  # (3, 3) input pixels under the kernel
    kernel: np.ndarray  # (3, 3) weights
    products: np.ndarray  # patch * kernel
    bias: float
    total: float  # products.sum() + bias, before the activation
    value: float  # max(total, 0): the feature map's pixel


def first_conv_arithmetic(
    framed: np.ndarray, kernels: np.ndarray, biases: np.ndarray, channel: int, row: int, col: int
) -> ConvArithmetic:
    """The arithmetic behind feature map `channel` at (`row`, `col`) for a "valid" 3×3 conv.

    `kernels`: (3, 3, 1, C) as Keras stores Conv2D weights; `biases`: (C,).
    """
    patch = np.asarray(framed, dtype=np.float32)[row : row + 3, col : col + 3]
    kernel = kernels[:, :, 0, channel]
    products = patch * kernel
    bias = float(biases[channel])
    total = float(products.sum(dtype=np.float64)) + bias
    return ConvArithmetic(patch, kernel, products, bias, total, max(total, 0.0))
