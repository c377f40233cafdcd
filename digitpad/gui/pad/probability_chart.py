"""The ten softmax probabilities as a live bar chart, the top class highlighted.

Built once (QBarSet → QBarSeries → QChart, as in Qt's barchart example) and
updated in place with `QBarSet.replace`, so a new prediction costs a repaint,
not a rebuild. The top bar is "selected" and drawn in the selected colour; when the drawing
is judged not a digit (`set_greyed`), all bars are grey, the nearest a darker grey.

Each bar's label is its probability as the language writes a percentage (one decimal; a
probability below 1 never reads 100: such a bar stops at 99.9, where text says "> 99.9%").
Its accessible description reads the probabilities out ("Most likely 7 (98.2%); …"),
and its background and text follow the widget's palette, so a dark palette gets
a dark chart with light labels (`colours.follow_palette`, as every chart does).
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
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from digitpad.core.digits import CLASSES
from digitpad.core.i18n import chance, percent, percent_pattern
from digitpad.gui.colours import follow_palette
from digitpad.gui.i18n import Retranslating
from digitpad.gui.zoom import scale_font

BAR_COLOR = QColor("#9db4cf")
TOP_COLOR = QColor("#e06c1f")
GREYED_COLOR = QColor("#b4b4b4")  # every bar, when the drawing is judged not a digit
GREYED_TOP_COLOR = QColor("#8c8c8c")  # the nearest digit's bar then: marked, not highlighted
HEADROOM = 118.0  # the axis goes past 100 % so the label above a full bar stays visible (or more)
LEAST_SIZE = (300, 200)  # at zoom 1; larger fonts ask for more (`_fit_fonts`)
MAX_GROW = 2.5  # in a large window the labels grow up to this many times their usual size
SHRINK = 0.8  # in a narrow one they shrink to this share of it, no further
MARGIN = 4  # the chart's margins, each side
MAX_TITLE_GROW = 1.5
MENTION = 0.005  # the accessible description names digits at least this likely (0.5 %)


def bar_height(value: float) -> float:
    """A probability as its bar's height and label, in percent with one decimal: what rounds
    up to 100 stops at 99.9 (the model is never certain, as `chance` writes it)."""
    return min(round(100.0 * value, 1), 99.9)


class ProbabilityChart(Retranslating, QChartView):
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

        self.bars = QBarSet("")  # heights in percent; the top digit's bar is selected
        self.bars.append([0.0] * CLASSES)
        self.bars.setColor(BAR_COLOR)
        self.bars.setBorderColor(BAR_COLOR.darker(115))
        self.bars.setSelectedColor(TOP_COLOR)

        series = QBarSeries()
        series.append(self.bars)
        series.setBarWidth(0.72)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat(percent_pattern().format("@value"))  # retranslate: per language
        series.setLabelsPrecision(4)

        chart = QChart()
        chart.addSeries(series)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # instant, and cheap
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(MARGIN, MARGIN, MARGIN, MARGIN))

        axis_x = QBarCategoryAxis()
        axis_x.append([str(d) for d in range(CLASSES)])
        axis_x.setGridLineVisible(False)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)

        axis_y = QValueAxis()
        axis_y.setRange(0.0, HEADROOM)
        axis_y.setVisible(False)  # the labels on the bars carry the numbers
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

        self._series = series
        self.axis_x = axis_x  # the digits 0–9 along the bottom
        self.axis_y = axis_y
        self.setChart(chart)
        self._values: list[float] = [0.0] * CLASSES
        self._top: int | None = None
        self.greyed = False
        self._follow_palette()
        self._fit_fonts()
        self.retranslate()

    def _fonts(self, grow: float) -> tuple[QFont, QFont, QFont]:
        """The bar labels', the digits' and the title's fonts, `grow` times their usual size."""
        base = self.font()  # the application's, so it follows View ▸ Zoom
        label = scale_font(base, 0.9 * grow)
        digits = scale_font(base, 1.25 * grow)
        digits.setBold(True)
        title = scale_font(base, min(grow, MAX_TITLE_GROW))
        return label, digits, title

    def _least_size(self, grow: float) -> tuple[int, int]:
        """The chart's size that fits the labels of ten bars and the title at `grow`."""
        label, digits, title = self._fonts(grow)
        widest = percent_pattern().format("99.9")  # the widest label a bar gets
        wide = QFontMetrics(label).horizontalAdvance(widest)
        tall = QFontMetrics(label).height()
        titled = QFontMetrics(title).horizontalAdvance(self.chart().title()) + 2 * MARGIN
        width = max(10 * wide + 2 * MARGIN, titled)
        height = QFontMetrics(title).height() + QFontMetrics(digits).height() + 8 * tall
        return width, height

    def _fit_fonts(self) -> None:
        """Fonts that grow with the chart (legible from the back of a room in a large
        window) and shrink a little in a narrow one (a projector's screen, zoomed), with a
        least size that leaves room for them at their smallest."""
        least_w, least_h = self._least_size(SHRINK)
        self.setMinimumSize(max(LEAST_SIZE[0], least_w), max(LEAST_SIZE[1], least_h))
        usual_w, usual_h = self._least_size(1.0)
        grow = min(MAX_GROW, max(SHRINK, min(self.width() / usual_w, self.height() / usual_h)))
        label, digits, title = self._fonts(grow)
        room = self.width() - 2 * MARGIN
        wide = QFontMetrics(title).horizontalAdvance(self.chart().title())
        if wide > room > 0:  # the title shrinks with the bars' labels, never elided
            title = scale_font(title, max(SHRINK, room / wide))
        if self.bars.labelFont() != label or self.chart().titleFont() != title:
            self.bars.setLabelFont(label)
            self.axis_x.setLabelsFont(digits)
            self.chart().setTitleFont(title)
        # Room above a full bar for its label, however short the chart (a projector, zoomed).
        plot = self.height() - QFontMetrics(title).height() - QFontMetrics(digits).height()
        above = QFontMetrics(label).height() + 2 * MARGIN
        top = 100.0 * max(plot, 2 * above) / max(1, max(plot, 2 * above) - above)
        self.axis_y.setRange(0.0, max(HEADROOM, top))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_fonts()
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self.setToolTip(
            self.tr("Click a digit's column to keep the drawing as an example of that digit")
        )
        self.bars.setLabel(self.tr("probability"))
        self._series.setLabelsFormat(percent_pattern().format("@value"))
        self.chart().setTitle(self.tr("Softmax output: probability of each digit"))
        self._fit_fonts()  # another language's title is another width
        self.setAccessibleName(self.tr("Probabilities of the digits"))
        self.setAccessibleDescription(self.describe())

    def describe(self) -> str:
        """The probabilities in words, most likely first, for screen readers."""
        if self._top is None:
            return self.tr("Nothing drawn yet: no probabilities.")
        values = self._values
        ranked = sorted(range(CLASSES), key=lambda d: -values[d])
        parts = [
            self.tr("Most likely {digit} ({percent})").format(
                digit=ranked[0], percent=chance(values[ranked[0]])
            )
        ]
        named = [d for d in ranked[1:] if values[d] >= MENTION]
        parts += [
            self.tr("{digit}: {percent}").format(digit=d, percent=chance(values[d])) for d in named
        ]
        if len(named) < 9:
            parts.append(
                self.tr("the other digits below {percent}").format(percent=percent(MENTION))
            )
        return self.tr("; ", "separates the digits in the chart's description").join(parts)

    def _follow_palette(self) -> None:
        follow_palette(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        self.bars.setLabelColor(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()
        elif event.type() == QEvent.Type.FontChange:  # View ▸ Zoom
            self._fit_fonts()
        super().changeEvent(event)

    def set_probabilities(self, probabilities: Sequence[float] | None) -> None:
        """Show ten probabilities in [0, 1] (None: a blank pad, all bars at zero)."""
        values = [0.0] * CLASSES if probabilities is None else [float(p) for p in probabilities]
        if len(values) != CLASSES:
            raise ValueError(f"expected {CLASSES} probabilities, got {len(values)}")
        for i, value in enumerate(values):
            height = bar_height(value)  # one decimal is all a label can show legibly
            if height != bar_height(self._values[i]):
                self.bars.replace(i, height)
        self._values = values
        top = None if probabilities is None else max(range(CLASSES), key=values.__getitem__)
        if top != self._top:
            self.bars.deselectAllBars()
            if top is not None:
                self.bars.selectBar(top)
            self._top = top
        description = self.describe()
        if description != self.accessibleDescription():  # tells a screen reader it changed
            self.setAccessibleDescription(description)

    def set_greyed(self, greyed: bool) -> None:
        """Grey bars (the drawing is judged not a digit: no digit is the answer) or colour."""
        if greyed == self.greyed:
            return
        self.greyed = greyed
        bar, top = (GREYED_COLOR, GREYED_TOP_COLOR) if greyed else (BAR_COLOR, TOP_COLOR)
        self.bars.setColor(bar)
        self.bars.setBorderColor(bar.darker(115))
        self.bars.setSelectedColor(top)
        if self._top is not None:  # a selected bar keeps its old colour until selected again
            self.bars.deselectAllBars()
            self.bars.selectBar(self._top)

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

    def bar_point(self, digit: int, value: float) -> QPointF:
        """Where digit's bar reaches `value` percent (view coordinates), in its column's middle."""
        chart = self.chart()
        scene = chart.mapToScene(chart.mapToPosition(QPointF(digit, value), self._series))
        return QPointF(self.mapFromScene(scene))

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
