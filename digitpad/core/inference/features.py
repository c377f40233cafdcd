"""A Keras model's vector for the digit judgement and its softmax, from one traced pass.

The judgement reads the activations that feed the output layer (the course's
128-unit Dense; any size in other models, a dense-only network too) and,
given a `Layout` (`judgement_features`), the feature maps' means and maxima
of the layers it names. One traced `tf.function` returns them together with
the softmax, so judging a drawing costs no second pass. For Keras models
only: training fits the judgement with it (`training.judgement_fit`: the
same numbers the NumPy pass computes for the model file, to float rounding),
and a model the NumPy pass does not cover is read with it (`keras_runtime`);
a model file is otherwise read by `network.Network`. Keras and TensorFlow are
imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.digits import CLASSES, INPUT_SHAPE
from digitpad.core.inference.judgement_features import ACTIVATIONS, MEANS, Layout
from digitpad.core.layers.kinds.activations import ACTIVATION, SOFTMAX
from digitpad.core.layers.kinds.dense import DENSE
from digitpad.core.layers.registry import kind_of

if TYPE_CHECKING:
    import keras

SOFTMAX_KINDS = (SOFTMAX, ACTIVATION)  # a layer of its own that may apply the softmax
BATCH = 256  # images per call when many are passed at once


def output_dense(model: keras.Model) -> tuple[Any, Any] | None:
    """(the Dense layer computing the 10 logits, the tensor feeding it), or None.

    The Dense is either the model's last layer (with a softmax activation) or
    the layer before a final Softmax/Activation("softmax") layer. Found by
    walking back from the model's output through the graph Keras built, so
    the tensor is the one that model computes.
    """
    try:
        layer, inputs = _producer(model.outputs[0])
        if kind_of(layer) in SOFTMAX_KINDS and _activation(layer) in ("softmax", None):
            layer, inputs = _producer(inputs)
            if _activation(layer) != "linear":
                return None
        elif _activation(layer) != "softmax":
            return None
        if kind_of(layer) is not DENSE or len(inputs.shape) != 2:
            return None
        return layer, inputs
    except (AttributeError, ValueError, IndexError, TypeError):  # no history, several inputs
        return None


def _producer(tensor: Any) -> tuple[Any, Any]:
    """The layer that computed `tensor` in its model's graph, and its single input."""
    history = tensor._keras_history
    node = history.operation._inbound_nodes[history.node_index]
    (single,) = node.input_tensors
    return history.operation, single


def layer_chain(model: keras.Model) -> list[Any] | None:
    """The model's layers from input to output when each feeds only the next, else None."""
    try:
        tensor, chain = model.outputs[0], []
        start = model.inputs[0]
        while tensor is not start:
            layer, tensor = _producer(tensor)
            chain.append(layer)
            if len(chain) > 1000:
                return None
    except (AttributeError, ValueError, IndexError, TypeError):
        return None
    chain.reverse()
    return chain


def _activation(layer: Any) -> str | None:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def _chain_pass(chain: list[Any], layout: Layout) -> Callable[[Any], Any] | None:
    """The model's layers called one after another, taking `layout`'s blocks as they pass
    (as the NumPy pass does; a Keras model with the maps as extra outputs runs several times
    slower here); None when a block's layer is not in the chain."""
    import tensorflow as tf

    names = {layer.name for layer in chain}
    if any(block.name not in names for block in layout.blocks):
        return None

    def read(x: Any, statistic: int) -> Any:
        if statistic == ACTIVATIONS:
            return tf.reshape(x, (tf.shape(x)[0], -1))
        axes = list(range(1, len(x.shape) - 1))
        return tf.reduce_mean(x, axes) if statistic == MEANS else tf.reduce_max(x, axes)

    def run(x: Any) -> tuple[Any, Any]:
        parts: dict[int, Any] = {}
        for layer in chain:
            x = layer(x, training=False)
            for k, block in enumerate(layout.blocks):
                if block.name == layer.name:
                    parts[k] = read(x, block.statistic)
        return tf.concat([parts[k] for k in range(len(layout.blocks))], axis=1), x

    return run


class FeaturePasses:
    """Traced passes returning (the judgement's vector, softmax).

    Without a `layout` the vector is the activations feeding the output layer;
    for a model without such a layer (`output_dense` is None) it is None and
    only the softmax is computed. With one, it is `layout`'s blocks, read by
    layer name (`layout.size` numbers).
    """

    def __init__(self, model: keras.Model, layout: Layout | None = None) -> None:
        import keras
        import tensorflow as tf

        found = output_dense(model)
        self.feature_size: int | None = None
        run: Callable[[Any], Any] = lambda x: model(x, training=False)  # noqa: E731
        chain = layer_chain(model) if layout is not None and found is not None else None
        by_chain = None if chain is None or layout is None else _chain_pass(chain, layout)
        if by_chain is not None and layout is not None:
            self.feature_size = layout.size
            run = by_chain
        elif found is not None:
            self.feature_size = int(found[1].shape[-1])
            net = keras.Model(model.inputs[0], [found[1], model.outputs[0]])
            run = lambda x: net(x, training=False)  # noqa: E731
        single = tf.TensorSpec((1, *INPUT_SHAPE), tf.float32)
        many = tf.TensorSpec((None, *INPUT_SHAPE), tf.float32)
        # Concrete functions: traced once here, then called without signature matching.
        self._one = tf.function(run).get_concrete_function(single)
        self._many = tf.function(run).get_concrete_function(many)
        self._one(tf.zeros((1, *INPUT_SHAPE)))  # warm up: the first call allocates buffers

    def _split(self, out: Any) -> tuple[np.ndarray | None, np.ndarray]:
        if self.feature_size is None:
            return None, out.numpy()
        features, probabilities = out
        return features.numpy(), probabilities.numpy()

    def one(self, framed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """(the vector (D,) or None, probabilities (10,)) for one framed (28, 28) image."""
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(1, *INPUT_SHAPE)
        features, probabilities = self._split(self._one(x))
        return (None if features is None else features[0]), probabilities[0]

    def many(
        self,
        framed: np.ndarray,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> tuple[np.ndarray | None, np.ndarray] | None:
        """(vectors (N, D) or None, probabilities (N, 10)) in batches; None if stopped.

        `framed`: (N, 28, 28) floats in [0, 1], or uint8 0–255 (scaled per batch,
        so a large uint8 set is never copied as float32 all at once).
        """
        total = len(framed)
        feats, probs = [], []
        for start in range(0, total, BATCH):
            if should_stop is not None and should_stop():
                return None
            x = np.asarray(framed[start : start + BATCH])
            x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
            f, p = self._split(self._many(x.reshape(-1, *INPUT_SHAPE)))
            if f is not None:
                feats.append(f)
            probs.append(p)
            if progress is not None:
                progress(min(start + BATCH, total), total)
        probabilities = np.concatenate(probs) if probs else np.zeros((0, CLASSES), np.float32)
        if self.feature_size is None:
            return None, probabilities
        size = self.feature_size
        features = np.concatenate(feats) if feats else np.zeros((0, size), np.float32)
        return features, probabilities
