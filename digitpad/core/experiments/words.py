"""What the experiments say, in the course's terms: the window and the command line alike.

Every number in these sentences is the experiment's own (the shift map, the rows, a move's
comparison, a ranking); made when asked for, so a language switch re-words them.
"""

from __future__ import annotations

from digitpad.core.experiments.comparison import LayerMove, MoveComparison
from digitpad.core.experiments.ranking import LayerRanking
from digitpad.core.experiments.shift_map import ShiftMap, TransformRow
from digitpad.core.i18n import _, chance, ngettext
from digitpad.core.i18n import percent as share  # a share or a change, not a probability


def percent(p: float) -> str:
    """A probability the model gives, as every percentage is written (`i18n.chance`: "97.3%",
    "> 99.9%", never "100.0%": the model is never certain)."""
    return chance(p)


NEAR_CERTAIN = 0.999  # from here the maps' probabilities print alike ("> 99.9 %", "100.0 %")


def log_odds(value: float) -> str:
    """A log-odds as the sentences write it: two places, a real minus sign ("−1.37")."""
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def listed(items: list[str]) -> str:
    """Items of a list as the language separates them ("7, 14, 32"; in Chinese "7、14、32")."""
    # Translators: what separates the items of a list of numbers or moves.
    return _(", ").join(items)


def _pixels(count: int, right: str, left: str) -> str:
    return ngettext("{count} pixel {way}", "{count} pixels {way}", abs(count)).format(
        count=abs(count), way=right if count > 0 else left
    )


def describe_shift(dx: int, dy: int) -> str:
    """ "2 pixels right, 1 pixel up"; "not moved"."""
    parts = []
    if dx:
        parts.append(_pixels(dx, _("right"), _("left")))
    if dy:
        parts.append(_pixels(dy, _("down"), _("up")))
    return listed(parts) if parts else _("not moved")


def shift_sentences(m: ShiftMap) -> list[str]:
    """What the shift map shows: the cells, where the digit holds, and why."""
    total = m.side * m.side
    k = m.held_within()
    first = _(
        "Each cell is the probability of {digit} for the drawing moved dx pixels right and dy "
        "pixels down, from −{reach} to +{reach} each way (negative: left, up); the middle cell "
        "is where it was drawn."
    ).format(digit=m.digit, reach=m.reach)
    if k == 0:
        held = _(
            "It is read as {digit} after {held} of the {total} moves, but some one-pixel move "
            "already makes it another digit."
        ).format(digit=m.digit, held=m.held(), total=total)
    else:
        held = ngettext(
            "It is read as {digit} after {held} of the {total} moves, and after every move of "
            "up to {k} pixel in any direction.",
            "It is read as {digit} after {held} of the {total} moves, and after every move of "
            "up to {k} pixels in any direction.",
            k,
        ).format(digit=m.digit, held=m.held(), total=total, k=k)
    why = _(
        "A convolution moves with its input: its feature maps are the same pattern, moved. The "
        "dense layer after Flatten gives every position its own weights, so a moved pattern "
        "meets other weights: that is why MNIST, and digitpad, centre the digit before reading "
        "it."
    )
    return [first, held, why]


def row_sentences(scale: TransformRow, rotation: TransformRow) -> list[str]:
    """What the scale and rotation rows show."""
    lo, hi = scale.held_range(1.0)
    a, b = rotation.held_range(0.0)
    return [
        _(
            "Scaled by {low}× to {high}× about its centre, it is read as {digit} from {held_low}× "
            "to {held_high}×; rotated by {a_low}° to +{a_high}°, from {held_a}° to {held_b}°."
        ).format(
            low=f"{scale.values[0]:g}",
            high=f"{scale.values[-1]:g}",
            digit=scale.digit,
            held_low=f"{lo:g}",
            held_high=f"{hi:g}",
            a_low=f"{rotation.values[0]:g}".replace("-", "−"),
            a_high=f"{rotation.values[-1]:g}",
            held_a=f"{a:+g}".replace("-", "−"),
            held_b=f"{b:+g}".replace("-", "−"),
        ),
        _(
            "Nothing in a convolution undoes scaling or rotation: what the network tolerates "
            "it learned from MNIST's digits, which vary a little in size and slant."
        ),
    ]


def _layer_sentence(layer: LayerMove, previous: LayerMove | None) -> str | None:
    dx, dy = layer.move
    if layer.same and layer.info.kind.unshared is not None:  # a convolution
        return _(
            "{layer}: every feature map is the same pattern moved with the drawing ({move}; "
            "outlined): the kernel reads the same patch wherever the patch is."
        ).format(layer=layer.name, move=describe_shift(int(dx), int(dy)))
    if layer.same:
        return _(
            "{layer}: a move of a whole number of its pixels ({move}) moves its maps too, "
            "the same pattern."
        ).format(layer=layer.name, move=describe_shift(int(dx), int(dy)))
    if layer.same is False:
        return _(
            "{layer}: its maps moved with the drawing ({move}) and also changed where pixels "
            "were lost at the edge."
        ).format(layer=layer.name, move=describe_shift(int(dx), int(dy)))
    if previous is None:
        return None
    return _(
        "{layer} ({what}): to it the move is {move}, not a whole number of its pixels: "
        "{unchanged} of its values that are not 0 stayed exactly as they were, and in place they "
        "changed by {change} of their size, against {before} for {previous}."
    ).format(
        layer=layer.name,
        what=layer.info.describe(),  # the registry's words for it: "Max pooling: keeps …"
        move=_halves(dx, dy),
        unchanged=share(layer.unchanged),
        change=share(layer.change),
        before=share(previous.change),
        previous=previous.name,
    )


def _halves(dx: float, dy: float) -> str:
    """A move in pooled pixels, halves and all: "1.5 pixels right, 0.5 pixel up"."""
    parts = []
    for value, way, other in ((dx, _("right"), _("left")), (dy, _("down"), _("up"))):
        if value:
            parts.append(
                _("{count} pixels {way}").format(
                    count=f"{abs(value):g}", way=way if value > 0 else other
                )
            )
    return listed(parts)


def move_sentences(c: MoveComparison, layers: tuple[str, ...]) -> list[str]:
    """A move, layer by layer (only the `layers` named, in order), then the prediction."""
    dx, dy = c.shift
    if c.shift == (0, 0):
        first = _(
            "Not moved: the 28×28 is where framing put the digit. Moving it bypasses framing: "
            "the 28×28 itself moves, pixels moved off it are lost and blank paper comes in."
        )
    else:
        first = _(
            "Moved {move}: framing is bypassed and the 28×28 itself moves; pixels moved off it "
            "are lost and blank paper comes in."
        ).format(move=describe_shift(dx, dy))
    out = [first]
    previous = None
    if c.shift != (0, 0):
        for layer in c.layers:
            if layer.name not in layers:
                continue
            said = _layer_sentence(layer, previous)
            if said:
                out.append(said)
            previous = layer
    if c.holds:
        out.append(
            _("The prediction holds: still {digit}, {before} → {after}.").format(
                digit=c.digit_before,
                before=percent(c.probability_before),
                after=percent(c.probability_after),
            )
        )
    else:
        out.append(
            _(
                "The prediction breaks: it now reads {new}; {digit} fell from {before} to {after}."
            ).format(
                new=c.digit_after,
                digit=c.digit_before,
                before=percent(c.probability_before),
                after=percent(c.probability_after),
            )
        )
    return out


def ranking_sentences(r: LayerRanking) -> list[str]:
    """What the ranking of one layer's maps shows."""
    top = r.effects[0] if r.effects else None
    out = [
        _(
            "Each map of {layer} switched off alone (its output set to 0), the network read the "
            "drawing again: the maps are ranked by how much that lowers the probability of "
            "{digit} ({probability} as it reads now)."
        ).format(layer=r.layer, digit=r.digit, probability=percent(r.probability))
    ]
    if r.probability >= NEAR_CERTAIN:
        out.append(
            _(
                "Near {certain} the probabilities round alike, so the order uses their "
                "log-odds, ln(p / (1 − p)) from the logits ({odds} as it reads now): the same "
                "order, not rounded away."
            ).format(certain=share(1.0, None), odds=log_odds(r.log_odds))
        )
    changing = r.changing()
    if changing:
        out.append(
            ngettext(
                "Switched off alone, {count} map changes the digit read.",
                "Switched off alone, {count} maps change the digit read.",
                len(changing),
            ).format(count=len(changing))
        )
    elif top is not None:
        out.append(
            _(
                "No map alone changes the digit read; the one that matters most, map {map}, "
                "lowers it to {probability} (log-odds {before} → {after})."
            ).format(
                map=top.index + 1,
                probability=percent(top.probability),
                before=log_odds(r.log_odds),
                after=log_odds(top.log_odds),
            )
        )
    return out
