"""Keras' own passes for a model the NumPy pass does not cover (a layer kind it lacks).

Such a model is loaded by Keras with safe_mode (`store.load_model`), which
imports TensorFlow then and only then, and read through traced functions
with fixed input signatures: the features and probabilities
(`features.FeaturePasses`), every layer's output for the inside view and the
walk-through (`ActivationProbe`: one model outputting every layer and the
input each was given) and which pixels decided it (`SaliencyProbe`: one
GradientTape pass for the predicted digit and the runner-up). It offers the
same calls as `network.Network`, so the predictor uses either alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.inference.activations import LayerActivation
from digitpad.core.inference.features import FeaturePasses
from digitpad.core.inference.judgement_features import MAX_FEATURES, Layout, activations_only
from digitpad.core.inference.saliency import Saliency
from digitpad.core.layers.kinds.dense import OUTPUT
from digitpad.core.layers.registry import layer_info, model_layers


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


class SaliencyProbe:
    """The traced gradient pass for one loaded model; build once, call per drawing."""

    def __init__(self, model: Any) -> None:
        import keras
        import tensorflow as tf

        last = model.layers[-1]
        info = layer_info(last)
        kernel = getattr(last, "kernel", None)
        self.from_logits = info.step == OUTPUT and kernel is not None and len(info.input_shape) == 1
        if self.from_logits:
            body = keras.Model(model.inputs[0], last.input)
            bias = last.bias if getattr(last, "use_bias", False) else None

            def logits(x: Any) -> Any:
                z = tf.matmul(body(x, training=False), kernel)
                return z if bias is None else z + bias
        else:  # log p_j = z_j − log Σ_k e^{z_k}: the same differences between digits

            def logits(x: Any) -> Any:
                return tf.math.log(model(x, training=False) + 1e-30)

        def run(x: Any, digits: Any) -> tuple[Any, Any]:
            pair = tf.concat([x, x], axis=0)
            with tf.GradientTape() as tape:
                tape.watch(pair)
                z = logits(pair)
                picked = tf.gather(z, digits, axis=1, batch_dims=0)  # (2, 2)
                target = picked[0, 0] + picked[1, 1]
            return z[0], tape.gradient(target, pair)[:, :, :, 0]

        specs = (tf.TensorSpec((1, *INPUT_SHAPE), tf.float32), tf.TensorSpec((2,), tf.int32))
        self._run = tf.function(run).get_concrete_function(*specs)
        self._run(tf.zeros((1, *INPUT_SHAPE)), tf.constant([0, 1], tf.int32))  # warm up

    def __call__(self, framed: np.ndarray, digits: tuple[int, int]) -> Saliency:
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(1, *INPUT_SHAPE)
        z, gradients = self._run(x, np.asarray(digits, dtype=np.int32))
        return Saliency(
            digits,
            z.numpy().astype(np.float64),
            gradients.numpy().astype(np.float64),
            np.asarray(framed, dtype=np.float32).reshape(SIDE, SIDE),
            self.from_logits,
        )


class KerasRuntime:
    """A loaded Keras model read through Keras' own passes (see the module's docstring)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.layers = model_layers(model)
        self.weights = {
            layer.name: tuple(np.asarray(w) for w in layer.get_weights()) for layer in model.layers
        }
        self.passes = FeaturePasses(model)
        self.feature_size = self.passes.feature_size
        # Keras' pass gives the judgement the activations feeding the output layer only.
        size = self.feature_size
        self.layout: Layout | None = (
            None if size is None or size > MAX_FEATURES else activations_only(size)
        )
        self._lock = threading.Lock()  # guards the probes, built on first use
        self._probe: ActivationProbe | None = None
        self._saliency: SaliencyProbe | None = None

    def one(self, framed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        return self.passes.one(framed)

    def run(
        self,
        framed: np.ndarray,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> tuple[np.ndarray | None, np.ndarray] | None:
        return self.passes.many(framed, progress, should_stop)

    def inspect(self, framed: np.ndarray) -> tuple[tuple[LayerActivation, ...], np.ndarray | None]:
        with self._lock:
            if self._probe is None:
                self._probe = ActivationProbe(self.model)
            probe = self._probe
        features, _probabilities = self.passes.one(framed)
        return probe(framed), features

    def saliency(
        self,
        framed: np.ndarray,
        digits: tuple[int, int],
        layers: tuple[LayerActivation, ...] | None = None,
    ) -> Saliency:
        """TensorFlow's gradients (its traced pass is its own: `layers` are not reused)."""
        with self._lock:
            if self._saliency is None:
                self._saliency = SaliencyProbe(self.model)
            probe = self._saliency
        return probe(framed, digits)
