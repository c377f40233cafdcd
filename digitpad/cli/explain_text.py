"""`digitpad explain` in plain text: the walk-through laid out for a terminal.

Only layout lives here: each step's title, Keras line, sentences and worked
numbers come from the `Lesson` (`digitpad.core.lesson`), the same one the
window's walk-through shows; the lines of numbers are each kind's own
(`Lesson.lines`). Sentences wrap at 88 columns (Chinese too); number grids are
as wide as they need to be (the input's 28 columns take 112).
"""

from __future__ import annotations

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.i18n import _, display_width, ngettext, wrap_columns
from digitpad.core.layers.registry import format_shape
from digitpad.core.layers.terminal import INDENT
from digitpad.core.lesson.steps import Lesson

WIDTH = 88


def paragraph(text: str) -> list[str]:
    return [INDENT + line for line in wrap_columns(text, WIDTH - len(INDENT))]


def format_lesson(lesson: Lesson, file: str) -> str:
    """The whole walk-through as text, in the current language; `file` as messages show it
    (`files.shown`: quoted and escaped when it holds a line break, cut when very long)."""
    percent = 100 * float(lesson.probabilities[lesson.digit])
    out = [
        _("{path}: {digit} ({percent:.1f}%)").format(path=file, digit=lesson.digit, percent=percent)
    ]
    count = len(lesson.steps) + 1
    for i, step in enumerate(lesson.steps, 1):
        out.append("")
        params = ngettext("{formula} parameter", "{formula} parameters", step.params).format(
            formula=step.params_formula
        )
        out.append(
            _("Step {index} of {count}: {title} · output {shape} · {params}").format(
                index=i,
                count=count,
                title=lesson.title(step),
                shape=format_shape(step.output_shape),
                params=params,
            )
        )
        out.append(INDENT + step.keras_line)
        for sentence in lesson.sentences(step):
            out.extend(paragraph(sentence))
        out.extend(INDENT + line for line in lesson.lines(step))
    out.append("")
    out.append(_("Step {index} of {count}: parameters").format(index=count, count=count))
    for sentence in lesson.parameter_sentences():
        out.extend(paragraph(sentence))
    rows = [(shown(s.layer, QUOTED_CHARS), s.params_formula) for s in lesson.layer_steps()]
    width = max(display_width(name) for name, _f in rows)
    for name, formula in rows:
        out.append(INDENT + name + " " * (width - display_width(name)) + "  " + formula)
    out.append(INDENT + _("Total: {total:,}").format(total=lesson.total_params))
    return "\n".join(out)
