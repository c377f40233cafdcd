"""The colours every view shares: the colour maps, how a layer's scale is chosen and written,
and charts that follow the palette.

The inside view's grids, the walk-through's maps, the network's input on the
pad and the exported pictures' colour bars all paint values through the same
three colour tables (`GREY` for the input, `SEQUENTIAL` for activations,
`DIVERGING` for weights and signed sums), each with its scale stated in the
same words (`format_scale`). QtCharts' charts (the probabilities, the training
and run curves) take their background and text from the widget palette
(`follow_palette`), so a dark palette gets dark charts.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCharts import QChartView
from PySide6.QtGui import QBrush, QColor, QPalette

SELECTED = QColor(255, 140, 0)  # a picked tile, the sliding window, the value pooling keeps
EMPTY = QColor(40, 40, 40)  # a grid or map with nothing to show yet


def _ramp(anchors: list[tuple[int, int, int]]) -> list[int]:
    """256 ARGB colours interpolated linearly between `anchors`."""
    points = np.linspace(0, len(anchors) - 1, 256)
    table = []
    for p in points:
        i = min(int(p), len(anchors) - 2)
        t = p - i
        r, g, b = (round(a + (c - a) * t) for a, c in zip(anchors[i], anchors[i + 1], strict=True))
        table.append(QColor(r, g, b).rgb())
    return table


# Viridis-like: dark (low) to bright yellow (high); reads well for ReLU outputs.
SEQUENTIAL = _ramp([(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)])
# Blue (negative), white (zero), red (positive): for weights.
DIVERGING = _ramp(
    [(33, 102, 172), (146, 197, 222), (247, 247, 247), (244, 165, 130), (178, 24, 43)]
)
GREY = [QColor(v, v, v).rgb() for v in range(256)]


def colour_indices(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Each value's entry in a 256-colour table: 0 at `lo` (or below), 255 at `hi` (or above)."""
    span = hi - lo if hi > lo else 1.0
    return np.clip((values - lo) * (255.0 / span) + 0.5, 0, 255).astype(np.uint8)


def layer_scale(values: np.ndarray) -> tuple[float, float]:
    """One colour scale for a whole layer: from min(0, lowest) to its highest value."""
    lo = min(0.0, float(values.min()))
    hi = float(values.max())
    return lo, hi if hi > lo else lo + 1.0


def symmetric_scale(values: np.ndarray) -> tuple[float, float]:
    """−m … m with m the largest magnitude: zero is the middle colour."""
    m = float(np.abs(values).max()) or 1.0
    return -m, m


def format_scale(lo: float, hi: float) -> str:
    return f"{format_value(lo)} … {format_value(hi)}"


def format_value(v: float) -> str:
    return "0" if v == 0 else f"{v:.3g}".replace("-", "−")


def follow_palette(view: QChartView) -> None:
    """Colour `view`'s chart from the widget palette: background, titles, labels, legend, grid.

    QChart's default theme is light whatever the palette; under a dark palette its
    black text would sit on a white box. Call again on QEvent.PaletteChange.
    """
    palette = view.palette()
    background = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    chart = view.chart()
    view.setBackgroundBrush(QBrush(background))
    chart.setBackgroundBrush(QBrush(background))
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsBrush(QBrush(text))
        axis.setTitleBrush(QBrush(text))
        axis.setGridLineColor(_mix(background, text, 0.15))  # faint on light and on dark
        axis.setLinePenColor(_mix(background, text, 0.4))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """The colour a fraction `t` of the way from `a` to `b`."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )
