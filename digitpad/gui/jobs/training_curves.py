"""Live loss and accuracy curves: training per batch, validation per epoch.

The training curve is what Keras reports after each batch: the running mean
over the epoch so far, so it restarts at each new epoch.

The x axis counts epochs (a batch half-way through epoch 1 sits at 0.5), so
per-batch training points and per-epoch validation points share one axis.
Points are added in bunches by the caller (a few times a second), not one
repaint per batch. The charts follow the widget palette (a dark palette gets a
dark chart with light text), the font (View ▸ Zoom) and re-set their texts on
a language switch.

Axes: ticks sit on round numbers (`nice_axis`: steps of 1, 2 or 5 × 10^k);
the x axis reaches a little past the last epoch, so the validation point at
its end is drawn whole, even after a single epoch. The units go in the
chart's title ("Loss (cross-entropy)"), not in a vertical axis title that a
short chart would cut.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCharts import QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QPointF, QSize
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QWidget

from digitpad.gui.colours import follow_palette
from digitpad.gui.epoch_chart import EpochChart, side_by_side
from digitpad.gui.i18n import Retranslating

TRAIN_COLOR = QColor("#2f6db3")
VAL_COLOR = QColor("#e06c1f")
X_MARGIN = 0.06  # the x axis goes this share of the run past its end (room for the last dot)
ACCURACY_TOP = 104.0  # room above 100 % for a dot at 99 %


def nice_axis(maximum: float, ticks: int = 5) -> tuple[float, float, int]:
    """(top, step, decimals) for an axis from 0 to at least `maximum`: a step of 1, 2 or
    5 × 10^k giving about `ticks` intervals, and the decimals its labels need."""
    maximum = maximum if math.isfinite(maximum) and maximum > 0 else 1.0
    raw = maximum / ticks
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    top = round(math.ceil(maximum / step - 1e-9) * step, decimals)
    return top, step, decimals


class _CurveChart(Retranslating, EpochChart):
    """One chart: training (per batch) and validation (per epoch) against epochs.

    Its title is set by `TrainingCurves.retranslate`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QSize(260, 190), parent)
        self.train = QLineSeries()
        self.train.setPen(QPen(TRAIN_COLOR, 1.5))
        self.val = QLineSeries()
        self.val.setPen(QPen(VAL_COLOR, 2.0))
        self.val.setPointsVisible(True)
        self.val.setMarkerSize(8.0)
        self.x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.x_axis.setTickAnchor(0.0)
        self.x_axis.setLabelFormat("%d")
        self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.y_axis.setTickAnchor(0.0)
        for series in (self.train, self.val):
            self.add_series(series)
        follow_palette(self)
        self._follow_font()
        self.retranslate()

    def _follow_font(self) -> None:
        """QChart keeps its own fonts: give it the widget's (the application's, zoomed)."""
        font = self.font()
        title = QFont(font)
        title.setBold(True)
        chart = self.chart()
        chart.setTitleFont(title)
        chart.legend().setFont(font)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)

    def retranslate(self) -> None:
        self.train.setName(self.tr("training"))
        self.val.setName(self.tr("validation"))
        self.x_axis.setTitleText(self.tr("epoch"))

    def set_title(self, title: str) -> None:
        self.chart().setTitle(title)
        self.setAccessibleName(title)
        self.setAccessibleDescription(
            self.tr(
                "{title} against epochs: training per batch (a line), validation after each "
                "epoch (dots)."
            ).format(title=title)
        )

    def changeEvent(self, event: QEvent) -> None:  # the palette: EpochChart's
        if event.type() == QEvent.Type.FontChange:
            self._follow_font()
        super().changeEvent(event)

    def reset(self, epochs: int) -> None:
        """Empty, with an x axis for `epochs` (ticks on whole epochs, about ten at most)."""
        self.train.clear()
        self.val.clear()
        _, step, _ = nice_axis(float(epochs), ticks=min(10, max(1, epochs)))
        self.x_axis.setTickInterval(max(1.0, step))
        self.x_axis.setRange(0.0, epochs * (1 + X_MARGIN))

    def set_y(self, top: float, step: float, decimals: int) -> None:
        """The y axis from 0 to `top`, a tick every `step`, labels with `decimals`."""
        self.y_axis.setRange(0.0, top)
        self.y_axis.setTickInterval(step)
        self.y_axis.setLabelFormat(f"%.{decimals}f")


class TrainingCurves(Retranslating, QWidget):
    """Two small charts side by side: loss and accuracy (in %)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training_curves")
        self.loss = _CurveChart()
        self.accuracy = _CurveChart()
        side_by_side(self, self.loss, self.accuracy)
        self._loss_max = 1.0
        self.reset(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.loss.set_title(self.tr("Loss (cross-entropy)"))
        self.accuracy.set_title(self.tr("Accuracy (%)"))

    def reset(self, epochs: int) -> None:
        self._loss_max = 1.0
        self.loss.reset(epochs)
        self.loss.set_y(*nice_axis(self._loss_max))
        self.accuracy.reset(epochs)
        self.accuracy.set_y(ACCURACY_TOP, 20.0, 0)

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
            top, step, decimals = nice_axis(value)
            self._loss_max = top
            self.loss.set_y(top, step, decimals)

    def counts(self) -> dict[str, int]:
        """Points per series, for tests."""
        return {
            "train_loss": self.loss.train.count(),
            "val_loss": self.loss.val.count(),
            "train_accuracy": self.accuracy.train.count(),
            "val_accuracy": self.accuracy.val.count(),
        }
