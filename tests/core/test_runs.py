"""Every training is a run: its record (name, code, hyperparameters, curves, time, accuracy)
lives inside its model file, is listed by `runs()` and `digitpad runs`, and survives a restart."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from digitpad.cli import main
from digitpad.core.configs import TrainConfig
from digitpad.core.i18n import percent
from digitpad.core.models import library as model_library
from digitpad.core.models.history import MAX_BATCH_POINTS, HistoryRecorder, TrainingHistory, thin
from digitpad.core.models.store import new_user_model_path, read_metadata, save_model
from digitpad.core.network.code import NetworkError, parse
from digitpad.core.network.presets import preset_named
from digitpad.core.progress import BatchProgress, EpochProgress
from digitpad.core.training.train import train

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dense_run(small_mnist):
    """The dense-only preset trained for two epochs on the small fixture."""
    network = parse(preset_named("dense-only").code)
    events: list[object] = []
    result = train(
        small_mnist,
        TrainConfig(epochs=2, batch_size=100, seed=1),
        progress=events.append,
        network=network,
    )
    return result, events


def test_a_run_records_its_network_and_the_curves_it_reported(dense_run, small_mnist) -> None:
    result, events = dense_run
    assert result.model is not None and result.model.count_params() == 101_770
    assert [type(layer).__name__ for layer in result.model.layers] == ["Flatten", "Dense", "Dense"]
    batches = [e for e in events if isinstance(e, BatchProgress)]
    epochs = [e for e in events if isinstance(e, EpochProgress)]
    assert len(batches) == 20 and len(epochs) == 2  # ceil(1000 / 100) batches per epoch
    assert result.history.batches == tuple(
        (b.epoch - 1 + b.step / b.steps, b.loss, b.accuracy) for b in batches
    )
    assert result.history.epochs == tuple(epochs)
    record = result.metadata(small_mnist.source, name="  Dense\tonly ")
    assert record["name"] == "Dense only"
    assert record["code"] == preset_named("dense-only").code
    assert record["parameters"] == 101_770
    assert (record["epochs"], record["batch_size"], record["learning_rate"]) == (2, 100, 1.0)
    assert record["test_accuracy"] == epochs[-1].val_accuracy
    json.dumps(record, allow_nan=False)  # plain JSON


def test_the_course_network_is_the_default_and_is_recorded(small_mnist) -> None:
    result = train(small_mnist, TrainConfig(batch_size=500, seed=2))
    assert result.model.count_params() == 1_199_882
    assert result.code == preset_named("course").code


def test_an_impossible_network_stops_before_training(small_mnist) -> None:
    network = parse("model = Sequential()\nmodel.add(Dense(10, activation='softmax'))")
    events: list[object] = []
    with pytest.raises(NetworkError, match="Line 2: Dense needs a row of values"):
        train(small_mnist, progress=events.append, network=network)
    assert events == []


def test_a_run_round_trips_through_a_restart(dense_run, small_mnist, private_home) -> None:
    result, _events = dense_run
    path = save_model(
        result.model, new_user_model_path(), result.metadata(small_mnist.source, name="dense")
    )
    save_model(result.model, new_user_model_path(), {"name": "not a run"})  # no curves
    (run,) = model_library.runs()
    assert run.path == path and run.name == "dense" and run.parameters == 101_770
    assert run.code == preset_named("dense-only").code
    assert run.history.epochs[-1].val_accuracy == pytest.approx(result.test_accuracy, abs=1e-5)
    assert len(run.history.batches) == 20
    model_library.rename(path, "Dense only, 2 epochs")

    # Another process, as after a restart: the same run, renamed.
    listed = subprocess.run(
        [sys.executable, "-m", "digitpad", "--lang", "en", "runs"],
        capture_output=True,
        text=True,
        env={**os.environ, "DIGITPAD_HOME": str(private_home)},
        cwd=ROOT,
        check=True,
    ).stdout.splitlines()
    assert listed[0].split() == [
        "Name",
        "Parameters",
        "Epochs",
        "Seconds",
        "Test",
        "accuracy",
        "File",
    ]
    (row,) = listed[1:]
    assert row.startswith("Dense only, 2 epochs  ") and row.endswith(str(path))
    assert "101,770" in row and percent(result.test_accuracy, 2) in row
    model_library.delete(path)
    assert model_library.runs() == []


def test_curves_are_stored_compactly_and_read_defensively() -> None:
    recorder = HistoryRecorder()
    for step in range(1, 5001):
        recorder.add(BatchProgress(1, 1, step, 5000, 1 / step, math.nan if step == 7 else 0.5))
    recorder.add(EpochProgress(1, 1, 0.1, 0.9, 0.2, 0.95))
    stored = recorder.history().to_json()
    assert len(stored["batches"]["x"]) == MAX_BATCH_POINTS
    assert stored["batches"]["x"][-1] == 1.0  # the last batch is kept
    back = TrainingHistory.from_json(json.loads(json.dumps(stored)))
    assert len(back.batches) == MAX_BATCH_POINTS and back.epochs[0].val_accuracy == 0.95
    assert len(thin(tuple((float(i), 0.0, 0.0) for i in range(10)), 4)) == 4
    hostile_records = (
        None,
        [],
        "x",
        {"batches": {"x": "abc"}},
        {"epochs": [{"epoch": "1"}]},
        {"batches": {"x": [1e309, True], "loss": [1], "accuracy": [None]}},
    )
    for hostile in hostile_records:
        assert not TrainingHistory.from_json(hostile)


def test_a_hostile_record_is_shown_harmlessly(tmp_path: Path, private_home) -> None:
    """A model file handed over with control characters in its run's name."""
    from digitpad.core.models.store import build_model

    path = save_model(
        build_model(),
        new_user_model_path(),
        {"name": "evil\x1b[2J\nname", "history": {"epochs": [{"epoch": 1, "val_accuracy": 0.5}]}},
    )
    (run,) = model_library.runs()
    assert run.name == "evil [2J name" and run.path == path
    with zipfile.ZipFile(path) as archive:
        assert "digitpad.json" in archive.namelist()
    assert read_metadata(path)["name"].startswith("evil\x1b")  # stored as given, shown cleaned


def test_cli_summary_of_code_and_bad_code(capsys, tmp_path: Path) -> None:
    code = tmp_path / "course.py"
    code.write_text(preset_named("course").code, encoding="utf-8")
    assert main(["--lang", "en", "summary", "--arch", str(code)]) == 0
    out = capsys.readouterr().out
    assert f"Network: {code}" in out and "Total params: 1,199,882" in out
    assert "max_pooling2d (MaxPooling2D)" in out and "(None, 12, 12, 64)" in out

    bad = tmp_path / "bad.py"
    bad.write_text(
        "model = Sequential()\nmodel.add(Conv2D(8, (3, 3)))\nmodel.add(Dense(10))\n",
        encoding="utf-8",
    )
    assert main(["--lang", "en", "summary", "--arch", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "digitpad: Line 3: Dense needs a row of values, but it gets 26×26×8 feature maps; "
        "add model.add(Flatten()) before it."
    ]
    hostile = tmp_path / "hostile.py"
    pwned = tmp_path / "pwned"
    hostile.write_text(f"import os\nos.system('touch {pwned}')\n", encoding="utf-8")
    for command in ("summary", "train"):
        assert main(["--lang", "en", command, "--arch", str(hostile)]) == 2
        err = capsys.readouterr().err
        assert (
            err.startswith("digitpad: Line 1: this import is not allowed")
            and "Traceback" not in err
        )
    assert not pwned.exists()


def test_cli_trains_code_and_records_the_run(capsys, tmp_path: Path, mnist_dir: Path) -> None:
    code = tmp_path / "one_conv.py"
    code.write_text(preset_named("one-convolution").code, encoding="utf-8")
    out_path = tmp_path / "one.keras"
    assert main(["--lang", "en", "train", "--arch", str(code), "--data", str(mnist_dir),
                 "--batch-size", "250", "--out", str(out_path)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Network: One convolution, 693,962 parameters" in out
    assert 'Recorded as the run "One convolution"' in out
    record = read_metadata(out_path)
    assert record["name"] == "One convolution" and record["parameters"] == 693_962
    assert record["code"] == code.read_text(encoding="utf-8")
    assert len(record["history"]["batches"]["x"]) == 4 and len(record["history"]["epochs"]) == 1
    assert main(["--lang", "en", "runs"]) == 0
    assert "No runs yet" in capsys.readouterr().out  # --out was elsewhere: not in the folder


def test_renaming_keeps_a_models_place(small_mnist, private_home) -> None:
    """A new name is not a newer model: the list keeps its order, the newest stays the default."""
    from digitpad.core.models.store import build_model, latest_user_model

    old = save_model(build_model(), new_user_model_path(), {"history": {"epochs": [{"epoch": 1}]}})
    os.utime(old, (1_000, 1_000))
    new = save_model(build_model(), new_user_model_path(), {"history": {"epochs": [{"epoch": 1}]}})
    model_library.rename(old, "the old one")
    assert [e.path for e in model_library.runs()] == [new, old]
    assert latest_user_model() == new and old.stat().st_mtime == 1_000
