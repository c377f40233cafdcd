"""What several kinds' walk-through sentences share: the activation function, in words."""

from __future__ import annotations

from digitpad.core.i18n import _


def activation_sentence(name: str | None, shape: str) -> str:
    """What the activation does to each sum; `shape` names what the sums become ("neuron")."""
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
