"""The convolution and pooling pages: a window sliding over a map, the arithmetic under it.

Both steps are a window moving over the layer's input, one output pixel per
position. The page shows the input map with the window outlined, the output
map with the pixel marked, and the arithmetic at that position (patch ×
kernel = products, + bias, activation; or the pooling window and the value
kept). Step moves the window one position, Play keeps stepping at the chosen
speed, the output map filling in as it goes; the slide ends on the last
position. Clicking a pixel of either map jumps there. The course's own
example (6×6 with the diagonal kernel; pooling [6, 8, 3, 4]) is one click
away and slides the same way. Where the window is and how it moves is
`slide.Slide`'s; the arithmetic under it is shown by `WindowArithmetic`. All
numbers come from the lesson's worked step (`ConvWorked.at`, `PoolWorked.at`);
the page does no arithmetic of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
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

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.layers.kinds.conv import ConvWorked
from digitpad.core.layers.kinds.pooling import PoolWorked
from digitpad.core.layers.values import ordinal
from digitpad.core.lesson.steps import Lesson, LessonStep
from digitpad.gui.colours import GREY, SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.labels import bold, html
from digitpad.gui.lesson.common import Page, wrapped
from digitpad.gui.lesson.large_map import LargeMap
from digitpad.gui.lesson.slide import Slide
from digitpad.gui.lesson.window_arithmetic import WindowArithmetic

SPEED_RANGE = (1, 60)  # positions a second
DEFAULT_SPEED = 8


class SlidingPage(Page):
    """A convolution or a pooling step (which one follows the lesson's worked step)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slide = Slide()
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
        self.input_map, self.output_map = LargeMap(GREY), LargeMap(SEQUENTIAL)
        self.input_map.setObjectName("lesson_input_map")
        self.output_map.setObjectName("lesson_output_map")
        self.input_map.cell_clicked.connect(self._on_input_clicked)
        self.output_map.cell_clicked.connect(self.go_to)
        maps = QGridLayout()
        maps.addWidget(self.input_caption, 0, 0)
        maps.addWidget(self.output_caption, 0, 2)
        maps.addWidget(self.input_map, 1, 0)
        maps.addWidget(bold("→", centred=True), 1, 1)
        maps.addWidget(self.output_map, 1, 2)
        maps.setColumnStretch(0, 1)
        maps.setColumnStretch(2, 1)

        self.arithmetic_panel = WindowArithmetic()

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
        layout.addWidget(self.arithmetic_panel)
        layout.addStretch(1)

    # State -------------------------------------------------------------------------------------

    def show_step(self, lesson: Lesson, step: LessonStep | None) -> None:
        key = None if step is None else step.layer
        if key != self._step_key:  # another layer: start from its own default
            self.stop()
            self._step_key = key
            self.slide.reset()
            if self.slide.course:
                self.course_button.setChecked(False)
        self.slide.step = step
        super().show_step(lesson, step)

    # Actions -----------------------------------------------------------------------------------

    @Slot()
    def step_once(self) -> None:
        """One position further; the first step starts the slide at the top-left corner."""
        self.slide.advance()
        if self.slide.at_end():
            self.play.setChecked(False)
        self.refresh()

    @Slot()
    def restart(self) -> None:
        self.slide.restart()
        self.refresh()

    @Slot(int, int)
    def go_to(self, row: int, col: int) -> None:
        """Jump to output pixel (row, col): the whole map is shown again."""
        if self.slide.base() is None:
            return
        self.play.setChecked(False)
        self.slide.go_to(row, col)
        self.refresh()

    @Slot()
    def show_most_active(self) -> None:
        self.play.setChecked(False)
        self.slide.reset()
        self.refresh()

    def stop(self) -> None:
        self.play.setChecked(False)

    @Slot(bool)
    def _on_play(self, on: bool) -> None:
        if on:
            if not self.slide.sliding or self.slide.at_end():
                self.restart()
            self.timer.start(round(1000 / self.speed.value()))
        else:
            self.timer.stop()
        self.retranslate_controls()

    @Slot(int)
    def _on_speed(self, value: int) -> None:
        if self.timer.isActive():
            self.timer.setInterval(round(1000 / value))
        self.retranslate_controls()

    @Slot(int)
    def _on_channel(self, number: int) -> None:
        current, value = self.slide.current(), number - 1  # the spin box counts from 1
        if current is not None and value != current.channel:
            self.slide.channel = value
            self.refresh()

    @Slot(int)
    def _on_input_channel(self, number: int) -> None:
        value = number - 1  # the spin box counts from 1
        if self.slide.input_channel != value and self.input_channel.isEnabled():
            self.slide.input_channel = value
            self.refresh()

    @Slot(bool)
    def _on_course(self, on: bool) -> None:
        self.stop()
        self.slide.course = on
        self.slide.reset()
        self.refresh()

    @Slot(int, int)
    def _on_input_clicked(self, row: int, col: int) -> None:
        """The output pixel whose window starts nearest the clicked input pixel."""
        target = self.slide.nearest(row, col)
        if target is not None:
            self.go_to(*target)

    # Showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        slide, current = self.slide, self.slide.current()
        if current is None:
            return
        is_conv = isinstance(current, ConvWorked)
        rows, cols = current.window.rows(current.row), current.window.cols(current.col)
        window = (int(rows[0]), int(cols[0]), int(rows[-1]), int(cols[-1]))
        in_channel = slide.shown_input_channel(current)
        inputs = current.inputs[:, :, in_channel]
        first = slide.course or (is_conv and current.inputs.shape[2] == 1 and self._is_first())
        self.input_map.set_colours(GREY if first else SEQUENTIAL)
        lo, hi = (0.0, 1.0) if first else layer_scale(current.inputs)
        if slide.course:
            lo, hi = float(current.inputs.min()), float(max(current.inputs.max(), 1.0))
        for view in (self.input_map, self.output_map):
            view.numbers, view.places = slide.course, 0
        self.input_map.set_values(inputs, lo, hi)
        self.input_map.set_overlay(window=window)
        out_lo, out_hi = layer_scale(current.outputs)
        self.output_map.set_values(current.outputs[:, :, current.channel], out_lo, out_hi)
        revealed = slide.position() + 1 if slide.sliding else None
        self.output_map.set_overlay(mark=(current.row, current.col), revealed=revealed)
        self._set_spin(self.channel, current.channel, current.outputs.shape[2] - 1)
        multi = is_conv and current.inputs.shape[2] > 1
        self._set_spin(self.input_channel, in_channel, current.inputs.shape[2] - 1, multi)
        self.input_label.setVisible(multi)
        self.input_channel.setVisible(multi)
        self.course_button.setChecked(slide.course)
        self.arithmetic_panel.show_worked(
            current, in_channel, slide.course, self.input_map.scale(), self.input_map.colours()
        )
        self.retranslate_controls()

    def _is_first(self) -> bool:
        lesson, step = self.lesson, self.step
        return lesson is not None and step is lesson.steps[1]

    @staticmethod
    def _set_spin(spin: QSpinBox, value: int, maximum: int, enabled: bool = True) -> None:
        """Show 0-based `value` (of 0…`maximum`) counted from 1, as everything a person reads."""
        spin.blockSignals(True)
        spin.setRange(ordinal(0), ordinal(maximum))
        spin.setValue(ordinal(value))
        spin.setEnabled(enabled)
        spin.blockSignals(False)

    # Texts -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.most_active.setToolTip(self.tr("Back to the pixel that fires most"))
        self.start_over.setText(self.tr("Start over"))
        self.start_over.setToolTip(self.tr("Put the window back on the top-left corner"))
        self.step_button.setToolTip(self.tr("Move the window one position"))
        self.speed_label.setText(self.tr("Spee&d:"))
        self.input_label.setText(self.tr("&Input map:"))
        super().retranslate()
        self.retranslate_controls()

    def retranslate_controls(self) -> None:
        """Texts that follow the state: buttons, captions and the position."""
        current = self.slide.current()
        is_pool = isinstance(current, PoolWorked)
        self.channel_label.setText(self.tr("M&ap:") if is_pool else self.tr("&Feature map:"))
        self.most_active.setText(self.tr("Lar&gest") if is_pool else self.tr("M&ost active"))
        self.course_button.setText(
            self.tr("The course's e&xample")
            if not self.slide.course
            else self.tr("Back to the dra&wing")
        )
        self.step_button.setText(self.tr("&Step"))
        self.play.setText(self.tr("&Pause") if self.play.isChecked() else self.tr("&Play"))
        speed = self.speed.value()
        self.speed.setToolTip(self.tr("%n position(s) a second", "", speed))
        end = self.slide.at_end()
        self.step_button.setEnabled(current is not None and not end)
        self.play.setEnabled(current is not None and (not end or self.play.isChecked()))
        if current is None:
            return
        count = self.slide.count()
        text = self.tr("Position {index} of {count}: output pixel (row {row}, column {col})")
        self.position_label.setText(
            text.format(
                index=ordinal(self.slide.position()),
                count=count,
                row=ordinal(current.row),
                col=ordinal(current.col),
            )
        )
        self._captions(current)

    def _captions(self, current: ConvWorked | PoolWorked) -> None:
        name = html(shown(self.step.layer, QUOTED_CHARS)) if self.step is not None else ""
        if self.slide.course:
            self.input_caption.setText(
                self.tr("The course's 6×6 example")
                if isinstance(current, ConvWorked)
                else self.tr("The course's example window")
            )
            self.output_caption.setText(self.tr("its output"))
            return
        scale_in = format_scale(*self.input_map.scale())
        scale_out = format_scale(*self.output_map.scale())
        if isinstance(current, ConvWorked) and current.inputs.shape[2] == 1:
            inp = self.tr("Input ({height}×{width}) · colour {scale}")
        else:
            inp = self.tr("Input map {channel} ({height}×{width}) · colour {scale}")
        h, wd = current.inputs.shape[:2]
        channel = self.slide.shown_input_channel(current)
        self.input_caption.setText(
            inp.format(channel=ordinal(channel), height=h, width=wd, scale=scale_in)
        )
        oh, ow = current.outputs.shape[:2]
        out = self.tr("{layer}, map {channel} ({height}×{width}) · colour {scale}")
        self.output_caption.setText(
            out.format(
                layer=name,
                channel=ordinal(current.channel),
                height=oh,
                width=ow,
                scale=scale_out,
            )
        )
