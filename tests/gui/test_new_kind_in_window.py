"""A new kind in the window: the toy kind (ReLU as a layer, `tests/toy_kind.py`), registered only
here, shows in the layer summary and in the walk-through, first on the page every kind without
one of its own gets (its terminal lines), then on a page of its own (one line in `PAGES`).
Driven through the real menu, shortcut, mouse and buttons."""

from __future__ import annotations

import numpy as np
import pytest
import toy_kind
from gui_helpers import SEVEN, click, draw, go_to
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from digitpad.core.models.store import save_model
from digitpad.gui.lesson import pages
from digitpad.gui.lesson.common import Page
from digitpad.gui.lesson.simple import LinesPage
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 20_000
KEYS = [
    "input", "move", "conv", "kernel", "maps_off", "relu", "pool", "flat", "out", "saliency",
    "parameters",
]  # fmt: skip


class ReluPage(Page):
    """The toy kind's own page: its worked value in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        QVBoxLayout(self).addWidget(self.text)

    def refresh(self) -> None:
        worked = self.step.worked if self.step is not None else None
        if isinstance(worked, toy_kind.ReluWorked):
            self.text.setText(f"max({worked.value:.4f}, 0) = {worked.output:.4f}")


@pytest.fixture
def relu_window(window: MainWindow, qtbot, monkeypatch, tmp_path) -> MainWindow:
    """The toy kind registered, a model with ReLU as a layer loaded, a 7 drawn, the
    walk-through open (Ctrl+J)."""
    toy_kind.register(monkeypatch)
    window.load_model(save_model(toy_kind.network(), tmp_path / "relu.keras"))
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    draw(window.canvas, SEVEN)
    view = window.lesson_dock
    qtbot.waitUntil(lambda: view.isVisible() and view.step_keys() == KEYS, timeout=TIMEOUT_MS)
    return window


def test_the_layer_summary_describes_it(relu_window: MainWindow, qtbot) -> None:
    relu_window.menu_actions.layer_summary.trigger()
    qtbot.waitUntil(
        lambda: (
            relu_window.dialogs.summary_dialog is not None
            and relu_window.dialogs.summary_dialog.isVisible()
        ),
        timeout=TIMEOUT_MS,
    )
    row = relu_window.dialogs.summary_dialog.rows()[1]
    assert row == (
        "relu (ReLU)",
        "(None, 26, 26, 8)",
        "0",
        "ReLU: keeps the positive ones of 8 values per position, 0 for the rest",
    )


def test_the_walk_through_shows_it_on_the_page_for_kinds_without_one(
    relu_window: MainWindow,
) -> None:
    page = go_to(relu_window, "relu")
    view = relu_window.lesson_dock
    step = next(s for s in view.lesson.steps if s.layer == "relu")
    assert view.title.text() == "relu · ReLU layer"
    assert view.code.text() == "model.add(ReLU())"
    assert view.sentences.text().startswith("A ReLU layer keeps each positive value")
    assert isinstance(page, LinesPage) and page.isVisible()
    assert page.text.text() == "\n".join(view.lesson.lines(step))
    assert "values turned into 0" in page.text.text()
    click(view.next)  # the pages around it are the usual ones
    assert view.current_key() == "pool" and view.current_page().slide.current() is not None


def test_a_page_of_its_own_is_one_line_in_pages(
    relu_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(pages.PAGES, toy_kind.STEP, ReluPage)
    page = go_to(relu_window, "relu")
    step = next(s for s in relu_window.lesson_dock.lesson.steps if s.layer == "relu")
    assert isinstance(page, ReluPage) and page.isVisible()
    worked = step.worked
    assert worked.output == 0 and worked.value < 0  # the most negative value, turned into 0
    assert page.text.text() == f"max({worked.value:.4f}, 0) = {worked.output:.4f}"


def test_the_inside_view_draws_its_maps(relu_window: MainWindow, qtbot) -> None:
    QTest.keyClick(relu_window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    view = relu_window.inside_dock
    qtbot.waitUntil(
        lambda: "relu" in view.grids and view.grids["relu"].count() == 8, timeout=TIMEOUT_MS
    )
    layer = next(a for a in view.inspection.layers if a.name == "relu")
    np.testing.assert_array_equal(view.grids["relu"].values(), layer.values)
    assert view.captions["relu"].text().startswith("relu · ReLU layer: 8 maps of 26×26")
