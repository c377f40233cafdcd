"""What the window's jobs hand back: a trained model's outcome, an evaluation's.

Plain frozen dataclasses, so the dialogs that show them import this and not the jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.training.evaluation import Evaluation
    from digitpad.core.training.finetune import FinetuneResult
    from digitpad.core.training.train import TrainResult


@dataclass(frozen=True)
class TrainOutcome:
    """A finished run: the predictor for the new model, where it was saved, the figures."""

    predictor: Predictor
    path: Path
    result: TrainResult


@dataclass(frozen=True)
class FinetuneOutcome:
    """A finished fine-tuning: the predictor for the new model, where it was saved, the figures."""

    predictor: Predictor
    path: Path
    result: FinetuneResult


@dataclass(frozen=True)
class EvaluationOutcome:
    """The test set's verdict and the test images it was computed on ((N, 28, 28) uint8)."""

    evaluation: Evaluation
    images: np.ndarray
