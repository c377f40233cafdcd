"""The layer table of a model, as the course's `model.summary()` shows it.

Built from the layers (`LayerInfo`, read from the model's config), not from
Keras' preformatted text, which sizes its columns from the terminal: the window
lays out the same rows in a table widget, the CLI prints them aligned (CJK
headings included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.i18n import _, display_width
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.registry import format_shape


@dataclass(frozen=True)
class ModelSummary:
    layers: tuple[LayerInfo, ...]
    total: int
    trainable: int
    non_trainable: int


def summarize(layers: Sequence[LayerInfo]) -> ModelSummary:
    """The rows and the parameter totals of a model's layers (`Predictor.layers`)."""
    total = sum(info.params for info in layers)
    trainable = sum(info.trainable_params for info in layers)
    return ModelSummary(tuple(layers), total, trainable, total - trainable)


def format_summary(summary: ModelSummary) -> str:
    """The layer table as plain text for the terminal (columns line up with CJK headings too)."""
    header = (_("Layer (type)"), _("Output Shape"), _("Param #"))
    body = [
        (
            f"{shown(r.name, QUOTED_CHARS)} ({r.class_name})",
            format_shape(r.output_shape),
            f"{r.params:,}",
        )
        for r in summary.layers
    ]
    widths = [max(display_width(row[i]) for row in [header, *body]) for i in range(3)]

    def line(cells: tuple[str, str, str]) -> str:
        pads = [" " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)]
        return f"{cells[0]}{pads[0]}  {cells[1]}{pads[1]}  {pads[2]}{cells[2]}".rstrip()

    rule = "─" * (sum(widths) + 4)
    out = [rule, line(header), rule, *(line(r) for r in body), rule]
    out.append(_("Total params: {count:,}").format(count=summary.total))
    out.append(_("Trainable params: {count:,}").format(count=summary.trainable))
    out.append(_("Non-trainable params: {count:,}").format(count=summary.non_trainable))
    return "\n".join(out)
