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
from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui.job_dialog import JobDialog, remembered_data_source
from digitpad.gui.workers import BackgroundJob, import_tensorflow

if TYPE_CHECKING:
    from digitpad.core.data import MnistData
    from digitpad.core.evaluation import Evaluation, Mistake
    from digitpad.core.predictor import Predictor
    from digitpad.gui.settings import Settings


class EvaluationJob(BackgroundJob):
    """Loads MNIST (unless given) and evaluates on its own thread; `succeeded` carries
    (Evaluation, the test images (N, 28, 28) uint8), `progress` counts images."""

    progress = Signal(int, int)  # done, total
    doing = "evaluating on the test set"

    def __init__(
        self,
        predictor: Predictor,
        source: str | None,
        data: MnistData | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.predictor, self.source, self._data = predictor, source, data

    def _work(self) -> None:
        import_tensorflow()
        from digitpad.core.data import load_mnist
        from digitpad.core.evaluation import evaluate_test_set

        data = self._data
        if data is None and not self._stop.is_set():
            self.stage.emit(self.tr("Loading the MNIST test images…"))
            data = load_mnist(self.source)
        if data is None or self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(
            self.tr("Evaluating {count} test images…").format(count=f"{len(data.y_test):,}")
        )
        result = evaluate_test_set(
            self.predictor, data, progress=self.progress.emit, should_stop=self._stop.is_set
        )
        if result is None:
            self.cancelled.emit()
        else:
            self.succeeded.emit((result, data.x_test))


def _blend(low: QColor, high: QColor, t: float) -> QColor:
    return QColor(
        round(low.red() + (high.red() - low.red()) * t),
        round(low.green() + (high.green() - low.green()) * t),
        round(low.blue() + (high.blue() - low.blue()) * t),
    )


WHITE = QColor(255, 255, 255)
RIGHT = QColor(35, 120, 60)  # the diagonal: correct
WRONG = QColor(200, 40, 40)  # off the diagonal: mistakes
PICKED = QColor(255, 140, 0)


class ConfusionMatrix(QWidget):
    """10×10 counts, rows the true digit, columns the prediction; click a cell to pick it."""

    cell_clicked = Signal(int, int)  # true digit, predicted digit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusion_matrix")
        self.setMinimumSize(11 * 34, 11 * 30 + 20)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._matrix: np.ndarray | None = None
        self._picked: tuple[int, int] | None = None

    def set_matrix(self, matrix: np.ndarray | None) -> None:
        self._matrix = None if matrix is None else np.asarray(matrix)
        self._picked = None
        self.update()

    def matrix(self) -> np.ndarray | None:
        return None if self._matrix is None else self._matrix.copy()

    def set_picked(self, cell: tuple[int, int] | None) -> None:
        self._picked = cell
        self.update()

    def _geometry(self) -> tuple[float, float, float, float]:
        """Left and top of cell (0, 0) and the cell size (w, h); one header row/column."""
        top_caption = 18.0
        w = self.width() / 11
        h = (self.height() - top_caption) / 11
        return w, top_caption + h, w, h

    def cell_rect(self, true: int, predicted: int) -> QRectF:
        left, top, w, h = self._geometry()
        return QRectF(left + predicted * w, top + true * h, w, h)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left, top, w, h = self._geometry()
        p = event.position()
        col, row = int((p.x() - left) // w), int((p.y() - top) // h)
        if self._matrix is not None and 0 <= row < 10 and 0 <= col < 10:
            self._picked = (row, col)
            self.update()
            self.cell_clicked.emit(row, col)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        left, top, w, h = self._geometry()
        text = self.palette().windowText().color()
        painter.setPen(text)
        painter.drawText(
            QRectF(left, 0, 10 * w, 18), Qt.AlignmentFlag.AlignCenter, self.tr("predicted digit →")
        )
        for d in range(10):
            painter.drawText(
                QRectF(left + d * w, top - h, w, h), Qt.AlignmentFlag.AlignCenter, str(d)
            )
            painter.drawText(QRectF(0, top + d * h, w, h), Qt.AlignmentFlag.AlignCenter, str(d))
        painter.drawText(QRectF(0, top - h, w, h), Qt.AlignmentFlag.AlignCenter, self.tr("true ↓"))
        matrix = self._matrix
        if matrix is not None:
            empty = self.palette().base().color()  # white, or near black in a dark palette
            diagonal_max = max(1, int(np.diag(matrix).max()))
            off = matrix - np.diag(np.diag(matrix))
            off_max = max(1, int(off.max()))
            for r in range(10):
                for c in range(10):
                    count = int(matrix[r, c])
                    rect = self.cell_rect(r, c)
                    if r == c:
                        colour = _blend(empty, RIGHT, count / diagonal_max)
                    else:
                        colour = _blend(empty, WRONG, np.sqrt(count / off_max))
                    painter.fillRect(rect, colour)
                    painter.setPen(WHITE if colour.lightness() < 140 else QColor(20, 20, 20))
                    label = str(count) if count else ""
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(self.palette().mid().color())
            painter.drawRect(QRectF(left, top, 10 * w, 10 * h))
            if self._picked is not None:
                painter.setPen(PICKED)
                painter.drawRect(self.cell_rect(*self._picked).adjusted(1, 1, -1, -1))
        painter.end()


THUMB = 56  # a 28×28 test image at 2×
CAPTION = 30
MAX_SHOWN = 1000


class MistakeGrid(QWidget):
    """Thumbnails of misclassified test images with true → predicted and confidence."""

    clicked = Signal(object)  # Mistake

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mistake_grid")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._mistakes: list[Mistake] = []
        self._images: list[QImage] = []

    def set_mistakes(self, mistakes: list[Mistake], images: np.ndarray | None) -> None:
        self._mistakes = mistakes[:MAX_SHOWN]
        self._images = []
        if images is not None:
            for m in self._mistakes:
                grey = np.ascontiguousarray(255 - images[m.index])
                image = QImage(grey.data, 28, 28, 28, QImage.Format.Format_Grayscale8)
                self._images.append(image.copy())
        self.updateGeometry()
        self.update()

    def mistakes(self) -> list[Mistake]:
        return list(self._mistakes)

    def _columns(self) -> int:
        return max(1, self.width() // (THUMB + 8))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        columns = max(1, width // (THUMB + 8))
        rows = -(-len(self._mistakes) // columns)
        return max(THUMB, rows * (THUMB + CAPTION))

    def sizeHint(self) -> QSize:
        return QSize(6 * (THUMB + 8), self.heightForWidth(6 * (THUMB + 8)))

    def item_rect(self, i: int) -> QRectF:
        row, col = divmod(i, self._columns())
        return QRectF(col * (THUMB + 8) + 4, row * (THUMB + CAPTION), THUMB, THUMB)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        p: QPointF = event.position()
        for i in range(len(self._mistakes)):
            if self.item_rect(i).adjusted(0, 0, 0, CAPTION).contains(p):
                self.clicked.emit(self._mistakes[i])
                return

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        visible = QRectF(event.rect())
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        for i, m in enumerate(self._mistakes):
            rect = self.item_rect(i)
            if not rect.adjusted(0, 0, 0, CAPTION).intersects(visible):
                continue
            if i < len(self._images):
                painter.drawImage(rect, self._images[i])
            painter.setPen(QColor(160, 160, 160))
            painter.drawRect(rect)
            painter.setPen(self.palette().windowText().color())
            caption = QRectF(rect.left() - 4, rect.bottom(), THUMB + 8, CAPTION)
            painter.drawText(
                caption,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{m.label} → {m.predicted}\n{100 * m.confidence:.0f} %",
            )
        if not self._mistakes:
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No mistakes to show")
            )
        painter.end()


class EvaluateDialog(JobDialog):
    """Run the model over the test set; browse its confusion matrix and mistakes."""

    image_chosen = Signal(object, object)  # (28, 28) uint8 test image, Mistake
    stop_on_close = True  # nothing to keep from a half-done evaluation

    def __init__(
        self,
        settings: Settings,
        predictor: Callable[[], Predictor | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("evaluate_dialog")
        self._settings = settings
        self._predictor = predictor
        self.job: EvaluationJob | None = None
        self.evaluation: Evaluation | None = None
        self._images: np.ndarray | None = None
        self._cell: tuple[int, int] | None = None

        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.run_button = self.start_button
        self.run_button.setObjectName("run_button")
        self.cancel_button.setObjectName("cancel_button")
        self.progress_bar.setObjectName("progress")
        self.stage_label.setObjectName("status")
        self.accuracy = QLabel("")
        self.accuracy.setObjectName("accuracy")
        font = self.accuracy.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.accuracy.setFont(font)

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
        scroll.setMinimumWidth(6 * (THUMB + 8) + 24)

        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        left = QVBoxLayout()
        left.addWidget(self.accuracy)
        left.addWidget(self.matrix, 1)
        left.addWidget(self.matrix_note)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_label, 1)
        filters.addWidget(self.all_button)
        filters.addWidget(self.sort)
        right = QVBoxLayout()
        right.addLayout(filters)
        right.addWidget(scroll, 1)
        self._grid_note = QLabel()
        right.addWidget(self._grid_note)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.stage_label)
        layout.addLayout(body, 1)
        self.resize(980, 620)
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
        return remembered_data_source(self._settings)

    def _show_source(self) -> None:
        source = self.data_source()
        where = source or self.tr("the Keras cache (downloaded once if missing)")
        self.source_label.setText(
            self.tr("Test images from {where} (the source chosen in Model ▸ Train model…).").format(
                where=where
            )
        )

    # Running -------------------------------------------------------------------------------------

    def start(self, data: MnistData | None = None) -> None:
        if self.is_running():
            return
        predictor = self._predictor()
        if predictor is None:
            self._warn(self.tr("No model is loaded yet."), self.tr("Evaluate"))
            return
        self._show_source()
        self._start_job(EvaluationJob(predictor, self.data_source(), data=data, parent=self))

    def _on_progress(self, done: int, total: int) -> None:  # type: ignore[override]
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)

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

    def _on_succeeded(self, payload: tuple[Evaluation, np.ndarray]) -> None:
        evaluation, images = payload
        self.evaluation, self._images = evaluation, images
        self._show_accuracy(evaluation)
        self._show_ended("succeeded")
        self.matrix.set_matrix(evaluation.confusion)
        self._on_cell(None, None)

    def _show_accuracy(self, evaluation: Evaluation) -> None:
        total = len(evaluation.labels)
        wrong = int(total - np.trace(evaluation.confusion))
        self.accuracy.setText(
            self.tr("Accuracy {percent} % · {wrong} of {total} wrong · loss {loss}").format(
                percent=f"{100 * evaluation.accuracy:.2f}",
                wrong=f"{wrong:,}",
                total=f"{total:,}",
                loss=f"{evaluation.loss:.4f}",
            )
        )

    # Browsing ------------------------------------------------------------------------------------

    def _on_cell(self, true: int | None, predicted: int | None) -> None:
        self._cell = None if true is None else (true, predicted)
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

    def _on_mistake(self, mistake: Mistake) -> None:
        image = self.test_image(mistake.index)
        if image is not None:
            self.image_chosen.emit(image, mistake)
