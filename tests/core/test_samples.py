"""Personal samples: stored atomically, corrupt files skipped, export/import round trip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.core.data.framing import frame_digit
from digitpad.core.data.sample_archive import export_samples, import_samples
from digitpad.core.data.samples import SampleError, SampleStore


def drawing(points=((60, 50), (200, 50), (110, 230))) -> np.ndarray:
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line(list(points), fill=0, width=18, joint="curve")
    return np.asarray(image)


def test_add_keeps_canvas_framing_and_label(private_home: Path) -> None:
    store = SampleStore()
    canvas = drawing()
    sample = store.add(canvas, 7)
    assert store.folder == private_home / "samples"
    [loaded], problems = store.load_all()
    assert problems == [] and loaded.id == sample.id and loaded.label == 7
    np.testing.assert_array_equal(loaded.canvas, canvas)
    np.testing.assert_allclose(loaded.framed, frame_digit(canvas))
    assert store.counts().tolist() == [0] * 7 + [1, 0, 0]
    assert [p.name for p in store.folder.iterdir()] == [f"{sample.id}.npz"], "no temp files"


def test_blank_pad_and_bad_label_are_refused(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    with pytest.raises(SampleError, match="blank"):
        store.add(np.full((100, 100), 255, np.uint8), 3)
    with pytest.raises(SampleError, match="0–9"):
        store.add(drawing(), 12)


def test_relabel_and_delete(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    first, second = store.add(drawing(), 1), store.add(drawing(), 7)
    store.relabel(first, 4)
    store.delete(second.id)
    [only], _ = store.load_all()
    assert only.id == first.id and only.label == 4


def test_corrupt_and_foreign_files_are_reported_and_skipped(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    good = store.add(drawing(), 7)
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not really")
    np.savez(tmp_path / "foreign.npz", weights=np.zeros(3))
    samples, problems = store.load_all()
    assert [s.id for s in samples] == [good.id]
    assert len(problems) == 2
    assert "broken.npz is not an .npz archive" in problems[0]
    assert "foreign.npz lacks the array canvas" in problems[1]


def test_export_import_round_trip(tmp_path: Path) -> None:
    source = SampleStore(tmp_path / "a")
    made = [source.add(drawing(), label) for label in (1, 7, 7)]
    archive = tmp_path / "mine.zip"
    assert export_samples(source, archive) == 3
    target = SampleStore(tmp_path / "b")
    assert import_samples(target, archive) == (3, [])
    assert import_samples(target, archive) == (0, []), "importing twice adds nothing"
    loaded, _ = target.load_all()
    assert sorted(s.id for s in loaded) == sorted(s.id for s in made)
    assert target.counts()[7] == 2


def test_import_skips_bad_members(tmp_path: Path) -> None:
    source = SampleStore(tmp_path / "a")
    source.add(drawing(), 2)
    archive = tmp_path / "mine.zip"
    export_samples(source, archive)
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr("evil/../../x.npz", b"nope")
        z.writestr("deadbeef.npz", b"garbage")
    added, problems = import_samples(SampleStore(tmp_path / "b"), archive)
    assert added == 1 and len(problems) == 2


def test_import_of_a_non_archive(tmp_path: Path) -> None:
    bogus = tmp_path / "x.zip"
    bogus.write_text("hello")
    with pytest.raises(SampleError, match="not a digitpad samples archive"):
        import_samples(SampleStore(tmp_path / "b"), bogus)


def test_a_folder_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    blocked = tmp_path / "samples"
    blocked.write_text("a file where the folder should be")  # mkdir fails, even for root
    with pytest.raises(SampleError, match=r"^Could not save the sample in .*samples \(.*\)\.$"):
        SampleStore(blocked).add(drawing(), 3)
    assert blocked.is_file() and [p.name for p in tmp_path.iterdir()] == ["samples"]


def test_an_import_that_fails_partway_keeps_nothing(tmp_path: Path, monkeypatch) -> None:
    """All or nothing: a sample that cannot be moved in takes back those moved before it."""
    import os

    source = SampleStore(tmp_path / "a")
    for label in (1, 2, 3):
        source.add(drawing(), label)
    archive = tmp_path / "mine.zip"
    export_samples(source, archive)
    target = SampleStore(tmp_path / "b")
    target.add(drawing(), 9)
    before = sorted(p.name for p in target.folder.iterdir())
    real_replace = os.replace
    moved: list[str] = []

    def full_disk_at_the_third(src, dst, *args, **kwargs):
        if Path(dst).parent == target.folder and Path(src).parent != target.folder:
            moved.append(str(dst))
            if len(moved) == 3:
                raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk_at_the_third)
    with pytest.raises(SampleError, match=r"^Nothing was imported from .*No space left"):
        import_samples(target, archive)
    monkeypatch.undo()
    assert len(moved) == 3
    assert sorted(p.name for p in target.folder.iterdir()) == before, "no staging folder left"
