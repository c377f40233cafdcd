"""The walk-through's pages, one class per kind of step (keyed on the registry's `Step`).

The lesson dock keeps one page of each class and hands it the step to show; the
two pages that look at the whole network (parameters, which pixels decided
it) have keys of their own.
"""

from __future__ import annotations

from digitpad.core.layers.registry import Step
from digitpad.gui.lesson.common import Page
from digitpad.gui.lesson.neurons import DensePage, SoftmaxPage
from digitpad.gui.lesson.overview import ParametersPage, SaliencyPage
from digitpad.gui.lesson.simple import (
    DropoutPage,
    FlattenPage,
    InputPage,
    NormalizationPage,
    PlainPage,
)
from digitpad.gui.lesson.sliding import SlidingPage

SALIENCY = "saliency"  # the pseudo-steps' keys in the step list
PARAMETERS = "parameters"

PAGES: dict[Step | str, type[Page]] = {
    Step.INPUT: InputPage,
    Step.CONV: SlidingPage,
    Step.POOL: SlidingPage,
    Step.DROPOUT: DropoutPage,
    Step.FLATTEN: FlattenPage,
    Step.DENSE: DensePage,
    Step.SOFTMAX: SoftmaxPage,
    Step.NORMALIZATION: NormalizationPage,
    Step.OTHER: PlainPage,
    SALIENCY: SaliencyPage,
    PARAMETERS: ParametersPage,
}

__all__ = ["PAGES", "PARAMETERS", "SALIENCY", "Page"]
