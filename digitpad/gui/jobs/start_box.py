"""Where the Train dialog's run starts, and whether the pad is read while it learns.

From fresh random weights, as the course does (its network is the one written in the
Network section), or from the model in use, trained further (its own network: the Network
section does not apply). With "Read my drawing while it learns" the pad, the bars, the
inside view and the walk-through follow the training weights as they change (issue 24);
off, the pad keeps reading with the model in use until training ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from digitpad.core.models.library import ModelEntry
from digitpad.core.models.record import Record
from digitpad.gui.i18n import Retranslating

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor


class StartBox(Retranslating, QGroupBox):
    """ "Start from": fresh weights or the model in use; and the live reading's switch."""

    changed = Signal()  # the start chosen changed

    def __init__(
        self,
        in_use: Callable[[], Predictor | None] = lambda: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._in_use = in_use  # the model a run may continue from
        self.setObjectName("start_box")
        self.fresh = QRadioButton()
        self.fresh.setObjectName("start_fresh")
        self.continued = QRadioButton()
        self.continued.setObjectName("start_continued")
        group = QButtonGroup(self)
        group.addButton(self.fresh)
        group.addButton(self.continued)
        self.fresh.setChecked(True)
        self.fresh.toggled.connect(lambda _on: self.changed.emit())
        self.live = QCheckBox()
        self.live.setObjectName("read_live")
        self.live.setChecked(True)
        layout = QVBoxLayout(self)
        for widget in (self.fresh, self.continued, self.live):
            layout.addWidget(widget)
        self._model_name: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Start from"))
        self.fresh.setText(self.tr("&Fresh random weights, as the course does"))
        self.fresh.setToolTip(
            self.tr("The network written below, untrained: it learns from scratch")
        )
        self._word_continued()
        self.live.setText(self.tr("&Read my drawing while it learns"))
        self.live.setToolTip(
            self.tr(
                "The pad, the bars, the inside view and the walk-through follow the network as "
                "it trains, several times a second"
            )
        )

    def _word_continued(self) -> None:
        name = self._model_name
        if name is None:
            self.continued.setText(self.tr("The &model in use, trained further"))
        else:
            self.continued.setText(
                self.tr("The &model in use ({name}), trained further").format(name=name)
            )
        self.continued.setToolTip(
            self.tr("Its own network and weights; the Network section does not apply")
        )

    @Slot()
    def refresh(self) -> None:
        """Name the model in use now (when shown, when the window's model changes, when a
        run ends); not while a run is under way (the box is disabled): it keeps naming the
        model that run continues from."""
        if self.isEnabled():
            self.set_model(self._in_use())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange and self.isEnabled():
            self.refresh()  # a run ended: the model in use may have changed meanwhile

    def set_model(self, predictor: Predictor | None) -> None:
        """The model in use (None: none loaded yet, so training can only start fresh)."""
        name = None
        if predictor is not None:
            path = predictor.path
            name = ModelEntry(path, Record.of(predictor.metadata)).name if path is not None else ""
        self._model_name = name
        self.continued.setEnabled(name is not None)
        if name is None:
            self.fresh.setChecked(True)
        self._word_continued()

    def continues(self) -> bool:
        """Train the model in use further (else: fresh random weights)."""
        return self.continued.isChecked()

    def reads_live(self) -> bool:
        return self.live.isChecked()
