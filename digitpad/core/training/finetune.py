"""Teach the network the user's handwriting without making it forget MNIST.

A short run continues from the current model's weights on a mix of the
user's samples (repeated, so a few dozen drawings count) and a random slice
of MNIST's training set (so MNIST accuracy does not collapse). Part of the
samples is held out, per digit, to show honestly whether the network now
reads the user's handwriting better. Progress and cancel are `train()`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.configs import FinetuneConfig, TrainConfig
from digitpad.core.data.mnist import MnistData
from digitpad.core.data.samples import Sample
from digitpad.core.digits import CLASSES
from digitpad.core.i18n import _
from digitpad.core.progress import TrainingProgress
from digitpad.core.training.train import TrainResult, train

if TYPE_CHECKING:
    import keras

    from digitpad.core.models.snapshots import SnapshotSet
    from digitpad.core.training.live import Mailbox


MIN_HELD_OUT_PER_DIGIT = 5  # fewer held-out samples per digit: their accuracy means little


@dataclass(frozen=True)
class FinetuneResult:
    result: TrainResult
    mnist_before: float
    mnist_after: float | None
    personal_before: float | None  # on the held-out samples; None when none are held out
    personal_after: float | None
    trained_on: int  # personal samples used for training
    held_out: int
    held_out_per_digit: tuple[int, ...] = ()  # held-out samples of each digit 0–9

    @property
    def held_out_meaningful(self) -> bool:
        """Whether the held-out accuracy says anything: at least MIN_HELD_OUT_PER_DIGIT
        held-out samples per digit held out (10 samples of 10 digits make 100 % or 0 %
        from one drawing each)."""
        digits = sum(1 for n in self.held_out_per_digit if n) or 1
        return self.held_out >= MIN_HELD_OUT_PER_DIGIT * digits

    @property
    def model(self) -> keras.Model | None:
        return self.result.model

    def metadata(
        self, data_source: str, *, finetuned_from: Path | None, samples: int
    ) -> dict[str, object]:
        """What is saved with the fine-tuned model: training's record, plus where it came from."""
        metadata = self.result.metadata(data_source)
        metadata.update(
            finetuned_from=str(finetuned_from) if finetuned_from is not None else "",
            personal_samples=samples,
        )
        return metadata

    @property
    def cancelled(self) -> bool:
        return self.result.cancelled

    @property
    def snapshots(self) -> SnapshotSet | None:
        return self.result.snapshots


def split_samples(
    samples: Sequence[Sample], holdout: float, seed: int
) -> tuple[list[Sample], list[Sample]]:
    """(train, held out), holding out `holdout` of each digit's samples (none of a lone one)."""
    rng = np.random.default_rng(seed)
    train_part, held = [], []
    for digit in range(CLASSES):
        mine = [s for s in samples if s.label == digit]
        rng.shuffle(mine)
        k = round(len(mine) * holdout) if len(mine) >= 2 else 0
        held += mine[:k]
        train_part += mine[k:]
    return train_part, held


def as_arrays(samples: Sequence[Sample]) -> tuple[np.ndarray, np.ndarray]:
    """Samples as MNIST-style arrays: uint8 (N, 28, 28) images and uint8 labels."""
    x = np.stack([np.round(s.framed * 255).astype(np.uint8) for s in samples])
    return x, np.array([s.label for s in samples], dtype=np.uint8)


def accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """Share of uint8 MNIST-style images `x` that `model` reads as their labels `y`."""
    from digitpad.core.inference.predictor import Predictor

    probabilities = Predictor.from_keras(model).probabilities(x.astype(np.float32) / 255.0)
    return float(np.mean(probabilities.argmax(axis=1) == y))


def finetune(
    model: keras.Model,
    samples: Sequence[Sample],
    data: MnistData,
    config: FinetuneConfig | None = None,
    progress: Callable[[TrainingProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    live: Mailbox | None = None,
) -> FinetuneResult:
    """Fine-tune a copy of `model` on `samples` mixed with MNIST; `model` is not modified.
    The run keeps snapshots (step 0 is `model`) and hands copies to `live` as `train` does."""
    config = config or FinetuneConfig()
    if not samples:
        raise ValueError(_("fine-tuning needs at least one sample"))
    train_part, held = split_samples(samples, config.holdout, config.seed)
    if not train_part:  # every digit has a single sample: train on all, hold out none
        train_part, held = list(samples), []
    x_mine, y_mine = as_arrays(train_part)
    rng = np.random.default_rng(config.seed)
    n_mnist = min(
        len(data.y_train),
        max(config.min_mnist, round(len(train_part) * CLASSES * (1 - config.personal_share))),
    )
    picks = rng.choice(len(data.y_train), size=n_mnist, replace=False)
    repeats = max(
        1, round(n_mnist * config.personal_share / (1 - config.personal_share) / len(train_part))
    )
    mix = MnistData(
        x_train=np.concatenate([data.x_train[picks], np.repeat(x_mine, repeats, axis=0)]),
        y_train=np.concatenate([data.y_train[picks], np.repeat(y_mine, repeats)]),
        x_test=data.x_test,
        y_test=data.y_test,
        source=f"{data.source} + {len(train_part)} personal samples",
    )
    held_arrays = as_arrays(held) if held else None
    mnist_before = accuracy(model, data.x_test, data.y_test)
    personal_before = accuracy(model, *held_arrays) if held_arrays is not None else None

    result = train(
        mix,
        TrainConfig(
            epochs=config.epochs,
            batch_size=config.batch_size,
            learning_rate=config.learning_rate,
            seed=config.seed,
        ),
        progress=progress,
        should_stop=should_stop,
        start_from=model,
        live=live,
    )
    mnist_after = personal_after = None
    if result.model is not None:
        mnist_after = result.test_accuracy
        if held_arrays is not None:
            personal_after = accuracy(result.model, *held_arrays)
    return FinetuneResult(
        result,
        mnist_before,
        mnist_after,
        personal_before,
        personal_after,
        len(train_part),
        len(held),
        tuple(int(n) for n in np.bincount([s.label for s in held], minlength=CLASSES)),
    )
