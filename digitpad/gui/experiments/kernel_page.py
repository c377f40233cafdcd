"""Walk-through step "Edit a kernel": a first-layer kernel typed in or picked from the classics.

Pick one of the first convolution's kernels (numbered from 1), then type its nine weights
and its bias (`KernelEditor`, each within ±10) or pick a classic kernel: vertical edge,
horizontal edge, blur, or the course's diagonal [[0,0,1],[0,1,0],[1,0,0]]. Its feature map
with the model's own kernel and with yours stand side by side, both for the 28×28 the
network sees now; the bars, the inside view and the later steps follow. Reset puts the
model's own kernel back; nothing is ever written to the model file.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.experiments.experiment import Experiment, KernelEdit
from digitpad.core.experiments.kernels import CLASSIC_KERNELS, editable_layer, own_kernel
from digitpad.core.experiments.words import percent
from digitpad.gui.adaptive import SideBySide
from digitpad.gui.colours import DIVERGING, SEQUENTIAL, format_scale, layer_scale
from digitpad.gui.experiments.kernel_editor import KernelEditor
from digitpad.gui.experiments.page import ExperimentPage, same_input
from digitpad.gui.labels import bold
from digitpad.gui.lesson.common import MatrixBox, captioned_pair, wrapped
from digitpad.gui.lesson.large_map import LargeMap

if TYPE_CHECKING:
    from digitpad.core.inference.network import Network
    from digitpad.core.layers.kind import LayerInfo

KEY = "kernel"


def _own_reading(base: Network, experiment: Experiment, image: np.ndarray) -> np.ndarray:
    """The probabilities with every experiment's change but the edited kernels."""
    unedited = Experiment(experiment.shift, experiment.off)
    return unedited.network(base).one(image)[1]


class KernelPage(ExperimentPage):
    """Edit a first-layer kernel (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index: int | None = None  # the kernel picked, from 0 (None: the most active)
        self._own_for: tuple[np.ndarray, Experiment, object] | None = None
        self.own_probabilities: np.ndarray | None = None
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.pick_label, self.pick = QLabel(), QSpinBox()
        self.pick.setObjectName("kernel_pick")
        self.pick_label.setBuddy(self.pick)
        self.pick.valueChanged.connect(self._on_pick)
        self.reset = QPushButton()
        self.reset.setObjectName("kernel_reset")
        self.reset.clicked.connect(self._on_reset)
        self.reset_all = QPushButton()
        self.reset_all.setObjectName("kernel_reset_all")
        self.reset_all.clicked.connect(self._on_reset_all)
        picking = QWidget()
        pick_row = QHBoxLayout(picking)
        pick_row.setContentsMargins(0, 0, 0, 0)
        pick_row.addWidget(self.pick_label)
        pick_row.addWidget(self.pick)
        pick_row.addStretch(1)
        buttons = QWidget()
        button_row = QHBoxLayout(buttons)
        button_row.setContentsMargins(0, 0, 0, 0)
        button_row.addWidget(self.reset)
        button_row.addWidget(self.reset_all)
        button_row.addStretch(1)
        top = SideBySide(picking, buttons, stretches=(0, 1))  # stacked in a narrow dock

        self.classics: dict[str, QPushButton] = {}
        self.classic_label = QLabel()
        classics = QGridLayout()  # two by two: they must fit a narrow dock, in Chinese too
        for i, kernel in enumerate(CLASSIC_KERNELS):
            button = QPushButton()
            button.setObjectName(f"kernel_{kernel.key}")
            button.clicked.connect(partial(self._on_classic, kernel.key))
            self.classics[kernel.key] = button
            classics.addWidget(button, i // 2, i % 2)
        classics.setColumnStretch(2, 1)

        self.own = MatrixBox(DIVERGING)
        self.editor = KernelEditor()
        self.editor.edited.connect(self._on_edited)
        self.editor_caption = bold()
        editing = QWidget()
        editor_box = QVBoxLayout(editing)
        editor_box.setContentsMargins(0, 0, 0, 0)
        editor_box.addWidget(self.editor_caption)
        editor_box.addWidget(self.editor)
        kernels = SideBySide(self.own, editing, stretches=(0, 1))

        self.before_caption, self.after_caption = wrapped(), wrapped()
        self.before, self.after = LargeMap(SEQUENTIAL), LargeMap(SEQUENTIAL)
        self.before.setObjectName("kernel_map_own")
        self.after.setObjectName("kernel_map_edited")
        maps = captioned_pair(
            (self.before_caption, self.before), (self.after_caption, self.after), even=True
        )
        self.reading = wrapped()
        self.reading.setObjectName("kernel_reading")
        self.note = wrapped()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(self.classic_label)
        layout.addLayout(classics)
        layout.addWidget(kernels)
        layout.addLayout(maps)
        layout.addWidget(self.reading)
        layout.addWidget(self.note)
        layout.addStretch(1)

    # State -------------------------------------------------------------------------------------

    def _layer(self) -> LayerInfo | None:
        inspection = self.inspection
        base = inspection.base_network if inspection is not None else None
        return None if base is None else editable_layer(base)

    def index(self) -> int:
        """The kernel shown, from 0."""
        return max(0, self.pick.value() - 1)

    def _on_pick(self, value: int) -> None:
        self._index = value - 1
        if self.inspection is not None:
            self.refresh()

    def _on_edited(self, kernel: np.ndarray, bias: float) -> None:
        layer = self._layer()
        if layer is None or self.state is None:
            return
        rows = tuple(tuple(float(v) for v in row) for row in kernel)
        self.state.set_kernel(KernelEdit(layer.name, self.index(), rows, float(bias)))

    def _on_classic(self, key: str) -> None:
        layer = self._layer()
        kernel = next(k for k in CLASSIC_KERNELS if k.key == key)
        if layer is None or self.state is None:
            return
        self.state.set_kernel(KernelEdit(layer.name, self.index(), kernel.values, kernel.bias))

    def _on_reset(self) -> None:
        layer = self._layer()
        if layer is not None and self.state is not None:
            self.state.reset_kernel(layer.name, self.index())

    def _on_reset_all(self) -> None:
        if self.state is not None:
            self.state.reset_kernels()

    # Showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        inspection = self.inspection
        layer = self._layer()
        if inspection is None or layer is None or inspection.base_network is None:
            return
        base = inspection.base_network
        experiment = inspection.experiment
        by_name = {a.name: a for a in inspection.layers}
        after = np.asarray(by_name[layer.name].values)
        count = layer.size
        if self._index is None:  # the most active map, at first
            self._index = int(after.reshape(-1, count).sum(axis=0).argmax())
        self.pick.blockSignals(True)
        self.pick.setRange(1, count)
        self.pick.setValue(min(self._index, count - 1) + 1)
        self.pick.blockSignals(False)
        index = self.index()
        own, own_bias = own_kernel(base, layer.name, index)
        self.own.set_matrix(own)
        edit = experiment.kernel(layer.name, index)
        kernel, bias = (edit.array(), edit.bias) if edit is not None else (own, own_bias)
        self.editor.set_values(kernel, bias)
        self.reset.setEnabled(edit is not None)
        self.reset_all.setEnabled(bool(experiment.kernels))
        self.classics_enabled(kernel.shape == (3, 3))
        # The model's own kernel on the same input, through the model's own first layer.
        image = np.asarray(inspection.prediction.input, np.float32).reshape(1, 28, 28, 1)
        position = [info.name for info in base.layers].index(layer.name)
        x = image
        for stage in base.stages[: position + 1]:
            x = stage.op.forward(x)
        before = x[0][:, :, index]
        mine = after[:, :, index]
        lo, hi = layer_scale(np.stack([before, mine]))
        self.before.set_values(before, lo, hi)
        self.after.set_values(mine, lo, hi)
        self._captions(layer.name, index, edit is not None, (lo, hi), own_bias)
        self._read_own(base, experiment, image[0, :, :, 0])

    def classics_enabled(self, enabled: bool) -> None:
        for button in self.classics.values():
            button.setEnabled(enabled)

    def _read_own(self, base: Network, experiment: Experiment, image: np.ndarray) -> None:
        done = self._own_for
        if done is not None and same_input(done[0], image) and done[1:] == (experiment, base):
            self._say_reading()
            return
        self._own_for = (image, experiment, base)
        self.own_probabilities = None
        if not experiment.kernels:  # nothing edited: the reading is the model's own
            self.own_probabilities = None
        elif self.worker is not None:
            self.worker.submit(KEY, partial(_own_reading, base, experiment, image))
        self._say_reading()

    def _on_finished(self, key: str, result: object) -> None:
        if key == KEY and isinstance(result, np.ndarray):
            self.own_probabilities = result
            self._say_reading()

    # Texts -------------------------------------------------------------------------------------

    def _captions(
        self, layer: str, index: int, edited: bool, scale: tuple[float, float], bias: float
    ) -> None:
        self.own.caption.setText(
            self.tr("The model's kernel {map} (bias {bias})").format(
                map=index + 1, bias=f"{bias:.3f}".replace("-", "−")
            )
        )
        self.editor_caption.setText(
            self.tr("Kernel {map}, yours to edit").format(map=index + 1)
            if not edited
            else self.tr("Kernel {map}, edited").format(map=index + 1)
        )
        self.before_caption.setText(
            self.tr("Map {map} with the model's kernel · colour {scale}").format(
                map=index + 1, scale=format_scale(*scale)
            )
        )
        self.after_caption.setText(
            self.tr("Map {map} with this kernel · the same colours").format(map=index + 1)
        )

    def _say_reading(self) -> None:
        inspection = self.inspection
        if inspection is None:
            return
        p = inspection.prediction
        now = self.tr("The network now reads {digit} ({percent}).").format(
            digit=p.digit, percent=percent(p.top_probability)
        )
        if not inspection.experiment.kernels:
            said = now + " " + self.tr("Every kernel is the model's own.")
        elif self.own_probabilities is None:
            said = now
        else:
            own = self.own_probabilities
            digit = int(np.argmax(own))
            said = (
                now
                + " "
                + self.tr("With the model's own kernels: {digit} ({percent}).").format(
                    digit=digit, percent=percent(float(own[digit]))
                )
            )
        self.reading.setText(said)

    def retranslate(self) -> None:
        self.pick_label.setText(self.tr("&Kernel:"))
        self.reset.setText(self.tr("&Reset"))
        self.reset.setToolTip(self.tr("Put the model's own kernel back"))
        self.reset_all.setText(self.tr("Reset every kernel"))
        self.classic_label.setText(self.tr("Classic kernels:"))
        for kernel in CLASSIC_KERNELS:
            self.classics[kernel.key].setText(kernel.title())
        self.note.setText(
            self.tr(
                "A kernel edited here changes only what the window reads: the model file is "
                "never written."
            )
        )
        if self.inspection is not None:
            self.refresh()
