"""Model ▸ Evaluate on test set…: a run on the fixture's 300 test images, the confusion matrix,
Cancel, errors, and putting a misclassified image on the pad."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from digitpad.core.i18n import percent
from digitpad.core.models import choices
from digitpad.core.progress import EvaluationProgress
from digitpad.gui.backend import Backend
from digitpad.gui.jobs.evaluate_dialog import EvaluateDialog
from digitpad.gui.window.main_window import MainWindow

RUN_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def weak_model(tmp_path_factory, small_mnist) -> Path:
    """A model trained for one epoch on the fixture's 1,000 images: it makes mistakes."""
    import keras

    from digitpad.core.models.store import build_model, compile_model, save_model

    keras.utils.set_random_seed(5)
    model = build_model()
    compile_model(model)
    x = small_mnist.x_train.astype(np.float32)[..., None] / 255.0
    y = keras.utils.to_categorical(small_mnist.y_train, 10)
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    return save_model(model, tmp_path_factory.mktemp("weak") / "weak.keras")


def open_dialog(window: MainWindow, source: Path | None) -> EvaluateDialog:
    if source is not None:
        choices.remember_data(local=True, path=source)
    window.menu_actions.evaluate.trigger()
    dialog = window.dialogs.evaluate_dialog
    assert dialog is not None and dialog.objectName() == "evaluate_dialog"
    assert window.findChild(object, "action_evaluate") is window.menu_actions.evaluate
    return dialog


def run(dialog: EvaluateDialog, qtbot) -> None:
    QTest.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: not dialog.is_running() and dialog.run_button.isEnabled(), timeout=RUN_TIMEOUT_MS
    )


def test_confusion_matrix_adds_up_to_the_test_set(window: MainWindow, qtbot, mnist_dir) -> None:
    dialog = open_dialog(window, mnist_dir)
    run(dialog, qtbot)
    result = dialog.evaluation
    assert result is not None
    matrix = dialog.matrix.matrix()
    assert matrix.shape == (10, 10) and matrix.sum() == 300
    assert np.trace(matrix) / matrix.sum() == pytest.approx(result.accuracy)
    assert f"Accuracy {percent(result.accuracy, 2)} · " in dialog.accuracy.text()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum() == 300


def test_clicking_a_mistake_puts_it_on_the_pad(make_window, qtbot, mnist_dir, weak_model) -> None:
    window = make_window(model_path=weak_model)
    dialog = open_dialog(window, mnist_dir)
    run(dialog, qtbot)
    everything = dialog.grid.mistakes()
    assert everything, "the weak model should get some of the 300 wrong"
    # Filter by the matrix cell with the most mistakes.
    matrix = dialog.matrix.matrix()
    off = matrix - np.diag(np.diag(matrix))
    true, predicted = np.unravel_index(off.argmax(), off.shape)
    QTest.mouseClick(
        dialog.matrix,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        dialog.matrix.cell_rect(true, predicted).center().toPoint(),
    )
    cell = dialog.grid.mistakes()
    assert len(cell) == off.max()
    assert all(m.label == true and m.predicted == predicted for m in cell)
    confidences = [m.confidence for m in cell]
    assert confidences == sorted(confidences, reverse=True)
    dialog.sort.setCurrentIndex(1)  # least confident first
    assert [m.confidence for m in dialog.grid.mistakes()] == sorted(confidences)
    dialog.sort.setCurrentIndex(0)

    mistake = dialog.grid.mistakes()[0]
    QTest.mouseClick(
        dialog.grid,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        dialog.grid.item_rect(0).center().toPoint(),
    )
    # The reading, whether or not the judgement calls a misread test digit "Not a digit?".
    qtbot.waitUntil(
        lambda: (
            window.last_prediction is not None and window.last_prediction.digit == mistake.predicted
        ),
        timeout=10_000,
    )
    assert window.panel.prediction.text() in (str(mistake.predicted), "Not a digit?")
    shown = window.canvas.shown_image()
    assert shown is not None
    assert np.array_equal(np.round(shown * 255).astype(np.uint8), dialog.test_image(mistake.index))
    assert window.last_prediction.top_probability == pytest.approx(mistake.confidence, abs=1e-4)
    assert not window.canvas.is_blank()
    window.canvas.undo()  # no strokes over it: Undo takes the image away
    assert window.canvas.is_blank()


def endless_evaluation() -> tuple[Backend, threading.Event]:
    """A backend whose evaluation runs until it is stopped; the event is set once it has begun."""
    started = threading.Event()

    def endless(predictor, data, progress, should_stop):
        progress(EvaluationProgress(0, len(data.y_test)))
        started.set()
        while not should_stop():
            threading.Event().wait(0.01)
        return None

    return Backend(evaluate=endless), started


def evaluating(make_window, qtbot, mnist_dir) -> tuple[MainWindow, EvaluateDialog]:
    """The Evaluate dialog, started on an evaluation that runs until it is stopped."""
    backend, started = endless_evaluation()
    window = make_window(backend=backend)
    dialog = open_dialog(window, mnist_dir)
    dialog.start()
    qtbot.waitUntil(started.is_set, timeout=RUN_TIMEOUT_MS)
    return window, dialog


def test_cancel_stops_the_run(make_window, qtbot, mnist_dir) -> None:
    backend, started = endless_evaluation()
    dialog = open_dialog(make_window(backend=backend), mnist_dir)
    QTest.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=RUN_TIMEOUT_MS)
    assert dialog.cancel_button.isEnabled() and not dialog.run_button.isEnabled()
    QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(dialog.run_button.isEnabled, timeout=RUN_TIMEOUT_MS)
    assert dialog.stage_label.text() == "Cancelled."
    assert dialog.evaluation is None


def test_closing_the_window_while_evaluating_stops_it(make_window, qtbot, mnist_dir) -> None:
    window, dialog = evaluating(make_window, qtbot, mnist_dir)
    window.close()
    assert not dialog.is_running()


def test_missing_data_ends_in_one_clear_message(
    window: MainWindow, qtbot, tmp_path, messages
) -> None:
    dialog = open_dialog(window, tmp_path / "nowhere")
    run(dialog, qtbot)
    texts = messages.texts("warning")
    assert len(texts) == 1 and "nowhere" in texts[0]
    assert dialog.evaluation is None


def test_closing_the_dialog_stops_the_run(make_window, qtbot, mnist_dir) -> None:
    _window, dialog = evaluating(make_window, qtbot, mnist_dir)
    dialog.close()  # unlike Train and Fine-tune, a half-done evaluation is not worth keeping
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(dialog.run_button.isEnabled, timeout=RUN_TIMEOUT_MS)
    assert dialog.evaluation is None and dialog.stage_label.text() == "Cancelled."
