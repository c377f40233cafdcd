"""`digitpad replay`: the table with its sparkline, JSON lines that end on `predict --json`'s
reading, and one sentence for a model without snapshots."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from snapshot_files import bundled_with, made_up_set

from digitpad.cli import main
from digitpad.core import i18n
from digitpad.core.inference.predict_files import frame_file
from digitpad.core.inference.replay import Replay, open_replay, read_over_training
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.snapshots import SnapshotError
from digitpad.core.paths import bundled_model_path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", "en")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


@pytest.fixture
def seven(tmp_path: Path) -> Path:
    path = tmp_path / "seven.png"
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    image.save(path)
    return path


@pytest.fixture
def replayable(tmp_path: Path) -> Path:
    return bundled_with(tmp_path / "kept.keras", made_up_set().to_bytes())


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines_end_on_predicts_reading(capsys, replayable: Path, seven: Path) -> None:
    code, out, err = run(capsys, "replay", "--model", str(replayable), "--json", str(seven))
    assert code == 0 and err == ""
    lines = [json.loads(line) for line in out.splitlines()]
    assert [set(line) for line in lines] == [{"step", "epoch", "digit", "probabilities"}] * 5
    assert [line["step"] for line in lines] == [0, 1, 2, 4, 8]
    assert [line["epoch"] for line in lines] == [0, 1, 1, 1, 1]
    for line in lines:
        assert len(line["probabilities"]) == 10
        assert abs(sum(line["probabilities"]) - 1) < 1e-4
        assert line["digit"] == max(range(10), key=line["probabilities"].__getitem__)
    code, out, _ = run(capsys, "predict", "--model", str(replayable), "--json", str(seven))
    predicted = json.loads(out)
    assert code == 0
    assert lines[-1]["digit"] == predicted["digit"] == 7
    assert lines[-1]["probabilities"] == predicted["probabilities"]
    assert lines[0]["probabilities"] != lines[-1]["probabilities"]


def test_the_table_has_a_line_per_snapshot_and_a_sparkline(
    capsys, replayable: Path, seven: Path
) -> None:
    code, out, _ = run(capsys, "replay", "--model", str(replayable), str(seven))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Model: {replayable}"
    assert "each of the 5 snapshots of its training (8 batches an epoch)" in lines[1]
    header, *rows, closing = lines[2:]
    assert header.split() == ["Step", "Epoch", "Batch", "Digit", "read", "p(7)"]
    assert [row.split()[0] for row in rows] == ["0", "1", "2", "4", "8"]
    assert rows[0].endswith("before training") and rows[-1].endswith("the trained model")
    assert "8/8" in rows[-1]
    spark = closing.rpartition(": ")[2]
    assert closing.startswith("p(7) across the run: ") and len(spark) == 5
    assert set(spark) <= set("▁▂▃▄▅▆▇█")
    assert spark[-1] > spark[0]  # the trained model is surer of its 7 than step 0


def test_a_model_without_snapshots_says_so(capsys, seven: Path) -> None:
    code, out, err = run(capsys, "replay", "--model", str(bundled_model_path()), str(seven))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "keeps no snapshots of its training" in err
    assert "Traceback" not in err


def test_a_blank_image_is_one_sentence(capsys, replayable: Path, tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (100, 100), 255).save(blank)
    code, out, err = run(capsys, "replay", "--model", str(replayable), str(blank))
    assert code == 2 and out == "" and err == f"digitpad: {blank}: no digit in this image.\n"


def overflowing(replay: Replay) -> Replay:
    """`replay` with the model's own weights (its last snapshot) scaled by 1e30: finite
    numbers whose pass overflows to NaN (what a set refused on reading could have done)."""
    final = {
        name: tuple(a * np.float32(1e30) for a in arrays) for name, arrays in replay.final.items()
    }
    return dataclasses.replace(replay, final=final)


def test_probabilities_that_are_not_numbers_are_refused(replayable: Path, seven: Path) -> None:
    replay = open_replay(read_model_file(replayable))
    assert replay is not None
    framed = frame_file(seven)
    assert framed is not None
    assert len(read_over_training(replay, framed)) == 5  # the control
    with pytest.raises(SnapshotError) as caught:
        read_over_training(overflowing(replay), framed)
    sentence = str(caught.value)
    assert sentence.startswith(str(replayable))
    assert "the network they make reads probabilities that are not numbers" in sentence


@pytest.mark.parametrize("as_json", [False, True])
def test_the_command_refuses_them_in_one_sentence(
    capsys, monkeypatch: pytest.MonkeyPatch, replayable: Path, seven: Path, as_json: bool
) -> None:
    from digitpad.core.inference import replay as replay_module

    opened = replay_module.open_replay
    monkeypatch.setattr(
        replay_module, "open_replay", lambda model_file: overflowing(opened(model_file))
    )
    code, out, err = run(
        capsys, "replay", "--model", str(replayable), *(["--json"] if as_json else []), str(seven)
    )
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"digitpad: {replayable}: the snapshots of its training cannot be used")
    assert "probabilities that are not numbers" in err and "Traceback" not in err
