"""`--off LAYER:MAP[,MAP…]`: maps switched off, as a person names them (maps from 1).

`explain --off conv2d:3,7 --off conv2d_1:12` switches off maps 3 and 7 of the first
convolution and map 12 of the second, numbered from 1 as the window numbers them. Each way
of getting it wrong is one sentence (`MapsOffError`, exit 2 on the command line): a list that
is not LAYER:MAP[,MAP…], a layer without feature maps (the sentence names those with), a
map beyond the layer's count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from digitpad.core.errors import DigitpadError
from digitpad.core.experiments.experiment import Experiment
from digitpad.core.experiments.words import listed
from digitpad.core.files import QUOTED_CHARS, cut, quoted, shown
from digitpad.core.i18n import _, ngettext
from digitpad.core.layers.kind import INPUT, LayerInfo

SPEC = re.compile(r"^\s*([^:\s]+)\s*:\s*(\d+(?:\s*,\s*\d+)*)\s*$", re.ASCII)
MOST_DIGITS = 6  # a map number longer than this is beyond any layer (and int() of 5,000 fails)


class MapsOffError(DigitpadError):
    """A `--off` the network cannot honour."""


def switchable(layers: Iterable[LayerInfo]) -> tuple[LayerInfo, ...]:
    """The layers whose maps may be switched off: every layer with feature maps (channels
    last) but the input."""
    return tuple(
        info
        for info in layers
        if info.is_map
        and info.step != INPUT
        and info.config.get("data_format", "channels_last") == "channels_last"
    )


def _with_maps(layers: tuple[LayerInfo, ...]) -> str:
    return ", ".join(
        ngettext("{layer} ({count} map)", "{layer} ({count} maps)", info.size).format(
            layer=info.name, count=info.size
        )
        for info in layers
    )


def parse_maps_off(
    specs: Iterable[str], layers: Iterable[LayerInfo], experiment: Experiment | None = None
) -> Experiment:
    """`experiment` (default: none) with the maps `specs` name switched off."""
    layers = tuple(layers)
    maps = switchable(layers)
    by_name = {info.name: info for info in maps}
    out = experiment if experiment is not None else Experiment()
    for spec in specs:
        found = SPEC.match(spec)
        if found is None:
            raise MapsOffError(
                _(
                    "--off {spec} is not a layer and its maps as LAYER:MAP[,MAP…], for "
                    "example conv2d:3,7."
                ).format(spec=quoted(spec))
            )
        name, numbers = found.group(1), [n.strip() for n in found.group(2).split(",")]
        info = by_name.get(name)
        if info is None:
            known = any(other.name == name for other in layers)
            if not maps:
                raise MapsOffError(_("This network has no layer with feature maps to switch off."))
            message = (
                _("The layer {layer} has no feature maps to switch off; these have: {layers}.")
                if known
                else _("This network has no layer {layer}; these have feature maps: {layers}.")
            )
            raise MapsOffError(message.format(layer=shown(name), layers=_with_maps(maps)))
        for digits in numbers:
            value = digits.lstrip("0") or "0"
            number = int(value) if len(value) <= MOST_DIGITS else None
            if number is None or not 1 <= number <= info.size:
                raise MapsOffError(
                    ngettext(
                        "{layer} has {count} map, numbered from 1 to {count}: there is no map "
                        "{number}.",
                        "{layer} has {count} maps, numbered from 1 to {count}: there is no map "
                        "{number}.",
                        info.size,
                    ).format(layer=name, count=info.size, number=cut(value, QUOTED_CHARS))
                )
            out = out.switched(name, number - 1, True)
    return out


def describe_maps_off(experiment: Experiment) -> str:
    """ "conv2d: maps 3, 7; conv2d_1: map 12" (numbered from 1), "" when none is off."""
    parts = []
    for layer in experiment.layers_off():
        numbers = [i + 1 for i in experiment.maps_off(layer)]
        parts.append(
            ngettext("{layer}: map {numbers}", "{layer}: maps {numbers}", len(numbers)).format(
                layer=layer, numbers=listed([str(n) for n in numbers])
            )
        )
    # Translators: what separates the layers in a list of maps switched off.
    return _("; ").join(parts)
