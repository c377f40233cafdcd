"""The walk-through's own words: the input, the judgement, the parameters, which pixels decided.

What each layer's step says is its kind's (`core.layers.kinds`); these are
the sentences about the lesson as a whole and about the drawing it starts
from. Made when asked for (not when the lesson is built), so a language switch
re-words a lesson already on screen. Numbers in them are the lesson's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.files import QUOTED_CHARS, shown
from digitpad.core.i18n import _, chance, display_width, percent
from digitpad.core.inference.judgement import BASELINE_THRESHOLD, DOUBT_AT_MOST, JUDGE_BASELINE
from digitpad.core.layers.kind import LayerInfo
from digitpad.core.layers.terminal import INDENT, num, side_by_side
from digitpad.core.layers.values import ordinal

if TYPE_CHECKING:
    from digitpad.core.inference.saliency import Saliency


def title(layer: str, info: LayerInfo | None) -> str:
    """ "conv2d · convolution layer", "Input", "dense_1 · output layer (softmax)"."""
    if info is None:
        return _("Input")
    return f"{shown(layer, QUOTED_CHARS)} · {info.term()}"  # a model file's name for it


def input_sentences() -> list[str]:
    return [
        _(
            "The network sees the drawing as a 28×28 matrix of 784 pixels, framed as MNIST "
            "frames its digits: 0 is blank paper, 1 is full ink."
        )
    ]


PIXEL_COLUMNS = 14  # the 28 columns of the input in two halves, so a line fits 80 columns


def pixels(values: np.ndarray) -> list[str]:
    """The input for a terminal, in blocks of 14 columns under their numbers (from 1), each
    row after its number: "·" for blank paper, "1" for full ink, else two decimals without
    the "0"."""

    def cell(v: float) -> str:
        text = f"{v:.2f}"
        if v == 0:
            return "  ·"
        return "  1" if text == "1.00" else text[1:]

    rows, cols = values.shape
    label = len(str(rows))
    out: list[str] = []
    for first in range(0, cols, PIXEL_COLUMNS):
        last = min(cols, first + PIXEL_COLUMNS)
        out.append(
            _("Rows 1–{rows}, columns {first}–{last}:").format(
                rows=rows, first=ordinal(first), last=last
            )
        )
        out.append(" " * (label + 1) + " ".join(f"{ordinal(c):>3}" for c in range(first, last)))
        for r, row in enumerate(values):
            cells = " ".join(cell(float(v)) for v in row[first:last])
            out.append(f"{ordinal(r):>{label}} {cells}")
    return out


def unworked(taught: bool) -> list[str]:
    """A layer without worked numbers: a kind digitpad does not teach, or one that took several
    inputs (`taught`)."""
    if not taught:
        return [_("digitpad does not work this kind of layer out by hand.")]
    return [_("This layer takes several inputs, so its arithmetic is not shown here.")]


def judgement(
    digit: int,
    probability: float,
    judge: str,
    is_digit: bool,
    confidence: float,
    doubtful: bool = False,
) -> str:
    """Softmax always names a digit: what the judgement on the same pass made of it."""
    bar = chance(probability)
    if judge == JUDGE_BASELINE:
        return _(
            "Softmax always names some digit, even for a dot. This model carries no usable "
            "statistics of what digits look like to its layers, so digitpad trusts the largest "
            "probability only when it reaches {threshold}: here it is {percent}."
        ).format(threshold=percent(BASELINE_THRESHOLD, 0), percent=bar)
    if not is_digit:
        return _(
            "Softmax always names some digit, even for a dot. The network's layers (the maps its "
            "filters draw, the layer before the output) do not respond to this drawing as they "
            'do to handwritten digits, so digitpad says "Not a digit?": {digit} ({percent}) is '
            "only the nearest digit."
        ).format(digit=digit, percent=bar)
    if doubtful:
        return _(
            "Softmax always names some digit, even for a dot; the network's layers respond to "
            "this drawing almost as they do to handwritten digits, but less than most digits "
            "do. So the chance that {digit} is right, calibrated on digits the network did not "
            "train on, is shown at {cap} at most: {confidence} (its bar: {percent})."
        ).format(
            digit=digit, cap=percent(DOUBT_AT_MOST, 0), confidence=chance(confidence), percent=bar
        )
    return _(
        "Softmax always names some digit, even for a dot; the network's layers respond to this "
        "drawing as they do to handwritten digits. The chance that {digit} is right, "
        "calibrated on digits the network did not train on, is {confidence} (its bar: "
        "{percent})."
    ).format(digit=digit, confidence=chance(confidence), percent=bar)


def parameters(total: int) -> list[str]:
    """What the parameter step says."""
    return [
        _(
            "Only convolution and fully connected layers learn parameters: a weight for each "
            "input of each kernel or neuron, and one bias each."
        ),
        _("Together: {total:,} parameters, as model.summary() counts them.").format(total=total),
    ]


def sharing(layers: list[LayerInfo], total: int, unshared: int) -> list[str]:
    """Weight sharing, counted: what each layer that shares its weights, and the whole network,
    would hold without it (as a locally connected layer). Nothing when no layer shares."""
    sharing = [info for info in layers if info.unshared_params() != info.params]
    if not sharing:
        return []
    each = "; ".join(
        _("{layer}: {unshared} instead of {params:,}").format(
            layer=info.name, unshared=info.unshared_formula(), params=info.params
        )
        for info in sharing
    )
    return [
        _(
            "Weight sharing: every neuron of a feature map uses the same kernel and bias "
            "(同一特徵映射面上的神經元權值相同). Without it, each position would learn its own "
            "(a locally connected layer): {each}."
        ).format(each=each),
        _(
            "The whole network would need {unshared:,} parameters instead of {total:,}: "
            "{ratio} times as many."
        ).format(unshared=unshared, total=total, ratio=f"{unshared / max(1, total):.1f}"),
    ]


def saliency(s: Saliency, maps: bool = True) -> list[str]:
    """What the "which pixels decided it" step says; without `maps`, only what does not
    describe the window's coloured maps (a terminal has its own lines for them)."""
    first, second = s.digits
    general = _(
        "Each pixel's share of a digit's logit is its ink times how strongly the logit "
        "moves with that pixel (the gradient): about what erasing the pixel would take off."
    )
    if not maps:
        return [general]
    return [
        general,
        _(
            "Red pushes toward the digit, blue away from it; blank paper has no share. The third "
            "map is what makes this a {first} rather than a {second}: the shares for {first} "
            "minus those for {second}."
        ).format(first=first, second=second),
    ]


TOP_PIXELS = 5  # the pixels that push most toward each of the two digits, listed


def saliency_lines(s: Saliency, probabilities: np.ndarray) -> list[str]:
    """The "which pixels decided it" step for a terminal: the shares added up beside the
    logits and the ratio of the two bars (the window's table), the pixels that push most each
    way, and the difference map as a picture ("+" toward the predicted digit, "−" toward the
    runner-up). Rows and columns are counted from 1."""
    first, second = s.digits
    kind = _("logit") if s.from_logits else _("log-probability")
    shares, contrast = s.shares, s.contrast
    rows = [
        (_("digit"), _("pixels' shares added"), kind),
        (str(first), num(float(shares[0].sum())), num(float(s.logits[first]))),
        (str(second), num(float(shares[1].sum())), num(float(s.logits[second]))),
        (
            _("{first} − {second}").format(first=first, second=second),
            num(float(contrast.sum())),
            num(s.logit_gap()),
        ),
    ]
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    out = [
        "  ".join(
            [
                row[0] + " " * (widths[0] - display_width(row[0])),
                *(
                    " " * (w - display_width(c)) + c
                    for c, w in zip(row[1:], widths[1:], strict=True)
                ),
            ]
        )
        for row in rows
    ]
    ratio = float(probabilities[first]) / max(float(probabilities[second]), 1e-45)
    out.append(
        _(
            "The rest of each {kind} comes from the biases. p{first} / p{second} = e^{gap} = "
            "{ratio}"
        ).format(
            kind=kind, first=first, second=second, gap=num(s.logit_gap()), ratio=f"{ratio:.4g}"
        )
    )
    order = np.argsort(contrast, axis=None, kind="stable")
    blocks = []
    for digit, sign, picked in ((first, 1.0, order[::-1]), (second, -1.0, order)):
        found = [divmod(int(i), contrast.shape[1]) for i in picked[:TOP_PIXELS]]
        cells = [
            (str(ordinal(r)), str(ordinal(c)), num(float(contrast[r, c])))
            for r, c in found
            if sign * contrast[r, c] > 0
        ]
        head = (_("row"), _("column"), _("share"))
        widths = [max(display_width(row[i]) for row in [head, *cells]) for i in range(3)]
        lines = [
            "  ".join(" " * (w - display_width(c)) + c for c, w in zip(row, widths, strict=True))
            for row in [head, *cells]
        ]
        blocks.append((_("toward {digit}").format(digit=digit), lines))
    out.append(_("The pixels that push most toward each digit:"))
    out.extend(INDENT + line for line in side_by_side(blocks, gap="     "))
    m = s.scale()
    out.append(
        _(
            "What makes it a {first} rather than a {second}, pixel by pixel: + for, − against "
            "(beyond {limit}), · nearly nothing:"
        ).format(first=first, second=second, limit=num(m / 4))
    )
    out.extend(" ".join(_mark(float(v), m / 4) for v in row) for row in contrast)
    return out


def _mark(value: float, limit: float) -> str:
    return "+" if value > limit else "−" if value < -limit else "·"
