"""Which pixels decided it: each pixel's share of a digit's logit, from one traced pass.

For a digit d with logit z_d (the output layer's sum before softmax), a
pixel's share is its value times ∂z_d/∂pixel, the gradient. In a network of
ReLU, max pooling and dense layers, z_d is linear around the drawing, so the
share is what erasing that pixel would take off z_d to first order, and the
shares add up to z_d minus what the biases contribute. Blank paper (value 0)
has no share: only ink can decide.

The map for the predicted digit minus the map for the runner-up says "what
makes this a 9 rather than a 4": those shares add up (with the biases' part)
to z_9 − z_4, and p_9 / p_4 = e^{z_9 − z_4}.

One `tf.function` with a fixed signature does the forward and backward pass
for both digits at once (a batch of two copies), a few milliseconds on a CPU.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.layers.kinds.dense import OUTPUT
from digitpad.core.layers.registry import layer_info


@dataclass(frozen=True)
class Saliency:
    """Per-pixel shares of two digits' logits for one drawing."""

    digits: tuple[int, int]  # the predicted digit and the runner-up
    logits: np.ndarray  # (10,) z from the same pass
    gradients: np.ndarray  # (2, 28, 28): ∂z_d / ∂pixel for each of the two digits
    input: np.ndarray  # (28, 28) the drawing as the network saw it
    from_logits: bool  # False: log-probabilities stood in for logits (no Dense softmax output)

    @property
    def shares(self) -> np.ndarray:
        """(2, 28, 28): pixel value × gradient, for the predicted digit and the runner-up."""
        return self.gradients * self.input[None].astype(np.float64)

    @property
    def contrast(self) -> np.ndarray:
        """(28, 28): what makes it the predicted digit rather than the runner-up."""
        shares = self.shares
        return shares[0] - shares[1]

    def maps(self) -> np.ndarray:
        """(28, 28, 3): predicted, runner-up, contrast, as the views show them side by side."""
        return np.stack([*self.shares, self.contrast], axis=-1)

    def scale(self, share: float = 0.98) -> float:
        """One symmetric colour scale −m … m for all three maps (m > 0): m covers `share` of
        the inked pixels' shares, so one extreme pixel does not wash the others out (the
        few beyond m are shown at full colour)."""
        sizes = np.abs(self.maps())
        sizes = sizes[sizes > 0]
        return float(np.quantile(sizes, share, method="higher")) if sizes.size else 1.0

    def logit_gap(self) -> float:
        """z_predicted − z_runner-up from the same pass."""
        return float(self.logits[self.digits[0]] - self.logits[self.digits[1]])


def top_two(probabilities: np.ndarray) -> tuple[int, int]:
    """The predicted digit and the runner-up, by the model's probabilities."""
    order = np.argsort(-np.asarray(probabilities), kind="stable")
    return int(order[0]), int(order[1])


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
