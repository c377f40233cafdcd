"""Text from a file is shown as written in every view, never rendered as rich text.

A model file can carry markup everywhere the window shows its text: its record's name, its
file and folder names, the names of its layers (refused at load: TensorFlow cannot run them,
and the sentence saying so names one); so can an MNIST folder's name, and every sentence
naming one of them. Qt reads such text as HTML in a label left to guess, in a
tooltip, in a message box and always in a chart's legend: `<b>` restyled the status bar and
the Runs view, and an `<img src=…>` pointing at a FIFO froze the window for good.

Here one model holds markup in all of those places (generated below), and the test opens
every view that shows it, through the menus and real clicks: the status bar, Load model,
Runs (with its curves), the layer summary, the inside view, the walk-through, the Train
and Evaluate dialogs with an MNIST folder whose name holds markup, failed loads naming such
a file and such a layer, My samples exporting to such a folder. Then every label, tooltip, table or
list item, chart text and message box of every window is checked: where the markup
appears raw, it must be in a place that shows text as written (`gui.labels`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import SEVEN, browse_for_a_model, click, draw
from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QWidget,
)

from digitpad.core.models import choices
from digitpad.core.models.library import update_metadata
from digitpad.core.models.store import load_model, save_model
from digitpad.core.network.presets import COURSE
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 30_000
MARK = "<b>HOSTILE<img src=nowhere.png>"  # no "/": a file's and a layer's name may hold it
RAW = "<b>HOSTILE"  # what must never reach a place that renders HTML
HISTORY = {
    "batches": {"x": [0.5, 1.0], "loss": [0.9, 0.4], "accuracy": [0.7, 0.9]},
    "epochs": [{"epoch": 1, "loss": 0.4, "accuracy": 0.9, "val_loss": 0.3, "val_accuracy": 0.95}],
}


def with_layers_named(path: Path, prefix: str) -> Path:
    """The bundled model saved at `path` with every layer's name starting with `prefix`."""
    import keras

    source = load_model(bundled_model_path())
    layers = [
        type(layer).from_config({**layer.get_config(), "name": f"{prefix}{i}"})
        for i, layer in enumerate(source.layers)
    ]
    model = keras.Sequential([keras.Input((28, 28, 1)), *layers])
    model.set_weights(source.get_weights())
    return save_model(model, path)


@pytest.fixture
def hostile_model() -> Path:
    """The bundled model with every layer's name holding markup, saved in the user's models
    folder under a name holding markup, with a record whose name holds markup, as the model
    in use (digitpad runs it in NumPy, so TensorFlow's rules for names do not stop it)."""
    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "name": MARK + " run",
        "code": COURSE.code,
        "test_accuracy": 0.99,
        "epochs": 1,
        "history": HISTORY,
    }
    path = with_layers_named(folder / f"{MARK}.keras", MARK)
    update_metadata(path, record)
    choices.remember_model(path)
    return path


def widgets() -> Iterator[QWidget]:
    for top in QApplication.topLevelWidgets():
        yield top
        yield from top.findChildren(QWidget)


def rendered(text: str, rich: bool) -> bool:
    """Whether `text` shown where Qt reads HTML (always, or when it looks like HTML) renders
    the markup from a file."""
    return RAW in text and (rich or QtGui.mightBeRichText(text))


def markup_rendered() -> list[str]:
    """Every place in every window where the file's markup would be rendered."""
    found = []
    for widget in widgets():
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel):
            text, fmt = widget.text(), widget.textFormat()
            if fmt != Qt.TextFormat.PlainText and rendered(text, fmt == Qt.TextFormat.RichText):
                found.append(f"{name} label: {text[:120]}")
        if rendered(widget.toolTip(), False):
            found.append(f"{name} tooltip: {widget.toolTip()[:120]}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            lists = isinstance(model, QAbstractListModel)  # its columnCount is private
            for row in range(model.rowCount(QModelIndex())):
                for column in range(1 if lists else model.columnCount(QModelIndex())):
                    tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str) and rendered(tip, False):
                        found.append(f"{name} item tooltip: {tip[:120]}")
        if isinstance(widget, QChartView):
            found += chart_texts(name, widget.chart())
    return found


def chart_texts(name: str, chart: QChart) -> list[str]:
    """A chart reads its title, axis titles and legend names as HTML, always."""
    texts = [chart.title(), *(axis.titleText() for axis in chart.axes())]
    texts += [marker.label() for marker in chart.legend().markers()]
    texts += [series.name() for series in chart.series()]
    return [f"{name} chart: {t[:120]}" for t in texts if RAW in t]


def shown_as_written(text: str) -> bool:
    """The markup is there to read: raw in plain text, or escaped where HTML is read."""
    return RAW in text or "&lt;b&gt;HOSTILE" in text


def test_markup_from_files_is_shown_as_written_in_every_view(
    hostile_model: Path, make_window, qtbot, messages, monkeypatch, tmp_path: Path
) -> None:
    window: MainWindow = make_window()
    assert window.predictor is not None and window.predictor.path == hostile_model
    assert shown_as_written(window.model_status.text())  # the status bar names it

    # Model ▸ Load model…, Runs (its curves ticked, its details shown), Layer summary.
    window.menu_actions.load_model.trigger()
    models = window.dialogs.models_dialog
    assert models is not None and any(RAW in e.name for e in models.entries())
    window.menu_actions.runs.trigger()
    runs = window.dialogs.runs_dialog
    qtbot.waitUntil(lambda: runs is not None and runs.isVisible(), timeout=TIMEOUT_MS)
    click(runs.ticks[0])
    rect = runs.table.visualItemRect(runs.table.item(0, 1))
    qtbot.mouseClick(runs.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown_as_written(runs.details.text()) and runs.curves.names() == [MARK + " run"]
    window.menu_actions.layer_summary.trigger()
    qtbot.waitUntil(lambda: window.dialogs.summary_dialog is not None, timeout=TIMEOUT_MS)

    # The inside view and the walk-through on a drawing, a map of a renamed layer enlarged.
    window.menu_actions.inside.trigger()
    window.menu_actions.lesson.trigger()
    draw(window.canvas, SEVEN)
    dock = window.inside_dock
    layer = f"{MARK}1"  # the second convolution
    qtbot.waitUntil(lambda: layer in dock.grids and dock.inspection is not None, timeout=TIMEOUT_MS)
    grid = dock.grids[layer]
    dock.scroll_area.ensureWidgetVisible(grid, 0, 0)
    QTest.mouseClick(
        grid,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        grid.pixel_position(0, 3, 3),
    )
    lesson = window.lesson_dock
    qtbot.waitUntil(lambda: lesson.current_key() is not None, timeout=TIMEOUT_MS)
    found = []
    while True:  # every step's page, one after the other, checked as it shows
        found += markup_rendered()
        if not lesson.next.isEnabled():
            break
        click(lesson.next)

    # An MNIST folder whose name holds markup: Train and Evaluate name it, and fail on it.
    folder = tmp_path / MARK
    folder.mkdir()
    choices.remember_data(local=True, path=folder)
    window.menu_actions.evaluate.trigger()
    evaluate = window.dialogs.evaluate_dialog
    qtbot.waitUntil(lambda: evaluate is not None and evaluate.isVisible(), timeout=TIMEOUT_MS)
    assert shown_as_written(evaluate.source_label.text())
    click(evaluate.start_button)
    qtbot.waitUntil(lambda: not evaluate.is_running() and bool(messages.shown), timeout=TIMEOUT_MS)
    window.menu_actions.train.trigger()
    train = window.dialogs.train_dialog
    assert train is not None
    click(train.start_button)
    qtbot.waitUntil(lambda: not train.is_running() and len(messages.shown) >= 2, timeout=TIMEOUT_MS)

    # A file whose name holds markup that is no model: the load fails, naming it.
    not_a_model = tmp_path / f"{MARK}.keras"
    not_a_model.write_bytes(b"not a model")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_a_model), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: len(messages.shown) >= 3, timeout=TIMEOUT_MS)

    # My samples: one kept, exported to a folder whose name holds markup.
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_7)
    window.menu_actions.samples.trigger()
    samples = window.dialogs.samples_dialog
    qtbot.waitUntil(lambda: samples is not None and samples.list.count() == 1, timeout=TIMEOUT_MS)
    samples.list.selectAll()
    target = folder / "mine.zip"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    click(samples.export_button)
    qtbot.waitUntil(
        lambda: target.exists() and "Exported" in samples.summary.text(), timeout=TIMEOUT_MS
    )

    # Fine-tuning the model in use needs it in Keras, which cannot run its layers' names: the
    # job is refused, naming one.
    window.menu_actions.finetune.trigger()
    finetune = window.dialogs.finetune_dialog
    assert finetune is not None
    click(finetune.start_button)
    qtbot.waitUntil(lambda: len(messages.shown) >= 4, timeout=TIMEOUT_MS)
    assert "which TensorFlow cannot run" in messages.texts()[3]

    assert found + markup_rendered() == []
    texts = messages.texts()
    assert len(texts) >= 4 and all(shown_as_written(t) for t in texts[:4]), texts
    assert not [t for t in texts if rendered(t, False)]  # message boxes read HTML when it looks so
    shutil.rmtree(folder)
