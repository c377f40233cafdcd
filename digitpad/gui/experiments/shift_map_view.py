"""The drawing's probability for every move at once: the 13×13 map, and the scale and rotation rows.

Each cell is the probability of the digit read where the drawing was framed, after the move
(dx right, dy down from −6 to +6; the middle cell: not moved), coloured on one stated scale
from 0 to 100 % and written in whole percent; where another digit is read, the cell says
which ("→3"). The cell of the current move is marked; clicking a cell moves the digit there.
The rows do the same for the drawing scaled (0.6× to 1.4×) and rotated (−30° to +30°).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from digitpad.core.experiments.shift_map import ShiftMap, TransformRow
from digitpad.core.i18n import percent
from digitpad.gui.colours import SEQUENTIAL
from digitpad.gui.i18n import Retranslating
from digitpad.gui.lesson.common import wrapped
from digitpad.gui.lesson.large_map import ColourBar, LargeMap


def _texts(of_digit: np.ndarray, digits: np.ndarray, digit: int) -> np.ndarray:
    """Whole percent where the digit holds, "→d" where `d` is read instead."""
    out = np.empty(of_digit.shape, dtype=object)
    for index, p in np.ndenumerate(of_digit):
        read = int(digits[index])
        out[index] = f"{round(100 * float(p))}" if read == digit else f"→{read}"
    return out


def _map() -> LargeMap:
    view = LargeMap(SEQUENTIAL)
    view.numbers = True
    view.places = 0
    view.max_cell = 2.2
    return view


class ShiftMapView(Retranslating, QWidget):
    """The shift map, its colour bar and the two rows; `cell_clicked(dx, dy)` asks to move."""

    move_asked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shift_map: ShiftMap | None = None
        self.rows: tuple[TransformRow, TransformRow] | None = None
        self.caption = wrapped()
        self.grid = _map()
        self.grid.setObjectName("shift_map")
        self.grid.cell_clicked.connect(self._on_cell)
        self.bar = ColourBar(SEQUENTIAL)
        self.bar.set_scale(0.0, 100.0)
        self.bar_caption = wrapped()
        self.scale_caption, self.rotation_caption = wrapped(), wrapped()
        self.scale_row, self.rotation_row = _map(), _map()
        self.scale_row.setObjectName("scale_row")
        self.rotation_row.setObjectName("rotation_row")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.caption,
            self.grid,
            self.bar,
            self.bar_caption,
            self.scale_caption,
            self.scale_row,
            self.rotation_caption,
            self.rotation_row,
        ):
            layout.addWidget(widget)
        self.retranslate()

    def show_results(
        self, found: ShiftMap | None, rows: tuple[TransformRow, TransformRow] | None
    ) -> None:
        self.shift_map, self.rows = found, rows
        if found is None:
            self.grid.set_values(None)
        else:
            of_digit = found.of_digit()
            self.grid.texts = _texts(of_digit, found.digits(), found.digit)
            self.grid.set_values(100 * of_digit, 0.0, 100.0)
        for view, row in zip(
            (self.scale_row, self.rotation_row), rows or (None, None), strict=True
        ):
            if row is None:
                view.set_values(None)
                continue
            of_digit = row.of_digit()[None]
            view.texts = _texts(of_digit, row.digits()[None], row.digit)
            view.set_values(100 * of_digit, 0.0, 100.0)
        self.retranslate()

    def mark(self, dx: int, dy: int) -> None:
        """Mark the cell of the move now in effect (none when it is beyond the map)."""
        found = self.shift_map
        if found is None or max(abs(dx), abs(dy)) > found.reach:
            self.grid.set_overlay()
        else:
            self.grid.set_overlay(mark=(dy + found.reach, dx + found.reach))

    def _on_cell(self, row: int, col: int) -> None:
        if self.shift_map is not None:
            r = self.shift_map.reach
            self.move_asked.emit(col - r, row - r)

    def retranslate(self) -> None:
        self.grid.setAccessibleName(self.tr("Every move at once"))
        self.scale_row.setAccessibleName(self.tr("Scaled"))
        self.rotation_row.setAccessibleName(self.tr("Rotated"))
        found = self.shift_map
        if found is not None:
            from digitpad.core.experiments.words import shift_sentences

            self.grid.setAccessibleDescription(" ".join(shift_sentences(found)[:2]))
        if found is None:
            self.caption.setText(self.tr("Every move at once: computing…"))
            self.bar_caption.setText("")
        else:
            self.caption.setText(
                "<b>"
                + self.tr("Every move at once: the probability of {digit} (%)").format(
                    digit=found.digit
                )
                + "</b><br>"
                + self.tr(
                    "Across, dx from −{reach} (left) to +{reach} (right); down, dy from −{reach} "
                    "(up) to +{reach} (down); the middle cell is where framing put the digit, "
                    "the marked cell where it is now; click a cell to move it there."
                ).format(reach=found.reach)
            )
            self.bar_caption.setText(
                self.tr(
                    "Colour: the probability of {digit}, {low} … {high}; “→3”: read as 3 there."
                ).format(digit=found.digit, low=percent(0.0, None), high=percent(1.0, None))
            )
        rows = self.rows
        if rows is None:
            self.scale_caption.setText("")
            self.rotation_caption.setText("")
            return
        scale, rotation = rows
        self.scale_caption.setText(
            "<b>"
            + self.tr("Scaled")
            + "</b> · "
            + self.tr("{low}× … {high}× about its centre, left to right (middle: as drawn)").format(
                low=f"{scale.values[0]:g}", high=f"{scale.values[-1]:g}"
            )
        )
        self.rotation_caption.setText(
            "<b>"
            + self.tr("Rotated")
            + "</b> · "
            + self.tr("{low}° … +{high}°, anticlockwise positive, left to right").format(
                low=f"{rotation.values[0]:g}".replace("-", "−"), high=f"{rotation.values[-1]:g}"
            )
        )
