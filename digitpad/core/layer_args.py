"""The arguments a layer may take in the course's code, and how each value is checked.

The layer registry (`core.layers`) lists, for each kind of layer, which of
these arguments it takes and in what order they may be given by position
(Keras' own order). The parser (`core.network`) only matches what the code
wrote against that list and calls the checks below; it keeps no table of its
own. A check turns a literal value into what Keras' config holds (a pair for
`kernel_size=3`, lower case for `padding='SAME'`) or raises `ArgumentError`
with the end of a sentence that the parser prefixes with the line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Argument:
    """One argument of one kind of layer, as the course's code may write it."""

    name: str  # Keras' keyword
    check: Check
    required: bool = False
    positional: bool = False  # may be given by position (in the entry's order)
    to_keras: bool = True  # passed on to the Keras layer (input_shape is not: see `network`)


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
        shown = repr(value) if isinstance(value, str) else _("this value")
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
ACTIVATION = Argument("activation", activation)
PADDING = Argument("padding", padding, positional=True)
