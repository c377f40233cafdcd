"""A zip archive's directory is measured from its end record before `zipfile` reads it.

`zipfile.ZipFile` makes one object per directory entry before anyone can count them, so a
model file, an `.npz` or a record of 100,000 empty entries cost memory and time in
proportion to the file before the member limit applied. These archives are refused from
their last 22 bytes: `ZipFile` is never called on them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import one_sentence, run_cli

from digitpad.core import npz
from digitpad.core.npz import NpzError, TooManyMembers, open_zip, read_npz

MANY = 100_000


def many_entries(count: int = MANY) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"{i}", b"")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def crowded() -> bytes:
    return many_entries()


def refuse_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the whole directory was read")

    monkeypatch.setattr(npz.zipfile, "ZipFile", never)


def test_the_directory_is_counted_from_its_end_record(crowded: bytes, monkeypatch) -> None:
    refuse_zipfile(monkeypatch)
    with pytest.raises(TooManyMembers) as caught:
        open_zip(io.BytesIO(crowded), 64)
    assert caught.value.count == MANY


def test_a_small_archive_opens_as_before() -> None:
    buffer = io.BytesIO()
    np.savez(buffer, a=np.zeros(3), b=np.ones(2))
    with open_zip(buffer, 16) as archive:
        assert sorted(archive.namelist()) == ["a.npy", "b.npy"]
    buffer.seek(0)
    specs = {"a": npz.ArraySpec("f", (3,), 1024), "b": npz.ArraySpec("f", (2,), 1024)}
    arrays = read_npz(buffer, specs)
    assert arrays["b"].tolist() == [1.0, 1.0]


def test_a_long_directory_of_few_members_is_refused_too() -> None:
    """The count can be small while the directory is long (names of 60,000 characters)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(3):
            archive.writestr(f"{i}" * 60_000, b"")
    with pytest.raises(TooManyMembers):
        open_zip(io.BytesIO(buffer.getvalue()), 16)


def test_an_npz_of_many_entries_is_one_refusal(crowded: bytes, monkeypatch) -> None:
    refuse_zipfile(monkeypatch)
    with pytest.raises(NpzError) as caught:
        read_npz(io.BytesIO(crowded), {"a": npz.ArraySpec("f", (3,), 1024)})
    assert caught.value.kind == "members"


def test_a_model_file_of_many_entries_is_one_sentence(crowded: bytes, tmp_path: Path) -> None:
    (tmp_path / "crowded.keras").write_bytes(crowded)
    result = run_cli([["summary", "--model", str(tmp_path / "crowded.keras")]])
    outcome = result["results"][0]
    assert outcome["code"] == 2
    line = one_sentence(outcome["err"], naming="crowded.keras")
    assert "holds 100,000 files, far more than a .keras model has." in line
