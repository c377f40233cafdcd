"""The model in use and the MNIST source, shared by the CLI and the window (core.models.choices)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from digitpad.cli import main
from digitpad.core.models import choices
from digitpad.core.models.store import load_default_model
from digitpad.core.paths import bundled_model_path, user_models_dir


def test_nothing_chosen_reads_as_defaults() -> None:
    assert choices.read() == choices.Choices()
    assert choices.model_in_use() is None
    assert choices.data_source() is None


def test_choices_are_written_atomically_and_read_back(tmp_path: Path) -> None:
    model = tmp_path / "mine.keras"
    shutil.copy(bundled_model_path(), model)
    assert choices.remember_model(model)
    assert choices.remember_data(local=True, path=tmp_path)
    assert choices.model_in_use() == model.resolve()
    assert choices.data_source() == str(tmp_path)
    assert [p.name for p in choices.choices_path().parent.iterdir() if p.name.startswith(".")] == []

    choices.remember_data(local=False, path=tmp_path)  # the Keras cache, the folder kept
    assert choices.data_source() is None
    assert choices.data_choice() == choices.DataChoice(local=False, path=str(tmp_path))


def test_the_bundled_model_is_stored_by_name_not_by_path() -> None:
    choices.remember_model(bundled_model_path())
    assert json.loads(choices.choices_path().read_text())["model"] == choices.BUNDLED
    assert choices.model_in_use() == bundled_model_path()


def test_a_relative_data_path_is_remembered_absolute(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    choices.remember_data(local=True, path="mnist")
    assert choices.data_source() == str(tmp_path / "mnist")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe garbage",
        b"[1, 2, 3]",
        b'{"model": 42, "data": "x"}',
        b'{"model": "", "data": {"local": "yes", "path": ["a"]}}',
        b'{"model": "a\\u0000b", "data": {"local": true, "path": 7}}',
        b'{"model": "' + b"x" * 70_000 + b'"}',
    ],
)
def test_a_damaged_or_hand_edited_file_reads_as_nothing_chosen(content: bytes) -> None:
    path = choices.choices_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    chosen = choices.read()
    assert chosen.model is None
    assert chosen.data.source is None
    assert isinstance(chosen.data.path, str)


def test_a_chosen_model_that_is_gone_is_not_in_use(tmp_path: Path) -> None:
    model = tmp_path / "gone.keras"
    shutil.copy(bundled_model_path(), model)
    choices.remember_model(model)
    model.unlink()
    assert choices.model_in_use() is None


def test_an_unwritable_data_folder_is_not_an_error(monkeypatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DIGITPAD_HOME", str(blocker))
    assert choices.remember_data(local=True, path=tmp_path) is False


def test_the_default_model_is_the_one_in_use_before_the_newest(tmp_path: Path) -> None:
    """The window stayed on the bundled model while a newer one was trained: the CLI must
    not take the newest behind the window's back."""
    newest = user_models_dir() / "model-newest.keras"
    newest.parent.mkdir(parents=True)
    shutil.copy(bundled_model_path(), newest)
    assert load_default_model()[1] == newest  # nothing chosen: the newest
    choices.remember_model(bundled_model_path())
    assert load_default_model()[1] == bundled_model_path()


def test_predict_says_which_model_answered(capsys, tmp_path: Path) -> None:
    from PIL import Image

    image = tmp_path / "blank.png"
    Image.new("L", (28, 28), 255).save(image)
    chosen = tmp_path / "chosen.keras"
    shutil.copy(bundled_model_path(), chosen)
    choices.remember_model(chosen)
    assert main(["predict", str(image)]) == 0
    first, *_ = capsys.readouterr().out.splitlines()
    assert first == f"Model: {chosen.resolve()}"
    assert main(["predict", "--json", str(image)]) == 0
    record = json.loads(capsys.readouterr().out.splitlines()[0])
    assert record["model"] == str(chosen.resolve())


def test_train_remembers_its_data_and_its_model_for_the_others(
    capsys, mnist_dir: Path, tmp_path: Path
) -> None:
    """`evaluate` without --data right after `train --data` used to fail."""
    out = tmp_path / "trained.keras"
    assert main(["train", "--data", str(mnist_dir), "--epochs", "1", "--out", str(out)]) == 0
    assert "now the model in use" in capsys.readouterr().out
    assert choices.data_source() == str(mnist_dir.resolve())
    assert choices.model_in_use() == out.resolve()

    assert main(["evaluate", "--json"]) == 0  # no --data, no --model
    record = json.loads(capsys.readouterr().out)
    assert record["model"] == str(out.resolve())
    assert record["samples"] == 300  # the fixture's test set: the remembered source
