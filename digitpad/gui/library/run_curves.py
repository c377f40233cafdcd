"""Several runs' curves on one pair of charts: loss and accuracy against epochs.

Each run gets one colour: a thin line for its per-batch training figures (as
the Train dialog drew them live) and dots joined by a line for its validation
figures after each epoch. The legend names each run once. The x axis spans
the longest run ticked, so a 1-epoch run and the 12-epoch example share it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import unescape

from PySide6.QtCharts import QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QWidget

from digitpad.core.models.history import TrainingHistory
from digitpad.gui.colours import follow_palette
from digitpad.gui.epoch_chart import EpochChart, side_by_side
from digitpad.gui.i18n import Retranslating
from digitpad.gui.jobs.training_curves import ACCURACY_TOP, X_MARGIN, nice_axis
from digitpad.gui.labels import html

# Distinct colours for runs side by side (Tableau's ten, readable on light and dark).
RUN_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip


def run_colour(index: int) -> QColor:
    return QColor(RUN_COLOURS[index % len(RUN_COLOURS)])


@dataclass(frozen=True)
class ShownRun:
    """One run on the charts."""

    name: str
    colour: QColor
    history: TrainingHistory


class _RunChart(EpochChart):
    """One chart of several runs; `kind` is "loss" or "accuracy" (in %)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(QSize(280, 220), parent)
        self.kind = kind
        self.series: list[QLineSeries] = []
        for axis in (self.x_axis, self.y_axis):
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0.0)
        self.show_runs([])

    def show_runs(self, runs: Sequence[ShownRun]) -> None:
        chart = self.chart()
        for series in self.series:
            chart.removeSeries(series)
            series.deleteLater()
        self.series = []
        epochs, top = 1.0, 1.0 if self.kind == "loss" else 100.0
        for run in runs:
            scale = 1.0 if self.kind == "loss" else 100.0
            column = 1 if self.kind == "loss" else 2
            train = QLineSeries()
            train.setName(html(run.name))  # a legend reads HTML; a run's name is the user's
            train.setPen(QPen(run.colour, 1.2))
            train.append(
                [
                    QPointF(p[0], scale * p[column])
                    for p in run.history.batches
                    if math.isfinite(p[column])
                ]
            )
            validation = QLineSeries()
            validation.setPen(QPen(run.colour, 2.0, Qt.PenStyle.DashLine))
            validation.setPointsVisible(True)
            validation.setMarkerSize(8.0)
            for e in run.history.epochs:
                value = e.val_loss if self.kind == "loss" else 100.0 * e.val_accuracy
                if math.isfinite(value):
                    validation.append(float(e.epoch), value)
            for series in (train, validation):
                self.add_series(series)
                self.series.append(series)
            chart.legend().markers(validation)[0].setVisible(False)  # one legend entry per run
            if run.history.batches:
                epochs = max(epochs, math.ceil(run.history.batches[-1][0] - 1e-9))
            if run.history.epochs:
                epochs = max(epochs, float(run.history.epochs[-1].epoch))
            if self.kind == "loss":
                values = [p[1] for p in run.history.batches] + [
                    e.val_loss for e in run.history.epochs
                ]
                finite = [v for v in values if math.isfinite(v)]
                top = max(top, math.ceil(max(finite, default=0.0) * 2) / 2)
        # Ticks on whole epochs (about twelve at most) and round values: every 0.5 of loss
        # (every 1 above 5), every 20 points. The axes reach a little past the last epoch and 100 %
        # (as the Train dialog's), so the dots there are drawn whole, not cut by the edge.
        _, step_x, _ = nice_axis(epochs, ticks=min(12, max(1, int(epochs))))
        self.x_axis.setTickInterval(max(1.0, step_x))
        self.x_axis.setRange(0.0, epochs * (1 + X_MARGIN))
        self.x_axis.setLabelFormat("%d")
        step = 20.0 if self.kind == "accuracy" else (0.5 if top <= 5 else 1.0)
        self.y_axis.setTickInterval(step)
        self.y_axis.setRange(0.0, ACCURACY_TOP if self.kind == "accuracy" else top)
        self.y_axis.setLabelFormat("%.1f" if self.kind == "loss" else "%d")
        follow_palette(self)


class RunCurves(Retranslating, QWidget):
    """Loss and accuracy of the runs ticked in the Runs dialog, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("run_curves")
        self.loss = _RunChart("loss")
        self.accuracy = _RunChart("accuracy")
        side_by_side(self, self.loss, self.accuracy)
        self.runs: list[ShownRun] = []
        self.retranslate()

    def retranslate(self) -> None:
        for chart, title, y_label in (
            (self.loss, self.tr("Loss"), self.tr("cross-entropy")),
            (self.accuracy, self.tr("Accuracy"), self.tr("accuracy (%)")),
        ):
            chart.chart().setTitle(title)
            chart.y_axis.setTitleText(y_label)
            chart.x_axis.setTitleText(self.tr("epoch"))
            chart.setAccessibleName(title)
            chart.setAccessibleDescription(
                self.tr(
                    "{title} of the ticked runs against epochs, one colour per run: training per "
                    "batch (a thin line), validation after each epoch (dots)."
                ).format(title=title)
            )

    def show_runs(self, runs: Sequence[ShownRun]) -> None:
        self.runs = list(runs)
        self.loss.show_runs(runs)
        self.accuracy.show_runs(runs)

    def names(self) -> list[str]:
        """The runs shown, by the names their curves carry (for tests)."""
        return [unescape(s.name()) for s in self.loss.series if s.name()]

    def counts(self) -> dict[str, list[int]]:
        """Points per run: training loss and validation accuracy series (for tests)."""
        return {
            "train_loss": [s.count() for s in self.loss.series[0::2]],
            "val_accuracy": [s.count() for s in self.accuracy.series[1::2]],
        }
