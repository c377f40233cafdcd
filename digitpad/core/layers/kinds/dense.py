"""Dense: the fully connected layer, and, ending in softmax, the network's output (one entry).

A hidden layer's worked numbers are one neuron's weighted sum (the largest
products, the rest, the bias, the activation; `DenseWorked.at` gives any
other neuron). The output layer's are its ten logits z, by hand, and
σ(z)_j = e^{z_j} / Σ_k e^{z_k}, which is the chart. Its NumPy pass (the batch
op and the live step) is in `dense_fast.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from digitpad.core.i18n import N_, _, display_width, ngettext
from digitpad.core.layers import arguments as args
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers import sizes as sz
from digitpad.core.layers.arguments import Argument, Written
from digitpad.core.layers.kind import LayerInfo, LayerKind, Step, Takes, Walk, Weights
from digitpad.core.layers.kinds.dense_fast import dense_op, dense_step
from digitpad.core.layers.terminal import INDENT, activation_line, num, term
from digitpad.core.layers.values import number, numbers, ordinal
from digitpad.core.layers.wording import activation_sentence

STEP = Step("dense")
OUTPUT = Step("softmax")  # a dense layer ending in softmax: the network's output
TOP_INPUTS = 8  # a dense neuron: the inputs whose products are largest, shown


def describe(info: LayerInfo) -> str:
    return ngettext(
        "Dense (fully connected): {count} neuron",
        "Dense (fully connected): {count} neurons",
        info.size,
    ).format(count=info.size)


def formula(info: LayerInfo) -> str:
    inputs = info.input_shape[-1]
    bias = " + 1" if info.config.get("use_bias", True) else ""
    return f"{info.size:,} × ({inputs:,}{bias}) = {info.params:,}"


def variables(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[sz.Variable, ...]:
    """The kernel (inputs, units), then the bias (units,)."""
    units = sz.positive(cfg.get("units"), "units")
    if not shapes[0]:
        raise sz.BudgetError("shape", "units")
    kernel = sz.Variable((shapes[0][-1], units))
    return (kernel, sz.Variable((units,))) if cfg.get("use_bias", True) else (kernel,)


def sizes(cfg: dict[str, Any], shapes: list[sz.Shape]) -> tuple[int, sz.Shape]:
    units = sz.positive(cfg.get("units"), "units")
    return sz.count(variables(cfg, shapes)), (*shapes[0][:-1], units)


# Worked numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DenseWorked:
    """One neuron's weighted sum: the largest contributions, the rest, bias, activation."""

    neuron: ar.DenseUnit
    output: float  # the layer's own output for this neuron
    activation: str | None
    inputs: np.ndarray
    outputs: np.ndarray
    kernel: np.ndarray  # (inputs, units)
    biases: np.ndarray

    @property
    def unit(self) -> int:
        return self.neuron.unit

    def at(self, unit: int) -> DenseWorked:
        neuron = ar.dense_unit(self.inputs, self.kernel, self.biases, unit, TOP_INPUTS)
        return replace(self, neuron=neuron, output=float(self.outputs[unit]))

    def to_json(self) -> dict[str, Any]:
        n = self.neuron
        top = [[int(i), number(n.inputs[i]), number(n.weights[i])] for i in n.top]
        return {
            "unit": n.unit,
            "top": top,
            "rest": n.rest,
            "bias": number(n.bias),
            "sum": n.sum,
            "activation": self.activation or "linear",
            "output": number(self.output),
        }


@dataclass(frozen=True)
class SoftmaxWorked:
    """The output layer: logits z = inputs × W + b, then σ(z)_j = e^{z_j} / Σ_k e^{z_k}."""

    logits: np.ndarray  # (10,) float64, by hand from the layer's input and weights
    exps: np.ndarray  # e^{z_j}
    computed: np.ndarray  # σ(z) by hand
    probabilities: np.ndarray  # the layer's own output: the chart's bars

    @property
    def total(self) -> float:
        return float(self.exps.sum())

    def to_json(self) -> dict[str, Any]:
        return {
            "logits": self.logits.tolist(),
            "exp": self.exps.tolist(),
            "exp_sum": self.total,
            "probabilities": numbers(self.probabilities),
        }


def worked(
    info: LayerInfo, inputs: np.ndarray, outputs: np.ndarray, weights: Weights
) -> DenseWorked | SoftmaxWorked | None:
    """The neuron that fires most; for the output layer, every logit and softmax."""
    if not weights or inputs.ndim != 1:
        return None
    kernel = np.asarray(weights[0])
    biases = np.asarray(weights[1]) if len(weights) > 1 else np.zeros(kernel.shape[-1])
    if info.step == OUTPUT:
        z = ar.logits(inputs, kernel, biases)
        exps, computed = ar.softmax(z)
        return SoftmaxWorked(z, exps, computed, np.asarray(outputs))
    flat = inputs.reshape(-1)
    first = ar.dense_unit(flat, kernel, biases, 0, 0)
    start = DenseWorked(first, 0.0, info.activation, flat, outputs, kernel, biases)
    return start.at(int(np.argmax(outputs)))


# Words -------------------------------------------------------------------------------------------


def sentences(info: LayerInfo, worked: DenseWorked | SoftmaxWorked, walk: Walk) -> list[str]:
    if isinstance(worked, SoftmaxWorked):
        return [
            ngettext(
                "The output layer is fully connected too: its {count} neuron's sum is the logit z.",
                "The output layer is fully connected too: its {count} neurons' sums are the "
                "logits z, one per digit.",
                info.size,
            ).format(count=info.size),
            _(
                "Softmax, σ(z)_j = e^{z_j} / Σ_k e^{z_k}, makes them positive and adds them up "
                "to 1: these are the probabilities of the chart."
            ),
            walk.judgement(),
        ]
    first = ngettext(
        "A fully connected layer's {units} neuron multiplies every one of the {inputs:,} "
        "inputs by a weight of its own and adds up the products and a bias.",
        "A fully connected layer's {units} neurons each multiply every one of the {inputs:,} "
        "inputs by a weight of their own and add up the products and a bias.",
        info.size,
    ).format(units=info.size, inputs=info.input_shape[-1])
    return [
        first,
        activation_sentence(info.activation, _("neuron")),
        _(
            "Shown: the neuron that fires most, with the inputs whose products are largest; all "
            "the other inputs together add the rest."
        ),
    ]


def lines(info: LayerInfo, worked: DenseWorked | SoftmaxWorked, walk: Walk) -> Iterator[str]:
    if isinstance(worked, SoftmaxWorked):
        yield from _softmax_lines(worked, walk.digit)
        return
    n = worked.neuron
    yield _(
        "Neuron {unit}, the most active one: the {count} largest of its {total:,} products:"
    ).format(unit=ordinal(n.unit), count=len(n.top), total=len(n.inputs))
    for i in n.top:
        yield INDENT + _("input {index:,}: {value} × {weight} = {product}").format(
            index=ordinal(i),
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
    yield activation_line(worked.activation, n.sum, worked.output)


def _softmax_lines(s: SoftmaxWorked, digit: int) -> Iterator[str]:
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


DENSE = LayerKind(
    "Dense",
    STEP,
    N_("fully connected layer"),
    describe,
    formula,
    shown=True,
    grid_columns=16,
    arguments=(
        Argument("units", args.count, required=True, positional=True, written=Written.BARE),
        Argument(
            "activation",
            args.activation,
            positional=True,
            written=Written.CHANGED,
            default="linear",
        ),
        args.from_config("use_bias", True),
        args.INPUT_SHAPE,
    ),
    takes=Takes.ROW,
    sizes=sizes,
    variables=variables,
    batch=dense_op,
    fast=dense_step,
    worked=worked,
    sentences=sentences,
    lines=lines,
    output_step=OUTPUT,
    output_term=N_("output layer (softmax)"),
)
