"""Which pixels decided it: each pixel's share of a digit's logit, from one backward pass.

For a digit d with logit z_d (the output layer's sum before softmax), a
pixel's share is its value times ∂z_d/∂pixel, the gradient. In a network of
ReLU, max pooling and dense layers, z_d is linear around the drawing, so the
share is what erasing that pixel would take off z_d to first order, and the
shares add up to z_d minus what the biases contribute. Blank paper (value 0)
has no share: only ink can decide.

The map for the predicted digit minus the map for the runner-up says "what
makes this a 9 rather than a 4": those shares add up (with the biases' part)
to z_9 − z_4, and p_9 / p_4 = e^{z_9 − z_4}.

The gradients come from backpropagation through the same layers, in NumPy
(`network.Network.saliency`: one forward and one backward pass for both
digits at once, a batch of two copies), or from TensorFlow for a model the
NumPy pass does not cover (`keras_runtime`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
