"""Train a model and keep it (`core.training.keep`): one sequence for the CLI and the window.

A small dense network on the 1,000-image fixture: saved with its record and its
judgement, remembered as the model in use; a stop at every stage keeps nothing.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from digitpad.core.configs import FinetuneConfig, TrainConfig
from digitpad.core.errors import ModelError
from digitpad.core.inference.judgement import ATTACHMENT, JudgementStats
from digitpad.core.models import choices
from digitpad.core.models.store import load_model, read_attachment, read_metadata
from digitpad.core.network.code import parse
from digitpad.core.network.presets import preset_named
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.core.progress import (
    BatchProgress,
    DataLoadedProgress,
    EpochProgress,
    JudgementProgress,
    LoadingDataProgress,
    SavingProgress,
    ValidationProgress,
)
from digitpad.core.training.keep import train_and_keep
from digitpad.core.training.recipes import Finetuning, Training
from digitpad.core.training.steps import CoreSteps
from digitpad.core.training.train import TrainResult

DENSE = preset_named("dense-only")
QUICK = TrainConfig(epochs=1, batch_size=500, seed=0)  # two batches of the fixture


def dense_training(name: str = "Dense on the fixture") -> Training:
    return Training(QUICK, network=parse(DENSE.code), name=name)


def files_in(folder: Path) -> list[str]:
    """Every name in `folder`, hidden temporary files too."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture(scope="module")
def trained(small_mnist) -> TrainResult:
    """The dense network trained once, for the tests of the stages after training."""
    result = dense_training().run(small_mnist, CoreSteps(), lambda event: None, lambda: False)
    assert result.model is not None
    return result


@dataclass(frozen=True)
class Already:
    """A recipe whose training is done already (`trained`): the stages after it, fast."""

    result: TrainResult

    def check_memory(self) -> None:
        """Trained already: nothing more to fit."""

    def run(self, data, steps, progress, should_stop) -> TrainResult:
        return self.result

    def record(self, result: TrainResult, data) -> dict[str, object]:
        return result.metadata(data.source, name="already trained")


class KnownJudgement(CoreSteps):
    """Core's steps, with the judgement's statistics fitted before (the save stages, fast)."""

    stats: JudgementStats | None = None

    @classmethod
    def fit_judgement(cls, model, data, *, progress, should_stop) -> JudgementStats | None:
        progress(JudgementProgress(1, 1))
        return cls.stats


@pytest.fixture
def quick_steps(fixture_judgement) -> type[KnownJudgement]:
    KnownJudgement.stats = fixture_judgement
    return KnownJudgement


def test_importing_it_imports_no_tensorflow() -> None:
    code = (
        "import sys, digitpad.core.training.keep, digitpad.core.training.recipes, "
        "digitpad.core.training.steps; "
        "print('tensorflow' in sys.modules, 'keras' in sys.modules, 'PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_a_run_is_saved_with_its_record_and_judgement_and_is_the_model_in_use(
    mnist_dir: Path,
) -> None:
    events: list[object] = []
    tested: list[TrainResult] = []

    def on_trained(result: TrainResult) -> None:
        assert not any(isinstance(e, JudgementProgress) for e in events), "before the fit"
        tested.append(result)

    kept = train_and_keep(
        dense_training,
        mnist_dir,
        progress=events.append,
        on_trained=on_trained,
        remember_data=True,
    )
    assert kept is not None and tested == [kept.result]

    # Saved as a new file in the user's models folder, nothing else left there.
    assert kept.path.parent == user_models_dir() and kept.path.suffix == ".keras"
    assert files_in(user_models_dir()) == [kept.path.name]
    record = read_metadata(kept.path)
    assert record["name"] == "Dense on the fixture" and record["code"] == DENSE.code
    assert record["parameters"] == 101_770 and record["epochs"] == 1
    assert record["test_accuracy"] == kept.result.test_accuracy
    assert record["data"] == str(mnist_dir) and len(record["history"]["epochs"]) == 1
    # The judgement fitted for this very model rides along inside the file.
    assert kept.stats is not None
    assert read_attachment(kept.path, ATTACHMENT) == kept.stats.to_bytes()
    saved = load_model(kept.path)
    for a, b in zip(saved.get_weights(), kept.result.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    # Remembered: the model in use and the MNIST source, for the CLI and the window.
    assert choices.model_in_use() == kept.path.resolve()
    assert choices.data_source() == str(mnist_dir.resolve())

    # Every stage reported, in order.
    kinds = [type(e) for e in events]
    assert kinds[:2] == [LoadingDataProgress, DataLoadedProgress]
    assert events[1] == DataLoadedProgress(str(mnist_dir), 1000, ())
    assert kinds[-1] is SavingProgress and events[-1] == SavingProgress(kept.path)
    training = kinds.index(BatchProgress), kinds.index(EpochProgress)
    fitting = kinds.index(JudgementProgress)
    assert 2 == training[0] < training[1] < fitting
    percents = [100 * e.done / e.total for e in events if isinstance(e, JudgementProgress)]
    assert percents[0] == 0 and percents == sorted(percents) and percents[-1] > 90


def test_a_fine_tuned_model_records_where_it_came_from(
    small_mnist, tilted_handwriting, tmp_path: Path
) -> None:
    model = load_model(bundled_model_path())
    samples = tilted_handwriting[:40]
    target = tmp_path / "tuned.keras"
    kept = train_and_keep(
        lambda: Finetuning(model, samples, FinetuneConfig(epochs=1), bundled_model_path()),
        small_mnist.source,
        target,
    )
    assert kept is not None and kept.path == target and files_in(tmp_path) == ["tuned.keras"]
    record = read_metadata(target)
    assert record["finetuned_from"] == str(bundled_model_path())
    assert record["personal_samples"] == 40
    assert record["test_accuracy"] == kept.result.mnist_after
    assert read_attachment(target, ATTACHMENT) == kept.stats.to_bytes()
    assert choices.model_in_use() == target.resolve()
    assert choices.data_source() is None  # not asked to remember the source


STAGES = ["making", "loading", "training", "validation", "trained", "judgement", "saving", "saved"]


@pytest.mark.parametrize("stage", STAGES)
def test_a_stop_at_any_stage_keeps_nothing(
    stage: str, mnist_dir: Path, trained: TrainResult, quick_steps, tmp_path: Path
) -> None:
    before = bundled_model_path()
    choices.remember_model(before)
    stop = []

    def make():
        if stage == "making":
            stop.append(stage)
        return dense_training() if stage in ("training", "validation") else Already(trained)

    def progress(event: object) -> None:
        if not stop and (
            (stage == "loading" and isinstance(event, LoadingDataProgress))
            or (stage == "training" and isinstance(event, BatchProgress))
            or (stage == "validation" and isinstance(event, ValidationProgress))
            or (stage == "judgement" and isinstance(event, JudgementProgress) and event.done)
            or (stage == "saving" and isinstance(event, SavingProgress))
        ):
            stop.append(stage)

    class Steps(CoreSteps if stage == "judgement" else quick_steps):
        @staticmethod
        def save_model(*args, **kwargs) -> Path:
            saved = CoreSteps.save_model(*args, **kwargs)
            assert saved.is_file()  # written whole: only then does the stop come
            if stage == "saved":
                stop.append(stage)
            return saved

    for target in (None, tmp_path / "mine.keras"):
        stop.clear()
        kept = train_and_keep(
            make,
            mnist_dir,
            target,
            progress=progress,
            should_stop=lambda: bool(stop),
            on_trained=lambda _result: stop.append(stage) if stage == "trained" else None,
            steps=Steps(),
        )
        assert stop == [stage] and kept is None
    assert files_in(user_models_dir()) == [] and files_in(tmp_path) == []
    assert choices.model_in_use() == before


def test_a_stop_after_an_existing_file_was_replaced_keeps_the_new_one(
    small_mnist, trained: TrainResult, quick_steps, tmp_path: Path
) -> None:
    """The save replaced the file whole: the old one cannot come back, so the new one stays."""
    target = tmp_path / "mine.keras"
    target.write_bytes(b"the user's earlier model")
    stopped = []

    class Steps(quick_steps):
        @staticmethod
        def save_model(*args, **kwargs) -> Path:
            saved = CoreSteps.save_model(*args, **kwargs)
            stopped.append(True)
            return saved

    kept = train_and_keep(
        lambda: Already(trained),
        small_mnist.source,
        target,
        should_stop=lambda: bool(stopped),
        steps=Steps(),
    )
    assert kept is not None and kept.path == target and stopped
    assert read_metadata(target)["name"] == "already trained"
    assert files_in(tmp_path) == ["mine.keras"]


def test_a_save_that_fails_keeps_nothing_and_says_why(
    small_mnist, trained: TrainResult, quick_steps, tmp_path: Path
) -> None:
    choices.remember_model(bundled_model_path())

    class Steps(quick_steps):
        @staticmethod
        def save_model(model, path: Path, **kwargs) -> Path:
            path.write_bytes(b"PK half a model")  # a substitute that fails half way
            raise ModelError("Could not save the model (No space left on device).")

    with pytest.raises(ModelError, match="No space left"):
        train_and_keep(lambda: Already(trained), small_mnist.source, steps=Steps())
    assert files_in(user_models_dir()) == []
    assert choices.model_in_use() == bundled_model_path()


def test_a_ctrl_c_while_saving_leaves_no_reserved_name(
    small_mnist, trained: TrainResult, quick_steps
) -> None:
    """The new model's name is reserved (an empty file) before the save: a Ctrl-C in the
    middle of saving removes it, as a failed save does."""

    class Steps(quick_steps):
        @staticmethod
        def save_model(model, path: Path, **kwargs) -> Path:
            assert path.is_file()  # the reservation
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train_and_keep(lambda: Already(trained), small_mnist.source, steps=Steps())
    assert files_in(user_models_dir()) == []


def test_a_target_that_cannot_be_saved_stops_before_any_work(tmp_path: Path) -> None:
    folder = tmp_path / "models.keras"
    folder.mkdir()

    def make():
        pytest.fail("the work began although the model could not be saved")

    class Steps(CoreSteps):
        @staticmethod
        def load_data(source, /):
            pytest.fail("MNIST was read although the model could not be saved")

    with pytest.raises(ModelError, match="is a folder"):
        train_and_keep(make, None, folder, steps=Steps())
    assert files_in(tmp_path) == ["models.keras"]
