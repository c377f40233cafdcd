"""The window's menu actions: each with a shortcut (shown in its menu) and words in `retranslate`.

The actions are made here without their slots; the main window connects
them. Every text is set in `retranslate`, so a language switch re-words the
menus at once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from digitpad.core.i18n import LANGUAGES
from digitpad.gui import i18n

Keys = QKeySequence.StandardKey


class WindowActions(QObject):
    """All of the main window's actions, added to it so their shortcuts work everywhere."""

    def __init__(self, window: QWidget, language: str) -> None:
        super().__init__(window)

        def action(name: str, shortcut: str | QKeySequence.StandardKey) -> QAction:
            act = QAction(window)
            act.setObjectName(f"action_{name}")
            act.setShortcut(QKeySequence(shortcut))
            window.addAction(act)  # shortcuts work even while the menu bar is hidden
            return act

        self.train = action("train", "Ctrl+T")
        self.finetune = action("finetune", "Ctrl+Shift+T")
        self.samples = action("samples", "Ctrl+M")
        self.runs = action("runs", "Ctrl+Shift+R")
        self.load_model = action("load_model", Keys.Open)
        self.save_model = action("save_model", "Ctrl+Shift+S")
        self.reset_model = action("reset_model", "Ctrl+R")
        self.layer_summary = action("layer_summary", "Ctrl+L")
        self.evaluate = action("evaluate", "Ctrl+E")
        self.quit = action("quit", "Ctrl+Q")
        self.undo = action("undo", Keys.Undo)
        self.clear = action("clear", "Esc")
        self.focus_pad = action("focus_pad", "Ctrl+D")
        self.about = action("about", "F1")
        # View ▸ Zoom: Ctrl+= and Ctrl++ (the same key with or without Shift), Ctrl+-, and
        # the platform's own zoom keys where they differ (twice the same one is ambiguous).
        self.zoom_in = action("zoom_in", "Ctrl+=")
        self.zoom_in.setShortcuts(_distinct("Ctrl+=", "Ctrl++", Keys.ZoomIn))
        self.zoom_out = action("zoom_out", "Ctrl+-")
        self.zoom_out.setShortcuts(_distinct("Ctrl+-", Keys.ZoomOut))
        self.zoom_reset = action("zoom_reset", "Ctrl+0")
        self.full_screen = action("full_screen", "F11")
        self.full_screen.setCheckable(True)
        self.export_view = action("export_view", "Ctrl+Shift+E")
        self.copy_view = action("copy_view", "Ctrl+Shift+C")
        self.judge_digits = action("judge_digits", "Ctrl+Shift+D")
        self.judge_digits.setCheckable(True)
        self.judge_digits.setChecked(True)
        self.inside: QAction | None = None  # the inside dock's own toggle, set by `add_inside`
        self.lesson: QAction | None = None  # the lesson dock's, set by `add_lesson`
        self.needs_model = (self.save_model, self.layer_summary, self.evaluate)
        for act in self.needs_model:
            act.setEnabled(False)  # until a model is loaded

        # View ▸ Language: each language named in itself; the choice applies at once.
        self.language_group = QActionGroup(self)
        self.languages: dict[str, QAction] = {}
        names = {i18n.SYSTEM: "", **{lang.code: lang.native_name for lang in LANGUAGES}}
        for code, name in names.items():
            act = QAction(name, self.language_group)
            act.setObjectName(f"action_language_{code}")
            act.setCheckable(True)
            act.setChecked(code == language)
            self.languages[code] = act
        if self.language_group.checkedAction() is None:
            self.languages[i18n.SYSTEM].setChecked(True)

    def connect_language(self, choose: Callable[[str], object]) -> None:
        """Call `choose(code)` when the user picks a language."""
        for code, act in self.languages.items():
            act.triggered.connect(partial(choose, code))

    def add_inside(self, toggle: QAction, window: QWidget) -> None:
        """Take the inside dock's own show/hide action into the View menu."""
        toggle.setObjectName("action_inside")
        toggle.setShortcut(QKeySequence("Ctrl+I"))
        window.addAction(toggle)
        self.inside = toggle

    def add_lesson(self, toggle: QAction, window: QWidget) -> None:
        """Take the lesson dock's own show/hide action (the walk-through) into the View menu."""
        toggle.setObjectName("action_lesson")
        toggle.setShortcut(QKeySequence("Ctrl+J"))
        window.addAction(toggle)
        self.lesson = toggle

    def build_menus(self, bar: QMenuBar) -> None:
        self.model_menu = bar.addMenu("")
        self.model_menu.addActions([self.train, self.finetune])
        self.model_menu.addSeparator()
        self.model_menu.addActions([self.load_model, self.save_model, self.reset_model])
        self.model_menu.addSeparator()
        self.model_menu.addActions([self.layer_summary, self.evaluate])
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.quit)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.undo, self.clear, self.focus_pad])
        self.view_menu = bar.addMenu("")
        for dock in (self.inside, self.lesson):
            if dock is not None:
                self.view_menu.addAction(dock)
        self.view_menu.addAction(self.samples)
        self.view_menu.addAction(self.runs)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.judge_digits)
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.zoom_in, self.zoom_out, self.zoom_reset, self.full_screen])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.export_view, self.copy_view])
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("language_menu")
        self.language_menu.addActions(self.language_group.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about)

    def retranslate(self) -> None:
        """Every action's text and status tip, and the menus' titles, in the current language."""
        texts = {
            self.train: (self.tr("&Train model…"), self.tr("Train the network on MNIST yourself")),
            self.finetune: (
                self.tr("&Fine-tune on my samples…"),
                self.tr("Teach the model your handwriting from the samples you kept"),
            ),
            self.samples: (
                self.tr("My &samples…"),
                self.tr("The drawings you kept as examples: delete, relabel, export, import"),
            ),
            self.runs: (
                self.tr("&Runs…"),
                self.tr("Every training so far: compare their curves, rename, load, delete"),
            ),
            self.load_model: (self.tr("&Load model…"), self.tr("Use a .keras or .h5 model file")),
            self.save_model: (
                self.tr("&Save model as…"),
                self.tr("Save the model in use to a .keras file"),
            ),
            self.reset_model: (
                self.tr("&Reset to bundled model"),
                self.tr("Go back to the pretrained model that comes with digitpad"),
            ),
            self.layer_summary: (
                self.tr("Layer &summary…"),
                self.tr("The layers of the model in use and their parameters"),
            ),
            self.evaluate: (
                self.tr("&Evaluate on test set…"),
                self.tr("Accuracy, confusion matrix and mistakes on the 10,000 MNIST test images"),
            ),
            self.quit: (self.tr("&Quit"), ""),
            self.undo: (
                self.tr("&Undo"),
                self.tr("Take back the last stroke, or bring back what Clear erased"),
            ),
            self.clear: (self.tr("&Clear pad"), self.tr("Erase the pad (Undo brings it back)")),
            self.focus_pad: (
                self.tr("&Focus the pad"),
                self.tr("Put the keyboard focus on the pad: digit keys 0–9 then keep samples"),
            ),
            self.about: (self.tr("&About digitpad"), ""),
            self.zoom_in: (
                self.tr("Zoom &in"),
                self.tr("Larger text, pen and images, for a class at the back of the room"),
            ),
            self.zoom_out: (self.tr("Zoom &out"), self.tr("Smaller text, pen and images")),
            self.zoom_reset: (self.tr("&Actual size"), self.tr("Back to the normal size")),
            self.full_screen: (
                self.tr("&Full screen"),
                self.tr("Fill the screen (F11 again to leave)"),
            ),
            self.export_view: (
                self.tr("&Export the view as PNG…"),
                self.tr("Save the pad, the prediction and the chart as an image, with a caption"),
            ),
            self.copy_view: (
                self.tr("&Copy the view as an image"),
                self.tr("Copy the pad, the prediction and the chart to the clipboard, for slides"),
            ),
            self.judge_digits: (
                self.tr("Say when it is &not a digit"),
                self.tr(
                    "Off: always name the most likely digit, as a bare softmax does, "
                    "even for a dot or a star"
                ),
            ),
        }
        if self.inside is not None:
            texts[self.inside] = (
                self.tr("&Inside the network"),
                self.tr("Every layer's activations for the drawing, live"),
            )
        if self.lesson is not None:
            texts[self.lesson] = (
                self.tr("&Walk through the network"),
                self.tr("The course step by step on your drawing: every layer's arithmetic, live"),
            )
        for act, (text, tip) in texts.items():
            act.setText(text)
            act.setStatusTip(tip)
        self.languages[i18n.SYSTEM].setText(self.tr("Follow the &system"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))


def _distinct(*keys: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences for `keys` (a standard key may stand for several), each once."""
    found: list[QKeySequence] = []
    for key in keys:
        sequences = QKeySequence.keyBindings(key) if isinstance(key, Keys) else [QKeySequence(key)]
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found
