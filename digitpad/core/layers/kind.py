"""What one kind of Keras layer is to digitpad: the shape of a registry entry (`LayerKind`).

Each kind is one frozen `LayerKind`, made in its own module under
`core/layers/kinds/` (as Keras keeps a layer class in one file:
`kinds/conv.py` holds Conv2D, its words, its numbers and its live step) and
listed once in `registry.KINDS`. Everything that differs by kind is a field
or a hook of its entry; no other module keeps a table or a chain of cases by
kind or by class name:

- the layer table: its course name (`term`), `describe`, its parameter count
  derived (`formula`); the inside view: `shown`, `grid_columns`;
- the course's code: its `arguments` (`arguments.Argument`), what input it
  `takes`, its `window`, whether the code may write it at all (`in_code`);
- sizes from a serialized config (`sizes`: a model file's budget, the code's
  check), before Keras builds anything, and the weights a model file must hold
  for it (`variables`: their shapes, in Keras' order);
- the NumPy pass, built from the layer's config (`LayerInfo`) and its own
  weights: the batch forward and backward (`batch`, `batch_ops.BatchOp`: every
  layer's output, and gradient × input) and the live single-drawing step
  (`fast`, `fast_steps.FastStep`), both in the kind's module or beside it;
- the digit judgement (`core/inference/judgement`): which statistics of the
  layer's feature maps it reads (`summary`: a `Summary`, None for none);
- the walk-through: its `worked` numbers from the layer's own input, output
  and weights (`Worked`), its `sentences`, and its `lines` for a terminal
  (`digitpad explain`; plain text, `terminal` lays them out);
- what the course claims of it, counted: what it would hold without weight
  sharing (`unshared`: the parameters step), and whether its output moves with
  its input pixel for pixel (`moves_with_input`: the shift map computes such
  layers once on a larger canvas, `core.experiments`).

The walk-through's hooks get a `Walk`: what a kind may ask of the lesson it
is part of (the lesson's `Lesson` is one). So core/layers never imports
core/lesson; the lesson is built on the kinds, not the other way round. A
kind that digitpad sizes but does not teach is `untaught(...)`: its step is
`OTHER` and the walk-through says it does not work it out by hand.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from digitpad.core.i18n import N_, _
from digitpad.core.layers import arguments as args
from digitpad.core.layers.arguments import Argument, Written
from digitpad.core.layers.batch_ops import BatchOp
from digitpad.core.layers.fast_steps import FastStep
from digitpad.core.layers.sizes import Shape, SizeRule, VariablesRule


@dataclass(frozen=True)
class Step:
    """A step of the walk-through; kinds may share one (max and average pooling are "pool").

    `value` is `explain --json`'s "kind"; the window's walk-through picks a
    step's page by it. Each kind module makes its own (`Step("conv")`).
    """

    value: str


INPUT = Step("input")  # the drawing itself (and a functional model's input layer)
OTHER = Step("other")  # a kind the walk-through does not work out by hand


class Summary(enum.Enum):
    """What the digit judgement reads of a layer's feature maps besides the activations that
    feed the output layer (issue 27): each map's mean over its positions, and for the last
    convolution also each map's largest value. A few numbers per map, cheap in the live pass,
    that keep what the dense layers fold away: how much ink, stroke and curve each filter saw."""

    CONVOLUTION = "convolution"  # each map's mean; the network's last such layer: its maxima too
    POOLING = "pooling"  # each map's mean


class Takes(enum.Enum):
    """What input a kind of layer needs in the course's networks."""

    ANY = "any"
    IMAGE = "image"  # feature maps (H, W, C): convolution, pooling
    ROW = "row"  # a row of values: a dense layer comes after Flatten


@dataclass(frozen=True)
class LayerInfo:
    """One layer of a loaded model, as every view needs it: shapes stay tuples."""

    name: str
    kind: LayerKind
    class_name: str  # the Keras class, as the course's code writes it
    input_shape: Shape
    output_shape: Shape
    params: int
    trainable_params: int
    activation: str | None  # "relu", "softmax", or None when the layer has none
    config: Mapping[str, Any] = field(default_factory=dict)  # the layer's Keras config

    @property
    def is_map(self) -> bool:
        """Its output is feature maps (H, W, C) rather than a row of neurons."""
        return len(self.output_shape) == 3

    @property
    def step(self) -> Step:
        """The course's step for this layer: a dense layer ending in softmax is the output."""
        if self.kind.output_step is not None and self.activation == "softmax":
            return self.kind.output_step
        return self.kind.step

    @property
    def size(self) -> int:
        """Its last dimension: filters, channels or neurons."""
        return self.output_shape[-1] if self.output_shape else 0

    def term(self) -> str:
        """The course's name for it in the current language ("convolution layer")."""
        if self.kind.output_step is not None and self.step == self.kind.output_step:
            return _(self.kind.output_term)
        return _(self.kind.term)

    def describe(self) -> str:
        """What the layer is, in the current language ("Convolution: 32 filters · …")."""
        said = self.kind.describe(self)
        if said and self.activation and self.activation != "linear":
            said += " · " + _("activation {name}").format(name=self.activation)
        return said

    def params_formula(self) -> str:
        """How its parameter count follows from its shapes, e.g. "32 × (3×3×1 + 1) = 320"."""
        return self.kind.formula(self)

    def unshared_params(self) -> int:
        """Its parameters if no weight were shared between output positions (a locally
        connected layer: 26×26 × 320 = 216,320 for the course's first convolution); its own
        count for a layer that shares none."""
        hook = self.kind.unshared
        return self.params if hook is None else hook(self)

    def unshared_formula(self) -> str:
        """How `unshared_params` follows: "26×26 × 320 = 216,320" (its count alone for a layer
        that shares no weights)."""
        count = self.unshared_params()
        if count == self.params or self.positions() * self.params != count:
            return f"{count:,}"
        first = self.config.get("data_format", "channels_last") == "channels_first"
        h, w = self.output_shape[1:] if first else self.output_shape[:2]
        return f"{h}×{w} × {self.params:,} = {count:,}"

    def moves_with_input(self) -> bool:
        """Moving its input by a pixel moves its output by a pixel and changes nothing else,
        on a canvas of any size (its kind says when)."""
        hook = self.kind.moves_with_input
        return hook is not None and hook(self)

    def positions(self) -> int:
        """How many output positions it computes: H × W of its maps (1 for a row)."""
        if not self.is_map:
            return 1
        first = self.config.get("data_format", "channels_last") == "channels_first"
        h, w = self.output_shape[1:] if first else self.output_shape[:2]
        return int(h) * int(w)


class Worked(Protocol):
    """A step's worked numbers (each kind has its own type); `explain --json`'s "worked"."""

    def to_json(self) -> dict[str, Any]: ...


class Walk(Protocol):
    """What a kind's walk-through hooks may ask of the lesson they are part of."""

    @property
    def digit(self) -> int: ...  # the digit read

    @property
    def course(self) -> bool: ...  # the network is the course's own

    def sizes_before(self, info: LayerInfo) -> list[int]: ...  # map heights up to its input

    def first_of_its_step(self, info: LayerInfo) -> bool: ...  # the first convolution, say

    def judgement(self) -> str: ...  # what the judgement made of the drawing, in a sentence


Weights = tuple[np.ndarray, ...]  # a layer's weights, as Keras keeps them
# (layer info, its input, its output, its weights) -> its worked numbers, or None.
WorkedHook = Callable[[LayerInfo, np.ndarray, np.ndarray, Weights], Worked | None]
Sentences = Callable[[LayerInfo, Any, Walk], list[str]]  # (info, its Worked, walk)
Lines = Callable[[LayerInfo, Any, Walk], Iterable[str]]  # the same, for a terminal
# (layer info, its weights) -> its op in the NumPy pass, or None for a config it does not cover.
BatchHook = Callable[[LayerInfo, Weights], BatchOp | None]
FastHook = Callable[[LayerInfo, Weights], FastStep | None]  # the same for the live step


def no_params(info: LayerInfo) -> str:
    return "0"


def per_position(info: LayerInfo) -> int:
    """Without sharing, every output position holds its own copy of the layer's weights."""
    return info.positions() * info.params


def always(info: LayerInfo) -> bool:
    """The `moves_with_input` of a layer computed position by position (or passing its input
    on)."""
    return True


def generic_formula(info: LayerInfo) -> str:
    return f"{info.params:,}"


def nothing(info: LayerInfo) -> str:
    """A kind digitpad does not describe."""
    return ""


@dataclass(frozen=True, eq=False)  # an entry is itself: compared and hashed by identity
class LayerKind:
    """What digitpad knows about one kind of Keras layer (see the module's docstring)."""

    keras_class: str  # the class in `keras.layers`; lookups use the class itself
    step: Step
    term: str  # the course's name for it (marked with N_, translated when shown)
    describe: Callable[[LayerInfo], str] = nothing  # the layer table's "What it is"
    formula: Callable[[LayerInfo], str] = generic_formula  # its parameter count, derived
    shown: bool = False  # the inside view draws its activations
    grid_columns: int = 8  # tiles per row in the inside view
    # Its arguments: which the course's code may give (and how), and which its
    # `model.add(...)` line writes (the lesson shows it), in Keras' positional order.
    arguments: tuple[Argument, ...] = (args.INPUT_SHAPE,)
    in_code: bool = True  # the course's code may use it (`model.add(...)`)
    takes: Takes = Takes.ANY  # what input it needs
    window: str | None = None  # the argument whose window must fit in the input
    too_large: str = ""  # the sentence when it does not (N_; {line}, {window}, {size})
    # Keras' own subclasses that are this kind too (SpatialDropout2D is a Dropout): a model
    # file names them, the code may not.
    subclasses: tuple[str, ...] = ()
    sizes: SizeRule | None = None  # None: a model file holding it is not loaded
    variables: VariablesRule | None = None  # None: it holds no weights
    batch: BatchHook | None = None  # None: a model holding it keeps Keras' pass
    fast: FastHook | None = None  # None: the live pass runs it through `batch`
    summary: Summary | None = None  # what the digit judgement reads of its maps (None: nothing)
    worked: WorkedHook | None = None  # None: the walk-through does not work it out
    sentences: Sentences | None = None  # what the walk-through says, given worked numbers
    unworked: Callable[[LayerInfo], list[str]] | None = None  # ... and without them
    lines: Lines | None = None  # its worked numbers laid out for a terminal
    # A layer of this kind ending in softmax is the network's output: its step and name.
    output_step: Step | None = None
    output_term: str = ""
    # Weight sharing, counted: its parameters if no weight were shared between output
    # positions (`per_position` for a convolution); None: it shares none.
    unshared: Callable[[LayerInfo], int] | None = None
    # Its output moves with its input on a canvas of any size (None: it does not).
    moves_with_input: Callable[[LayerInfo], bool] | None = None

    def accepted(self) -> tuple[Argument, ...]:
        """The arguments the course's code may give."""
        return tuple(a for a in self.arguments if a.check is not None)

    def positional(self) -> tuple[Argument, ...]:
        """The arguments the code may give by position, in Keras' order."""
        return tuple(a for a in self.accepted() if a.positional)

    def argument(self, name: str) -> Argument | None:
        """The argument `name` if the course's code may give it."""
        return next((a for a in self.accepted() if a.name == name), None)

    def written(self, how: Written) -> tuple[str, ...]:
        """The config values its `model.add(...)` line writes `how`, in order."""
        return tuple(a.name for a in self.arguments if a.written is how)


def untaught(
    keras_class: str,
    sizes: SizeRule,
    *,
    variables: VariablesRule | None = None,
    batch: BatchHook | None = None,
    fast: FastHook | None = None,
    unshared: Callable[[LayerInfo], int] | None = None,
    moves_with_input: Callable[[LayerInfo], bool] | None = None,
) -> LayerKind:
    """A kind digitpad sizes (and may run in its NumPy pass) but does not teach: the course's
    code cannot write it, and the walk-through names it without working it out."""
    return LayerKind(
        keras_class,
        OTHER,
        N_("layer"),
        arguments=(),
        in_code=False,
        sizes=sizes,
        variables=variables,
        batch=batch,
        fast=fast,
        unshared=unshared,
        moves_with_input=moves_with_input,
    )


def same_shape(config: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    """The sizes of a layer that holds no weights and keeps its input's shape."""
    return 0, shapes[0]
