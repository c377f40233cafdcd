"""`digitpad shift` and `digitpad explain --off`: their text and JSON, Keras' own numbers (every
move; the maps set to 0), weight sharing counted, and one sentence with exit code 2 for each
kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from digitpad.cli import main
from digitpad.core import i18n
from digitpad.core.data.framing import frame_digit
from digitpad.core.i18n import display_width
from digitpad.core.inference.predict_files import read_image
from digitpad.core.paths import bundled_model_path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "en")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seven(tmp_path: Path, small_mnist) -> Path:
    """An MNIST 7 as a user's image file: dark ink on white, four times larger."""
    path = tmp_path / "seven.png"
    digit = Image.fromarray(255 - small_mnist.x_test[0]).resize((112, 112))
    digit.save(path)
    return path


def moved_by_slicing(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(image)
    for r in range(28):
        for c in range(28):
            if 0 <= r - dy < 28 and 0 <= c - dx < 28:
                out[r, c] = image[r - dy, c - dx]
    return out


def test_the_json_is_keras_for_every_move(capsys, seven: Path) -> None:
    import keras

    code, out, err = run(capsys, "shift", str(seven), "--json", "--range", "3")
    assert code == 0 and err == ""
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 49
    assert all(set(r) == {"dx", "dy", "digit", "probabilities"} for r in records)
    assert [(r["dx"], r["dy"]) for r in records[:8]] == [
        (-3, -3), (-2, -3), (-1, -3), (0, -3), (1, -3), (2, -3), (3, -3), (-3, -2),
    ]  # fmt: skip
    framed = frame_digit(read_image(seven))  # the drawing as predict frames it, then moved
    model = keras.saving.load_model(bundled_model_path())
    batch = np.stack([moved_by_slicing(framed, r["dx"], r["dy"]) for r in records])
    want = np.asarray(model(batch.reshape(-1, 28, 28, 1), training=False))
    got = np.array([r["probabilities"] for r in records])
    np.testing.assert_allclose(got, want, atol=2e-6)  # rounded to 6 decimals
    assert [r["digit"] for r in records] == [int(d) for d in np.argmax(want, axis=1)]
    assert records[24]["dx"] == records[24]["dy"] == 0 and records[24]["digit"] == 7


def test_the_grid_fits_80_columns_and_names_other_digits(capsys, seven: Path) -> None:
    code, out, err = run(capsys, "shift", str(seven))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"Model: {bundled_model_path()}"
    assert lines[1].startswith(f"{seven}: 7 (") and "where it was framed" in lines[1]
    header = next(line for line in lines if line.lstrip().startswith("dy\\dx"))
    assert header.split()[1:] == ["−6", "−5", "−4", "−3", "−2", "−1", "0"] + [
        f"+{i}" for i in range(1, 7)
    ]
    rows = lines[lines.index(header) + 1 : lines.index(header) + 14]
    assert [row.split()[0] for row in rows] == [header.split()[i] for i in range(1, 14)]
    assert rows[6].split()[7] == "100"  # not moved: as predict reads it
    assert any("→" in row for row in rows)  # far moves read another digit, and say which
    assert max(display_width(line) for line in lines[2:]) <= 80  # the first two name files
    assert "It is read as 7 after" in out


@pytest.mark.parametrize("value", ["0", "15", "-3", "x", "2.5", ""])
def test_a_range_outside_1_to_14_is_one_sentence(capsys, seven: Path, value: str) -> None:
    code, out, err = run(capsys, "shift", str(seven), "--range", value)
    assert code == 2 and out == ""
    assert err.startswith("digitpad: --range must be a whole number of pixels from 1 to 14")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert len(err) < 400  # the echo is cut: a 5,000-character spec is not repeated whole


def test_a_blank_or_unreadable_image_is_one_sentence(capsys, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (50, 50), 255).save(blank)
    code, _out, err = run(capsys, "shift", str(blank))
    assert code == 2 and err == f"digitpad: {blank}: no digit in this image.\n"
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image")
    code, _out, err = run(capsys, "shift", str(junk))
    assert code == 2 and err.count("\n") == 1 and "not an image file" in err


# explain --off ---------------------------------------------------------------------------------


def test_explain_off_walks_keras_with_those_maps_zeroed(capsys, seven: Path) -> None:
    import keras

    args = ["explain", str(seven), "--off", "conv2d:3,7", "--off", "conv2d_1:12"]
    code, out, err = run(capsys, *args)
    assert code == 0 and err == ""
    assert out.splitlines()[1] == (
        "Switched off (their outputs are 0): conv2d: maps 3, 7; conv2d_1: map 12."
    )
    code, out, err = run(capsys, *args, "--json")
    record = json.loads(out)
    assert record["maps_off"] == {"conv2d": [2, 6], "conv2d_1": [11]}  # from 0 in the JSON
    model = keras.saving.load_model(bundled_model_path())
    for name, maps in (("conv2d", [2, 6]), ("conv2d_1", [11])):
        kernel, bias = model.get_layer(name).get_weights()
        kernel[..., maps], bias[maps] = 0.0, 0.0  # ReLU(0) = 0: those maps output 0
        model.get_layer(name).set_weights([kernel, bias])
    framed = frame_digit(read_image(seven))
    want = np.asarray(model(framed.reshape(1, 28, 28, 1), training=False))[0]
    softmax = record["steps"][-1]["worked"]["probabilities"]
    np.testing.assert_allclose(softmax, want, atol=1e-5)
    assert record["digit"] == int(np.argmax(want))
    conv = record["steps"][1]["worked"]
    assert conv["channel"] not in (2, 6)  # a map switched off is never the most active one
    _code, plain, _err = run(capsys, "explain", str(seven), "--json")
    assert json.loads(plain)["maps_off"] == {}


@pytest.mark.parametrize(
    ("off", "says"),
    [
        ("dense:3", "The layer dense has no feature maps to switch off; these have: conv2d (32"),
        ("nope:1", "This network has no layer nope; these have feature maps: conv2d (32 maps)"),
        ("conv2d:33", "conv2d has 32 maps, numbered from 1 to 32: there is no map 33."),
        ("conv2d_1:0", "conv2d_1 has 64 maps, numbered from 1 to 64: there is no map 0."),
        ("conv2d", "--off 'conv2d' is not a layer and its maps as LAYER:MAP[,MAP…]"),
        ("conv2d:1,,2", "is not a layer and its maps as LAYER:MAP[,MAP…]"),
        ("conv2d:x", "is not a layer and its maps as LAYER:MAP[,MAP…]"),
        ("conv2d:" + "9" * 5000, "conv2d has 32 maps, numbered from 1 to 32: there is no map 9"),
        ("conv2d:3,0000007,0" + "0" * 5000, "numbered from 1 to 32: there is no map 0."),
        ("conv2d:" + "٣", "--off 'conv2d:٣' is not a layer and its maps"),  # ASCII digits only
        ("x" * 5000 + ":1", "This network has no layer xxxxxxxx"),
        ("x" * 5000, "--off 'xxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxx' is not a layer and its"),
    ],
)
def test_explain_off_refuses_in_one_sentence(capsys, seven: Path, off: str, says: str) -> None:
    code, out, err = run(capsys, "explain", str(seven), "--off", off)
    assert code == 2 and out == ""
    assert err.startswith("digitpad: ") and says in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_explain_counts_weight_sharing(capsys, seven: Path) -> None:
    _code, out, _err = run(capsys, "explain", str(seven))
    assert "conv2d without weight sharing: 26×26 × 320 = 216,320" in out
    assert "conv2d_1 without weight sharing: 24×24 × 18,496 = 10,653,696" in out
    assert "Total without weight sharing: 12,051,082" in out
    _code, out, _err = run(capsys, "explain", str(seven), "--json")
    steps = {s["layer"]: s for s in json.loads(out)["steps"]}
    assert steps["conv2d"]["params_unshared"] == 26 * 26 * 32 * (3 * 3 * 1 + 1) == 216_320
    assert steps["dense"]["params_unshared"] == steps["dense"]["params"] == 1_179_776


def test_a_reader_that_stops_reading_ends_it_quietly(seven: Path) -> None:
    # `digitpad shift IMAGE --json | head -1`, at its most abrupt: the reader has already gone.
    read_end, write_end = os.pipe()
    os.close(read_end)
    command = [sys.executable, "-m", "digitpad", "shift", str(seven), "--json"]
    try:
        done = subprocess.run(command, stdout=write_end, capture_output=False,
                              stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "Exception" not in done.stderr, done.stderr
