"""Numbers laid out as plain text, for the kinds' terminal lines (`digitpad explain`).

Each kind writes its worked numbers as lines of text (its entry's `lines`);
these are the pieces they share: a number as the terminal writes it, a grid
of numbers, titled blocks side by side (titles may be Chinese: columns are
counted, not characters), an activation applied. No Qt: the CLI prints them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from digitpad.core.i18n import _, display_width

INDENT = "  "


def num(v: float, places: int = 4) -> str:
    text = f"{v:.{places}f}"
    return text[1:] if text.startswith("-0") and float(text) == 0 else text


def term(v: float, places: int = 4) -> str:
    """A number that follows an operator: a negative one in parentheses, "× (-0.0821)"."""
    text = num(v, places)
    return f"({text})" if text.startswith("-") else text


def grid(values: np.ndarray, places: int = 2) -> list[str]:
    """A 2-D array as aligned rows of numbers."""
    cells = [[num(float(v), places) for v in row] for row in np.atleast_2d(values)]
    width = max(len(c) for row in cells for c in row)
    return [" ".join(c.rjust(width) for c in row) for row in cells]


def side_by_side(blocks: Sequence[tuple[str, list[str]]], gap: str = "   ") -> list[str]:
    """Titled blocks of lines next to each other (titles may be Chinese: columns counted)."""
    titles = [title for title, _lines in blocks]
    bodies = [lines for _title, lines in blocks]
    widths = [
        max([display_width(t), *(display_width(line) for line in b)])
        for t, b in zip(titles, bodies, strict=True)
    ]

    def row(cells: list[str]) -> str:
        padded = (c + " " * (wd - display_width(c)) for c, wd in zip(cells, widths, strict=True))
        return gap.join(padded).rstrip()

    height = max(len(b) for b in bodies)
    return [row(titles)] + [
        row([b[i] if i < len(b) else "" for b in bodies]) for i in range(height)
    ]


def activation_line(name: str | None, total: float, output: float) -> str:
    if name in (None, "linear"):
        return _("no activation function: {value}").format(value=num(output))
    if name == "relu":
        return _("ReLU: max({sum}, 0) = {value}").format(sum=num(total), value=num(output))
    return f"{name}({num(total)}) = {num(output)}"
