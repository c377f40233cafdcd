"""The convolution and pooling pages: a window sliding over a map, the arithmetic under it.

Both steps are a window moving over the layer's input, one output pixel per
position. The page shows the input map with the window outlined, the output
map with the pixel marked, and the arithmetic at that position (patch ×
kernel = products, + bias, activation; or the pooling window and the value
kept). Step moves the window one position, Play keeps stepping at the chosen
speed, the output map filling in as it goes; the slide ends on the last
position. Clicking a pixel of either map jumps there. The course's own
example (6×6 with the diagonal kernel; pooling [6, 8, 3, 4]) is one click
away and slides the same way. All numbers come from the lesson's worked step
(`ConvWorked.at`, `PoolWorked.at`); the page does no arithmetic of its own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.layers import Step
from digitpad.core.lesson import Lesson, LessonStep
from digitpad.core.lesson import worked_windows as ww
from digitpad.gui.feature_grid import GREY, SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.lesson_pages.common import (
    MatrixBox,
    Page,
    arithmetic_row,
    bold,
    num,
    signed,
    table,
    wrapped,
)
from digitpad.gui.map_view import MapView

SPEED_RANGE = (1, 60)  # positions a second
DEFAULT_SPEED = 8
TOP_ROWS = 4


class SlidingPage(Page):
    """A convolution or a pooling step (which one follows the lesson's worked step)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._channel: int | None = None  # the output map picked; None: the most active one's
        self._position: int | None = None  # output pixel as row × width + col; None: default
        self._sliding = False  # the map fills in up to the position
        self._input_channel: int | None = None  # a multi-channel conv: the input map shown
        self._course = False  # the course's example instead of the drawing
        self._step_key: str | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.step_once)
        self._build()
        self.retranslate()

    # Building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.channel_label, self.channel = QLabel(), QSpinBox()
        self.channel.setObjectName("lesson_channel")
        self.channel_label.setBuddy(self.channel)
        self.channel.valueChanged.connect(self._on_channel)
        self.input_label, self.input_channel = QLabel(), QSpinBox()
        self.input_channel.setObjectName("lesson_input_channel")
        self.input_label.setBuddy(self.input_channel)
        self.input_channel.valueChanged.connect(self._on_input_channel)
        self.most_active = QPushButton()
        self.most_active.setObjectName("lesson_most_active")
        self.most_active.clicked.connect(self.show_most_active)
        self.course_button = QPushButton()
        self.course_button.setObjectName("lesson_course_example")
        self.course_button.setCheckable(True)
        self.course_button.toggled.connect(self._on_course)
        picks = QHBoxLayout()  # two rows of controls: they must fit a narrow dock, in Chinese too
        for widget in (self.channel_label, self.channel, self.input_label, self.input_channel):
            picks.addWidget(widget)
        picks.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.most_active)
        buttons.addWidget(self.course_button)
        buttons.addStretch(1)

        self.input_caption, self.output_caption = wrapped(), wrapped()
        self.input_map, self.output_map = MapView(GREY), MapView(SEQUENTIAL)
        self.input_map.setObjectName("lesson_input_map")
        self.output_map.setObjectName("lesson_output_map")
        self.input_map.cell_clicked.connect(self._on_input_clicked)
        self.output_map.cell_clicked.connect(self.go_to)
        maps = QGridLayout()
        maps.addWidget(self.input_caption, 0, 0)
        maps.addWidget(self.output_caption, 0, 2)
        maps.addWidget(self.input_map, 1, 0)
        arrow = bold("→")
        arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
        maps.addWidget(arrow, 1, 1)
        maps.addWidget(self.output_map, 1, 2)
        maps.setColumnStretch(0, 1)
        maps.setColumnStretch(2, 1)

        self.where = wrapped()
        self.where.setObjectName("lesson_where")
        self.arithmetic, self.patch, self.kernel, self.products = arithmetic_row()
        self.window_box = MatrixBox(SEQUENTIAL)  # pooling: the window's values
        self.window_box.view.places = 4
        self.top_table = wrapped()
        self.top_table.setObjectName("lesson_top_channels")
        self.result = wrapped()
        self.result.setObjectName("lesson_result")

        self.start_over, self.step_button, self.play = QPushButton(), QPushButton(), QPushButton()
        self.start_over.setObjectName("lesson_start_over")
        self.step_button.setObjectName("lesson_step")
        self.play.setObjectName("lesson_play")
        self.play.setCheckable(True)
        self.start_over.clicked.connect(self.restart)
        self.step_button.clicked.connect(self.step_once)
        self.play.toggled.connect(self._on_play)
        self.speed_label, self.speed = QLabel(), QSlider(Qt.Orientation.Horizontal)
        self.speed.setObjectName("lesson_speed")
        self.speed.setRange(*SPEED_RANGE)
        self.speed.setValue(DEFAULT_SPEED)
        self.speed.valueChanged.connect(self._on_speed)
        self.speed_label.setBuddy(self.speed)
        self.position_label = QLabel()
        self.position_label.setObjectName("lesson_position")
        controls = QHBoxLayout()
        for control in (self.start_over, self.step_button, self.play, self.speed_label):
            controls.addWidget(control)
        controls.addWidget(self.speed, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picks)
        layout.addLayout(buttons)
        layout.addLayout(maps)
        layout.addLayout(controls)
        layout.addWidget(self.position_label)
        layout.addWidget(self.where)
        layout.addWidget(self.arithmetic)
        layout.addWidget(self.window_box, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.top_table)
        layout.addWidget(self.result)
        layout.addStretch(1)

    # State -------------------------------------------------------------------------------------

    def base(self) -> ww.ConvWorked | ww.PoolWorked | None:
        """The worked step the page slides over: the drawing's, or the course's example."""
        step = self.step
        if step is None:
            return None
        is_conv = step.step is Step.CONV
        if self._course:
            return ww.course_convolution() if is_conv else ww.course_pooling()
        worked = step.worked
        return worked if isinstance(worked, (ww.ConvWorked, ww.PoolWorked)) else None

    def count(self) -> int:
        """Output positions on one map."""
        base = self.base()
        return 0 if base is None else base.outputs.shape[0] * base.outputs.shape[1]

    def current(self) -> ww.ConvWorked | ww.PoolWorked | None:
        """The worked numbers at the position and map shown now."""
        base = self.base()
        if base is None:
            return None
        channel = base.channel if self._channel is None else self._channel
        channel = min(channel, base.outputs.shape[2] - 1)
        if self._position is None:
            return base.at(base.row, base.col, channel)
        row, col = divmod(min(self._position, self.count() - 1), base.outputs.shape[1])
        return base.at(row, col, channel)

    def position(self) -> int:
        current = self.current()
        return 0 if current is None else current.row * current.outputs.shape[1] + current.col

    def is_sliding(self) -> bool:
        return self._sliding

    def at_end(self) -> bool:
        return self._sliding and self.position() == self.count() - 1

    def show_step(self, lesson: Lesson, step: LessonStep | None) -> None:
        key = None if step is None else step.layer
        if key != self._step_key:  # another layer: start from its own default
            self.stop()
            self._step_key = key
            self._channel = self._position = self._input_channel = None
            self._sliding = False
            if self._course:
                self.course_button.setChecked(False)
        super().show_step(lesson, step)

    # Actions -----------------------------------------------------------------------------------

    def step_once(self) -> None:
        """One position further; the first step starts the slide at the top-left corner."""
        if not self._sliding:
            self._sliding = True
            self._position = 0
        elif self.position() < self.count() - 1:
            self._position = self.position() + 1
        if self.at_end():
            self.play.setChecked(False)
        self.refresh()

    def restart(self) -> None:
        self._sliding, self._position = True, 0
        self.refresh()

    def go_to(self, row: int, col: int) -> None:
        """Jump to output pixel (row, col): the whole map is shown again."""
        base = self.base()
        if base is None:
            return
        self.play.setChecked(False)
        self._sliding = False
        self._position = row * base.outputs.shape[1] + col
        self._input_channel = None
        self.refresh()

    def show_most_active(self) -> None:
        self.play.setChecked(False)
        self._channel = self._position = self._input_channel = None
        self._sliding = False
        self.refresh()

    def stop(self) -> None:
        self.play.setChecked(False)

    def _on_play(self, on: bool) -> None:
        if on:
            if not self._sliding or self.at_end():
                self.restart()
            self.timer.start(round(1000 / self.speed.value()))
        else:
            self.timer.stop()
        self.retranslate_controls()

    def _on_speed(self, value: int) -> None:
        if self.timer.isActive():
            self.timer.setInterval(round(1000 / value))
        self.retranslate_controls()

    def _on_channel(self, value: int) -> None:
        current = self.current()
        if current is not None and value != current.channel:
            self._channel = value
            self.refresh()

    def _on_input_channel(self, value: int) -> None:
        if self._input_channel != value and self.input_channel.isEnabled():
            self._input_channel = value
            self.refresh()

    def _on_course(self, on: bool) -> None:
        self.stop()
        self._course = on
        self._channel = self._position = self._input_channel = None
        self._sliding = False
        self.refresh()

    def _on_input_clicked(self, row: int, col: int) -> None:
        """The output pixel whose window starts nearest the clicked input pixel."""
        base = self.base()
        if base is None:
            return
        out_h, out_w = base.outputs.shape[:2]
        first_rows = np.array([base.window.rows(r)[0] for r in range(out_h)])
        first_cols = np.array([base.window.cols(c)[0] for c in range(out_w)])
        self.go_to(int(np.abs(first_rows - row).argmin()), int(np.abs(first_cols - col).argmin()))

    # Showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current()
        if current is None:
            return
        is_conv = isinstance(current, ww.ConvWorked)
        rows, cols = current.window.rows(current.row), current.window.cols(current.col)
        window = (int(rows[0]), int(cols[0]), int(rows[-1]), int(cols[-1]))
        in_channel = self._shown_input_channel(current)
        inputs = current.inputs[:, :, in_channel]
        first = self._course or (is_conv and current.inputs.shape[2] == 1 and self._is_first())
        self.input_map.set_colours(GREY if first else SEQUENTIAL)
        lo, hi = (0.0, 1.0) if first else layer_scale(current.inputs)
        if self._course:
            lo, hi = float(current.inputs.min()), float(max(current.inputs.max(), 1.0))
        for view in (self.input_map, self.output_map):
            view.numbers, view.places = self._course, 0
        self.input_map.set_values(inputs, lo, hi)
        self.input_map.set_overlay(window=window)
        out_lo, out_hi = layer_scale(current.outputs)
        self.output_map.set_values(current.outputs[:, :, current.channel], out_lo, out_hi)
        revealed = self.position() + 1 if self._sliding else None
        self.output_map.set_overlay(mark=(current.row, current.col), revealed=revealed)
        self._set_spin(self.channel, current.channel, current.outputs.shape[2] - 1)
        multi = is_conv and current.inputs.shape[2] > 1
        self._set_spin(self.input_channel, in_channel, current.inputs.shape[2] - 1, multi)
        self.input_label.setVisible(multi)
        self.input_channel.setVisible(multi)
        self.course_button.setChecked(self._course)
        if isinstance(current, ww.ConvWorked):
            self._show_conv(current, in_channel)
        else:
            self._show_pool(current)
        self.retranslate_controls()

    def _is_first(self) -> bool:
        lesson, step = self.lesson, self.step
        return lesson is not None and step is lesson.steps[1]

    def _shown_input_channel(self, current: ww.ConvWorked | ww.PoolWorked) -> int:
        if isinstance(current, ww.PoolWorked):
            return current.channel
        if current.inputs.shape[2] == 1:
            return 0
        if self._input_channel is not None:  # picked
            return min(self._input_channel, current.inputs.shape[2] - 1)
        if self._sliding:  # one map while the window slides: the top one where it started
            base = self.base()
            assert isinstance(base, ww.ConvWorked)
            return base.at(base.row, base.col, current.channel).top_channels(1)[0][0]
        return current.top_channels(1)[0][0]

    @staticmethod
    def _set_spin(spin: QSpinBox, value: int, maximum: int, enabled: bool = True) -> None:
        spin.blockSignals(True)
        spin.setRange(0, maximum)
        spin.setValue(value)
        spin.setEnabled(enabled)
        spin.blockSignals(False)

    def _show_conv(self, conv: ww.ConvWorked, in_channel: int) -> None:
        p = conv.pixel
        self.window_box.hide()
        self.arithmetic.show()
        places = 0 if self._course else 2
        for box in (self.patch, self.kernel, self.products):
            box.view.places = places
        lo, hi = self.input_map.scale()
        self.patch.view.set_colours(self.input_map.colours())
        self.patch.set_matrix(p.patch[:, :, in_channel], lo, hi)
        self.kernel.set_matrix(p.kernel[:, :, in_channel])
        self.products.set_matrix(p.products[:, :, in_channel])
        multi = p.patch.shape[2] > 1
        self.top_table.setVisible(multi)
        if multi:
            top = conv.top_channels(TOP_ROWS)
            rows = [[self.tr("input map {channel}").format(channel=k), num(s)] for k, s in top]
            rest = float(p.products.sum()) - sum(s for _k, s in top)
            others = p.patch.shape[2] - len(top)
            rows.append([self.tr("the other %n map(s)", "", others), num(rest)])
            header = [self.tr("input map"), self.tr("its products added")]
            self.top_table.setText(
                self.tr("Input maps that add the most to this pixel:") + table(header, rows)
            )

    def _show_pool(self, pool: ww.PoolWorked) -> None:
        self.arithmetic.hide()
        self.top_table.hide()
        self.window_box.show()
        values = np.where(np.isnan(pool.pooled.values), 0.0, pool.pooled.values)
        lo, hi = self.input_map.scale()
        self.window_box.view.places = 0 if self._course else 4
        self.window_box.view.set_colours(self.input_map.colours())
        self.window_box.set_matrix(values, lo, hi)
        self.window_box.view.set_overlay(kept=pool.pooled.kept)

    # Texts -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.most_active.setToolTip(self.tr("Back to the pixel that fires most"))
        self.start_over.setText(self.tr("Start over"))
        self.start_over.setToolTip(self.tr("Put the window back on the top-left corner"))
        self.step_button.setToolTip(self.tr("Move the window one position"))
        self.speed_label.setText(self.tr("Spee&d:"))
        self.input_label.setText(self.tr("&Input map:"))
        self.patch.caption.setText(self.tr("input patch"))
        self.kernel.caption.setText(self.tr("kernel"))
        self.products.caption.setText(self.tr("products"))
        self.window_box.caption.setText(self.tr("window"))
        super().retranslate()
        self.retranslate_controls()

    def retranslate_controls(self) -> None:
        """Texts that follow the state: buttons, captions, the position and the arithmetic."""
        current = self.current()
        is_pool = isinstance(current, ww.PoolWorked)
        self.channel_label.setText(self.tr("M&ap:") if is_pool else self.tr("&Feature map:"))
        self.most_active.setText(self.tr("Lar&gest") if is_pool else self.tr("M&ost active"))
        self.course_button.setText(
            self.tr("The course's e&xample")
            if not self._course
            else self.tr("Back to the dra&wing")
        )
        self.step_button.setText(self.tr("&Step"))
        self.play.setText(self.tr("&Pause") if self.play.isChecked() else self.tr("&Play"))
        speed = self.speed.value()
        self.speed.setToolTip(self.tr("%n position(s) a second", "", speed))
        end = self.at_end()
        self.step_button.setEnabled(current is not None and not end)
        self.play.setEnabled(current is not None and (not end or self.play.isChecked()))
        if current is None:
            return
        count = self.count()
        text = self.tr("Position {index} of {count}: output pixel (row {row}, column {col})")
        self.position_label.setText(
            text.format(index=self.position() + 1, count=count, row=current.row, col=current.col)
        )
        self._captions(current)
        if isinstance(current, ww.ConvWorked):
            self._conv_texts(current)
        else:
            self._pool_texts(current)

    def _captions(self, current: ww.ConvWorked | ww.PoolWorked) -> None:
        name = self.step.layer if self.step is not None else ""
        if self._course:
            self.input_caption.setText(
                self.tr("The course's 6×6 example")
                if isinstance(current, ww.ConvWorked)
                else self.tr("The course's example window")
            )
            self.output_caption.setText(self.tr("its output"))
            return
        scale_in = format_scale(*self.input_map.scale())
        scale_out = format_scale(*self.output_map.scale())
        if isinstance(current, ww.ConvWorked) and current.inputs.shape[2] == 1:
            inp = self.tr("Input ({height}×{width}) · colour {scale}")
        else:
            inp = self.tr("Input map {channel} ({height}×{width}) · colour {scale}")
        h, wd = current.inputs.shape[:2]
        channel = self._shown_input_channel(current)
        self.input_caption.setText(inp.format(channel=channel, height=h, width=wd, scale=scale_in))
        oh, ow = current.outputs.shape[:2]
        out = self.tr("{layer}, map {channel} ({height}×{width}) · colour {scale}")
        self.output_caption.setText(
            out.format(layer=name, channel=current.channel, height=oh, width=ow, scale=scale_out)
        )

    def _conv_texts(self, conv: ww.ConvWorked) -> None:
        p = conv.pixel
        rows, cols = conv.window.rows(conv.row), conv.window.cols(conv.col)
        where = self.tr(
            "The {kh}×{kw} patch at rows {first_row}–{last_row}, columns {first_col}–{last_col}, "
            "times the kernel, element by element:"
        )
        kh, kw = conv.window.size
        self.where.setText(
            where.format(
                kh=kh,
                kw=kw,
                first_row=rows[0],
                last_row=rows[-1],
                first_col=cols[0],
                last_col=cols[-1],
            )
        )
        places = 0 if self._course else 4
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
            text = f"{name}({{sum}}) = <b>{{value}}</b>"
        lines.append(text.format(sum=total, value=value))
        self.result.setText("<br>".join(lines))

    def _pool_texts(self, pool: ww.PoolWorked) -> None:
        rows, cols = pool.window.rows(pool.row), pool.window.cols(pool.col)
        where = self.tr(
            "The {ph}×{pw} window at rows {first_row}–{last_row}, columns {first_col}–{last_col}:"
        )
        ph, pw = pool.window.size
        self.where.setText(
            where.format(
                ph=ph,
                pw=pw,
                first_row=rows[0],
                last_row=rows[-1],
                first_col=cols[0],
                last_col=cols[-1],
            )
        )
        values = [v for v in pool.pooled.values.ravel() if not np.isnan(v)]
        places = 0 if self._course else 4
        listed = ", ".join(num(v, places) for v in values)
        if pool.mode == "average":
            text = self.tr("mean({values}) = <b>{value}</b>, the pooled pixel")
        else:
            text = self.tr("max({values}) = <b>{value}</b>, the pooled pixel")
        self.result.setText(text.format(values=listed, value=num(pool.output, places)))
