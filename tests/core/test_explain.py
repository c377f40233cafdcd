"""`digitpad explain`: the walk-through in the terminal, its JSON, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

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
    assert set(data) == {"file", "digit", "steps", "maps_off"} and data["file"] == str(seven)
    code, out, _ = run(capsys, "predict", str(seven), "--json")
    predicted = json.loads(out)
    assert code == 0 and data["digit"] == predicted["digit"] == 7
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
        "Step 1 of 10: Input",
        "model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))",
        "The course's 6×6 example",
        "The course's example: max of [6, 8, 3, 4] = 8",
        "28 → 26 → 24",
        "(3 × 12 + ",
        "Step 10 of 10: parameters",
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
