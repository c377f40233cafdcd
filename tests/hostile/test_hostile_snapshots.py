"""Hostile snapshots inside a model file: too many, steps that do not rise from 0, shapes that
are not the model's, other types, NaN, sizes declared far beyond what is stored, a damaged or
oversized attachment. `digitpad replay` refuses each in one sentence naming the file (exit
code 2), and the model itself still loads and predicts.

Every file is the bundled model with a snapshots attachment made here; the command line runs
in one subprocess under an address-space limit (hostile_helpers), so a reader that allocated
a declared size fails there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hostile_helpers import npy_header, one_sentence, run_cli, zip_bytes
from PIL import Image, ImageDraw
from snapshot_files import PARAMETERS, bundled_with, made_up_set, npz, set_arrays

from digitpad.core.inference.predictor import Predictor
from digitpad.core.inference.replay import open_replay
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.snapshots import CODES, SnapshotError

REFUSED = "the snapshots of its training cannot be used"


def edited(**changes: Any) -> bytes:
    """A valid set's arrays with `changes` (None removes an array)."""
    arrays = set_arrays(made_up_set())
    for name, value in changes.items():
        if value is None:
            arrays.pop(name)
        else:
            arrays[name] = value
    return npz(**arrays)


def nan_values() -> bytes:
    values = set_arrays(made_up_set())["values"].copy()
    values[2, 1000] = np.nan
    return edited(values=values)


def infinite_low() -> bytes:
    arrays = set_arrays(made_up_set(encoding=CODES))
    arrays["low"] = arrays["low"].copy()
    arrays["low"][0, 3] = np.inf
    return npz(**arrays)


def overflowing_codes() -> bytes:
    """Finite in float32 (low + 255 × scale is 1.55e38), but the NumPy pass would overflow
    to NaN: beyond float16's 65504, the bound float16 rows have."""
    arrays = set_arrays(made_up_set(encoding=CODES))
    arrays["low"] = np.full_like(arrays["low"], -1e38)
    arrays["scale"] = np.full_like(arrays["scale"], 1e36)
    return npz(**arrays)


def just_beyond_float16() -> bytes:
    """One channel reaching 65,600 (a low of 65,000 and a scale just over 2)."""
    arrays = set_arrays(made_up_set(encoding=CODES))
    arrays["low"] = arrays["low"].copy()
    arrays["scale"] = arrays["scale"].copy()
    arrays["low"][1, 5], arrays["scale"][1, 5] = 65_000, 600 / 255
    return npz(**arrays)


def declared_beyond_stored() -> bytes:
    """values.npy declares 4 × 1,000,000,000,000 float16 (8 TB); a few bytes follow."""
    arrays = set_arrays(made_up_set())
    members = {f"{k}.npy": npz_member(v) for k, v in arrays.items() if k != "values"}
    members["values.npy"] = npy_header((4, 10**12), "<f2") + b"\0" * 64
    return zip_bytes(members)


def npz_member(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def cases() -> dict[str, tuple[bytes, str]]:
    """name -> (the attachment, what its sentence says after REFUSED)."""
    values = set_arrays(made_up_set())["values"]
    steps = np.array
    return {
        "too-many": (
            edited(steps=steps(range(25)), steps_per_epoch=np.array(24)),
            "they are 25, where a run keeps 2 to 24",
        ),
        "thousands": (edited(steps=steps(range(5000))), "they are 5000, where a run keeps 2 to 24"),
        "not-from-0": (edited(steps=steps([1, 2, 4, 8, 16])), "do not rise from 0"),
        "not-rising": (edited(steps=steps([0, 2, 1, 4, 8])), "do not rise from 0"),
        "half-an-epoch": (edited(steps=steps([0, 1, 2, 4, 7])), "do not rise from 0"),
        "zero-batches": (edited(steps_per_epoch=np.array(0)), "do not rise from 0"),
        "wrong-shape": (edited(values=values[:, :-1]), "they do not fit the model's layers"),
        "float32": (  # as many bytes as float16 would take
            edited(values=np.ascontiguousarray(values).view(np.float32)),
            "they are not stored as numbers digitpad reads",
        ),
        "float64": (edited(values=values.astype(np.float64)), "they would unpack to 36.6 MB"),
        "objects": (
            edited(values=np.array([object()] * 4, dtype=object)),
            "they are not stored as numbers digitpad reads",
        ),
        "nan": (nan_values(), "values that are not numbers (NaN or infinite)"),
        "infinite-low": (infinite_low(), "values that are not numbers (NaN or infinite)"),
        "overflowing-codes": (overflowing_codes(), "values that are not numbers"),
        "beyond-float16": (just_beyond_float16(), "values that are not numbers"),
        "declared-8-tb": (declared_beyond_stored(), "they do not fit the model's layers"),
        "missing-values": (edited(values=None), "the archive that holds them is damaged"),
        "format-2": (edited(format=np.array(2)), "a format digitpad does not know"),
        "encoding-7": (edited(encoding=np.array(7)), "a format digitpad does not know"),
        "cut-short": (made_up_set().to_bytes()[:100_000], "the archive that holds them"),
        "not-an-npz": (b"PK\x03\x04 not really a zip" * 100, "the archive that holds them"),
        "too-big": (
            np.random.default_rng(0).bytes(26_000_000),
            "they would unpack to 24.8 MB, more than a run's snapshots take",
        ),
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("hostile-snapshots")
    return {
        name: (bundled_with(folder / f"{name}.keras", data), says)
        for name, (data, says) in cases().items()
    }


@pytest.fixture
def seven(tmp_path: Path) -> Path:
    path = tmp_path / "seven.png"
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    image.save(path)
    return path


def test_each_is_refused_in_one_sentence_and_the_model_still_predicts(made, seven) -> None:
    names = list(made)
    invocations = []
    for name in names:
        path = str(made[name][0])
        invocations += [
            ["replay", "--model", path, str(seven)],
            ["predict", "--model", path, str(seven)],
        ]
    result = run_cli(invocations)
    outcomes = iter(result["results"])
    for name in names:
        path, says = made[name]
        replay, predict = next(outcomes), next(outcomes)
        assert replay["code"] == 2 and replay["out"] == "", (name, replay)
        line = one_sentence(replay["err"], naming=str(path))
        assert REFUSED in line and says in line, (name, line)
        assert line.endswith("the model itself works as usual."), line
        assert predict["code"] == 0 and f"{seven}: 7 (" in predict["out"], (name, predict)


@pytest.mark.parametrize(
    "name", ["too-many", "nan", "overflowing-codes", "declared-8-tb", "too-big"]
)
def test_the_window_side_refuses_them_too(made, name: str) -> None:
    path, says = made[name]
    model_file = read_model_file(path)
    with pytest.raises(SnapshotError) as caught:
        open_replay(model_file)
    assert str(caught.value).startswith(str(path)) and says in str(caught.value)
    assert Predictor.load(path).probabilities(np.zeros((1, 28, 28), np.float32)).shape == (1, 10)


def test_a_valid_set_is_read(tmp_path: Path) -> None:
    """The control: the same making, untouched, replays."""
    path = bundled_with(tmp_path / "valid.keras", edited())
    replay = open_replay(read_model_file(path))
    assert replay is not None and [m.step for m in replay.moments] == [0, 1, 2, 4, 8]
    assert replay.snapshots.values.shape == (4, PARAMETERS)
