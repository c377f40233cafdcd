"""What each layer of the network makes of a drawing, and the first convolution's weights.

One forward pass gives every layer's output at once (`network.Network.inspect`,
or Keras' for a model the NumPy pass does not cover: `keras_runtime`), the
last of them the softmax: the inside view and the lesson cost one pass, and
their prediction is the plain one. Which layers a view shows is the layer
registry's business (`core.layers.registry`). Plain dataclasses over NumPy
arrays: importing this needs no TensorFlow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from digitpad.core.layers.kind import INPUT, LayerInfo
from digitpad.core.layers.kinds.conv import CONV2D


@dataclass(frozen=True)
class LayerActivation:
    """One layer's output for one image: (H, W, C) feature maps or (units,) neurons."""

    info: LayerInfo
    values: np.ndarray
    inputs: np.ndarray | None = None  # what it was given (None: several inputs, or none)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def is_map(self) -> bool:
        return self.values.ndim == 3


@dataclass(frozen=True)
class ConvWeights:
    """A convolution's learned weights as Keras stores them."""

    kernels: np.ndarray  # (kh, kw, input channels, filters)
    biases: np.ndarray  # (filters,); zeros for a layer built without bias
    # Patch × kernel + bias, then ReLU, is the layer's own arithmetic: it reads the input image
    # directly, with stride 1, 'valid' padding, no dilation and ReLU (as the course's does).
    # Only then does the inside view spell out one pixel's sum (`layers.arithmetic.conv_pixel`).
    plain: bool = True


def _is_plain(info: LayerInfo, first: bool) -> bool:
    """Whether the arithmetic of one output pixel is patch × kernel + bias, then ReLU."""
    config = info.config
    return (
        first
        and tuple(config.get("strides", (1, 1))) == (1, 1)
        and tuple(config.get("dilation_rate", (1, 1))) == (1, 1)
        and config.get("padding") == "valid"
        and config.get("activation") == "relu"
        and config.get("data_format", "channels_last") == "channels_last"
    )


def first_conv(
    layers: tuple[LayerInfo, ...], weights: Mapping[str, tuple[np.ndarray, ...]]
) -> ConvWeights | None:
    """The first convolution's kernels and biases (zeros for a layer without bias), or None
    for a network without one. `plain`: it reads the drawing itself (only input layers
    before it) and its pixel is patch × kernel + bias, then ReLU."""
    for index, info in enumerate(layers):
        if info.kind is not CONV2D:
            continue
        own = weights.get(info.name, ())
        if not own:
            return None
        kernels = np.asarray(own[0], dtype=np.float32)
        if len(own) > 1:
            biases = np.asarray(own[1], dtype=np.float32)
        else:
            biases = np.zeros(kernels.shape[-1], dtype=np.float32)
        reads_the_drawing = all(other.kind.step == INPUT for other in layers[:index])
        return ConvWeights(kernels, biases, _is_plain(info, reads_the_drawing))
    return None
