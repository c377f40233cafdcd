"""The seed CNN's exact architecture, safe loading, and atomic saving."""

from __future__ import annotations

from pathlib import Path

import pytest
from model_files import config_layers

from digitpad.core.errors import ModelError
from digitpad.core.models import store as model_mod
from digitpad.core.models.store import (
    build_model,
    latest_user_model,
    load_default_model,
    load_model,
    read_attachment,
    read_metadata,
    save_model,
)
from digitpad.core.network.summary import summarize
from digitpad.core.paths import bundled_model_path


@pytest.fixture(scope="module")
def seed_model():
    return build_model()


def test_save_then_load_round_trip(seed_model, tmp_path: Path) -> None:
    import numpy as np

    path = save_model(seed_model, tmp_path / "m.keras", metadata={"test_accuracy": 0.5})
    loaded = load_model(path)
    for a, b in zip(seed_model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert read_metadata(path) == {"test_accuracy": 0.5}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"], "one file, no sidecar"


def test_metadata_and_attachments_live_inside_the_archive(seed_model, tmp_path: Path) -> None:
    import zipfile

    stats = bytes(range(256)) * 1000
    path = save_model(
        seed_model,
        tmp_path / "m.keras",
        metadata={"test_accuracy": 0.9, "loss": float("nan")},
        attachments={"stats.npz": stats},
    )
    with zipfile.ZipFile(path) as archive:
        assert {"digitpad.json", "digitpad/stats.npz", "config.json"} <= set(archive.namelist())
    assert read_metadata(path) == {"test_accuracy": 0.9, "loss": None}, "JSON has no NaN"
    assert read_attachment(path, "stats.npz") == stats
    assert read_attachment(path, "absent") is None
    assert read_attachment(path, "../config.json") is None
    save_model(seed_model, path)  # saved again without metadata: none is left over
    assert read_metadata(path) == {} and read_attachment(path, "stats.npz") is None


def test_saved_file_has_no_optimizer_state(seed_model, tmp_path: Path) -> None:
    import zipfile

    model_mod.compile_model(seed_model)
    path = save_model(seed_model, tmp_path / "m.keras")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert not any("optimizer" in n for n in names)
    assert path.stat().st_size < 6_000_000


def test_failed_save_keeps_the_old_model(seed_model, tmp_path: Path, monkeypatch) -> None:
    good = save_model(seed_model, tmp_path / "m.keras")
    before = good.read_bytes()
    import keras

    def explode(self, filepath, *args, **kwargs):
        Path(filepath).write_bytes(b"half a model")  # a partial write, then the disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keras.Model, "save", explode)
    with pytest.raises(ModelError, match="Could not save the model.*No space left"):
        save_model(seed_model, good)
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.keras"], "no temporary file is left"


def test_unwritable_folder_is_a_clear_error(seed_model, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ModelError, match="Could not save the model"):
        save_model(seed_model, blocker / "sub" / "m.keras")


def test_a_legacy_sidecar_counts_only_when_it_names_the_models_hash(
    seed_model, tmp_path: Path
) -> None:
    import hashlib
    import json

    path = save_model(seed_model, tmp_path / "m.keras")
    sidecar = path.with_suffix(".json")
    # An older digitpad killed between renames left the new sidecar beside the old model.
    sidecar.write_text(json.dumps({"test_accuracy": 0.99}))
    assert read_metadata(path) == {}
    sidecar.write_text(json.dumps({"test_accuracy": 0.99, "model_sha256": "0" * 64}))
    assert read_metadata(path) == {}
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sidecar.write_text(json.dumps({"test_accuracy": 0.99, "model_sha256": digest}))
    assert read_metadata(path) == {"test_accuracy": 0.99}
    # Metadata inside the file wins over any sidecar.
    save_model(seed_model, path, metadata={"test_accuracy": 0.5})
    assert read_metadata(path) == {"test_accuracy": 0.5}


def test_rejects_other_files_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"it loads \.keras and \.h5 files"):
        load_model(tmp_path / "model.pt")
    with pytest.raises(ModelError, match="does not exist"):
        load_model(tmp_path / "absent.keras")


def test_rejects_a_corrupt_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"this is not a zip archive")
    with pytest.raises(ModelError, match=r"bad\.keras is not a \.keras model file"):
        load_model(bad)


def test_rejects_a_foreign_model(tmp_path: Path) -> None:
    import keras

    wrong_input = keras.Sequential(
        [keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    wrong_output = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(5)]
    )
    wrong_input.save(tmp_path / "in.keras")
    wrong_output.save(tmp_path / "out.keras")
    with pytest.raises(ModelError, match=r"expects input of shape \(32, 32, 3\)"):
        load_model(tmp_path / "in.keras")
    with pytest.raises(ModelError, match="not the 10 digit classes"):
        load_model(tmp_path / "out.keras")


def test_safe_mode_refuses_lambda_layers(tmp_path: Path) -> None:
    import keras

    sneaky = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Lambda(lambda x: x * 2),
            keras.layers.Dense(10),
        ]
    )
    sneaky.save(tmp_path / "lambda.keras")
    with pytest.raises(ModelError, match="contains code") as caught:
        load_model(tmp_path / "lambda.keras")
    assert "safe_mode=" not in str(caught.value)


def test_bundled_model_is_packaged_and_valid() -> None:
    path = bundled_model_path()
    assert path.is_file() and path.stat().st_size < 6_000_000
    model = load_model(path)
    assert summarize(config_layers(model)).total == 1_199_882
    assert read_metadata(path)["test_accuracy"] >= 0.993


def test_default_prefers_the_latest_valid_user_model(seed_model, private_home: Path) -> None:
    assert load_default_model()[1] == bundled_model_path()
    folder = private_home / "models"
    mine = save_model(seed_model, folder / "model-1.keras")
    assert latest_user_model() == mine and load_default_model()[1] == mine
    broken = folder / "model-2.keras"
    broken.write_bytes(b"garbage")
    assert latest_user_model() == broken
    assert load_default_model()[1] == mine, "a broken newest file falls back to an older valid one"
