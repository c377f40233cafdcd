"""Model ▸ Load model…: the user's models as a list with their figures; use, rename, delete."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from digitpad.core.models import choices
from digitpad.core.models import library as model_library
from digitpad.core.models.store import read_metadata
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.gui.library.models_dialog import ACCURACY, EPOCHS, NAME, TRAINED, ModelsDialog
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 30_000


@pytest.fixture
def two_models() -> list[Path]:
    """Two user models with records, as training leaves them (a copy of the bundled one)."""
    folder = user_models_dir()
    folder.mkdir(parents=True)
    made = []
    for i, (accuracy, epochs) in enumerate([(0.9762, 1), (0.9912, 12)]):
        path = folder / f"model-2026010{i + 1}-101010.keras"
        shutil.copy(bundled_model_path(), path)
        model_library.update_metadata(
            path,
            {
                "test_accuracy": accuracy,
                "epochs": epochs,
                "trained_at": f"2026-01-0{i + 1}T10:10:10",
            },
        )
        made.append(path)
    return made


def open_list(window: MainWindow) -> ModelsDialog:
    window.menu_actions.load_model.trigger()
    dialog = window.dialogs.models_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def row_of(dialog: ModelsDialog, path: Path) -> int:
    return next(i for i, e in enumerate(dialog.entries()) if e.path == path)


def click_row(dialog: ModelsDialog, row: int, column: int = ACCURACY, double: bool = False) -> None:
    table = dialog.table
    rect = table.visualItemRect(table.item(row, column))
    click = QTest.mouseDClick if double else QTest.mouseClick
    if double:
        QTest.mouseClick(
            table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )  # fmt: skip
    click(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def test_the_list_shows_every_model_with_its_figures(
    window: MainWindow, two_models: list[Path]
) -> None:
    dialog = open_list(window)
    table = dialog.table
    assert table.rowCount() == 3
    assert table.item(0, NAME).text() == "digitpad-cnn (bundled)"  # first, and in use
    assert table.item(0, NAME).font().bold()
    assert table.item(0, ACCURACY).text() == "99.42%"
    assert table.item(0, EPOCHS).text() == "20"
    newest = row_of(dialog, two_models[1])
    assert table.item(newest, NAME).text() == two_models[1].stem
    assert table.item(newest, ACCURACY).text() == "99.12%"
    assert table.item(newest, EPOCHS).text() == "12"
    assert (
        "2026" in table.item(newest, TRAINED).text() or "26" in table.item(newest, TRAINED).text()
    )
    assert not table.item(0, NAME).flags() & Qt.ItemFlag.ItemIsEditable  # the bundled name


def test_a_double_click_uses_a_model_and_the_cli_follows(
    window: MainWindow, qtbot, two_models: list[Path]
) -> None:
    dialog = open_list(window)
    click_row(dialog, row_of(dialog, two_models[0]), double=True)
    qtbot.waitUntil(lambda: window.predictor.path == two_models[0], timeout=TIMEOUT_MS)
    assert not dialog.isVisible()
    assert choices.model_in_use() == two_models[0].resolve()  # what `digitpad predict` uses


def test_a_model_gets_a_name_the_user_gives(
    window: MainWindow, qtbot, two_models: list[Path]
) -> None:
    window.load_model(two_models[1])
    qtbot.waitUntil(lambda: window.predictor.path == two_models[1], timeout=TIMEOUT_MS)
    dialog = open_list(window)
    row = row_of(dialog, two_models[1])
    click_row(dialog, row)
    QTest.keyClick(dialog.table, Qt.Key.Key_F2)  # edit the name in place
    editor = dialog.table.focusWidget()
    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(editor, "twelve epochs")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn
    qtbot.waitUntil(lambda: read_metadata(two_models[1]).get("name") == "twelve epochs")
    assert read_metadata(two_models[1])["test_accuracy"] == pytest.approx(0.9912)  # kept
    assert dialog.table.item(row_of(dialog, two_models[1]), NAME).text() == "twelve epochs"
    assert "twelve epochs" in window.model_status.text()  # the model in use, renamed


def test_deleting_a_model_asks_first(
    window: MainWindow, qtbot, monkeypatch, two_models: list[Path]
) -> None:
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = open_list(window)
    click_row(dialog, row_of(dialog, two_models[0]))
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert two_models[0].exists() and len(asked) == 1
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert not two_models[0].exists() and dialog.table.rowCount() == 2

    click_row(dialog, 0)  # the bundled model, in use: neither renamed nor deleted
    assert not dialog.delete_button.isEnabled() and not dialog.rename_button.isEnabled()


def test_the_model_chosen_in_the_window_answers_in_the_cli(
    window: MainWindow, qtbot, capsys, two_models: list[Path], tmp_path: Path
) -> None:
    from PIL import Image

    from digitpad.cli import main

    dialog = open_list(window)
    click_row(dialog, row_of(dialog, two_models[0]), double=True)
    qtbot.waitUntil(lambda: window.predictor.path == two_models[0], timeout=TIMEOUT_MS)
    image = tmp_path / "blank.png"
    Image.new("L", (40, 40), 255).save(image)
    assert main(["predict", str(image)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Model: {two_models[0].resolve()}"
