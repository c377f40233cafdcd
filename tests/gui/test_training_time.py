"""The training-time slider in the walk-through and the inside view: it scrubs the model in
use's snapshots on the drawing, and everything follows the chosen snapshot (the bars, the
maps, the kernels, which pixels decided it, the worked arithmetic), labelled with its step
and epoch; drawing while a snapshot is chosen reads with it. Models without snapshots, or
with damaged ones, say so where the slider would be, and still read the pad.

The model files are the bundled model with made-up snapshots (tests/snapshot_files.py):
no training needed. Every number is checked against the snapshot's own network, built
here by core's replay, independently of the window.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, draw
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from snapshot_files import bundled_with, made_up_set, npz, set_arrays

from digitpad.core.inference.replay import Replay, open_replay
from digitpad.core.models.reader import read_model_file
from digitpad.gui.replay.training_time import State
from digitpad.gui.window.main_window import MainWindow


@pytest.fixture
def replayable(tmp_path: Path) -> Path:
    return bundled_with(tmp_path / "kept.keras", made_up_set().to_bytes())


def ready(window: MainWindow, qtbot) -> Replay:
    qtbot.waitUntil(lambda: window.watching.time.state is State.READY, timeout=30_000)
    replay = open_replay(read_model_file(window.predictor.path))
    assert replay is not None
    return replay


def press(qtbot, widget, key: Qt.Key) -> None:
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    QTest.keyClick(widget, key)


def test_the_slider_reads_the_drawing_with_each_snapshot(
    make_window, qtbot, replayable: Path
) -> None:
    window = make_window(model_path=replayable)
    replay = ready(window, qtbot)
    window.menu_actions.inside.trigger()
    inside, lesson = window.inside_dock.training_time, window.lesson_dock.training_time
    assert inside.slider.isVisible() and inside.slider.maximum() == len(replay) - 1 == 4
    assert inside.slider.value() == 4  # the model itself
    assert inside.label.text() == "training time: step 8, the trained model (the end of epoch 1)"
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.inside_dock.inspection is not None)

    press(qtbot, inside.slider, Qt.Key.Key_Home)  # step 0
    qtbot.waitUntil(lambda: window.panel.note == "training time: step 0, the untrained network")
    qtbot.waitUntil(lambda: window.inside_dock.inspection.prediction is window.last_prediction)
    assert lesson.slider.value() == 0  # the two sliders move together
    framed = window.last_prediction.input
    network = replay.network(0)
    expected = network.run(framed[None])[1][0]
    np.testing.assert_allclose(window.last_prediction.probabilities, expected, atol=1e-5)
    bars = window.panel.probability_chart.bars
    shown_bars = [bars.at(i) for i in range(10)]
    # One decimal, as the labels; a bar stops at 99.9 (a model is never certain).
    np.testing.assert_allclose(shown_bars, np.minimum(100 * expected, 99.9), atol=0.051)
    # The inside view: every map, the kernels and which pixels decided it are the snapshot's.
    inspection = window.inside_dock.inspection
    for layer, want in zip(
        inspection.layers, network.outputs(framed[None, :, :, None]), strict=True
    ):
        np.testing.assert_allclose(layer.values, want[0], atol=1e-5)
    kernels = replay.weights(0)["conv2d"][0][:, :, 0, :]
    np.testing.assert_array_equal(window.inside_dock.grids["kernels"].values(), kernels)
    saliency = network.saliency(framed, inspection.saliency.digits)
    np.testing.assert_allclose(inspection.saliency.gradients, saliency.gradients, atol=1e-5)
    assert window.inside_dock.training_time.label.text() == window.panel.note
    # Hovering a first-layer pixel works out the snapshot's own arithmetic.
    dock = window.inside_dock
    grid = dock.grids["conv2d"]
    point = grid.pixel_position(5, 12, 13)
    dock.scroll_area.ensureVisible(*grid.mapTo(dock.layer_grids, point).toTuple(), 10, 10)
    QTest.mouseMove(grid, grid.pixel_position(5, 12, 13))
    qtbot.waitUntil(lambda: window.inside_dock.arithmetic is not None)
    worked = window.inside_dock.arithmetic
    assert (worked.channel, worked.row, worked.col) == (5, 12, 13)
    np.testing.assert_array_equal(worked.pixel.kernel[:, :, 0], kernels[:, :, 5])
    assert worked.pixel.bias == pytest.approx(float(replay.weights(0)["conv2d"][1][5]))
    QTest.mouseMove(window.canvas)

    press(qtbot, inside.slider, Qt.Key.Key_Right)  # step 1: epoch 1, batch 1 of 8
    qtbot.waitUntil(lambda: window.panel.note == "training time: step 1 (epoch 1, batch 1 of 8)")
    # Drawing while a snapshot is chosen reads with it.
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: not np.array_equal(window.last_prediction.input, framed))
    after = window.last_prediction
    np.testing.assert_allclose(
        after.probabilities, replay.network(1).run(after.input[None])[1][0], atol=1e-5
    )
    assert window.panel.note == "training time: step 1 (epoch 1, batch 1 of 8)"

    press(qtbot, inside.slider, Qt.Key.Key_End)  # the model itself again
    qtbot.waitUntil(lambda: window.panel.note is None)
    qtbot.waitUntil(lambda: window.service.reader is window.predictor)
    assert window.watching.reading.shown is None


def test_the_walk_through_follows_the_snapshot(make_window, qtbot, replayable: Path) -> None:
    window = make_window(model_path=replayable)
    replay = ready(window, qtbot)
    window.menu_actions.lesson.trigger()
    draw(window.canvas, SEVEN)
    lesson = window.lesson_dock
    qtbot.waitUntil(lambda: lesson.lesson is not None)
    press(qtbot, lesson.training_time.slider, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.panel.note == "training time: step 0, the untrained network")
    expected = replay.network(0).run(window.last_prediction.input[None])[1][0]
    qtbot.waitUntil(
        lambda: (
            lesson.lesson is not None
            and np.allclose(lesson.lesson.probabilities, expected, atol=1e-5)
        )
    )
    # The worked convolution: patch × the snapshot's kernel + its bias.
    step = next(s for s in lesson.lesson.steps if s.layer == "conv2d")
    worked = step.worked
    kernel, bias = replay.weights(0)["conv2d"]
    np.testing.assert_array_equal(worked.kernels, kernel)
    pixel = worked.pixel
    np.testing.assert_array_equal(pixel.kernel, kernel[:, :, :, worked.channel])
    assert pixel.bias == pytest.approx(float(bias[worked.channel]))
    assert pixel.sum == pytest.approx(float(pixel.products.sum() + pixel.bias), abs=1e-5)


def test_a_model_without_snapshots_says_so(window: MainWindow, qtbot) -> None:
    qtbot.waitUntil(lambda: window.watching.time.state is State.NONE, timeout=30_000)
    window.menu_actions.inside.trigger()
    for slider in (window.inside_dock.training_time, window.lesson_dock.training_time):
        assert slider.slider.isHidden()
        assert "keeps no snapshots of its training" in slider.label.text()


def test_damaged_snapshots_are_refused_in_one_sentence_and_the_model_reads(
    make_window, qtbot, tmp_path: Path
) -> None:
    arrays = set_arrays(made_up_set())
    arrays["steps"] = np.array([0, 2, 1, 4, 8])
    damaged = bundled_with(tmp_path / "damaged.keras", npz(**arrays))
    window = make_window(model_path=damaged)
    qtbot.waitUntil(lambda: window.watching.time.state is State.REFUSED, timeout=30_000)
    window.menu_actions.inside.trigger()
    label = window.inside_dock.training_time.label
    assert label.text() == (
        "This model's snapshots cannot be used: their steps do not rise from 0 to the end of "
        "training."
    )
    sentence = label.toolTip()  # the whole sentence, naming the file
    assert sentence.startswith(str(damaged)) and "their steps do not rise from 0" in sentence
    assert sentence.endswith("the model itself works as usual.")
    assert window.inside_dock.training_time.slider.isHidden()
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: getattr(window.last_prediction, "digit", None) == 7)
    assert window.panel.note is None and window.service.reader is window.predictor


def test_the_runs_view_replays_a_run_on_the_drawing(window: MainWindow, qtbot) -> None:
    from snapshot_files import run_record

    from digitpad.core.paths import user_models_dir

    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    kept = bundled_with(folder / "kept.keras", made_up_set().to_bytes(), run_record("kept"))
    replay = open_replay(read_model_file(kept))
    assert replay is not None
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: getattr(window.last_prediction, "digit", None) == 7)
    window.menu_actions.runs.trigger()
    dialog = window.dialogs.runs_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    dialog.tabs.setCurrentWidget(dialog.replay)
    qtbot.mouseClick(
        dialog.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.table.visualItemRect(dialog.table.item(0, 1)).center(),
    )
    view = dialog.replay
    qtbot.waitUntil(lambda: view.shown is not None and view.shown.readings is not None)
    framed = window.last_prediction.input
    readings = [replay.network(i).run(framed[None])[1][0] for i in range(len(replay))]
    np.testing.assert_allclose(np.array(view.shown.readings), np.array(readings), atol=1e-6)
    assert view.slider.value() == 4 and "the trained model" in view.label.text()
    assert "reads your drawing as 7" in view.label.text()
    press(qtbot, view.slider, Qt.Key.Key_Home)
    assert view.label.text().startswith("training time: step 0, the untrained network · reads")
    kernels = replay.weights(0)["conv2d"][0][:, :, 0, :]
    np.testing.assert_array_equal(view.learning.kernels.values(), kernels)
    line = view.learning.chart.line
    assert [line.at(i).x() for i in range(line.count())] == [0, 1, 2, 4, 8]
    np.testing.assert_allclose(
        [line.at(i).y() for i in range(line.count())], [100 * r[7] for r in readings], atol=1e-4
    )
    assert window.panel.note is None  # the pad itself keeps the model in use


def test_codes_beyond_float16_are_refused_and_the_model_reads(
    make_window, qtbot, tmp_path: Path
) -> None:
    """A low of -1e38 and a scale of 1e36 are finite in float32, but the pass would read NaN
    ("softmax bar nan%"): refused on reading, as float16 rows beyond 65504 are."""
    from digitpad.core.models.snapshots import CODES

    arrays = set_arrays(made_up_set(encoding=CODES))
    arrays["low"] = np.full_like(arrays["low"], -1e38)
    arrays["scale"] = np.full_like(arrays["scale"], 1e36)
    hostile = bundled_with(tmp_path / "overflowing.keras", npz(**arrays))
    window = make_window(model_path=hostile)
    qtbot.waitUntil(lambda: window.watching.time.state is State.REFUSED, timeout=30_000)
    window.menu_actions.inside.trigger()
    slider = window.inside_dock.training_time
    assert slider.label.text() == (
        "This model's snapshots cannot be used: they hold values that are not numbers (NaN or "
        "infinite)."
    )
    assert slider.label.toolTip().startswith(str(hostile)) and slider.slider.isHidden()
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: getattr(window.last_prediction, "digit", None) == 7)
    assert window.service.reader is window.predictor
    assert np.isfinite(window.last_prediction.probabilities).all()


def test_the_refusal_names_a_file_with_markup_as_written(
    make_window, qtbot, tmp_path: Path
) -> None:
    """The tooltip holds the whole sentence, naming the file: a path with markup is shown as
    written, not rendered (tooltips guess HTML)."""
    from PySide6.QtGui import Qt as QtGui

    arrays = set_arrays(made_up_set())
    arrays["steps"] = np.array([0, 2, 1, 4, 8])
    folder = tmp_path / "<b>HOSTILE<img src=nowhere.png>"
    folder.mkdir()
    damaged = bundled_with(folder / "damaged.keras", npz(**arrays))
    window = make_window(model_path=damaged)
    qtbot.waitUntil(lambda: window.watching.time.state is State.REFUSED, timeout=30_000)
    window.menu_actions.inside.trigger()
    for time in (window.inside_dock.training_time, window.lesson_dock.training_time):
        tip = time.label.toolTip()
        assert "their steps do not rise from 0" in tip
        assert "<b>HOSTILE" not in tip or not QtGui.mightBeRichText(tip)
        assert "&lt;b&gt;HOSTILE&lt;img src=nowhere.png&gt;" in tip


def test_a_snapshot_that_fails_to_build_leaves_the_model_reading(
    make_window, qtbot, replayable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step 1 read the pad; then building step 0 fails: the refusal is shown and the model
    itself reads the pad again (not step 1, with no note saying so)."""
    window = make_window(model_path=replayable)
    ready(window, qtbot)
    window.menu_actions.inside.trigger()
    slider = window.inside_dock.training_time.slider
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: getattr(window.last_prediction, "digit", None) == 7)
    press(qtbot, slider, Qt.Key.Key_Home)
    press(qtbot, slider, Qt.Key.Key_Right)  # step 1 reads the pad
    qtbot.waitUntil(lambda: window.panel.note == "training time: step 1 (epoch 1, batch 1 of 8)")
    step_1 = window.service.reader
    assert step_1 is not window.predictor

    built = Replay.predictor

    def failing(replay: Replay, index: int):
        if index == 2:
            raise MemoryError  # what a build may run into on a small machine
        return built(replay, index)

    monkeypatch.setattr(Replay, "predictor", failing)
    press(qtbot, slider, Qt.Key.Key_Right)  # step 2: its build fails
    qtbot.waitUntil(lambda: window.watching.time.state is State.REFUSED)
    qtbot.waitUntil(lambda: window.service.reader is window.predictor)
    assert window.watching.reading.shown is None and window.panel.note is None
    assert window.inside_dock.training_time.label.text().startswith(
        "This model's snapshots cannot be used"
    )
