"""`digitpad explain` in plain text: the walk-through laid out for an 80-column terminal.

Only layout lives here: each step's title, Keras line, sentences and worked
numbers come from the `Lesson` (`digitpad.core.lesson`), the same one the
window's walk-through shows; the lines of numbers are each kind's own
(`Lesson.lines`). No line is wider than 80 columns (Chinese characters take
two): sentences wrap, a long `model.add(...)` line breaks after an argument as
the course writes it, a kind's line too wide for a terminal wraps under itself,
and the input's 28 columns come in two blocks of 14. The first line is
`predict`'s for the same file.
"""

from __future__ import annotations

from digitpad.cli.reading import reading
from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.i18n import _, display_width, ngettext, wrap_columns
from digitpad.core.layers.registry import format_shape
from digitpad.core.layers.terminal import INDENT
from digitpad.core.lesson.steps import Lesson

WIDTH = 80


def paragraph(text: str, indent: str = INDENT) -> list[str]:
    return [indent + line for line in wrap_columns(text, WIDTH - display_width(indent))]


def fitted(line: str, indent: str = INDENT) -> list[str]:
    """A line of numbers as it is, or (too wide for the terminal) wrapped under itself."""
    if display_width(indent + line) <= WIDTH:
        return [indent + line]
    first, *rest = wrap_columns(line, WIDTH - display_width(indent) - len(INDENT))
    return [indent + first, *(indent + INDENT + more for more in rest)]


def code_lines(line: str, indent: str = INDENT) -> list[str]:
    """A `model.add(Kind(a, b, c))` line, broken after an argument as the course's code breaks
    it (each continuation under the first argument) when it is too wide."""
    add = "model.add("
    if (
        display_width(indent + line) <= WIDTH
        or not line.startswith(add)
        or "(" not in line[len(add) :]
    ):
        return [indent + line]
    opening = line.index("(", len(add)) + 1  # just after "model.add(Kind("
    head, parts = line[:opening], _arguments(line[opening:])
    lines = [indent + head + parts[0]]
    hanging = " " * display_width(indent + head)
    for part in parts[1:]:
        if display_width(lines[-1] + " " + part) > WIDTH:
            lines.append(hanging + part)
        else:
            lines[-1] += " " + part
    return lines


def _arguments(text: str) -> list[str]:
    """`a, (3, 3), b='x'))` in pieces that end at its top-level commas (the commas kept)."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start : i + 1].strip())
            start = i + 1
    return [*parts, text[start:].strip()]


def _header(index: int, count: int, title: str, details: str = "") -> list[str]:
    out = paragraph(
        _("Step {index} of {count}: {title}").format(index=index, count=count, title=title), ""
    )
    return out + (paragraph(details) if details else [])


def format_lesson(lesson: Lesson, file: str) -> str:
    """The whole walk-through as text, in the current language; `file` as messages show it
    (`files.shown`: quoted and escaped when it holds a line break, cut when very long)."""
    top = float(lesson.probabilities[lesson.digit])
    out = [reading(file, lesson.digit, lesson.is_digit, lesson.confidence, top)]
    saliency = lesson.saliency_lines()
    count = len(lesson.steps) + 1 + (1 if saliency else 0)
    for i, step in enumerate(lesson.steps, 1):
        out.append("")
        params = ngettext("{formula} parameter", "{formula} parameters", step.params).format(
            formula=step.params_formula
        )
        details = _("output {shape} · {params}").format(
            shape=format_shape(step.output_shape), params=params
        )
        out.extend(_header(i, count, lesson.title(step), details))
        out.extend(code_lines(step.keras_line))
        for sentence in lesson.sentences(step):
            out.extend(paragraph(sentence))
        for line in lesson.lines(step):
            out.extend(fitted(line))
    if saliency:
        out.append("")
        out.extend(_header(count - 1, count, _("which pixels decided it")))
        for sentence in lesson.saliency_sentences(maps=False):
            out.extend(paragraph(sentence))
        for line in saliency:
            out.extend(fitted(line))
    out.append("")
    out.extend(_header(count, count, _("parameters")))
    for sentence in lesson.parameter_sentences():
        out.extend(paragraph(sentence))
    rows = [(shown(s.layer, QUOTED_CHARS), s.params_formula) for s in lesson.layer_steps()]
    width = max(display_width(name) for name, _f in rows)
    for name, formula in rows:
        out.extend(fitted(name + " " * (width - display_width(name)) + "  " + formula))
    out.append(INDENT + _("Total: {total:,}").format(total=lesson.total_params))
    for step in lesson.layer_steps():  # weight sharing, counted
        if step.info is not None and step.info.unshared_params() != step.params:
            out.append(
                INDENT
                + _("{layer} without weight sharing: {formula}").format(
                    layer=step.layer, formula=step.info.unshared_formula()
                )
            )
    if lesson.total_unshared != lesson.total_params:
        out.append(
            INDENT
            + _("Total without weight sharing: {total:,}").format(total=lesson.total_unshared)
        )
    return "\n".join(out)
