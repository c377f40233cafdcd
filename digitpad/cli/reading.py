"""The line `predict` and `explain` both start an image with: the digit read, or that it is none.

One sentence in one place, so the two commands never disagree about the same file: the
digit with its confidence (calibrated when the model carries statistics), or "not a
digit" with the nearest digit and its bar, as the window says it.
"""

from __future__ import annotations

from digitpad.core.i18n import _, chance


def reading(path: str, digit: int, is_digit: bool, confidence: float, top: float) -> str:
    """`three.png: 3 (99.1%)`, or `dot.png: not a digit (nearest 0, 97.3%)`; `top` is the
    digit's softmax probability (its bar), `confidence` the chance it is right."""
    if not is_digit:
        return _("{path}: not a digit (nearest {digit}, {percent})").format(
            path=path, digit=digit, percent=chance(top)
        )
    return _("{path}: {digit} ({percent})").format(
        path=path, digit=digit, percent=chance(confidence)
    )
