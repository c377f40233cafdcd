"""Fast single-drawing inference, the digit-or-not judgement, calibrated confidence.

`model.predict()` builds a data pipeline on every call (~60 ms here); a traced
`tf.function` with a fixed (1, 28, 28, 1) signature runs the same graph in
about a millisecond and never retraces. For one drawing the same arithmetic
in NumPy from the model's own weights (`fast_forward`) is faster still; it is
checked against Keras when built, and models it does not cover keep the
traced pass. Either pass also returns the activations feeding the output
layer, which the judgement reads (`judgement`). The predictor only reads its
model, so one thread may predict while another trains a different model
object.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.data.framing import frame_digit
from digitpad.core.digits import SIDE
from digitpad.core.inference.activations import ActivationProbe, ConvWeights, first_conv
from digitpad.core.inference.judgement import ATTACHMENT, Judge, JudgementStats
from digitpad.core.inference.prediction import Inspection, Prediction, Weights
from digitpad.core.inference.saliency import SaliencyProbe, top_two
from digitpad.core.models.store import read_attachment, read_metadata, resolve_model

if TYPE_CHECKING:
    import keras
    from PIL import Image


@dataclass(frozen=True)
class Assessment:
    """Predictions for many framed images at once (evaluation, benchmarks)."""

    probabilities: np.ndarray  # (N, 10)
    is_digit: np.ndarray  # (N,) bool
    confidence: np.ndarray  # (N,) calibrated
    scores: np.ndarray  # (N,) the judge's scores


class Predictor:
    """A loaded model plus its traced forward passes. Build with `Predictor.load`."""

    def __init__(
        self,
        model: keras.Model,
        path: Path | None = None,
        judgement: JudgementStats | None = None,
    ) -> None:
        from digitpad.core.inference.fast_forward import FastForward
        from digitpad.core.inference.features import FeaturePasses

        self.model = model
        self.path = path
        self.metadata: dict[str, Any] = read_metadata(path) if path is not None else {}
        self.passes = FeaturePasses(model)
        self.fast = FastForward.build(model)  # None: this model keeps the traced pass
        if judgement is not None and judgement.feature_size != self.passes.feature_size:
            judgement = None  # statistics of another network: judge by the baseline
        self.judge = Judge(judgement)
        self._lock = threading.Lock()  # guards the lazily built probes
        self._probe: ActivationProbe | None = None
        self._saliency: SaliencyProbe | None = None
        self._first_conv: ConvWeights | None = None
        self._weights: Weights = {}

    def inspect(self, framed: np.ndarray, *, saliency: bool = False) -> Inspection:
        """Classify a framed (28, 28) image and return every layer's activations.

        One forward pass through a multi-output model built on first use (and
        kept with this predictor: one per loaded model); its softmax is the
        prediction's. The judgement reads the same activations from the live
        pass, which equals Keras' to float rounding (tests/core/test_fast_forward.py).
        With `saliency`, one traced gradient pass for the predicted digit and the
        runner-up follows.
        """
        with self._lock:
            if self._probe is None:
                self._probe = ActivationProbe(self.model)
                self._first_conv = first_conv(self.model)
                self._weights = {
                    layer.name: tuple(np.asarray(w) for w in layer.get_weights())
                    for layer in self.model.layers
                }
            if saliency and self._saliency is None:
                self._saliency = SaliencyProbe(self.model)
            probe, saliency_probe = self._probe, self._saliency if saliency else None
        layers = probe(framed)
        features, _probabilities = self._forward(framed)
        prediction = self._judged(framed, features, layers[-1].values)
        shares = None
        if saliency_probe is not None:
            shares = saliency_probe(framed, top_two(prediction.probabilities))
        return Inspection(prediction, layers, self._first_conv, self._weights, shares)

    @classmethod
    def load(cls, path: Path | str | None = None) -> Predictor:
        """`path`, or the user's latest valid model, else the bundled one."""
        model, resolved = resolve_model(path)
        return cls(model, resolved, load_judgement(resolved))

    @property
    def test_accuracy(self) -> float | None:
        """As its record says, checked (`Record`): None when absent or impossible."""
        from digitpad.core.models.record import Record

        return Record.of(self.metadata).test_accuracy

    def predict(self, image: Image.Image | np.ndarray) -> Prediction | None:
        """Frame `image` as MNIST and classify it; None when the pad is blank."""
        framed = frame_digit(image)
        if framed is None:
            return None
        return self.predict_framed(framed)

    def predict_framed(self, framed: np.ndarray) -> Prediction:
        """Classify and judge an already framed (28, 28) array in [0, 1]."""
        features, probabilities = self._forward(framed)
        return self._judged(framed, features, probabilities)

    def _forward(self, framed: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        if self.fast is not None:
            return self.fast(framed)
        return self.passes.one(framed)

    def _judged(
        self, framed: np.ndarray, features: np.ndarray | None, probabilities: np.ndarray
    ) -> Prediction:
        verdict = self.judge.verdict(features, probabilities)
        return Prediction(
            int(np.argmax(probabilities)),
            probabilities,
            framed,
            verdict.is_digit,
            verdict.confidence,
            verdict.judge,
        )

    def probabilities(self, framed: np.ndarray) -> np.ndarray:
        """Softmax outputs (N, 10) for framed images (N, 28, 28), in batches."""
        out = self.passes.many(np.asarray(framed).reshape(-1, SIDE, SIDE))
        assert out is not None  # only a stop request ends it early
        return out[1]

    def assess(self, framed: np.ndarray) -> Assessment:
        """Probabilities, judgements and confidences for framed images (N, 28, 28)."""
        out = self.passes.many(np.asarray(framed).reshape(-1, SIDE, SIDE))
        assert out is not None
        features, probabilities = out
        scores = self.judge.scores(features, probabilities)
        top = probabilities.max(axis=1) if len(probabilities) else np.zeros(0)
        return Assessment(
            probabilities,
            scores >= self.judge.threshold,
            self.judge.calibration(top),
            scores,
        )


def load_judgement(path: Path) -> JudgementStats | None:
    """The judgement statistics stored in the model file, or None (then: the baseline)."""
    data = read_attachment(path, ATTACHMENT)
    if data is None:
        return None
    try:
        return JudgementStats.from_bytes(data)
    except ValueError:
        return None  # damaged statistics must not stop the model from predicting
