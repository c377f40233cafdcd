"""Live loss and accuracy curves: training per batch, validation per epoch.

The training curve is what Keras reports after each batch: the running mean
over the epoch so far, so it restarts at each new epoch.

The x axis counts epochs (a batch half-way through epoch 1 sits at 0.5), so
per-batch training points and per-epoch validation points share one axis.
Points are added in bunches by the caller (a few times a second), not one
repaint per batch. The charts follow the widget palette (a dark palette gets a
dark chart with light text) and re-set their texts on a language switch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from digitpad.gui.i18n import Retranslating
from digitpad.gui.probability_chart import follow_palette

TRAIN_COLOR = QColor("#2f6db3")
VAL_COLOR = QColor("#e06c1f")


class _CurveChart(Retranslating, QChartView):
    """One chart: training (per batch) and validation (per epoch) against epochs.

    Its title and y-axis title are set by `TrainingCurves.retranslate`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(260, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

        self.train = QLineSeries()
        self.train.setPen(QPen(TRAIN_COLOR, 1.5))
        self.val = QLineSeries()
        self.val.setPen(QPen(VAL_COLOR, 2.0))
        self.val.setPointsVisible(True)
        self.val.setMarkerSize(8.0)
        chart.addSeries(self.train)
        chart.addSeries(self.val)

        self.x_axis = QValueAxis()
        self.x_axis.setLabelFormat("%.1f")
        self.y_axis = QValueAxis()
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.train, self.val):
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
        self.setChart(chart)
        follow_palette(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.train.setName(self.tr("training"))
        self.val.setName(self.tr("validation"))
        self.x_axis.setTitleText(self.tr("epoch"))

    def set_titles(self, title: str, y_label: str) -> None:
        self.chart().setTitle(title)
        self.y_axis.setTitleText(y_label)
        self.setAccessibleName(title)
        self.setAccessibleDescription(
            self.tr(
                "{title} against epochs: training per batch (a line), validation after each "
                "epoch (dots)."
            ).format(title=title)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            follow_palette(self)
        super().changeEvent(event)

    def reset(self, epochs: int, y_max: float, y_format: str) -> None:
        self.train.clear()
        self.val.clear()
        self.x_axis.setRange(0.0, float(epochs))
        self.x_axis.setTickCount(min(epochs, 10) + 1)
        self.x_axis.setLabelFormat("%d" if epochs <= 10 else "%.0f")
        self.y_axis.setRange(0.0, y_max)
        self.y_axis.setLabelFormat(y_format)


class TrainingCurves(Retranslating, QWidget):
    """Two small charts side by side: loss and accuracy (in %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_curves")
        self.loss = _CurveChart()
        self.accuracy = _CurveChart()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss)
        layout.addWidget(self.accuracy)
        self._loss_max = 1.0
        self.reset(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.loss.set_titles(self.tr("Loss"), self.tr("cross-entropy"))
        self.accuracy.set_titles(self.tr("Accuracy"), self.tr("accuracy (%)"))

    def reset(self, epochs: int) -> None:
        self._loss_max = 1.0
        self.loss.reset(epochs, self._loss_max, "%.1f")
        self.accuracy.reset(epochs, 100.0, "%d")

    def add_training(self, points: Iterable[tuple[float, float, float]]) -> None:
        """(x in epochs, loss, accuracy in [0, 1]) per batch."""
        loss, accuracy = [], []
        for x, batch_loss, batch_accuracy in points:
            if math.isfinite(batch_loss):
                loss.append(QPointF(x, batch_loss))
                self._grow_loss_axis(batch_loss)
            if math.isfinite(batch_accuracy):
                accuracy.append(QPointF(x, 100.0 * batch_accuracy))
        if loss:
            self.loss.train.append(loss)
        if accuracy:
            self.accuracy.train.append(accuracy)

    def add_validation(self, epoch: int, loss: float, accuracy: float) -> None:
        if math.isfinite(loss):
            self.loss.val.append(float(epoch), loss)
            self._grow_loss_axis(loss)
        if math.isfinite(accuracy):
            self.accuracy.val.append(float(epoch), 100.0 * accuracy)

    def _grow_loss_axis(self, value: float) -> None:
        if value > self._loss_max:
            self._loss_max = math.ceil(value * 2) / 2  # next 0.5 step
            self.loss.y_axis.setRange(0.0, self._loss_max)
            self.loss.y_axis.applyNiceNumbers()  # ticks at round values

    def counts(self) -> dict[str, int]:
        """Points per series, for tests."""
        return {
            "train_loss": self.loss.train.count(),
            "val_loss": self.loss.val.count(),
            "train_accuracy": self.accuracy.train.count(),
            "val_accuracy": self.accuracy.val.count(),
        }
