"""View ▸ Runs: runs listed from their records, curves overlaid for the runs ticked (real
clicks), renamed, deleted after asking, loaded onto the pad; and the pad's inside view and
layer summary following networks without pooling and without any convolution."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import SEVEN, draw
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from digitpad.core.configs import TrainConfig
from digitpad.core.data.framing import frame_digit
from digitpad.core.i18n import percent
from digitpad.core.models import library as model_library
from digitpad.core.models.store import read_metadata, save_model
from digitpad.core.network.check import build_network
from digitpad.core.network.code import parse
from digitpad.core.network.presets import preset_named
from digitpad.core.paths import user_models_dir
from digitpad.gui.inside.dock import INPUT, KERNELS, SALIENCY
from digitpad.gui.library.runs_dialog import NAME, RunsDialog
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def trained_runs(small_mnist, tmp_path_factory) -> list[Path]:
    """Two short runs on the small fixture, as the Train dialog records them."""
    from digitpad.core.training.train import train

    folder = tmp_path_factory.mktemp("runs")
    files = []
    for i, (key, name) in enumerate(
        [("dense-only", "Dense only"), ("one-convolution", "One convolution")]
    ):
        result = train(
            small_mnist,
            TrainConfig(epochs=2 + i, batch_size=100, seed=i),
            network=parse(preset_named(key).code),
        )
        files.append(
            save_model(result.model, folder / f"run-{i}.keras", result.metadata("fixture", name))
        )
    return files


@pytest.fixture
def runs(trained_runs: list[Path]) -> list[Path]:
    """The two runs in this test's models folder (the newest listed first: one convolution)."""
    import os

    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for i, path in enumerate(trained_runs):
        copy = folder / path.name
        shutil.copy(path, copy)
        os.utime(copy, (1_000 + i, 1_000 + i))
        copies.append(copy)
    return copies[::-1]


def open_runs(window: MainWindow, qtbot) -> RunsDialog:
    window.menu_actions.runs.trigger()
    view = window.dialogs.runs_dialog
    qtbot.waitUntil(lambda: view is not None and view.isVisible(), timeout=TIMEOUT_MS)
    return view


def click_row(qtbot, view: RunsDialog, row: int) -> None:
    rect = view.table.visualItemRect(view.table.item(row, NAME))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_runs_are_listed_with_what_a_class_compares(window: MainWindow, qtbot, runs) -> None:
    view = open_runs(window, qtbot)
    cells = [
        tuple(view.table.item(r, c).text() for c in range(1, 6))
        for r in range(view.table.rowCount())
    ]
    accuracy = [read_metadata(p)["test_accuracy"] for p in runs]
    seconds = [read_metadata(p)["train_seconds"] for p in runs]
    assert cells == [
        ("One convolution", "693,962", "3", f"{seconds[0]:,.1f}", percent(accuracy[0], 2)),
        ("Dense only", "101,770", "2", f"{seconds[1]:,.1f}", percent(accuracy[1], 2)),
    ]
    assert not view.empty.isVisible()
    click_row(qtbot, view, 1)
    assert view.code.toPlainText() == preset_named("dense-only").code
    assert view.details.text() == "Dense only: batch size 100, learning rate 1, 2 epochs"


def test_ticking_two_runs_overlays_their_curves(window: MainWindow, qtbot, runs) -> None:
    view = open_runs(window, qtbot)
    assert view.curves.names() == []
    qtbot.mouseClick(view.ticks[1], Qt.MouseButton.LeftButton)
    assert view.curves.names() == ["Dense only"]
    qtbot.mouseClick(view.ticks[0], Qt.MouseButton.LeftButton)
    assert view.curves.names() == ["One convolution", "Dense only"]
    # The points drawn are the records' own, read independently from the files.
    for i, path in enumerate(runs):
        history = read_metadata(path)["history"]
        train_loss = view.curves.loss.series[2 * i]
        drawn = [v for p in train_loss.points() for v in (p.x(), p.y())]
        stored = zip(history["batches"]["x"], history["batches"]["loss"], strict=True)
        assert drawn == pytest.approx([v for pair in stored for v in pair])
        validation = view.curves.accuracy.series[2 * i + 1]
        drawn = [v for p in validation.points() for v in (p.x(), p.y())]
        stored_epochs = [(e["epoch"], 100 * e["val_accuracy"]) for e in history["epochs"]]
        assert drawn == pytest.approx([v for pair in stored_epochs for v in pair])
    assert view.curves.counts() == {"train_loss": [30, 20], "val_accuracy": [3, 2]}
    x_axis = view.curves.loss.x_axis  # the longest run ticked, a little past its last dot
    assert 3 < x_axis.max() < 3.5 and x_axis.tickInterval() == 1 and x_axis.tickAnchor() == 0
    qtbot.mouseClick(view.ticks[0], Qt.MouseButton.LeftButton)
    assert view.curves.names() == ["Dense only"]
    assert view.ticks[0].accessibleName() == "Show the curves of One convolution"


def test_a_run_is_renamed_in_its_file_and_survives_a_restart(make_window, qtbot, runs) -> None:
    window = make_window()
    view = open_runs(window, qtbot)
    qtbot.mouseClick(view.ticks[1], Qt.MouseButton.LeftButton)
    # A real double-click: press, release, then the second press Qt reports as a double-click.
    rect = view.table.visualItemRect(view.table.item(1, NAME))
    for send in (QTest.mouseClick, QTest.mouseDClick):
        send(
            view.table.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            rect.center(),
        )
    qtbot.waitUntil(lambda: view.table.findChild(QLineEdit) is not None, timeout=5_000)
    editor = view.table.findChild(QLineEdit)  # the name cell's editor
    assert editor.text() == "Dense only"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "No hidden layer? One!")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: read_metadata(runs[1]).get("name") == "No hidden layer? One!", timeout=TIMEOUT_MS
    )
    qtbot.waitUntil(
        lambda: view.table.item(1, NAME).text() == "No hidden layer? One!", timeout=TIMEOUT_MS
    )
    # Once the file has its new record the list is read again: still ticked, the new name.
    qtbot.waitUntil(lambda: view.curves.names() == ["No hidden layer? One!"], timeout=TIMEOUT_MS)
    window.close()

    again = make_window()  # a restart: a new window, everything read from the files
    view = open_runs(again, qtbot)
    names = [view.table.item(r, NAME).text() for r in range(view.table.rowCount())]
    assert names == ["One convolution", "No hidden layer? One!"]
    assert [e.path for e in model_library.runs()] == runs


def test_deleting_asks_first(window: MainWindow, qtbot, runs, monkeypatch) -> None:
    view = open_runs(window, qtbot)
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button

        return question

    click_row(qtbot, view, 0)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Delete the run One convolution and its model file {runs[0].name}?"]
    assert runs[0].exists() and view.table.rowCount() == 2

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    click_row(qtbot, view, 0)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert not runs[0].exists() and runs[1].exists()
    assert [view.table.item(r, NAME).text() for r in range(view.table.rowCount())] == ["Dense only"]


def test_a_run_loads_onto_the_pad_and_cannot_be_deleted_from_under_it(
    window: MainWindow, qtbot, runs, messages
) -> None:
    view = open_runs(window, qtbot)
    click_row(qtbot, view, 1)
    qtbot.mouseClick(view.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.predictor.path == runs[1], timeout=TIMEOUT_MS)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: window.panel.prediction.text() != "–", timeout=TIMEOUT_MS)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    assert messages.texts("warning") == [
        "Dense only is the model on the pad; use another model before deleting it."
    ]
    assert runs[1].exists()


# The pad follows any network's layers --------------------------------------------------------


def load_network(window: MainWindow, qtbot, key: str, tmp_path: Path) -> Path:
    """An (untrained) model of a preset's network, loaded as Model ▸ Load model… would."""
    path = save_model(build_network(parse(preset_named(key).code)), tmp_path / f"{key}.keras")
    window.load_model(path)
    qtbot.waitUntil(lambda: window.predictor.path == path, timeout=TIMEOUT_MS)
    return path


NETWORKS = {
    "no-pooling": {
        "conv2d": (32, (26, 26)),
        "conv2d_1": (64, (24, 24)),
        "dense": (128, (1, 1)),
        "dense_1": (10, (1, 1)),
    },
    "dense-only": {"dense": (128, (1, 1)), "dense_1": (10, (1, 1))},
}


@pytest.mark.parametrize("key", list(NETWORKS))
def test_the_inside_view_follows_the_network(
    window: MainWindow, qtbot, tmp_path: Path, key: str
) -> None:
    load_network(window, qtbot, key, tmp_path)
    window.menu_actions.inside.trigger()
    draw(window.canvas, SEVEN)
    view = window.inside_dock
    expected = NETWORKS[key]
    qtbot.waitUntil(
        lambda: (
            [k for k in view.grids if k not in (INPUT, KERNELS, SALIENCY)] == list(expected)
            and view.grids["dense_1"].count() == 10
        ),
        timeout=TIMEOUT_MS,
    )
    framed = frame_digit(window.canvas.to_array())
    qtbot.waitUntil(
        lambda: np.allclose(view.grids[INPUT].values()[:, :, 0], framed), timeout=TIMEOUT_MS
    )
    # Each layer's tiles are the model's own outputs, recomputed here with Keras directly.
    import keras

    model = window.predictor.keras_model()
    outputs = keras.Model(model.inputs[0], [layer.output for layer in model.layers])(
        framed.reshape(1, 28, 28, 1).astype("float32"), training=False
    )
    by_name = {
        layer.name: np.asarray(out)[0] for layer, out in zip(model.layers, outputs, strict=True)
    }
    for name, (count, shape) in expected.items():
        grid = view.grids[name]
        assert (grid.count(), grid.tile_shape()) == (count, shape), name
        assert np.allclose(grid.values().reshape(by_name[name].shape), by_name[name], atol=1e-5)
    has_conv = key != "dense-only"
    assert view.grids[KERNELS].isVisible() is has_conv
    assert view.grids[KERNELS].count() == (32 if has_conv else 0)
    # The nearest digit, whether or not a barely trained network's judgement doubts the 7.
    assert int(np.argmax(by_name["dense_1"])) == window.last_prediction.digit


SUMMARIES = {
    "no-pooling": [
        ("conv2d (Conv2D)", "(None, 26, 26, 32)", "320"),
        ("conv2d_1 (Conv2D)", "(None, 24, 24, 64)", "18,496"),
        ("dropout (Dropout)", "(None, 24, 24, 64)", "0"),
        ("flatten (Flatten)", "(None, 36864)", "0"),
        ("dense (Dense)", "(None, 128)", "4,718,720"),
        ("dropout_1 (Dropout)", "(None, 128)", "0"),
        ("dense_1 (Dense)", "(None, 10)", "1,290"),
    ],
    "dense-only": [
        ("flatten (Flatten)", "(None, 784)", "0"),
        ("dense (Dense)", "(None, 128)", "100,480"),
        ("dense_1 (Dense)", "(None, 10)", "1,290"),
    ],
}


@pytest.mark.parametrize("key", list(SUMMARIES))
def test_the_layer_summary_follows_the_network(
    window: MainWindow, qtbot, tmp_path: Path, key: str
) -> None:
    path = load_network(window, qtbot, key, tmp_path)
    window.menu_actions.layer_summary.trigger()
    qtbot.waitUntil(
        lambda: (
            window.dialogs.summary_dialog is not None
            and window.dialogs.summary_dialog.isVisible()
            and path.name in window.dialogs.summary_dialog.model_label.text()
        ),
        timeout=TIMEOUT_MS,
    )
    dialog = window.dialogs.summary_dialog
    assert [row[:3] for row in dialog.rows()] == SUMMARIES[key]
    total = sum(int(row[2].replace(",", "")) for row in SUMMARIES[key])
    assert f"Total params: {total:,}" in dialog.total_label.text()
    assert total == window.predictor.keras_model().count_params()
