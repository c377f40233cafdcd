"""Hostile digit statistics inside a model file (issue 28's class "unvalidated statistics").

The bundled model with its judgement attachment replaced: arrays of the wrong type, shape or
size, NaN, a format of the future, factors that are no Cholesky factors, statistics of
another network, a member that declares 8 TB, a known member that would unpack to 2 GB, an
unknown member that really unpacks to 3.2 GB of zeros. The model must still predict, judged
by its top bar (or, for the unknown member, by its valid statistics) and saying why in one
note, with memory bounded: the command line runs them under an address-space limit
(hostile_helpers), so reading any of those gigabytes fails the test.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import npy_header, patch_entry, run_cli

from digitpad.core.inference.judgement import JUDGE_BASELINE, JUDGE_GAUSSIAN
from digitpad.core.inference.judgement_stats import ATTACHMENT
from digitpad.core.inference.predictor import DAMAGED, MISMATCHED, NEWER, Predictor
from digitpad.core.models.archive import ATTACHMENT_PREFIX
from digitpad.core.models.store import read_attachment, save_copy
from digitpad.core.paths import bundled_model_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "judgement"
GOOD = "good"  # stands for "the valid statistics are used"


def bundled_stats() -> dict[str, np.ndarray]:
    data = read_attachment(bundled_model_path(), ATTACHMENT)
    assert data is not None
    with np.load(io.BytesIO(data)) as archive:
        return {k: archive[k] for k in archive.files}


def npz(arrays: dict[str, object], **extra: bytes) -> bytes:
    """An .npz of `arrays` (deflated, as digitpad writes it) plus raw `extra` members."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)  # type: ignore[arg-type]
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def changed(**arrays: object) -> bytes:
    return npz(bundled_stats() | arrays)


def zeros_member(name: str, values: int) -> bytes:
    """A zip holding the bundled statistics and `name`.npy: `values` float64 zeros, really
    deflated (3.2 GB of zeros pack into about 3 MB), written a block at a time."""
    buffer = io.BytesIO(npz(bundled_stats()))
    with zipfile.ZipFile(buffer, "a") as archive:
        info = zipfile.ZipInfo(f"{name}.npy")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write(npy_header((values,), "<f8"))
            block = bytes(64 * 1024 * 1024)
            left = values * 8
            while left:
                member.write(block[: min(left, len(block))])
                left -= min(left, len(block))
    return buffer.getvalue()


def declaring(name: str, shape: tuple[int, ...]) -> bytes:
    """The bundled statistics with `name` replaced by a header declaring `shape` (float64)
    and a few bytes: nothing near that size is stored."""
    stats = bundled_stats()
    del stats[name]
    return npz(stats, **{f"{name}.npy": npy_header(shape, "<f8") + bytes(64)})


def negative_shape(name: str, shape: tuple[int, ...]) -> bytes:
    """The bundled statistics with `name` declaring a shape of negative sizes (numpy reads
    them) and exactly the bytes their product asks for, so only the shape is wrong."""
    stats = bundled_stats()
    del stats[name]
    return npz(stats, **{f"{name}.npy": npy_header(shape, "<f8") + bytes(8 * math.prod(shape))})


def old_form(**arrays: object) -> bytes:
    """The format-1 fixture with `arrays` replaced."""
    with np.load(FIXTURES / "format-1.npz") as archive:
        return npz({k: archive[k] for k in archive.files} | arrays)


def lower_with(matrix: np.ndarray, edit: Callable[[np.ndarray], None]) -> np.ndarray:
    out = matrix.copy()
    edit(out)
    return out


def cases() -> dict[str, tuple[bytes, str]]:
    """name -> (the attachment's bytes, the judge problem it must give: GOOD or a kind)."""
    s = bundled_stats()
    factor = s["digit_factor"]
    scalars = s["scalars"]
    small = {  # a network whose vector is 64 activations: not this one's
        "codes": np.array([[0, 64]]),
        "centre": np.zeros(64),
        "scale": np.ones(64),
        "digit_means": np.zeros((10, 64)),
        "digit_factor": np.eye(64),
        "other_mean": np.ones(64),
        "other_factor": np.eye(64),
    }
    return {
        "valid.keras": (npz(s), GOOD),
        "old-form.keras": ((FIXTURES / "format-1.npz").read_bytes(), GOOD),
        "unknown-member-3-GB.keras": (zeros_member("padding", 400_000_000), GOOD),
        "declares-8-TB.keras": (declaring("digit_factor", (1_000_000, 1_000_000)), DAMAGED),
        "format-inf.keras": (changed(format=np.array(np.inf)), DAMAGED),
        "format-3.keras": (changed(format=np.array(3)), NEWER),
        "format-0.keras": (changed(format=np.array(0)), DAMAGED),
        "format-text.keras": (changed(format=np.array("2")), DAMAGED),
        "nan.keras": (changed(digit_means=lower_with(s["digit_means"], _nan)), DAMAGED),
        "not-triangular.keras": (changed(digit_factor=factor + factor.T), DAMAGED),
        "zero-diagonal.keras": (changed(other_factor=lower_with(factor, _zero_corner)), DAMAGED),
        "negative-diagonal.keras": (changed(digit_factor=-factor), DAMAGED),
        "too-large.keras": (changed(scale=s["scale"] * 1e300), DAMAGED),
        "wrong-shape.keras": (changed(digit_means=s["digit_means"][:, :351]), DAMAGED),
        "wrong-codes.keras": (changed(codes=np.array([[0, 128], [7, 224]])), DAMAGED),
        "integers.keras": (changed(centre=s["centre"].astype(np.int64)), DAMAGED),
        "falling-calibration.keras": (changed(scalars=_with(scalars, 2, -0.5)), DAMAGED),
        "doubt-below-threshold.keras": (
            changed(scalars=_with(scalars, 1, scalars[0] - 1)),
            DAMAGED,
        ),
        "missing-part.keras": (npz({k: v for k, v in s.items() if k != "other_mean"}), DAMAGED),
        "pickled.keras": (_pickled(s), DAMAGED),
        "another-network.keras": (npz(s | small), MISMATCHED),
        "known-member-2-GB.keras": (_claims(npz(s), "scale.npy", 2_000_000_000), DAMAGED),
        "many-members.keras": (npz(s, **{f"x{i}.npy": b"" for i in range(20)}), DAMAGED),
        "garbage.keras": (b"PK\x03\x04 not an archive at all", DAMAGED),
        "cut-short.keras": (npz(s)[:-300], DAMAGED),
        "negative-shape.keras": (negative_shape("digit_factor", (-1, -2)), DAMAGED),
        "three-scalars.keras": (changed(scalars=scalars[:3]), DAMAGED),
        "no-scalars.keras": (changed(scalars=scalars[:0]), DAMAGED),
        "old-form-three-scalars.keras": (old_form(scalars=scalars[:3]), DAMAGED),
    }


def _nan(a: np.ndarray) -> None:
    a[3, 7] = np.nan


def _zero_corner(a: np.ndarray) -> None:
    a[-1, -1] = 0.0


def _with(values: np.ndarray, at: int, value: float) -> np.ndarray:
    out = values.copy()
    out[at] = value
    return out


def _pickled(s: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    parts = dict(s)
    parts["centre"] = np.array([s["centre"], "a Python object"], dtype=object)
    np.savez(buffer, **parts)  # object arrays are pickled: never to be loaded
    return buffer.getvalue()


def _claims(data: bytes, member: str, size: int) -> bytes:
    """`data` with `member` claiming to unpack to `size` bytes (and its CRC left alone)."""
    return patch_entry(data, member, size=size)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("statistics")
    with zipfile.ZipFile(bundled_model_path()) as archive:
        members = {
            name: archive.read(name)
            for name in archive.namelist()
            if not name.startswith(ATTACHMENT_PREFIX) and name != "digitpad.json"
        }
    out = {}
    for name, (data, expected) in cases().items():
        path = folder / name
        save_copy(members, path, {"name": name}, {ATTACHMENT: data})
        out[name] = (path, expected)
    # The attachment itself claiming 70 MB, more than any attachment may take (64 MB), yet
    # packed less tightly than a zip bomb (the whole file would be refused then).
    path = folder / "attachment-70-MB.keras"
    save_copy(members, path, {}, {ATTACHMENT: npz(bundled_stats())})
    path.write_bytes(patch_entry(path.read_bytes(), ATTACHMENT_PREFIX + ATTACHMENT, size=70 << 20))
    out[path.name] = (path, DAMAGED)
    return out


def test_each_model_still_predicts_judged_as_its_statistics_allow(made) -> None:
    bundled = Predictor.load(bundled_model_path())
    x = np.zeros((1, 28, 28), np.float32)
    x[0, 5:23, 13:16] = 1.0  # a 1
    want = bundled.probabilities(x)
    for name, (path, expected) in made.items():
        predictor = Predictor.load(path)
        np.testing.assert_array_equal(predictor.probabilities(x), want)
        if expected == GOOD:
            assert predictor.judge.name == JUDGE_GAUSSIAN and predictor.judge_problem is None, name
            assert predictor.judge_note() is None
        else:
            assert predictor.judge.name == JUDGE_BASELINE, name
            assert predictor.judge_problem == expected, name
            note = predictor.judge_note()
            assert note is not None and str(path) in note and "top bar" in note


def test_the_command_line_says_it_once_and_reads_nothing_large(made, tmp_path) -> None:
    """`predict --json` under an address-space limit: exit 0, the judge in the JSON, and for
    statistics it cannot use exactly one note naming the file. The 3.2 GB member and the
    2 GB and 8 TB claims would break the limit if they were read."""
    from PIL import Image, ImageDraw

    image = tmp_path / "seven.png"
    pad = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(pad).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    pad.save(image)
    names = list(made)
    result = run_cli([["predict", "--json", "--model", str(made[n][0]), str(image)] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        path, expected = made[name]
        assert outcome["code"] == 0, (name, outcome)
        record = json.loads(outcome["out"])
        assert record["digit"] == 7, name
        assert "Traceback" not in outcome["err"], name
        if expected == GOOD:
            assert record["judge"] == JUDGE_GAUSSIAN and outcome["err"] == "", (name, outcome)
        else:
            assert record["judge"] == JUDGE_BASELINE, name
            (line,) = outcome["err"].splitlines()
            assert line.startswith("digitpad: note: ") and str(path) in line, (name, line)
            assert "allow_pickle" not in line and "numpy" not in line.lower(), line


def test_the_unknown_member_is_big_indeed() -> None:
    """The 3.2 GB case is what it says: its member declares 400 M float64 values and its zip
    entry unpacks to 3.2 GB (checked from the entry, without unpacking it)."""
    data = zeros_member("padding", 400_000_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("padding.npy")
        assert info.file_size > 3_200_000_000 and len(data) < 8_000_000
        with archive.open(info) as member:
            head = member.read(128)
    assert b"400000000" in head and zlib.crc32(b"") == 0
