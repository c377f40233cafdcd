"""The arguments of a layer in the course's code: how each is given, checked and written.

Each kind of layer's registry entry (`kinds/`) lists its
arguments in Keras' own order, one `Argument` each. That one description
serves both directions: reading the code a student wrote (which arguments the
layer takes, which may be given by position, how a value is checked) and
writing a loaded model's layer back as the course's `model.add(...)` line
(which config values the line shows, and how: see `Written`).

The parser (`core.network.reader`) only matches what the code wrote against that
list and calls the checks below; it keeps no table of its own. A check turns
a literal value into what Keras' config holds (a pair for `kernel_size=3`,
lower case for `padding='SAME'`) or raises `ArgumentError` with the end of a
sentence that the parser prefixes with the line. An argument without a check
is one the course's code may not give but a model's config can hold
(`use_bias=False`): its line writes it, the parser refuses it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from digitpad.core.files import quoted
from digitpad.core.i18n import _

# Activations a student may name (Keras' own names); anything else is a typo or an exotic.
ACTIVATIONS = (
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "linear",
    "elu",
    "selu",
    "softplus",
    "softsign",
    "swish",
    "gelu",
)
MAX_COUNT = 100_000  # filters or neurons of one layer (the parameter budget says the rest)
MAX_WINDOW = 1_000  # kernel, pool or stride side


class ArgumentError(ValueError):
    """A value that does not fit; `str()` completes "Line N: …" (one sentence, translated)."""


Check = Callable[[str, Any], Any]  # (argument name, literal value) -> value for Keras


class Written(enum.Enum):
    """How a layer's `model.add(...)` line writes one of its config values, in the course's
    style: `Conv2D(32, kernel_size=(3, 3), activation='relu')`."""

    NEVER = "never"  # not at all (input_shape: the first line adds it itself)
    BARE = "bare"  # as a bare value, before the keywords: the 32
    KEYWORD = "keyword"  # as a keyword, even at Keras' default: kernel_size=(3, 3)
    CHANGED = "changed"  # as a keyword only where it is not Keras' default: activation='relu'


@dataclass(frozen=True)
class Argument:
    """One argument of one kind of layer, as the course's code gives and writes it."""

    name: str  # Keras' keyword
    check: Check | None  # None: the code may not give it (a model's config may hold it)
    required: bool = False
    positional: bool = False  # may be given by position (in the entry's order)
    to_keras: bool = True  # passed on to the Keras layer (input_shape is not: see `network`)
    written: Written = Written.NEVER  # how the layer's line writes it
    # Keras' default (as its config holds it), so that a line writes only what differs
    # (Written.CHANGED); `default_from`: the default is that other argument's value.
    default: Any = None
    default_from: str | None = None

    def default_in(self, config: Mapping[str, Any]) -> Any:
        """What Keras' config holds for this argument when the code does not give it."""
        return config.get(self.default_from) if self.default_from else self.default


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def count(name: str, value: Any) -> int:
    """A number of filters or neurons."""
    if not _is_int(value) or not 1 <= value <= MAX_COUNT:
        raise ArgumentError(
            _("{name} must be a whole number from 1 to {limit}").format(
                name=name, limit=f"{MAX_COUNT:,}"
            )
        )
    return int(value)


def window(name: str, value: Any) -> tuple[int, int]:
    """A kernel, pool or stride size: `3` or `(3, 3)`."""
    if _is_int(value):
        value = (value, value)
    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(_is_int(v) and 1 <= v <= MAX_WINDOW for v in value)
    ):
        raise ArgumentError(
            _("{name} must be a positive whole number or a pair of them, such as (3, 3)").format(
                name=name
            )
        )
    return (int(value[0]), int(value[1]))


def optional_window(name: str, value: Any) -> tuple[int, int] | None:
    """A pooling's strides: None means "the pool size"."""
    return None if value is None else window(name, value)


def padding(name: str, value: Any) -> str:
    if not isinstance(value, str) or value.lower() not in ("valid", "same"):
        raise ArgumentError(_("{name} must be 'valid' or 'same'").format(name=name))
    return value.lower()


def activation(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in ACTIVATIONS:
        shown = quoted(value) if isinstance(value, str) else _("this value")
        raise ArgumentError(
            _("{value} is not an activation digitpad knows; use one of {names}").format(
                value=shown, names=", ".join(ACTIVATIONS)
            )
        )
    return value


def rate(name: str, value: Any) -> float:
    """A dropout rate: the share of inputs dropped, from 0 up to (not including) 1."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise ArgumentError(
            _("{name} must be a number from 0 up to, but not including, 1").format(name=name)
        )
    return float(value)


def shape(name: str, value: Any) -> tuple[int, ...]:
    """The input's shape; whether it is MNIST's (28, 28, 1) is the network check's business."""
    if (
        not isinstance(value, (tuple, list))
        or not 1 <= len(value) <= 3
        or not all(_is_int(v) and 1 <= v <= MAX_WINDOW for v in value)
    ):
        raise ArgumentError(
            _("{name} must be a tuple of sizes, such as (28, 28, 1)").format(name=name)
        )
    return tuple(int(v) for v in value)


# Arguments more than one kind takes ----------------------------------------------------------

INPUT_SHAPE = Argument("input_shape", shape, to_keras=False)
ACTIVATION = Argument("activation", activation, written=Written.CHANGED, default="linear")
PADDING = Argument("padding", padding, positional=True, written=Written.CHANGED, default="valid")


def from_config(name: str, default: Any) -> Argument:
    """A config value the course's code may not give, written where it is not Keras'
    `default` (a model trained elsewhere may have `use_bias=False`)."""
    return Argument(name, None, written=Written.CHANGED, default=default)
