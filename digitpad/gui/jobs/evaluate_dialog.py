"""Model ▸ Evaluate on test set…: accuracy, a clickable confusion matrix, the mistakes.

The 10,000 MNIST test images go through the model on a worker thread (MNIST
is loaded there too), with a progress bar and Cancel. The confusion matrix
counts, per true digit (row), what the network said (column); clicking a cell
shows only those mistakes. Clicking a mistake puts it on the pad. Progress,
Cancel and errors are `JobDialog`'s; closing this dialog stops the run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.files import shown
from digitpad.core.i18n import percent
from digitpad.core.progress import EvaluationProgress
from digitpad.gui.adaptive import SideBySide, VerticalScrollArea, fit_combo
from digitpad.gui.backend import Backend
from digitpad.gui.jobs.confusion_matrix import ConfusionMatrix
from digitpad.gui.jobs.job_dialog import JobDialog, remembered_data_source
from digitpad.gui.jobs.mistake_grid import MAX_SHOWN, MistakeGrid
from digitpad.gui.jobs.outcomes import EvaluationOutcome
from digitpad.gui.jobs.workers import EvaluationJob
from digitpad.gui.labels import plain
from digitpad.gui.zoom import follow_zoom, px, scaled_font

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.training.evaluation import Evaluation, Mistake
    from digitpad.gui.settings import Settings


class EvaluateDialog(JobDialog):
    """Run the model over the test set; browse its confusion matrix and mistakes."""

    image_chosen = Signal(object, object)  # (28, 28) uint8 test image, Mistake
    stop_on_close = True  # nothing to keep from a half-done evaluation

    def __init__(
        self,
        settings: Settings,
        predictor: Callable[[], Predictor | None],
        parent: QWidget | None = None,
        backend: Backend | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend or Backend()
        self.setObjectName("evaluate_dialog")
        self._settings = settings
        self._predictor = predictor
        self.job: EvaluationJob | None = None
        self.evaluation: Evaluation | None = None
        self._images: np.ndarray | None = None
        self._cell: tuple[int, int] | None = None

        self.source_label = plain(QLabel())  # a folder's name
        self.source_label.setWordWrap(True)
        self.run_button = self.start_button
        self.run_button.setObjectName("run_button")
        self.cancel_button.setObjectName("cancel_button")
        self.progress_bar.setObjectName("progress")
        self.progress_bar.setTextVisible(False)  # until the first images are counted
        self.stage_label.setObjectName("status")
        self.accuracy = QLabel("")
        self.accuracy.setObjectName("accuracy")
        scaled_font(self.accuracy, 1.3, bold=True)  # follows View ▸ Zoom

        self.matrix = ConfusionMatrix()
        self.matrix.cell_clicked.connect(self._on_cell)
        self.matrix_note = QLabel()
        self.matrix_note.setWordWrap(True)

        self.filter_label = QLabel("")
        self.filter_label.setObjectName("filter_label")
        self.all_button = QPushButton()
        self.all_button.setObjectName("all_button")
        self.all_button.clicked.connect(lambda: self._on_cell(None, None))
        self.sort = QComboBox()
        self.sort.setObjectName("sort")
        self.sort.addItem("", True)  # texts: retranslate
        self.sort.addItem("", False)
        self.sort.currentIndexChanged.connect(lambda _: self._show_mistakes())
        self.grid = MistakeGrid()
        self.grid.clicked.connect(self._on_mistake)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)

        def thumbnails_in_sight(_factor: float) -> None:
            cell = self.grid.cell_size()
            scroll.setMinimumSize(4 * cell.width() + 24, 2 * cell.height() + 4)

        follow_zoom(scroll, thumbnails_in_sight)
        follow_zoom(self.sort, lambda _factor: fit_combo(self.sort))

        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        matrix_side = QWidget()
        left = QVBoxLayout(matrix_side)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.accuracy)
        left.addWidget(self.matrix, 1)
        left.addWidget(self.matrix_note)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_label, 1)
        filters.addWidget(self.all_button)
        filters.addWidget(self.sort)
        mistakes_side = QWidget()
        right = QVBoxLayout(mistakes_side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(filters)
        right.addWidget(scroll, 1)
        self._grid_note = QLabel()
        self._grid_note.setWordWrap(True)
        right.addWidget(self._grid_note)
        # Side by side, or (beside the pad on a projector's screen) the mistakes below.
        body = SideBySide(matrix_side, mistakes_side, stretches=(1, 1))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.stage_label)
        layout.addWidget(VerticalScrollArea(body), 1)
        self.resize(px(980), px(620))  # at the zoom in effect; no larger than the screen
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Evaluate on the MNIST test set"))
        self.run_button.setText(self.tr("Evaluate"))
        self.progress_bar.setFormat(self.tr("%v / %m images"))
        self.matrix_note.setText(
            self.tr(
                "Rows: the true digit; columns: the network's answer. Green: right, red: "
                "mistakes; the stronger the colour, the more images. Click a cell to see them."
            )
        )
        self.all_button.setText(self.tr("All mistakes"))
        self.sort.setItemText(0, self.tr("Most confident first"))
        self.sort.setItemText(1, self.tr("Least confident first"))
        fit_combo(self.sort)  # the words of another language
        self._grid_note.setText(self.tr("Click an image to put it on the pad."))
        self._show_source()
        if self.evaluation is not None:  # the last good run's figures, shown until the next
            self._show_accuracy(self.evaluation)
            self._show_filter(len(self._picked_mistakes()))
        self._retranslate_state()
        self.matrix.update()  # its captions are painted
        self.grid.update()

    # Data source ---------------------------------------------------------------------------------

    def data_source(self) -> str | None:
        """The train dialog's remembered MNIST source: a path, or None for the Keras cache."""
        return remembered_data_source()

    def _show_source(self) -> None:
        source = self.data_source()
        where = shown(source) if source else self.tr("the Keras cache (downloaded once if missing)")
        self.source_label.setText(
            self.tr("Test images from {where} (the source chosen in Model ▸ Train model…).").format(
                where=where
            )
        )

    # Running -------------------------------------------------------------------------------------

    def start(self) -> None:
        if self.is_running():
            return
        predictor = self._predictor()
        if predictor is None:
            self._warn(self.tr("No model is loaded yet."), self.tr("Evaluate"))
            return
        self._show_source()
        self._start_job(EvaluationJob(predictor, self.data_source(), self.backend, parent=self))

    def _job_starting(self) -> None:
        self.progress_bar.setTextVisible(False)  # no "0 / 1 images" before the count is known

    def _on_event(self, event: object) -> None:
        if isinstance(event, EvaluationProgress):
            self.progress_bar.setRange(0, event.total)
            self.progress_bar.setValue(event.done)
            self.progress_bar.setTextVisible(True)

    def _show_ended(self, how: str) -> None:
        if how == "succeeded" and self.evaluation is not None:
            self.stage_label.setText(
                self.tr("Evaluated {count} test images.").format(
                    count=f"{len(self.evaluation.labels):,}"
                )
            )
        elif how == "cancelled":
            self.stage_label.setText(self.tr("Cancelled."))
        elif how == "failed":
            self.stage_label.setText(self.tr("Failed."))

    def _on_cancelled(self) -> None:
        self._show_ended("cancelled")

    def _on_failed(self, message: str) -> None:
        self._show_ended("failed")
        self._warn(message, self.tr("Could not evaluate the model"))

    def _on_succeeded(self, outcome: object) -> None:
        assert isinstance(outcome, EvaluationOutcome)
        evaluation = outcome.evaluation
        self.evaluation, self._images = evaluation, outcome.images
        self._show_accuracy(evaluation)
        self._show_ended("succeeded")
        self.matrix.set_matrix(evaluation.confusion)
        self._on_cell(None, None)

    def _show_accuracy(self, evaluation: Evaluation) -> None:
        total = len(evaluation.labels)
        wrong = int(total - np.trace(evaluation.confusion))
        self.accuracy.setText(
            self.tr("Accuracy {percent} · {wrong} of {total} wrong · loss {loss}").format(
                percent=percent(evaluation.accuracy, 2),
                wrong=f"{wrong:,}",
                total=f"{total:,}",
                loss=f"{evaluation.loss:.4f}",
            )
        )

    # Browsing ------------------------------------------------------------------------------------

    @Slot(int, int)
    def _on_cell(self, true: int | None, predicted: int | None) -> None:
        self._cell = None if true is None or predicted is None else (true, predicted)
        self.matrix.set_picked(self._cell)
        self._show_mistakes()

    def _picked_mistakes(self) -> list[Mistake]:
        """The last run's mistakes in the picked cell (all without one), in the chosen order."""
        if self.evaluation is None:
            return []
        if self._cell is None:
            mistakes = self.evaluation.mistakes()
        else:
            true, predicted = self._cell
            mistakes = self.evaluation.mistakes(label=true, predicted=predicted)
        if not self.sort.currentData():
            mistakes.reverse()
        return mistakes

    def _show_filter(self, count: int) -> None:
        """The line above the thumbnails: which mistakes, how many."""
        if self._cell is None:
            what = self.tr("All mistakes")
        else:
            true, predicted = self._cell
            what = self.tr("True {true}, predicted {predicted}").format(
                true=true, predicted=predicted
            )
            if true == predicted:
                what += self.tr(" (correct: no mistakes here)")
        text = self.tr("{what}: {count}").format(what=what, count=f"{count:,}")
        if count > MAX_SHOWN:
            text += self.tr(", first {shown} shown").format(shown=MAX_SHOWN)
        self.filter_label.setText(text)

    def _show_mistakes(self) -> None:
        if self.evaluation is None:
            return
        mistakes = self._picked_mistakes()
        self._show_filter(len(mistakes))
        self.grid.set_mistakes(mistakes, self._images)

    def test_image(self, index: int) -> np.ndarray | None:
        """Test image `index` of the last run ((28, 28) uint8), if there was one."""
        return None if self._images is None else self._images[index].copy()

    @Slot(object)
    def _on_mistake(self, mistake: Mistake) -> None:
        image = self.test_image(mistake.index)
        if image is not None:
            self.image_chosen.emit(image, mistake)
