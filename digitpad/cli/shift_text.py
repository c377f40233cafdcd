"""`digitpad shift` in plain text: the shift map as a grid that fits an 80-column terminal.

Each cell is the probability (in %, whole) of the digit read where the drawing was framed,
for the drawing moved dx columns right and dy rows down; where another digit is read, the
cell adds it ("12→3": 12 % for that digit, read as 3). Rows are dy, columns dx, both from
−N to +N; the sentences under it are the window's own (`core.experiments.words`).
"""

from __future__ import annotations

from digitpad.core.experiments.shift_map import ShiftMap
from digitpad.core.experiments.words import percent, shift_sentences
from digitpad.core.i18n import _, wrap_columns

CELL = 5  # columns per cell: "  100", " 12→3"


def _signed(value: int) -> str:
    return f"{value:+d}".replace("-", "−") if value else "0"


def _cell(probability: float, digit: int, read: int) -> str:
    whole = f"{round(100 * probability):d}"
    text = whole if digit == read else f"{whole}→{read}"
    return text.rjust(CELL)


def format_shift_map(m: ShiftMap, file: str, width: int = 80) -> str:
    """The map with its legend and what it shows, in the current language."""
    r = m.reach
    here = float(m.at(0, 0)[m.digit])
    out = [
        _("{path}: {digit} ({percent}) where it was framed").format(
            path=file, digit=m.digit, percent=percent(here)
        )
    ]
    legend = _(
        "The probability of {digit}, in %, with the drawing moved dx pixels right and dy pixels "
        "down (negative: left, up); where another digit is read, it follows the arrow."
    ).format(digit=m.digit)
    out.extend(wrap_columns(legend, width))
    out.append("")
    out.append("dy\\dx".rjust(CELL) + "".join(_signed(dx).rjust(CELL) for dx in range(-r, r + 1)))
    of_digit = m.of_digit()
    digits = m.digits()
    for i, dy in enumerate(range(-r, r + 1)):
        cells = "".join(
            _cell(float(of_digit[i, j]), m.digit, int(digits[i, j])) for j in range(2 * r + 1)
        )
        out.append(_signed(dy).rjust(CELL) + cells)
    out.append("")
    for sentence in shift_sentences(m)[1:]:
        out.extend(wrap_columns(sentence, width))
    return "\n".join(out)
