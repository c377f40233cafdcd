"""The walk-through: the course, layer by layer, on the student's own drawing.

`build_lesson(inspection)` turns one forward pass (`Predictor.inspect`) into
the course's steps: the input, then one step per layer, each with its output
shape, its parameters derived, the `model.add(...)` line that makes it, and
its worked numbers; the parameter count and "which pixels decided it" close
it. What a layer's step computes, says and prints is its kind's (the hooks of
its registry entry, `core.layers.kinds`): nothing here dispatches on a kind.
A `Lesson` is the `Walk` those hooks may ask about the rest of the lesson.
Every number is the model's own from that pass, or arithmetic on them
(`core.layers.arithmetic`). The window's walk-through and `digitpad explain`
both show a `Lesson`; no Qt here, and no TensorFlow either: the pass has
already been made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.digits import INPUT_SHAPE, SIDE
from digitpad.core.layers.kind import INPUT as INPUT_STEP
from digitpad.core.layers.kind import LayerInfo, Shape, Step, Worked
from digitpad.core.layers.values import numbers
from digitpad.core.lesson import text
from digitpad.core.lesson.keras_lines import INPUT_LINE, is_course_network, keras_lines

if TYPE_CHECKING:
    from digitpad.core.inference.activations import LayerActivation
    from digitpad.core.inference.prediction import Inspection
    from digitpad.core.inference.saliency import Saliency

INPUT = "input"  # the input step's layer name, as `explain --json` writes it


@dataclass(frozen=True)
class InputWorked:
    pixels: np.ndarray  # (28, 28) exactly what the network saw

    def to_json(self) -> dict[str, Any]:
        return {"pixels": numbers(self.pixels)}


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
    worked: Worked | None  # None: a layer digitpad does not work out by hand

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
            # What it would hold without weight sharing (a locally connected layer).
            "params_unshared": self.info.unshared_params() if self.info is not None else 0,
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
    doubtful: bool = False  # a digit the judgement doubts: its confidence is shown at most 90 %

    @property
    def input(self) -> np.ndarray:
        worked = self.steps[0].worked
        assert isinstance(worked, InputWorked)
        return worked.pixels

    def title(self, step: LessonStep) -> str:
        return text.title(step.layer, step.info)

    def sentences(self, step: LessonStep) -> list[str]:
        """One to three sentences about this step, in the current language (its kind's)."""
        info = step.info
        if info is None:
            return text.input_sentences()
        kind = info.kind
        if step.worked is not None and kind.sentences is not None:
            return kind.sentences(info, step.worked, self)
        if kind.unworked is not None:
            return kind.unworked(info)
        return text.unworked(taught=kind.worked is not None)

    def lines(self, step: LessonStep) -> list[str]:
        """The step's worked numbers laid out for a terminal (its kind's), in the current
        language; none for a layer without worked numbers."""
        info = step.info
        if info is None:
            return text.pixels(self.input)
        if step.worked is None or info.kind.lines is None:
            return []
        return list(info.kind.lines(info, step.worked, self))

    def parameter_sentences(self) -> list[str]:
        return text.parameters(self.total_params) + text.sharing(
            [s.info for s in self.layer_steps() if s.info is not None],
            self.total_params,
            self.total_unshared,
        )

    @property
    def total_unshared(self) -> int:
        """The network's parameters if no layer shared weights between positions."""
        return sum(s.info.unshared_params() for s in self.layer_steps() if s.info is not None)

    def saliency_sentences(self, maps: bool = True) -> list[str]:
        """What the step says; `maps` False: not the words about the window's coloured maps."""
        return text.saliency(self.saliency, maps) if self.saliency is not None else []

    def saliency_lines(self) -> list[str]:
        """The "which pixels decided it" step's numbers for a terminal (none without it)."""
        if self.saliency is None:
            return []
        return text.saliency_lines(self.saliency, self.probabilities)

    def layer_steps(self) -> tuple[LessonStep, ...]:
        return tuple(step for step in self.steps if step.info is not None)

    # What a kind's hooks may ask (`core.layers.kind.Walk`) ---------------------------------------

    def sizes_before(self, info: LayerInfo) -> list[int]:
        """The map heights from the input up to `info`'s input, each change once: [28, 26, 24]."""
        sizes = [self.input.shape[0]]
        for other in self.steps[1:]:
            if other.info is info:
                break
            if len(other.output_shape) == 3 and other.output_shape[0] != sizes[-1]:
                sizes.append(other.output_shape[0])
        return sizes

    def first_of_its_step(self, info: LayerInfo) -> bool:
        """`info` is the lesson's first layer of its step (the first convolution, say)."""
        return next(s.info for s in self.steps if s.step == info.step) is info

    def judgement(self) -> str:
        """What the judgement on the same pass made of the drawing, in a sentence."""
        probability = float(self.probabilities[self.digit])
        return text.judgement(
            self.digit, probability, self.judge, self.is_digit, self.confidence, self.doubtful
        )

    def to_json(self, file: str) -> dict[str, Any]:
        """`digitpad explain --json`'s object: the file, what the pass made of it (as `predict
        --json` says it), every step, and which pixels decided it. Indices in it count from 0,
        as NumPy and Keras do (the text counts from 1)."""
        return {
            "file": file,
            "digit": self.digit,
            "is_digit": self.is_digit,
            "confidence": round(float(self.confidence), 6),
            "judge": self.judge,
            "steps": [s.to_json() for s in self.steps],
            "saliency": None if self.saliency is None else _saliency_json(self.saliency),
        }


def _saliency_json(s: Saliency) -> dict[str, Any]:
    """Which pixels decided it: each pixel's share of the two digits' logits, and their
    difference, from the same pass ([row][column], from 0)."""
    shares = s.shares
    return {
        "digits": list(s.digits),
        "from_logits": s.from_logits,
        "logits": s.logits.tolist(),
        "shares": numbers(shares),
        "contrast": numbers(s.contrast),
        "shares_sum": [float(shares[0].sum()), float(shares[1].sum())],
        "contrast_sum": float(s.contrast.sum()),
        "logit_gap": s.logit_gap(),
    }


def _worked(activation: LayerActivation, weights: tuple[np.ndarray, ...]) -> Worked | None:
    """The layer's worked numbers, by its kind, from its own input, output and weights."""
    info, inputs = activation.info, activation.inputs
    if inputs is None or info.kind.worked is None:  # several inputs, or a kind not taught
        return None
    return info.kind.worked(info, inputs, activation.values, weights)


def build_lesson(inspection: Inspection) -> Lesson:
    """The walk-through's steps for one drawing, from one `Inspection`."""
    prediction = inspection.prediction
    layers = [a for a in inspection.layers if a.info.step != INPUT_STEP]
    lines = keras_lines([a.info for a in layers])
    pixels = np.asarray(prediction.input, dtype=np.float32).reshape(SIDE, SIDE)
    steps = [
        LessonStep(INPUT, INPUT_STEP, None, INPUT_SHAPE, 0, "0", INPUT_LINE, InputWorked(pixels))
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
        doubtful=prediction.doubtful,
    )
