"""Reading drawings with one model: the prediction, the digit judgement, the calibrated
confidence, every layer's output and which pixels decided it.

A model file is read without Keras and run in NumPy from its own weights
(`loading.open_model`, `network.Network`); only a model holding a layer the
NumPy pass does not cover is run by Keras (`keras_runtime`), and
`uses_keras` says so. For one drawing the live pass (`fast_forward`) computes
only what the drawing changed from a blank pad; it is checked against the
network's batch pass when built. Either pass also returns the judgement's
vector (`judgement_features`: the activations feeding the output layer and
the feature maps' statistics), which the judgement reads (`judgement`).
Statistics that are damaged, of a newer format or of another network leave
the model predicting, judged by its top bar; `judge_problem` says why, once.
The predictor only reads its model, so one thread may predict while another
trains a different model object.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.data.framing import frame_digit
from digitpad.core.digits import SIDE
from digitpad.core.files import shown
from digitpad.core.i18n import _
from digitpad.core.inference.activations import ConvWeights, first_conv
from digitpad.core.inference.fast_forward import FastForward
from digitpad.core.inference.judgement import Judge
from digitpad.core.inference.judgement_features import Layout
from digitpad.core.inference.judgement_stats import ATTACHMENT, JudgementStats, StatsError
from digitpad.core.inference.keras_runtime import KerasRuntime
from digitpad.core.inference.loading import Opened, Runtime, open_model, runtime_of
from digitpad.core.inference.network import Network
from digitpad.core.inference.prediction import Inspection, Prediction, Weights
from digitpad.core.inference.saliency import top_two
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.models.archive import has_attachment
from digitpad.core.models.reader import ModelFile
from digitpad.core.models.store import first_that_loads, read_attachment, read_metadata

if TYPE_CHECKING:
    import keras
    from PIL import Image


@dataclass(frozen=True)
class Assessment:
    """Predictions for many framed images at once (evaluation, benchmarks)."""

    probabilities: np.ndarray  # (N, 10)
    is_digit: np.ndarray  # (N,) bool
    confidence: np.ndarray  # (N,) calibrated, as shown (held below what the judgement allows)
    scores: np.ndarray  # (N,) the judge's scores


# Why a model's statistics are not used (`Predictor.judge_problem`): the model is judged by
# its top bar.
DAMAGED, NEWER, MISMATCHED = "damaged", "newer", "mismatched"


class Predictor:
    """A model's passes and its judgement. Build with `Predictor.load` (a file) or
    `Predictor.from_keras` (a Keras model in memory)."""

    def __init__(
        self,
        runtime: Runtime,
        path: Path | None = None,
        judgement: JudgementStats | None = None,
        *,
        model_file: ModelFile | None = None,
        keras_model: keras.Model | None = None,
        fast: bool = True,
        judge_problem: str | None = None,
    ) -> None:
        self.runtime = runtime
        self.path = path
        self.model_file = model_file  # the file as read (None: a model from memory)
        self.metadata: dict[str, Any] = read_metadata(path) if path is not None else {}
        # The live pass for drawing (built and checked in ~13 ms); without it (`fast=False`:
        # a network read a few times only, as training's weights are) the batch pass reads.
        self.fast = FastForward.build(runtime) if fast and isinstance(runtime, Network) else None
        # Why statistics in the file are not used (DAMAGED, NEWER, MISMATCHED), or None.
        self.judge_problem = judge_problem
        if judgement is not None and not fits(judgement, layout_of_runtime(runtime)):
            judgement, self.judge_problem = None, MISMATCHED  # another network's statistics
        try:
            self.judge = Judge(judgement)
        except StatsError:  # well formed, yet not scoring finite numbers
            self.judge, self.judge_problem = Judge(), DAMAGED
        self._keras_model = keras_model if keras_model is not None else _keras_of(runtime)
        self._lock = threading.Lock()
        self._first_conv: ConvWeights | None = first_conv(runtime.layers, runtime.weights)
        self.changed = False  # runs a changed copy of the model's network (`trying`)

    @classmethod
    def load(
        cls, path: Path | str | None = None, *, before_keras: Callable[[], None] | None = None
    ) -> Predictor:
        """`path`, or the model in use, else the user's latest valid model, else the bundled
        one (`store.first_that_loads`). `before_keras` runs before Keras is imported for a
        model the NumPy pass does not cover (the window imports TensorFlow its own way)."""

        def load(candidate: Path | str) -> Opened:
            return open_model(candidate, before_keras=before_keras)

        opened, resolved = first_that_loads(load) if path is None else (load(path), Path(path))
        stats, problem = load_judgement(resolved)
        return cls(opened.runtime, resolved, stats, model_file=opened.file, judge_problem=problem)

    @classmethod
    def from_keras(
        cls,
        model: keras.Model,
        path: Path | None = None,
        judgement: JudgementStats | None = None,
    ) -> Predictor:
        """The predictor for a Keras model in memory (just trained, and saved at `path`), run
        in NumPy from its own weights when the NumPy pass covers it."""
        return cls(runtime_of(model), path, judgement, keras_model=model)

    @property
    def layers(self) -> tuple[LayerInfo, ...]:
        return self.runtime.layers

    @property
    def weights(self) -> Weights:
        return self.runtime.weights

    @property
    def uses_keras(self) -> bool:
        """The model holds a layer the NumPy pass does not cover: Keras computes it."""
        return isinstance(self.runtime, KerasRuntime)

    @property
    def test_accuracy(self) -> float | None:
        """As its record says, checked (`Record`): None when absent or impossible."""
        from digitpad.core.models.record import Record

        return Record.of(self.metadata).test_accuracy

    def trying(self, network: Network) -> Predictor:
        """This model's predictor running `network`, a changed copy of its own network (an
        experiment: `core.experiments`): the same file, metadata and judgement, read by the
        batch pass (no live pass), and no Keras model, since a changed network is never saved
        or trained."""
        tried = copy.copy(self)
        tried.runtime = network
        tried.fast = None
        tried._keras_model = None
        tried._lock = threading.Lock()
        tried._first_conv = first_conv(network.layers, network.weights)
        tried.changed = True
        return tried

    def keras_model(self) -> keras.Model:
        """The model as Keras builds it (to train it further or to save it): the one given,
        else loaded from its file (`store.load_model`: with safe_mode, or for a legacy `.h5`
        built by digitpad from what it read; TensorFlow is imported then)."""
        if self.changed:
            raise ValueError("a changed network (an experiment) is never saved or trained")
        with self._lock:
            if self._keras_model is None:
                if self.path is None:
                    raise ValueError("a predictor without a file or a Keras model")
                from digitpad.core.models.store import load_model

                self._keras_model = load_model(self.path)
            return self._keras_model

    def judge_note(self) -> str | None:
        """Why this model is judged by its top bar although its file holds statistics, in one
        sentence for the command line (None: nothing to say)."""
        if self.judge_problem is None:
            return None
        where = shown(self.path) if self.path is not None else _("this model")
        if self.judge_problem == NEWER:
            said = _(
                "the digit statistics inside {path} were written by a newer digitpad; "
                "whether a drawing is a digit is judged by its top bar alone."
            )
        elif self.judge_problem == MISMATCHED:
            said = _(
                "the digit statistics inside {path} belong to another network; "
                "whether a drawing is a digit is judged by its top bar alone."
            )
        else:
            said = _(
                "the digit statistics inside {path} are damaged; "
                "whether a drawing is a digit is judged by its top bar alone."
            )
        return said.format(path=where)

    def inspect(self, framed: np.ndarray, *, saliency: bool = False) -> Inspection:
        """Classify a framed (28, 28) image and return every layer's activations.

        One forward pass gives every layer's output (the last is the prediction's
        softmax) and the activations the judgement reads. With `saliency`, one
        backward pass from it for the predicted digit and the runner-up follows.
        """
        layers, features = self.runtime.inspect(framed)
        prediction = self._judged(framed, features, layers[-1].values)
        shares = None
        if saliency:
            shares = self.runtime.saliency(framed, top_two(prediction.probabilities), layers)
        return Inspection(prediction, layers, self._first_conv, self.runtime.weights, shares)

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
        return self.runtime.one(framed)

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
            verdict.doubtful,
        )

    def probabilities(self, framed: np.ndarray) -> np.ndarray:
        """Softmax outputs (N, 10) for framed images (N, 28, 28), in batches."""
        out = self.runtime.run(np.asarray(framed).reshape(-1, SIDE, SIDE))
        assert out is not None  # only a stop request ends it early
        return out[1]

    def assess(self, framed: np.ndarray) -> Assessment:
        """Probabilities, judgements and confidences for framed images (N, 28, 28)."""
        out = self.runtime.run(np.asarray(framed).reshape(-1, SIDE, SIDE))
        assert out is not None
        features, probabilities = out
        scores = self.judge.scores(features, probabilities)
        top = probabilities.max(axis=1) if len(probabilities) else np.zeros(0)
        return Assessment(
            probabilities,
            scores >= self.judge.threshold,
            self.judge.confidence(top, scores),
            scores,
        )


def _keras_of(runtime: Runtime) -> Any:
    return runtime.model if isinstance(runtime, KerasRuntime) else None


def layout_of_runtime(runtime: Runtime) -> Layout | None:
    """What the judgement can read of `runtime`'s passes (None: nothing; the baseline)."""
    return runtime.layout


def fits(stats: JudgementStats, layout: Layout | None) -> bool:
    """True when `stats` read blocks `layout` has, the same from its start (statistics of
    the old form read the first block only)."""
    if layout is None:
        return False
    want, have = layout.codes(), stats.codes
    return len(have) <= len(want) and bool(np.array_equal(want[: len(have)], have))


def load_judgement(path: Path) -> tuple[JudgementStats | None, str | None]:
    """The judgement statistics stored in the model file and why they cannot be used: (stats,
    None); (None, None) without any (the baseline, as the window's notice says); (None,
    DAMAGED or NEWER) for statistics that must not be used (the model still predicts)."""
    data = read_attachment(path, ATTACHMENT)
    if data is None:
        return None, (DAMAGED if has_attachment(path, ATTACHMENT) else None)
    try:
        return JudgementStats.from_bytes(data), None
    except StatsError as exc:
        return None, (NEWER if exc.kind == "newer" else DAMAGED)
