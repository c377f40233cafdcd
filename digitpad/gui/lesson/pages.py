"""The walk-through's pages, one class per kind of step (keyed on the registry's `Step`).

The lesson dock keeps one page of each class and hands it the step to show; the
pages that look at the whole network (parameters, which pixels decided it, and
the experiments: move the digit, edit a kernel, switch maps off) have keys of
their own. A step without a page here (a kind added without
one) shows its kind's terminal lines (`LinesPage`); a kind's own page is one
line in `PAGES`.
"""

from __future__ import annotations

from digitpad.core.layers.kind import INPUT, Step
from digitpad.core.layers.kinds import conv, dense, dropout, flatten, normalization, pooling
from digitpad.gui.experiments.kernel_page import KernelPage
from digitpad.gui.experiments.maps_off_page import MapsOffPage
from digitpad.gui.experiments.move_page import MovePage
from digitpad.gui.lesson.common import Page
from digitpad.gui.lesson.neurons import DensePage, SoftmaxPage
from digitpad.gui.lesson.overview import ParametersPage, SaliencyPage
from digitpad.gui.lesson.simple import (
    DropoutPage,
    FlattenPage,
    InputPage,
    LinesPage,
    NormalizationPage,
)
from digitpad.gui.lesson.sliding import SlidingPage

SALIENCY = "saliency"  # the pseudo-steps' keys in the step list
PARAMETERS = "parameters"
MOVE = "move"  # try it on the network (`gui.experiments`)
KERNEL = "kernel"
MAPS_OFF = "maps_off"
PSEUDO_STEPS = (SALIENCY, PARAMETERS, MOVE, KERNEL, MAPS_OFF)

PAGES: dict[Step | str, type[Page]] = {
    INPUT: InputPage,
    conv.STEP: SlidingPage,
    pooling.STEP: SlidingPage,
    dropout.STEP: DropoutPage,
    flatten.STEP: FlattenPage,
    dense.STEP: DensePage,
    dense.OUTPUT: SoftmaxPage,
    normalization.STEP: NormalizationPage,
    SALIENCY: SaliencyPage,
    PARAMETERS: ParametersPage,
    MOVE: MovePage,
    KERNEL: KernelPage,
    MAPS_OFF: MapsOffPage,
}


def page_for(key: Step | str) -> type[Page]:
    """The page class of a step (or pseudo-step); its terminal lines for one without a page."""
    return PAGES.get(key, LinesPage)


__all__ = [
    "KERNEL",
    "MAPS_OFF",
    "MOVE",
    "PAGES",
    "PARAMETERS",
    "PSEUDO_STEPS",
    "SALIENCY",
    "Page",
    "page_for",
]
