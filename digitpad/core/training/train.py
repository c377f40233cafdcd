"""Train a network (the course's CNN unless told otherwise) with per-batch progress and a stop
request.

`train()` knows nothing about terminals or windows: the CLI and the GUI pass
a progress callback and a `should_stop` function. It always trains a model
object of its own, so a predictor serving another model is never touched.
Every training is a run: its result carries the network's code, the
curves it drew (`history`) and snapshots of its weights (`recording`), and
`metadata()` is the run's record, saved inside the model file with them.
While it trains, a copy of the weights can be handed to the window
(`live.Mailbox`) for its live reading.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.configs import TrainConfig
from digitpad.core.data.mnist import MnistData
from digitpad.core.digits import CLASSES
from digitpad.core.models.history import HistoryRecorder, TrainingHistory
from digitpad.core.models.record import clean_name
from digitpad.core.models.store import compile_model
from digitpad.core.network.training_memory import VALIDATION_IMAGES
from digitpad.core.progress import EpochProgress, PreparingProgress, TrainingProgress

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

    from digitpad.core.models.snapshots import SnapshotSet
    from digitpad.core.network.code import NetworkSpec
    from digitpad.core.training.live import Mailbox
    from digitpad.core.training.weights_callback import WeightsCallback


@dataclass(frozen=True)
class TrainResult:
    """What a run produced. `model` is None when it was cancelled (nothing to keep)."""

    model: keras.Model | None
    cancelled: bool
    config: TrainConfig
    test_loss: float | None = None
    test_accuracy: float | None = None
    epochs: tuple[EpochProgress, ...] = field(default_factory=tuple)
    seconds: float = 0.0
    history: TrainingHistory = field(default_factory=TrainingHistory)
    code: str | None = None  # the network's code (None: fine-tuning a loaded model)
    snapshots: SnapshotSet | None = None  # the weights at moments of the run (issue 24)

    def metadata(self, data_source: str, name: str | None = None) -> dict[str, object]:
        """The run's record, saved inside the model file: its name, network, hyperparameters,
        curves, time and how well it does."""
        record: dict[str, object] = {}
        if name is not None and clean_name(name):
            record["name"] = clean_name(name)
        if self.code is not None:
            record["code"] = self.code
        if self.model is not None:
            record["parameters"] = int(self.model.count_params())
        return record | {
            "test_accuracy": self.test_accuracy,
            "test_loss": self.test_loss,
            "epochs": self.config.epochs,
            "batch_size": self.config.batch_size,
            "learning_rate": self.config.learning_rate,
            "augment": self.config.augment,
            "schedule": self.config.schedule,
            "data": data_source,
            "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "train_seconds": round(self.seconds, 1),
            "history": self.history.to_json(),
        }


VALIDATION_BATCH = VALIDATION_IMAGES  # test images per validation step (memory counts them)
RESTROKED_FRACTION = 0.5  # share of training digits given a re-stroked twin (about 0.3 s/1,000)
RESTROKED_CHANCE = 0.6  # chance, per epoch, that a digit with a twin is shown as the twin


def make_dataset(
    x: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    *,
    shuffle: bool,
    augment: bool = False,
    twins: np.ndarray | None = None,
    seed: int | None = None,
) -> tf.data.Dataset:
    """uint8 images/labels -> batches of float32 (B, 28, 28, 1) in [0, 1] and one-hot labels.

    Scaling happens in the pipeline, so the uint8 arrays are never copied into a
    float32 array four times their size. `twins` (same shape as `x`) are
    alternative renderings shown instead of `x` with `RESTROKED_CHANCE`.
    """
    import tensorflow as tf

    if augment:
        from digitpad.core.data.augment import augment_batch

    tensors = (x, y) if twins is None else (x, y, twins)
    ds = tf.data.Dataset.from_tensor_slices(tensors)
    if shuffle:
        ds = ds.shuffle(len(y), seed=seed, reshuffle_each_iteration=True)

    def prepare(
        images: tf.Tensor, labels: tf.Tensor, alternatives: tf.Tensor | None = None
    ) -> tuple[tf.Tensor, tf.Tensor]:
        if alternatives is not None:
            pick = tf.random.uniform(tf.shape(labels)) < RESTROKED_CHANCE
            images = tf.where(pick[:, tf.newaxis, tf.newaxis], alternatives, images)
        images = tf.cast(images, tf.float32)[..., tf.newaxis] / 255.0
        if augment:
            images = augment_batch(images)
        return images, tf.one_hot(tf.cast(labels, tf.int32), CLASSES)

    return (
        ds.batch(batch_size)
        .map(prepare, num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(tf.data.AUTOTUNE)
    )


def restroked_twins(
    x: np.ndarray,
    seed: int | None,
    should_stop: Callable[[], bool],
    progress: Callable[[TrainingProgress], None],
) -> np.ndarray | None:
    """A copy of `x` where `RESTROKED_FRACTION` of the digits are redrawn with an even pen.

    Returns None if a stop was requested while preparing.
    """
    from digitpad.core.data.restroke import PEN_RADIUS, restroke

    rng = np.random.default_rng(seed)
    twins = x.copy()
    picks = rng.choice(len(x), size=round(len(x) * RESTROKED_FRACTION), replace=False)
    radii = rng.uniform(*PEN_RADIUS, size=len(picks))
    for n, (i, radius) in enumerate(zip(picks, radii, strict=True)):
        if n % 500 == 0:
            if should_stop():
                return None
            progress(PreparingProgress(n, len(picks)))
        twins[i] = restroke(x[i], radius)
    return twins


def train(
    data: MnistData,
    config: TrainConfig | None = None,
    progress: Callable[[TrainingProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    start_from: keras.Model | None = None,
    network: NetworkSpec | None = None,
    live: Mailbox | None = None,
    snapshots: bool = True,
) -> TrainResult:
    """Train a fresh `network` (default: the course's CNN) on `data`; evaluate it on the test
    set after each epoch.

    The test set doubles as validation data, as in the course's script, and the
    last epoch's validation figures are the reported test loss and accuracy.
    A stop request ends training within one batch and returns a cancelled
    result without a model. `start_from` fine-tunes a copy of that model
    instead (it is never modified itself). A network that cannot be trained
    raises `NetworkError` before anything is built. The run keeps `snapshots`
    of its weights (`result.snapshots`), and hands copies to `live` while it
    trains (the window's live reading).
    """
    import keras

    from digitpad.core.network.check import build_network
    from digitpad.core.training.keras_callback import Cancelled, ProgressCallback

    config = config or TrainConfig()
    if start_from is None and network is None:
        from digitpad.core.network.code import parse
        from digitpad.core.network.presets import COURSE

        network = parse(COURSE.code)
    code = network.code if start_from is None and network is not None else None
    if config.seed is not None:
        keras.utils.set_random_seed(config.seed)
    steps = math.ceil(len(data.y_train) / config.batch_size)
    if start_from is None:
        assert network is not None
        model = build_network(network, config.batch_size)
    else:
        model = type(start_from).from_config(start_from.get_config())
        model.set_weights(start_from.get_weights())
    lr: float | keras.optimizers.schedules.LearningRateSchedule = config.learning_rate
    if config.schedule == "cosine":
        lr = keras.optimizers.schedules.CosineDecay(config.learning_rate, steps * config.epochs)
    compile_model(model, lr)

    stop = should_stop or (lambda: False)
    recorder = HistoryRecorder()
    relay = progress or (lambda _: None)

    def report(event: TrainingProgress) -> None:
        recorder.add(event)
        relay(event)

    callback = ProgressCallback(
        config.epochs,
        steps,
        report,
        stop,
        validation_steps=math.ceil(len(data.y_test) / VALIDATION_BATCH),
    )
    callbacks: list[keras.callbacks.Callback] = [callback]
    watcher = _weights_callback(model, config, steps, live, snapshots, start_from is not None)
    if watcher is not None:
        callbacks.append(watcher)
    started = time.perf_counter()
    twins = None
    if config.augment:
        twins = restroked_twins(data.x_train, config.seed, stop, report)
        if twins is None:
            return TrainResult(None, True, config, seconds=time.perf_counter() - started)
    train_ds = make_dataset(
        data.x_train,
        data.y_train,
        config.batch_size,
        shuffle=True,
        augment=config.augment,
        twins=twins,
        seed=config.seed,
    )
    test_ds = make_dataset(data.x_test, data.y_test, VALIDATION_BATCH, shuffle=False)
    with contextlib.suppress(Cancelled):  # a stop requested during validation
        model.fit(
            train_ds,
            epochs=config.epochs,
            validation_data=test_ds,
            callbacks=callbacks,
            shuffle=False,  # the dataset shuffles itself
            verbose=0,
        )
    seconds = time.perf_counter() - started
    epochs = tuple(callback.epochs)
    if callback.cancelled or len(epochs) < config.epochs:
        return TrainResult(
            None, True, config, epochs=epochs, seconds=seconds, history=recorder.history()
        )
    last = epochs[-1]
    return TrainResult(
        model,
        False,
        config,
        test_loss=last.val_loss,
        test_accuracy=last.val_accuracy,
        epochs=epochs,
        seconds=seconds,
        history=recorder.history(),
        code=code,
        snapshots=_recorded(watcher, config.epochs * steps),
    )


def _weights_callback(
    model: keras.Model,
    config: TrainConfig,
    steps: int,
    live: Mailbox | None,
    snapshots: bool,
    from_model: bool,
) -> WeightsCallback | None:
    """The callback that copies the weights as they are learned: snapshots at the planned
    moments, copies for `live`; None when neither is wanted or the network is not one
    digitpad lays out itself (then it is neither replayed nor read live). A network the
    NumPy pass does not build (LeakyReLU, PReLU…) keeps no snapshots: none could be replayed."""
    from digitpad.core.inference.replay import computable
    from digitpad.core.training.recording import Recorder, plan
    from digitpad.core.training.weights_callback import WeightsCallback, architecture_of

    if live is None and not snapshots:
        return None
    architecture = architecture_of(model)
    if architecture is None:
        return None
    if snapshots:
        weights = {
            info.name: tuple(np.asarray(w) for w in model.get_layer(info.name).get_weights())
            for info in architecture.infos
        }
        snapshots = computable(architecture.infos, weights)
    shapes = tuple(v.shape for layer in architecture.layers for v in layer.variables)
    chosen = plan(config.epochs, steps, shapes) if snapshots else None
    kept = None if chosen is None else Recorder(chosen, steps, from_model, shapes)
    if kept is None and live is None:
        return None
    return WeightsCallback(architecture, steps, config.epochs, kept, live, from_model)


def _recorded(watcher: WeightsCallback | None, steps_done: int) -> SnapshotSet | None:
    """The run's snapshots, once it has ended after `steps_done` batches (None: none kept)."""
    if watcher is None or watcher.recorder is None:
        return None
    return watcher.recorder.snapshots(steps_done)
