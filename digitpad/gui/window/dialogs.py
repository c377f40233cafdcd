"""The main window's dialogs: each made when first shown, then shown again as it was left.

One place knows how a dialog is made, wired to the window's collaborators and
shown (a job's dialog beside the pad, the others where the window manager puts
them), so `MainWindow` only lays out and wires its own widgets. It is handed
what it uses (the settings, the backend, the model in use, the job coordinator,
the sample keeper and the pad), never the window class itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow

from digitpad import __version__
from digitpad.core.files import shown
from digitpad.core.i18n import chance
from digitpad.core.layers.values import ordinal
from digitpad.gui.errors import describe_error
from digitpad.gui.messages import about, confirmed, warn
from digitpad.gui.runtime import run_in_background
from digitpad.gui.wheel import guard_wheels
from digitpad.gui.window.model_in_use import keras_path
from digitpad.gui.window.placement import fit_on_screen, show_beside

if TYPE_CHECKING:
    from digitpad.core.network.summary import ModelSummary
    from digitpad.core.training.evaluation import Mistake
    from digitpad.gui.backend import Backend
    from digitpad.gui.jobs.coordinator import JobCoordinator
    from digitpad.gui.jobs.evaluate_dialog import EvaluateDialog
    from digitpad.gui.jobs.finetune_dialog import FinetuneDialog
    from digitpad.gui.jobs.outcomes import FinetuneOutcome, TrainOutcome
    from digitpad.gui.jobs.train_dialog import TrainDialog
    from digitpad.gui.library.models_dialog import ModelsDialog
    from digitpad.gui.library.runs_dialog import RunsDialog
    from digitpad.gui.library.samples_dialog import SamplesDialog
    from digitpad.gui.library.summary_dialog import SummaryDialog
    from digitpad.gui.pad.canvas import Canvas
    from digitpad.gui.pad.sample_keeper import SampleKeeper
    from digitpad.gui.settings import Settings
    from digitpad.gui.window.model_in_use import ModelInUse

STATUS_MS = 10_000  # how long a dialog's status line stays in the window's status bar


def show_dialog(dialog: QDialog) -> None:
    """Show `dialog` (again), in front and active, and no larger than its screen's room; its
    fields take the mouse wheel only once focused (it scrolls the dialog until then)."""
    if not dialog.isVisible():
        fit_on_screen(dialog)
        guard_wheels(dialog)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()


class WindowDialogs(QObject):
    """The window's dialogs (None until first shown) and how each is shown."""

    train_made = Signal(object)  # the Train dialog, once made (its runs are read live)

    def __init__(
        self,
        window: QMainWindow,
        settings: Settings,
        backend: Backend,
        model: ModelInUse,
        jobs: JobCoordinator,
        samples: SampleKeeper,
        canvas: Canvas,
    ) -> None:
        super().__init__(window)
        self.window = window  # the dialogs' parent, and its status bar
        self.settings, self.backend = settings, backend  # what a job's dialog is made with
        self.model, self.jobs = model, jobs  # the model in use; one model job at a time
        self.samples, self.canvas = samples, canvas  # the pad a dialog keeps clear, shows on
        self.train_dialog: TrainDialog | None = None
        self.finetune_dialog: FinetuneDialog | None = None
        self.evaluate_dialog: EvaluateDialog | None = None
        self.summary_dialog: SummaryDialog | None = None
        self.samples_dialog: SamplesDialog | None = None
        self.runs_dialog: RunsDialog | None = None
        self.models_dialog: ModelsDialog | None = None

    def all(self) -> list[QDialog]:
        """The dialogs made so far."""
        made = (
            self.train_dialog,
            self.summary_dialog,
            self.evaluate_dialog,
            self.finetune_dialog,
            self.samples_dialog,
            self.runs_dialog,
            self.models_dialog,
        )
        return [dialog for dialog in made if dialog is not None]

    def _show_beside_pad(self, dialog: QDialog) -> None:
        """A job's dialog: placed beside the pad and the prediction, which stay in sight and
        usable (a maximized window makes room while it shows)."""
        if not dialog.isVisible():
            keep_clear = self.window.centralWidget() or self.canvas
            show_beside(dialog, self.window, keep_clear)
        show_dialog(dialog)

    @Slot(str)
    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, STATUS_MS)

    # Models --------------------------------------------------------------------------------

    @Slot()
    def show_models(self) -> None:
        """Model ▸ Load model…: the models list; a bad file gets a clear message and the
        current model stays."""
        if self.models_dialog is None:
            from digitpad.gui.library.models_dialog import ModelsDialog

            self.models_dialog = ModelsDialog(self.model.path, self.window)
            self.models_dialog.chosen.connect(self.model.load)
            self.models_dialog.renamed.connect(self.model.renamed)
        else:
            self.models_dialog.reload()
        show_dialog(self.models_dialog)

    @Slot()
    def show_save_model(self) -> None:
        """Model ▸ Save model as…: a file dialog, then the model in use saved in the background."""
        predictor = self.model.predictor
        if predictor is None:
            return
        # A model read from a legacy .h5 is saved as a .keras of the same name.
        suggested = predictor.path.stem + ".keras" if predictor.path else "digitpad-model.keras"
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.tr("Save the model as"), suggested, self.tr("Keras models (*.keras)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() in (".h5", ".hdf5"):  # Save As writes .keras only
            target = target.with_suffix(".keras")
        target = keras_path(target)
        # The file dialog asked before replacing the name typed, not the one written.
        if (
            target != Path(path)
            and target.exists()
            and not confirmed(
                self.window,
                self.tr("Replace the model?"),
                self.tr("{name} already exists. Replace it?").format(name=target.name),
            )
        ):
            return
        status = self.window.statusBar()
        status.showMessage(self.tr("Saving {name}…").format(name=shown(target.name)))
        self.model.save_as(
            target,
            on_saved=lambda saved: status.showMessage(
                self.tr("Saved the model to {path}").format(path=shown(saved)), 8000
            ),
            on_error=self._on_save_failed,
        )

    def _on_save_failed(self, exc: Exception) -> None:
        self.window.statusBar().clearMessage()
        warn(self.window, self.tr("Could not save the model"), describe_error(exc, "saving"))

    @Slot()
    def show_train(self) -> None:
        if self.train_dialog is None:
            from digitpad.gui.jobs.train_dialog import TrainDialog

            self.train_dialog = TrainDialog(
                self.settings, self.window, self.backend, lambda: self.model.predictor
            )
            self.train_dialog.model_trained.connect(self._on_model_trained)
            # "The model in use (…), trained further" names the model in use, also when it
            # changes while the dialog is open.
            self.model.changed.connect(self.train_dialog.start_box.refresh)
            self.train_dialog.status.connect(self._status)
            self.jobs.add_dialog("train", self.train_dialog)
            self.train_made.emit(self.train_dialog)
        self._show_beside_pad(self.train_dialog)

    @Slot()
    def show_finetune(self) -> None:
        if self.finetune_dialog is None:
            from digitpad.gui.jobs.finetune_dialog import FinetuneDialog

            dialog = FinetuneDialog(
                self.settings, lambda: self.model.predictor, self.window, self.backend
            )
            dialog.model_finetuned.connect(self._on_model_trained)
            dialog.status.connect(self._status)
            self.jobs.add_dialog("finetune", dialog)
            self.finetune_dialog = dialog
        self.finetune_dialog.show_counts(self.samples.counts)
        self._show_beside_pad(self.finetune_dialog)

    @Slot(object)
    def _on_model_trained(self, outcome: TrainOutcome | FinetuneOutcome) -> None:
        if not self.model.shut_down:
            self.model.use(outcome.predictor)
            if self.runs_dialog is not None:
                self.runs_dialog.reload()  # the new run

    @Slot()
    def show_runs(self) -> None:
        """View ▸ Runs: compare the runs; "Use on the pad" loads one as Load model… does."""
        if self.runs_dialog is None:
            from digitpad.gui.library.runs_dialog import RunsDialog

            self.runs_dialog = RunsDialog(
                self.model.load, self.model.path, self.window, drawing=self._drawing
            )
        else:
            self.runs_dialog.reload()
        show_dialog(self.runs_dialog)

    def _drawing(self) -> np.ndarray | None:
        """The drawing on the pad as the network sees it (None: blank), for Runs' replay."""
        shown = getattr(self.window, "last_prediction", None)
        return None if shown is None else np.array(shown.input)

    def drawing_changed(self) -> None:
        """A new reading of the pad: an open Runs view replays the selected run on it."""
        if self.runs_dialog is not None and self.runs_dialog.isVisible():
            self.runs_dialog.replay.drawing_changed()

    # Samples ---------------------------------------------------------------------------------

    @Slot()
    def show_samples(self) -> None:
        if self.samples_dialog is None:
            from digitpad.gui.library.samples_dialog import SamplesDialog

            self.samples_dialog = SamplesDialog(self.window)
            self.samples_dialog.samples_changed.connect(self.samples.recount)
        else:
            self.samples_dialog.reload()
        show_dialog(self.samples_dialog)

    def reload_samples(self) -> None:
        """The samples changed on the pad: an open samples dialog shows them."""
        dialog = self.samples_dialog
        if dialog is not None and dialog.isVisible():
            dialog.reload()

    def show_counts(self, counts: list[int] | None) -> None:
        if self.finetune_dialog is not None:
            self.finetune_dialog.show_counts(counts)

    # Looking at the model ------------------------------------------------------------------------

    @Slot()
    def show_layer_summary(self) -> None:
        predictor = self.model.predictor
        if predictor is None:
            return
        run_in_background(
            self.backend.summarize,
            predictor,
            on_done=lambda summary: self._show_summary(predictor.path, summary),
            on_error=lambda exc: warn(
                self.window, self.tr("Layer summary"), describe_error(exc, "reading the model")
            ),
        )

    def _show_summary(self, path: Path | None, summary: ModelSummary) -> None:
        if self.model.shut_down:
            return
        if self.summary_dialog is None:
            from digitpad.gui.library.summary_dialog import SummaryDialog

            self.summary_dialog = SummaryDialog(self.window)
        self.summary_dialog.set_summary(summary, path)
        show_dialog(self.summary_dialog)

    @Slot()
    def show_evaluate(self) -> None:
        if self.evaluate_dialog is None:
            from digitpad.gui.jobs.evaluate_dialog import EvaluateDialog

            dialog = EvaluateDialog(
                self.settings, lambda: self.model.predictor, self.window, self.backend
            )
            dialog.image_chosen.connect(self._on_mistake_chosen)
            self.evaluate_dialog = dialog
        self._show_beside_pad(self.evaluate_dialog)

    @Slot(object, object)
    def _on_mistake_chosen(self, image: np.ndarray, mistake: Mistake) -> None:
        self.canvas.show_image(image)
        self._status(
            self.tr(
                "Test image {index}: a {label} the network read as {predicted} ({percent})"
            ).format(
                index=ordinal(mistake.index),
                label=mistake.label,
                predicted=mistake.predicted,
                percent=chance(mistake.confidence),
            )
        )

    @Slot()
    def show_about(self) -> None:
        about(
            self.window,
            self.tr("About digitpad"),
            f"<h3>digitpad {__version__}</h3>"
            + self.tr(
                "<p>Draw a digit and watch the classic Keras MNIST CNN recognize it: the ten "
                "softmax probabilities update as you draw.</p>"
                "<p>Walk through the network layer by layer on your own drawing, as the course "
                "teaches it (View ▸ Walk through the network), or see every layer's "
                "activations at once (View ▸ Inside the network).</p>"
                "<p>Train the network yourself (Model ▸ Train model…), compare your runs "
                "(View ▸ Runs…) and read its layer table (Model ▸ Layer summary…).</p>"
                "<p>MIT licence.</p>",
            ),
        )

    # Closing -------------------------------------------------------------------------------------

    def close_all(self) -> None:
        """The window closes: the evaluation stops (within one batch) and every dialog hides."""
        if self.evaluate_dialog is not None:
            self.evaluate_dialog.stop_and_wait(5.0)
        for dialog in self.all():
            dialog.hide()
