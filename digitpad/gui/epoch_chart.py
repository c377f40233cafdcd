"""A chart of a figure against epochs: the base of the Train dialog's live curves
(`training_curves`) and of the Runs dialog's comparison (`run_curves`).

One QChart in a QChartView, set up the same way for both: no animation, square
corners, thin margins, the legend below, a value axis for epochs at the bottom
and one for the figure at the left. It follows the widget palette
(`follow_palette`), so a dark palette gets a dark chart. What a subclass draws on
it, and how it ticks the axes, is its own business.
"""

from __future__ import annotations

from PySide6.QtCharts import QAbstractSeries, QChart, QChartView, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from digitpad.gui.colours import follow_palette


class EpochChart(QChartView):
    """An empty chart with its two axes, `x_axis` (epochs) and `y_axis`."""

    def __init__(self, minimum: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.x_axis = QValueAxis()
        self.y_axis = QValueAxis()
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.setChart(chart)

    def add_series(self, series: QAbstractSeries) -> None:
        """Draw `series` on the chart, against its two axes."""
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it by this name
        if event.type() == QEvent.Type.PaletteChange:
            follow_palette(self)
        super().changeEvent(event)


def side_by_side(parent: QWidget, *charts: QWidget) -> None:
    """Lay `charts` out in one row filling `parent` (loss beside accuracy)."""
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    for chart in charts:
        layout.addWidget(chart)
