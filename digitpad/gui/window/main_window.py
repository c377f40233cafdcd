"""The main window: the pad, the live prediction, and the menus that lead to everything else.

Importing this module must not import TensorFlow (checked by a test): the
window is built and shown first, then the model loads on a worker thread
while the status bar says so. This module only lays out widgets and wires
them: the model in use is `ModelInUse`'s, live prediction is
`PredictionService`'s, which model job may run and how closing waits for one
is `JobCoordinator`'s, and each dialog is its own module, made when first shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced, qthrottled

from digitpad.core.files import expanded
from digitpad.core.i18n import percent
from digitpad.gui import i18n
from digitpad.gui.adaptive import SideBySide
from digitpad.gui.backend import Backend
from digitpad.gui.experiments.connection import Experiments
from digitpad.gui.jobs.coordinator import CLOSE_TIMEOUT_MS, JobCoordinator
from digitpad.gui.labels import as_written, plain
from digitpad.gui.messages import warn
from digitpad.gui.pad.canvas import Canvas
from digitpad.gui.pad.prediction_panel import PredictionPanel
from digitpad.gui.pad.prediction_service import PredictionService
from digitpad.gui.pad.sample_keeper import SampleKeeper
from digitpad.gui.settings import PEN_RANGE, Settings
from digitpad.gui.window.actions import WindowActions
from digitpad.gui.window.classroom import Classroom
from digitpad.gui.window.dialogs import WindowDialogs
from digitpad.gui.window.docks import Docks
from digitpad.gui.window.model_in_use import ModelInUse
from digitpad.gui.window.undo_notice import UndoNotice
from digitpad.gui.window.watching import Watching
from digitpad.gui.zoom import largest_step, zoom

if TYPE_CHECKING:
    from digitpad.core.data.samples import Sample
    from digitpad.core.inference.prediction import Prediction
    from digitpad.core.inference.predictor import Predictor

THROTTLE_MS = 25  # at most ~40 drawings a second go to the predictor while a stroke is drawn


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
        *,
        backend: Backend | None = None,
        close_timeout_ms: int = CLOSE_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("digitpad")
        self.settings = settings or Settings()
        self.backend = backend or Backend()
        self._model_arg = expanded(model_path) if model_path else None
        self.is_shut_down = False  # set once on closing: late results are dropped

        self.model = ModelInUse(self.settings, self.backend, self)
        self.jobs = JobCoordinator(close_timeout_ms, self)
        # The application font, before any widget; no larger than this screen is offered (a
        # zoom remembered from a larger screen).
        zoom().set_factor(min(self.settings.zoom, max(1.0, largest_step())))
        self._build_widgets()
        self.samples = SampleKeeper(self.canvas, self)
        self.dialogs = WindowDialogs(
            self, self.settings, self.backend, self.model, self.jobs, self.samples, self.canvas
        )
        self.menu_actions = WindowActions(self, self.settings.language)
        self.menu_actions.add_inside(self.inside_dock.toggleViewAction(), self)
        self.menu_actions.add_lesson(self.lesson_dock.toggleViewAction(), self)
        self.menu_actions.build_menus(self.menuBar())
        self._connect_actions()
        self.classroom = Classroom(  # View ▸ Zoom, Full screen, Export, Copy
            self, self.menu_actions, self.canvas, self.settings, self.model, self.panel
        )
        self.samples.counts_changed.connect(self._on_sample_counts)
        self.samples.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.retranslate()

        self.service = PredictionService(self.backend, self)
        self.service.predicted.connect(self._show_prediction)
        self.service.inspected.connect(self.inside_dock.show_inspection)
        self.service.inspected.connect(self.lesson_dock.show_inspection)
        self.service.failed.connect(lambda message: self.statusBar().showMessage(message, 5000))
        sliders = (self.inside_dock.training_time, self.lesson_dock.training_time)
        # Which network reads the pad: training's (live), a snapshot's, the model in use.
        self.watching = Watching(self.service, sliders, self.model.name, self)
        self.watching.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.watching.reading.changed.connect(self._on_reading_changed)
        self.dialogs.train_made.connect(self.watching.follow)
        runs_follow = qdebounced(self.dialogs.drawing_changed, timeout=300, parent=self)
        self.prediction_shown.connect(lambda _p: runs_follow())  # Runs replays the drawing
        self.docks.visibility_changed.connect(  # a dock open: every layer, live
            lambda: self.service.set_inspecting(self.docks.any_visible())
        )
        # Try it on the network: the digit moved, maps off, a kernel edited (docks open only).
        self.experiments = Experiments(self.service, self.inside_dock, self.lesson_dock, self)
        self.watching.reading.changed.connect(  # no experiment sums per live reading
            lambda: self.experiments.worker.hold(self.watching.reading.live)
        )
        # Leading and trailing: the first move predicts at once, the last one is never lost.
        self._send_drawing = qthrottled(
            self._request_prediction, timeout=THROTTLE_MS, leading=True, parent=self
        )
        self.canvas.changed.connect(self._on_drawing_changed)
        self.model.changed.connect(self._on_model_changed)
        self.model.status_changed.connect(self._show_model_status)
        self.model.load_failed.connect(
            lambda message: warn(self, self.tr("Could not load the model"), message)
        )
        self.model.error.connect(self.statusBar().showMessage)
        self.jobs.status.connect(self.statusBar().showMessage)
        self.jobs.close_ready.connect(self.close)

        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1060, 620)
        self.service.start()
        self.samples.count()
        # Runs once the event loop does, i.e. after the window has been shown.
        QTimer.singleShot(0, self._load_initial_model)

    # Widgets -------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.canvas = Canvas(pen_width=self.settings.pen_width)

        # A plain slider and a label with its unit: superqt's labeled slider keeps the size
        # its number had at start-up, which View ▸ Zoom then clipped.
        self.pen_width = QSlider(Qt.Orientation.Horizontal)
        self.pen_width.setObjectName("pen_width")
        self.pen_width.setRange(*PEN_RANGE)
        self.pen_width.setValue(self.canvas.pen_width)
        self.pen_width.valueChanged.connect(self._on_pen_width)
        self.pen_width.setMinimumWidth(100)  # a narrow window squeezes the other widgets first
        self.pen_value = QLabel()
        self.pen_value.setObjectName("pen_value")
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undo_button")
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clear_button")
        self.clear_button.clicked.connect(self.canvas.clear)
        self.pen_label = QLabel()
        self.pen_label.setBuddy(self.pen_width)

        pen = QWidget()
        pen_row = QHBoxLayout(pen)
        pen_row.setContentsMargins(0, 0, 0, 0)
        pen_row.addWidget(self.pen_label)
        pen_row.addWidget(self.pen_width, 1)
        pen_row.addWidget(self.pen_value)
        buttons = QWidget()
        button_row = QHBoxLayout(buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        button_row.addStretch(1)
        button_row.addWidget(self.undo_button)
        button_row.addWidget(self.clear_button)
        self.pad_controls = SideBySide(pen, buttons, stretches=(1, 0))  # a narrow pad: 2 rows
        left = QVBoxLayout()
        left.addWidget(self.canvas, 1)
        left.addWidget(self.pad_controls)

        self.panel = PredictionPanel()
        self.panel.announced.connect(self.announced)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addLayout(left, 1)
        layout.addWidget(self.panel, 1)
        self.setCentralWidget(central)

        self.docks = Docks(self)  # View ▸ Inside the network, Walk through the network
        self.inside_dock, self.lesson_dock = self.docks.inside, self.docks.lesson

        self.model_status = plain(QLabel())  # a model's name is the user's (or a stranger's)
        self.model_status.setObjectName("model_status")
        # Permanent, on the right: a passing message ("Zoom 125 %") is written left of it,
        # never over it (a normal widget was left showing under messages).
        self.statusBar().addPermanentWidget(self.model_status)
        self.undo_notice = UndoNotice(self.statusBar())

    def _connect_actions(self) -> None:
        a = self.menu_actions
        slots = {
            a.train: self.dialogs.show_train,
            a.finetune: self.dialogs.show_finetune,
            a.samples: self.dialogs.show_samples,
            a.runs: self.dialogs.show_runs,
            a.load_model: self.dialogs.show_models,
            a.save_model: self.dialogs.show_save_model,
            a.reset_model: self.model.reset_to_bundled,
            a.layer_summary: self.dialogs.show_layer_summary,
            a.evaluate: self.dialogs.show_evaluate,
            a.quit: self.close,
            a.undo: self.canvas.undo,
            a.clear: self.canvas.clear,
            a.focus_pad: self._focus_pad,
            a.about: self.dialogs.show_about,
        }
        for act, slot in slots.items():
            act.triggered.connect(slot)
        a.connect_language(self.set_language)
        judging = self.settings.judging
        a.judge_digits.setChecked(judging)
        self.panel.set_judging(judging)
        a.judge_digits.toggled.connect(self.set_judging)
        self.jobs.add_action("train", a.train)
        self.jobs.add_action("finetune", a.finetune)
        self.panel.probability_chart.digit_clicked.connect(self.save_sample)
        self.canvas.digit_key.connect(self.save_sample)

    def retranslate(self) -> None:
        """Every text the window shows, in the current language (re-run on a switch)."""
        self.pen_width.setToolTip(
            self.tr(
                "Pen width in percent of the pad's width: a digit drawn on a large pad looks "
                "the same to the network as one drawn on a small pad"
            )
        )
        self.pen_label.setText(self.tr("&Pen width:"))
        self._show_pen_width()
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Take back the last stroke, or the clear (Ctrl+Z)"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Erase the pad (Esc); Undo brings it back"))
        self.menu_actions.retranslate()
        self._show_model_status()  # said again from the state, in the new language

    @Slot(str)
    def set_language(self, choice: str) -> None:
        """View ▸ Language: switch now ("system" follows the system) and remember it."""
        self.settings.language = choice
        self.settings.sync()
        i18n.apply_language(i18n.resolve(choice))
        self.menu_actions.languages[choice].setChecked(True)

    @Slot(bool)
    def set_judging(self, judging: bool) -> None:
        """Say "Not a digit?" when the judgement says so, or always name a digit (remembered)."""
        self.panel.set_judging(judging)
        self.settings.judging = judging
        self.settings.sync()

    @Slot()
    def _focus_pad(self) -> None:
        self.canvas.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # Drawing and prediction ----------------------------------------------------------------------

    @property
    def predictor(self) -> Predictor | None:
        """The predictor in use (None while the first model is loading)."""
        return self.model.predictor

    @Slot(int)
    def _on_pen_width(self, value: int) -> None:
        self.canvas.set_pen_width(value)
        self.settings.pen_width = value
        self._show_pen_width()

    def _show_pen_width(self) -> None:
        # The pen's width as a share of the pad, written as every percentage is (core's percent).
        self.pen_value.setText(percent(self.pen_width.value() / 100, 0))

    @Slot()
    def _on_drawing_changed(self) -> None:
        if self.canvas.is_blank():
            self._send_drawing.cancel()
            self.service.clear()
            self._show_prediction(None)
        else:
            self._send_drawing()
            if self.predictor is None:
                self.panel.set_waiting(True)

    def _request_prediction(self) -> None:
        if self.is_shut_down or self.canvas.is_blank():
            return
        shown = self.canvas.shown_image()  # a test image, already framed as MNIST frames digits
        if shown is not None:
            self.service.request(shown, framed=True)
        else:
            self.service.request(self.canvas.to_array())

    def show_test_image(self, image: np.ndarray) -> None:
        """Put a (28, 28) uint8 MNIST image on the pad and recognize it."""
        self.canvas.show_image(image)

    @property
    def last_prediction(self) -> Prediction | None:
        """The prediction shown (None: the pad is blank)."""
        return self.panel.shown

    @Slot(object)
    def _show_prediction(self, prediction: Prediction | None) -> None:
        self.panel.set_note(self.watching.note(prediction))  # a moment of training, if one
        self.panel.show_prediction(prediction)
        if prediction is None:
            self.inside_dock.show_inspection(None)
            self.lesson_dock.show_inspection(None)
        self.prediction_shown.emit(prediction)

    @Slot()
    def _on_reading_changed(self) -> None:
        if self.panel.shown is None:  # a blank pad: no reading will follow to say it
            self.panel.set_note(self.watching.note(None))

    # The user's samples -------------------------------------------------------------------------

    @Slot(int)
    def save_sample(self, digit: int) -> None:
        """Keep what is on the pad as an example of `digit` (a digit key, a chart click),
        saying so with an Undo: a click on a chart column is easily made by accident."""
        sample = self.samples.keep(digit)
        if sample is None:
            return
        self.undo_notice.offer(
            lambda: self.samples.kept_text(digit), lambda: self._forget_sample(sample)
        )
        self.dialogs.reload_samples()

    def _forget_sample(self, sample: Sample) -> None:
        if self.samples.forget(sample):
            self.dialogs.reload_samples()

    @property
    def sample_counts(self) -> list[int] | None:
        """Samples per digit (None until counted)."""
        return self.samples.counts

    @Slot()
    def _on_sample_counts(self) -> None:
        self.panel.show_counts(self.samples.counts)
        self.dialogs.show_counts(self.samples.counts)

    # Models ------------------------------------------------------------------------------------

    @Slot()
    def _load_initial_model(self) -> None:
        if not self.is_shut_down:
            self.model.load_initial(self._model_arg)

    @Slot(object)
    def load_model(self, path: Path) -> None:
        """Load `path` in the background; on failure say why and keep the current model."""
        self.model.load(Path(path))

    @Slot(object)
    def _on_model_changed(self, predictor: Predictor) -> None:
        self.experiments.fit_to(predictor)  # what of an experiment fits this model
        self.watching.set_model(predictor)  # reads the pad with it (unless training does)
        for act in self.menu_actions.needs_model:
            act.setEnabled(True)
        self.panel.set_waiting(False)
        self.predictor_changed.emit(predictor)

    @Slot()
    def _show_model_status(self) -> None:
        self.model_status.setText(self.model.status_text())
        predictor = self.predictor
        path = predictor.path if predictor is not None else None
        self.model_status.setToolTip(as_written(str(path)) if path is not None else "")

    # Closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing during training or fine-tuning stops it first (see `JobCoordinator`)."""
        if not self.jobs.may_close():
            event.ignore()
            return
        self._shutdown()
        super().closeEvent(event)

    def _shutdown(self) -> None:
        if self.is_shut_down:
            return
        self.is_shut_down = True
        self.model.shut_down = True
        self._send_drawing.cancel()
        self.settings.geometry = self.saveGeometry()
        self.settings.pen_width = self.canvas.pen_width
        self.settings.sync()
        self.service.shutdown(timeout=2.0)
        self.watching.live.stop()
        self.experiments.shutdown()
        self.jobs.stop_all()
        self.dialogs.close_all()
