"""Progress events shared by every long job: training, fine-tuning, evaluation.

Plain frozen dataclasses with no dependencies, so the code that emits them
(`training`, its Keras callback, `evaluation`, `judgement_fit`, the "train and
keep" sequence in `training/keep.py`) and the code that shows them (the CLI's
progress bar, the window's dialogs) import this module and not each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PreparingProgress:
    """Augmented training digits being made before the first batch (`--augment` only)."""

    done: int
    total: int


@dataclass(frozen=True)
class BatchProgress:
    """One training batch finished; loss and accuracy are Keras' running means this epoch."""

    epoch: int  # 1-based
    epochs: int
    step: int  # 1-based within the epoch
    steps: int
    loss: float
    accuracy: float

    @property
    def done(self) -> int:
        """Batches finished in the whole run."""
        return (self.epoch - 1) * self.steps + self.step

    @property
    def total(self) -> int:
        return self.epochs * self.steps


@dataclass(frozen=True)
class ValidationProgress:
    """Test images checked after an epoch's last batch (the course validates on the test set)."""

    epoch: int
    done: int
    total: int


@dataclass(frozen=True)
class EpochProgress:
    """An epoch ended: its training figures and the validation (test-set) figures."""

    epoch: int
    epochs: int
    loss: float
    accuracy: float
    val_loss: float
    val_accuracy: float


@dataclass(frozen=True)
class EvaluationProgress:
    """Test images run through the model so far (Model ▸ Evaluate, `digitpad evaluate`)."""

    done: int
    total: int


@dataclass(frozen=True)
class LoadingDataProgress:
    """MNIST is being read: the first stage of a run that trains a model and keeps it."""


@dataclass(frozen=True)
class DataLoadedProgress:
    """MNIST is read: where from, how many training images, and what the reader noted (how
    stored values were converted); training begins next."""

    source: str
    train_images: int
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class JudgementProgress:
    """The new model's digit judgement being fitted, in work units (`total` is known from the
    start; the stage opens with 0 of 1, said before the first images take their while)."""

    done: int
    total: int


@dataclass(frozen=True)
class SavingProgress:
    """The new model (its record and statistics inside) is being written to `path`."""

    path: Path


TrainingProgress = PreparingProgress | BatchProgress | ValidationProgress | EpochProgress
# The stages around training when a model is trained and kept (`training/keep.py`).
KeepingProgress = LoadingDataProgress | DataLoadedProgress | JudgementProgress | SavingProgress
Progress = TrainingProgress | KeepingProgress | EvaluationProgress
