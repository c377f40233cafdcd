"""A drawing read with an experiment: the same predictor's pass on a changed copy of its network.

`tried_inspection` is what the window's views get while an experiment is on: the inspection of
the drawing moved by the experiment's shift, through the network in use with its maps switched
off and kernels edited (`Experiment.network`), plus what the experiment's own views need to
compare with (the drawing as framed, the network before the change, the changed one). The
prediction, the bars, the inside view and the walk-through all come from this one pass, so
they follow the experiment together. The changed network is built per drawing: a copy of a
few small arrays, far less than the pass itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from digitpad.core.experiments.experiment import Experiment
from digitpad.core.inference.loading import Runtime
from digitpad.core.inference.network import Network
from digitpad.core.inference.prediction import Inspection, Prediction
from digitpad.core.inference.predictor import Predictor


@dataclass(frozen=True)
class TriedInspection(Inspection):
    """An `Inspection` made with an experiment, and what it was made from."""

    framed: np.ndarray | None = None  # the drawing as framed, before the experiment moved it
    experiment: Experiment = field(default_factory=Experiment)  # as it applied to this model
    base: Runtime | None = None  # the weights in use: the model's network, or Keras' pass
    runtime: Runtime | None = None  # what read the drawing: `base`, or its changed copy

    @property
    def network(self) -> Network | None:
        """The changed network that read the drawing (None: Keras computes this model)."""
        return self.runtime if isinstance(self.runtime, Network) else None

    @property
    def base_network(self) -> Network | None:
        return self.base if isinstance(self.base, Network) else None


def tried_predictor(predictor: Predictor, experiment: Experiment) -> tuple[Predictor, Experiment]:
    """The predictor that reads with `experiment`, and the experiment as it applies: a model
    Keras computes cannot switch maps off or edit kernels, so only the move applies to it."""
    base = predictor.runtime
    if not experiment.changes_network:
        return predictor, experiment
    if not isinstance(base, Network):
        return predictor, experiment.without_changes_to_network()
    fitted = experiment.fitted_to(base.layers)
    if not fitted.changes_network:
        return predictor, fitted
    return predictor.trying(fitted.network(base)), fitted


def tried_inspection(
    predictor: Predictor, framed: np.ndarray, experiment: Experiment, *, saliency: bool = True
) -> TriedInspection:
    """Every layer of the drawing `framed` read with `experiment` (and which pixels decided it)."""
    framed = np.asarray(framed, np.float32)
    tried, applied = tried_predictor(predictor, experiment)
    inspection = tried.inspect(applied.move(framed), saliency=saliency)
    values = {f.name: getattr(inspection, f.name) for f in fields(Inspection)}
    return TriedInspection(
        **values, framed=framed, experiment=applied, base=predictor.runtime, runtime=tried.runtime
    )


def tried_prediction(
    predictor: Predictor, framed: np.ndarray, experiment: Experiment
) -> Prediction:
    """The drawing `framed` read with `experiment`."""
    tried, applied = tried_predictor(predictor, experiment)
    return tried.predict_framed(applied.move(np.asarray(framed, np.float32)))
