"""Loading another model never stalls the pad: the model in use keeps reading what is drawn
while the new one loads on a worker, and the new one then reads the same drawing, with no new
stroke needed."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from gui_helpers import SEVEN, draw

from digitpad.gui import backend
from digitpad.gui.backend import Backend

TIMEOUT_MS = 30_000


def other_model(path: Path) -> Path:
    """A small network with weights of its own, so its probabilities differ from the bundled."""
    import keras

    keras.utils.set_random_seed(21)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.save(path)
    return path


def test_the_pad_keeps_reading_while_another_model_loads(make_window, qtbot, tmp_path) -> None:
    other = other_model(tmp_path / "other.keras")
    release = threading.Event()

    def gated(path):
        if path is not None and Path(path).name == other.name:
            release.wait(30)  # this load takes as long as the test wants
        return backend.load_predictor(path)

    window = make_window(backend=Backend(load_predictor=gated))
    bundled = window.predictor
    window.load_model(other)
    assert window.model.is_loading() and "Loading other.keras" in window.model_status.text()
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    assert window.predictor is bundled and window.model.is_loading()  # read by the model in use
    release.set()
    qtbot.waitUntil(lambda: window.predictor is not bundled, timeout=TIMEOUT_MS)
    assert window.predictor.path == other

    def read_by_the_new_model() -> bool:
        shown = window.last_prediction
        if shown is None:
            return False
        expected = window.predictor.predict_framed(shown.input).probabilities
        return np.allclose(shown.probabilities, expected, atol=1e-6)

    qtbot.waitUntil(read_by_the_new_model, timeout=TIMEOUT_MS)
    assert not np.allclose(
        window.last_prediction.probabilities,
        bundled.predict_framed(window.last_prediction.input).probabilities,
        atol=1e-3,
    )
