"""The input, dropout, flatten and normalization pages (one picture and its numbers each), and
the page of a step that has none of its own (its numbers as lines of text)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.i18n import percent
from digitpad.core.layers.kinds.dropout import DropoutWorked
from digitpad.core.layers.kinds.flatten import FlattenWorked
from digitpad.core.layers.kinds.normalization import NormalizationWorked
from digitpad.core.layers.values import ordinal
from digitpad.core.lesson.steps import InputWorked, Lesson, LessonStep
from digitpad.gui.colours import GREY, SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.lesson.common import Page, captioned_pair, num, table, wrapped
from digitpad.gui.lesson.large_map import LargeMap
from digitpad.gui.zoom import monospace, scaled_font


def _as_map(values: np.ndarray, channel: int) -> np.ndarray:
    """One channel of maps, or a row of neurons folded into lines of 16 (as the inside view)."""
    if values.ndim == 3:
        return values[:, :, channel]
    flat = values.ravel()
    columns = 16 if flat.size % 16 == 0 else 1
    return flat.reshape(-1, columns)


class InputPage(Page):
    """The 28×28 the network sees, every pixel's value written in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = wrapped()
        self.pixels = LargeMap(GREY)
        self.pixels.setObjectName("lesson_pixels")
        self.pixels.numbers = self.pixels.compact = True
        scaled_font(self.pixels, 0.7)  # relative, and zoomed: 28 numbers must fit a row
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.pixels)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> None:
        if self.step is None or not isinstance(self.step.worked, InputWorked):
            return
        pixels = self.step.worked.pixels
        self.pixels.set_values(pixels, 0.0, 1.0)
        inked = int(np.count_nonzero(pixels))
        self.caption.setText(
            self.tr(
                "784 pixel values from 0 (blank paper: shown black, its 0 left out) to 1 (full "
                "ink); %n pixel(s) have ink.",
                "",
                inked,
            )
        )


class DropoutPage(Page):
    """What predicting passes on (everything) beside one training step's sampled mask."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seed: int | None = None
        self._channel: int | None = None  # picked; None: the map with the most activity
        self.channel_label, self.channel = QLabel(), QSpinBox()
        self.channel.setObjectName("lesson_channel")
        self.channel_label.setBuddy(self.channel)
        self.channel.valueChanged.connect(self._on_channel)
        self.resample = QPushButton()
        self.resample.setObjectName("lesson_resample")
        self.resample.clicked.connect(self._on_resample)
        row = QHBoxLayout()
        row.addWidget(self.channel_label)
        row.addWidget(self.channel)
        row.addStretch(1)
        row.addWidget(self.resample)
        self.caption, self.summary = wrapped(), wrapped()
        self.summary.setObjectName("lesson_dropout_summary")
        self.predicting_caption, self.training_caption = wrapped(), wrapped()
        self.predicting, self.training = LargeMap(SEQUENTIAL), LargeMap(SEQUENTIAL)
        self.predicting.setObjectName("lesson_dropout_predicting")
        self.training.setObjectName("lesson_dropout_map")
        maps = captioned_pair(
            (self.predicting_caption, self.predicting), (self.training_caption, self.training)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.caption)
        layout.addLayout(maps)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.retranslate()

    def worked(self) -> DropoutWorked | None:
        step = self.step
        if step is None or not isinstance(step.worked, DropoutWorked):
            return None
        return step.worked if self._seed is None else step.worked.resample(self._seed)

    def show_step(self, lesson: Lesson, step: LessonStep | None) -> None:
        if self.step is None or step is None or step.layer != self.step.layer:
            self._channel = self._seed = None
        super().show_step(lesson, step)

    @Slot()
    def _on_resample(self) -> None:
        drop = self.worked()
        if drop is not None:
            self._seed = drop.seed + 1
            self.refresh()

    @Slot(int)
    def _on_channel(self, number: int) -> None:
        self._channel = number - 1  # the spin box counts from 1
        self.refresh()

    def refresh(self) -> None:
        self.resample.setText(self.tr("Sample a&nother mask"))
        self.channel_label.setText(self.tr("M&ap:"))
        drop = self.worked()
        if drop is None:
            return
        maps = drop.inputs.ndim == 3
        self.channel_label.setVisible(maps)
        self.channel.setVisible(maps)
        channel = 0
        if maps:
            busiest = int(drop.inputs.sum(axis=(0, 1)).argmax())
            channel = (
                busiest if self._channel is None else min(self._channel, drop.inputs.shape[2] - 1)
            )
        self.channel.blockSignals(True)
        self.channel.setRange(ordinal(0), ordinal(drop.inputs.shape[-1] - 1 if maps else 0))
        self.channel.setValue(ordinal(channel))
        self.channel.blockSignals(False)
        values = _as_map(drop.inputs, channel)
        kept = _as_map(drop.mask, channel).astype(bool)
        scale = 1 / (1 - drop.rate) if drop.rate < 1 else 0.0
        lo, hi = layer_scale(drop.inputs * scale)
        self.predicting.set_values(values, lo, hi)
        self.training.set_values(np.where(kept, values * scale, 0.0), lo, hi)
        self.training.set_overlay(crossed=~kept)
        self.caption.setText(
            self.tr("Both pictures share one colour scale, {scale}.").format(
                scale=format_scale(lo, hi)
            )
        )
        self.predicting_caption.setText(self.tr("When predicting: the output is the input"))
        self.training_caption.setText(
            self.tr(
                "One training step: mask sampled at {share} (seed {seed}), the rest × {scale}"
            ).format(share=percent(drop.rate, None), seed=drop.seed, scale=f"{scale:.3g}")
        )
        counted = self.tr("This mask drops {dropped:,} of {total:,} values.").format(
            dropped=drop.dropped, total=drop.mask.size
        )
        if drop.output_equals_input:
            same = self.tr("When predicting: output = input, nothing dropped ✓")
        else:
            same = self.tr("When predicting: output differs from input")
        self.summary.setText(f"{counted}<br><b>{same}</b>")


class FlattenPage(Page):
    """Where a map pixel lands in the flattened row: the formula, and the row around it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pick: tuple[int, int, int] | None = None
        self.spins: list[QSpinBox] = []
        self.labels: list[QLabel] = []
        row = QHBoxLayout()
        for name in ("row", "col", "channel"):
            label, spin = QLabel(), QSpinBox()
            spin.setObjectName(f"lesson_flatten_{name}")
            label.setBuddy(spin)
            spin.valueChanged.connect(self._on_spin)
            row.addWidget(label)
            row.addWidget(spin)
            self.labels.append(label)
            self.spins.append(spin)
        row.addStretch(1)
        self.caption, self.formula, self.strip = wrapped(), wrapped(), wrapped()
        self.formula.setObjectName("lesson_flatten_formula")
        self.map = LargeMap(SEQUENTIAL)
        self.map.setObjectName("lesson_flatten_map")
        self.map.cell_clicked.connect(self._on_cell)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.caption)
        layout.addWidget(self.map)
        layout.addWidget(self.formula)
        layout.addWidget(self.strip)
        layout.addStretch(1)
        self.retranslate()

    def worked(self) -> FlattenWorked | None:
        step = self.step
        if step is None or not isinstance(step.worked, FlattenWorked):
            return None
        flat = step.worked
        if self._pick is not None:
            limits = flat.shape
            r, c, k = (min(v, n - 1) for v, n in zip(self._pick, limits, strict=True))
            flat = flat.at(r, c, k)
        return flat

    @Slot()
    def _on_spin(self) -> None:
        if all(spin.isEnabled() for spin in self.spins):  # they count from 1
            self._pick = tuple(spin.value() - 1 for spin in self.spins)  # type: ignore[assignment]
            self.refresh()

    @Slot(int, int)
    def _on_cell(self, row: int, col: int) -> None:
        flat = self.worked()
        if flat is not None:
            self._pick = (row, col, flat.channel)
            self.refresh()

    def refresh(self) -> None:
        for label, text in zip(
            self.labels, (self.tr("&Row:"), self.tr("C&olumn:"), self.tr("Cha&nnel:")), strict=True
        ):
            label.setText(text)
        flat = self.worked()
        if flat is None:
            self.formula.setText(
                self.lesson.sentences(self.step)[0] if self.lesson and self.step else ""
            )
            return
        _h, wd, c = flat.shape
        for spin, value, limit in zip(
            self.spins, (flat.row, flat.col, flat.channel), flat.shape, strict=True
        ):
            spin.blockSignals(True)
            spin.setRange(ordinal(0), ordinal(limit - 1))
            spin.setValue(ordinal(value))
            spin.blockSignals(False)
        lo, hi = layer_scale(flat.inputs)
        self.map.set_values(flat.inputs[:, :, flat.channel], lo, hi)
        self.map.set_overlay(mark=(flat.row, flat.col))
        self.caption.setText(
            self.tr("Map {channel} of {count} · colour {scale}").format(
                channel=ordinal(flat.channel), count=c, scale=format_scale(lo, hi)
            )
        )
        self.formula.setText(
            self.tr(
                "Pixel (row {row}, column {col}, channel {channel}) → position (({row} − 1) × "
                "{w} + {col} − 1) × {c} + {channel} = <b>{index:,}</b> of {size:,}"
            ).format(
                row=ordinal(flat.row),
                col=ordinal(flat.col),
                channel=ordinal(flat.channel),
                w=wd,
                c=c,
                index=ordinal(flat.index),
                size=flat.size,
            )
        )
        first = max(0, min(flat.index - 3, flat.size - 7))
        indices = range(first, min(flat.size, first + 7))
        header = [self.tr("position"), self.tr("(row, column, channel)"), self.tr("value")]
        rows = []  # one row per place, not one column: the table fits a narrow dock
        for i in indices:
            r, rest = divmod(i, wd * c)
            col, k = divmod(rest, c)
            where = f"({ordinal(r)}, {ordinal(col)}, {ordinal(k)})"  # counted from 1
            rows.append([f"{ordinal(i):,}", where, num(float(flat.outputs[i]))])
        self.strip.setText(
            self.tr(
                "The flattened row around it: neighbours are the other channels of the same pixel."
            )
            + table(header, rows, bold_rows=[flat.index - first], text_columns=0)
        )


class NormalizationPage(Page):
    """One value through batch normalization."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = wrapped()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def refresh(self) -> None:
        step = self.step
        if step is None or not isinstance(step.worked, NormalizationWorked):
            self.text.setText("")
            return
        n = step.worked
        where = self.tr("Channel {channel}, the value at {index}:").format(
            channel=ordinal(n.channel), index=", ".join(str(ordinal(i)) for i in n.index)
        )
        self.text.setText(
            f"{where}<br>({num(n.value)} − {num(n.mean)}) / √({num(n.variance)} + {n.epsilon:g})"
            f" × {num(n.gamma)} + {num(n.beta)} = <b>{num(n.output)}</b>"
        )


class LinesPage(Page):
    """A step without a page of its own: its worked numbers as its kind writes them for a
    terminal (`Lesson.lines`), in a fixed-width font; nothing for a kind not worked out (its
    sentences say why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setObjectName("lesson_lines")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        monospace(self.text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def refresh(self) -> None:
        lines = self.lesson.lines(self.step) if self.lesson and self.step else []
        self.text.setText("\n".join(lines))
        self.text.setVisible(bool(lines))
