"""View ▸ Walk through the network: the course, step by step, on the drawing on the pad.

A dock beside the pad (it never covers it), live: while it shows, the window's
prediction service sends an `Inspection` for every drawing, and the dock
builds the walk-through from that same forward pass (`core.lesson`), so its
numbers are the prediction's own. A step list with Previous and Next leads
through the input, every layer, which pixels decided it, and the parameters;
each step shows its title, the Keras line that makes it, a few sentences in
the course's terms and its page (`pages`). `step_widget()` is one
step's whole content, for a picture of it (`grab()`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui.adaptive import SideBySide, VerticalScrollArea, fit_combo
from digitpad.gui.experiments.page import ExperimentPage
from digitpad.gui.i18n import Retranslating
from digitpad.gui.labels import plain
from digitpad.gui.lesson.pages import (
    KERNEL,
    MAPS_OFF,
    MOVE,
    PARAMETERS,
    PSEUDO_STEPS,
    SALIENCY,
    Page,
    page_for,
)
from digitpad.gui.replay.time_slider import TrainingTimeSlider
from digitpad.gui.wheel import guard_wheels
from digitpad.gui.zoom import follow_zoom, monospace, scaled_font

if TYPE_CHECKING:
    from digitpad.core.inference.prediction import Inspection
    from digitpad.core.lesson.steps import Lesson, LessonStep
    from digitpad.gui.experiments.state import ExperimentState
    from digitpad.gui.experiments.worker import ExperimentWorker

TITLE_SCALE = 1.25  # the step's title, relative to the widget's font


class LessonDock(Retranslating, QDockWidget):
    """The walk-through dock. `show_inspection` takes one `Inspection` (None: a blank pad)."""

    step_changed = Signal(str)  # the key of the step shown: a layer name, "saliency", ...

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_dock")
        self.setAllowedAreas(
            Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.lesson: Lesson | None = None
        self._inspection: Inspection | None = None
        self._built_from: Inspection | None = None
        self._keys: list[str] = []
        self._key: str | None = None  # the step shown (kept across drawings and models)
        self._pages: dict[type[Page], Page] = {}
        # Try it on the network (`attach_experiments`): its steps appear once attached.
        self.experiments: ExperimentState | None = None
        self.worker: ExperimentWorker | None = None

        self.steps = QComboBox()
        self.steps.setObjectName("lesson_steps")
        self.steps.currentIndexChanged.connect(self._on_step_chosen)
        self.previous, self.next = QPushButton(), QPushButton()
        self.previous.setObjectName("lesson_previous")
        self.next.setObjectName("lesson_next")
        self.previous.clicked.connect(lambda: self.go(-1))
        self.next.clicked.connect(lambda: self.go(1))
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.previous)
        row.addStretch(1)
        row.addWidget(self.next)
        # The step list and its buttons in one row, or (a narrow dock) the list above them.
        self.bar = SideBySide(self.steps, buttons, stretches=(1, 0))

        self.title = plain(QLabel())  # names the layer, as the model file does
        self.title.setObjectName("lesson_title")
        scaled_font(self.title, TITLE_SCALE, bold=True)  # both follow View ▸ Zoom
        self.title.setWordWrap(True)
        self.code = plain(QLabel())
        self.code.setObjectName("lesson_code")
        monospace(self.code)
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentences = plain(QLabel())
        self.sentences.setObjectName("lesson_sentences")
        self.sentences.setWordWrap(True)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("lesson_placeholder")
        self.placeholder.setWordWrap(True)
        # One page per kind; only the one shown is visible, so only it sizes the step.
        self.pages = QWidget()
        self._pages_layout = QVBoxLayout(self.pages)
        self._pages_layout.setContentsMargins(0, 0, 0, 0)

        self.content = QWidget()  # one step, whole: what a picture of the step shows
        self.content.setObjectName("lesson_step_content")
        column = QVBoxLayout(self.content)
        for widget in (self.title, self.code, self.sentences, self.placeholder, self.pages):
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll_area = VerticalScrollArea(self.content)  # text wraps at the dock's width

        self.training_time = TrainingTimeSlider()  # the run's snapshots (issue 24)
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.addWidget(self.training_time)
        self._outer = outer
        outer.addWidget(self.bar)
        outer.addWidget(self.scroll_area, 1)
        self.setWidget(body)
        self.visibilityChanged.connect(self._on_visible)
        follow_zoom(self.steps, self._fit_steps)
        guard_wheels(self)
        self.retranslate()

    # Public ------------------------------------------------------------------------------------

    @Slot(object)
    def show_inspection(self, inspection: Inspection | None) -> None:
        """The newest forward pass for the drawing on the pad (None: the pad is blank)."""
        self._inspection = inspection
        if self.isVisible():
            self._rebuild()

    def step_keys(self) -> list[str]:
        return list(self._keys)

    def current_key(self) -> str | None:
        return self._key

    def current_page(self) -> Page | None:
        if self.lesson is None:
            return None
        return next((page for page in self._pages.values() if page.isVisibleTo(self)), None)

    def step_widget(self) -> QWidget:
        """The step shown, title to numbers: `grab()` it for a picture of the step."""
        return self.content

    def show_step(self, key: str) -> None:
        """Go to the step with `key` (a layer name, "input", "saliency", "parameters")."""
        if key in self._keys:
            self.steps.setCurrentIndex(self._keys.index(key))

    def go(self, delta: int) -> None:
        index = self.steps.currentIndex() + delta
        if 0 <= index < self.steps.count():
            self.steps.setCurrentIndex(index)

    def attach_experiments(self, state: ExperimentState, worker: ExperimentWorker) -> None:
        """Offer the experiments' steps (move it, edit a kernel, switch maps off), changing
        `state`, with the heavier sums on `worker`; a banner says when one is on."""
        from digitpad.gui.experiments.banner import ExperimentBanner

        self.experiments, self.worker = state, worker
        self.banner = ExperimentBanner(state)
        self._outer.insertWidget(0, self.banner)
        for page in self._pages.values():
            if isinstance(page, ExperimentPage):
                page.attach(state, worker)

    # Building ----------------------------------------------------------------------------------

    @Slot(bool)
    def _on_visible(self, visible: bool) -> None:
        if visible:
            self._rebuild()
        else:
            page = self.current_page()
            if page is not None:
                page.stop()

    def _rebuild(self) -> None:
        inspection = self._inspection
        if inspection is self._built_from and (inspection is None or self.lesson is not None):
            return
        self._built_from = inspection
        if inspection is None:
            self.lesson = None
        else:
            from digitpad.core.lesson.steps import build_lesson

            self.lesson = build_lesson(inspection)
        self._fill_steps()
        self._show_current()

    def _fill_steps(self) -> None:
        lesson = self.lesson
        keys = [] if lesson is None else [step.layer for step in lesson.steps]
        if lesson is not None:
            keys = self._with_experiments(keys)
            if lesson.saliency is not None:
                keys.append(SALIENCY)
            keys.append(PARAMETERS)
        if keys != self._keys:
            self._keys = keys
            if keys and self._key not in keys:  # a blank pad keeps the step for the next digit
                self._key = keys[0]
        self._retitle_steps()

    def _with_experiments(self, keys: list[str]) -> list[str]:
        """The layers' keys with the experiments' steps: moving after the input, editing a
        kernel after the convolution it edits, switching maps off after the last one."""
        from digitpad.core.experiments.kernels import editable_layer
        from digitpad.core.experiments.ranking import maps_layers
        from digitpad.core.experiments.tried import TriedInspection

        inspection = self._built_from
        if self.experiments is None or not isinstance(inspection, TriedInspection):
            return keys
        out = list(keys)
        out.insert(1, MOVE)
        base = inspection.base_network
        if base is not None:
            maps = maps_layers(base)
            if maps and maps[-1] in out:
                out.insert(out.index(maps[-1]) + 1, MAPS_OFF)
            edited = editable_layer(base)
            if edited is not None and edited.name in out:
                out.insert(out.index(edited.name) + 1, KERNEL)
        return out

    def _retitle_steps(self) -> None:
        self.steps.blockSignals(True)
        self.steps.clear()
        for i, key in enumerate(self._keys, 1):
            self.steps.addItem(f"{i}. {self._title(key)}")
        if self._key in self._keys:
            self.steps.setCurrentIndex(self._keys.index(self._key))
        self.steps.blockSignals(False)
        self._fit_steps()
        self.previous.setEnabled(self.steps.currentIndex() > 0)
        self.next.setEnabled(0 <= self.steps.currentIndex() < self.steps.count() - 1)

    def _fit_steps(self, _zoom: float = 1.0) -> None:
        """The step list is never narrower than its longest step's title."""
        fit_combo(self.steps)

    @Slot(int)
    def _on_step_chosen(self, index: int) -> None:
        if 0 <= index < len(self._keys):
            page = self.current_page()
            if page is not None:
                page.stop()
            self._key = self._keys[index]
            self._show_current()
            self.previous.setEnabled(index > 0)
            self.next.setEnabled(index < len(self._keys) - 1)
            self.step_changed.emit(self._key)

    def _step(self, key: str | None) -> LessonStep | None:
        lesson = self.lesson
        if lesson is None:
            return None
        return next((s for s in lesson.steps if s.layer == key), None)

    def _page_class(self, key: str) -> type[Page]:
        if key in PSEUDO_STEPS:
            return page_for(key)
        step = self._step(key)
        assert step is not None
        return page_for(step.step)

    def _show_current(self) -> None:
        lesson, key = self.lesson, self._key
        has_lesson = lesson is not None and key is not None
        for widget in (self.title, self.code, self.sentences, self.pages):
            widget.setVisible(has_lesson)
        self.placeholder.setVisible(not has_lesson)
        if lesson is None or key is None:
            return
        cls = self._page_class(key)
        page = self._pages.get(cls)
        if page is None:
            page = self._pages[cls] = cls()
            self._pages_layout.addWidget(page)
            guard_wheels(page)  # its fields let the wheel scroll the step until clicked
            if isinstance(page, ExperimentPage) and self.experiments and self.worker:
                page.attach(self.experiments, self.worker)
        for other in self._pages.values():
            other.setVisible(other is page)
        if isinstance(page, ExperimentPage):
            page.show_inspection(self._built_from)
        page.show_step(lesson, self._step(key))
        self._show_header()

    def _title(self, key: str) -> str:
        if key == SALIENCY:
            return self.tr("Which pixels decided it")
        if key == PARAMETERS:
            return self.tr("Parameters")
        if key == MOVE:
            return self.tr("Try it: move the digit")
        if key == KERNEL:
            return self.tr("Try it: edit a kernel")
        if key == MAPS_OFF:
            return self.tr("Try it: switch feature maps off")
        step = self._step(key)
        return self.lesson.title(step) if self.lesson is not None and step is not None else key

    def _show_header(self) -> None:
        lesson, key = self.lesson, self._key
        if lesson is None or key is None:
            return
        self.title.setText(self._title(key))
        if key == SALIENCY:
            code, sentences = "", lesson.saliency_sentences()
        elif key == PARAMETERS:
            code, sentences = "model.summary()", lesson.parameter_sentences()
        elif key in (MOVE, KERNEL, MAPS_OFF):
            code, sentences = "", self._experiment_intro(key)
        else:
            step = self._step(key)
            assert step is not None
            code, sentences = step.keras_line, lesson.sentences(step)
        self.code.setText(code)
        self.code.setVisible(bool(code))
        self.sentences.setText("\n".join(sentences))

    def _experiment_intro(self, key: str) -> list[str]:
        """What an experiment's step is about (its page says what it finds)."""
        if key == MOVE:
            return [
                self.tr(
                    "The course says a CNN recognizes a shape wherever it is (位移不變性). Try it: "
                    "move the 28×28 the network sees, pixel by pixel, and watch each layer."
                )
            ]
        if key == KERNEL:
            return [
                self.tr(
                    "Each kernel picks out a feature of the image. Type a kernel's weights, or "
                    "pick a classic one, and see its feature map and everything after it change."
                )
            ]
        return [
            self.tr(
                "Every later step, the bars and which pixels decided it follow the maps you "
                "switch off: their outputs become 0."
            )
        ]

    # Texts -------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Walk through the network"))
        self.previous.setText(self.tr("◀ P&revious"))
        self.next.setText(self.tr("Nex&t ▶"))
        self.steps.setAccessibleName(self.tr("Step"))
        self.placeholder.setText(
            self.tr(
                "Draw a digit on the pad: the walk-through follows your drawing, layer by layer."
            )
        )
        self._retitle_steps()
        self._show_header()
