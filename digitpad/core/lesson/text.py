"""The walk-through's own words: the input, the judgement, the parameters, which pixels decided.

What each layer's step says is its kind's (`core.layers.kinds`); these are
the sentences about the lesson as a whole and about the drawing it starts
from. Made when asked for (not when the lesson is built), so a language switch
re-words a lesson already on screen. Numbers in them are the lesson's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from digitpad.core.i18n import _
from digitpad.core.inference.judgement import BASELINE_THRESHOLD, JUDGE_BASELINE
from digitpad.core.layers.kind import LayerInfo

if TYPE_CHECKING:
    from digitpad.core.inference.saliency import Saliency


def title(layer: str, info: LayerInfo | None) -> str:
    """ "conv2d · convolution layer", "Input", "dense_1 · output layer (softmax)"."""
    if info is None:
        return _("Input")
    return f"{layer} · {info.term()}"


def input_sentences() -> list[str]:
    return [
        _(
            "The network sees the drawing as a 28×28 matrix of 784 pixels, framed as MNIST "
            "frames its digits: 0 is blank paper, 1 is full ink."
        )
    ]


def pixels(values: np.ndarray) -> list[str]:
    """The input for a terminal: "·" for blank paper, "1" for full ink, else two decimals
    without the "0"."""

    def cell(v: float) -> str:
        text = f"{v:.2f}"
        if v == 0:
            return "  ·"
        return "  1" if text == "1.00" else text[1:]

    return [" ".join(cell(float(v)) for v in row) for row in values]


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
    percent = f"{100 * probability:.1f}"
    if judge == JUDGE_BASELINE:
        return _(
            "Softmax always names some digit, even for a dot. This model carries no usable "
            "statistics of what digits look like to its layers, so digitpad trusts the largest "
            "probability only when it reaches {threshold} %: here it is {percent} %."
        ).format(threshold=f"{100 * BASELINE_THRESHOLD:.0f}", percent=percent)
    if not is_digit:
        return _(
            "Softmax always names some digit, even for a dot. The network's layers (the maps its "
            "filters draw, the layer before the output) do not respond to this drawing as they "
            'do to handwritten digits, so digitpad says "Not a digit?": {digit} ({percent} %) is '
            "only the nearest digit."
        ).format(digit=digit, percent=percent)
    if doubtful:
        return _(
            "Softmax always names some digit, even for a dot; the network's layers respond to "
            "this drawing almost as they do to handwritten digits, but less than most digits "
            "do. So the chance that {digit} is right, calibrated on digits the network did not "
            "train on, is shown at 90 % at most: {confidence} % (its bar: {percent} %)."
        ).format(digit=digit, confidence=f"{100 * confidence:.1f}", percent=percent)
    return _(
        "Softmax always names some digit, even for a dot; the network's layers respond to this "
        "drawing as they do to handwritten digits. The chance that {digit} is right, "
        "calibrated on digits the network did not train on, is {confidence} % (its bar: "
        "{percent} %)."
    ).format(digit=digit, confidence=f"{100 * confidence:.1f}", percent=percent)


def parameters(total: int) -> list[str]:
    """What the parameter step says."""
    return [
        _(
            "Only convolution and fully connected layers learn parameters: a weight for each "
            "input of each kernel or neuron, and one bias each."
        ),
        _("Together: {total:,} parameters, as model.summary() counts them.").format(total=total),
    ]


def saliency(s: Saliency) -> list[str]:
    """What the "which pixels decided it" step says."""
    first, second = s.digits
    return [
        _(
            "Each pixel's share of a digit's logit is its ink times how strongly the logit "
            "moves with that pixel (the gradient): about what erasing the pixel would take off."
        ),
        _(
            "Red pushes toward the digit, blue away from it; blank paper has no share. The third "
            "map is what makes this a {first} rather than a {second}: the shares for {first} "
            "minus those for {second}."
        ).format(first=first, second=second),
    ]
