"""A model as NumPy: every layer's output for a batch, and the gradients back to the pixels.

Built from a model's layers (`LayerInfo`, from its config) and their weights
as Keras keeps them, with no Keras: each layer is its kind's `BatchOp`
(`core/layers/kinds/`). One forward pass gives every layer's output (the
inside view, the walk-through), the activations feeding the output layer
(the digit judgement) and the probabilities; the backward pass gives which
pixels decided it. A model with a layer whose kind (or config) the NumPy
pass does not cover is no `Network` (`build` returns None): it keeps Keras'
pass (`keras_runtime`).

The judgement's vector (`judgement_features`: the activations feeding the
output layer, then the feature maps' means and maxima) comes from the same
pass, from the outputs every layer already gave.

The layers run one after another (a Sequential model, or a functional model
that is one chain: `core.models.architecture`). Large batches run in chunks
so that no layer's working arrays take more than `CHUNK_BYTES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from digitpad.core.digits import CLASSES, INPUT_SHAPE, SIDE
from digitpad.core.inference.activations import LayerActivation
from digitpad.core.inference.judgement_features import Layout, layout_of, summarize
from digitpad.core.inference.saliency import Saliency
from digitpad.core.layers.batch_ops import BatchOp
from digitpad.core.layers.kind import INPUT, LayerInfo, Weights
from digitpad.core.layers.kinds.activations import ACTIVATION, SOFTMAX
from digitpad.core.layers.kinds.dense import DENSE, OUTPUT

CHUNK_BYTES = 64 * 1024 * 1024  # working memory of one chunk of a batch, at most
MAX_CHUNK = 256  # images per chunk
LOG_FLOOR = 1e-30  # log p of a probability that underflowed to 0 stays finite


@dataclass(frozen=True)
class Stage:
    """One layer of the network: what it is, its weights, its op."""

    info: LayerInfo
    weights: Weights
    op: BatchOp


def _op(info: LayerInfo, weights: Weights) -> BatchOp | None:
    batch = info.kind.batch
    return None if batch is None else batch(info, weights)


def _feature_index(layers: tuple[LayerInfo, ...]) -> int | None:
    """The layer computing the ten logits (its input is what the judgement reads), or None.

    A Dense ending in softmax as the last layer, or a linear Dense followed by a
    softmax of its own (a Softmax or Activation("softmax") layer), fed a row.
    """
    if not layers:
        return None
    last = len(layers) - 1
    info = layers[last]
    if info.kind in (SOFTMAX, ACTIVATION) and info.config.get("activation", "softmax") in (
        "softmax",
        None,
    ):
        last -= 1
        if last < 0 or layers[last].config.get("activation", "linear") != "linear":
            return None
    elif info.activation != "softmax":
        return None
    dense = layers[last]
    return last if dense.kind is DENSE and len(dense.input_shape) == 1 else None


class Network:
    """A model's layers as NumPy ops, from its config and its own weights."""

    def __init__(self, stages: tuple[Stage, ...]) -> None:
        self.stages = stages
        self.layers = tuple(s.info for s in stages)
        self.weights: dict[str, Weights] = {s.info.name: s.weights for s in stages}
        self.feature_index = _feature_index(self.layers)
        # What the digit judgement reads of this network (None: it is judged by its top bar).
        self.layout: Layout | None = layout_of(self.layers, self.feature_index)
        self.feature_size = None if self.layout is None else self.layout.size
        self.chunk = _chunk(self.layers)

    @classmethod
    def build(cls, layers: tuple[LayerInfo, ...], weights: Mapping[str, Weights]) -> Network | None:
        """The network of `layers` with `weights` (by layer name); None when a layer's kind or
        config is one the NumPy pass does not cover (Keras' pass is needed)."""
        stages = []
        for info in layers:
            own = tuple(weights.get(info.name, ()))
            op = _op(info, own)
            if op is None:
                return None
            stages.append(Stage(info, own, op))
        built = cls(tuple(stages))
        out = built.layers[-1].output_shape if built.layers else ()
        return built if out == (CLASSES,) else None

    # Forwards ----------------------------------------------------------------------------------

    def outputs(self, x: np.ndarray) -> list[np.ndarray]:
        """Every layer's output for images `x` (N, 28, 28, 1), in one pass (N small)."""
        out = []
        for stage in self.stages:
            x = stage.op.forward(x)
            out.append(x)
        return out

    def run(
        self,
        framed: np.ndarray,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> tuple[np.ndarray | None, np.ndarray] | None:
        """(the judgement's vectors (N, D) or None, probabilities (N, 10)) for framed images
        (N, 28, 28), in chunks; None if stopped. uint8 images (0–255) are
        scaled a chunk at a time, so a large set is never copied as float32 at once."""
        total = len(framed)
        feats, probs = [], []
        for start in range(0, total, self.chunk):
            if should_stop is not None and should_stop():
                return None
            x = _images(framed[start : start + self.chunk])
            layers = self.outputs(x)
            if self.layout is not None:
                feats.append(summarize(self.layout, x, layers))
            probs.append(layers[-1])
            if progress is not None:
                progress(min(start + self.chunk, total), total)
        probabilities = np.concatenate(probs) if probs else np.zeros((0, CLASSES), np.float32)
        if self.feature_size is None:
            return None, probabilities
        empty = np.zeros((0, self.feature_size), np.float32)
        return (np.concatenate(feats) if feats else empty), probabilities

    def _features(self, x: np.ndarray, layers: list[np.ndarray]) -> np.ndarray | None:
        """The judgement's vector of the first image, from the pass's own outputs."""
        return None if self.layout is None else summarize(self.layout, x[:1], layers)[0]

    def one(self, framed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """(the judgement's vector (D,) or None, probabilities (10,)) for one framed (28, 28)
        image."""
        x = _images(np.asarray(framed)[None])
        layers = self.outputs(x)
        return self._features(x, layers), layers[-1][0]

    def inspect(self, framed: np.ndarray) -> tuple[tuple[LayerActivation, ...], np.ndarray | None]:
        """Every layer's output for one framed image, with the input each was given, and the
        judgement's vector (None: no output layer it reads), from one pass."""
        x = _images(np.asarray(framed)[None])
        layers = self.outputs(x)
        inputs = [x, *layers[:-1]]
        activations = tuple(
            LayerActivation(info, out[0], None if info.kind.step == INPUT else given[0])
            for info, out, given in zip(self.layers, layers, inputs, strict=True)
        )
        return activations, self._features(x, layers)

    # Backwards ---------------------------------------------------------------------------------

    def saliency(
        self,
        framed: np.ndarray,
        digits: tuple[int, int],
        layers: tuple[LayerActivation, ...] | None = None,
    ) -> Saliency:
        """Which pixels decided it: ∂z_d/∂pixel for the two `digits` by backpropagation through
        the same layers, z the output layer's logits (its sum before softmax) when it is a
        Dense ending in softmax, else the log-probabilities (the same differences). From the
        forward pass `layers` (`inspect`'s) when given, so the maps are that pass's own."""
        image = np.asarray(framed, dtype=np.float32).reshape(SIDE, SIDE)
        x = image.reshape(1, *INPUT_SHAPE)
        if layers is None:
            outputs = self.outputs(x)
        else:
            outputs = [np.asarray(a.values)[None] for a in layers]
        given = [x, *outputs[:-1]]
        last = self.stages[-1]
        from_logits = (
            last.info.step == OUTPUT and len(last.info.input_shape) == 1 and bool(last.weights)
        )
        body = self.stages[:-1] if from_logits else self.stages
        seeds = np.zeros((2, CLASSES), np.float32)
        seeds[0, digits[0]] = seeds[1, digits[1]] = 1.0
        if from_logits:
            kernel = np.asarray(last.weights[0], np.float32)
            bias = np.asarray(last.weights[1], np.float32) if len(last.weights) > 1 else 0.0
            logits = (given[-1] @ kernel + bias)[0]
            grad = seeds @ kernel.T
        else:
            p = outputs[-1]
            logits = np.log(p[0].astype(np.float64) + LOG_FLOOR)
            grad = (seeds / (p + np.float32(LOG_FLOOR))).astype(np.float32)
        for i in reversed(range(len(body))):
            grad = body[i].op.backward(given[i], outputs[i], grad)
        return Saliency(
            digits,
            np.asarray(logits, dtype=np.float64),
            grad.reshape(2, SIDE, SIDE).astype(np.float64),
            image,
            from_logits,
        )


def _images(framed: np.ndarray) -> np.ndarray:
    """(N, 28, 28, 1) float32 in [0, 1] from framed images (floats, or uint8 0–255)."""
    x = np.asarray(framed)
    x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
    return np.ascontiguousarray(x.reshape(-1, *INPUT_SHAPE))


def _chunk(layers: tuple[LayerInfo, ...]) -> int:
    """Images per chunk: a convolution's patches (its im2col rows) are its largest array."""
    largest = 1
    for info in layers:
        size = int(np.prod(info.output_shape))
        kernel = info.config.get("kernel_size")
        if isinstance(kernel, (tuple, list)) and len(info.input_shape) == 3:
            positions = int(np.prod(info.output_shape[:2]))
            size += positions * int(np.prod(kernel)) * info.input_shape[-1]
        largest = max(largest, size)
    return int(min(MAX_CHUNK, max(1, CHUNK_BYTES // (4 * 3 * largest))))
