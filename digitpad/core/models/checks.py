"""What a loaded model must be before digitpad uses it: ten probabilities, finite weights,
layer names TensorFlow can run.

A model ending in logits would print "7 (1986.5 %)"; NaN weights print
"0 (nan%)" and make `--json` invalid; a layer named with a space or markup
("<b>…") loads in Keras but TensorFlow refuses to run it (fine-tuning ended in
a traceback; digitpad's NumPy pass reads such a model, and shows its names
quoted). All are refused where Keras loads, with one sentence naming the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core.digits import CLASSES, INPUT_SHAPE
from digitpad.core.errors import ModelError
from digitpad.core.files import quoted, shown
from digitpad.core.i18n import _
from digitpad.core.layers.kinds.activations import SOFTMAX
from digitpad.core.layers.registry import kind_of

PROBE_TOLERANCE = 1e-3  # float32 softmax outputs sum to 1 within ~1e-6
# TensorFlow's name scopes (a layer's name is one): what it runs; Keras' own names fit.
LAYER_NAME = re.compile(r"[A-Za-z0-9_.\\/>-]*")


def _output_layer(model: Any) -> Any:
    try:
        history = model.outputs[0]._keras_history
        return history[0] if isinstance(history, tuple) else history.operation
    except (AttributeError, IndexError, TypeError):
        return model.layers[-1] if getattr(model, "layers", None) else None


def _ends_in_softmax(layer: Any) -> bool:
    if kind_of(layer) is SOFTMAX:
        return True
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) == "softmax"


def _probe_sums_to_one(model: Any) -> bool:
    """Outputs for a blank and a scribbled pad are non-negative and add up to 1."""
    blank = np.zeros((1, *INPUT_SHAPE), np.float32)
    scribble = np.random.default_rng(0).random((1, *INPUT_SHAPE), dtype=np.float32)
    try:
        out = np.asarray(model(np.concatenate([blank, scribble]), training=False))
    except Exception:  # a model that cannot run on a pad is no classifier either
        return False
    if out.shape != (2, CLASSES) or not np.isfinite(out).all() or (out < -1e-6).any():
        return False
    return bool(np.all(np.abs(out.sum(axis=1) - 1.0) <= PROBE_TOLERANCE))


def check_probability_head(model: Any, path: Path | str) -> None:
    """Refuse a model whose outputs are not probabilities (softmax, or sums of 1 on probes)."""
    if _ends_in_softmax(_output_layer(model)) or _probe_sums_to_one(model):
        return
    raise ModelError(
        _(
            "{path} does not end in probabilities: its ten outputs are not chances that add "
            "up to 1 (a softmax layer), so digitpad cannot show them."
        ).format(path=shown(path))
    )


def check_finite_weights(model: Any, path: Path | str) -> None:
    """Refuse a model holding NaN or infinite weights (a diverged or damaged model)."""
    for weight in model.weights:
        if not np.isfinite(np.asarray(weight)).all():
            raise ModelError(
                _(
                    "{path} holds weights that are not numbers (NaN or infinite); "
                    "the model is broken, so digitpad does not use it."
                ).format(path=shown(path))
            )


def check_layer_names(model: Any, path: Path | str) -> None:
    """Refuse a model with a layer whose name TensorFlow will not run under (it would fail
    at the first prediction, not here)."""
    for layer in model.layers:
        if not LAYER_NAME.fullmatch(str(layer.name)):
            raise ModelError(
                _(
                    "{path} has a layer named {name}, which TensorFlow cannot run: a layer's "
                    "name holds only letters, digits and _ . - > /."
                ).format(path=shown(path), name=quoted(str(layer.name)))
            )
