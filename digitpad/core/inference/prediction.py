"""What the network made of one drawing: the results the views show.

Plain dataclasses over NumPy arrays, importable without TensorFlow or SciPy,
so the window can name them before any model is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from digitpad.core.inference.activations import ConvWeights, LayerActivation
from digitpad.core.inference.saliency import Saliency

Weights = Mapping[str, tuple[np.ndarray, ...]]  # layer name -> its weights as Keras keeps them


@dataclass(frozen=True)
class Prediction:
    """What the network made of one drawing."""

    digit: int  # the most likely digit, also when the drawing is judged not a digit
    probabilities: np.ndarray  # (10,) float32, sums to 1: the chart's bars
    input: np.ndarray  # (28, 28) float32 in [0, 1]: exactly what the network saw
    is_digit: bool = True  # the judgement: does this look like a digit at all?
    # Calibrated probability that `digit` is right, in [0, 1]; None: the top probability.
    calibrated: float | None = None
    judge: str = "baseline"  # judgement.JUDGE_GAUSSIAN, or JUDGE_BASELINE (no statistics)
    # Judged a digit, but less digit-like than most held-out digits: the confidence is shown
    # at most 90 % (judgement.DOUBT_AT_MOST).
    doubtful: bool = False

    @property
    def top_probability(self) -> float:
        """The softmax probability of `digit` (its bar), before calibration."""
        return float(self.probabilities[self.digit])

    @property
    def confidence(self) -> float:
        """The probability that `digit` is right (calibrated when the model has statistics)."""
        return self.top_probability if self.calibrated is None else self.calibrated


@dataclass(frozen=True)
class Inspection:
    """One forward pass: the prediction, every layer's input and output, the weights that made
    them (what the walk-through needs to show the arithmetic), and which pixels decided it."""

    prediction: Prediction
    layers: tuple[LayerActivation, ...]  # every layer of the model, in order
    first_conv: ConvWeights | None
    weights: Weights = field(default_factory=dict)  # the model's own, read once per model
    saliency: Saliency | None = None

    def shown(self) -> tuple[LayerActivation, ...]:
        """The layers whose activations the inside view draws (the registry says which)."""
        return tuple(layer for layer in self.layers if layer.info.kind.shown)
