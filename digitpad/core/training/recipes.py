"""What a run trains: a fresh network (`Training`) or a copy of a model taught the user's
handwriting (`Finetuning`), and the record its model file keeps of it.

The "train and keep" sequence (`keep.py`) runs any `Recipe`; the callers make
one, once the target is known to be savable, and this is where they differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from digitpad.core.configs import FinetuneConfig, TrainConfig

if TYPE_CHECKING:
    import keras

    from digitpad.core.data.mnist import MnistData
    from digitpad.core.data.samples import Sample
    from digitpad.core.models.snapshots import SnapshotSet
    from digitpad.core.network.spec import NetworkSpec
    from digitpad.core.training.finetune import FinetuneResult
    from digitpad.core.training.live import Mailbox
    from digitpad.core.training.steps import Report, ShouldStop, Steps
    from digitpad.core.training.train import TrainResult


class Trained(Protocol):
    """What training hands back (`TrainResult`, `FinetuneResult`): a model unless stopped,
    and the snapshots of its weights the run kept (None: none)."""

    @property
    def model(self) -> Any: ...

    @property
    def cancelled(self) -> bool: ...

    @property
    def snapshots(self) -> SnapshotSet | None: ...


R = TypeVar("R", bound=Trained)


class Recipe(Protocol[R]):
    """What a run trains, and the record its file keeps of it."""

    def check_memory(self) -> None:
        """Raise a `DigitpadError` (one sentence) if training would take more memory than
        digitpad allows (`network.training_memory`): called before any data is loaded."""
        ...

    def run(self, data: MnistData, steps: Steps, progress: Report, should_stop: ShouldStop) -> R:
        """Train on `data` with `steps`' calls; a cancelled result when `should_stop` says so."""
        ...

    def record(self, result: R, data: MnistData) -> dict[str, object]:
        """The run's record, saved inside the model file."""
        ...


@dataclass(frozen=True)
class Training:
    """A fresh `network` (default: the course's CNN) trained from random weights, or, with
    `start_from`, that model trained further (a copy: the model itself is not changed);
    the record names the run `name`. `live` receives copies of the weights as it trains
    (the window's live reading)."""

    config: TrainConfig = field(default_factory=TrainConfig)
    network: NetworkSpec | None = None
    name: str | None = None
    start_from: keras.Model | None = None
    continued_from: Path | None = None  # the file of `start_from`, for the record
    code: str | None = None  # `start_from`'s network code, when its record has it
    live: Mailbox | None = None

    def check_memory(self) -> None:
        from digitpad.core.network.check import checked
        from digitpad.core.network.code import parse
        from digitpad.core.network.presets import COURSE

        if self.start_from is not None:  # the model's own layers, whatever `network` says
            _check_model_memory(self.start_from, self.config.batch_size, further=True)
        else:
            checked(self.network or parse(COURSE.code), self.config.batch_size)

    def run(
        self, data: MnistData, steps: Steps, progress: Report, should_stop: ShouldStop
    ) -> TrainResult:
        return steps.train(
            data,
            self.config,
            progress=progress,
            should_stop=should_stop,
            network=self.network,
            start_from=self.start_from,
            live=self.live,
        )

    def record(self, result: TrainResult, data: MnistData) -> dict[str, object]:
        record = result.metadata(data.source, name=self.name)
        if self.start_from is not None:
            record["continued_from"] = str(self.continued_from or "")
            if self.code is not None:
                record.setdefault("code", self.code)
        return record


@dataclass(frozen=True)
class Finetuning:
    """A copy of `model` taught the user's `samples` mixed with MNIST (`model` itself is not
    changed); the record names the file it came from, `finetuned_from`."""

    model: keras.Model
    samples: Sequence[Sample]
    config: FinetuneConfig = field(default_factory=FinetuneConfig)
    finetuned_from: Path | None = None
    live: Mailbox | None = None

    def check_memory(self) -> None:
        _check_model_memory(self.model, self.config.batch_size)

    def run(
        self, data: MnistData, steps: Steps, progress: Report, should_stop: ShouldStop
    ) -> FinetuneResult:
        return steps.finetune(
            self.model,
            self.samples,
            data,
            self.config,
            progress=progress,
            should_stop=should_stop,
            live=self.live,
        )

    def record(self, result: FinetuneResult, data: MnistData) -> dict[str, object]:
        return result.metadata(
            data.source, finetuned_from=self.finetuned_from, samples=len(self.samples)
        )


def _check_model_memory(model: keras.Model, batch_size: int, *, further: bool = False) -> None:
    """ModelError (one sentence) if training `model`'s own layers in batches of
    `batch_size` (fine-tuning it, or training it `further`) would take more memory than
    digitpad allows."""
    from digitpad.core.errors import ModelError
    from digitpad.core.layers.registry import model_layers
    from digitpad.core.network.training_memory import estimate, model_sentence

    layers = model_layers(model)
    memory = estimate(layers, batch_size)
    if not memory.fits:
        name = layers[memory.heaviest].name
        raise ModelError(model_sentence(memory, batch_size, name, further=further))
