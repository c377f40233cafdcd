"""Training: progress per batch and epoch, stopping within one batch, a usable result."""

from __future__ import annotations

import math
import sys

import pytest

from digitpad.core.configs import TrainConfig
from digitpad.core.progress import BatchProgress, EpochProgress
from digitpad.core.training.train import train


def test_course_defaults() -> None:
    config = TrainConfig()
    assert (config.epochs, config.batch_size, config.learning_rate) == (1, 128, 1.0)
    assert not config.augment and config.schedule == "constant"


@pytest.mark.parametrize(
    "bad", [{"epochs": 0}, {"batch_size": 0}, {"learning_rate": 0.0}, {"schedule": "step"}]
)
def test_rejects_bad_settings(bad: dict) -> None:
    with pytest.raises(ValueError):
        TrainConfig(**bad)


def test_reports_progress_and_learns(small_mnist) -> None:
    events: list = []
    result = train(
        small_mnist, TrainConfig(epochs=2, batch_size=100, seed=0), progress=events.append
    )
    batches = [e for e in events if isinstance(e, BatchProgress)]
    epochs = [e for e in events if isinstance(e, EpochProgress)]
    assert [(b.epoch, b.step) for b in batches] == [(e, s) for e in (1, 2) for s in range(1, 11)]
    assert all(b.steps == 10 and b.epochs == 2 and math.isfinite(b.loss) for b in batches)
    assert [e.epoch for e in epochs] == [1, 2]
    assert not result.cancelled and result.model is not None
    # 1,000 images, two epochs of Adadelta(1.0): far above chance (0.1), short of MNIST-grade.
    assert result.test_accuracy is not None and result.test_accuracy > 0.6
    assert result.test_accuracy == epochs[-1].val_accuracy
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.training.evaluation import evaluate_test_set

    evaluation = evaluate_test_set(Predictor.from_keras(result.model), small_mnist)
    assert evaluation.accuracy == pytest.approx(result.test_accuracy, abs=1e-6)
    assert evaluation.loss == pytest.approx(result.test_loss, rel=1e-3)
    meta = result.metadata(small_mnist.source)
    assert meta["test_accuracy"] == result.test_accuracy and meta["epochs"] == 2


def test_stop_request_ends_within_one_batch(small_mnist) -> None:
    seen: list[BatchProgress] = []

    def progress(event) -> None:
        if isinstance(event, BatchProgress):
            seen.append(event)

    result = train(
        small_mnist,
        TrainConfig(epochs=3, batch_size=50),
        progress=progress,
        should_stop=lambda: len(seen) >= 4,
    )
    assert result.cancelled and result.model is None
    assert len(seen) == 4, "the batch after the request must not run"


def test_stop_during_validation_cancels(small_mnist) -> None:
    finished_epoch = []

    def progress(event) -> None:
        if isinstance(event, BatchProgress) and event.step == event.steps:
            finished_epoch.append(True)

    result = train(
        small_mnist,
        TrainConfig(epochs=1, batch_size=500),
        progress=progress,
        should_stop=lambda: bool(finished_epoch),
    )
    assert result.cancelled and result.model is None


def test_augmented_cosine_run(small_mnist) -> None:
    from digitpad.core.progress import PreparingProgress

    events: list = []
    result = train(
        small_mnist.subset(1000, 100),
        TrainConfig(epochs=1, batch_size=100, augment=True, schedule="cosine"),
        progress=events.append,
    )
    assert not result.cancelled and 0.0 <= result.test_accuracy <= 1.0
    preparing = [e for e in events if isinstance(e, PreparingProgress)]
    assert [e.done for e in preparing] == [0] and preparing[0].total == 500
    assert isinstance(events[1], BatchProgress), "preparation comes before the first batch"


def test_stop_while_preparing_augmentation(small_mnist) -> None:
    result = train(small_mnist, TrainConfig(augment=True), should_stop=lambda: True)
    assert result.cancelled and result.model is None


def test_augmentation_keeps_images_in_range() -> None:
    import numpy as np
    import tensorflow as tf

    from digitpad.core.data.augment import augment_batch

    images = np.zeros((8, 28, 28, 1), np.float32)
    images[:, 8:20, 12:16] = 1.0
    out = augment_batch(tf.constant(images)).numpy()
    assert out.shape == images.shape and out.min() >= 0.0 and out.max() <= 1.0
    assert not np.allclose(out, images), "augmentation changes the images"
    assert (out.sum(axis=(1, 2, 3)) > 10).all(), "the digit survives"


def test_importing_training_does_not_import_tensorflow() -> None:
    import subprocess

    code = (
        "import sys, digitpad.cli, digitpad.core.training.train, "
        "digitpad.core.inference.predictor, "
        "digitpad.core.models.store, digitpad.core.data.mnist; "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_restroke_redraws_with_an_even_pen(small_mnist) -> None:
    import numpy as np

    from digitpad.core.data.restroke import restroke

    digit = small_mnist.x_train[0]
    thin, thick = restroke(digit, 0.6), restroke(digit, 2.2)
    assert thin.shape == thick.shape == (28, 28) and thin.dtype == np.uint8
    assert (thick > 128).sum() > 1.5 * (thin > 128).sum(), "a wider pen inks more"
    rows = np.flatnonzero((thick > 5).any(axis=1))
    assert rows[-1] - rows[0] + 1 == 20, "re-framed into MNIST's 20-pixel box"
