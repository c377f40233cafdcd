"""View ▸ Walk through the network: live on a real drawing, its numbers the prediction's own,
the kernel sliding with the real Step and Play buttons, and any network loaded."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, click, draw, go_to
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from digitpad.core.data.framing import frame_digit
from digitpad.core.i18n import chance
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.kinds.pooling import PoolWorked
from digitpad.core.models.store import save_model
from digitpad.gui.inside.dock import SALIENCY
from digitpad.gui.lesson.pages import PARAMETERS
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 20_000
COURSE_KEYS = [
    "input", "move", "conv2d", "kernel", "conv2d_1", "maps_off", "max_pooling2d", "dropout",
    "flatten", "dense", "dropout_1", "dense_1", "saliency", "parameters",
]  # fmt: skip
# Try it on the network: tests/gui/test_experiments_window.py.
EXPERIMENTS = ("move", "kernel", "maps_off")


# Words the course writes in Chinese text too: terms, Keras' class names, code (model.summary()).
KEPT_WORDS = {
    "ReLU", "relu", "softmax", "Softmax", "logit", "Keras", "MNIST", "model", "Conv2D",
    "MaxPooling2D", "Dropout", "Flatten", "Dense", "Home", "CNN",
}  # fmt: skip


def settled(window: MainWindow) -> bool:
    """The walk-through shows the framing of what is on the pad now (the newest pass)."""
    lesson = window.lesson_dock.lesson
    framed = frame_digit(window.canvas.to_array())
    return lesson is not None and framed is not None and np.allclose(lesson.input, framed)


@pytest.fixture
def walked(window: MainWindow, qtbot) -> MainWindow:
    """The walk-through opened with its own shortcut, then a 7 drawn with the mouse."""
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    return window


def layer_output(window: MainWindow, name: str) -> np.ndarray:
    """The model's own layer output for the drawing, by a Keras sub-model (independently)."""
    model = window.predictor.keras_model()
    cut = keras.Model(model.inputs[0], model.get_layer(name).output)
    x = window.lesson_dock.lesson.input.reshape(1, 28, 28, 1)
    return np.asarray(cut(x, training=False))[0]


def test_the_view_starts_hidden_and_opens_beside_the_pad(window: MainWindow, qtbot) -> None:
    view = window.lesson_dock
    assert not view.isVisible() and window.menu_actions.lesson.shortcut().toString() == "Ctrl+J"
    assert window.menu_actions.lesson in window.menu_actions.view_menu.actions()
    window.menu_actions.lesson.trigger()
    qtbot.waitUntil(view.isVisible, timeout=TIMEOUT_MS)
    assert window.dockWidgetArea(view) == Qt.DockWidgetArea.RightDockWidgetArea
    assert not view.geometry().intersects(window.canvas.geometry().translated(0, 0))
    assert view.placeholder.isVisible()  # nothing drawn yet


def test_the_numbers_are_the_predictions_own(walked: MainWindow) -> None:
    lesson = walked.lesson_dock.lesson
    layers = [key for key in COURSE_KEYS if key not in EXPERIMENTS]
    assert [s.layer for s in lesson.steps] + ["saliency", "parameters"] == layers
    assert walked.lesson_dock.step_keys() == COURSE_KEYS
    shown = walked.last_prediction
    assert lesson.digit == shown.digit == 7
    np.testing.assert_array_equal(lesson.probabilities, shown.probabilities)  # the same pass
    soft = lesson.steps[-1].worked
    np.testing.assert_allclose(soft.computed, shown.probabilities, atol=1e-6)


def test_next_walks_every_step(walked: MainWindow) -> None:
    view = walked.lesson_dock
    seen = []
    while True:
        seen.append(view.current_key())
        assert view.title.text() and view.sentences.text()
        assert view.current_page() is not None and view.current_page().isVisible()
        if not view.next.isEnabled():
            break
        click(view.next)
    assert seen == COURSE_KEYS
    assert view.code.text() == "model.summary()"
    assert "1,199,882" in view.current_page().text.text()
    click(view.previous)
    assert view.current_key() == "saliency"


def test_the_convolution_shows_the_feature_maps_own_pixel(walked: MainWindow) -> None:
    page = go_to(walked, "conv2d")
    view = walked.lesson_dock
    assert view.code.text() == (
        "model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))"
    )
    out = layer_output(walked, "conv2d")
    conv = page.slide.current()
    assert (conv.row, conv.col, conv.channel) == np.unravel_index(out.argmax(), out.shape)
    assert conv.output == pytest.approx(float(out.max()), abs=1e-6)
    assert max(conv.pixel.sum, 0) == pytest.approx(conv.output, abs=1e-5)
    np.testing.assert_allclose(page.output_map.values(), out[:, :, conv.channel], atol=1e-6)
    assert f"{conv.output:.4f}" in page.arithmetic_panel.result.text()
    outline = page.input_map.outline
    assert outline == (conv.row, conv.col, conv.row + 2, conv.col + 2)
    assert page.output_map.mark == (conv.row, conv.col)
    # Clicking another output pixel shows its arithmetic.
    QTest.mouseClick(
        page.output_map,
        Qt.MouseButton.LeftButton,
        pos=page.output_map.cell_rect(4, 9).center().toPoint(),
    )
    moved = page.slide.current()
    assert (moved.row, moved.col) == (4, 9)
    assert max(moved.pixel.sum, 0) == pytest.approx(float(out[4, 9, conv.channel]), abs=1e-5)


def test_step_slides_the_kernel_to_the_last_position(walked: MainWindow) -> None:
    page = go_to(walked, "conv2d")
    channel = page.slide.current().channel
    clicks = 0
    while page.step_button.isEnabled():
        click(page.step_button)
        clicks += 1
        if clicks == 1:
            assert page.output_map.revealed == 1 and page.slide.position() == 0
        assert clicks <= 26 * 26
    assert clicks == 26 * 26 and page.slide.at_end()
    last = page.slide.current()
    assert (last.row, last.col, last.channel) == (25, 25, channel)
    assert page.output_map.revealed == 26 * 26  # the map has filled in
    assert page.position_label.text().startswith("Position 676 of 676")
    assert not page.play.isEnabled()
    out = layer_output(walked, "conv2d")
    assert max(last.pixel.sum, 0) == pytest.approx(float(out[25, 25, channel]), abs=1e-5)
    click(page.start_over)
    assert page.slide.position() == 0 and page.step_button.isEnabled()


def test_play_slides_the_course_example_to_its_end(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "conv2d")
    click(page.course_button)  # the course's 6×6 example, one click away
    assert page.input_map.values().shape == (6, 6)
    np.testing.assert_array_equal(page.input_map.values(), ar.COURSE_IMAGE)
    assert page.slide.current().pixel.sum == 2 and page.output_map.values()[0, 0] == 2
    page.speed.setValue(page.speed.maximum())
    click(page.play)
    qtbot.waitUntil(lambda: not page.play.isChecked(), timeout=TIMEOUT_MS)
    assert page.slide.at_end() and page.slide.position() == 15
    np.testing.assert_array_equal(page.output_map.values(), ar.course_convolution())
    assert page.output_map.revealed == 16
    click(page.course_button)  # back to the drawing
    assert page.input_map.values().shape == (28, 28)


def test_second_convolution_pooling_and_the_course_pool(walked: MainWindow) -> None:
    page = go_to(walked, "conv2d_1")
    conv = page.slide.current()
    assert page.input_channel.isVisible() and page.arithmetic_panel.top_table.isVisible()
    top = conv.top_channels()
    assert f"input map {top[0][0] + 1}" in page.arithmetic_panel.top_table.text()  # from 1
    out = layer_output(walked, "conv2d_1")
    assert max(conv.pixel.sum, 0) == pytest.approx(float(out.max()), abs=1e-5)
    page = go_to(walked, "max_pooling2d")
    pool = page.slide.current()
    assert isinstance(pool, PoolWorked)
    before, after = layer_output(walked, "conv2d_1"), layer_output(walked, "max_pooling2d")
    r, c, k = pool.row, pool.col, pool.channel
    assert pool.output == before[2 * r : 2 * r + 2, 2 * c : 2 * c + 2, k].max() == after[r, c, k]
    assert f"{pool.output:.4f}" in page.arithmetic_panel.result.text()
    click(page.course_button)
    assert "max(6, 8, 3, 4) = <b>8</b>" in page.arithmetic_panel.result.text()
    assert page.arithmetic_panel.window_box.matrix.kept == (0, 1)


def test_dense_neuron_picked_by_clicking_its_tile(walked: MainWindow) -> None:
    page = go_to(walked, "dense")
    grid = page.neurons
    QTest.mouseClick(grid, Qt.MouseButton.LeftButton, pos=grid.tile_rect(5).center().toPoint())
    dense = page.worked()
    assert dense.unit == 5 and page.unit.value() == 6  # the sixth neuron, counted from 1
    out = layer_output(walked, "dense")
    assert dense.output == pytest.approx(float(out[5]), abs=1e-6)
    assert max(dense.neuron.sum, 0) == pytest.approx(float(out[5]), abs=1e-4)
    assert "Neuron 6:" in page.sum_table.text()


def test_softmax_page_equals_the_chart(walked: MainWindow) -> None:
    page = go_to(walked, "dense_1")
    shown = walked.last_prediction.probabilities
    for digit in range(10):
        assert chance(float(shown[digit])) in page.values.text()
    assert f"{float(shown[7]):.6g}" in page.formula.text()


def test_it_follows_the_drawing_live(walked: MainWindow, qtbot) -> None:
    page = go_to(walked, "conv2d")
    walked.canvas.clear()
    qtbot.waitUntil(lambda: walked.lesson_dock.lesson is None, timeout=TIMEOUT_MS)
    assert walked.lesson_dock.placeholder.isVisible()
    draw(walked.canvas, ONE)
    qtbot.waitUntil(lambda: settled(walked), timeout=TIMEOUT_MS)
    assert walked.lesson_dock.current_key() == "conv2d"  # the step stays
    np.testing.assert_allclose(page.input_map.values(), walked.lesson_dock.lesson.input)


def test_hiding_the_view_stops_inspecting(walked: MainWindow, qtbot) -> None:
    assert walked.service._inspect
    walked.menu_actions.lesson.trigger()
    qtbot.waitUntil(lambda: not walked.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    assert not walked.service._inspect


def test_the_inside_view_shows_which_pixels_decided_it(walked: MainWindow, qtbot) -> None:
    walked.menu_actions.inside.trigger()
    grid = walked.inside_dock.grids[SALIENCY]
    qtbot.waitUntil(lambda: grid.count() == 3, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: (
            walked.inside_dock.inspection is not None
            and walked.inside_dock.inspection.saliency is not None
        ),
        timeout=TIMEOUT_MS,
    )
    saliency = walked.inside_dock.inspection.saliency
    np.testing.assert_allclose(grid.values(), saliency.maps(), atol=1e-6)
    caption = walked.inside_dock.captions[SALIENCY].text()
    assert "7 (predicted)" in caption and "colour" in caption


def dense_only() -> list:
    return [
        keras.layers.Flatten(name="flat"),
        keras.layers.Dense(32, activation="relu", name="hidden"),
    ]


def no_pooling() -> list:
    return [
        keras.layers.Conv2D(4, (3, 3), activation="relu", name="conv"),
        keras.layers.Flatten(name="flat"),
    ]


@pytest.mark.parametrize(
    ("layers", "keys"),
    [
        (dense_only, ["input", "move", "flat", "hidden", "out"]),
        (no_pooling, ["input", "move", "conv", "kernel", "maps_off", "flat", "out"]),
    ],
    ids=["dense-only", "no-pooling"],
)
def test_it_follows_any_loaded_network(
    walked: MainWindow, qtbot, tmp_path, layers, keys: list[str]
) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            *layers(),
            keras.layers.Dense(10, activation="softmax", name="out"),
        ]
    )
    path = save_model(model, tmp_path / "other.keras")
    walked.load_model(path)
    view = walked.lesson_dock
    qtbot.waitUntil(lambda: view.step_keys()[:-2] == keys, timeout=TIMEOUT_MS)
    assert view.step_keys() == [*keys, "saliency", PARAMETERS]
    total = sum(step.params for step in view.lesson.steps)
    assert total == model.count_params()
    while view.next.isEnabled():  # every page shows something for this network
        click(view.next)
        assert view.title.text() and view.current_page() is not None
    assert f"{model.count_params():,}" in view.current_page().text.text()


def test_zh_tw_walk_through_has_no_english_left(walked: MainWindow, qtbot) -> None:
    from digitpad.gui.i18n import apply_language

    apply_language("zh_TW")
    view = walked.lesson_dock
    qtbot.waitUntil(lambda: view.windowTitle() == "逐層走過網路", timeout=TIMEOUT_MS)
    go_to(walked, "input")
    names = {step.layer for step in view.lesson.steps}  # layer names stay as Keras gave them
    while True:
        texts = [view.title.text(), view.sentences.text()]
        page = view.current_page()
        for child in [page, *page.findChildren(object)]:
            for attribute in ("text", "toolTip", "accessibleName"):
                value = getattr(child, attribute, None)
                if callable(value) and hasattr(child, "isVisibleTo") and child.isVisibleTo(view):
                    texts.append(str(value()))
        words = []
        for text in texts:
            plain = re.sub(r"<[^>]+>|\w*\d\w*|&\w+;|[a-z_]+\(|σ|Σ", " ", text)
            words += [
                word
                for word in re.findall(r"[A-Za-z]{3,}", plain)
                if word not in KEPT_WORDS and word not in names
            ]
        assert words == [], (view.current_key(), words)
        if not view.next.isEnabled():
            break
        click(view.next)
