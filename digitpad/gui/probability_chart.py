"""The ten softmax probabilities as a live bar chart, the top class highlighted.

Built once (QBarSet → QBarSeries → QChart, as in Qt's barchart example) and
updated in place with `QBarSet.replace`, so a new prediction costs a repaint,
not a rebuild. The top bar is "selected" and drawn in the selected colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#9db4cf")
TOP_COLOR = QColor("#e06c1f")
HEADROOM = 118.0  # the axis goes past 100 % so the label above a full bar stays visible


class ProbabilityChart(QChartView):
    """Bars for digits 0–9 with percentages on top; `set_probabilities(None)` empties it.

    Clicking a digit's column (its bar, however short, or the space above it)
    emits `digit_clicked` with that digit.
    """

    digit_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probability_chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 220)
        self.setToolTip("Click a digit's column to keep the drawing as an example of that digit")

        self._bars = QBarSet("probability")
        self._bars.append([0.0] * 10)
        self._bars.setColor(BAR_COLOR)
        self._bars.setBorderColor(BAR_COLOR.darker(115))
        self._bars.setSelectedColor(TOP_COLOR)
        self._bars.setLabelColor(QColor("#333333"))
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(7.0, label_font.pointSizeF() * 0.9))
        self._bars.setLabelFont(label_font)

        series = QBarSeries()
        series.append(self._bars)
        series.setBarWidth(0.72)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value%")
        series.setLabelsPrecision(4)

        chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # instant, and cheap
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle("Softmax output: probability of each digit")

        axis_x = QBarCategoryAxis()
        axis_x.append([str(d) for d in range(10)])
        axis_font = QFont(self.font())
        axis_font.setPointSizeF(axis_font.pointSizeF() * 1.25)
        axis_font.setBold(True)
        axis_x.setLabelsFont(axis_font)
        axis_x.setGridLineVisible(False)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)

        axis_y = QValueAxis()
        axis_y.setRange(0.0, HEADROOM)
        axis_y.setVisible(False)  # the labels on the bars carry the numbers
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

        self._series = series
        self._axis_x = axis_x
        self.setChart(chart)
        self._values: list[float] = [0.0] * 10
        self._top: int | None = None

    def set_probabilities(self, probabilities: Sequence[float] | None) -> None:
        """Show ten probabilities in [0, 1] (None: a blank pad, all bars at zero)."""
        values = [0.0] * 10 if probabilities is None else [float(p) for p in probabilities]
        if len(values) != 10:
            raise ValueError(f"expected 10 probabilities, got {len(values)}")
        for i, value in enumerate(values):
            percent = round(100.0 * value, 1)  # one decimal is all a label can show legibly
            if percent != round(100.0 * self._values[i], 1):
                self._bars.replace(i, percent)
        self._values = values
        top = None if probabilities is None else max(range(10), key=values.__getitem__)
        if top != self._top:
            self._bars.deselectAllBars()
            if top is not None:
                self._bars.selectBar(top)
            self._top = top

    def digit_at(self, pos: QPointF) -> int | None:
        """The digit whose column is under `pos` (view coordinates), or None."""
        chart = self.chart()
        scene_pos = self.mapToScene(pos.toPoint())
        chart_pos = chart.mapFromScene(scene_pos)
        if not chart.plotArea().contains(chart_pos):
            return None
        value = chart.mapToValue(chart_pos, self._series)
        digit = round(value.x())
        return digit if 0 <= digit <= 9 else None

    def column_center(self, digit: int) -> QPointF:
        """Where digit's column is, halfway up the plot area (view coordinates)."""
        chart = self.chart()
        area = chart.plotArea()
        x = chart.mapToPosition(QPointF(digit, 0.0), self._series).x()
        scene = chart.mapToScene(QPointF(x, area.center().y()))
        return QPointF(self.mapFromScene(scene))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            digit = self.digit_at(event.position())
            if digit is not None:
                self.digit_clicked.emit(digit)
                event.accept()
                return
        super().mousePressEvent(event)

    def probabilities(self) -> list[float]:
        """The probabilities shown, in [0, 1]."""
        return list(self._values)

    def highlighted(self) -> int | None:
        """The digit whose bar is highlighted (None when blank)."""
        selected = self._bars.selectedBars()
        return selected[0] if selected else None

    def bar_values(self) -> list[float]:
        """The bars' heights in percent, as drawn."""
        return [self._bars.at(i) for i in range(self._bars.count())]

    def categories(self) -> list[str]:
        return list(self._axis_x.categories())
