"""The arithmetic under the window at one position, below the sliding page's maps.

A convolution: where the patch is, patch × kernel = products (for the input
map shown), which input maps add the most when there are several, then the
sum + bias and the activation. A pooling: the window's values and the one
kept (or their mean). The numbers are the worked step's (`ConvWorked`,
`PoolWorked`); the texts are made again from them on a language switch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from digitpad.core.layers.kinds.conv import ConvWorked
from digitpad.core.layers.kinds.pooling import PoolWorked
from digitpad.core.layers.values import ordinal
from digitpad.gui.colours import SEQUENTIAL
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import html
from digitpad.gui.lesson.common import (
    MatrixBox,
    arithmetic_row,
    num,
    signed,
    table,
    wrapped,
)

TOP_ROWS = 4  # input maps listed by what they add to the pixel


@dataclass(frozen=True)
class _Shown:
    worked: ConvWorked | PoolWorked
    in_channel: int  # the input map shown (a convolution's patch and kernel are its)
    course: bool  # the course's example: whole numbers
    scale: tuple[float, float]  # the input map's colour scale
    colours: list[int]  # and its colours


class WindowArithmetic(Retranslating, QWidget):
    """What the window computes at the position shown (`show`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = wrapped()
        self.where.setObjectName("lesson_where")
        self.arithmetic, self.patch, self.kernel, self.products = arithmetic_row()
        self.window_box = MatrixBox(SEQUENTIAL)  # pooling: the window's values
        self.window_box.matrix.places = 4
        self.top_table = wrapped()
        self.top_table.setObjectName("lesson_top_channels")
        self.result = wrapped()
        self.result.setObjectName("lesson_result")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.arithmetic)
        layout.addWidget(self.window_box, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.top_table)
        layout.addWidget(self.result)
        self._shown: _Shown | None = None
        self.retranslate()

    def show_worked(
        self,
        worked: ConvWorked | PoolWorked,
        in_channel: int,
        course: bool,
        scale: tuple[float, float],
        colours: list[int],
    ) -> None:
        """The arithmetic of `worked`, its patch coloured like the input map beside it."""
        self._shown = _Shown(worked, in_channel, course, scale, colours)
        if isinstance(worked, ConvWorked):
            self._show_conv(worked)
        else:
            self._show_pool(worked)
        self._texts()

    def retranslate(self) -> None:
        self.patch.caption.setText(self.tr("input patch"))
        self.kernel.caption.setText(self.tr("kernel"))
        self.products.caption.setText(self.tr("products"))
        self.window_box.caption.setText(self.tr("window"))
        shown = self._shown
        if shown is not None:
            self.show_worked(
                shown.worked, shown.in_channel, shown.course, shown.scale, shown.colours
            )

    # Numbers ----------------------------------------------------------------------------------

    def _show_conv(self, conv: ConvWorked) -> None:
        shown = self._shown
        assert shown is not None
        p, in_channel = conv.pixel, shown.in_channel
        self.window_box.hide()
        self.arithmetic.show()
        places = 0 if shown.course else 2
        for box in (self.patch, self.kernel, self.products):
            box.matrix.places = places
        self.patch.matrix.set_colours(shown.colours)
        self.patch.set_matrix(p.patch[:, :, in_channel], *shown.scale)
        self.kernel.set_matrix(p.kernel[:, :, in_channel])
        self.products.set_matrix(p.products[:, :, in_channel])
        multi = p.patch.shape[2] > 1
        self.top_table.setVisible(multi)
        if multi:
            top = conv.top_channels(TOP_ROWS)
            rows = [
                [self.tr("input map {channel}").format(channel=ordinal(k)), num(s)] for k, s in top
            ]
            rest = float(p.products.sum()) - sum(s for _k, s in top)
            others = p.patch.shape[2] - len(top)
            rows.append([self.tr("the other %n map(s)", "", others), num(rest)])
            header = [self.tr("input map"), self.tr("its products added")]
            self.top_table.setText(
                self.tr("Input maps that add the most to this pixel:") + table(header, rows)
            )

    def _show_pool(self, pool: PoolWorked) -> None:
        shown = self._shown
        assert shown is not None
        self.arithmetic.hide()
        self.top_table.hide()
        self.window_box.show()
        values = np.where(np.isnan(pool.pooled.values), 0.0, pool.pooled.values)
        self.window_box.matrix.places = 0 if shown.course else 4
        self.window_box.matrix.set_colours(shown.colours)
        self.window_box.set_matrix(values, *shown.scale)
        self.window_box.matrix.set_overlay(kept=pool.pooled.kept)

    # Texts ------------------------------------------------------------------------------------

    def _texts(self) -> None:
        shown = self._shown
        assert shown is not None
        worked, places = shown.worked, 0 if shown.course else 4
        height, width = worked.window.size
        if isinstance(worked, ConvWorked):
            where = self.tr(
                "The {kh}×{kw} patch at rows {first_row}–{last_row}, "
                "columns {first_col}–{last_col}, times the kernel, element by element:"
            )
            self.where.setText(_where(where, worked, kh=height, kw=width))
            self.result.setText(self._conv_result(worked, places))
        else:
            where = self.tr(
                "The {ph}×{pw} window at rows {first_row}–{last_row}, "
                "columns {first_col}–{last_col}:"
            )
            self.where.setText(_where(where, worked, ph=height, pw=width))
            self.result.setText(self._pool_result(worked, places))

    def _conv_result(self, conv: ConvWorked, places: int) -> str:
        p = conv.pixel
        lines = [
            self.tr("sum of products {products} + bias {bias} = {sum}").format(
                products=num(float(p.products.sum()), places),
                bias=signed(p.bias, places),
                sum=num(p.sum, places),
            )
        ]
        name, total, value = conv.activation, num(p.sum, places), num(conv.output, places)
        if name == "relu":
            text = self.tr("ReLU: max({sum}, 0) = <b>{value}</b>, the map's pixel")
        elif name in (None, "linear"):
            text = self.tr("no activation: <b>{value}</b>, the map's pixel")
        else:
            text = f"{html(name)}({{sum}}) = <b>{{value}}</b>"
        lines.append(text.format(sum=total, value=value))
        return "<br>".join(lines)

    def _pool_result(self, pool: PoolWorked, places: int) -> str:
        values = [v for v in pool.pooled.values.ravel() if not np.isnan(v)]
        listed = ", ".join(num(v, places) for v in values)
        if pool.mode == "average":
            text = self.tr("mean({values}) = <b>{value}</b>, the pooled pixel")
        else:
            text = self.tr("max({values}) = <b>{value}</b>, the pooled pixel")
        return text.format(values=listed, value=num(pool.output, places))


def _where(sentence: str, worked: ConvWorked | PoolWorked, **size: int) -> str:
    """`sentence` with the window's `size` and the input rows and columns it covers."""
    rows, cols = worked.window.rows(worked.row), worked.window.cols(worked.col)
    return sentence.format(
        **size,
        first_row=ordinal(rows[0]),
        last_row=ordinal(rows[-1]),
        first_col=ordinal(cols[0]),
        last_col=ordinal(cols[-1]),
    )
