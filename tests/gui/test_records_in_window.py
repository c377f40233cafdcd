"""Hostile records through the window: the Models list, the Runs view and the status bar read
each model's record through the one checked reader (`core.models.record`).

A record with `1e999` or a 4,000-digit integer used to leave the status bar at "Loading the
model…" for good and the Models list and Runs view empty; impossible values were shown as
they were (`inf %`). Now one bad record is one row saying "unknown" or "record unreadable",
and the others are listed as before.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from digitpad.core.models import choices
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 30_000
CURVES = {
    "epochs": [{"epoch": 1, "loss": 0.3, "accuracy": 0.9, "val_loss": 0.2, "val_accuracy": 0.95}]
}


def model_with_record(name: str, record: str, age: int) -> Path:
    """A copy of the bundled model in the models folder whose record is exactly `record`,
    `age` seconds old (so the lists' order is known: the youngest first)."""
    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.keras"
    shutil.copy(bundled_model_path(), path)
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members["digitpad.json"] = record.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    os.utime(path, (1_000_000 - age, 1_000_000 - age))
    return path


def record(fields: str) -> str:
    """A run's record: its curves, and `fields` as raw JSON text (so 1e999 stays 1e999)."""
    return "{" + fields + ', "history": ' + json.dumps(CURVES) + "}"


@pytest.fixture
def hostile_records() -> dict[str, Path]:
    infinite = record('"name": "infinite", "test_accuracy": 1e999, "epochs": 2')
    digits = record('"name": "long", "parameters": ' + "9" * 4000 + ', "epochs": -3')
    good = record('"name": "good", "test_accuracy": 0.975, "epochs": 1')
    return {
        "inf": model_with_record("inf", infinite, 1),
        "digits": model_with_record("digits", digits, 2),
        "garbage": model_with_record("garbage", "[" * 60_000, 3),
        "good": model_with_record("good", good, 4),
    }


def test_the_model_in_use_with_an_impossible_record_loads_and_says_so(
    hostile_records: dict[str, Path], make_window
) -> None:
    choices.remember_model(hostile_records["inf"])
    window: MainWindow = make_window()
    assert window.predictor is not None and window.predictor.path == hostile_records["inf"]
    status = window.model_status.text()
    assert status == "Model: infinite" and "inf" not in status.replace("infinite", "")


def test_the_models_list_shows_every_model_one_row_each(
    hostile_records: dict[str, Path], window: MainWindow
) -> None:
    window.menu_actions.load_model.trigger()
    dialog = window.dialogs.models_dialog
    assert dialog is not None
    rows = [
        tuple(dialog.table.item(r, c).text() for c in range(4))
        for r in range(dialog.table.rowCount())
    ]
    by_name = {row[0]: row for row in rows}
    assert by_name["infinite"][1:3] == ("unknown", "2")
    assert by_name["long"][2] == "unknown"
    assert by_name["garbage (record unreadable)"][1:] == ("–", "–", "–")
    assert by_name["good"][1:3] == ("97.50%", "1")
    assert len(rows) == 5  # the bundled model and the four


def test_the_runs_view_lists_the_readable_runs_and_the_unreadable_record(
    hostile_records: dict[str, Path], window: MainWindow, qtbot
) -> None:
    window.menu_actions.runs.trigger()
    view = window.dialogs.runs_dialog
    qtbot.waitUntil(lambda: view is not None and view.isVisible(), timeout=TIMEOUT_MS)
    cells = [
        tuple(view.table.item(r, c).text() for c in range(1, 6))
        for r in range(view.table.rowCount())
    ]
    assert cells == [
        ("infinite", "–", "2", "–", "unknown"),
        ("long", "unknown", "unknown", "–", "–"),
        ("garbage (record unreadable)", "–", "–", "–", "–"),
        ("good", "–", "1", "–", "97.50%"),
    ]
    rect = view.table.visualItemRect(view.table.item(1, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.details.text().startswith("long: batch size –")
