"""View ▸ My samples…: thumbnails, delete, relabel, export and import, a corrupt file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from digitpad.core.data.sample_archive import export_samples
from digitpad.core.data.samples import SampleStore
from digitpad.gui.library.samples_dialog import SamplesDialog
from digitpad.gui.window.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def stroke(digit: int) -> np.ndarray:
    canvas = np.full((100, 100), 255, np.uint8)
    canvas[20:80, 45 + digit % 3 : 55 + digit % 3] = 0
    return canvas


@pytest.fixture
def three() -> list:
    store = SampleStore()
    return [store.add(stroke(d), d) for d in (1, 1, 7)]


def open_dialog(window: MainWindow) -> SamplesDialog:
    window.menu_actions.samples.trigger()
    dialog = window.dialogs.samples_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_lists_relabels_and_deletes(window: MainWindow, qtbot, three) -> None:
    dialog = open_dialog(window)
    assert dialog.list.count() == 3
    assert [dialog.list.item(i).text() for i in range(3)] == ["1", "1", "7"]
    assert not dialog.list.item(0).icon().isNull()
    assert dialog.list.accessibleName() == "Samples"
    assert dialog.list.item(2).toolTip() == "An example of 7"
    dialog.list.item(2).setSelected(True)
    dialog.label_box.setValue(4)
    qtbot.mouseClick(dialog.relabel_button, LEFT)
    assert sorted(s.label for s in SampleStore().load_all()[0]) == [1, 1, 4]
    assert window.sample_counts[4] == 1 and window.sample_counts[7] == 0
    dialog.list.item(0).setSelected(True)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    assert dialog.list.count() == 2
    assert window.sample_counts[1] == 1 and "My samples (2)" in window.panel.samples_label.text()


def test_export_and_import(window: MainWindow, qtbot, three, monkeypatch, tmp_path: Path) -> None:
    dialog = open_dialog(window)
    archive = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(archive), ""))
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert (tmp_path / "mine.zip").is_file() and "Exported 3" in dialog.summary.text()
    dialog.retranslate()  # a language switch rewords what happened last, not "3 samples"
    assert "Exported 3" in dialog.summary.text()
    for sample in three:
        SampleStore().delete(sample.id)
    dialog.reload()
    assert dialog.list.count() == 0
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "mine.zip"), "")
    )
    qtbot.mouseClick(dialog.import_button, LEFT)
    assert dialog.is_importing() and dialog.import_progress.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_importing(), timeout=30_000)
    assert dialog.list.count() == 3 and "Imported 3" in dialog.summary.text()
    assert sum(window.sample_counts) == 3 and not dialog.import_progress.isVisible()


def test_a_corrupt_file_is_reported_once_and_skipped(window: MainWindow, three, messages) -> None:
    (SampleStore().folder / "broken.npz").write_bytes(b"not a sample")
    dialog = open_dialog(window)
    assert dialog.list.count() == 3 and "1 unreadable" in dialog.summary.text()
    dialog.reload()
    window.menu_actions.samples.trigger()
    (text,) = messages.texts("warning")
    assert "broken.npz" in text


def test_a_sample_that_cannot_be_deleted_is_reported(
    window: MainWindow, qtbot, three, messages, monkeypatch
) -> None:
    dialog = open_dialog(window)
    real_unlink = Path.unlink

    def read_only(path: Path, missing_ok: bool = False) -> None:
        if path.parent == SampleStore().folder:
            raise PermissionError(13, "Permission denied")
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", read_only)
    dialog.list.item(0).setSelected(True)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    (text,) = messages.texts("warning")
    assert text.startswith("Could not delete the sample in ") and "Permission denied" in text
    assert dialog.list.count() == 3  # the list shows what is really there


def test_a_sample_that_cannot_be_relabelled_is_reported(
    window: MainWindow, qtbot, three, messages, monkeypatch
) -> None:
    from digitpad.core.data import samples

    dialog = open_dialog(window)
    real_write = samples._write_atomic
    writes: list[Path] = []

    def fails_second_time(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise PermissionError(13, "Permission denied")
        real_write(path, data)

    monkeypatch.setattr(samples, "_write_atomic", fails_second_time)
    dialog.list.item(0).setSelected(True)
    dialog.list.item(2).setSelected(True)
    dialog.label_box.setValue(4)
    qtbot.mouseClick(dialog.relabel_button, LEFT)
    ((kind, title, text),) = messages.shown
    assert (kind, title) == ("warning", "My samples")
    assert text.startswith("Could not save the sample in ") and "Permission denied" in text
    # The first one was relabelled, the second not: the list and the counter say so.
    assert [dialog.list.item(i).text() for i in range(3)] == ["4", "1", "7"]
    assert window.sample_counts[4] == 1 and window.sample_counts[7] == 1


def test_an_os_error_on_delete_is_one_sentence_and_the_list_is_reloaded(
    window: MainWindow, qtbot, three, messages, monkeypatch
) -> None:
    dialog = open_dialog(window)
    real_delete = SampleStore.delete
    deleted: list[str] = []

    def fails_second_time(self, sample_id: str) -> None:
        if deleted:
            raise OSError(5, "Input/output error")
        real_delete(self, sample_id)
        deleted.append(sample_id)

    monkeypatch.setattr(SampleStore, "delete", fails_second_time)
    yes = QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: yes)  # "Delete all 3…?"
    for i in range(3):
        dialog.list.item(i).setSelected(True)
    qtbot.mouseClick(dialog.delete_button, LEFT)
    (text,) = messages.texts("warning")
    assert text == "Something went wrong while working (OSError: [Errno 5] Input/output error)."
    assert dialog.list.count() == 2 and sum(window.sample_counts) == 2
    assert dialog.summary.text() == "2 samples"


def test_an_import_that_fails_partway_keeps_nothing_and_says_so(
    window: MainWindow, qtbot, three, messages, monkeypatch, tmp_path: Path
) -> None:
    import os

    archive = tmp_path / "mine.zip"
    store = SampleStore()
    export_samples(store, archive)
    for sample in three:
        store.delete(sample.id)
    dialog = open_dialog(window)
    assert dialog.list.count() == 0
    real_replace = os.replace
    moves: list[str] = []

    def full_disk_at_the_second(src, dst, *args, **kwargs):
        if Path(dst).parent == store.folder and Path(src).parent != store.folder:
            moves.append(str(dst))
            if len(moves) == 2:
                raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk_at_the_second)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(archive), ""))
    qtbot.mouseClick(dialog.import_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.is_importing(), timeout=30_000)
    (text,) = messages.texts("warning")
    assert text.startswith("Nothing was imported from ") and "No space left" in text
    assert dialog.list.count() == 0 and sum(window.sample_counts) == 0
