"""Hostile inputs met through the window: a dialog sentence each, nothing hangs, nothing kept.

(The command-line side of issue 12 is in tests/hostile/.)
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import ONE, SEVEN, browse_for_a_model, draw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from digitpad.core.data.sample_archive import export_samples
from digitpad.core.data.samples import SampleStore
from digitpad.core.models import choices
from digitpad.gui.pad import sample_keeper
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 30_000
LEFT = Qt.MouseButton.LeftButton


def diagonal() -> np.ndarray:
    return 255 - 255 * np.eye(60, dtype=np.uint8)


def nan_model(path: Path) -> Path:
    import keras

    model = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10, "softmax")]
    )
    weights = model.get_weights()
    weights[0][0, 0] = np.nan
    model.set_weights(weights)
    model.save(path)
    return path


def test_a_model_with_nan_weights_is_refused_and_not_remembered(
    window: MainWindow, qtbot, messages, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before, remembered = window.predictor, choices.model_in_use()
    path = nan_model(tmp_path / "nan.keras")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=TIMEOUT_MS)
    (text,) = messages.texts("warning")
    assert text.startswith(str(path)) and "weights that are not numbers" in text
    assert window.predictor is before and choices.model_in_use() == remembered


def test_a_bad_sample_file_never_leaves_the_count_hanging(make_window, qtbot) -> None:
    store = SampleStore()
    store.add(diagonal(), 3)
    (store.folder / "broken.npz").write_bytes(b"PK\x03\x04 broken")
    (store.folder / "label.npz").write_bytes(b"not even a zip")
    window = make_window()
    qtbot.waitUntil(lambda: window.sample_counts is not None, timeout=TIMEOUT_MS)
    assert window.sample_counts[3] == 1 and "counting" not in window.panel.samples_label.text()


def test_a_count_that_fails_as_a_whole_still_ends(
    make_window, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable_folder() -> list[int]:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(sample_keeper, "count_samples", unreadable_folder)
    window = make_window()
    qtbot.waitUntil(lambda: window.sample_counts is not None, timeout=TIMEOUT_MS)
    assert "counting" not in window.panel.samples_label.text()
    assert "Input/output error" in window.statusBar().currentMessage()


def test_ten_thousand_junk_entries_give_a_short_summary(
    window: MainWindow, qtbot, messages, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    archive = tmp_path / "junk.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for i in range(10_000):
            z.writestr(f"{i:08x}.npz", b"junk")
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(archive), ""))
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.is_importing()  # on a worker: the window stays responsive meanwhile
    qtbot.waitUntil(lambda: not dialog.is_importing(), timeout=120_000)
    (text,) = messages.texts("warning")
    lines = text.splitlines()
    assert lines[0] == "Some entries were skipped:" and len(lines) == 7
    assert lines[-1] == "…and 9995 more."
    assert dialog.list.count() == 0 and "Imported 0 new samples" in dialog.summary.text()


def test_a_stopped_import_keeps_nothing(
    window: MainWindow, qtbot, messages, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from digitpad.core.data import sample_archive

    store = SampleStore()
    for digit in range(3):
        store.add(diagonal(), digit)
    archive = tmp_path / "mine.zip"
    export_samples(store, archive)
    for sample in store.load_all()[0]:
        store.delete(sample.id)
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    monkeypatch.setattr(sample_archive, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(archive), ""))
    real = sample_archive.read_sample

    def slow_until_stopped(*args, **kwargs):
        qtbot.waitUntil(lambda: dialog._import_stop.is_set(), timeout=TIMEOUT_MS)
        return real(*args, **kwargs)

    monkeypatch.setattr(sample_archive, "read_sample", slow_until_stopped)
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.mouseClick(dialog.stop_import_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.is_importing(), timeout=TIMEOUT_MS)
    assert messages.texts("warning") == []
    assert dialog.summary.text() == "Import stopped; nothing was imported."
    assert dialog.list.count() == 0 and SampleStore().load_all() == ([], [])


def test_odd_settings_are_clamped_and_not_written_back(make_window, private_home: Path) -> None:
    (private_home / "settings.ini").write_text(
        "[canvas]\npen_width=100000\n[ui]\nlanguage=klingon\n[model]\nlast=/x\\0y.keras\n"
    )
    window = make_window()
    assert window.canvas.pen_width == 16 and window.pen_width.value() == 16  # the widest
    window.close()
    text = (private_home / "settings.ini").read_text()
    assert "pen_percent=16" in text and "100000" not in text


def test_training_that_could_not_be_saved_stops_before_it_starts(
    qtbot, mnist_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from digitpad.core.configs import TrainConfig
    from digitpad.gui.backend import Backend
    from digitpad.gui.jobs.workers import FinetuneJob, TrainingJob

    blocker = tmp_path / "home"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("DIGITPAD_HOME", str(blocker / "digitpad"))

    def never(*args: object, **kwargs: object):
        pytest.fail("the work started although the model could not be saved")

    backend = Backend(train=never, finetune=never, load_data=never, load_samples=never)
    for job in (
        TrainingJob(TrainConfig(), source=str(mnist_dir), backend=backend),
        FinetuneJob(None, source=str(mnist_dir), backend=backend),  # type: ignore[arg-type]
    ):
        failures: list[str] = []
        job.failed.connect(failures.append)
        with qtbot.waitSignal(job.ended, timeout=60_000):
            job.start()
        (text,) = failures
        assert text.startswith("A model cannot be saved to ") and "Not a directory" in text


def test_an_unusual_model_draws_without_errors_in_the_inside_view(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog
) -> None:
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(4, 5, padding="same", use_bias=False, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, use_bias=False),
            keras.layers.Softmax(),
        ]
    )
    path = tmp_path / "odd.keras"
    model.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: window.predictor.path == path, timeout=TIMEOUT_MS)
    window.menu_actions.inside.trigger()
    qtbot.waitUntil(lambda: window.inside_dock.isVisible(), timeout=TIMEOUT_MS)
    with caplog.at_level(logging.WARNING):
        for stroke in (SEVEN, ONE):
            draw(window.canvas, stroke)
            qtbot.waitUntil(lambda: settled(window), timeout=TIMEOUT_MS)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "went wrong" not in window.statusBar().currentMessage()


def settled(window: MainWindow) -> bool:
    """The inside view shows the framing of what is on the pad now."""
    from digitpad.core.data.framing import frame_digit
    from digitpad.gui.inside.dock import INPUT

    grid = window.inside_dock.grids[INPUT].values()
    framed = frame_digit(window.canvas.to_array())
    return grid is not None and framed is not None and np.allclose(grid[:, :, 0], framed)


def test_save_as_keeps_an_upper_case_suffix_and_the_file_loads_again(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from digitpad.core.models.store import load_model, read_metadata

    target = tmp_path / "Copy.KERAS"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu_actions.save_model.trigger()
    status = window.statusBar()
    qtbot.waitUntil(lambda: "Saved the model" in status.currentMessage(), timeout=TIMEOUT_MS)
    assert [p.name for p in tmp_path.iterdir()] == ["Copy.KERAS"]  # not "Copy.KERAS.keras"
    assert load_model(target) is not None
    assert read_metadata(target)["test_accuracy"] == window.predictor.test_accuracy


def linked_model(path: Path, target: Path) -> Path:
    """The bundled model, its weights file holding a link to another HDF5 file on the disk."""
    import io

    import h5py

    from digitpad.core.paths import bundled_model_path

    with h5py.File(target, "w") as f:
        f["data"] = np.zeros(10, np.float32)
    with zipfile.ZipFile(bundled_model_path()) as archive:
        members = {name: archive.read(name) for name in ("config.json", "model.weights.h5")}
    weights = io.BytesIO(members["model.weights.h5"])
    with h5py.File(weights, "r+") as f:
        f["notes"] = h5py.ExternalLink(str(target), "/data")
    members["model.weights.h5"] = weights.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_model_whose_weights_link_to_another_file_is_refused_in_a_dialog(
    window: MainWindow, qtbot, messages, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = window.predictor
    path = linked_model(tmp_path / "linked.keras", tmp_path / "secret.h5")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    browse_for_a_model(window, qtbot)
    qtbot.waitUntil(lambda: bool(messages.texts("warning")), timeout=TIMEOUT_MS)
    (text,) = messages.texts("warning")
    assert text.startswith(str(path)) and "links to another file" in text
    assert text.count(".") >= 1 and "Traceback" not in text and "h5py" not in text
    assert window.predictor is before
