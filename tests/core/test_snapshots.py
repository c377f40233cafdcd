"""A run's snapshots: which moments are kept, how they are stored and read back, and that
they are the run's own weights (step 0 the untrained network, the last the saved model).

One small run on the committed MNIST slice (2 epochs of 8 batches) is trained once for the
module, through the one "train and keep" sequence, with a live mailbox attached.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from digitpad.core.configs import TrainConfig
from digitpad.core.inference.predictor import Predictor
from digitpad.core.inference.replay import open_replay, read_over_training
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.snapshots import (
    BUDGET,
    CODES,
    FLOAT16,
    MAX_GROWTH,
    MAX_SNAPSHOTS,
    Moment,
    SnapshotSet,
    encode,
    stored_bytes,
)
from digitpad.core.models.store import save_copy
from digitpad.core.paths import bundled_model_path
from digitpad.core.training.live import Mailbox
from digitpad.core.training.recording import Recorder, plan, wanted_steps

FIXTURE_MNIST = Path(__file__).parents[1] / "fixtures" / "mnist-small"
SEED = 3
COURSE = [(3, 3, 1, 32), (32,), (3, 3, 32, 64), (64,), (9216, 128), (128,), (128, 10), (10,)]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The course's network trained 2 epochs (8 batches each) and kept, live reading on."""
    from digitpad.core.training.keep import train_and_keep
    from digitpad.core.training.recipes import Training

    target = tmp_path_factory.mktemp("run") / "run.keras"
    mailbox = Mailbox(interval=0.0)  # a copy after every batch
    kept = train_and_keep(
        lambda: Training(TrainConfig(epochs=2, seed=SEED), live=mailbox),
        FIXTURE_MNIST,
        target,
        remember_model=False,
    )
    assert kept is not None
    return {"path": kept.path, "result": kept.result, "mailbox": mailbox}


# The plan -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("epochs", "steps_per_epoch", "shapes"),
    [
        (1, 469, COURSE),
        (2, 469, COURSE),
        (12, 469, COURSE),
        (200, 469, COURSE),
        (1, 8, COURSE),
        (30, 469, [(784, 10), (10,)]),
        (1, 1, [(5,)]),
        (3, 1000, [(3, 3, 1, 32), (32,), (36864, 128), (128,), (128, 10), (10,)]),
    ],
)
def test_a_plan_rises_from_0_to_the_end_within_the_limits(
    epochs: int, steps_per_epoch: int, shapes: list
) -> None:
    chosen = plan(epochs, steps_per_epoch, shapes)
    assert chosen is not None
    steps = chosen.steps
    assert steps[0] == 0 and steps[-1] == epochs * steps_per_epoch
    assert all(b > a for a, b in itertools.pairwise(steps))
    assert 2 <= len(steps) <= MAX_SNAPSHOTS
    assert set(steps) <= set(wanted_steps(epochs, steps_per_epoch))
    parameters = sum(math.prod(s) for s in shapes)
    channels = sum(s[-1] if len(s) >= 2 else 1 for s in shapes)
    assert (len(steps) - 1) * stored_bytes(chosen.encoding, parameters, channels) <= BUDGET


def test_the_course_keeps_every_moment_of_one_epoch_as_float16() -> None:
    chosen = plan(1, 469, COURSE)
    assert chosen is not None and chosen.encoding == FLOAT16
    assert chosen.steps == (0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 469)


def test_twelve_epochs_keep_every_epoch_end_and_the_first_batches() -> None:
    chosen = plan(12, 469, COURSE)
    assert chosen is not None and chosen.encoding == CODES
    assert {469 * e for e in range(1, 13)} <= set(chosen.steps)
    assert {0, 1, 4, 16, 64, 256} <= set(chosen.steps)


def test_a_network_too_large_for_the_budget_keeps_none() -> None:
    assert plan(1, 469, [(30_000_000,)]) is None


def test_moments_count_epochs_and_batches() -> None:
    assert (Moment(0, 469).epoch, Moment(0, 469).batch) == (0, 0)
    assert (Moment(120, 469).epoch, Moment(120, 469).batch) == (1, 120)
    assert (Moment(469, 469).epoch, Moment(469, 469).batch) == (1, 469)
    assert (Moment(470, 469).epoch, Moment(470, 469).batch) == (2, 1)
    assert Moment(938, 469).epoch_end and not Moment(937, 469).epoch_end


@pytest.mark.parametrize("epochs", [1, 12])
def test_the_file_grows_by_at_most_25_mb(tmp_path: Path, epochs: int) -> None:
    """The worst case for the deflating archive: random values in every stored snapshot of
    the course's network."""
    chosen = plan(epochs, 469, COURSE)
    assert chosen is not None
    rng = np.random.default_rng(0)
    rows = []
    for _ in chosen.steps[:-1]:
        arrays = [rng.normal(0, 0.05, shape).astype(np.float32) for shape in COURSE]
        row = encode(arrays, chosen.encoding)
        assert row is not None
        rows.append(row)
    snapshots = SnapshotSet.from_rows(chosen.steps, 469, False, tuple(COURSE), rows)
    members = read_model_file(bundled_model_path()).keras_members
    plain = save_copy(members, tmp_path / "plain.keras")
    kept = save_copy(
        members, tmp_path / "kept.keras", attachments={"snapshots.npz": snapshots.to_bytes()}
    )
    assert kept.stat().st_size - plain.stat().st_size <= MAX_GROWTH


def test_codes_keep_each_value_within_half_a_step() -> None:
    rng = np.random.default_rng(1)
    arrays = [rng.normal(0, 1, (3, 3, 1, 4)).astype(np.float32), np.arange(4, dtype=np.float32)]
    row = encode(arrays, CODES)
    assert row is not None and row.values.dtype == np.uint8
    snapshots = SnapshotSet.from_rows((0, 1), 1, False, ((3, 3, 1, 4), (4,)), [row])
    decoded = snapshots.flat(0)
    flat = np.concatenate([a.ravel() for a in arrays])
    assert row.scale is not None
    per_value = np.concatenate([np.tile(row.scale[:4], 9), np.full(4, row.scale[4])])
    assert np.all(np.abs(decoded - flat) <= per_value / 2 + 1e-6)


def test_weights_that_are_not_numbers_keep_no_snapshots() -> None:
    chosen = plan(1, 4, [(2,)])
    assert chosen is not None
    recorder = Recorder(chosen, 4, False, ((2,),))
    recorder.keep(0, [np.array([1.0, np.nan], np.float32)])
    assert recorder.failed and recorder.snapshots(4) is None
    overflow = Recorder(chosen, 4, False, ((2,),))
    overflow.keep(0, [np.array([1.0, 1e6], np.float32)])  # beyond float16
    assert overflow.snapshots(4) is None


def test_codes_are_kept_only_within_float16s_range() -> None:
    """What the reader accepts of either encoding: no value beyond 65504."""
    assert encode([np.array([[1.0, -65504.0]], np.float32)], CODES) is not None
    assert encode([np.array([[1.0, -1e6]], np.float32)], CODES) is None
    assert encode([np.array([[1.0, 1e6]], np.float32)], FLOAT16) is None


def test_a_run_that_ended_early_keeps_no_snapshots() -> None:
    chosen = plan(1, 4, [(2,)])
    assert chosen is not None
    recorder = Recorder(chosen, 4, False, ((2,),))
    for step in chosen.steps[:-1]:
        recorder.keep(step, [np.ones(2, np.float32)])
    assert recorder.snapshots(3) is None
    assert recorder.snapshots(4) is not None


# A real run ----------------------------------------------------------------------------------


def test_the_run_keeps_its_moments_rising_from_0(run: dict) -> None:
    replay = open_replay(read_model_file(run["path"]))
    assert replay is not None
    steps = [m.step for m in replay.moments]
    assert steps == [0, 1, 2, 4, 8, 16]  # 8 batches an epoch, 2 epochs
    assert all(b > a for a, b in itertools.pairwise(steps))
    assert replay.snapshots.values.shape[0] == len(steps) - 1  # the end is the model's own
    assert not replay.from_model


def test_step_0_is_the_untrained_network(run: dict, small_mnist) -> None:
    import keras

    from digitpad.core.network.check import build_network
    from digitpad.core.network.code import parse
    from digitpad.core.network.presets import COURSE as COURSE_CODE

    keras.utils.set_random_seed(SEED)  # as training seeds itself before building
    fresh = build_network(parse(COURSE_CODE.code))
    replay = open_replay(read_model_file(run["path"]))
    assert replay is not None
    start = replay.weights(0)
    for layer in fresh.layers:
        for got, want in zip(start[layer.name], layer.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want.astype(np.float16).astype(np.float32))
    # Untrained, it reads every digit at about one chance in ten.
    readings = replay.network(0).run(small_mnist.x_test[:50] / 255.0)
    assert readings is not None
    assert readings[1].max() < 0.3


def test_the_last_snapshot_is_the_saved_model(run: dict, small_mnist) -> None:
    model_file = read_model_file(run["path"])
    replay = open_replay(model_file)
    assert replay is not None
    last = replay.weights(len(replay) - 1)
    for name, arrays in model_file.weights.items():
        for got, want in zip(last[name], arrays, strict=True):
            np.testing.assert_array_equal(got, want)
    # The saved model is what training ended with.
    trained = run["result"].model
    for layer in trained.layers:
        for got, want in zip(last[layer.name], layer.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)
    image = small_mnist.x_test[0] / 255.0
    readings = read_over_training(replay, image)
    expected = Predictor.load(run["path"]).probabilities(image[None])[0]
    np.testing.assert_array_equal(readings[-1].probabilities, expected)
    assert readings[-1].final and not any(r.final for r in readings[:-1])


def test_the_run_learns_between_its_snapshots(run: dict, small_mnist) -> None:
    """The network at step 0 and at the end read the test digits differently: the end
    much better (the snapshots are moments of one run, not copies of its end)."""
    replay = open_replay(read_model_file(run["path"]))
    assert replay is not None
    x, y = small_mnist.x_test / 255.0, small_mnist.y_test
    accuracy = []
    for index in (0, len(replay) - 1):
        found = replay.network(index).run(x)
        assert found is not None
        accuracy.append(float(np.mean(found[1].argmax(axis=1) == y)))
    assert accuracy[0] < 0.3 < accuracy[1]


def test_the_live_mailbox_ends_on_the_trained_weights(run: dict) -> None:
    mailbox: Mailbox = run["mailbox"]
    assert mailbox.puts == 17  # step 0, then after each of the 16 batches
    item = mailbox.take(timeout=0)
    assert item is not None and item.moment.step == 16 and item.steps == 16
    trained = run["result"].model
    for layer in trained.layers:
        for got, want in zip(item.weights[layer.name], layer.get_weights(), strict=True):
            np.testing.assert_array_equal(got, want)
    assert mailbox.take(timeout=0) is None  # taken once


# The mailbox ---------------------------------------------------------------------------------


def _item(step: int):
    from digitpad.core.training.live import LiveWeights

    return LiveWeights(Moment(step, 10), 10, (), {})


def test_the_newest_copy_wins_and_is_taken_once() -> None:
    mailbox = Mailbox(interval=0.0)
    assert mailbox.due()
    mailbox.put(_item(1))
    mailbox.put(_item(2))
    taken = mailbox.take(timeout=0)
    assert taken is not None and taken.moment.step == 2
    assert mailbox.take(timeout=0) is None


def test_a_copy_is_due_only_after_the_interval() -> None:
    mailbox = Mailbox(interval=3600.0)
    assert mailbox.due()
    mailbox.put(_item(1))
    assert not mailbox.due()


def test_a_closed_mailbox_takes_no_more() -> None:
    mailbox = Mailbox(interval=0.0)
    mailbox.put(_item(1))
    mailbox.close()
    mailbox.put(_item(2))
    assert mailbox.take(timeout=5) is None and not mailbox.due()


# A network the NumPy pass does not build ---------------------------------------------------


def small_network(activation: str):
    """Flatten → Dense(16) → `activation` as a layer → Dense(10, softmax), random weights."""
    import keras

    layer = keras.layers.LeakyReLU() if activation == "LeakyReLU" else keras.layers.ReLU()
    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(16),
            layer,
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


@pytest.mark.parametrize(("activation", "kept"), [("ReLU", True), ("LeakyReLU", False)])
def test_training_further_keeps_snapshots_only_of_a_network_numpy_builds(
    small_mnist, activation: str, kept: bool
) -> None:
    from digitpad.core.training.train import train

    config = TrainConfig(epochs=1, batch_size=500, seed=SEED)
    result = train(small_mnist, config, start_from=small_network(activation))
    assert result.model is not None
    assert (result.snapshots is not None) is kept


def test_snapshots_of_a_network_numpy_does_not_build_are_refused(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Such snapshots (a file made elsewhere, or by an older digitpad) are refused in one
    sentence: the window says so, `digitpad replay` exits 2; never an AssertionError."""
    from PIL import Image, ImageDraw

    from digitpad.cli import main
    from digitpad.core.models.snapshots import SnapshotError

    monkeypatch.setenv("LANGUAGE", "en")
    model = small_network("LeakyReLU")
    model.save(tmp_path / "plain.keras")
    members = read_model_file(tmp_path / "plain.keras").keras_members
    shapes = [tuple(w.shape) for w in model.weights]
    row = encode([np.asarray(w) for w in model.get_weights()], FLOAT16)
    assert row is not None
    kept = SnapshotSet.from_rows((0, 1), 1, False, shapes, [row]).to_bytes()
    path = save_copy(members, tmp_path / "leaky.keras", None, {"snapshots.npz": kept})
    with pytest.raises(SnapshotError) as caught:
        open_replay(read_model_file(path))
    assert str(caught.value).startswith(str(path))
    assert "the model has a kind of layer digitpad does not compute itself" in str(caught.value)

    image = tmp_path / "seven.png"
    drawing = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(drawing).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    drawing.save(image)
    code = main(["replay", "--model", str(path), str(image)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"digitpad: {path}: the snapshots of its training cannot be used")
    assert "Traceback" not in err and "AssertionError" not in err
