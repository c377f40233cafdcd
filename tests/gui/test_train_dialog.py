"""Training through the real dialog on the small MNIST fixture (1,000 train / 300 test images):
progress, the model swap, Cancel, errors, and closing the window mid-training."""

from __future__ import annotations

import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from gui_helpers import ONE, draw
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from digitpad.core.inference.judgement import ATTACHMENT, JUDGE_GAUSSIAN
from digitpad.core.models import choices
from digitpad.core.models.store import read_attachment, read_metadata
from digitpad.core.paths import user_models_dir
from digitpad.core.progress import BatchProgress, EpochProgress
from digitpad.gui import backend
from digitpad.gui.backend import Backend
from digitpad.gui.jobs import job_dialog
from digitpad.gui.jobs.job_dialog import format_duration
from digitpad.gui.jobs.train_dialog import TrainDialog
from digitpad.gui.window.main_window import MainWindow

TRAIN_TIMEOUT_MS = 180_000


def open_dialog(window: MainWindow, qtbot, source: Path | str) -> TrainDialog:
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.data_box.local_source, Qt.MouseButton.LeftButton)
    dialog.data_box.data_path.setText(str(source))
    return dialog


def model_files() -> list[Path]:
    folder = user_models_dir()
    return sorted(folder.iterdir()) if folder.exists() else []


def test_durations_read_as_a_clock() -> None:
    assert [format_duration(s) for s in (-1, 0, 59.6, 61, 3599, 3600, 36_061)] == [
        "0:00", "0:00", "1:00", "1:01", "59:59", "1:00:00", "10:01:01",
    ]  # fmt: skip


def test_defaults_are_the_course_s(window: MainWindow) -> None:
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    config = dialog.config()
    assert (config.epochs, config.batch_size, config.learning_rate) == (1, 128, 1.0)
    assert config.augment is False and config.schedule == "constant"
    assert dialog.data_box.keras_source.isChecked()  # nothing remembered yet
    assert dialog.data_source() is None


def wheel(widget: QWidget, notches: int) -> None:
    """Turn the mouse wheel over `widget`'s middle (positive: away from the user, up), as the
    window system does: Qt hands it to the widget under the pointer, then to its parents
    while none takes it."""
    top = widget.window()
    at = widget.mapTo(top, QPoint(widget.width() // 2, widget.height() // 2))
    QTest.wheelEvent(top.windowHandle(), QPointF(at), QPoint(0, 120 * notches))
    QApplication.processEvents()


def test_the_wheel_scrolls_past_the_fields_until_one_is_clicked(window: MainWindow, qtbot) -> None:
    """Scrolling the dialog over Learning rate once turned 1.0 into 0.0001 unseen."""
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.width(), 420)  # shorter than its sections: they scroll
    bar = dialog.body_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    fields = (dialog.learning_rate, dialog.epochs, dialog.batch_size, dialog.schedule)
    for field in fields:
        dialog.body_scroll.ensureWidgetVisible(field)
        before, value = bar.value(), _value(field)
        notches = 1 if before > 0 else -1  # towards the other end
        wheel(field, notches)
        assert _value(field) == value, field.objectName()  # the field did not take it
        assert bar.value() != before, field.objectName()  # the dialog scrolled
    rate = dialog.learning_rate
    dialog.body_scroll.ensureWidgetVisible(rate)
    qtbot.mouseClick(rate, Qt.MouseButton.LeftButton)  # now it is the user's aim
    assert rate.hasFocus()
    wheel(rate, 1)
    assert rate.value() == pytest.approx(1.1)  # one step up
    assert rate.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives no focus


def _value(field: QWidget) -> object:
    return field.currentIndex() if isinstance(field, QComboBox) else field.value()


def test_training_reports_progress_and_swaps_the_model(
    make_window, qtbot, mnist_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dialog's clock, which the judgement fit moves on by a minute (as on full MNIST).
    ahead = [0.0]
    clock = SimpleNamespace(perf_counter=lambda: time.perf_counter() + ahead[0])
    monkeypatch.setattr(job_dialog, "time", clock)

    def a_minute_of_fitting(*args, **kwargs):
        stats = backend.fit_judgement(*args, **kwargs)
        ahead[0] += 60.0
        return stats

    window = make_window(backend=Backend(fit_judgement=a_minute_of_fitting))
    bundled = window.predictor
    dialog = open_dialog(window, qtbot, mnist_dir)
    events: list[object] = []
    dialog.job_started.connect(lambda: dialog.job.progress.connect(events.append))
    stages: list[tuple[str, int, int]] = []  # each line, with the bar when it was shown
    bar = dialog.progress_bar
    dialog.status.connect(lambda line: stages.append((line, bar.value(), bar.maximum())))
    trained: list[object] = []
    dialog.model_trained.connect(trained.append)
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        assert dialog.is_running() and not dialog.train_button.isEnabled()
    (outcome,) = trained
    # The digit judgement is fitted in the same job, before the save, and travels in the file;
    # it says what happens in plain words and the bar counts it (no longer sitting at 100%).
    lines = [line for line, _value, _maximum in stages]
    fitting = [s for s in stages if s[0].startswith("Learning what digits look like, to tell ")]
    assert fitting[0][0].endswith(" 0%") and fitting[-1][0].endswith(" 100%")
    assert fitting[0][1] == 0 < fitting[0][2]  # the bar starts again for this stage
    assert fitting[-1][1] == fitting[-1][2]
    assert lines.index(fitting[-1][0]) < lines.index("Saving the model…")
    assert outcome.predictor.judge.name == JUDGE_GAUSSIAN
    assert read_attachment(outcome.path, ATTACHMENT) == outcome.predictor.judge.stats.to_bytes()

    batches = [e for e in events if isinstance(e, BatchProgress)]
    epochs = [e for e in events if isinstance(e, EpochProgress)]
    assert [b.step for b in batches] == list(range(1, 9))  # ceil(1000 / 128) batches
    assert len(epochs) == 1 and 0.0 <= epochs[0].val_accuracy <= 1.0
    assert not dialog.is_running()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    counts = dialog.curves.counts()
    assert counts["train_loss"] == 8 and counts["val_loss"] == counts["val_accuracy"] == 1
    said = dialog.result_label.text()
    assert "Test accuracy" in said and " after 1 epoch: " in said  # a plural form, not "epoch(s)"
    # The time said is the whole job's, the fitting's minute included, and training's part.
    total, training = re.search(r": (\d+:\d\d) in all, (\d+:\d\d) of it training", said).groups()
    assert training == format_duration(outcome.result.seconds)
    assert total == format_duration(dialog.took) and dialog.took >= 60 + outcome.result.seconds
    assert dialog.train_button.isEnabled() and not dialog.cancel_button.isEnabled()

    # Saved atomically to the user's folder as one file holding its metadata, and now in use.
    assert outcome.path.parent == user_models_dir() and outcome.path.is_file()
    assert {p.name for p in model_files()} == {outcome.path.name}
    metadata = read_metadata(outcome.path)
    assert metadata["test_accuracy"] == pytest.approx(outcome.result.test_accuracy)
    assert metadata["data"] == str(mnist_dir)
    assert window.predictor is outcome.predictor and window.predictor is not bundled
    assert window.model.name() in window.model_status.text()  # its name, or its run's
    assert choices.model_in_use() == outcome.path.resolve()
    # The new model predicts what is drawn.
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: window.last_prediction is not None, timeout=10_000)
    shown = window.panel.prediction.text()  # a model trained on 1,000 images may doubt a 1
    assert shown in (str(window.last_prediction.digit), "Not a digit?")
    # The data source is remembered.
    assert choices.data_source() == str(mnist_dir.resolve())


def test_augmented_training_says_it_is_preparing(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    dialog = open_dialog(window, qtbot, mnist_dir)
    # On its box (the row is wider than the check box and its words).
    qtbot.mouseClick(
        dialog.augment, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.augment.height() // 2)
    )
    assert dialog.config().augment
    stages: list[str] = []
    dialog.job_started.connect(
        lambda: dialog.job.progress.connect(lambda e: stages.append(dialog.stage_label.text()))
    )
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert any(s.startswith("Preparing augmented digits") for s in stages)
    assert "Test accuracy" in dialog.result_label.text()


def test_cancel_stops_within_a_batch_and_keeps_the_model(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    bundled = window.predictor
    dialog = open_dialog(window, qtbot, mnist_dir)
    dialog.batch_size.setValue(8)  # 125 batches an epoch: long enough to cancel mid-way
    dialog.epochs.setValue(3)
    steps: list[int] = []
    dialog.job_started.connect(
        lambda: dialog.job.progress.connect(
            lambda e: steps.append(e.step) if isinstance(e, BatchProgress) else None
        )
    )
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) >= 3, timeout=TRAIN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "ETA" in dialog.metrics_label.text(), timeout=TRAIN_TIMEOUT_MS)

    # Drawing and live prediction keep working with the current model meanwhile.
    shown_while_training: list[bool] = []
    window.prediction_shown.connect(lambda p: shown_while_training.append(dialog.is_running()))
    draw(window.canvas, ONE)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "1", timeout=10_000)
    assert any(shown_while_training)

    with qtbot.waitSignal(dialog.job_ended, timeout=10_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert len(steps) < 3 * 125  # it did not run to the end
    assert "Cancelled" in dialog.stage_label.text()
    assert window.predictor is bundled
    assert model_files() == []  # nothing saved, not even a temporary file
    assert dialog.train_button.isEnabled()


@pytest.mark.parametrize(
    ("make_source", "expected"),
    [
        (lambda tmp: tmp / "nowhere", "does not exist"),
        (lambda tmp: _garbage(tmp / "mnist.npz"), "corrupt"),
    ],
    ids=["missing-folder", "corrupt-file"],
)
def test_data_errors_end_in_a_clear_message(
    window: MainWindow, qtbot, messages, tmp_path: Path, make_source, expected: str
) -> None:
    bundled = window.predictor
    dialog = open_dialog(window, qtbot, make_source(tmp_path))
    with qtbot.waitSignal(dialog.job_ended, timeout=30_000):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    (text,) = messages.texts("warning")
    assert expected in text and "Traceback" not in text
    assert window.predictor is bundled and dialog.train_button.isEnabled()
    assert "failed" in dialog.stage_label.text()


def _garbage(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04 definitely not a zip archive")
    return path


def test_out_of_memory_ends_in_a_clear_message(
    make_window, qtbot, messages, mnist_dir: Path
) -> None:
    def no_memory(*args, **kwargs):
        raise MemoryError

    window = make_window(backend=Backend(train=no_memory))
    dialog = open_dialog(window, qtbot, mnist_dir)
    with qtbot.waitSignal(dialog.job_ended, timeout=30_000):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    (text,) = messages.texts("warning")
    assert "not enough memory" in text and "batch size" in text
    assert model_files() == []


def test_an_empty_local_source_is_refused(window: MainWindow, qtbot, messages) -> None:
    dialog = open_dialog(window, qtbot, "")
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert not dialog.is_running()
    assert messages.texts("warning") == [
        "Choose a folder or file with MNIST, or use the Keras cache."
    ]


def test_closing_the_dialog_keeps_training(window: MainWindow, qtbot, mnist_dir: Path) -> None:
    dialog = open_dialog(window, qtbot, mnist_dir)
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        dialog.close()  # hides; the run goes on and still swaps the model in
        assert not dialog.isVisible()
    assert window.predictor.path.parent == user_models_dir()


def test_closing_the_window_during_training_stops_it_cleanly(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    dialog = open_dialog(window, qtbot, mnist_dir)
    dialog.batch_size.setValue(8)
    dialog.epochs.setValue(3)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=TRAIN_TIMEOUT_MS)
    job = dialog.job
    assert window.close() is False  # not yet: it stops the training first
    assert "Stopping" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert job.wait(5) and not job.is_running()
    assert model_files() == []  # no half-written (or any) model file


@pytest.mark.parametrize("during", ["fit_judgement", "save_model"])
def test_cancel_while_fitting_or_saving_keeps_nothing(
    make_window, qtbot, mnist_dir: Path, during: str
) -> None:
    """Cancel pressed once the network is trained, while its digit judgement is fitted or
    just as the finished model's file is complete, still means: nothing kept."""
    real = getattr(backend, during)

    def then_cancel(*args, **kwargs):
        if during == "fit_judgement":
            dialog.job.stop()  # as the Cancel button does, as fitting begins
            return real(*args, **kwargs)
        saved = real(*args, **kwargs)
        dialog.job.stop()  # ... or just as the file is complete
        return saved

    window = make_window(backend=Backend(**{during: then_cancel}))
    bundled = window.predictor
    dialog = open_dialog(window, qtbot, mnist_dir)
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert "Cancelled" in dialog.stage_label.text()
    assert window.predictor is bundled
    assert model_files() == []  # no model file, no temporary file


def test_training_and_finetuning_do_not_run_together(
    window: MainWindow, qtbot, mnist_dir: Path
) -> None:
    window.menu_actions.finetune.trigger()  # opened first: its Fine-tune button must be held back
    finetune = window.dialogs.finetune_dialog
    assert finetune.start_button.isEnabled()
    dialog = open_dialog(window, qtbot, mnist_dir)
    dialog.batch_size.setValue(8)
    dialog.epochs.setValue(3)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert not window.menu_actions.finetune.isEnabled()
    assert not finetune.start_button.isEnabled()
    assert "Training is running" in finetune.start_button.toolTip()
    assert window.menu_actions.train.isEnabled()  # opens the running dialog
    with qtbot.waitSignal(dialog.job_ended, timeout=TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert window.menu_actions.finetune.isEnabled() and finetune.start_button.isEnabled()
    assert finetune.start_button.toolTip() == ""


def test_continuing_names_the_model_in_use_when_it_changes_while_open(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another model loaded while the dialog stays open: "The model in use (…), trained
    further" names it at once (it named the model in use when the dialog was shown)."""
    from gui_helpers import browse_for_a_model
    from PySide6.QtWidgets import QFileDialog
    from snapshot_files import bundled_with, run_record

    qtbot.waitUntil(lambda: window.predictor is not None, timeout=30_000)
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    assert dialog is not None and dialog.isVisible()
    continued = dialog.start_box.continued
    assert continued.isEnabled() and "(my other model)" not in continued.text()
    other = bundled_with(tmp_path / "other.keras", None, run_record("my other model"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    before = window.predictor
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: window.predictor is not before, timeout=30_000)
    assert dialog.isVisible() and window.predictor.path == other
    assert continued.text() == "The &model in use (my other model), trained further"
