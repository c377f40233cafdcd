"""What each layer of the network makes of a drawing, from one forward pass.

A second Keras model shares the loaded model's layers and outputs every
layer at once (the last of them is the softmax), traced once with a fixed
input signature like the predictor. So the inside view and the lesson cost
one pass, not one per layer, and their prediction is the same as the plain one.
Which layers a view shows is the layer registry's business (`core.layers.registry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.kinds.conv import CONV2D
from digitpad.core.layers.registry import kind_of, model_layers


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


def conv_weights(layer: Any, plain: bool = True) -> ConvWeights:
    """The kernels and biases of a Conv2D layer (a layer without bias gets zeros)."""
    weights = layer.get_weights()
    kernels = np.asarray(weights[0], dtype=np.float32)
    if len(weights) > 1:
        biases = np.asarray(weights[1], dtype=np.float32)
    else:
        biases = np.zeros(kernels.shape[-1], dtype=np.float32)
    return ConvWeights(kernels, biases, plain)


def _is_plain(layer: Any, first: bool) -> bool:
    """Whether the arithmetic of one output pixel is patch × kernel + bias, then ReLU."""
    config = layer.get_config()
    return (
        first
        and tuple(config.get("strides", (1, 1))) == (1, 1)
        and tuple(config.get("dilation_rate", (1, 1))) == (1, 1)
        and config.get("padding") == "valid"
        and config.get("activation") == "relu"
        and config.get("data_format", "channels_last") == "channels_last"
    )


def first_conv(model: Any) -> ConvWeights | None:
    """The first convolution's weights, or None for a network without one."""
    for index, layer in enumerate(model.layers):
        if kind_of(layer) is CONV2D:
            return conv_weights(layer, _is_plain(layer, first=index == 0))
    return None


def _single_input(layer: Any) -> Any:
    """The one tensor a layer takes, or None (an input layer, or one joining several)."""
    try:
        tensor = layer.input
    except (AttributeError, ValueError):
        return None
    return None if isinstance(tensor, (list, tuple, dict)) else tensor


class ActivationProbe:
    """The multi-output model for one loaded model; build once, call per drawing.

    It returns every layer's output and, for the walk-through's arithmetic, the
    input each layer was given (the same tensors, so no extra work).
    """

    def __init__(self, model: Any) -> None:
        import keras
        import tensorflow as tf

        self.layers = model_layers(model)
        outputs = [layer.output for layer in model.layers]
        inputs = [_single_input(layer) for layer in model.layers]
        self._has_input = [tensor is not None for tensor in inputs]
        probe = keras.Model(
            inputs=model.inputs[0], outputs=outputs + [t for t in inputs if t is not None]
        )
        spec = tf.TensorSpec((1, *INPUT_SHAPE), tf.float32)
        self._run = tf.function(lambda x: probe(x, training=False)).get_concrete_function(spec)
        self._run(tf.zeros((1, *INPUT_SHAPE)))  # warm up

    def __call__(self, framed: np.ndarray) -> tuple[LayerActivation, ...]:
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(1, *INPUT_SHAPE)
        results = self._run(x)
        if not isinstance(results, (list, tuple)):
            results = [results]
        arrays = [out.numpy()[0] for out in results]
        outputs, given = arrays[: len(self.layers)], iter(arrays[len(self.layers) :])
        return tuple(
            LayerActivation(info, out, next(given) if has_input else None)
            for info, out, has_input in zip(self.layers, outputs, self._has_input, strict=True)
        )
