"""The test set's verdict on a model: accuracy, loss, confusion matrix, mistakes.

One pass of batched inference yields everything: the CLI's `evaluate` (with
`--confusion` and `--mistakes`) and the window's Evaluate dialog share it. It
reports progress per batch and stops within one batch when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core.data.mnist import MnistData
from digitpad.core.digits import CLASSES
from digitpad.core.errors import DigitpadError
from digitpad.core.files import check_writable_folder, reason, shown
from digitpad.core.i18n import _, display_width
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.values import ordinal
from digitpad.core.progress import EvaluationProgress

BATCH = 500
EPSILON = 1e-7  # Keras clips probabilities the same way in categorical cross-entropy


@dataclass(frozen=True)
class Mistake:
    index: int  # into the test set
    label: int
    predicted: int
    confidence: float  # the probability given to `predicted`


@dataclass(frozen=True)
class Evaluation:
    """Per-image softmax outputs for the test set, and what follows from them."""

    probabilities: np.ndarray  # (N, 10)
    labels: np.ndarray  # (N,)
    is_digit: np.ndarray | None = None  # (N,) the judgement on each test digit

    @property
    def rejected(self) -> float | None:
        """Share of the test digits the judgement calls "not a digit"."""
        return None if self.is_digit is None else float(1.0 - np.mean(self.is_digit))

    @property
    def predictions(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.predictions == self.labels))

    @property
    def loss(self) -> float:
        """Categorical cross-entropy, as Keras computes it."""
        picked = self.probabilities[np.arange(len(self.labels)), self.labels]
        return float(np.mean(-np.log(np.clip(picked, EPSILON, 1.0))))

    @property
    def confusion(self) -> np.ndarray:
        """(10, 10) counts: row = true digit, column = predicted digit."""
        matrix = np.zeros((CLASSES, CLASSES), dtype=np.int64)
        np.add.at(matrix, (self.labels, self.predictions), 1)
        return matrix

    def mistakes(self, label: int | None = None, predicted: int | None = None) -> list[Mistake]:
        """Misclassified images, most confident first; optionally one cell of the matrix."""
        predictions = self.predictions
        wrong = predictions != self.labels
        if label is not None:
            wrong &= self.labels == label
        if predicted is not None:
            wrong &= predictions == predicted
        found = [
            Mistake(
                int(i),
                int(self.labels[i]),
                int(predictions[i]),
                float(self.probabilities[i, predictions[i]]),
            )
            for i in np.flatnonzero(wrong)
        ]
        return sorted(found, key=lambda m: m.confidence, reverse=True)


def evaluate_test_set(
    predictor: Predictor,
    data: MnistData,
    progress: Callable[[EvaluationProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Evaluation | None:
    """Run the model over the test images in batches; None if stopped.

    `progress` gets an `EvaluationProgress` after each batch.
    """
    total = len(data.y_test)
    x = data.x_test.astype(np.float32) / 255.0
    parts, judged = [], []
    for start in range(0, total, BATCH):
        if should_stop is not None and should_stop():
            return None
        assessed = predictor.assess(x[start : start + BATCH])
        parts.append(assessed.probabilities)
        judged.append(assessed.is_digit)
        if progress is not None:
            progress(EvaluationProgress(min(start + BATCH, total), total))
    if not parts:
        return Evaluation(np.zeros((0, CLASSES), np.float32), data.y_test.astype(np.int64))
    return Evaluation(np.concatenate(parts), data.y_test.astype(np.int64), np.concatenate(judged))


def format_confusion(matrix: np.ndarray) -> str:
    """The matrix as a text table, true digits down, predicted across."""
    width = max(5, len(f"{matrix.max():,}") + 1)
    corner = _("true\\pred")  # true digits down the side, predicted ones across
    side = display_width(corner)
    head = corner + "".join(f"{d:>{width}}" for d in range(CLASSES))
    rows = [f"{t:>{side}}" + "".join(f"{v:>{width},}" for v in matrix[t]) for t in range(CLASSES)]
    return "\n".join([head, *rows])


def check_mistakes_folder(folder: Path) -> None:
    """Raise DigitpadError unless the misclassified images can be written into `folder`."""
    if folder.exists() and not folder.is_dir():
        raise DigitpadError(
            _("{folder} is a file, not a folder for the misclassified images.").format(
                folder=shown(folder)
            )
        )
    try:
        check_writable_folder(folder)
    except OSError as exc:
        raise DigitpadError(
            _("The misclassified images cannot be written to {folder} ({reason}).").format(
                folder=shown(folder), reason=reason(exc)
            )
        ) from exc


def write_mistakes(evaluation: Evaluation, images: np.ndarray, folder: Path) -> list[Path]:
    """Each misclassified image as a PNG named with its place in the test set (counted from 1,
    as everything a person reads), true and predicted digit: 00043-true7-pred2.png."""
    from PIL import Image

    check_mistakes_folder(folder)
    written = []
    try:
        for m in evaluation.mistakes():
            path = folder / f"{ordinal(m.index):05d}-true{m.label}-pred{m.predicted}.png"
            Image.fromarray(images[m.index]).save(path)
            written.append(path)
    except OSError as exc:
        raise DigitpadError(
            _("The misclassified images cannot be written to {folder} ({reason}).").format(
                folder=shown(folder), reason=reason(exc)
            )
        ) from exc
    return written
