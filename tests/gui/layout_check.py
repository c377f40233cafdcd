"""What a student would see cut off: every visible widget checked against its window and text.

`problems(window)` walks a shown top-level widget and returns one line per
defect a person would notice on the screen:

- a widget sticking out of its parent (so out of the window, or cut off by a
  box around it); inside a scroll area, out of what scrolling can reach, and a
  scroll area that would need a horizontal scroll bar (text must wrap instead);
- a label whose text does not fit its rectangle: laid out the way QLabel lays it
  out (a QTextDocument at the label's width, wrapped or not), compared with the
  room it has;
- a button, check box, spin box, combo box or group box narrower than its text;
- a chart whose title or category labels QtCharts would elide;
- a window larger than the screen's available area (`screen`), less a taskbar.

It only reads geometry: no event is sent, nothing is changed.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QWidget,
)

TASKBAR = 40  # pixels a desktop's panel takes from a 768-px screen
SLACK = 1  # rounding between layouts and text measures


def name(widget: QWidget) -> str:
    """The widget as a person debugging would look it up: class, object name, a bit of text."""
    label = type(widget).__name__
    if widget.objectName():
        label += f"#{widget.objectName()}"
    text = ""
    if isinstance(widget, (QLabel, QAbstractButton)):
        text = widget.text()
    elif isinstance(widget, QGroupBox):
        text = widget.title()
    text = " ".join(text.split())
    if text:
        label += f" {text[:40]!r}"
    parent = widget.parentWidget()
    owner = next((p for p in _ancestors(widget) if p.objectName() and p is not parent), None)
    if owner is not None:
        label += f" in {type(owner).__name__}#{owner.objectName()}"
    return label


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def window_fits(window: QWidget, screen: QRect, taskbar: int = TASKBAR) -> list[str]:
    """The window, and its least size, fit the screen's available area less a taskbar."""
    room = QSize(screen.width(), screen.height() - taskbar)
    frame = window.frameGeometry().size() - window.geometry().size()
    least = window.minimumSizeHint().expandedTo(window.minimumSize()) + frame
    found = []
    if least.width() > room.width() or least.height() > room.height():
        found.append(f"{name(window)}: least size {_size(least)} > screen {_size(room)}")
    size = window.frameGeometry().size()
    if size.width() > screen.width() or size.height() > screen.height():
        found.append(f"{name(window)}: {_size(size)} > screen {_size(screen.size())}")
    return found


def problems(window: QWidget, screen: QRect | None = None) -> list[str]:
    """Every visible defect in `window` (see the module's docstring); [] when none."""
    found = [] if screen is None else window_fits(window, screen)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 0:
            continue
        if any(_parked(w) for w in (widget, *_ancestors(widget))):
            continue
        found += _placement(widget)
        found += _text(widget)
    return found


# Where a widget is --------------------------------------------------------------------------


def _parked(widget: QWidget) -> bool:
    """Qt keeps a dock that is not its tab's current one, and a spare tab bar, "visible" but
    moved wholly above and left of the window: not on the screen."""
    rect = widget.geometry()
    return rect.right() < 0 and rect.bottom() < 0


def _placement(widget: QWidget) -> list[str]:
    parent = widget.parentWidget()
    if parent is None:
        return []
    area = parent.parentWidget()
    if isinstance(area, QScrollArea) and parent is area.viewport():  # the scrolled content
        if widget is not area.widget():
            return []
        needs = widget.minimumSizeHint().width()
        if area.horizontalScrollBar().isVisible() or needs > parent.width() + SLACK:
            return [f"{name(area)}: a horizontal scroll bar (content {needs} > {parent.width()})"]
        return []
    if isinstance(parent, QAbstractScrollArea) or isinstance(area, QAbstractScrollArea):
        return []  # a scroll area's own parts (bars, viewport, a view's editors)
    inside = parent.rect()
    rect = widget.geometry()
    if inside.contains(rect):
        return []
    cut = rect.intersected(inside)
    return [f"{name(widget)}: {_rect(rect)} sticks out of {name(parent)} ({_rect(inside)}; "
            f"{rect.width() * rect.height() - cut.width() * cut.height()} px² cut)"]  # fmt: skip


# Whether its text fits ----------------------------------------------------------------------


def _text(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _label(widget)
    if isinstance(widget, QComboBox):
        return _combo(widget)
    if isinstance(widget, (QAbstractButton, QAbstractSpinBox)):
        least = widget.minimumSizeHint()
        if widget.width() + SLACK < least.width() or widget.height() + SLACK < least.height():
            return [f"{name(widget)}: {_size(widget.size())} < its least {_size(least)}"]
        return []
    if isinstance(widget, QGroupBox) and widget.title():
        wide = QFontMetrics(widget.font()).horizontalAdvance(widget.title().replace("&", ""))
        if wide > widget.width():
            return [f"{name(widget)}: title {wide} px wide in {widget.width()}"]
        return []
    if isinstance(widget, QChartView):
        return _chart(widget)
    if isinstance(widget, QTableView):
        return _columns(widget)
    if (
        isinstance(widget, QLineEdit)
        and widget.text()
        and not widget.parentWidget().inherits("QAbstractSpinBox")
    ):
        wide = QFontMetrics(widget.font()).horizontalAdvance(widget.text())
        room = widget.contentsRect().width() - 4  # the line edit's own text margins
        if wide > room and widget.isReadOnly():  # an editable one scrolls its text
            return [f"{name(widget)}: {widget.text()[:40]!r} needs {wide} in {room}"]
    return []


def _label(label: QLabel) -> list[str]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    inner = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(),
                                          -label.margin())  # fmt: skip
    indent = max(0, label.indent())
    width = inner.width() - indent
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(label.font())
    option = QTextOption()
    option.setWrapMode(
        QTextOption.WrapMode.WordWrap if label.wordWrap() else QTextOption.WrapMode.NoWrap
    )
    document.setDefaultTextOption(option)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    )
    if rich:
        document.setHtml(text)
    else:
        if label.buddy() is not None:  # "&Pen width:" shows as "Pen width:", P underlined
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        document.setPlainText(text)
    ignored = label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
    if ignored and not label.wordWrap():
        return _fitted(label, text, inner)
    if label.wordWrap():
        document.setTextWidth(width)
    needs_w = document.idealWidth()
    needs_h = document.size().height()
    if needs_w > width + SLACK or needs_h > inner.height() + SLACK:
        shown = f"{inner.width()}×{inner.height()}"
        return [f"{name(label)}: text needs {needs_w:.0f}×{needs_h:.0f} in {shown}"]
    return []


def _fitted(label: QLabel, text: str, inner: QRect) -> list[str]:
    """A label whose font is fitted to its size (the predicted digit): its glyphs' own box,
    not the font's line height (a digit has no descender), must fit."""
    metrics = QFontMetrics(label.font())
    wide, tall = metrics.horizontalAdvance(text), metrics.tightBoundingRect(text).height()
    if wide > inner.width() + SLACK or tall > inner.height() + SLACK:
        return [f"{name(label)}: text needs {wide}×{tall} in {inner.width()}×{inner.height()}"]
    return []


def _combo(combo: QComboBox) -> list[str]:
    """The current item's text fits the field the style draws it in (it is cut, not wrapped)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    text = combo.currentText()
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    room = field.width() - 2  # the style draws the text 1 px in from each side
    wide = QFontMetrics(combo.font()).horizontalAdvance(text)
    if text and wide > room + SLACK:
        return [f"{name(combo)}: {text[:40]!r} needs {wide} in {room}"]
    return []


def _columns(view: QTableView) -> list[str]:
    """A table's cells (and its headers) fit their columns: nothing shows as "conv2…"."""
    found = []
    header = view.horizontalHeader()
    fitted = QHeaderView.ResizeMode.ResizeToContents
    rows_grow = view.verticalHeader().count() == 0 or (
        view.verticalHeader().sectionResizeMode(0) == fitted
    )
    for column in range(view.model().columnCount() if view.model() else 0):
        if view.isColumnHidden(column):
            continue
        stretched = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        if view.wordWrap() and rows_grow and stretched:
            continue  # its text wraps onto more lines, the row grows
        needs = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
        if needs > view.columnWidth(column) + SLACK:
            found.append(
                f"{name(view)}: column {column} needs {needs} in {view.columnWidth(column)}"
            )
    return found


def _chart(view: QChartView) -> list[str]:
    chart = view.chart()
    found = []
    if chart.title():
        wide = QFontMetrics(chart.titleFont()).horizontalAdvance(chart.title())
        room = chart.rect().width() - chart.margins().left() - chart.margins().right()
        if wide > room:
            found.append(f"{name(view)}: title {wide} px in {room:.0f}")
    plot = chart.plotArea()
    for axis in chart.axes():
        if isinstance(axis, QBarCategoryAxis) and axis.count():
            metrics = QFontMetrics(axis.labelsFont())
            widest = max(metrics.horizontalAdvance(c) for c in axis.categories())
            column = plot.width() / axis.count()
            if widest > column:
                found.append(f"{name(view)}: category labels {widest} px in {column:.0f}")
    return found


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}×{rect.height()}"


def _size(size: QSize) -> str:
    return f"{size.width()}×{size.height()}"


def shown_rect(widget: QWidget) -> QRect:
    """The part of `widget` (its own coordinates) not cut off by any box or scroll area
    around it: what is on the screen."""
    seen = widget.rect()
    for ancestor in _ancestors(widget):
        corner = widget.mapFrom(ancestor, QPoint(0, 0))
        seen = seen.intersected(QRect(corner, ancestor.size()))
    return seen
