"""The main window with the bundled model: live prediction from real mouse strokes, shortcuts,
the Model menu (load, save, reset, layer summary), settings, and loading in the background."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import DIGITS, ONE, SEVEN, browse_for_a_model, draw, press_and_move, release
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from digitpad.core.i18n import percent
from digitpad.core.models import choices
from digitpad.core.models.store import read_metadata
from digitpad.core.paths import bundled_model_path
from digitpad.gui import backend
from digitpad.gui.backend import Backend
from digitpad.gui.settings import Settings
from digitpad.gui.window.main_window import MainWindow

PREDICT_TIMEOUT_MS = 10_000
PROMPT = "Draw a digit"  # what the prediction's place says while the pad is blank


def shows(window: MainWindow, digit: int) -> bool:
    return window.panel.prediction.text() == str(digit)


def test_window_parts_are_named(window: MainWindow) -> None:
    for name in ("canvas", "probability_chart", "prediction", "network_input"):
        assert window.findChild(object, name) is not None, name
    assert window.panel.prediction.text() == PROMPT
    assert window.panel.probability_chart.axis_x.categories() == [str(d) for d in range(10)]
    assert window.panel.network_input.array() is None


@pytest.mark.parametrize("digit", sorted(DIGITS))
def test_drawn_digit_is_recognized(window: MainWindow, qtbot, digit: int) -> None:
    draw(window.canvas, DIGITS[digit])
    qtbot.waitUntil(lambda: shows(window, digit), timeout=PREDICT_TIMEOUT_MS)
    chart = window.panel.probability_chart
    assert chart.bars.selectedBars() == [digit]
    probabilities = window.last_prediction.probabilities
    assert sum(probabilities) == pytest.approx(1.0, abs=1e-4)
    assert max(range(10), key=probabilities.__getitem__) == digit
    bars = [chart.bars.at(d) for d in range(10)]
    expected = [min(round(100 * float(p), 1), 99.9) for p in probabilities]  # never 100
    assert bars == pytest.approx(expected, abs=1e-4)
    assert window.panel.confidence.text().startswith("confidence ")
    seen = window.panel.network_input.array()
    assert seen is not None and seen.shape == (28, 28) and seen.max() > 0.5


def test_prediction_updates_while_the_stroke_is_drawn(window: MainWindow, qtbot) -> None:
    shown: list[object] = []
    window.prediction_shown.connect(shown.append)
    end = press_and_move(window.canvas, SEVEN[0][:2])  # the 7's top bar; button still down
    # A bar alone is a dash: judged not a digit, it is still a reading.
    qtbot.waitUntil(lambda: window.last_prediction is not None, timeout=PREDICT_TIMEOUT_MS)
    first = len(shown)
    end = press_and_move_more(window, [SEVEN[0][1], SEVEN[0][2]], end)
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)
    assert len(shown) > first  # updated again mid-stroke: the mouse button is still down
    release(window.canvas, end)


def press_and_move_more(window: MainWindow, stroke, start):
    """Continue the current stroke (no new press) along `stroke`."""
    from gui_helpers import unit_to_widget

    canvas = window.canvas
    target = unit_to_widget(canvas, stroke[-1])
    steps = 30
    for i in range(1, steps + 1):
        x = start.x() + (target.x() - start.x()) * i / steps
        y = start.y() + (target.y() - start.y()) * i / steps
        QTest.mouseMove(canvas, type(start)(round(x), round(y)))
    return target


def test_escape_and_the_clear_button_clear_the_pad(window: MainWindow, qtbot) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.canvas.is_blank()
    assert window.panel.prediction.text() == PROMPT
    bars = window.panel.probability_chart.bars
    assert bars.selectedBars() == []
    assert [bars.at(d) for d in range(10)] == [0.0] * 10
    assert window.panel.network_input.array() is None

    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: shows(window, 1), timeout=PREDICT_TIMEOUT_MS)
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert window.canvas.is_blank() and window.panel.prediction.text() == PROMPT
    qtbot.wait(200)  # a prediction still in flight must not bring the old digit back
    assert window.panel.prediction.text() == PROMPT


def test_ctrl_z_undoes_the_last_stroke(window: MainWindow, qtbot) -> None:
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: shows(window, 1), timeout=PREDICT_TIMEOUT_MS)
    draw(window.canvas, [[(-0.3, -0.3), (0.3, -0.3)]])  # a bar on top: no longer a 1
    qtbot.waitUntil(lambda: not shows(window, 1), timeout=PREDICT_TIMEOUT_MS)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.stroke_count == 1
    qtbot.waitUntil(lambda: shows(window, 1), timeout=PREDICT_TIMEOUT_MS)
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    assert window.canvas.is_blank() and window.panel.prediction.text() == PROMPT


def test_ctrl_z_and_undo_bring_back_a_cleared_pad(window: MainWindow, qtbot) -> None:
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.canvas.is_blank() and window.panel.prediction.text() == PROMPT
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.canvas.stroke_count == 1
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)  # read again
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert window.canvas.is_blank()
    qtbot.mouseClick(window.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)


def test_status_bar_names_the_model_and_its_accuracy(window: MainWindow) -> None:
    text = window.model_status.text()
    assert "digitpad-cnn" in text and "bundled" in text
    accuracy = window.predictor.test_accuracy
    assert accuracy is not None and percent(accuracy, 2) in text


def test_a_digit_drawn_while_loading_is_predicted_when_ready(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    release_model = threading.Event()

    def slow_load(path):
        release_model.wait(30)
        return backend.load_predictor(path)

    window = make_window(wait=False, backend=Backend(load_predictor=slow_load))
    assert "Loading" in window.model_status.text()
    draw(window.canvas, SEVEN)
    qtbot.wait(300)
    assert window.predictor is None and window.panel.prediction.text() == ""
    assert window.panel.confidence.text() == "Waiting for the model…"
    release_model.set()
    qtbot.waitUntil(lambda: shows(window, 7), timeout=60_000)  # no new stroke needed


def test_layer_summary_shows_the_course_table(window: MainWindow, qtbot) -> None:
    window.menu_actions.layer_summary.trigger()
    qtbot.waitUntil(
        lambda: (
            window.dialogs.summary_dialog is not None and window.dialogs.summary_dialog.isVisible()
        ),
        timeout=PREDICT_TIMEOUT_MS,
    )
    dialog = window.dialogs.summary_dialog
    rows = dialog.rows()
    types = [row[0].split("(")[-1].rstrip(")") for row in rows]
    assert types == [
        "Conv2D", "Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense", "Dropout", "Dense",
    ]  # fmt: skip
    assert [row[1] for row in rows] == [
        "(None, 26, 26, 32)", "(None, 24, 24, 64)", "(None, 12, 12, 64)", "(None, 12, 12, 64)",
        "(None, 9216)", "(None, 128)", "(None, 128)", "(None, 10)",
    ]  # fmt: skip
    assert [row[2] for row in rows] == ["320", "18,496", "0", "0", "0", "1,179,776", "0", "1,290"]
    assert dialog.table.horizontalHeaderItem(0).text() == "Layer (type)"
    assert "Total params: 1,199,882" in dialog.total_label.text()
    assert "Trainable params: 1,199,882" in dialog.trainable_label.text()
    assert "Non-trainable params: 0" in dialog.non_trainable_label.text()
    assert "digitpad-cnn.keras" in dialog.model_label.text()


def test_a_bad_model_file_gets_a_clear_message_and_the_model_stays(
    window: MainWindow, qtbot, messages, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.keras"
    bad.write_bytes(b"this is not a zip archive")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = window.predictor
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=PREDICT_TIMEOUT_MS)
    (text,) = messages.texts("warning")
    assert "broken.keras" in text and "is not a .keras model file" in text
    assert "Traceback" not in text
    assert window.predictor is before
    assert "digitpad-cnn" in window.model_status.text()
    draw(window.canvas, SEVEN)  # still working
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)


def test_a_wrong_model_file_from_the_command_line_falls_back(make_window, messages) -> None:
    window = make_window(model_path="/nonexistent/model.keras")
    assert any("does not exist" in text for text in messages.texts("warning"))
    assert window.predictor.path.resolve() == bundled_model_path().resolve()


def test_load_save_and_reset_models(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages
) -> None:
    copy = tmp_path / "my-model.keras"
    shutil.copy(bundled_model_path(), copy)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: window.predictor.path == copy, timeout=PREDICT_TIMEOUT_MS)
    assert "my-model" in window.model_status.text()
    assert choices.model_in_use() == copy.resolve()

    target = tmp_path / "saved" / "exported"  # no suffix: .keras is added
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu_actions.save_model.trigger()
    saved = target.with_name("exported.keras")
    status = window.statusBar()
    qtbot.waitUntil(lambda: "Saved the model" in status.currentMessage(), timeout=30_000)
    assert saved.is_file()
    # The accuracy travels along, inside the one file.
    assert read_metadata(saved)["test_accuracy"] == window.predictor.test_accuracy
    assert sorted(p.name for p in saved.parent.iterdir()) == ["exported.keras"]

    window.menu_actions.reset_model.trigger()
    qtbot.waitUntil(
        lambda: window.predictor.path.resolve() == bundled_model_path().resolve(),
        timeout=PREDICT_TIMEOUT_MS,
    )
    assert "bundled" in window.model_status.text()
    assert not messages.shown


def test_settings_are_remembered_between_runs(make_window, qtbot, tmp_path: Path) -> None:
    copy = tmp_path / "remembered.keras"
    shutil.copy(bundled_model_path(), copy)
    first = make_window(model_path=copy)
    first.pen_width.setValue(11)
    first.resize(790, 560)  # within the offscreen screen (800×600): restoring clamps to it
    first.close()
    settings = Settings()
    assert settings.pen_width == 11
    assert settings.geometry is not None
    assert choices.model_in_use() == copy.resolve()

    second = make_window()
    assert second.pen_width.value() == 11 and second.canvas.pen_width == 11
    assert (second.size().width(), second.size().height()) == (790, 560)
    assert second.predictor.path == copy.resolve()


def test_every_menu_action_has_a_shortcut_shown_in_the_menu(window: MainWindow) -> None:
    assert window.menu_actions.train.objectName() == "action_train"
    assert window.menu_actions.layer_summary.objectName() == "action_layer_summary"
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    model_items = [a.text().replace("&", "") for a in menus["Model"].actions() if a.text()]
    assert model_items[:6] == [
        "Train model…", "Fine-tune on my samples…", "Load model…", "Save model as…",
        "Reset to bundled model", "Layer summary…",
    ]  # fmt: skip
    assert [a.text().replace("&", "") for a in menus["Help"].actions()] == ["About digitpad"]
    language_choices = set(window.menu_actions.language_group.actions())
    actions = [
        action
        for menu in menus.values()
        for action in menu.actions()
        if not action.isSeparator() and action.menu() is None and action not in language_choices
    ]
    assert len(actions) >= 14
    for action in actions:
        assert not action.shortcut().isEmpty(), action.text()
    shortcuts = [action.shortcut().toString() for action in actions]
    assert len(set(shortcuts)) == len(shortcuts), "two actions share a shortcut"
    # Every menu and the language submenu open with Alt+letter (a mnemonic).
    assert all("&" in a.text() for a in window.menuBar().actions())
    assert "&" in window.menu_actions.language_menu.title()


def test_about_box(window: MainWindow, messages) -> None:
    window.menu_actions.about.trigger()
    ((kind, title, text),) = messages.shown
    assert kind == "about" and "digitpad" in title and "MNIST" in text


def test_prediction_input_matches_the_core_predictor(window: MainWindow, qtbot) -> None:
    """The window shows exactly what `Predictor.predict` makes of the pad's pixels."""
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: shows(window, 7), timeout=PREDICT_TIMEOUT_MS)
    qtbot.wait(100)
    expected = window.predictor.predict(window.canvas.to_array())
    np.testing.assert_allclose(window.panel.network_input.array(), expected.input, atol=1e-6)


# Training and fine-tuning from the window: one at a time, Cancel while saving, closing ----------

JOB_TIMEOUT_MS = 180_000
KINDS = ["train", "finetune"]


@pytest.fixture
def some_samples(tilted_handwriting) -> None:
    from digitpad.core.data.samples import SampleStore

    store = SampleStore()
    for sample in tilted_handwriting[:40]:
        store.save(sample)


def open_job_dialog(window: MainWindow, kind: str, mnist_dir: Path):
    """The Train or Fine-tune dialog, opened from the menu, for one epoch on the fixture."""
    choices.remember_data(local=True, path=mnist_dir)
    action = window.menu_actions.train if kind == "train" else window.menu_actions.finetune
    action.trigger()
    dialog = window.dialogs.train_dialog if kind == "train" else window.dialogs.finetune_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.epochs.setValue(1)
    return dialog


def stuck_job(kind: str) -> tuple[Backend, threading.Event, threading.Event]:
    """A backend whose training or fine-tuning ignores Cancel until `release` is set (a slow
    batch, a stalled disk); `entered` is set once it is in there."""
    from types import SimpleNamespace

    entered, release = threading.Event(), threading.Event()

    def stuck(*args, **kwargs):
        entered.set()
        release.wait(60)
        return SimpleNamespace(cancelled=True, model=None)

    stalled = Backend(train=stuck) if kind == "train" else Backend(finetune=stuck)
    return stalled, entered, release


def new_model_files() -> list[str]:
    from digitpad.core.paths import user_models_dir

    folder = user_models_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("kind", KINDS)
def test_training_and_finetuning_hold_each_other_back(
    make_window, qtbot, mnist_dir: Path, some_samples, monkeypatch, kind: str
) -> None:
    stalled, entered, release = stuck_job(kind)
    window = make_window(backend=stalled)
    dialog = open_job_dialog(window, kind, mnist_dir)
    try:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(entered.is_set, timeout=JOB_TIMEOUT_MS)
        other_action = (
            window.menu_actions.finetune if kind == "train" else window.menu_actions.train
        )
        own_action = window.menu_actions.train if kind == "train" else window.menu_actions.finetune
        assert not other_action.isEnabled()
        assert own_action.isEnabled()  # brings the running dialog back
        assert window.menu_actions.evaluate.isEnabled()  # only reads the model in use
        # Opened anyway (a script, a shortcut raced): its Start waits, and says why.
        if kind == "train":
            window.dialogs.show_finetune()
            other = window.dialogs.finetune_dialog
            assert "Training is running" in other.start_button.toolTip()
        else:
            window.dialogs.show_train()
            other = window.dialogs.train_dialog
            assert "Fine-tuning is running" in other.start_button.toolTip()
        assert not other.start_button.isEnabled()
        with qtbot.waitSignal(dialog.job_ended, timeout=JOB_TIMEOUT_MS):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            release.set()
    finally:
        release.set()
    assert other_action.isEnabled() and other.start_button.isEnabled()
    assert other.start_button.toolTip() == ""


@pytest.mark.parametrize("kind", KINDS)
def test_closing_the_window_while_a_job_will_not_stop_never_freezes_it(
    make_window, qtbot, mnist_dir: Path, some_samples, monkeypatch, kind: str
) -> None:
    """The window waits (live) for the job to stop, then closes without it after
    CLOSE_TIMEOUT_MS; it never blocks the GUI thread waiting for the job's thread."""
    import time

    from PySide6.QtCore import QTimer

    stalled, entered, release = stuck_job(kind)
    window = make_window(backend=stalled, close_timeout_ms=1000)
    before = window.predictor
    dialog = open_job_dialog(window, kind, mnist_dir)
    try:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(entered.is_set, timeout=JOB_TIMEOUT_MS)
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        timer.start(20)
        asked_at = time.perf_counter()
        assert window.close() is False  # not yet: the job is asked to stop first
        doing = "training" if kind == "train" else "fine-tuning"
        assert window.statusBar().currentMessage() == f"Stopping the {doing} before closing…"
        assert dialog.job.stop_requested and not dialog.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
        closed_after = time.perf_counter() - asked_at
        timer.stop()
        assert dialog.is_running()  # it did not stop: the window closed without waiting
        gaps = [b - a for a, b in zip([asked_at, *ticks], ticks, strict=False)]
        assert 0.9 < closed_after < 3.0
        assert max(gaps) < 0.5, "the GUI thread was blocked"
    finally:
        release.set()
    assert dialog.job.wait(30)
    qtbot.waitUntil(lambda: not dialog.is_running())
    assert window.predictor is before and new_model_files() == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("during", ["the write", "building the predictor"])
def test_cancel_while_saving_keeps_nothing(
    make_window, qtbot, mnist_dir: Path, some_samples, monkeypatch, kind: str, during: str
) -> None:
    """Cancel pressed while the dialog says "Saving the model…": the run ends as cancelled,
    the model in use stays, and neither the new file nor its sidecar is kept. 'building the
    predictor': the file is complete and the job has checked for Cancel already."""
    entered, release = threading.Event(), threading.Event()

    def stall_after(call):
        def stalled(*args, **kwargs):
            result = call(*args, **kwargs)
            entered.set()
            release.wait(60)
            return result

        return stalled

    if during == "the write":
        slow = Backend(save_model=stall_after(backend.save_model))
    else:
        slow = Backend(build_predictor=stall_after(backend.build_predictor))
    window = make_window(backend=slow)
    before = window.predictor
    dialog = open_job_dialog(window, kind, mnist_dir)
    stages: list[str] = []
    dialog.status.connect(stages.append)
    try:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(entered.is_set, timeout=JOB_TIMEOUT_MS)
        qtbot.waitUntil(lambda: "Saving the model…" in stages)
        assert new_model_files() != []  # written (or being written) while Cancel is pressed
        assert dialog.cancel_button.isEnabled()
        with qtbot.waitSignal(dialog.job_ended, timeout=JOB_TIMEOUT_MS):
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            release.set()
    finally:
        release.set()
    assert dialog.stage_label.text() == "Cancelled. The model in use has not changed."
    assert window.predictor is before and new_model_files() == []
    assert dialog.start_button.isEnabled() and window.menu_actions.train.isEnabled()
    assert window.menu_actions.finetune.isEnabled()
