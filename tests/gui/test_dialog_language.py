"""The window and every dialog switch language while open.

A translator that marks every string it translates («…») stands in for a
real language: after it is installed, every text the dialog shows must be a
marked one, so a text set once in `__init__` (and never again) is caught
whatever the .qm files hold. Removing it must bring the English back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
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

from digitpad.gui.evaluate_dialog import EvaluateDialog
from digitpad.gui.finetune_dialog import FinetuneDialog
from digitpad.gui.settings import Settings
from digitpad.gui.train_dialog import TrainDialog

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
    return [t for t in texts if t and not t.isdigit()]


DIALOGS: dict[str, Callable[[], QDialog]] = {
    "train": lambda: TrainDialog(Settings()),
    "finetune": lambda: FinetuneDialog(Settings(), lambda: None),
    "evaluate": lambda: EvaluateDialog(Settings(), lambda: None),
}


@pytest.fixture
def marking(qapp) -> Iterator[Callable[[bool], None]]:
    translator = Marking()

    def switch(on: bool) -> None:
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


def test_the_window_and_its_views_follow_a_language_switch(window, qtbot, marking) -> None:
    """The main window with the inside view, My samples and the layer summary open."""
    window.action_inside_view.trigger()
    window.action_samples.trigger()
    window.action_layer_summary.trigger()
    qtbot.waitUntil(lambda: window.summary_dialog is not None)
    views = [window, window.samples_dialog, window.summary_dialog]
    english = [shown_texts(view) for view in views]
    marking(True)
    model_file = str(window.predictor.path)
    for view in views:
        left_over = [
            text
            for text in shown_texts(view)
            if not text.startswith("«")
            and text not in ("digitpad", "–", model_file)  # a name, "no digit", a path
            and text not in ("Float", "Close")  # Qt's own dock buttons: qtbase's catalog
        ]
        assert not left_over, f"{type(view).__name__} kept: {left_over}"
    marking(False)
    assert [shown_texts(view) for view in views] == english
