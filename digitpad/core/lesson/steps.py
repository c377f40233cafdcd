"""The walk-through: the course, layer by layer, on the student's own drawing.

`build_lesson(inspection)` turns one forward pass (`Predictor.inspect`) into
the course's steps: the input, then one step per layer (keyed on the layer
registry's `Step`), each with its output shape, its parameters derived, the
`model.add(...)` line that makes it, and its worked numbers; the parameter
count and "which pixels decided it" close it. Every number is the model's
own from that pass, or arithmetic on them (`arithmetic`). The window's
walk-through and `digitpad explain` both show a `Lesson`; no Qt here, and no
TensorFlow either: the pass has already been made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.layers.registry import LayerInfo, Shape, Step
from digitpad.core.lesson import text
from digitpad.core.lesson import worked as w
from digitpad.core.lesson import worked_windows as ww
from digitpad.core.lesson.keras_lines import INPUT_LINE, is_course_network, keras_lines

if TYPE_CHECKING:
    from digitpad.core.inference.activations import LayerActivation
    from digitpad.core.inference.prediction import Inspection
    from digitpad.core.inference.saliency import Saliency

INPUT = "input"  # the input step's layer name, as `explain --json` writes it


@dataclass(frozen=True)
class LessonStep:
    """One step of the walk-through: a layer (or the input) and its worked numbers."""

    layer: str  # the Keras layer name; "input" for the input
    step: Step
    info: LayerInfo | None  # None for the input step
    output_shape: Shape
    params: int
    params_formula: str
    keras_line: str
    worked: w.Worked | None  # None: a layer digitpad does not work out by hand

    @property
    def kind(self) -> str:
        return self.step.value

    def to_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "kind": self.kind,
            "output_shape": list(self.output_shape),
            "params": self.params,
            "params_formula": self.params_formula,
            "worked": {} if self.worked is None else self.worked.to_json(),
        }


@dataclass(frozen=True)
class Lesson:
    """The whole walk-through for one drawing."""

    digit: int
    probabilities: np.ndarray  # the model's own, the chart's bars
    steps: tuple[LessonStep, ...]
    total_params: int
    course: bool  # the network is the course's own (its lines are the course's)
    saliency: Saliency | None
    # The same pass's judgement: does it look like a digit at all, and how likely is `digit` right.
    is_digit: bool
    confidence: float  # `Prediction.confidence`: calibrated, else the top probability
    judge: str  # judgement.JUDGE_GAUSSIAN, or JUDGE_BASELINE (no statistics)

    @property
    def input(self) -> np.ndarray:
        worked = self.steps[0].worked
        assert isinstance(worked, w.InputWorked)
        return worked.pixels

    def title(self, step: LessonStep) -> str:
        return text.title(step)

    def sentences(self, step: LessonStep) -> list[str]:
        """The step's sentences in the current language."""
        return text.sentences(step, self)

    def parameter_sentences(self) -> list[str]:
        return text.parameters(self)

    def saliency_sentences(self) -> list[str]:
        return text.saliency(self) if self.saliency is not None else []

    def layer_steps(self) -> tuple[LessonStep, ...]:
        return tuple(step for step in self.steps if step.info is not None)

    def sizes_before(self, step: LessonStep) -> list[int]:
        """The map heights from the input up to `step`'s input, each change once: [28, 26, 24]."""
        sizes = [self.input.shape[0]]
        for other in self.steps[1:]:
            if other is step:
                break
            if len(other.output_shape) == 3 and other.output_shape[0] != sizes[-1]:
                sizes.append(other.output_shape[0])
        return sizes

    def to_json(self, file: str) -> dict[str, Any]:
        """`digitpad explain --json`'s object: {"file", "digit", "steps"}."""
        return {"file": file, "digit": self.digit, "steps": [s.to_json() for s in self.steps]}


def _worked(activation: LayerActivation, weights: tuple[np.ndarray, ...]) -> w.Worked | None:
    info, inputs, outputs = activation.info, activation.inputs, activation.values
    if inputs is None:
        return None
    step = info.step
    if step is Step.CONV and weights and inputs.ndim == 3:
        return ww.conv(info, inputs, outputs, weights)
    if step is Step.POOL and inputs.ndim == 3:
        return ww.pool(info, inputs, outputs)
    if step is Step.DROPOUT:
        return w.dropout(info, inputs, outputs)
    if step is Step.FLATTEN:
        return w.flatten(info, inputs, outputs)
    if step is Step.DENSE and weights and inputs.ndim == 1:
        return w.dense(info, inputs, outputs, weights)
    if step is Step.SOFTMAX and weights and inputs.ndim == 1:
        return w.softmax(inputs, outputs, weights)
    if step is Step.NORMALIZATION and len(weights) >= 2:
        return w.normalization(info, inputs, outputs, weights)
    return None


def build_lesson(inspection: Inspection) -> Lesson:
    """The walk-through's steps for one drawing, from one `Inspection`."""
    prediction = inspection.prediction
    layers = [a for a in inspection.layers if a.info.step is not Step.INPUT]
    lines = keras_lines([a.info for a in layers])
    pixels = np.asarray(prediction.input, dtype=np.float32).reshape(SIDE, SIDE)
    steps = [
        LessonStep(INPUT, Step.INPUT, None, INPUT_SHAPE, 0, "0", INPUT_LINE, w.InputWorked(pixels))
    ]
    for activation, line in zip(layers, lines[1:], strict=True):
        info = activation.info
        steps.append(
            LessonStep(
                info.name,
                info.step,
                info,
                info.output_shape,
                info.params,
                info.params_formula(),
                line,
                _worked(activation, inspection.weights.get(info.name, ())),
            )
        )
    return Lesson(
        digit=prediction.digit,
        probabilities=np.asarray(prediction.probabilities),
        steps=tuple(steps),
        total_params=sum(step.params for step in steps),
        course=is_course_network(lines),
        saliency=inspection.saliency,
        is_digit=prediction.is_digit,
        confidence=prediction.confidence,
        judge=prediction.judge,
    )
