"""The dense and softmax pages: one neuron's weighted sum; the logits through softmax."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from digitpad.core.i18n import chance
from digitpad.core.layers.kinds.dense import DenseWorked, SoftmaxWorked
from digitpad.core.layers.kinds.flatten import FlattenWorked
from digitpad.core.layers.values import ordinal
from digitpad.core.lesson.steps import Lesson, LessonStep
from digitpad.gui.colours import SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.inside.feature_grid import FeatureGrid
from digitpad.gui.labels import bold
from digitpad.gui.lesson.common import Page, num, signed, table, wrapped


class DensePage(Page):
    """A fully connected layer: its neurons as tiles, one neuron's sum spelled out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unit: int | None = None
        self.unit_label, self.unit = QLabel(), QSpinBox()
        self.unit.setObjectName("lesson_unit")
        self.unit_label.setBuddy(self.unit)
        self.unit.valueChanged.connect(lambda number: self._pick(number - 1))  # counts from 1
        self.most_active = QPushButton()
        self.most_active.setObjectName("lesson_most_active")
        self.most_active.clicked.connect(lambda: self._pick(None))
        row = QHBoxLayout()
        row.addWidget(self.unit_label)
        row.addWidget(self.unit)
        row.addStretch(1)
        row.addWidget(self.most_active)
        self.caption = wrapped()
        self.neurons = FeatureGrid(16, SEQUENTIAL, min_tile=14)
        self.neurons.setObjectName("lesson_neurons")
        self.neurons.setMaximumWidth(16 * 2 * self.fontMetrics().height())
        self.neurons.map_clicked.connect(self._pick)
        self.sum_table = wrapped()
        self.sum_table.setObjectName("lesson_sum")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.caption)
        layout.addWidget(self.neurons)
        layout.addWidget(self.sum_table)
        layout.addStretch(1)
        self.retranslate()

    def _flattened_from(self) -> tuple[int, ...] | None:
        """The maps' shape when a flatten layer feeds this one: its inputs are map pixels."""
        lesson, step = self.lesson, self.step
        if lesson is None or step is None:
            return None
        index = lesson.steps.index(step)
        before = lesson.steps[index - 1].worked if index > 0 else None
        return before.shape if isinstance(before, FlattenWorked) else None

    @staticmethod
    def _map_pixel(index: int, shape: tuple[int, ...]) -> str:
        _h, width, channels = shape
        row, rest = divmod(index, width * channels)
        col, channel = divmod(rest, channels)
        return f"({ordinal(row)}, {ordinal(col)}, {ordinal(channel)})"

    def worked(self) -> DenseWorked | None:
        step = self.step
        if step is None or not isinstance(step.worked, DenseWorked):
            return None
        if self._unit is None:
            return step.worked
        return step.worked.at(min(self._unit, step.worked.outputs.size - 1))

    @Slot(int)
    def _pick(self, unit: int | None) -> None:
        self._unit = unit
        self.refresh()

    def show_step(self, lesson: Lesson, step: LessonStep | None) -> None:
        if self.step is None or step is None or step.layer != self.step.layer:
            self._unit = None  # another layer: its most active neuron
        super().show_step(lesson, step)

    def refresh(self) -> None:
        self.unit_label.setText(self.tr("&Neuron:"))
        self.most_active.setText(self.tr("M&ost active"))
        dense = self.worked()
        if dense is None:
            return
        n = dense.neuron
        self.unit.blockSignals(True)
        self.unit.setRange(ordinal(0), ordinal(dense.outputs.size - 1))
        self.unit.setValue(ordinal(n.unit))
        self.unit.blockSignals(False)
        lo, hi = layer_scale(dense.outputs)
        self.neurons.set_maps(dense.outputs, lo, hi)
        self.neurons.set_selected(n.unit)
        self.caption.setText(
            self.tr(
                "The layer's %n neuron(s) · colour {scale} · click one", "", dense.outputs.size
            ).format(scale=format_scale(lo, hi))
        )
        maps = self._flattened_from()
        rows = []
        for i in n.top:
            where = [self._map_pixel(int(i), maps)] if maps is not None else []
            product = n.inputs[i] * n.weights[i]
            rows.append(
                [f"{ordinal(i):,}", *where, num(n.inputs[i]), signed(n.weights[i]), num(product)]
            )
        pad = [""] * (1 if maps is not None else 0)
        others = len(n.inputs) - len(n.top)
        rows.append([self.tr("the other %Ln", "", others), *pad, "", "", num(n.rest)])
        rows.append([self.tr("bias"), *pad, "", "", num(n.bias)])
        rows.append([self.tr("sum"), *pad, "", "", num(n.sum)])
        header = [self.tr("input"), self.tr("value"), self.tr("weight"), self.tr("product")]
        if maps is not None:
            header.insert(1, self.tr("from map pixel"))
        title = self.tr("Neuron {unit}: the %n largest product(s) of its inputs", "", len(n.top))
        if dense.activation == "relu":
            result = self.tr("ReLU: max({sum}, 0) = <b>{value}</b>, the neuron's output")
        elif dense.activation in (None, "linear"):
            result = self.tr("no activation: <b>{value}</b>, the neuron's output")
        else:
            result = f"{dense.activation}({{sum}}) = <b>{{value}}</b>"
        self.sum_table.setText(
            "<b>"
            + title.format(unit=ordinal(n.unit))
            + "</b>"
            + table(header, rows, bold_rows=[len(rows) - 1])
            + result.format(sum=num(n.sum), value=num(dense.output))
        )


class SoftmaxPage(Page):
    """The ten logits, e^z, and σ(z) = the chart's bars, the prediction's formula evaluated."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formula = bold()
        self.formula.setObjectName("lesson_softmax_formula")
        self.formula.setWordWrap(True)
        self.values = wrapped()
        self.values.setObjectName("lesson_softmax_table")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.values)
        layout.addWidget(self.formula)
        layout.addStretch(1)

    def refresh(self) -> None:
        lesson, step = self.lesson, self.step
        if lesson is None or step is None or not isinstance(step.worked, SoftmaxWorked):
            return
        soft = step.worked
        digit = lesson.digit
        header = [self.tr("digit"), "z", "e<sup>z</sup>", "σ(z)", self.tr("chart")]
        rows = [
            [str(j), num(float(z)), f"{e:.4g}", f"{float(p):.4g}", chance(float(p))]
            for j, (z, e, p) in enumerate(
                zip(soft.logits, soft.exps, soft.probabilities, strict=True)
            )
        ]
        self.values.setText(
            self.tr("The logits z = inputs × W + b, one per digit, and softmax:")
            + table(header, rows, bold_rows=[digit])
        )
        self.formula.setText(
            "σ(z)<sub>{d}</sub> = e<sup>{z}</sup> / Σ<sub>k</sub> e<sup>z<sub>k</sub></sup> = "
            "{e} / {total} = {p}".format(
                d=digit,
                z=num(float(soft.logits[digit])),
                e=f"{soft.exps[digit]:.6g}",
                total=f"{soft.total:.6g}",
                p=f"{float(soft.probabilities[digit]):.6g}",
            )
        )
