"""What the Train dialog says while and after it works: the test-set stage shows its progress
and ends, errors speak of the window's controls, the dialog stands beside the pad."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt

from digitpad.core.data import mnist as data
from digitpad.core.models import choices
from digitpad.gui.jobs.train_dialog import TrainDialog
from digitpad.gui.window.main_window import MainWindow
from digitpad.gui.window.placement import place_beside

TRAIN_TIMEOUT_MS = 180_000
CLI_WORDS = ("--data", "DIGITPAD_MNIST", "--")


def open_train(window: MainWindow, qtbot, source: Path | str | None) -> TrainDialog:
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog is not None and dialog.isVisible()
    if source is None:
        qtbot.mouseClick(dialog.data_box.keras_source, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(dialog.data_box.local_source, Qt.MouseButton.LeftButton)
        dialog.data_box.data_path.setText(str(source))
    return dialog


def test_the_test_set_stage_shows_its_progress_and_ends(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    dialog = open_train(window, qtbot, mnist_dir)
    lines: list[str] = []
    dialog.status.connect(lines.append)
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)

    checking = [i for i, line in enumerate(lines) if line.startswith("Epoch 1: checking")]
    assert checking, lines
    percents = [int(re.search(r"(\d+)%$", lines[i]).group(1)) for i in checking]
    assert percents[-1] == 100 and percents == sorted(percents)
    checked = lines.index("Epoch 1 of 1: the test set is checked.")
    saving = lines.index("Saving the model…")
    assert checking[-1] < checked < saving  # the stage ends before the next one begins
    assert dialog.stage_label.text() == "Done: the new model is in use."
    assert "After epoch 1" in lines[-1] or "Training done" in lines[-1]


@pytest.mark.parametrize("where", ["missing folder", "no network"])
def test_a_data_error_in_the_window_names_the_window_s_controls(
    window: MainWindow, qtbot, messages, monkeypatch, tmp_path: Path, where: str
) -> None:
    if where == "no network":  # the Keras cache is empty (a private KERAS_HOME): a download
        monkeypatch.setattr(data, "KERAS_URL", "http://127.0.0.1:9/mnist.npz")
        source = None
    else:
        source = tmp_path / "no-such-folder"
    dialog = open_train(window, qtbot, source)
    with qtbot.waitSignal(dialog.job_ended, timeout=60_000):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    (text,) = messages.texts("warning")
    assert "Local folder" in text and "Model ▸ Train model…" in text
    for word in CLI_WORDS:
        assert word not in text, text

    # The same failure in Model ▸ Evaluate, whose MNIST is the one the Train dialog chose.
    messages.shown.clear()
    window.menu_actions.evaluate.trigger()
    evaluate = window.dialogs.evaluate_dialog
    with qtbot.waitSignal(evaluate.job_ended, timeout=60_000):
        qtbot.mouseClick(evaluate.run_button, Qt.MouseButton.LeftButton)
    (text,) = messages.texts("warning")
    assert "Local folder" in text and not any(word in text for word in CLI_WORDS), text


def test_the_cli_keeps_its_own_advice(tmp_path: Path) -> None:
    with pytest.raises(data.DataError) as caught:
        data.load_mnist(tmp_path / "absent")
    assert "--data PATH" in str(caught.value)
    assert caught.value.needs_source
    worded = caught.value.worded("X")
    assert worded.endswith("; X.") and "--data" not in worded


def test_the_remembered_source_is_the_one_the_dialog_shows(
    make_window, qtbot, mnist_dir: Path
) -> None:
    choices.remember_data(local=True, path=mnist_dir)  # e.g. by `digitpad train --data`
    window = make_window()
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog.data_box.local_source.isChecked()
    assert dialog.data_box.data_path.text() == str(mnist_dir.resolve())


# Where the dialog opens ---------------------------------------------------------------------


PLACEMENT_SCRIPT = """
import json, os, sys
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from digitpad.gui.app import create_app
from digitpad.gui.window.main_window import MainWindow
from digitpad.gui.window.placement import global_rect
app = create_app()
window = MainWindow()
if sys.argv[1] == "maximized":
    window.showMaximized()
else:
    window.show()
for _ in range(50):
    app.processEvents()
QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Model ▸ Train
for _ in range(50):
    app.processEvents()
dialog = window.dialogs.train_dialog
rects = {
    "dialog": dialog.frameGeometry().getRect(),
    "pad": global_rect(window.canvas).getRect(),
    "prediction": global_rect(window.panel).getRect(),
    "screen": window.screen().availableGeometry().getRect(),
    "visible": dialog.isVisible(),
}
dialog.close()
for _ in range(50):
    app.processEvents()
rects["maximized after"] = window.isMaximized()
print(json.dumps(rects), flush=True)
os._exit(0)  # the model still loading in the background is of no interest here
"""


@pytest.mark.parametrize("state", ["default size", "maximized"])
def test_the_train_dialog_opens_beside_the_pad_at_1366_by_768(tmp_path: Path, state: str) -> None:
    """On a projector's 1366×768 screen (Qt's offscreen screen, configured), Ctrl+T: the
    class keeps drawing and sees what the network reads. A maximized window steps aside
    while the dialog shows, and is maximized again once it is closed."""
    import json
    import os
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1366,
                                 "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96}]})
    )  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", PLACEMENT_SCRIPT, state.split()[0]],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    rects = json.loads(done.stdout.strip().splitlines()[-1])
    dialog, pad, screen = (QRect(*rects[k]) for k in ("dialog", "pad", "screen"))
    prediction = QRect(*rects["prediction"])
    assert rects["visible"] and screen.width() == 1366
    assert screen.contains(dialog), (dialog, screen)
    assert not dialog.intersects(pad), (dialog, pad)
    assert not dialog.intersects(prediction), (dialog, prediction)
    assert rects["maximized after"] == (state == "maximized")


def test_drawing_works_with_the_train_dialog_open(window: MainWindow, qtbot) -> None:
    from gui_helpers import ONE, draw

    window.menu_actions.train.trigger()
    qtbot.waitExposed(window.dialogs.train_dialog)
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "1", timeout=10_000)


@pytest.mark.parametrize(
    "window_rect, maximized, expected",
    [
        (QRect(0, 0, 700, 700), False, "right of the window"),  # room on a 1366 screen
        (QRect(660, 0, 700, 700), False, "left of the window"),
        (QRect(200, 0, 1000, 700), False, "window narrowed"),  # no room: the window makes some
        (QRect(0, 0, 1366, 740), True, "window stepped aside"),  # maximized: made normal
        (QRect(0, 0, 1366, 740), False, "over the docks"),  # too wide to share the screen
    ],
)
def test_placement_at_1366_by_768(
    qtbot, window_rect: QRect, maximized: bool, expected: str
) -> None:
    """`place_beside` on a projector's screen, whatever the test screen's size: `pad` stands
    for what must stay clear (the pad and the prediction)."""
    from PySide6.QtWidgets import QWidget

    screen = QRect(0, 0, 1366, 768)
    host = QWidget()
    qtbot.addWidget(host)
    host.setGeometry(window_rect)
    host.setMinimumSize(1000 if expected == "over the docks" else 600, 400)
    if maximized:
        host.setWindowState(Qt.WindowState.WindowMaximized)
    pad = QWidget(host)
    pad.setGeometry(10, 30, min(520, window_rect.width() // 2 - 20), window_rect.height() - 80)
    dialog = QWidget()
    qtbot.addWidget(dialog)
    dialog.setMinimumSize(540, 500)
    dialog.resize(720, 700)
    chosen = place_beside(dialog, host, pad, screen=screen)
    window = host.geometry()  # hidden, frameless: the frame is the geometry
    pad_rect = QRect(window.topLeft() + pad.pos(), pad.size())
    assert screen.contains(chosen), chosen
    assert not chosen.intersects(pad_rect), (chosen, pad_rect)
    if expected == "right of the window":
        assert chosen.left() > window.right() and chosen.width() >= 540
        assert window == window_rect  # the window stays where it was
    elif expected == "left of the window":
        assert chosen.right() < window.left() and window == window_rect
    elif expected == "window narrowed":
        assert window.left() == 0 and 600 <= window.width() < 1000
        assert not chosen.intersects(window) and chosen.width() >= 540
    elif expected == "window stepped aside":
        window = host.frameGeometry()  # shown again by leaving the maximized state
        assert not host.isMaximized() and window.left() == 0  # back to normal, at the edge
        assert not chosen.intersects(window) and chosen.width() >= 540
    else:
        assert window == window_rect  # not moved: the dialog covers its far side
        assert chosen.left() > pad_rect.right() and chosen.width() >= 540


# One model in use, one MNIST source: the window and the CLI ------------------------------


def test_old_window_settings_move_to_the_shared_choice_once(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from digitpad.core.paths import bundled_model_path
    from digitpad.gui.settings import Settings

    ini = tmp_path / "old.ini"
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("model/last", "bundled")
    old.setValue("data/use_local", "true")
    old.setValue("data/local_path", str(tmp_path))
    old.setValue("canvas/pen_width", 44)
    old.sync()
    settings = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    assert choices.model_in_use() == bundled_model_path()
    assert choices.data_source() == str(tmp_path)
    assert settings.pen_width == 9  # a window thing: stays (44 of a 500-px pad: 9 %)
    again = QSettings(str(ini), QSettings.Format.IniFormat)
    assert not any(again.contains(k) for k in ("model/last", "data/use_local", "data/local_path"))
    choices.remember_data(local=False)
    Settings(QSettings(str(ini), QSettings.Format.IniFormat))  # nothing left to move
    assert choices.data_source() is None


def test_what_the_cli_trains_is_what_the_window_opens_with(
    make_window, qtbot, capsys, mnist_dir: Path, tmp_path: Path
) -> None:
    """`digitpad train --data X` in a terminal; then the window: its model, its MNIST."""
    from digitpad.cli import main

    out = tmp_path / "from-the-terminal.keras"
    args = ["train", "--data", str(mnist_dir), "--epochs", "1", "--batch-size", "256"]
    assert main([*args, "--out", str(out)]) == 0
    capsys.readouterr()
    window = make_window()
    assert window.predictor.path == out.resolve()
    assert window.model.name() in window.model_status.text()
    window.menu_actions.train.trigger()
    data = window.dialogs.train_dialog.data_box
    assert data.local_source.isChecked() and data.data_path.text() == str(mnist_dir.resolve())
