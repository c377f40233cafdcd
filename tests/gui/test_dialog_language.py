"""The window and every dialog switch language while open.

A translator that marks every string it translates («…») stands in for a
real language: after it is installed, every text the dialog shows must be a
marked one, so a text set once in `__init__` (and never again) is caught
whatever the .qm files hold. Removing it must bring the English back.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QWidget,
)

from digitpad.core.configs import TrainConfig
from digitpad.core.progress import EpochProgress
from digitpad.core.training.evaluation import Evaluation
from digitpad.core.training.finetune import FinetuneResult
from digitpad.core.training.train import TrainResult
from digitpad.gui import i18n
from digitpad.gui.jobs.evaluate_dialog import EvaluateDialog
from digitpad.gui.jobs.finetune_dialog import FinetuneDialog
from digitpad.gui.jobs.job_dialog import JobDialog
from digitpad.gui.jobs.outcomes import EvaluationOutcome, FinetuneOutcome, TrainOutcome
from digitpad.gui.jobs.train_dialog import TrainDialog
from digitpad.gui.replay.training_time import State
from digitpad.gui.settings import Settings

NOT_TRANSLATED = {"Adadelta"}  # the optimizer's name, as Keras spells it


class Marking(QTranslator):
    """Translates every string into «string»."""

    def translate(self, context: str, source_text: str, disambiguation=None, n: int = -1) -> str:
        return f"«{source_text}»"

    def isEmpty(self) -> bool:  # an empty translator would not announce LanguageChange
        return False


def shown_texts(dialog: QDialog) -> list[str]:
    """Every static text a user sees or hears in `dialog`, non-empty ones only."""
    texts = [dialog.windowTitle()]
    for child in dialog.findChildren(QWidget):
        texts += [child.toolTip(), child.accessibleName()]
        if isinstance(child, QLabel | QAbstractButton) and child.text() not in NOT_TRANSLATED:
            texts.append(child.text())
        if isinstance(child, QGroupBox):
            texts.append(child.title())
        if isinstance(child, QLineEdit):
            texts.append(child.placeholderText())
        if isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(child.count())]
        if isinstance(child, QProgressBar) and child.objectName() == "progress":
            texts.append(child.format())
    # A paragraph tooltip (labels.paragraph) reads as its text: the tags are not shown.
    texts = [re.sub(r"^<p>(.*)</p>$", r"\1", t, flags=re.S) for t in texts]
    # A number, or a percentage (written by core's percent, not translated), is no text.
    return [t for t in texts if t and not t.isdigit() and not re.fullmatch(r"[\d.]+%", t)]


DIALOGS: dict[str, Callable[[], QDialog]] = {
    "train": lambda: TrainDialog(Settings()),
    "finetune": lambda: FinetuneDialog(Settings(), lambda: None),
    "evaluate": lambda: EvaluateDialog(Settings(), lambda: None),
}


class MarkingCatalog(gettext.NullTranslations):
    """core's messages (gettext: layer descriptions, presets) marked the same way."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"


@pytest.fixture
def marking(qapp, monkeypatch) -> Iterator[Callable[[bool], None]]:
    from digitpad.core import i18n as core_i18n

    translator = Marking()
    english_catalog = core_i18n._catalog()

    def switch(on: bool) -> None:
        # Both catalogs switch together, as View ▸ Language switches them (gui/i18n.py).
        monkeypatch.setattr(core_i18n, "_translation", MarkingCatalog() if on else english_catalog)
        if on:
            assert QCoreApplication.installTranslator(translator)
        else:
            QCoreApplication.removeTranslator(translator)
        QCoreApplication.processEvents()  # LanguageChange is posted, not sent

    yield switch
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_an_open_dialog_follows_a_language_switch(qtbot, marking, name: str) -> None:
    dialog = DIALOGS[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    english = shown_texts(dialog)
    assert len(english) >= 5 and not any("«" in t for t in english)
    marking(True)
    switched = shown_texts(dialog)
    left_over = [t for t in switched if not t.startswith("«")]
    assert not left_over, f"not re-set on a language switch: {left_over}"
    assert len(switched) == len(english)
    marking(False)
    assert shown_texts(dialog) == english


# The texts each dialog sets once and must re-set on a switch, as (its tr context, source):
# checked against the real zh_TW catalog, which translates all of them.
STATIC_TEXTS: dict[str, dict[str, Callable[[QDialog], str]]] = {
    "train": {
        "Train the network": QDialog.windowTitle,
        "Train": lambda d: d.train_button.text(),
        "Cancel training": lambda d: d.cancel_button.text(),
        "Close": lambda d: d.close_button.text(),
        "Press Train to start.": lambda d: d.stage_label.text(),
        "MNIST data": lambda d: d.data_box.title(),
        "cosine decay": lambda d: d.schedule.itemText(1),
    },
    "finetune": {
        "Fine-tune on my samples": QDialog.windowTitle,
        "Fine-tune": lambda d: d.start_button.text(),
        "Close": lambda d: d.close_button.text(),
        "Press Fine-tune to start.": lambda d: d.stage_label.text(),
    },
    "evaluate": {
        "Evaluate on the MNIST test set": QDialog.windowTitle,
        "Evaluate": lambda d: d.run_button.text(),
        "All mistakes": lambda d: d.all_button.text(),
        "Least confident first": lambda d: d.sort.itemText(1),
    },
}
CONTEXTS = {"train": "TrainDialog", "finetune": "FinetuneDialog", "evaluate": "EvaluateDialog"}
SECTION_CONTEXTS = {"MNIST data": "DataSourceBox"}  # texts of a section with a class of its own


def switch_to(code: str) -> None:
    i18n.apply_language(code)
    QCoreApplication.processEvents()  # LanguageChange is posted, not sent


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_an_open_dialog_switches_to_zh_tw_and_back(qtbot, name: str) -> None:
    """View ▸ Language's own path: the real catalog, then English again."""
    dialog = DIALOGS[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    texts = STATIC_TEXTS[name]
    assert {source: shown(dialog) for source, shown in texts.items()} == {s: s for s in texts}
    assert dialog.cancel_button.text() in ("Cancel", "Cancel training")

    switch_to("zh_TW")
    for source, shown in texts.items():
        context = SECTION_CONTEXTS.get(source, CONTEXTS[name])
        chinese = QCoreApplication.translate(context, source)
        assert chinese != source, f"zh_TW has no translation for {source!r}"
        assert shown(dialog) == chinese
    cancel = "Cancel training" if name == "train" else "Cancel"
    context = "TrainDialog" if name == "train" else "JobDialog"
    assert dialog.cancel_button.text() == QCoreApplication.translate(context, cancel) != cancel

    switch_to("en")
    assert {source: shown(dialog) for source, shown in texts.items()} == {s: s for s in texts}
    assert dialog.cancel_button.text() == cancel


class FakeJob(QObject):
    """Stands in for a worker job: the test emits its signals; no thread runs."""

    stage = Signal(str)
    progress = Signal(object)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    ended = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.predictor = SimpleNamespace(path=Path("before.keras"))
        self.stop_requested = False

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self.stop_requested = True

    def is_running(self) -> bool:
        return False

    def wait(self, timeout: float | None = None) -> bool:
        return True


def train_outcome() -> TrainOutcome:
    result = TrainResult(None, False, TrainConfig(epochs=2), test_accuracy=0.98, seconds=75)
    return TrainOutcome(predictor=None, path=Path("trained.keras"), result=result)


def finetune_outcome() -> FinetuneOutcome:
    trained = TrainResult(None, False, TrainConfig(epochs=3))
    result = FinetuneResult(trained, 0.99, 0.985, 0.6, 0.9, trained_on=30, held_out=10)
    return FinetuneOutcome(predictor=None, path=Path("finetuned.keras"), result=result)


def evaluation_outcome() -> EvaluationOutcome:
    labels = np.arange(20) % 10
    probabilities = np.full((20, 10), 0.01)
    probabilities[np.arange(20), labels] = 0.91
    probabilities[[3, 7], :] = 0.01
    probabilities[[3, 7], [5, 1]] = 0.91  # two mistakes
    return EvaluationOutcome(Evaluation(probabilities, labels), np.zeros((20, 28, 28), np.uint8))


OUTCOMES: dict[str, Callable[[], object]] = {
    "train": train_outcome,
    "finetune": finetune_outcome,
    "evaluate": evaluation_outcome,
}


def run_lines(dialog: JobDialog) -> list[str]:
    """The lines a run leaves: stage, result and (Evaluate) accuracy and filter, non-empty."""
    names = ("stage_label", "result_label", "accuracy", "filter_label")
    labels = [getattr(dialog, n) for n in names if hasattr(dialog, n)]
    return [line for label in labels for line in label.text().splitlines() if line]


@pytest.mark.parametrize("how", ["succeeded", "cancelled", "failed"])
@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_a_finished_run_s_lines_follow_a_switch(qtbot, marking, messages, name, how) -> None:
    """The idle line is not the only one re-set: what a run said at its end is too."""
    dialog = DIALOGS[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    job = FakeJob()
    dialog._start_job(job)
    if name == "train":  # an epoch's figures, then the end
        job.progress.emit(EpochProgress(1, 2, 0.3, 0.9, 0.2, 0.95))
        dialog._flush_progress()  # as the refresh timer would
    if name == "evaluate" and how != "succeeded":  # an earlier good run's figures stay
        job.succeeded.emit(evaluation_outcome())
        job.ended.emit()
        job = FakeJob()
        dialog._start_job(job)
    if how == "succeeded":
        job.succeeded.emit(OUTCOMES[name]())
    elif how == "cancelled":
        job.cancelled.emit()
    else:
        job.failed.emit("The disk is full.")
    job.ended.emit()
    english = run_lines(dialog)
    assert len(english) >= (1 if name == "finetune" and how != "succeeded" else 2)
    assert not any("«" in line for line in english)

    marking(True)
    switched = run_lines(dialog)
    left_over = [line for line in switched if not line.startswith("«")]
    assert not left_over, f"not re-set on a language switch: {left_over}"
    assert len(switched) == len(english)
    marking(False)
    assert run_lines(dialog) == english


def test_the_window_and_its_views_follow_a_language_switch(window, qtbot, marking) -> None:
    """The main window with the inside view, My samples and the layer summary open."""
    window.menu_actions.inside.trigger()
    window.menu_actions.samples.trigger()
    window.menu_actions.layer_summary.trigger()
    qtbot.waitUntil(lambda: window.dialogs.summary_dialog is not None)
    # The training-time slider says whether the model keeps snapshots once they are read.
    qtbot.waitUntil(lambda: window.watching.time.state is not State.LOADING)
    views = [window, window.dialogs.samples_dialog, window.dialogs.summary_dialog]
    english = [shown_texts(view) for view in views]
    marking(True)
    model_file = str(window.predictor.path)
    for view in views:
        left_over = [
            text
            for text in shown_texts(view)
            if not text.startswith("«")
            and text not in ("digitpad", "–", model_file)  # a name, "no digit", a path
            # Qt's own dock buttons and a tab bar's scroll buttons: qtbase's catalog
            and text not in ("Float", "Close", "Scroll Left", "Scroll Right")
        ]
        assert not left_over, f"{type(view).__name__} kept: {left_over}"
    marking(False)
    assert [shown_texts(view) for view in views] == english


def test_a_running_train_s_progress_lines_follow_a_switch(qtbot, marking, messages) -> None:
    """The last progress line (the batch figures) and the stage line were left in English."""
    from digitpad.core.progress import BatchProgress, ValidationProgress

    dialog = DIALOGS["train"]()
    qtbot.addWidget(dialog)
    dialog.show()
    job = FakeJob()
    dialog._start_job(job)
    job.progress.emit(BatchProgress(1, 1, 8, 8, 0.31, 0.92))
    dialog._flush_progress()  # as the refresh timer would
    job.progress.emit(ValidationProgress(1, 2, 3))
    english = [dialog.metrics_label.text(), dialog.stage_label.text()]
    assert english[0].startswith("Epoch 1/1 · batch 8/8") and "checking the test set" in english[1]
    marking(True)
    assert dialog.metrics_label.text().startswith("«Epoch 1/1 · batch 8/8")
    assert dialog.stage_label.text().startswith("«Epoch 1: checking the test set")
    marking(False)
    assert [dialog.metrics_label.text(), dialog.stage_label.text()] == english

    job.progress.emit(EpochProgress(1, 1, 0.3, 0.9, 0.2, 0.95))
    job.cancelled.emit()
    job.ended.emit()
    marking(True)  # the run is over: its last figures still follow
    assert dialog.metrics_label.text().startswith("«Epoch 1/1")


def test_a_few_held_out_samples_make_no_claim(qtbot) -> None:
    """ "10 held-out: 100 % → 100 %" said nothing: one drawing per digit decides it."""
    dialog = DIALOGS["finetune"]()
    qtbot.addWidget(dialog)
    job = FakeJob()
    dialog._start_job(job)
    trained = TrainResult(None, False, TrainConfig(epochs=3))
    few = FinetuneResult(trained, 0.99, 0.985, 1.0, 1.0, 30, 10, (1,) * 10)
    job.succeeded.emit(FinetuneOutcome(predictor=None, path=Path("f.keras"), result=few))
    text = dialog.result_label.text()
    assert "too few" in text and "100.00%" not in text
    assert not few.held_out_meaningful

    enough = FinetuneResult(trained, 0.99, 0.985, 0.6, 0.9, 60, 50, (5,) * 10)
    assert enough.held_out_meaningful
    one_digit = FinetuneResult(trained, 0.99, 0.985, 0.6, 0.9, 20, 6, (0,) * 7 + (6, 0, 0))
    assert one_digit.held_out_meaningful  # six 7s held out say something about 7s
