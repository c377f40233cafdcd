"""A legacy .h5 model in the window (issue 29): Browse… takes it, the pad, the inside view and
the walk-through read with it, Save As makes a .keras of it; a hostile one is refused in a
dialog and the model in use stays."""

from __future__ import annotations

import json
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest
from gui_helpers import SEVEN, browse_for_a_model, draw
from PySide6.QtWidgets import QFileDialog, QMessageBox

from digitpad.core.inference.predictor import Predictor
from digitpad.core.models.store import load_model
from digitpad.core.paths import bundled_model_path
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def course_h5(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled network saved as a student's script saves it: compiled with Adadelta,
    `model.save("course.h5")`, the optimizer's state included."""
    model = load_model(bundled_model_path())
    model.compile(
        optimizer=keras.optimizers.Adadelta(learning_rate=1.0), loss="categorical_crossentropy"
    )
    model.optimizer.build(model.trainable_variables)
    path = tmp_path_factory.mktemp("h5") / "course.h5"
    model.save(path)
    with h5py.File(path) as f:
        assert "optimizer_weights" in f
    return path


def test_browse_takes_an_h5_and_every_view_reads_with_it(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages, course_h5
) -> None:
    asked: dict[str, str] = {}

    def open_name(parent, caption, start, filters):
        asked["filters"] = filters
        return str(course_h5), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_name)
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: window.predictor.path == course_h5, timeout=TIMEOUT_MS)
    assert "*.h5" in asked["filters"].split(";;")[0]
    assert "course" in window.model_status.text() and "Keras" not in window.model_status.text()
    assert not window.predictor.uses_keras  # read and run by digitpad, as a .keras would be

    window.menu_actions.inside.trigger()
    window.menu_actions.lesson.trigger()
    qtbot.waitUntil(lambda: window.inside_dock.isVisible(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.lesson_dock.lesson is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "conv2d" in window.inside_dock.grids, timeout=TIMEOUT_MS)
    shown = window.last_prediction
    keras_model = load_model(course_h5)  # built by digitpad from the file, computed by Keras
    theirs = np.asarray(keras_model(shown.input.reshape(1, 28, 28, 1), training=False))[0]
    np.testing.assert_allclose(shown.probabilities, theirs, atol=1e-5)
    qtbot.waitUntil(
        lambda: np.array_equal(window.lesson_dock.lesson.probabilities, shown.probabilities),
        timeout=TIMEOUT_MS,
    )

    typed = tmp_path / "mine.h5"  # Save As writes .keras, whatever was typed

    def save_name(parent, caption, suggested, filters):
        asked["suggested"] = suggested
        return str(typed), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    window.menu_actions.save_model.trigger()
    status = window.statusBar()
    qtbot.waitUntil(lambda: "Saved the model" in status.currentMessage(), timeout=TIMEOUT_MS)
    saved = tmp_path / "mine.keras"
    assert asked["suggested"] == "course.keras"
    assert saved.is_file() and not typed.exists()
    again = Predictor.load(saved).predict_framed(shown.input)
    np.testing.assert_allclose(again.probabilities, shown.probabilities, atol=1e-6)
    assert not messages.shown

    # mine.h5 again: the dialog asked about mine.h5, so digitpad asks before replacing mine.keras.
    before = saved.read_bytes()
    written = (saved.stat().st_ino, saved.stat().st_mtime_ns)
    status.clearMessage()
    window.menu_actions.save_model.trigger()  # the answer recorded is not Yes: kept
    assert [(kind, text) for kind, _title, text in messages.shown] == [
        ("question", "mine.keras already exists. Replace it?")
    ]
    assert saved.read_bytes() == before and "Saving" not in status.currentMessage()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.menu_actions.save_model.trigger()
    qtbot.waitUntil(lambda: "Saved the model" in status.currentMessage(), timeout=TIMEOUT_MS)
    assert (saved.stat().st_ino, saved.stat().st_mtime_ns) != written  # replaced
    assert Predictor.load(saved).path == saved


def test_a_hostile_h5_is_refused_in_a_dialog_and_the_model_stays(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages, course_h5
) -> None:
    hostile = tmp_path / "sneaky.h5"
    hostile.write_bytes(course_h5.read_bytes())
    with h5py.File(hostile, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        config["config"]["layers"].insert(1, {"class_name": "Lambda", "config": {"name": "x"}})
        f.attrs["model_config"] = json.dumps(config)
    before = window.predictor
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(hostile), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=TIMEOUT_MS)
    (text,) = messages.texts("warning")
    assert "sneaky.h5 contains code (a Lambda layer), which digitpad never runs." in text
    assert "Traceback" not in text
    assert window.predictor is before
