"""The user's models as a list with their records; renaming and deleting one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digitpad.core.errors import ModelError
from digitpad.core.models import library as model_library
from digitpad.core.models.archive import read_attachment, read_metadata
from digitpad.core.models.store import build_model, load_model, new_user_model_path, save_model


@pytest.fixture(scope="module")
def seed_model():
    return build_model()


def test_the_bundled_model_comes_first_then_the_users_newest(seed_model) -> None:
    import os

    first = save_model(seed_model, new_user_model_path(), {"test_accuracy": 0.97, "epochs": 1})
    os.utime(first, (1, 1))  # older
    second = save_model(seed_model, new_user_model_path(), {"epochs": 3, "name": "Mine"})
    entries = model_library.list_models()
    assert entries[0].bundled and entries[0].test_accuracy == pytest.approx(0.9942, abs=1e-4)
    assert [e.path for e in entries[1:]] == [second, first]
    assert entries[1].name == "Mine" and entries[1].epochs == 3
    assert entries[2].name == first.stem and entries[2].test_accuracy == pytest.approx(0.97)


def test_rename_keeps_the_model_and_its_other_records(seed_model, tmp_path: Path) -> None:
    path = save_model(
        seed_model,
        tmp_path / "m.keras",
        {"test_accuracy": 0.9, "epochs": 2},
        attachments={"stats.bin": b"\x00\x01"},
    )
    renamed = model_library.rename(path, "  16   filters\n run ")
    assert renamed.name == "16 filters run"
    assert read_metadata(path) == {"test_accuracy": 0.9, "epochs": 2, "name": "16 filters run"}
    assert read_attachment(path, "stats.bin") == b"\x00\x01"
    for a, b in zip(seed_model.get_weights(), load_model(path).get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_the_bundled_model_is_neither_renamed_nor_deleted() -> None:
    bundled = model_library.bundled()
    with pytest.raises(ModelError, match="bundled"):
        model_library.rename(bundled, "x")
    with pytest.raises(ModelError, match="bundled"):
        model_library.delete(bundled)
    assert bundled.is_file()


def test_an_empty_name_and_a_broken_file_are_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be empty"):
        model_library.rename(tmp_path / "m.keras", "   ")
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ModelError, match=r"Could not change .*broken\.keras"):
        model_library.rename(broken, "x")
    assert broken.read_bytes() == b"not a zip"  # untouched


def test_delete_removes_the_file(seed_model, tmp_path: Path) -> None:
    path = save_model(seed_model, tmp_path / "m.keras")
    model_library.delete(path)
    assert not path.exists()
    model_library.delete(path)  # already gone: nothing to do
