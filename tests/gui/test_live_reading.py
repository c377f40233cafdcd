"""Watching it learn: the drawing on the pad read by the network as it trains, through the real
Train dialog on the small MNIST fixture, and the pad back on a settled model afterwards.

A 7 is drawn with real mouse strokes before Train is clicked; every reading shown while it
trains carries the live mark, the bars change with the weights, and the last reading is the
new model's (or, after Cancel, the previous model's, with no model file left behind).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gui_helpers import SEVEN, draw
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton

from digitpad.core.inference.replay import open_replay
from digitpad.core.models.library import ModelEntry
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.record import Record
from digitpad.core.models.store import read_metadata
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.core.training import live
from digitpad.gui.window.main_window import MainWindow

TRAIN_TIMEOUT_MS = 240_000


@pytest.fixture(autouse=True)
def a_copy_every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's batches take milliseconds: a copy after each, so the reading moves."""
    monkeypatch.setattr(live, "INTERVAL_S", 0.0)


def tick(qtbot, button: QAbstractButton) -> None:
    """Click a check box or radio button on its mark, as a user does."""
    qtbot.mouseClick(button, Qt.LeftButton, pos=QPoint(8, button.height() // 2))


def model_files() -> list[Path]:
    folder = user_models_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


def drawn_then_dialog(window: MainWindow, qtbot, mnist_dir: Path, epochs: int = 2):
    """A 7 on the pad, read by the model in use; then the Train dialog, set small and fast."""
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.last_prediction is not None)
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    qtbot.mouseClick(dialog.data_box.local_source, Qt.MouseButton.LeftButton)
    dialog.data_box.data_path.setText(str(mnist_dir))
    dialog.epochs.setValue(epochs)
    dialog.batch_size.setValue(64)
    return dialog


def shown_while(window: MainWindow, dialog, qtbot, start) -> list[tuple[str | None, np.ndarray]]:
    """(the panel's note, the bars) of every prediction shown from `start()` to the run's end."""
    seen: list[tuple[str | None, np.ndarray]] = []
    window.prediction_shown.connect(
        lambda p: seen.append((window.panel.note, p.probabilities.copy())) if p else None
    )
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        start()
    return seen


def test_the_drawing_is_read_as_it_learns_and_ends_on_the_new_model(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    before = window.predictor
    dialog = drawn_then_dialog(window, qtbot, mnist_dir)
    window.menu_actions.inside.trigger()  # the inside view follows too
    seen = shown_while(
        window, dialog, qtbot, lambda: qtbot.mouseClick(dialog.train_button, Qt.LeftButton)
    )
    marked = [(note, bars) for note, bars in seen if note is not None]
    assert len(marked) >= 3
    assert all(note.startswith("learning: ") for note, _ in marked)
    assert marked[0][0] == "learning: the untrained network, before its first batch"
    assert np.abs(marked[0][1] - 0.1).max() < 0.1  # untrained: about one chance in ten each
    assert any("epoch 2, batch" in note for note, _ in marked)
    distinct = {tuple(np.round(bars, 4)) for _, bars in marked}
    assert len(distinct) >= 3  # the bars move with the weights
    # Settled on the new model: the mark is gone, and the reading is the new model's own.
    qtbot.waitUntil(lambda: window.predictor is not before)
    qtbot.waitUntil(lambda: window.panel.note is None and window.service.reader is window.predictor)
    shown = window.last_prediction
    assert shown is not None
    again = window.predictor.predict_framed(shown.input)
    np.testing.assert_allclose(shown.probabilities, again.probabilities, atol=1e-6)
    assert "the pad now reads with the new model" in window.statusBar().currentMessage()
    # The inside view showed the training network's kernels and ends on the new model's.
    kernels = window.inside_dock.grids["kernels"].values()
    assert kernels is not None
    trained = read_model_file(window.predictor.path).weights["conv2d"][0]
    np.testing.assert_array_equal(kernels, trained[:, :, 0, :])
    # The Train dialog drew the kernels and the drawing's line as it learned.
    learning = dialog.learning
    assert learning.kernels.count() == 32 and len(learning.steps) >= 3
    assert learning.steps == sorted(learning.steps) and learning.steps[0] == 0
    assert learning.digit() == window.last_prediction.digit


def test_cancel_brings_the_previous_model_back_and_keeps_nothing(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    before, files = window.predictor, model_files()
    dialog = drawn_then_dialog(window, qtbot, mnist_dir, epochs=30)
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), 480)  # a short screen: the dialog's sections scroll
    bar = dialog.body_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(0)  # at the top, where the settings are

    def start_then_cancel() -> None:
        qtbot.mouseClick(dialog.train_button, Qt.LeftButton)
        qtbot.waitUntil(
            lambda: (window.panel.note or "").startswith("learning: epoch"),
            timeout=TRAIN_TIMEOUT_MS,
        )
        # Training brought the kernels and the drawing's line into sight.
        qtbot.waitUntil(lambda: not dialog.learning.visibleRegion().isEmpty())
        assert bar.value() > 0
        qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)

    seen = shown_while(window, dialog, qtbot, start_then_cancel)
    assert any(note is not None for note, _ in seen)
    qtbot.waitUntil(lambda: window.panel.note is None and window.service.reader is before)
    assert window.predictor is before
    assert "reads with the model in use again" in window.statusBar().currentMessage()
    np.testing.assert_allclose(
        window.last_prediction.probabilities,
        before.predict_framed(window.last_prediction.input).probabilities,
        atol=1e-6,
    )
    assert model_files() == files  # no half-written run


def test_without_the_live_reading_the_pad_keeps_the_model_in_use(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    before = window.predictor
    dialog = drawn_then_dialog(window, qtbot, mnist_dir, epochs=1)
    tick(qtbot, dialog.start_box.live)  # off
    assert not dialog.start_box.reads_live()
    readers: list[object] = []
    window.prediction_shown.connect(lambda _p: readers.append(window.service.reader))
    seen = shown_while(
        window, dialog, qtbot, lambda: qtbot.mouseClick(dialog.train_button, Qt.LeftButton)
    )
    assert all(note is None for note, _ in seen)
    # Nothing but the model in use read the pad while it trained; then the new model does
    # (its reading may come after the run's end: wait for it rather than race it).
    qtbot.waitUntil(lambda: window.predictor is not before)
    qtbot.waitUntil(lambda: bool(readers) and readers[-1] is window.predictor)
    assert all(r in (before, window.predictor) for r in readers)
    assert window.panel.note is None


def test_continuing_from_the_model_in_use(window: MainWindow, qtbot, mnist_dir: Path) -> None:
    """The run starts from the bundled model's own weights (its step 0), records where it came
    from, and the Network section does not apply."""
    dialog = drawn_then_dialog(window, qtbot, mnist_dir, epochs=1)
    tick(qtbot, dialog.start_box.continued)
    assert dialog.start_box.continues() and not dialog.network_editor.isEnabled()
    name = ModelEntry(bundled_model_path(), Record.of(read_metadata(bundled_model_path()))).name
    assert f"({name})" in dialog.start_box.continued.text()
    seen = shown_while(
        window, dialog, qtbot, lambda: qtbot.mouseClick(dialog.train_button, Qt.LeftButton)
    )
    marked = [note for note, _ in seen if note is not None]
    assert marked[0] == "learning: the model it starts from, before its first batch"
    qtbot.waitUntil(
        lambda: (
            window.predictor.path is not None and window.predictor.path.parent == user_models_dir()
        )
    )
    path = window.predictor.path
    record = read_metadata(path)
    assert record["continued_from"] == str(bundled_model_path())
    replay = open_replay(read_model_file(path))
    assert replay is not None and replay.from_model
    start = replay.weights(0)
    bundled = read_model_file(bundled_model_path()).weights
    for layer, arrays in bundled.items():
        for got, want in zip(start[layer], arrays, strict=True):
            np.testing.assert_array_equal(got, want.astype(np.float16).astype(np.float32))


@pytest.mark.parametrize("weights", ["none", "broken"])
def test_a_network_the_reader_cannot_build_closes_the_mailbox(
    qtbot, caplog: pytest.LogCaptureFixture, weights: str
) -> None:
    """Training's network not built (one only Keras runs, or weights that fail): the reader
    says so in the log and closes the mailbox, so training stops copying weights for nobody;
    nothing reaches the pad."""
    from digitpad.core.models.snapshots import Moment
    from digitpad.core.training.live import LiveWeights, Mailbox
    from digitpad.gui.replay.live_reader import LiveReader

    layers = read_model_file(bundled_model_path()).architecture.infos
    if weights == "none":  # no Dense ends it: the NumPy pass does not build it
        item = LiveWeights(Moment(1, 8), 8, layers[:2], {})
    else:  # a layer's arrays that are not arrays at all
        item = LiveWeights(Moment(1, 8), 8, layers, {info.name: None for info in layers})
    mailbox = Mailbox(interval=0.0)
    reader = LiveReader()
    delivered: list[object] = []
    reader.ready.connect(delivered.append)
    reader.start(mailbox)
    mailbox.put(item)
    qtbot.waitUntil(lambda: mailbox.closed, timeout=10_000)
    assert not mailbox.due() and reader.built == 0 and delivered == []
    assert "The live reading stopped: training's network not built" in caplog.text
    reader.stop()
