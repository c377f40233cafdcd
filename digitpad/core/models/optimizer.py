"""How much optimizer state a model file may hold beside its weights, from the optimizer it names.

`model.save(...)` keeps the optimizer's state by default: a model the course's
script trained and saved holds its 1,199,882 weights and, for Adadelta, two
accumulators of the same shapes, so the file is three times the weights. A
bound on a model file's size must count that state, or every model saved from
a compiled, trained network is refused; it must not count more, or a padded
file passes.

`slots` reads the optimizer a model file declares (a `.keras` file's
`compile_config.optimizer`, a legacy `.h5` file's `training_config`'s
`optimizer_config`) and says how many arrays of each weight's shape it keeps:
Keras 3's optimizers (`keras/src/optimizers/`), and Keras 2's, which kept the
same ones (its SGD kept momentum buffers even without momentum, so SGD counts
one). An optimizer digitpad does not know counts as the most any of Keras'
keeps. A few scalars (the step count, the learning rate, Nadam's product)
are the file's per-variable allowance (`VARIABLE_OVERHEAD` in `archive`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Config = Mapping[str, Any]


def _flag(config: Config, name: str) -> int:
    value = config.get(name)
    return 1 if value not in (None, False, 0, 0.0) else 0


# Arrays kept per weight, by the optimizer's class name in lower case.
PER_WEIGHT: dict[str, Callable[[Config], int]] = {
    "sgd": lambda config: 1,
    "rmsprop": lambda config: 1 + _flag(config, "momentum") + _flag(config, "centered"),
    "adam": lambda config: 2 + _flag(config, "amsgrad"),
    "adamw": lambda config: 2 + _flag(config, "amsgrad"),
    "adadelta": lambda config: 2,
    "adagrad": lambda config: 1,
    "adamax": lambda config: 2,
    "nadam": lambda config: 2,
    "ftrl": lambda config: 2,
    "lion": lambda config: 1,
    "lamb": lambda config: 2,
    "adafactor": lambda config: 3,  # a row and a column factor (each at most the weight) + one
    "muon": lambda config: 2,
    "schedulefreeadamw": lambda config: 2,
}
MOST = max(rule({"amsgrad": True, "momentum": 1, "centered": True}) for rule in PER_WEIGHT.values())
MAX_NESTING = 4  # a loss-scale optimizer wraps another


def slots(optimizer: Any, depth: int = 0) -> int:
    """Arrays of each weight's shape that the optimizer `optimizer` (as a model file's config
    names it: a dict with `class_name` and `config`, or a name) keeps; 0 for none."""
    if optimizer is None or depth > MAX_NESTING:
        return 0 if optimizer is None else MOST
    if isinstance(optimizer, str):
        optimizer = {"class_name": optimizer, "config": {}}
    if not isinstance(optimizer, Mapping):
        return MOST
    name = optimizer.get("class_name")
    config = optimizer.get("config")
    if not isinstance(name, str) or not isinstance(config, Mapping):
        return MOST
    kind = name.rsplit(">", 1)[-1].lower()  # Keras 2 wrote "Custom>Adadelta"
    if kind == "lossscaleoptimizer":
        inner = config.get("inner_optimizer")
        return slots(inner, depth + 1) if inner is not None else MOST
    rule = PER_WEIGHT.get(kind)
    count = rule(config) if rule is not None else MOST
    # An average of the weights (use_ema) and accumulated gradients are one more array each.
    return count + _flag(config, "use_ema") + _flag(config, "gradient_accumulation_steps")


def compiled_slots(config: Any) -> int:
    """The optimizer state a `.keras` file's config.json declares (`compile_config`): none for
    a model saved uncompiled. A compiled model whose `compile_config` names no optimizer may
    still hold its state: once a model was saved as `.h5`, Keras 3 drops the optimizer from
    its compile config (its legacy `model_metadata` pops it in place) but a later `.keras`
    save keeps the state, so that counts as the most any of Keras' optimizers keeps."""
    compiled = config.get("compile_config") if isinstance(config, Mapping) else None
    if not isinstance(compiled, Mapping):
        return 0
    optimizer = compiled.get("optimizer")
    return MOST if optimizer is None else slots(optimizer)


def trained_slots(training_config: Any) -> int:
    """The optimizer state a legacy `.h5` file's `training_config` declares."""
    if not isinstance(training_config, Mapping):
        return 0
    return slots(training_config.get("optimizer_config"))
