"""The main window: the pad, the live prediction, and the Model menu.

Importing this module must not import TensorFlow (checked by a test): the
window is built and shown first, then the model loads on a worker thread
while the status bar says so. Everything that touches TensorFlow (loading,
predicting, training, saving, summarizing) happens in `workers`; this module
only wires widgets to them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledSlider
from superqt.utils import qthrottled

from digitpad import __version__
from digitpad.core.paths import bundled_model_path
from digitpad.gui import i18n
from digitpad.gui.canvas import Canvas
from digitpad.gui.inside_view import InsideView
from digitpad.gui.network_input import NetworkInputView
from digitpad.gui.probability_chart import ProbabilityChart
from digitpad.gui.settings import PEN_RANGE, Settings
from digitpad.gui.workers import (
    PredictionService,
    TrainOutcome,
    describe_error,
    load_predictor,
    run_in_background,
    save_predictor_model,
    summarize_predictor,
)

if TYPE_CHECKING:
    from digitpad.core.evaluation import Mistake
    from digitpad.core.model import ModelSummary
    from digitpad.core.predictor import Prediction, Predictor
    from digitpad.gui.evaluate_dialog import EvaluateDialog
    from digitpad.gui.finetune_dialog import FinetuneDialog
    from digitpad.gui.job_dialog import JobDialog
    from digitpad.gui.samples_dialog import SamplesDialog
    from digitpad.gui.summary_dialog import SummaryDialog
    from digitpad.gui.train_dialog import TrainDialog

THROTTLE_MS = 25  # at most ~40 drawings a second go to the predictor while a stroke is drawn
CLOSE_TIMEOUT_MS = 10_000  # closing waits (live) this long for training/fine-tuning to stop
BLANK = "–"


class MainWindow(i18n.Retranslating, QMainWindow):
    """Draw a digit, see what the network makes of it; train and inspect it from the menu."""

    predictor_changed = Signal(object)  # the Predictor now in use
    prediction_shown = Signal(object)  # the Prediction now displayed, or None (blank pad)
    announced = Signal(str)  # what was just announced to screen readers

    def __init__(
        self,
        model_path: Path | str | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("digitpad")
        self._announced_digit: int | None = None
        # The name of the model being loaded ("": the default one), None when not loading.
        self._loading: str | None = ""
        self.settings = settings or Settings()
        self._model_arg = Path(model_path).expanduser() if model_path else None
        self._predictor: Predictor | None = None
        self.last_prediction: Prediction | None = None
        self._load_generation = 0
        self._closing = False
        self._force_close = False
        self._shut_down = False
        self.train_dialog: TrainDialog | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.evaluate_dialog: EvaluateDialog | None = None
        self.finetune_dialog: FinetuneDialog | None = None
        self.samples_dialog: SamplesDialog | None = None
        self._running_jobs: set[JobDialog] = set()  # train/fine-tune dialogs whose job runs
        self.sample_counts: list[int] | None = None  # per digit; None until counted
        self._widened_for_inside_view = False

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self.retranslate()

        self.service = PredictionService(self)
        self.service.predicted.connect(self._show_prediction)
        self.service.inspected.connect(self.inside_view.show_inspection)
        self.inside_view.visibilityChanged.connect(self._on_inside_view_visible)
        self.service.failed.connect(lambda message: self.statusBar().showMessage(message, 5000))
        # Leading and trailing: the first move predicts at once, the last one is never lost.
        self._send_drawing = qthrottled(
            self._request_prediction, timeout=THROTTLE_MS, leading=True, parent=self
        )
        self.canvas.changed.connect(self._on_drawing_changed)

        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1060, 620)
        self.service.start()
        run_in_background(_count_samples, on_done=self._on_counted, on_error=self._on_count_failed)
        # Runs once the event loop does, i.e. after the window has been shown.
        QTimer.singleShot(0, self._load_initial_model)

    # Widgets -------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.canvas = Canvas(pen_width=self.settings.pen_width)

        self.pen_width = QLabeledSlider(Qt.Orientation.Horizontal)
        self.pen_width.setObjectName("pen_width")
        self.pen_width.setRange(*PEN_RANGE)
        self.pen_width.setValue(self.canvas.pen_width)
        self.pen_width.valueChanged.connect(self._on_pen_width)
        self.pen_width.setMinimumWidth(100)  # a narrow window squeezes the other widgets first
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo_button")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clear_button")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.pen_label = QLabel()
        self.pen_label.setBuddy(self.pen_width)

        controls = QHBoxLayout()
        controls.addWidget(self.pen_label)
        controls.addWidget(self.pen_width, 1)
        controls.addWidget(self.undo_button)
        controls.addWidget(self.clear_button)
        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addLayout(controls)

        self.prediction = QLabel(BLANK)
        self.prediction.setObjectName("prediction")
        self.prediction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.font())
        big.setPointSize(80)
        big.setBold(True)
        self.prediction.setFont(big)
        self.prediction.setMinimumWidth(150)
        self.prediction.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.prediction.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader can land on it
        self.confidence = QLabel("")
        self.confidence.setObjectName("confidence")
        self.confidence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.network_input = NetworkInputView()

        self.prediction_caption = _caption()
        self.input_caption = _caption()
        prediction_box = QVBoxLayout()
        prediction_box.addWidget(self.prediction_caption)
        prediction_box.addWidget(self.prediction, 1)
        prediction_box.addWidget(self.confidence)
        input_box = QVBoxLayout()
        input_box.addWidget(self.input_caption)
        input_box.addWidget(self.network_input, 1)
        top = QHBoxLayout()
        top.addLayout(prediction_box, 1)
        top.addLayout(input_box, 1)

        self.probability_chart = ProbabilityChart()
        self.probability_chart.digit_clicked.connect(self.save_sample)
        self.canvas.digit_key.connect(self.save_sample)
        self.samples_label = QLabel()
        self.samples_label.setObjectName("samples_label")
        self.samples_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.samples_label.setWordWrap(True)
        right = QVBoxLayout()
        right.addLayout(top, 2)
        right.addWidget(self.probability_chart, 3)
        right.addWidget(self.samples_label)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

        self.inside_view = InsideView(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inside_view)
        self.inside_view.hide()  # View ▸ Inside the network

        self.model_status = QLabel()
        self.model_status.setObjectName("model_status")
        self.statusBar().addWidget(self.model_status, 1)

    def _build_actions(self) -> None:
        """Every action has a shortcut, shown in the menus; texts are set in `retranslate`."""

        def action(name: str, slot, shortcut) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            self.addAction(act)  # shortcuts work even while the menu bar is hidden
            return act

        keys = QKeySequence.StandardKey
        self.action_train = action("action_train", self.show_train_dialog, "Ctrl+T")
        self.action_finetune = action("action_finetune", self.show_finetune_dialog, "Ctrl+Shift+T")
        self.action_samples = action("action_samples", self.show_samples_dialog, "Ctrl+M")
        self.action_load_model = action("action_load_model", self.choose_model_file, keys.Open)
        self.action_save_model = action("action_save_model", self.save_model_as, "Ctrl+Shift+S")
        self.action_reset_model = action("action_reset_model", self.reset_to_bundled, "Ctrl+R")
        self.action_layer_summary = action(
            "action_layer_summary", self.show_layer_summary, "Ctrl+L"
        )
        self.action_evaluate = action("action_evaluate", self.show_evaluate_dialog, "Ctrl+E")
        self.action_inside_view = self.inside_view.toggleViewAction()
        self.action_inside_view.setObjectName("action_inside_view")
        self.action_inside_view.setShortcut(QKeySequence("Ctrl+I"))
        self.addAction(self.action_inside_view)
        self.action_quit = action("action_quit", self.close, "Ctrl+Q")
        self.action_undo = action("action_undo", self.canvas.undo, keys.Undo)
        self.action_clear = action("action_clear", self.canvas.clear, "Esc")
        self.action_focus_pad = action("action_focus_pad", self._focus_pad, "Ctrl+D")
        self.action_about = action("action_about", self.show_about, "F1")
        for act in (self.action_save_model, self.action_layer_summary, self.action_evaluate):
            act.setEnabled(False)  # until a model is loaded

        # View ▸ Language: each language named in itself; the choice applies at once.
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in (i18n.SYSTEM, *i18n.LANGUAGE_NAMES):
            act = QAction(i18n.LANGUAGE_NAMES.get(code, ""), self.language_group)
            act.setObjectName(f"action_language_{code}")
            act.setCheckable(True)
            act.setChecked(code == self.settings.language)
            act.triggered.connect(partial(self.set_language, code))
            self.language_actions[code] = act
        if self.language_group.checkedAction() is None:
            self.language_actions[i18n.SYSTEM].setChecked(True)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.model_menu = bar.addMenu("")
        self.model_menu.addAction(self.action_train)
        self.model_menu.addAction(self.action_finetune)
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.action_load_model)
        self.model_menu.addAction(self.action_save_model)
        self.model_menu.addAction(self.action_reset_model)
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.action_layer_summary)
        self.model_menu.addAction(self.action_evaluate)
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.action_quit)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.action_undo)
        self.edit_menu.addAction(self.action_clear)
        self.edit_menu.addAction(self.action_focus_pad)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.action_inside_view)
        self.view_menu.addAction(self.action_samples)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.setObjectName("language_menu")
        self.language_menu.addActions(self.language_group.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.action_about)

    def retranslate(self) -> None:
        """Every text the window shows, in the current language (re-run on a switch)."""
        self.pen_width.setToolTip(self.tr("Pen width in pixels"))
        self.pen_label.setText(self.tr("&Pen width:"))
        self.undo_button.setText(self.tr("Undo stroke"))
        self.undo_button.setToolTip(self.tr("Remove the last stroke (Ctrl+Z)"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Erase the pad (Esc)"))
        self.prediction_caption.setText(self.tr("Prediction"))
        self.input_caption.setText(self.tr("What the network sees (28×28)"))
        self.prediction.setToolTip(self.tr("The digit the network finds most likely"))
        self.samples_label.setToolTip(
            self.tr(
                "Your own examples per digit. Wrong prediction? Press the right digit key on the "
                "pad (or click its column above) to keep the drawing as an example of it."
            )
        )
        texts = {
            self.action_train: (
                self.tr("&Train model…"),
                self.tr("Train the network on MNIST yourself"),
            ),
            self.action_finetune: (
                self.tr("&Fine-tune on my samples…"),
                self.tr("Teach the model your handwriting from the samples you kept"),
            ),
            self.action_samples: (
                self.tr("My &samples…"),
                self.tr("The drawings you kept as examples: delete, relabel, export, import"),
            ),
            self.action_load_model: (self.tr("&Load model…"), self.tr("Use a .keras model file")),
            self.action_save_model: (
                self.tr("&Save model as…"),
                self.tr("Save the model in use to a .keras file"),
            ),
            self.action_reset_model: (
                self.tr("&Reset to bundled model"),
                self.tr("Go back to the pretrained model that comes with digitpad"),
            ),
            self.action_layer_summary: (
                self.tr("Layer &summary…"),
                self.tr("The layers of the model in use and their parameters"),
            ),
            self.action_evaluate: (
                self.tr("&Evaluate on test set…"),
                self.tr("Accuracy, confusion matrix and mistakes on the 10,000 MNIST test images"),
            ),
            self.action_inside_view: (
                self.tr("&Inside the network"),
                self.tr("Every layer's activations for the drawing, live"),
            ),
            self.action_quit: (self.tr("&Quit"), ""),
            self.action_undo: (self.tr("&Undo stroke"), self.tr("Remove the last stroke")),
            self.action_clear: (self.tr("&Clear pad"), self.tr("Erase the pad")),
            self.action_focus_pad: (
                self.tr("&Focus the pad"),
                self.tr("Put the keyboard focus on the pad: digit keys 0–9 then keep samples"),
            ),
            self.action_about: (self.tr("&About digitpad"), ""),
        }
        for act, (text, tip) in texts.items():
            act.setText(text)
            act.setStatusTip(tip)
        self.language_actions[i18n.SYSTEM].setText(self.tr("Follow the &system"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.prediction.setAccessibleName(self.tr("Prediction"))
        self.confidence.setAccessibleName(self.tr("Confidence"))
        # State-dependent texts: said again from the state, in the new language.
        if self.sample_counts is None:
            self.samples_label.setText(self.tr("My samples: counting…"))
        else:
            self._set_sample_counts(self.sample_counts)
        self._show_prediction(self.last_prediction, announce=False)
        self._show_model_status()

    def set_language(self, choice: str) -> None:
        """View ▸ Language: switch now ("system" follows the system) and remember it."""
        self.settings.language = choice
        self.settings.sync()
        i18n.apply_language(i18n.resolve(choice))
        self.language_actions[choice].setChecked(True)

    def _focus_pad(self) -> None:
        self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Drawing and prediction ----------------------------------------------------------------------

    @property
    def predictor(self) -> Predictor | None:
        """The predictor in use (None while the first model is loading)."""
        return self._predictor

    def _on_pen_width(self, value: int) -> None:
        self.canvas.set_pen_width(value)
        self.settings.pen_width = value

    def _on_drawing_changed(self) -> None:
        if self.canvas.is_blank():
            self._send_drawing.cancel()
            self.service.clear()
            self._show_prediction(None)
        else:
            self._send_drawing()
            if self._predictor is None:
                self.confidence.setText(self.tr("Waiting for the model…"))

    def _request_prediction(self) -> None:
        if self._shut_down or self.canvas.is_blank():
            return
        shown = self.canvas.shown_image()  # a test image, already framed as MNIST frames digits
        if shown is not None:
            self.service.request(shown, framed=True)
        else:
            self.service.request(self.canvas.to_array())

    def show_test_image(self, image: np.ndarray) -> None:
        """Put a (28, 28) uint8 MNIST image on the pad and recognize it."""
        self.canvas.show_image(image)

    def _on_inside_view_visible(self, visible: bool) -> None:
        self.service.set_inspecting(visible)
        if visible and not self._widened_for_inside_view and not self.isMaximized():
            self._widened_for_inside_view = True  # make room once rather than squash the pad
            screen = self.screen().availableGeometry() if self.screen() else None
            width = self.width() + self.inside_view.sizeHint().width()
            if screen is not None:
                width = min(width, screen.width())
            self.resize(width, self.height())

    def _show_prediction(self, prediction: Prediction | None, announce: bool = True) -> None:
        self.last_prediction = prediction
        if prediction is None:
            self.prediction.setText(BLANK)
            self.confidence.setText("")
            self.prediction.setAccessibleDescription(self.tr("The pad is blank: draw a digit."))
            self.probability_chart.set_probabilities(None)
            self.network_input.set_image(None)
            self.inside_view.show_inspection(None)
            self._announced_digit = None
        else:
            sure = self.tr("{percent} % sure").format(percent=f"{100 * prediction.confidence:.1f}")
            self.prediction.setText(str(prediction.digit))
            self.confidence.setText(sure)
            said = self.tr("The network reads {digit}, {sure}.").format(
                digit=prediction.digit, sure=sure
            )
            self.prediction.setAccessibleDescription(said)
            self.probability_chart.set_probabilities(prediction.probabilities)
            self.network_input.set_image(prediction.input)
            if announce and prediction.digit != self._announced_digit:
                self._announce(said)  # only when the reading changes, not on every stroke
                self._announced_digit = prediction.digit
        self.prediction_shown.emit(prediction)

    def _announce(self, message: str) -> None:
        """Have a screen reader say `message` (politely, after what it is saying now)."""
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.prediction, message))
        self.announced.emit(message)

    # The user's samples -------------------------------------------------------------------------

    def save_sample(self, digit: int) -> None:
        """Keep what is on the pad as an example of `digit` (a digit key, a chart click)."""
        from digitpad.core.samples import SampleError, SampleStore

        if self.canvas.is_blank():
            self.statusBar().showMessage(
                self.tr(
                    "The pad is blank: draw a {digit} first, then press {digit} to keep it."
                ).format(digit=digit),
                8000,
            )
            return
        try:
            SampleStore().add(self.canvas.to_array(), digit)
        except (SampleError, OSError) as exc:  # a failed write: the store says where and why
            QMessageBox.warning(
                self, self.tr("Could not save the sample"), describe_error(exc, "saving")
            )
            return
        counts = self.sample_counts
        if counts is None:
            counts = _count_samples()
        else:
            counts[digit] += 1
        self._set_sample_counts(counts)
        if self.samples_dialog is not None and self.samples_dialog.isVisible():
            self.samples_dialog.reload()
        n = self.sample_counts[digit]
        self.statusBar().showMessage(
            self.tr("Saved as an example of {digit} · %n sample(s) of {digit}", "", n).format(
                digit=digit
            ),
            8000,
        )

    def _on_counted(self, counts: list[int]) -> None:
        if self.sample_counts is None and not self._shut_down:  # a save may have counted already
            self._set_sample_counts(counts)

    def _on_count_failed(self, exc: Exception) -> None:
        """Counting failed as a whole (bad files are skipped): never stay at "counting…"."""
        if self.sample_counts is None and not self._shut_down:
            self._set_sample_counts([0] * 10)
            self.statusBar().showMessage(describe_error(exc, "working"), 8000)

    def _set_sample_counts(self, counts) -> None:
        self.sample_counts = [int(c) for c in counts]
        total = sum(self.sample_counts)
        per_digit = "  ".join(f"{d}: {c}" for d, c in enumerate(self.sample_counts))
        self.samples_label.setText(
            self.tr("My samples ({total}):  {per_digit}").format(total=total, per_digit=per_digit)
        )
        if self.finetune_dialog is not None:
            self.finetune_dialog.show_counts(self.sample_counts)

    def refresh_sample_counts(self) -> None:
        self._set_sample_counts(_count_samples())

    # Models ------------------------------------------------------------------------------------

    def _load_initial_model(self) -> None:
        if self._shut_down:
            return
        if self._model_arg is not None:  # --model: the user's explicit choice
            self._start_load(self._model_arg, announce=True, fallback=True)
            return
        remembered = self.settings.last_model
        self._start_load(remembered, announce=remembered is None, fallback=True, remember=False)

    def _start_load(
        self, path: Path | None, *, announce: bool, fallback: bool, remember: bool = True
    ) -> None:
        """Load `path` (None: the default model) in the background; swap it in when ready."""
        self._load_generation += 1
        generation = self._load_generation
        self._loading = path.name if path is not None else ""
        self._show_model_status()
        run_in_background(
            load_predictor,
            path,
            on_done=partial(self._on_model_loaded, generation, remember),
            on_error=partial(self._on_model_failed, generation, path, announce, fallback),
        )

    def _on_model_loaded(self, generation: int, remember: bool, predictor: Predictor) -> None:
        if generation != self._load_generation or self._shut_down:
            return  # a newer load or a trained model superseded this one
        self._use_predictor(predictor, remember=remember)

    def _on_model_failed(
        self, generation: int, path: Path | None, announce: bool, fallback: bool, exc: Exception
    ) -> None:
        if generation != self._load_generation or self._shut_down:
            return
        self._loading = None
        message = describe_error(exc, "loading the model")
        if announce:
            QMessageBox.warning(self, self.tr("Could not load the model"), message)
        if fallback and path is not None:
            self._start_load(None, announce=True, fallback=False, remember=False)
            return
        self._show_model_status()
        if self._predictor is None:
            self.statusBar().showMessage(message)

    def _use_predictor(self, predictor: Predictor, *, remember: bool = True) -> None:
        self._predictor = predictor
        self._loading = None
        self.service.set_predictor(predictor)  # also re-predicts what is on the pad
        if remember and predictor.path is not None:
            self.settings.last_model = predictor.path
        for act in (self.action_save_model, self.action_layer_summary, self.action_evaluate):
            act.setEnabled(True)
        self._show_model_status()
        if self.last_prediction is None and not self.canvas.is_blank():
            self.confidence.setText("")
        self.predictor_changed.emit(predictor)

    def _predictor_name(self) -> str:
        predictor = self._predictor
        if predictor is None or predictor.path is None:
            return self.tr("no model")
        if _same_file(predictor.path, bundled_model_path()):
            return self.tr("{name} (bundled)").format(name=predictor.path.name)
        return predictor.path.name

    def _show_model_status(self) -> None:
        """The status bar's model line: loading, the model in use, or how to get one."""
        predictor = self._predictor
        if self._loading is not None:
            name = self._loading or self.tr("the model")
            if predictor is None:
                text = self.tr("Loading {name}…").format(name=name)
            else:
                text = self.tr("Loading {name}… (still using {current})").format(
                    name=name, current=self._predictor_name()
                )
            self.model_status.setText(text)
            return
        if predictor is None:
            self.model_status.setText(
                self.tr("No model loaded: use Model ▸ Load model… or Model ▸ Train model…")
            )
            return
        text = self.tr("Model: {name}").format(name=self._predictor_name())
        if predictor.test_accuracy is not None:
            text += self.tr(" · test accuracy {percent} %").format(
                percent=f"{100 * predictor.test_accuracy:.2f}"
            )
        self.model_status.setText(text)
        self.model_status.setToolTip(str(predictor.path or ""))

    def choose_model_file(self) -> None:
        """Model ▸ Load model…: a bad file gets a clear message and the current model stays."""
        start = str(self._predictor.path.parent) if self._predictor and self._predictor.path else ""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Load a model"),
            start,
            self.tr("Keras models (*.keras);;All files (*)"),
        )
        if path:
            self.load_model(Path(path))

    def load_model(self, path: Path) -> None:
        """Load `path` in the background; on failure say why and keep the current model."""
        self._start_load(Path(path), announce=True, fallback=False)

    def reset_to_bundled(self) -> None:
        self._start_load(bundled_model_path(), announce=True, fallback=False)

    def save_model_as(self) -> None:
        predictor = self._predictor
        if predictor is None:
            return
        suggested = predictor.path.name if predictor.path else "digitpad-model.keras"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the model as"), suggested, self.tr("Keras models (*.keras)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".keras":
            target = target.with_name(target.name + ".keras")
        self.statusBar().showMessage(self.tr("Saving {name}…").format(name=target.name))
        run_in_background(
            save_predictor_model,
            predictor,
            target,
            on_done=lambda saved: self.statusBar().showMessage(
                self.tr("Saved the model to {path}").format(path=saved), 8000
            ),
            on_error=self._on_save_failed,
        )

    def _on_save_failed(self, exc: Exception) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(
            self, self.tr("Could not save the model"), describe_error(exc, "saving")
        )

    # Dialogs -----------------------------------------------------------------------------------

    def show_train_dialog(self) -> None:
        if self.train_dialog is None:
            from digitpad.gui.train_dialog import TrainDialog

            dialog = TrainDialog(self.settings, self)
            dialog.model_trained.connect(self._on_model_trained)
            dialog.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            self.train_dialog = dialog
            self._watch_job(dialog)
        self.train_dialog.show()
        self.train_dialog.raise_()
        self.train_dialog.activateWindow()

    def _on_model_trained(self, outcome: TrainOutcome) -> None:
        if self._shut_down:
            return
        self._load_generation += 1  # a load still in flight must not replace the new model
        self._use_predictor(outcome.predictor)

    def show_finetune_dialog(self) -> None:
        if self.finetune_dialog is None:
            from digitpad.gui.finetune_dialog import FinetuneDialog

            dialog = FinetuneDialog(self.settings, lambda: self._predictor, self)
            dialog.model_finetuned.connect(self._on_model_trained)
            dialog.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            self.finetune_dialog = dialog
            self._watch_job(dialog)
        self.finetune_dialog.show_counts(self.sample_counts)
        self.finetune_dialog.show()
        self.finetune_dialog.raise_()
        self.finetune_dialog.activateWindow()

    def _model_job_dialogs(self) -> list[JobDialog]:
        """The open Train and Fine-tune dialogs: each makes and swaps in a new model."""
        return [d for d in (self.train_dialog, self.finetune_dialog) if d is not None]

    def _watch_job(self, dialog: JobDialog) -> None:
        """Training and fine-tuning each make and swap in a new model: one at a time."""
        dialog.job_started.connect(lambda: self._job_running(dialog, True))
        dialog.job_ended.connect(lambda: self._job_running(dialog, False))
        self._update_job_actions()  # a dialog opened while the other one's job runs waits

    def _job_running(self, dialog: JobDialog, running: bool) -> None:
        if running:
            self._running_jobs.add(dialog)
        else:
            self._running_jobs.discard(dialog)
        self._update_job_actions()

    def _update_job_actions(self) -> None:
        """Hold back starting one of training and fine-tuning while the other runs
        (Evaluate only reads the model in use: it may run beside either)."""
        training = self.train_dialog in self._running_jobs
        finetuning = self.finetune_dialog in self._running_jobs
        self.action_finetune.setEnabled(not training)
        self.action_train.setEnabled(not finetuning)
        if self.finetune_dialog is not None:
            self.finetune_dialog.set_blocked(
                self.tr("Training is running: fine-tune when it has finished.")
                if training
                else None
            )
        if self.train_dialog is not None:
            self.train_dialog.set_blocked(
                self.tr("Fine-tuning is running: train when it has finished.")
                if finetuning
                else None
            )

    def show_samples_dialog(self) -> None:
        if self.samples_dialog is None:
            from digitpad.gui.samples_dialog import SamplesDialog

            self.samples_dialog = SamplesDialog(self)
            self.samples_dialog.samples_changed.connect(self.refresh_sample_counts)
        else:
            self.samples_dialog.reload()
        self.samples_dialog.show()
        self.samples_dialog.raise_()
        self.samples_dialog.activateWindow()

    def show_layer_summary(self) -> None:
        predictor = self._predictor
        if predictor is None:
            return
        run_in_background(
            summarize_predictor,
            predictor,
            on_done=partial(self._show_summary, predictor.path),
            on_error=lambda exc: QMessageBox.warning(
                self, self.tr("Layer summary"), describe_error(exc, "reading the model")
            ),
        )

    def _show_summary(self, path: Path | None, summary: ModelSummary) -> None:
        if self._shut_down:
            return
        if self.summary_dialog is None:
            from digitpad.gui.summary_dialog import SummaryDialog

            self.summary_dialog = SummaryDialog(self)
        self.summary_dialog.set_summary(summary, path)
        self.summary_dialog.show()
        self.summary_dialog.raise_()

    def show_evaluate_dialog(self) -> None:
        if self.evaluate_dialog is None:
            from digitpad.gui.evaluate_dialog import EvaluateDialog

            dialog = EvaluateDialog(self.settings, lambda: self._predictor, self)
            dialog.image_chosen.connect(self._on_mistake_chosen)
            self.evaluate_dialog = dialog
        self.evaluate_dialog.show()
        self.evaluate_dialog.raise_()
        self.evaluate_dialog.activateWindow()

    def _on_mistake_chosen(self, image: np.ndarray, mistake: Mistake) -> None:
        self.show_test_image(image)
        self.statusBar().showMessage(
            self.tr(
                "Test image {index}: a {label} the network read as {predicted} ({percent} %)"
            ).format(
                index=mistake.index,
                label=mistake.label,
                predicted=mistake.predicted,
                percent=f"{100 * mistake.confidence:.1f}",
            ),
            10_000,
        )

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About digitpad"),
            f"<h3>digitpad {__version__}</h3>"
            + self.tr(
                "<p>Draw a digit and watch the classic Keras MNIST CNN recognize it: the ten "
                "softmax probabilities update as you draw.</p>"
                "<p>Train the network yourself (Model ▸ Train model…), look at its layers "
                "(Model ▸ Layer summary…) and inside it (View ▸ Inside the network).</p>"
                "<p>MIT licence.</p>"
            ),
        )

    # Closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing during training or fine-tuning stops it first (within a batch; nothing is
        kept), says so in the status bar, then closes for real; the GUI stays live meanwhile.
        A job that has not stopped after CLOSE_TIMEOUT_MS is left to stop on its own: the
        window closes without waiting for it (the app waits for its thread after that)."""
        running = [d for d in self._model_job_dialogs() if d.is_running()]
        if running and not self._force_close:
            if not self._closing:
                self._closing = True
                for dialog in running:
                    dialog.job_ended.connect(self.close)
                    dialog.cancel()
                if self.train_dialog in running:
                    self.statusBar().showMessage(self.tr("Stopping the training before closing…"))
                else:
                    self.statusBar().showMessage(
                        self.tr("Stopping the fine-tuning before closing…")
                    )
                QTimer.singleShot(CLOSE_TIMEOUT_MS, self._close_anyway)
            event.ignore()
            return
        self._shutdown()
        super().closeEvent(event)

    def _close_anyway(self) -> None:
        if self.isVisible():
            self._force_close = True
            self.close()

    def _shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self._send_drawing.cancel()
        self.settings.geometry = self.saveGeometry()
        self.settings.pen_width = self.canvas.pen_width
        self.settings.sync()
        self.service.shutdown(timeout=2.0)
        for dialog in self._model_job_dialogs():
            dialog.cancel()  # normally stopped already; never waited for here (no frozen GUI)
        if self.evaluate_dialog is not None:
            self.evaluate_dialog.stop_and_wait(5.0)  # ends within one batch of predictions
        dialogs = (
            self.train_dialog,
            self.summary_dialog,
            self.evaluate_dialog,
            self.finetune_dialog,
            self.samples_dialog,
        )
        for dialog in dialogs:
            if dialog is not None:
                dialog.hide()


def _count_samples() -> list[int]:
    from digitpad.core.samples import SampleStore

    return [int(c) for c in SampleStore().counts()]


def _caption() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
