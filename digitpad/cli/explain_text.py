"""`digitpad explain` in plain text: each step's numbers laid out for a terminal.

Only words and layout live here; every number comes from the `Lesson`
(`digitpad.core.lesson`), the same one the window's walk-through shows.
Sentences wrap at 88 columns (Chinese too); number grids are as wide as they
need to be (the input's 28 columns take 112).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from digitpad.core.i18n import _, display_width, ngettext, wrap_columns
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.registry import Step, format_shape
from digitpad.core.lesson import worked as w
from digitpad.core.lesson import worked_windows as ww
from digitpad.core.lesson.steps import Lesson, LessonStep

WIDTH = 88
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


def pixels(values: np.ndarray) -> list[str]:
    """The input: "·" for blank paper, "1" for full ink, else two decimals without the "0"."""

    def cell(v: float) -> str:
        text = f"{v:.2f}"
        if v == 0:
            return "  ·"
        return "  1" if text == "1.00" else text[1:]

    return [" ".join(cell(float(v)) for v in row) for row in values]


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


def paragraph(text: str) -> list[str]:
    return [INDENT + line for line in wrap_columns(text, WIDTH - len(INDENT))]


def activation_line(name: str | None, total: float, output: float) -> str:
    if name in (None, "linear"):
        return _("no activation function: {value}").format(value=num(output))
    if name == "relu":
        return _("ReLU: max({sum}, 0) = {value}").format(sum=num(total), value=num(output))
    return f"{name}({num(total)}) = {num(output)}"


def _conv(step: LessonStep, c: ww.ConvWorked) -> Iterator[str]:
    p = c.pixel
    kh, kw = c.window.size
    yield _("Feature map {channel}, pixel (row {row}, column {col}), the most active one:").format(
        channel=c.channel, row=c.row, col=c.col
    )
    rows, cols = c.window.rows(c.row), c.window.cols(c.col)
    where = _("input rows {first_row}–{last_row}, columns {first_col}–{last_col}").format(
        first_row=rows[0], last_row=rows[-1], first_col=cols[0], last_col=cols[-1]
    )
    channels = p.patch.shape[2]
    if channels == 1:
        yield _("the {kh}×{kw} patch at {where}, times the kernel:").format(
            kh=kh, kw=kw, where=where
        )
        yield from side_by_side(
            [
                (_("patch"), grid(p.patch[:, :, 0])),
                (_("kernel"), grid(p.kernel[:, :, 0])),
                (_("products"), grid(p.products[:, :, 0])),
            ]
        )
        shown = float(p.products.sum())
    else:
        top = c.top_channels()
        yield _(
            "{kh}×{kw} patches at {where}, in each of {count} input maps; the maps that add "
            "the most:"
        ).format(kh=kh, kw=kw, where=where, count=channels)
        for k, share in top:
            label = _("input map {channel}").format(channel=k)
            yield from side_by_side(
                [
                    (label, grid(p.patch[:, :, k])),
                    (_("kernel"), grid(p.kernel[:, :, k])),
                    (_("products"), grid(p.products[:, :, k])),
                    (_("their sum"), [num(share)]),
                ]
            )
        shown = sum(share for _k, share in top)
        rest = float(p.products.sum()) - shown
        others = channels - len(top)
        yield ngettext(
            "the other {count} input map adds {value}",
            "the other {count} input maps add {value}",
            others,
        ).format(count=others, value=num(rest))
    yield _("sum of products {products} + bias {bias} = {sum}").format(
        products=num(float(p.products.sum())), bias=term(p.bias), sum=num(p.sum)
    )
    yield activation_line(c.activation, p.sum, c.output)


def _course_examples() -> Iterator[str]:
    yield _("The course's 6×6 example with its diagonal kernel (top-left output 2):")
    yield from side_by_side(
        [
            (_("image"), grid(ar.COURSE_IMAGE, 0)),
            (_("kernel"), grid(ar.COURSE_KERNEL, 0)),
            (_("feature map"), grid(ar.course_convolution(), 0)),
        ]
    )


def _pool(step: LessonStep, p: ww.PoolWorked) -> Iterator[str]:
    rows, cols = p.window.rows(p.row), p.window.cols(p.col)
    yield _(
        "Map {channel}, the window at rows {first_row}–{last_row}, columns {first_col}–{last_col}:"
    ).format(
        channel=p.channel,
        first_row=rows[0],
        last_row=rows[-1],
        first_col=cols[0],
        last_col=cols[-1],
    )
    values = np.where(np.isnan(p.pooled.values), 0.0, p.pooled.values)
    yield from (INDENT + line for line in grid(values, 4))
    if p.mode == "average":
        yield _("mean {value} = output pixel (row {row}, column {col})").format(
            value=num(p.output), row=p.row, col=p.col
        )
    else:
        yield _("largest {value} = output pixel (row {row}, column {col})").format(
            value=num(p.output), row=p.row, col=p.col
        )
    course = ar.course_pooling()
    yield _("The course's example: max of {values} = {kept}").format(
        values="[" + ", ".join(f"{v:g}" for v in course.values.ravel()) + "]",
        kept=f"{course.output:g}",
    )


def _dropout(step: LessonStep, d: w.DropoutWorked) -> Iterator[str]:
    yield _(
        "A training mask sampled at {share}: {dropped:,} of {total:,} values dropped (seed {seed})."
    ).format(share=f"{100 * d.rate:g} %", dropped=d.dropped, total=d.mask.size, seed=d.seed)
    if d.output_equals_input:
        yield _("Predicting: output equals input, nothing dropped.")


def _flatten(step: LessonStep, f: w.FlattenWorked) -> Iterator[str]:
    h, wd, c = f.shape
    yield f"{h} × {wd} × {c} = {f.size:,}"
    yield _(
        "map pixel (row {row}, column {col}, channel {channel}) → index ({row} × {w} + "
        "{col}) × {c} + {channel} = {index:,}; value {value} in both"
    ).format(row=f.row, col=f.col, channel=f.channel, w=wd, c=c, index=f.index, value=num(f.value))


def _dense(step: LessonStep, d: w.DenseWorked) -> Iterator[str]:
    n = d.neuron
    yield _(
        "Neuron {unit}, the most active one: the {count} largest of its {total:,} products:"
    ).format(unit=n.unit, count=len(n.top), total=len(n.inputs))
    for i in n.top:
        yield INDENT + _("input {index:,}: {value} × {weight} = {product}").format(
            index=int(i),
            value=num(n.inputs[i]),
            weight=term(n.weights[i]),
            product=num(n.inputs[i] * n.weights[i]),
        )
    others = len(n.inputs) - len(n.top)
    yield INDENT + ngettext(
        "the other {count:,} input adds {value}",
        "the other {count:,} inputs add {value}",
        others,
    ).format(count=others, value=num(n.rest))
    yield INDENT + _("bias {bias}").format(bias=num(n.bias))
    yield _("sum {sum}").format(sum=num(n.sum))
    yield activation_line(d.activation, n.sum, d.output)


def _softmax(step: LessonStep, s: w.SoftmaxWorked, digit: int) -> Iterator[str]:
    head = (_("digit"), "z", "e^z", "σ(z)")
    rows = [
        (str(j), num(float(z)), f"{e:.4g}", f"{float(p):.4g}")
        for j, (z, e, p) in enumerate(zip(s.logits, s.exps, s.probabilities, strict=True))
    ]
    widths = [max(display_width(r[i]) for r in [head, *rows]) for i in range(4)]
    for r in [head, *rows]:
        yield INDENT + "  ".join(
            " " * (wd - display_width(cell)) + cell for cell, wd in zip(r, widths, strict=True)
        )
    yield _("Σ e^z = {total}").format(total=f"{s.total:.6g}")
    yield _("σ(z)_{digit} = e^{z} / {total} = {p}").format(
        digit=digit,
        z=num(float(s.logits[digit])),
        total=f"{s.total:.6g}",
        p=f"{float(s.probabilities[digit]):.6g}",
    )


def _normalization(step: LessonStep, n: w.NormalizationWorked) -> Iterator[str]:
    yield (
        f"({num(n.value)} − {num(n.mean)}) / √({num(n.variance)} + {n.epsilon:g}) × "
        f"{num(n.gamma)} + {num(n.beta)} = {num(n.output)}"
    )


def _numbers(lesson: Lesson, step: LessonStep) -> Iterator[str]:
    wk = step.worked
    if isinstance(wk, w.InputWorked):
        yield from pixels(wk.pixels)
    elif isinstance(wk, ww.ConvWorked):
        yield from _conv(step, wk)
        if step is next(s for s in lesson.steps if s.step is Step.CONV):  # the first one
            yield from _course_examples()
    elif isinstance(wk, ww.PoolWorked):
        yield from _pool(step, wk)
    elif isinstance(wk, w.DropoutWorked):
        yield from _dropout(step, wk)
    elif isinstance(wk, w.FlattenWorked):
        yield from _flatten(step, wk)
    elif isinstance(wk, w.DenseWorked):
        yield from _dense(step, wk)
    elif isinstance(wk, w.SoftmaxWorked):
        yield from _softmax(step, wk, lesson.digit)
    elif isinstance(wk, w.NormalizationWorked):
        yield from _normalization(step, wk)


def format_lesson(lesson: Lesson, file: str) -> str:
    """The whole walk-through as text, in the current language."""
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
        out.extend(INDENT + line for line in _numbers(lesson, step))
    out.append("")
    out.append(_("Step {index} of {count}: parameters").format(index=count, count=count))
    for sentence in lesson.parameter_sentences():
        out.extend(paragraph(sentence))
    rows = [(s.layer, s.params_formula) for s in lesson.layer_steps() if s.step is not Step.INPUT]
    width = max(display_width(name) for name, _f in rows)
    for name, formula in rows:
        out.append(INDENT + name + " " * (width - display_width(name)) + "  " + formula)
    out.append(INDENT + _("Total: {total:,}").format(total=lesson.total_params))
    return "\n".join(out)
