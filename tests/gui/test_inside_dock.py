"""The inside view: every layer's activations for a real drawing, enlarging a map, and the
first convolution's arithmetic on hover."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from gui_helpers import SEVEN, draw
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from digitpad.core.data.framing import frame_digit
from digitpad.gui.inside.dock import INPUT, KERNELS
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 10_000
EXPECTED = {  # seed model: layer name -> (tiles, tile shape)
    "conv2d": (32, (26, 26)),
    "conv2d_1": (64, (24, 24)),
    "max_pooling2d": (64, (12, 12)),
    "dense": (128, (1, 1)),
    "dense_1": (10, (1, 1)),
}


def open_inside_dock(window: MainWindow, qtbot) -> None:
    window.menu_actions.inside.trigger()
    qtbot.waitUntil(lambda: window.inside_dock.isVisible(), timeout=TIMEOUT_MS)


def settled(window: MainWindow) -> bool:
    """The view shows the framing of what is on the pad now (the last drawing's pass)."""
    grid = window.inside_dock.grids[INPUT].values()
    framed = frame_digit(window.canvas.to_array())
    return grid is not None and framed is not None and np.allclose(grid[:, :, 0], framed)


@pytest.fixture
def drawn(window: MainWindow, qtbot) -> MainWindow:
    open_inside_dock(window, qtbot)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: "conv2d" in window.inside_dock.grids, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "7", timeout=TIMEOUT_MS)
    return window


def visible_grid(window: MainWindow, key: str) -> FeatureGrid:
    grid = window.inside_dock.grids[key]
    window.inside_dock.scroll_area.ensureWidgetVisible(grid, 0, 0)
    return grid


def hover(window: MainWindow, grid: FeatureGrid, tile: int, row: int, col: int) -> None:
    """Scroll pixel (`row`, `col`) of `tile` into view, then move the mouse onto it."""
    scroll = window.inside_dock.scroll_area
    at = grid.mapTo(scroll.widget(), grid.pixel_position(tile, row, col))
    scroll.ensureVisible(at.x(), at.y(), 30, 30)
    QTest.qWait(20)  # let the scroll land before the mouse moves
    QTest.mouseMove(grid, grid.pixel_position(tile, row, col))


def test_inside_view_is_hidden_until_asked_for(window: MainWindow) -> None:
    assert window.findChild(object, "inside_dock") is window.inside_dock
    assert not window.inside_dock.isVisible()
    assert window.menu_actions.inside.objectName() == "action_inside"


def test_inside_view_shows_every_layer_of_the_drawing(drawn: MainWindow) -> None:
    view = drawn.inside_dock
    framed = view.grids[INPUT].values()[:, :, 0]
    inspection = drawn.predictor.inspect(framed)
    prediction, layers = inspection.prediction, inspection.shown()
    assert str(prediction.digit) == drawn.panel.prediction.text()
    assert [layer.name for layer in layers] == list(EXPECTED)
    for layer in layers:
        grid = view.grids[layer.name]
        count, shape = EXPECTED[layer.name]
        assert grid.count() == count, layer.name
        assert grid.tile_shape() == shape, layer.name
        shown = grid.values()
        assert np.allclose(shown.reshape(layer.values.shape), layer.values, atol=1e-5)
        lo, hi = grid.scale()
        assert lo <= shown.min() and shown.max() <= hi + 1e-6  # one scale for the whole layer
        assert "colour" in view.captions[layer.name].text()
    assert view.grids[KERNELS].count() == 32 and view.grids[KERNELS].tile_shape() == (3, 3)
    kernels = inspection.first_conv.kernels
    assert np.allclose(view.grids[KERNELS].values(), kernels[:, :, 0, :])


def test_clicking_a_map_enlarges_it(drawn: MainWindow) -> None:
    view = drawn.inside_dock
    grid = visible_grid(drawn, "conv2d_1")
    QTest.mouseClick(
        grid,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        grid.pixel_position(7, 3, 3),
    )
    one = grid.values()[:, :, 7]
    assert np.allclose(view.enlarged.values()[:, :, 0], one)
    text = view.enlarged_label.text()
    assert "conv2d_1" in text and "map 8 of 64" in text  # numbered from 1
    assert f"{float(one.max()):.3g}" in text
    assert grid.selected() == 7


def test_hovering_a_first_layer_pixel_shows_its_arithmetic(drawn: MainWindow, qtbot) -> None:
    view = drawn.inside_dock
    grid = visible_grid(drawn, "conv2d")
    values = grid.values()
    row, col, channel = np.unravel_index(values.argmax(), values.shape)
    hover(drawn, grid, channel, row, max(0, col - 1))  # enter first
    hover(drawn, grid, channel, row, col)
    qtbot.waitUntil(
        lambda: view.arithmetic is not None and view.arithmetic.output > 0, timeout=TIMEOUT_MS
    )
    worked = view.arithmetic
    assert (worked.row, worked.col, worked.channel) == (row, col, channel)
    assert worked.output == float(values[row, col, channel])  # the layer's own, as drawn
    pixel = worked.pixel
    assert pixel.sum == pytest.approx(float(pixel.products.sum()) + pixel.bias, abs=1e-6)
    assert max(pixel.sum, 0.0) == pytest.approx(worked.output, abs=1e-5)  # ReLU of the sum
    text = view.pixel_arithmetic.text()
    assert (
        f"map {channel + 1} of 32, pixel (row {row + 1}, column {col + 1})" in text
    )  # numbered from 1, as everything a person reads (no note needed: one rule everywhere)
    assert f"{worked.output:.4f}" in text


def test_clearing_the_pad_empties_the_view(drawn: MainWindow, qtbot) -> None:
    drawn.canvas.clear()
    qtbot.waitUntil(lambda: drawn.inside_dock.grids["conv2d"].count() == 0, timeout=TIMEOUT_MS)


def test_arrow_keys_enlarge_maps_without_a_mouse(drawn: MainWindow, qtbot) -> None:
    view = drawn.inside_dock
    grid = visible_grid(drawn, "conv2d_1")
    grid.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # nothing picked yet: the first map
    assert "map 1 of 64" in view.enlarged_label.text()
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert "map 2 of 64" in view.enlarged_label.text() and grid.selected() == 1
    assert np.allclose(view.enlarged.values()[:, :, 0], grid.values()[:, :, 1])
    assert grid.accessibleName().startswith("conv2d_1: convolution")


def test_captions_are_rewritten_on_a_language_switch(drawn: MainWindow) -> None:
    view = drawn.inside_dock
    before = {key: label.text() for key, label in view.captions.items()}
    view.retranslate()  # what a LanguageChange runs: same language, same texts
    assert {key: label.text() for key, label in view.captions.items()} == before
    drawn.canvas.clear()
    view.show_inspection(None)
    assert "colour" not in view.captions["conv2d"].text()  # no scale without maps
    assert view.captions["conv2d"].text().startswith("conv2d · convolution")


def test_the_dock_keeps_its_width_while_the_mouse_moves(drawn: MainWindow, qtbot) -> None:
    """Each hover used to widen the dock (the arithmetic's table), squeezing the pad."""
    view = drawn.inside_dock
    grid = visible_grid(drawn, "conv2d")
    qtbot.wait(50)
    widths = {(view.width(), drawn.canvas.width())}
    for channel, row, col in [(0, 0, 0), (3, 5, 5), (17, 12, 20), (31, 25, 25), (8, 13, 0)]:
        hover(drawn, grid, channel, row, col)
        qtbot.waitUntil(lambda c=channel: view.arithmetic is not None and view._hovered[0] == c)
        qtbot.wait(20)  # let the layout settle, as a repaint would
        widths.add((view.width(), drawn.canvas.width()))
    assert len(widths) == 1, widths
    samples = drawn.panel.samples_label
    assert samples.height() <= 2 * samples.fontMetrics().height() + 4  # it did not wrap more


def test_no_empty_scroll_after_the_last_layer(drawn: MainWindow, qtbot) -> None:
    view = drawn.inside_dock
    qtbot.wait(50)
    container = view.scroll_area.widget()
    last = list(view.grids.values())[-1]
    bottom = last.mapTo(container, last.rect().bottomLeft()).y()
    spare = container.height() - bottom
    assert spare < 40, (container.height(), bottom)


def test_the_hovered_patch_and_pixel_are_outlined(drawn: MainWindow, qtbot) -> None:
    view = drawn.inside_dock
    grid = visible_grid(drawn, "conv2d")
    hover(drawn, grid, 5, 10, 4)
    qtbot.waitUntil(lambda: view._hovered == (5, 10, 4), timeout=TIMEOUT_MS)
    assert view.grids[INPUT].mark() == (0, 10, 4, 3)  # the 3×3 patch the kernel reads
    assert grid.mark() == (5, 10, 4, 1)  # the pixel it writes
    assert view.enlarged.mark() == (0, 10, 4, 1)
    # The enlarged map is the hovered one: the same layer as the arithmetic.
    assert np.allclose(view.enlarged.values()[:, :, 0], grid.values()[:, :, 5])
    assert "<b>conv2d</b> · map 6 of 32" in view.enlarged_label.text()
    patch = view.grids[INPUT].values()[10:13, 4:7, 0]
    assert np.allclose(view.arithmetic.pixel.patch[:, :, 0], patch)

    other = visible_grid(drawn, "conv2d_1")  # another layer's map: the arithmetic goes
    QTest.mouseClick(
        other, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
        other.pixel_position(2, 1, 1),
    )  # fmt: skip
    assert view.arithmetic is None and view.grids[INPUT].mark() is None
    assert "Hover over a pixel" in view.pixel_arithmetic.text()


def test_grids_stay_together_after_another_model(drawn: MainWindow) -> None:
    """Switching models remakes the layers' grids; the column keeps one stretch, at its end
    (each switch used to add another one between the kernels and the layers)."""
    grids = drawn.inside_dock.layer_grids
    full = grids.inspection
    assert full is not None
    fewer = dataclasses.replace(full, layers=full.layers[:3])  # a model with fewer layers
    for inspection in (fewer, full, fewer, full):
        grids.show_inspection(inspection)
    box = grids.layout()
    spacers = [i for i in range(box.count()) if box.itemAt(i).spacerItem() is not None]
    assert spacers == [box.count() - 1]
    assert list(grids.grids) == ["input", "saliency", "kernels", *EXPECTED]
