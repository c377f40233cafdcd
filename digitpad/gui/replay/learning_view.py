"""What the network is learning: its first convolution's kernels, and how sure it is of the
digit in the drawing on the pad, against batches seen.

In the Train dialog it follows the training live (as ConvNetJS redraws its filters): the
32 kernels are redrawn from each copy of the weights the window reads, and each reading of
the drawing adds a point to the line: the probability of the digit the network reads now,
at the batches it had seen. A new drawing starts the line again. In the Runs view the same
view shows a run's snapshots: the line across them, the kernels of the one chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCharts import QLineSeries, QScatterSeries
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from digitpad.core.i18n import chance
from digitpad.gui.adaptive import SideBySide
from digitpad.gui.colours import DIVERGING, format_scale, symmetric_scale
from digitpad.gui.epoch_chart import EpochChart
from digitpad.gui.i18n import Retranslating
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.labels import WrappingLabel, bold

LINE = QColor("#2f6db3")
CHOSEN = QColor(255, 40, 90)  # the snapshot chosen (the grids' mark colour)


class ProbabilityLine(Retranslating, EpochChart):
    """The drawing's probability of one digit (in %) against batches seen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QSize(220, 140), parent)
        self.setObjectName("probability_line")
        self.line = QLineSeries()
        self.line.setPen(QPen(LINE, 2.0))
        self.line.setPointsVisible(True)
        self.chosen = QScatterSeries()
        self.chosen.setColor(CHOSEN)
        self.chosen.setMarkerSize(10.0)
        for series in (self.line, self.chosen):
            self.add_series(series)
        self.chart().legend().hide()
        self.x_axis.setLabelFormat("%d")
        self.y_axis.setRange(0.0, 100.0)
        self.y_axis.setTickCount(3)
        self.y_axis.setLabelFormat("%d")
        self.set_steps(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.x_axis.setTitleText(self.tr("batches seen"))

    def set_steps(self, steps: int) -> None:
        self.x_axis.setRange(0.0, float(max(1, steps)))
        self.x_axis.setTickCount(3)


class LearningView(Retranslating, QWidget):
    """The kernels now, and the line of the drawing's probability of the digit read."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learning_view")
        self.kernels_caption = bold()
        self.kernels_caption.setWordWrap(True)
        self.kernels = FeatureGrid(8, DIVERGING, min_tile=16)  # 4 rows of 8: each kernel legible
        self.kernels.setObjectName("learning_kernels")
        self.line_caption = WrappingLabel()
        self.line_caption.setObjectName("learning_line_caption")
        self.chart = ProbabilityLine()
        left, right = QWidget(), QWidget()
        for side, widgets in ((left, (self.kernels_caption, self.kernels)),
                              (right, (self.line_caption, self.chart))):  # fmt: skip
            column = QVBoxLayout(side)
            column.setContentsMargins(0, 0, 0, 0)
            for widget in widgets:
                column.addWidget(widget)
            column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(SideBySide(left, right, stretches=(1, 1)))
        self.steps: list[int] = []  # the line's points: batches seen …
        self.readings: list[np.ndarray] = []  # … and the ten probabilities read there
        self._drawing: np.ndarray | None = None  # what the line's readings read
        self.retranslate()

    def retranslate(self) -> None:
        self.kernels.setAccessibleName(self.tr("First convolution's kernels"))
        self._caption_kernels()
        self._draw_line()

    def _caption_kernels(self) -> None:
        count = self.kernels.count()
        if count == 0:
            self.kernels_caption.setText(self.tr("The first convolution's kernels"))
            return
        self.kernels_caption.setText(
            self.tr(
                "The first convolution's %n kernel(s), as they are now · colour {scale} "
                "(blue negative, white 0, red positive)",
                "",
                count,
            ).format(scale=format_scale(*self.kernels.scale()))
        )

    # Filling -----------------------------------------------------------------------------------

    def reset(self, steps: int) -> None:
        """Empty, for a run of `steps` batches."""
        self.chart.set_steps(steps)
        self.steps, self.readings, self._drawing = [], [], None
        self.kernels.set_maps(None)
        self._caption_kernels()
        self._draw_line()

    def show_kernels(self, kernels: np.ndarray | None) -> None:
        """The first convolution's kernels (kh, kw, filters), each on one symmetric scale."""
        if kernels is None:
            self.kernels.set_maps(None)
        else:
            self.kernels.set_maps(kernels, *symmetric_scale(kernels))
        self._caption_kernels()

    def add_reading(self, step: int, drawing: np.ndarray, probabilities: np.ndarray) -> None:
        """The network after `step` batches read `drawing` (its framed 28×28) so; a drawing
        other than the line's starts the line again."""
        if self._drawing is None or not np.array_equal(drawing, self._drawing):
            self.steps, self.readings = [], []
            self._drawing = drawing
        if self.steps and step <= self.steps[-1]:
            self.steps[-1], self.readings[-1] = step, probabilities  # the same moment, read again
        else:
            self.steps.append(step)
            self.readings.append(probabilities)
        self._draw_line()

    def set_readings(
        self, steps: Sequence[int], readings: Sequence[np.ndarray], chosen: int | None = None
    ) -> None:
        """A whole line at once (a run's snapshots), with point `chosen` marked."""
        self.steps, self.readings, self._drawing = list(steps), list(readings), None
        self.chart.set_steps(self.steps[-1] if self.steps else 1)
        self._draw_line(chosen)

    def clear_readings(self) -> None:
        """No drawing on the pad: no line."""
        self.steps, self.readings, self._drawing = [], [], None
        self._draw_line()

    def _draw_line(self, chosen: int | None = None) -> None:
        if not self.readings:
            self.chart.line.clear()
            self.chart.chosen.clear()
            self.line_caption.setText(
                self.tr("Draw a digit on the pad: its probability appears here as it learns.")
            )
            self.chart.setAccessibleName(self.line_caption.text())
            return
        digit = int(np.argmax(self.readings[-1]))
        points = [
            (float(s), 100.0 * float(r[digit]))
            for s, r in zip(self.steps, self.readings, strict=True)
        ]
        self.chart.line.replace([QPointF(x, y) for x, y in points])
        self.chart.chosen.replace([] if chosen is None else [QPointF(*points[chosen])])
        self.line_caption.setText(
            self.tr(
                "Your drawing read as {digit}: its probability against batches seen, now {percent}"
            ).format(digit=digit, percent=chance(float(self.readings[-1][digit])))
        )
        self.chart.setAccessibleName(self.line_caption.text())

    def digit(self) -> int | None:
        """The digit the line follows (the one read last), or None."""
        return int(np.argmax(self.readings[-1])) if self.readings else None
