"""A network as the course's code describes it, and what can be wrong with that code.

`network.code` reads the code into a `NetworkSpec` (or a `NetworkError`);
`network.check` says whether the spec can learn MNIST. Both speak in
`Problem`s: one sentence each, naming the line it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from digitpad.core.errors import DigitpadError
from digitpad.core.layers.kind import LayerKind


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the code: a sentence, and the line it is about (if one)."""

    line: int | None
    message: str


class NetworkError(DigitpadError):
    """The code cannot be trained; `problems` says why, one sentence per problem."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(" ".join(p.message for p in self.problems))

    def sentences(self) -> list[str]:
        """One line per problem: the network is explained line by line."""
        return [p.message for p in self.problems]


@dataclass(frozen=True)
class LayerLine:
    """One `model.add(Kind(...))` line: its kind, its checked arguments, where it is."""

    kind: LayerKind
    arguments: Mapping[str, Any]  # by Keras keyword, only those the code gave
    line: int


@dataclass(frozen=True)
class NetworkSpec:
    """A network as the course's code describes it (the code is kept with it)."""

    code: str
    layers: tuple[LayerLine, ...]
    sequential_line: int


def fail(line: int | None, message: str) -> NetworkError:
    """The error for one problem."""
    return NetworkError([Problem(line, message)])
