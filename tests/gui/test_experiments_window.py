"""Try it on the network, in the window: the digit moved with real keys and drags, maps
switched off with real clicks, a kernel typed in; the bars, the inside view and the
walk-through follow together, and Keras, given the moved image, the zeroed maps or the
edited kernel, computes the same numbers."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from gui_helpers import SEVEN, click, draw, go_to
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from digitpad.core.data.framing import frame_digit
from digitpad.core.experiments.experiment import Experiment
from digitpad.core.experiments.ranking import rank_maps
from digitpad.gui.inside.dock import INPUT
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 20_000
TOLERANCE = 1e-5
KEYS = [
    "input", "move", "conv2d", "kernel", "conv2d_1", "maps_off", "max_pooling2d", "dropout",
    "flatten", "dense", "dropout_1", "dense_1", "saliency", "parameters",
]  # fmt: skip


def moved(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    out = np.zeros_like(image)
    for r in range(28):
        for c in range(28):
            if 0 <= r - dy < 28 and 0 <= c - dx < 28:
                out[r, c] = image[r - dy, c - dx]
    return out


def keras_reads(model: keras.Model, image: np.ndarray) -> np.ndarray:
    return np.asarray(model(image.reshape(1, 28, 28, 1).astype(np.float32), training=False))[0]


def framed(window: MainWindow) -> np.ndarray:
    found = frame_digit(window.canvas.to_array())
    assert found is not None
    return found


def shows(window: MainWindow, experiment: Experiment, *, drawing: bool = True) -> bool:
    """The walk-through's pass, the one the bars show, was made with `experiment` (on the
    drawing on the pad now, unless the pad was resized since: not `drawing`)."""
    inspection = window.lesson_dock._built_from
    return (
        inspection is not None
        and getattr(inspection, "experiment", None) == experiment
        and (not drawing or np.allclose(inspection.framed, framed(window)))
        and window.last_prediction is inspection.prediction
    )


@pytest.fixture
def walked(window: MainWindow, qtbot) -> MainWindow:
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: shows(window, Experiment()), timeout=TIMEOUT_MS)
    return window


def test_the_experiments_are_steps_of_the_walk_through(walked: MainWindow) -> None:
    assert walked.lesson_dock.step_keys() == KEYS
    assert walked.lesson_dock.steps.itemText(1) == "2. Try it: move the digit"
    assert not walked.lesson_dock.banner.isVisible()


def test_arrow_keys_move_the_digit_and_every_view_follows(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "move")
    before = framed(walked)
    page.input_map.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Up):
        QTest.keyClick(page.input_map, key)
    qtbot.waitUntil(lambda: shows(walked, Experiment(shift=(2, -1))), timeout=TIMEOUT_MS)
    want = moved(before, 2, -1)
    shown = walked.last_prediction
    np.testing.assert_array_equal(shown.input, want)  # framing bypassed: the 28×28 itself moved
    np.testing.assert_array_equal(walked.panel.network_input._array, want)
    model = walked.predictor.keras_model()
    np.testing.assert_allclose(shown.probabilities, keras_reads(model, want), atol=TOLERANCE)
    assert walked.lesson_dock.banner.isVisible()
    assert "moved 2 pixels right, 1 pixel up" in walked.lesson_dock.banner.text.text()
    # The feature maps moved with it: the same pattern, one cell further, outlined.
    qtbot.waitUntil(lambda: page.comparison is not None, timeout=TIMEOUT_MS)
    first, second = page.comparison.layers[:2]
    assert first.same and second.same and first.move == (2, -1)
    assert page.maps[0][1].outline is not None
    assert "The prediction holds" in page.sentences.text() or "breaks" in page.sentences.text()
    assert "framing is bypassed" in page.sentences.text()
    QTest.keyClick(page.input_map, Qt.Key.Key_Home)  # back where framing put it
    qtbot.waitUntil(lambda: shows(walked, Experiment()), timeout=TIMEOUT_MS)
    assert not walked.lesson_dock.banner.isVisible()


def test_the_shift_map_is_keras_for_every_move_and_a_click_moves_there(
    walked: MainWindow, qtbot
) -> None:
    page = go_to(walked, "move")
    view = page.shift_view
    qtbot.waitUntil(lambda: view.shift_map is not None, timeout=TIMEOUT_MS)
    found = view.shift_map
    image = framed(walked)
    assert found.digit == 7 and found.probabilities.shape == (13, 13, 10)
    model = walked.predictor.keras_model()
    batch = np.stack([moved(image, dx, dy) for dy in range(-6, 7) for dx in range(-6, 7)])
    want = np.asarray(model(batch.reshape(-1, 28, 28, 1), training=False)).reshape(13, 13, 10)
    np.testing.assert_allclose(found.probabilities, want, atol=TOLERANCE)
    np.testing.assert_allclose(view.grid.values(), 100 * want[:, :, 7], atol=1e-3)
    assert view.grid.mark == (6, 6)
    assert "0% … 100%" in view.bar_caption.text()
    rows = view.rows
    assert rows is not None and rows[0].values[0] == 0.6 and rows[1].values[-1] == 30
    qtbot.waitUntil(lambda: view.grid.cell_size() > 8, timeout=TIMEOUT_MS)  # laid out
    QTest.mouseClick(
        view.grid, Qt.MouseButton.LeftButton, pos=view.grid.cell_rect(4, 9).center().toPoint()
    )
    qtbot.waitUntil(lambda: shows(walked, Experiment(shift=(3, -2))), timeout=TIMEOUT_MS)
    assert view.grid.mark == (4, 9)
    np.testing.assert_allclose(walked.last_prediction.probabilities, want[4, 9], atol=TOLERANCE)


def test_dragging_the_inside_views_input_moves_the_digit(walked: MainWindow, qtbot) -> None:
    walked.menu_actions.inside.trigger()
    dock = walked.inside_dock
    qtbot.waitUntil(lambda: dock.isVisible() and dock.grids[INPUT].count() == 1, timeout=TIMEOUT_MS)
    grid = dock.grids[INPUT]
    dock.scroll_area.ensureWidgetVisible(grid, 0, 0)
    cell = grid.tile_rect(0).width() / 28
    start = grid.tile_rect(0).center().toPoint()
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 5):  # four cells left, one down, in small moves
        QTest.mouseMove(grid, start + QPoint(round(-step * cell), round(step * cell / 4)))
    QTest.mouseRelease(
        grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        start + QPoint(round(-4 * cell), round(cell)),
    )  # fmt: skip
    qtbot.waitUntil(lambda: shows(walked, Experiment(shift=(-4, 1))), timeout=TIMEOUT_MS)
    np.testing.assert_array_equal(grid.values()[:, :, 0], moved(framed(walked), -4, 1))
    assert dock.banner.isVisible()
    # An enlarged first-layer map is switched off with the box under it.
    maps = dock.grids["conv2d"]
    dock.scroll_area.ensureWidgetVisible(maps, 0, 0)
    QTest.mouseClick(maps, Qt.MouseButton.LeftButton, pos=maps.tile_rect(9).center().toPoint())
    assert dock.switch_off.isVisible() and "map 10" in dock.switch_off.text()
    click(dock.switch_off)
    wanted = Experiment(shift=(-4, 1)).switched("conv2d", 9, True)
    qtbot.waitUntil(lambda: shows(walked, wanted), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: maps.crossed() == {9}, timeout=TIMEOUT_MS)
    assert not dock.inspection.layers[0].values[..., 9].any()
    assert dock.enlarged.crossed() == {0}  # the enlarged map crossed out as its tile is
    QTest.mouseClick(maps, Qt.MouseButton.LeftButton, pos=maps.tile_rect(3).center().toPoint())
    assert dock.enlarged.crossed() == set() and not dock.switch_off.isChecked()


def test_switching_maps_off_with_clicks_the_bars_follow(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "maps_off")
    grid = page.grids["conv2d"]
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.tile_rect(4).center().toPoint())
    second = page.grids["conv2d_1"]
    QTest.mouseClick(second, Qt.MouseButton.LeftButton, pos=second.tile_rect(20).center().toPoint())
    wanted = Experiment().switched("conv2d", 4, True).switched("conv2d_1", 20, True)
    qtbot.waitUntil(lambda: shows(walked, wanted), timeout=TIMEOUT_MS)
    assert grid.crossed() == {4} and page.grids["conv2d_1"].crossed() == {20}
    model = walked.predictor.keras_model()
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    for name, index in (("conv2d", 4), ("conv2d_1", 20)):
        kernel, bias = copy.get_layer(name).get_weights()
        kernel[..., index], bias[index] = 0.0, 0.0  # ReLU(0) = 0: the map's output is 0
        copy.get_layer(name).set_weights([kernel, bias])
    image = framed(walked)
    np.testing.assert_allclose(
        walked.last_prediction.probabilities, keras_reads(copy, image), atol=TOLERANCE
    )
    inspection = walked.lesson_dock._built_from
    assert not inspection.layers[0].values[..., 4].any()
    # Which pixels decided it follows too: the gradient through the network with the maps off.
    want = inspection.network.saliency(image, inspection.saliency.digits)
    np.testing.assert_allclose(inspection.saliency.gradients, want.gradients, atol=1e-6)
    # The inside view crosses them out; Space on a picked tile switches one back on.
    walked.menu_actions.inside.trigger()
    qtbot.waitUntil(lambda: walked.inside_dock.grids["conv2d"].crossed() == {4}, timeout=TIMEOUT_MS)
    walked.lesson_dock.raise_()
    go_to(walked, "maps_off")
    grid.setFocus()
    QTest.keyClick(grid, Qt.Key.Key_Space)  # tile 4 is the picked one
    qtbot.waitUntil(
        lambda: shows(walked, Experiment().switched("conv2d_1", 20, True)), timeout=TIMEOUT_MS
    )


def test_which_maps_matter_and_switching_off_the_top_three(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "maps_off")
    qtbot.waitUntil(lambda: len(page.rankings) == 2, timeout=TIMEOUT_MS)
    inspection = walked.lesson_dock._built_from
    want = rank_maps(inspection.base_network, framed(walked), "conv2d")
    got = page.rankings[0]
    assert [e.index for e in got.effects] == [e.index for e in want.effects]
    top = [e.index for e in got.top(3)]
    assert f"<td align='left'>&nbsp;{top[0] + 1}&nbsp;</td>" in page.ranking_texts["conv2d"].text()
    click(page.top_buttons["conv2d"])
    wanted = Experiment().with_maps_off("conv2d", top)
    qtbot.waitUntil(lambda: shows(walked, wanted), timeout=TIMEOUT_MS)
    assert page.grids["conv2d"].crossed() == set(top)
    click(page.all_on["conv2d"])
    qtbot.waitUntil(lambda: shows(walked, Experiment()), timeout=TIMEOUT_MS)


def test_editing_a_kernel_typed_and_classic_then_reset(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "kernel")
    original = walked.last_prediction.probabilities.copy()
    page.pick.setValue(6)
    click(page.classics["diagonal"])
    diagonal = ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0), (1.0, 0.0, 0.0))
    qtbot.waitUntil(
        lambda: walked.lesson_dock._built_from.experiment.kernel("conv2d", 5) is not None,
        timeout=TIMEOUT_MS,
    )
    assert walked.lesson_dock._built_from.experiment.kernel("conv2d", 5).kernel == diagonal
    assert [f.text() for f in page.editor.fields[0]] == ["0", "0", "1"]
    # Typed: the bias field takes −0.5; a letter and a value beyond ±10 are refused in place.
    field = page.editor.bias
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "-0.5")
    qtbot.waitUntil(
        lambda: walked.lesson_dock._built_from.experiment.kernel("conv2d", 5).bias == -0.5,
        timeout=TIMEOUT_MS,
    )
    weight = page.editor.fields[1][1]
    weight.setFocus()
    weight.selectAll()
    QTest.keyClicks(weight, "2x")
    assert weight.text() == "2" and "Refused" in page.editor.message.text()
    QTest.keyClicks(weight, "5")  # 25 is beyond 10
    assert weight.text() == "2"
    edit = ((0.0, 0.0, 1.0), (0.0, 2.0, 0.0), (1.0, 0.0, 0.0))
    qtbot.waitUntil(
        lambda: walked.lesson_dock._built_from.experiment.kernel("conv2d", 5).kernel == edit,
        timeout=TIMEOUT_MS,
    )
    model = walked.predictor.keras_model()
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    kernel, bias = copy.get_layer("conv2d").get_weights()
    kernel[:, :, 0, 5], bias[5] = np.array(edit), -0.5
    copy.get_layer("conv2d").set_weights([kernel, bias])
    image = framed(walked)
    np.testing.assert_allclose(
        walked.last_prediction.probabilities, keras_reads(copy, image), atol=TOLERANCE
    )
    mine = keras.Model(copy.inputs[0], copy.get_layer("conv2d").output)(image.reshape(1, 28, 28, 1))
    np.testing.assert_allclose(page.after.values(), np.asarray(mine)[0, :, :, 5], atol=TOLERANCE)
    own = keras.Model(model.inputs[0], model.get_layer("conv2d").output)(
        image.reshape(1, 28, 28, 1)
    )
    np.testing.assert_allclose(page.before.values(), np.asarray(own)[0, :, :, 5], atol=TOLERANCE)
    click(page.reset)
    qtbot.waitUntil(lambda: shows(walked, Experiment()), timeout=TIMEOUT_MS)
    np.testing.assert_allclose(walked.last_prediction.probabilities, original, atol=1e-6)


def test_put_everything_back_closing_the_views_and_the_model_file(
    walked: MainWindow, qtbot
) -> None:
    path = walked.predictor.path
    saved = path.read_bytes()
    go_to(walked, "move")
    state = walked.experiments.state
    state.move_to(3, 0)
    state.switch("conv2d_1", 7, True)
    wanted = Experiment(shift=(3, 0)).switched("conv2d_1", 7, True)
    qtbot.waitUntil(lambda: shows(walked, wanted), timeout=TIMEOUT_MS)
    # Both views closed: the pad reads the drawing as it is; opened again, the experiment is back.
    walked.menu_actions.lesson.trigger()
    qtbot.waitUntil(lambda: not walked.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: (
            np.allclose(
                walked.last_prediction.probabilities,
                walked.predictor.predict_framed(walked.last_prediction.input).probabilities,
            )
            and walked.service._experiment is None
        ),
        timeout=TIMEOUT_MS,
    )
    walked.menu_actions.lesson.trigger()  # the pad may have changed size meanwhile
    qtbot.waitUntil(lambda: shows(walked, wanted, drawing=False), timeout=TIMEOUT_MS)
    assert walked.lesson_dock.current_key() == "move"  # no reading without it bounced the step
    click(walked.lesson_dock.banner.reset)
    qtbot.waitUntil(lambda: shows(walked, Experiment(), drawing=False), timeout=TIMEOUT_MS)
    assert path.read_bytes() == saved  # nothing was ever written to the model file


def test_another_model_keeps_the_move_and_what_still_fits(
    walked: MainWindow, qtbot, tmp_path
) -> None:
    from digitpad.core.models.store import save_model

    state = walked.experiments.state
    state.move_to(-2, 1)
    state.set_maps_off("conv2d", [3, 20])
    state.switch("conv2d_1", 5, True)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, (3, 3), activation="relu", name="conv2d"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(10, activation="softmax", name="out"),
        ]
    )
    walked.load_model(save_model(model, tmp_path / "small.keras"))
    wanted = Experiment(shift=(-2, 1)).switched("conv2d", 3, True)  # map 21 and conv2d_1: gone
    qtbot.waitUntil(lambda: shows(walked, wanted), timeout=TIMEOUT_MS)
    assert state.experiment == wanted
    assert walked.lesson_dock.step_keys()[:5] == ["input", "move", "conv2d", "kernel", "maps_off"]
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    kernel, bias = copy.get_layer("conv2d").get_weights()
    kernel[..., 3], bias[3] = 0.0, 0.0
    copy.get_layer("conv2d").set_weights([kernel, bias])
    image = moved(framed(walked), -2, 1)
    np.testing.assert_allclose(
        walked.last_prediction.probabilities, keras_reads(copy, image), atol=TOLERANCE
    )


def test_while_training_reads_the_pad_the_ranking_waits(walked: MainWindow, qtbot) -> None:
    """A live reading (training's network, several times a second) does not start a ranking
    per reading: the newest waits, and runs once the live reading ends, for the model in use."""
    from digitpad.core.models.reader import read_model_file
    from digitpad.core.models.snapshots import Moment
    from digitpad.core.training.live import LiveWeights
    from digitpad.gui.replay.live_reader import build

    page = go_to(walked, "maps_off")
    qtbot.waitUntil(lambda: len(page.rankings) == 2, timeout=TIMEOUT_MS)
    worker = walked.experiments.worker
    model = read_model_file(walked.predictor.path)
    for step in (1, 2):  # two readings of training's network, as the live reader makes them
        live = build(LiveWeights(Moment(step, 8), 8, model.architecture.infos, model.weights))
        walked.watching.reading.show_live(live.predictor, live.shown)
        qtbot.waitUntil(
            lambda s=step: walked.panel.note is not None and f"{s}" in walked.panel.note
        )
        qtbot.waitUntil(lambda p=live.predictor: walked.service.reader is p)
        qtbot.waitUntil(lambda: page.rankings == () and worker.busy(), timeout=TIMEOUT_MS)
        assert worker.held
    walked.watching.reading.end_live()
    assert not worker.held
    qtbot.waitUntil(lambda: len(page.rankings) == 2, timeout=TIMEOUT_MS)
    assert not worker.busy() and walked.service.reader is walked.predictor
