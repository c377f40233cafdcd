"""The walk-through's sentences, in the course's terms and the user's language.

Made when asked for (not when the lesson is built), so a language switch
re-words a lesson already on screen. Numbers in them are the lesson's own.
`steps.Lesson` hands them out (`lesson.sentences(step)`), so this module
names what it reads of a lesson and its steps (`LessonStep`, `Lesson`:
protocols that `steps.LessonStep` and `steps.Lesson` meet) instead of
importing `steps` back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from digitpad.core.i18n import _, ngettext
from digitpad.core.inference.judgement import BASELINE_THRESHOLD, JUDGE_BASELINE
from digitpad.core.layers.registry import LayerInfo, Shape, Step
from digitpad.core.lesson import worked as w
from digitpad.core.lesson import worked_windows as ww

if TYPE_CHECKING:
    import numpy as np

    from digitpad.core.inference.saliency import Saliency


class LessonStep(Protocol):
    """What the sentences read of one step of the walk-through."""

    @property
    def layer(self) -> str: ...

    @property
    def step(self) -> Step: ...

    @property
    def info(self) -> LayerInfo | None: ...

    @property
    def output_shape(self) -> Shape: ...

    @property
    def worked(self) -> w.Worked | None: ...


class Lesson(Protocol):
    """What the sentences read of the whole walk-through."""

    @property
    def digit(self) -> int: ...

    @property
    def probabilities(self) -> np.ndarray: ...

    @property
    def total_params(self) -> int: ...

    @property
    def course(self) -> bool: ...

    @property
    def saliency(self) -> Saliency | None: ...

    @property
    def is_digit(self) -> bool: ...

    @property
    def confidence(self) -> float: ...

    @property
    def judge(self) -> str: ...

    def sizes_before(self, step: Any) -> list[int]: ...


def title(step: LessonStep) -> str:
    """ "conv2d · convolution layer", "Input", "dense_1 · output layer (softmax)"."""
    if step.step is Step.INPUT:
        return _("Input")
    if step.info is None:
        return step.layer
    softmax = step.step is Step.SOFTMAX
    term = _("output layer (softmax)") if softmax else _(step.info.kind.term)
    return f"{step.layer} · {term}"


def _activation(name: str | None, shape: str) -> str:
    if name in (None, "linear"):
        return _("There is no activation function here: each sum is the {shape}'s value.").format(
            shape=shape
        )
    if name == "relu":
        return _(
            "The activation function ReLU then keeps a positive sum and turns a negative one "
            "into 0: that is the {shape}'s value."
        ).format(shape=shape)
    return _(
        "The activation function {name} is then applied to the sum: that is the {shape}'s value."
    ).format(name=name, shape=shape)


def _conv(step: LessonStep, lesson: Lesson) -> list[str]:
    info = step.info
    assert info is not None and isinstance(step.worked, ww.ConvWorked)
    kh, kw = step.worked.window.size
    channels = info.input_shape[-1]
    h, wd, filters = info.output_shape
    if channels == 1:
        first = ngettext(
            "A convolution layer slides its {count} kernel of {kh}×{kw} over the input; at "
            "every position it multiplies the patch under the kernel by the kernel, element by "
            "element, and adds up the products and a bias.",
            "A convolution layer slides each of its {count} kernels of {kh}×{kw} over the "
            "input; at every position it multiplies the patch under the kernel by the kernel, "
            "element by element, and adds up the products and a bias.",
            filters,
        ).format(count=filters, kh=kh, kw=kw)
    else:
        first = _(
            "This convolution layer's kernels are {kh}×{kw}×{channels}: each looks at all "
            "{channels} feature maps of the layer before at once, so one output pixel is the "
            "sum of {products:,} products plus a bias; the input maps that add the most are "
            "shown."
        ).format(kh=kh, kw=kw, channels=channels, products=kh * kw * channels)
    out = [first, _activation(info.activation, _("feature map"))]
    in_h = info.input_shape[0]
    if step.worked.window.is_plain() and info.config.get("padding", "valid") == "valid":
        out.append(
            ngettext(
                "Its kernel makes one feature map of {h}×{w}: a {kh}×{kw} kernel fits "
                "{size} − {kh} + 1 = {h} times across {size} pixels.",
                "Each of the {count} kernels makes one feature map of {h}×{w}: a {kh}×{kw} "
                "kernel fits {size} − {kh} + 1 = {h} times across {size} pixels.",
                filters,
            ).format(count=filters, h=h, w=wd, kh=kh, kw=kw, size=in_h)
        )
    return out


def _pool(step: LessonStep, lesson: Lesson) -> list[str]:
    info = step.info
    assert info is not None and isinstance(step.worked, ww.PoolWorked)
    ph, pw = step.worked.window.size
    in_h, in_w = info.input_shape[:2]
    out_h, out_w = info.output_shape[:2]
    sizes = dict(ph=ph, pw=pw, in_h=in_h, in_w=in_w, out_h=out_h, out_w=out_w)
    if step.worked.mode == "average":
        first = _(
            "An average pooling layer replaces each {ph}×{pw} window of every feature map by "
            "its mean, so {in_h}×{in_w} becomes {out_h}×{out_w}; it learns no parameters."
        )
    else:
        first = _(
            "A max pooling layer keeps the largest value of each {ph}×{pw} window of every "
            "feature map, so {in_h}×{in_w} becomes {out_h}×{out_w}; it learns no parameters."
        )
    out = [first.format(**sizes)]
    chain = lesson.sizes_before(step)
    if len(chain) > 1:
        out.append(
            _(
                "The course's slide shows 28×28 → 14×14 because it pools the 28×28 picture "
                "itself; in this network the layers before pooling have already made the maps "
                "{chain}."
            ).format(chain=" → ".join(str(n) for n in chain))
        )
    return out


def _dropout(step: LessonStep, lesson: Lesson) -> list[str]:
    assert isinstance(step.worked, w.DropoutWorked)
    rate = step.worked.rate
    out = [
        _(
            "While training, a dropout layer sets a random {share} of its inputs to 0 at every "
            "step and multiplies the others by {scale}, so that no neuron can count on any one "
            "input."
        ).format(share=f"{100 * rate:g} %", scale=f"{1 / (1 - rate):.3g}" if rate < 1 else "∞")
    ]
    if step.worked.output_equals_input:
        out.append(_("When predicting, nothing is dropped: its output equals its input, as here."))
    else:
        out.append(_("When predicting, this layer's output differs from its input."))
    if lesson.course and rate == 0.5:
        out.append(_("The course's slide says Dropout(0.3); its code, and this network, use 0.5."))
    return out


def _flatten(step: LessonStep, lesson: Lesson) -> list[str]:
    worked = step.worked
    if not isinstance(worked, w.FlattenWorked):
        n = step.output_shape[-1] if step.output_shape else 0
        return [
            _("Its input is already one row of {count:,} values: nothing moves.").format(count=n)
        ]
    h, wd, c = worked.shape
    return [
        _(
            "A flatten layer lays the {c} feature maps of {h}×{w} out in one row: {h} × {w} × "
            "{c} = {n:,} neurons, which a fully connected layer can take."
        ).format(h=h, w=wd, c=c, n=worked.size),
        _(
            "Keras keeps the channels last, so map pixel (row, column, channel) lands at index "
            "(row × {w} + column) × {c} + channel."
        ).format(w=wd, c=c),
    ]


def _dense(step: LessonStep, lesson: Lesson) -> list[str]:
    info = step.info
    assert info is not None
    inputs = info.input_shape[-1]
    first = ngettext(
        "A fully connected layer's {units} neuron multiplies every one of the {inputs:,} "
        "inputs by a weight of its own and adds up the products and a bias.",
        "A fully connected layer's {units} neurons each multiply every one of the {inputs:,} "
        "inputs by a weight of their own and add up the products and a bias.",
        info.size,
    ).format(units=info.size, inputs=inputs)
    return [
        first,
        _activation(info.activation, _("neuron")),
        _(
            "Shown: the neuron that fires most, with the inputs whose products are largest; all "
            "the other inputs together add the rest."
        ),
    ]


def _softmax(step: LessonStep, lesson: Lesson) -> list[str]:
    info = step.info
    assert info is not None
    return [
        ngettext(
            "The output layer is fully connected too: its {count} neuron's sum is the logit z.",
            "The output layer is fully connected too: its {count} neurons' sums are the logits "
            "z, one per digit.",
            info.size,
        ).format(count=info.size),
        _(
            "Softmax, σ(z)_j = e^{z_j} / Σ_k e^{z_k}, makes them positive and adds them up to 1: "
            "these are the probabilities of the chart."
        ),
        _judgement(lesson),
    ]


def _judgement(lesson: Lesson) -> str:
    """Softmax always names a digit: what the judgement on the same pass made of it."""
    percent = f"{100 * float(lesson.probabilities[lesson.digit]):.1f}"
    if lesson.judge == JUDGE_BASELINE:
        return _(
            "Softmax always names some digit, even for a dot. This model carries no statistics "
            "of what digits look like to its layers, so digitpad trusts the largest probability "
            "only when it reaches {threshold} %: here it is {percent} %."
        ).format(threshold=f"{100 * BASELINE_THRESHOLD:.0f}", percent=percent)
    if not lesson.is_digit:
        return _(
            "Softmax always names some digit, even for a dot. The layer before the output does "
            "not respond to this drawing as it does to handwritten digits, so digitpad says "
            '"Not a digit?": {digit} ({percent} %) is only the nearest digit.'
        ).format(digit=lesson.digit, percent=percent)
    return _(
        "Softmax always names some digit, even for a dot; the layer before the output responds "
        "to this drawing as it does to handwritten digits. The chance that {digit} is right, "
        "calibrated on digits the network did not train on, is {confidence} % (its bar: "
        "{percent} %)."
    ).format(digit=lesson.digit, confidence=f"{100 * lesson.confidence:.1f}", percent=percent)


def _normalization(step: LessonStep, lesson: Lesson) -> list[str]:
    return [
        _(
            "A batch normalization layer rescales each channel with what it learned while "
            "training: (x − mean) / √(variance + ε) × γ + β."
        )
    ]


def sentences(step: LessonStep, lesson: Lesson) -> list[str]:
    """One to three sentences about this step, in the current language."""
    if step.step is Step.INPUT:
        return [
            _(
                "The network sees the drawing as a 28×28 matrix of 784 pixels, framed as MNIST "
                "frames its digits: 0 is blank paper, 1 is full ink."
            )
        ]
    if step.worked is None and step.step is not Step.FLATTEN:
        if step.step is Step.OTHER:
            return [_("digitpad does not work this kind of layer out by hand.")]
        return [_("This layer takes several inputs, so its arithmetic is not shown here.")]
    makers = {
        Step.CONV: _conv,
        Step.POOL: _pool,
        Step.DROPOUT: _dropout,
        Step.FLATTEN: _flatten,
        Step.DENSE: _dense,
        Step.SOFTMAX: _softmax,
        Step.NORMALIZATION: _normalization,
    }
    maker = makers.get(step.step)
    return maker(step, lesson) if maker is not None else []


def parameters(lesson: Lesson) -> list[str]:
    """What the parameter step says."""
    return [
        _(
            "Only convolution and fully connected layers learn parameters: a weight for each "
            "input of each kernel or neuron, and one bias each."
        ),
        _("Together: {total:,} parameters, as model.summary() counts them.").format(
            total=lesson.total_params
        ),
    ]


def saliency(lesson: Lesson) -> list[str]:
    """What the "which pixels decided it" step says (the lesson must have a saliency)."""
    s = lesson.saliency
    assert s is not None
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
