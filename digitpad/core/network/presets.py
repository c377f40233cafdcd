"""The networks a class compares: the course's own, and its classroom "what if"s.

Each preset is the course's code with one change (and a title saying which),
plus the hyperparameters that differ from the course's (only the old Keras
example's 12 epochs). `COURSE` is the default everywhere a network is chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from digitpad.core.configs import TrainConfig
from digitpad.core.i18n import N_, _, translations_of
from digitpad.core.network.code import parse
from digitpad.core.network.spec import NetworkError, NetworkSpec

HEADER = """\
num_classes = 10
input_shape = (28, 28, 1)

model = Sequential()
"""

CONVOLUTIONS = """\
model.add(Conv2D({filters}, kernel_size=(3, 3),
                 activation='relu',
                 input_shape=input_shape))
model.add(Conv2D(64, (3, 3), activation='relu'))
"""

ONE_CONVOLUTION = """\
model.add(Conv2D(32, kernel_size=(3, 3),
                 activation='relu',
                 input_shape=input_shape))
"""

POOLING = """\
model.add(MaxPooling2D(pool_size=(2, 2)))
"""

TOP = """\
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(128, activation='relu'))
model.add(Dropout({rate}))
model.add(Dense(num_classes, activation='softmax'))
"""

DENSE_ONLY = """\
model.add(Flatten(input_shape=input_shape))
model.add(Dense(128, activation='relu'))
model.add(Dense(num_classes, activation='softmax'))
"""


def _course(filters: int = 32, pooling: bool = True, rate: float = 0.5) -> str:
    return (
        HEADER
        + CONVOLUTIONS.format(filters=filters)
        + (POOLING if pooling else "")
        + TOP.format(rate=rate)
    )


@dataclass(frozen=True)
class Preset:
    """A network to try: its code and what it changes about the course's run."""

    key: str  # stable, for the command line and saved choices
    title: str  # N_: translate when shown
    code: str
    hyperparameters: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def config(self, base: TrainConfig | None = None) -> TrainConfig:
        """`base` (the course's settings if None) with this preset's hyperparameters."""
        values = {**vars(base or TrainConfig()), **self.hyperparameters}
        return TrainConfig(**values)


COURSE = Preset("course", N_("The course's network"), _course())
PRESETS: tuple[Preset, ...] = (
    COURSE,
    Preset("dropout-0.3", N_("The slide's Dropout(0.3)"), _course(rate=0.3)),
    Preset("no-pooling", N_("No pooling"), _course(pooling=False)),
    Preset("16-filters", N_("16 filters in the first convolution"), _course(filters=16)),
    Preset(
        "one-convolution",
        N_("One convolution"),
        HEADER + ONE_CONVOLUTION + POOLING + TOP.format(rate=0.5),
    ),
    Preset("dense-only", N_("Dense only (no convolution)"), HEADER + DENSE_ONLY),
    Preset(
        "12-epochs",
        N_("The old Keras example: 12 epochs"),
        _course(),
        MappingProxyType({"epochs": 12}),
    ),
)


OWN_NETWORK = N_("Your own network")  # a run's name when its code is no preset's


@functools.cache
def _given_names() -> dict[str, str]:
    """Every name digitpad gives a run, in every language, to its source text."""
    return {
        translated: source
        for source in (*(p.title for p in PRESETS), OWN_NETWORK)
        for translated in translations_of(source)
    }


def run_name(name: str) -> str:
    """A run's name to show: one digitpad gave it (a preset's title, "Your own network") in
    the current language, whatever language it was trained in; the user's own as it is."""
    source = _given_names().get(name)
    return _(source) if source is not None else name


def preset_named(key: str) -> Preset | None:
    return next((p for p in PRESETS if p.key == key), None)


def meaning(spec: NetworkSpec) -> tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]:
    """What a network's code says, whatever way it is written: each layer's kind and its
    checked arguments (`Conv2D(64, (3, 3))` and `Conv2D(64, kernel_size=3)` alike; spacing,
    comments, line breaks and `num_classes` for 10 make no difference)."""
    return tuple(
        (line.kind.keras_class, tuple(sorted(line.arguments.items()))) for line in spec.layers
    )


@functools.cache
def _preset_meanings() -> tuple[tuple[Preset, Any], ...]:
    return tuple((p, meaning(parse(p.code))) for p in PRESETS)


def preset_for_spec(spec: NetworkSpec, prefer: Preset | None = None) -> Preset | None:
    """The preset whose code means what `spec` says: `prefer` if it does (the 12-epoch
    example shares the course's code), else the first that does; None: the student's own."""
    wanted = meaning(spec)
    same = [p for p, m in _preset_meanings() if m == wanted]
    return prefer if prefer in same else (same[0] if same else None)


def preset_for_code(code: str) -> Preset | None:
    """The first preset whose code means the same as `code` (None: no preset's, or code
    that cannot be read)."""
    try:
        return preset_for_spec(parse(code))
    except NetworkError:
        return None
