"""The course's Keras lines as a network spec: read with `ast`, never executed.

A student changes the network the way the course writes it:

    num_classes = 10
    input_shape = (28, 28, 1)   # or (img_rows, img_cols, 1) after img_rows, img_cols = 28, 28
    model = Sequential()
    model.add(Conv2D(32, kernel_size=(3, 3), activation='relu', input_shape=input_shape))
    ...
    model.add(Dense(num_classes, activation='softmax'))

The variables may be left out: pasting only the slide's `model = Sequential()` and
`model.add(...)` lines works, `num_classes`, `input_shape`, `img_rows` and
`img_cols` meaning the course's 10, (28, 28, 1), 28 and 28 unless the code sets
them. That is all the code may say. The only other lines accepted are the course's
own header imports, `from keras.models import Sequential` and
`from keras.layers import Conv2D, …` (also spelled `tensorflow.keras.…`); they
are read as text and nothing is imported. Layer kinds and their arguments come
from the layer registry (`core.layers.registry`). Any other statement, call, name,
attribute, import or expression is refused with one sentence naming the line
and what is allowed. Nothing in the code ever runs: the text is bounded here
(size, lines, tokens and brackets per statement), tokenized, parsed into a
syntax tree and only looked at (`network.reader`, statement by statement).
What it gives and what it refuses with are `network.spec`'s types.

Whether the network fits MNIST (shapes, the ten-way softmax, its size) is
`network.check`'s business.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

from digitpad.core.files import expanded, open_regular, problem, quoted, shown
from digitpad.core.i18n import _
from digitpad.core.network.reader import Reader
from digitpad.core.network.spec import NetworkError, NetworkSpec, Problem, fail

# What callers use: the spec and its problems come from here with `parse`.
__all__ = ["NetworkError", "NetworkSpec", "Problem", "parse", "read_code"]

MAX_CHARS = 20_000
MAX_LINES = 300
MAX_TOKENS = 200  # per statement: the course's longest line has about 30
MAX_NESTING = 6  # brackets inside brackets: model.add(Conv2D(…, (3, 3))) needs 3
MAX_NUMBER_CHARS = 24  # a literal number: 0.000001 or 1e-6 take a few; 5,000 digits are not one


# Bounding the text before Python's parser sees it ------------------------------------------


def _bound(code: str) -> None:
    """Refuse code too long, too nested or too busy to be the course's kind of network."""
    if len(code) > MAX_CHARS or code.count("\n") >= MAX_LINES:
        raise fail(
            None,
            _(
                "The code is too long: a network takes at most {lines} lines and "
                "{chars} characters."
            ).format(lines=MAX_LINES, chars=f"{MAX_CHARS:,}"),
        )
    if "\x00" in code:
        raise fail(None, _("The code contains a NUL character, which is not text."))
    opened: list[int] = []  # the line of each bracket still open
    tokens = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            line = token.start[0]
            if token.type == tokenize.OP and token.string in "([{":
                opened.append(line)
                if len(opened) > MAX_NESTING:
                    raise fail(
                        line,
                        _(
                            "Line {line}: the brackets are nested too deeply (at most {depth})."
                        ).format(line=line, depth=MAX_NESTING),
                    )
            elif token.type == tokenize.OP and token.string in ")]}" and opened:
                opened.pop()
            _check_token(token)
            if token.type == tokenize.NEWLINE:
                tokens = 0
            elif token.type not in (tokenize.NL, tokenize.COMMENT):
                tokens += 1
                if tokens > MAX_TOKENS:
                    raise fail(
                        line,
                        _("Line {line}: this statement is too long for one layer.").format(
                            line=line
                        ),
                    )
    except (tokenize.TokenError, SyntaxError) as exc:
        # A bracket never closed: the line that opened it, not the end of the text.
        raise _unreadable(opened[0] if opened else _error_line(exc)) from None


def _check_token(token: tokenize.TokenInfo) -> None:
    """Refuse a name that is not plain ASCII and a number too long to be a layer's argument.

    Python reads identifiers in NFKC form, so `𝐃ense` (mathematical bold D) would be
    `Dense` to the parser: the code a student sees would not be the code that is checked.
    Only the course's ASCII names are read. A number of thousands of digits is named as
    such, before Python's own limit on converting it says something less clear.
    """
    line = token.start[0]
    if token.type == tokenize.NAME and not token.string.isascii():
        raise fail(
            line,
            _(
                "Line {line}: {name} is not written in plain ASCII letters; the network's "
                "code uses the course's names (a–z, A–Z, 0–9 and _), not letters that only "
                "look like them."
            ).format(line=line, name=quoted(token.string)),
        )
    if token.type == tokenize.NUMBER and len(token.string) > MAX_NUMBER_CHARS:
        raise fail(
            line,
            _(
                "Line {line}: the number {number} has {count} characters, far more than a "
                "layer's sizes and rates need."
            ).format(line=line, number=quoted(token.string, 20), count=f"{len(token.string):,}"),
        )


def _error_line(exc: Exception) -> int | None:
    if isinstance(exc, SyntaxError):
        return exc.lineno
    if isinstance(exc, tokenize.TokenError) and len(exc.args) > 1:
        return int(exc.args[1][0])
    return None


def _unreadable(line: int | None) -> NetworkError:
    if line is None:
        return fail(None, _("Python cannot read this code; check its brackets, commas and quotes."))
    return fail(
        line,
        _(
            "Line {line}: Python cannot read this line; check its brackets, commas and quotes."
        ).format(line=line),
    )


def parse(code: str) -> NetworkSpec:
    """Read the course's Keras lines into a spec, or raise `NetworkError` (one problem)."""
    _bound(code)
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise _unreadable(exc.lineno) from None
    except (ValueError, RecursionError, MemoryError):
        raise _unreadable(None) from None
    reader = Reader()
    for node in tree.body:
        reader.statement(node)
    if reader.sequential_line is None:
        raise fail(None, _("The code must create the network with model = Sequential()."))
    if not reader.layers:
        raise fail(
            reader.sequential_line,
            _("There are no layers yet: add them with model.add(...)."),
        )
    return NetworkSpec(code, tuple(reader.layers), reader.sequential_line)


# Code in a file -------------------------------------------------------------------------------


def read_code(path: Path | str) -> str:
    """The text of a network's code file (`--arch FILE`), bounded and decoded as UTF-8."""
    path = expanded(path)
    try:
        with open_regular(path) as f:
            data = f.read(4 * MAX_CHARS + 1)
    except OSError as exc:
        raise NetworkError([Problem(None, problem(path, exc))]) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(None, _("{path} is not UTF-8 text.").format(path=shown(path))) from None
    if len(data) > 4 * MAX_CHARS or len(text) > MAX_CHARS:
        raise fail(
            None,
            _("{path} is too long for a network's code (at most {chars} characters).").format(
                path=shown(path), chars=f"{MAX_CHARS:,}"
            ),
        )
    return text
