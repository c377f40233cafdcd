"""JSON from a file someone else may have written, read with bounds set before parsing.

digitpad keeps a few small JSON texts (`choices.json`, the record inside a model
file) and reads them back; either may have been edited, truncated, replaced by
a FIFO or handed in by a stranger. Python's `json` has no bounds of its own:
60,000 `[` raise RecursionError, a 4,000-digit integer becomes an int that no
float conversion survives, `1e999` becomes infinity, and opening a FIFO blocks
for ever. So every read here is:

- from a regular file only (`files.open_regular`: a FIFO or device is refused
  before it is opened), at most `max_bytes` of it;
- nested at most `max_depth` deep, counted before the parser sees the text;
- with every number bounded: one longer than `MAX_NUMBER_CHARS`, an infinity
  or NaN reads as NaN, which every reader's range check then calls unknown.

Anything else wrong is a `JsonError` (a ValueError) or, for the file itself, an
OSError; the callers decide what an unreadable text means (nothing chosen, a
record unreadable).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from digitpad.core.files import open_regular

MAX_NUMBER_CHARS = 40  # digits, sign, point and exponent: far beyond any value digitpad stores
DEFAULT_DEPTH = 32  # a record nests four levels deep, choices two

# A string, its closing quote optional: with the quote required, a text that never closes
# (`"\"\"\"…`) made the search fail from every quote after scanning to the end, quadratic
# (a 1 MB record: about 50 minutes). Optional, each string is matched once, to the end at
# worst, and the brackets it hides the parser refuses anyway (an unterminated string).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


class JsonError(ValueError):
    """The text is not JSON within digitpad's bounds (size, depth, encoding, syntax)."""


def _number(text: str, convert: type[int] | type[float]) -> float | int:
    if len(text) > MAX_NUMBER_CHARS:
        return math.nan
    value = convert(text)
    return value if math.isfinite(value) else math.nan


def _int(text: str) -> float | int:
    return _number(text, int)


def _float(text: str) -> float | int:
    return _number(text, float)


def _constant(text: str) -> float:
    return math.nan  # NaN, Infinity and -Infinity: not numbers digitpad can use


def nesting(text: str) -> int:
    """How deeply `text`'s brackets nest, strings left out (unbalanced text counts as it
    opens: the parser refuses it afterwards)."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for bracket in brackets:
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def loads(data: bytes | str, *, max_depth: int = DEFAULT_DEPTH) -> Any:
    """`data` (UTF-8 bytes or text) parsed within the bounds above; raises JsonError."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise JsonError("not UTF-8") from exc
    if nesting(text) > max_depth:
        raise JsonError(f"nested deeper than {max_depth}")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError) as exc:
        raise JsonError("not JSON") from exc


def read(path: Path | str, *, max_bytes: int, max_depth: int = DEFAULT_DEPTH) -> Any:
    """The JSON in the regular file at `path`, at most `max_bytes` long; raises OSError
    (missing, not a regular file, unreadable) or JsonError (too long, not JSON, too deep)."""
    with open_regular(path) as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JsonError(f"longer than {max_bytes} bytes")
    return loads(data, max_depth=max_depth)
