"""`digitpad explain`: the walk-through in the terminal, its JSON, and its errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.cli import main
from digitpad.core import i18n


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "en")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


@pytest.fixture
def seven(tmp_path: Path, small_mnist) -> Path:
    """A test-set 7 as a user's image: dark ink on white paper."""
    path = tmp_path / "seven.png"
    Image.fromarray(255 - small_mnist.x_test[0]).save(path)
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_matches_predict_on_the_same_file(capsys, seven: Path) -> None:
    code, out, err = run(capsys, "explain", str(seven), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {
        "file", "digit", "is_digit", "confidence", "judge", "steps", "saliency", "maps_off"
    }  # fmt: skip
    assert data["file"] == str(seven)
    code, out, _ = run(capsys, "predict", str(seven), "--json")
    predicted = json.loads(out)
    assert code == 0 and data["digit"] == predicted["digit"] == 7
    for key in ("is_digit", "confidence", "judge"):
        assert data[key] == predicted[key], key
    softmax = data["steps"][-1]
    assert softmax["kind"] == "softmax"
    np.testing.assert_allclose(
        softmax["worked"]["probabilities"], predicted["probabilities"], atol=2e-6
    )
    assert [s["kind"] for s in data["steps"]] == [
        "input",
        "conv",
        "conv",
        "pool",
        "dropout",
        "flatten",
        "dense",
        "dropout",
        "softmax",
    ]
    assert data["steps"][0]["layer"] == "input"
    assert np.asarray(data["steps"][0]["worked"]["pixels"]).shape == (28, 28)
    assert sum(step["params"] for step in data["steps"]) == 1_199_882


def test_plain_text_walks_every_step(capsys, seven: Path) -> None:
    code, out, _ = run(capsys, "explain", str(seven))
    assert code == 0
    assert out.startswith(f"{seven}: 7 (")
    for line in (
        "Step 1 of 11: Input",
        "  model.add(Conv2D(32, kernel_size=(3, 3), activation='relu',\n"
        "                   input_shape=input_shape))",  # wrapped as the course wraps it
        "The course's 6×6 example",
        "The course's example: max of [6, 8, 3, 4] = 8",
        "28 → 26 → 24",
        "→ the row at position ((4 − 1) × 12 + ",
        "Step 10 of 11: which pixels decided it",
        "Step 11 of 11: parameters",
        "Total: 1,199,882",
    ):
        assert line in out, line


def test_plain_text_in_chinese(capsys, seven: Path) -> None:
    code, out, _ = run(capsys, "--lang", "zh_TW", "explain", str(seven))
    assert code == 0
    for term in ("卷積層", "最大池化層", "丟棄層", "平坦層", "全連接層", "啟動函數", "特徵圖"):
        assert term in out, term
    assert "The network sees" not in out


def test_a_blank_image_is_one_sentence(capsys, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (100, 100), 255).save(blank)
    code, out, err = run(capsys, "explain", str(blank))
    assert code == 2 and out == ""
    assert err.strip() == f"digitpad: {blank}: no digit in this image."


@pytest.mark.parametrize("content", [None, b"not an image at all", b"\x89PNG\r\n\x1a\nbroken"])
def test_unreadable_files_are_one_sentence(capsys, tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "digit.png"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "explain", str(path), "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert str(path) in err


def test_a_bad_model_is_one_sentence(capsys, seven: Path, tmp_path: Path) -> None:
    model = tmp_path / "model.keras"
    model.write_bytes(b"PK\x03\x04 nonsense")
    code, out, err = run(capsys, "explain", str(seven), "--model", str(model))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def first_line(capsys, command: str, image: Path) -> str:
    code, out, err = run(capsys, command, str(image))
    assert code == 0, err
    return next(line for line in out.splitlines() if not line.startswith("Model: "))


@pytest.fixture
def dot(tmp_path: Path) -> Path:
    """A dot: softmax names a digit, the judgement says it is none."""
    path = tmp_path / "dot.png"
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).ellipse((130, 130, 150, 150), fill=0)
    image.save(path)
    return path


def test_the_first_line_is_predicts(capsys, seven: Path, dot: Path) -> None:
    """A dot used to start "dot.png: 0 (99.7%)" while predict and explain's own last step said
    it is not a digit; a digit is given with predict's confidence."""
    assert first_line(capsys, "explain", dot) == first_line(capsys, "predict", dot)
    assert first_line(capsys, "explain", dot).startswith(f"{dot}: not a digit (nearest ")
    assert first_line(capsys, "explain", seven) == first_line(capsys, "predict", seven)


def test_which_pixels_decided_it_from_the_same_pass(capsys, seven: Path) -> None:
    _code, out, _ = run(capsys, "explain", str(seven), "--json")
    data = json.loads(out)
    saliency, softmax = data["saliency"], data["steps"][-1]["worked"]
    first, second = saliency["digits"]
    assert first == data["digit"] and saliency["from_logits"] is True
    # The gradient pass's logits are the output layer's own (worked out by hand there).
    np.testing.assert_allclose(saliency["logits"], softmax["logits"], atol=1e-4)
    shares, contrast = np.asarray(saliency["shares"]), np.asarray(saliency["contrast"])
    pixels = np.asarray(data["steps"][0]["worked"]["pixels"])
    assert shares.shape == (2, 28, 28) and np.all(shares[:, pixels == 0] == 0)  # paper: none
    np.testing.assert_allclose(contrast, shares[0] - shares[1], atol=1e-6)
    np.testing.assert_allclose(saliency["shares_sum"], shares.sum(axis=(1, 2)), rtol=1e-5)
    # The text's table shows the same sums, and the pixels it lists are counted from 1.
    _code, text, _ = run(capsys, "explain", str(seven))
    assert re.search(rf"^  {first} +{saliency['shares_sum'][0]:.4f} ", text, re.M)
    assert re.search(rf"^  {second} +{saliency['shares_sum'][1]:.4f} ", text, re.M)
    r, c = np.unravel_index(int(np.argmax(contrast)), contrast.shape)
    toward = re.search(r"toward \d +toward \d\n.*\n +(\d+) +(\d+) +(-?[\d.]+)", text)
    assert toward is not None, text
    assert (int(toward[1]), int(toward[2])) == (r + 1, c + 1)
    assert float(toward[3]) == pytest.approx(contrast[r, c], abs=1e-4)


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_no_line_is_wider_than_80_columns(
    capsys, monkeypatch, small_mnist, tmp_path: Path, dot: Path, language
) -> None:
    """On the bundled model, for a few test digits and a dot, in both languages (a Chinese
    character takes two columns). The first line names the file as it was given."""
    monkeypatch.chdir(tmp_path)
    images = [Path(dot.name)]
    for i in (0, 1, 2):
        path = Path(f"test-{i}.png")
        Image.fromarray(255 - small_mnist.x_test[i]).save(path)
        images.append(path)
    for image in images:
        code, out, err = run(capsys, "--lang", language, "explain", str(image))
        assert code == 0, err
        wide = [line for line in out.splitlines() if i18n.display_width(line) > 80]
        assert wide == [], f"{image.name}: {wide[:3]}"


def test_numbers_a_person_reads_count_from_1_and_json_from_0(capsys, seven: Path) -> None:
    _code, out, _ = run(capsys, "explain", str(seven), "--json")
    steps = {step["layer"]: step["worked"] for step in json.loads(out)["steps"]}
    _code, text, _ = run(capsys, "explain", str(seven))
    conv = steps["conv2d"]
    assert (
        f"Feature map {conv['channel'] + 1}, pixel (row {conv['row'] + 1}, "
        f"column {conv['col'] + 1}), the most active one:"
    ) in text
    pool = steps["max_pooling2d"]
    assert f"Map {pool['channel'] + 1}, the window at rows {2 * pool['row'] + 1}–" in text
    dense = steps["dense"]
    assert f"Neuron {dense['unit'] + 1}, the most active one" in text
    index, value, _weight = dense["top"][0]
    assert re.search(rf"input {index + 1:,}: {value:.4f} × ", text)
    flat = steps["flatten"]
    assert f"= {flat['index'] + 1:,}: " in text  # its place in the row, from 1
