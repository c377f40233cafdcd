"""The pages that look at the whole network: its parameters, and which pixels decided it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.gui.colours import DIVERGING, format_scale
from digitpad.gui.labels import html
from digitpad.gui.lesson.common import Page, num, table, wrapped
from digitpad.gui.lesson.large_map import ColourBar, LargeMap


class ParametersPage(Page):
    """Every layer's parameter count, derived, adding up to the model's total; beside it, what
    each layer would hold without weight sharing (the layer registry's count, for any model)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = wrapped()
        self.text.setObjectName("lesson_parameters")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def refresh(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        rows = [
            [
                html(shown(s.layer, QUOTED_CHARS)),  # a model file's name for it
                s.info.class_name if s.info else "",
                s.params_formula,
                f"{s.params:,}",
                s.info.unshared_formula() if s.info else "",
            ]
            for s in lesson.layer_steps()
        ]
        rows.append(
            [self.tr("Total"), "", "", f"{lesson.total_params:,}", f"{lesson.total_unshared:,}"]
        )
        header = [
            self.tr("layer"),
            self.tr("type"),
            self.tr("how it is counted"),
            self.tr("parameters"),
            self.tr("without weight sharing"),
        ]
        self.text.setText(table(header, rows, bold_rows=[len(rows) - 1], text_columns=3))


class SaliencyPage(Page):
    """Three maps: the predicted digit's pixel shares, the runner-up's, and their difference."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maps = [LargeMap(DIVERGING) for _i in range(3)]
        self.captions = [wrapped() for _i in range(3)]
        grid = QGridLayout()
        for i, (caption, view) in enumerate(zip(self.captions, self.maps, strict=True)):
            view.setObjectName(f"lesson_saliency_{i}")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(caption, 0, i)
            grid.addWidget(view, 1, i)
            grid.setColumnStretch(i, 1)
        self.bar = ColourBar(DIVERGING)
        self.bar_caption = wrapped()
        self.sums = wrapped()
        self.sums.setObjectName("lesson_saliency_sums")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.bar)
        layout.addWidget(self.bar_caption)
        layout.addWidget(self.sums)
        layout.addStretch(1)

    def refresh(self) -> None:
        lesson = self.lesson
        if lesson is None or lesson.saliency is None:
            return
        s = lesson.saliency
        first, second = s.digits
        m = s.scale()
        for view, values in zip(self.maps, (*s.shares, s.contrast), strict=True):
            view.set_values(values, -m, m)
        self.bar.set_scale(-m, m)
        self.captions[0].setText(
            "<b>" + self.tr("{digit} (predicted)").format(digit=first) + "</b>"
        )
        self.captions[1].setText(
            "<b>" + self.tr("{digit} (runner-up)").format(digit=second) + "</b>"
        )
        self.captions[2].setText(
            "<b>"
            + self.tr("{first} rather than {second}").format(first=first, second=second)
            + "</b>"
        )
        kind = self.tr("logit") if s.from_logits else self.tr("log-probability")
        self.bar_caption.setText(
            self.tr(
                "Colour: each pixel's share of the {kind}, {scale} (blue against, white 0, red "
                "for; the few beyond are at full colour)"
            ).format(kind=kind, scale=format_scale(-m, m))
        )
        shares = s.shares
        rows = [
            [str(first), num(float(shares[0].sum())), num(float(s.logits[first]))],
            [str(second), num(float(shares[1].sum())), num(float(s.logits[second]))],
            [
                self.tr("{first} − {second}").format(first=first, second=second),
                num(float(s.contrast.sum())),
                num(s.logit_gap()),
            ],
        ]
        header = [self.tr("digit"), self.tr("pixels' shares added"), kind]
        gap = s.logit_gap()
        p = lesson.probabilities
        ratio = float(p[first]) / max(float(p[second]), 1e-45)  # the chart's own bars
        self.sums.setText(
            table(header, rows)
            + self.tr(
                "The rest of each {kind} comes from the biases. p<sub>{first}</sub> / "
                "p<sub>{second}</sub> = e<sup>{gap}</sup> = {ratio}"
            ).format(
                kind=kind,
                first=first,
                second=second,
                gap=num(gap),
                ratio=f"{ratio:.4g}",
            )
        )
