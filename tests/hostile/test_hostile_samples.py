"""Hostile sample files and archives: one sentence each, sizes checked before reading.

Archives are generated here: encrypted entries, unsupported compression, bad
deflate data, labels of the wrong kind, string, object and wrong-dtype arrays,
.npy header bombs and entries declaring gigabytes (in their headers only).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import npy_header, patch_entry, run_cli, zip_bytes

from digitpad.core.data.sample_archive import ImportCancelled, export_samples, import_samples
from digitpad.core.data.samples import MAX_PAD_SIDE, SampleError, SampleStore


def canvas() -> np.ndarray:
    pad = np.full((120, 100), 255, np.uint8)
    pad[20:100, 45:55] = 0
    return pad


def sample_npz(**arrays: object) -> bytes:
    """A sample file's bytes; `arrays` replace (or, as None, drop) the usual ones."""
    from digitpad.core.data.framing import frame_digit

    usual: dict[str, object] = {
        "canvas": canvas(),
        "framed": frame_digit(canvas()),
        "label": np.int64(1),
        "created": np.float64(1.0),
    }
    usual.update(arrays)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{k: v for k, v in usual.items() if v is not None})
    return buffer.getvalue()


def npz_with_raw(name: str, raw: bytes) -> bytes:
    """A sample file whose array `name` is the raw .npy bytes given (a crafted header)."""
    good = zipfile.ZipFile(io.BytesIO(sample_npz()))
    members = {n: good.read(n) for n in good.namelist()}
    members[f"{name}.npy"] = raw
    return zip_bytes(members)


HOSTILE_ENTRIES: dict[str, tuple[bytes, str]] = {
    # name in the archive: (its bytes, what the sentence says)
    "ffff0001.npz": (sample_npz(label=np.array([1, 2, 3])), "the array label has the shape (3,)"),
    "ffff0002.npz": (sample_npz(label=np.float64(3.5)), "the array label has the data type <f8"),
    "ffff0003.npz": (sample_npz(label=np.array("7")), "the array label has the data type <U1"),
    "ffff0004.npz": (sample_npz(label=np.int64(12)), "has the label 12, not a digit 0–9."),
    "ffff0005.npz": (
        sample_npz(canvas=np.array([["a"]])),
        "the array canvas has the data type <U1",
    ),
    "ffff0006.npz": (
        sample_npz(canvas=np.array([[1, None]], dtype=object)),
        "the array canvas holds Python objects, which digitpad never loads.",
    ),
    "ffff0007.npz": (
        sample_npz(canvas=np.zeros((30, 30), np.float64)),
        "the array canvas has the data type <f8",
    ),
    "ffff0008.npz": (
        sample_npz(canvas=np.zeros((30, 30), np.uint16)),
        "the array canvas has the data type <u2",
    ),
    "ffff0009.npz": (
        sample_npz(framed=np.full((28, 28), np.nan, np.float32)),
        "holds a framed digit with values outside 0–1.",
    ),
    "ffff000a.npz": (sample_npz(framed=None), "lacks the array framed."),
    "ffff000b.npz": (
        npz_with_raw("canvas", npy_header((100_000, 100_000)) + b"\\0" * 16),  # a header bomb
        "the array canvas has the shape (100000, 100000)",
    ),
    "ffff000c.npz": (
        npz_with_raw("canvas", npy_header((30_000, 30_000))),
        "the array canvas has the shape (30000, 30000)",
    ),
    "ffff000d.npz": (
        npz_with_raw("canvas", npy_header((2048, 2048)) + b"\\0" * 100),
        "the array canvas is cut short or padded",
    ),
    "ffff000e.npz": (
        npz_with_raw("canvas", b"\\x93NUMPY\\x01\\x00\\xff\\xff" + b"{" * 70000),
        "the array canvas has a damaged or oversized header.",
    ),
    "ffff000f.npz": (b"not a zip at all", "is not an .npz archive (it is not a zip file)."),
    "ffff0010.npz": (  # within the spec's bounds, but no image: .min() of nothing
        sample_npz(framed=np.zeros((0, 28), np.float32)),
        "holds arrays of the wrong shape for a sample.",
    ),
    "ffff0011.npz": (
        sample_npz(framed=np.zeros((5, 5), np.float32)),
        "holds arrays of the wrong shape for a sample.",
    ),
    "../evil.npz": (sample_npz(), "skipped ../evil.npz, which is not a sample."),
}


def hostile_archive(path: Path) -> Path:
    """One good sample, every entry above, then entries broken at the zip level."""
    members = {"aaaa0000.npz": sample_npz(), **{n: d for n, (d, _) in HOSTILE_ENTRIES.items()}}
    members["eeee0001.npz"] = sample_npz()  # to be marked encrypted
    members["eeee0002.npz"] = sample_npz()  # to be given an unknown method
    members["eeee0003.npz"] = sample_npz()  # to declare 3 GiB
    data = zip_bytes(members)
    data = patch_entry(data, "eeee0001.npz", flags=0x1)
    data = patch_entry(data, "eeee0002.npz", method=99)
    data = patch_entry(data, "eeee0003.npz", size=3 * 1024**3)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_BZIP2) as z:
        z.writestr("eeee0004.npz", sample_npz())  # a method np.savez never writes
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("eeee0005.npz", bytes(range(256)) * 64)
    data = bytearray(buffer.getvalue())
    start = data.rfind(b"eeee0005.npz") - 46  # the central record; its local header comes first
    local = data.find(b"eeee0005.npz") + len("eeee0005.npz")
    data[local + 40 : local + 60] = b"\xff" * 20  # bad deflate data inside that entry
    assert start > 0
    path.write_bytes(bytes(data))
    return path


ZIP_LEVEL = {
    "eeee0001.npz": "holds an encrypted entry",
    "eeee0002.npz": "uses a compression method digitpad cannot read",
    "eeee0003.npz": "would unpack to 3.0 GB",
    "eeee0004.npz": "uses a compression method digitpad cannot read",
    "eeee0005.npz": "is damaged and cannot be decompressed.",
}


def test_every_hostile_entry_is_one_sentence_and_the_good_one_arrives(tmp_path: Path) -> None:
    archive = hostile_archive(tmp_path / "hostile.zip")
    store = SampleStore(tmp_path / "samples")
    added, problems = import_samples(store, archive)
    assert added == 1 and [s.id for s in store.load_all()[0]] == ["aaaa0000"]
    expected = [says for _data, says in HOSTILE_ENTRIES.values()] + list(ZIP_LEVEL.values())
    assert len(problems) == len(expected)
    for problem, says in zip(problems, expected, strict=True):
        assert says in problem, (says, problem)
        assert str(archive) in problem and problem.endswith(".") and "\n" not in problem
        assert "allow_pickle" not in problem
    assert sorted(p.name for p in store.folder.iterdir()) == ["aaaa0000.npz"], "no staging left"


def test_hostile_files_in_the_samples_folder_are_skipped_and_counted_out(tmp_path: Path) -> None:
    store = SampleStore(tmp_path)
    good = store.add(canvas(), 4)
    for name, (data, _says) in HOSTILE_ENTRIES.items():
        if "/" not in name:
            (tmp_path / name).write_bytes(data)
    os.mkfifo(tmp_path / "pipe.npz")  # would block a plain open for ever
    (tmp_path / "huge.npz").write_bytes(b"\0" * (40 * 1024 * 1024))
    samples, problems = store.load_all()
    assert [s.id for s in samples] == [good.id]
    counts, counted_problems = store.count()
    assert counts.tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert len(problems) == len(counted_problems) == len(HOSTILE_ENTRIES) - 1 + 2
    assert any("pipe.npz is not a regular file" in p for p in problems)
    assert any("huge.npz is 40.0 MB, too large to be a sample." in p for p in problems)


def test_a_pad_larger_than_the_bound_is_not_kept(tmp_path: Path) -> None:
    big = np.full((MAX_PAD_SIDE + 1, 200), 255, np.uint8)
    big[100:1900, 90:110] = 0
    with pytest.raises(SampleError, match="at most 2048×2048 pixels"):
        SampleStore(tmp_path).add(big, 1)
    assert list(tmp_path.iterdir()) == []


def test_a_stopped_import_keeps_nothing(tmp_path: Path) -> None:
    source = SampleStore(tmp_path / "a")
    for label in range(10):
        source.add(canvas(), label)
    archive = tmp_path / "all.zip"
    export_samples(source, archive)
    target = SampleStore(tmp_path / "b")
    steps: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled, match="nothing was imported"):
        import_samples(
            target, archive, progress=lambda d, t: steps.append((d, t)), should_stop=lambda: True
        )
    assert target.load_all() == ([], []) and list(target.folder.iterdir()) == []
    assert import_samples(target, archive, progress=lambda d, t: steps.append((d, t)))[0] == 10
    assert steps[-1] == (10, 10)


def test_ten_thousand_junk_entries_are_reported_not_imported(tmp_path: Path) -> None:
    archive = tmp_path / "junk.zip"
    archive.write_bytes(zip_bytes({f"{i:08x}.npz": b"junk" for i in range(10_000)}))
    added, problems = import_samples(SampleStore(tmp_path / "s"), archive)
    assert added == 0 and len(problems) == 10_000


def test_finetune_on_hostile_archives_within_bounded_memory(tmp_path: Path) -> None:
    archive = hostile_archive(tmp_path / "hostile.zip")
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(
        patch_entry(zip_bytes({"bbbb0000.npz": sample_npz()}), "bbbb0000.npz", size=3 * 1024**3)
    )
    result = run_cli(
        [
            ["finetune", "--samples", str(bomb)],
            ["finetune", "--samples", str(archive), "--epochs", "0"],
        ]
    )
    first, second = result["results"]
    assert first["code"] == 2 and "Traceback" not in first["err"]
    lines = first["err"].splitlines()
    assert "would unpack to 3.0 GB" in lines[0]
    assert lines[-1] == f"digitpad: There are no usable samples in {bomb}."
    assert second["code"] == 2 and "Invalid setting: epochs must be at least 1." in second["err"]
