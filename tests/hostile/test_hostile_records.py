"""A model's record (`digitpad.json` inside the `.keras`) written by someone else: every view
reads it through one checked reader, so one bad record is one line, never the whole list.

The records are generated here: impossible numbers (`1e999`, a 4,000-digit integer, negative
parameters and epochs, `inf` accuracy, a 413-character seconds value), text that is not JSON,
60,000 `[`, a record that is an array. `digitpad runs` still lists every run (the others
with their figures), each impossible value reads "unknown", and the predictor's accuracy is
never a number the record could not hold.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from digitpad.cli import main
from digitpad.core.models import library
from digitpad.core.models.record import Record, read_record
from digitpad.core.paths import bundled_model_path, user_models_dir

CURVES = {
    "epochs": [{"epoch": 1, "loss": 0.3, "accuracy": 0.9, "val_loss": 0.2, "val_accuracy": 0.95}]
}
GOOD = {
    "name": "a good run",
    "test_accuracy": 0.9876,
    "epochs": 3,
    "parameters": 1_199_882,
    "train_seconds": 41.5,
    "history": CURVES,
}


def with_record(path: Path, text: str | bytes) -> Path:
    """A copy of the bundled model at `path` whose record member is exactly `text`."""
    shutil.copy(bundled_model_path(), path)
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members["digitpad.json"] = text.encode() if isinstance(text, str) else text
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def record_text(**fields: object) -> str:
    """A run's record with `fields` written in as raw JSON text (so 1e999 stays 1e999)."""
    parts = [f'"history": {json.dumps(CURVES)}']
    parts += [f'"{key}": {value}' for key, value in fields.items()]
    return "{" + ", ".join(parts) + "}"


IMPOSSIBLE = {
    "infinite accuracy": ("test_accuracy", "1e999"),
    "accuracy above one": ("test_accuracy", "1.5"),
    "4,000-digit parameters": ("parameters", "9" * 4000),
    "negative parameters": ("parameters", "-5"),
    "fractional epochs": ("epochs", "2.5"),
    "negative epochs": ("epochs", "-3"),
    "413-character seconds": ("train_seconds", "1" * 411 + ".5"),
    "NaN seconds": ("train_seconds", "NaN"),
    "epochs as text": ("epochs", '"twelve"'),
    "a zero learning rate": ("learning_rate", "0"),
    "a huge batch": ("batch_size", "1e300"),
}
FIELD_NAMES = {"train_seconds": "seconds"}


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_an_impossible_value_is_unknown_and_the_rest_is_read(case: str, tmp_path: Path) -> None:
    key, value = IMPOSSIBLE[case]
    fields = {"name": '"mine"', "epochs": "2", key: value}
    path = with_record(tmp_path / "m.keras", record_text(**fields))
    _stored, record = read_record(path)
    field = FIELD_NAMES.get(key, key)
    assert record.readable and record.is_unknown(field)
    assert getattr(record, field) is None
    assert record.name == "mine" and record.is_run
    if key != "epochs":
        assert record.epochs == 2


@pytest.mark.parametrize(
    "text",
    ["not json", "[" * 60_000, "[1, 2, 3]", '{"name": ', b"\xff\xfe{}", '{"a": ' * 20 + "1"],
    ids=["text", "60,000 [", "an array", "cut short", "not UTF-8", "too deep"],
)
def test_an_unreadable_record_reads_as_such(text: str | bytes, tmp_path: Path) -> None:
    path = with_record(tmp_path / "m.keras", text)
    stored, record = read_record(path)
    assert stored == {} and not record.readable
    assert library.entry(path).name == "m"


def test_a_record_is_read_once_through_one_checked_reader_by_every_view(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`digitpad runs` lists every run of a folder where most records are hostile: each bad one
    is its own line, with "unknown" or "record unreadable", and the good one keeps its
    figures."""
    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    with_record(folder / "good.keras", json.dumps(GOOD))
    for i, case in enumerate(sorted(IMPOSSIBLE)):
        key, value = IMPOSSIBLE[case]
        with_record(folder / f"bad-{i}.keras", record_text(name=f'"bad {i}"', **{key: value}))
    with_record(folder / "garbage.keras", "[" * 60_000)
    assert main(["runs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 + 1 + len(IMPOSSIBLE) + 1  # header, good, each impossible, garbage
    good = next(line for line in out if line.startswith("a good run"))
    assert "1,199,882" in good and "98.76%" in good and "41.5" in good
    columns = {"parameters", "epochs", "train_seconds", "test_accuracy"}  # those `runs` shows
    for i, case in enumerate(sorted(IMPOSSIBLE)):
        line = next(line for line in out if line.startswith(f"bad {i} "))
        assert ("unknown" in line) == (IMPOSSIBLE[case][0] in columns), line
    assert any(line.startswith("garbage (record unreadable)") for line in out)
    assert not any("inf" in line.split() or "nan" in line.lower() for line in out)


def test_the_predictor_never_reports_an_impossible_accuracy(tmp_path: Path) -> None:
    from digitpad.core.inference.predictor import Predictor

    for value in ("1e999", "9" * 4000, "-0.5", '"high"'):
        path = with_record(tmp_path / "m.keras", record_text(test_accuracy=value))
        assert Predictor.load(path).test_accuracy is None
    path = with_record(tmp_path / "m.keras", record_text(test_accuracy="0.9812"))
    assert Predictor.load(path).test_accuracy == pytest.approx(0.9812)


def test_a_rename_rewrites_a_hostile_record_without_its_impossible_numbers(
    tmp_path: Path,
) -> None:
    path = with_record(tmp_path / "m.keras", record_text(parameters="9" * 4000, epochs="1e999"))
    renamed = library.rename(path, "  new\nname\x1b[31m ")
    assert renamed.name == "new name [31m"
    stored, record = read_record(path)
    assert record.name == "new name [31m" and record.parameters is None and record.is_run
    assert stored["parameters"] is None and stored["epochs"] is None  # stored as null
    assert not record.unknown


def test_names_are_one_printable_line_cut_to_their_length() -> None:
    record = Record.of({"name": "a\n" * 100 + "\x07end"})
    assert record.name is not None and "\n" not in record.name and len(record.name) <= 80
    assert record.name.isprintable()
    assert Record.of({"name": " \n\t "}).name is None
    assert Record.of({"name": 7}).is_unknown("name")
    assert Record.of({"trained_at": "yesterday"}).is_unknown("trained_at")
    assert Record.of({"trained_at": "2026-12-03T10:34:07"}).trained_at == "2026-12-03T10:34:07"


def test_a_megabyte_of_escaped_quotes_is_read_in_linear_time(tmp_path: Path) -> None:
    """A 1 MB record of `\\"` that never closes (and one that closes, then opens 60,000 `[`):
    the strings are skipped once each, not searched again from every quote (quadratic: about
    50 minutes for 1 MB). `predict` runs in a child with a generous timeout, far below that,
    and still answers, the record unreadable."""
    from hostile_helpers import run_cli
    from PIL import Image, ImageDraw

    escaped = '\\"' * 500_000
    texts = {
        "open.keras": '{"name": "' + escaped,
        "closed.keras": '{"name": "' + escaped + '", "history": ' + "[" * 60_000,
    }
    paths = [with_record(tmp_path / name, text) for name, text in texts.items()]
    assert all(len(text) > 1_000_000 for text in texts.values())
    image = tmp_path / "one.png"
    pad = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(pad).line([(140, 50), (140, 230)], fill=0, width=18)
    pad.save(image)
    result = run_cli(
        [["predict", "--json", "--model", str(p), str(image)] for p in paths], timeout=180
    )
    for path, outcome in zip(paths, result["results"], strict=True):
        assert outcome["code"] == 0 and "Traceback" not in outcome["err"], (path, outcome)
        assert json.loads(outcome["out"])["digit"] == 1, path
        stored, record = read_record(path)
        assert stored == {} and not record.readable
