"""The calls "train a model and keep it" makes (`keep.py`), and core's own of them.

Why a seam here: the window runs the same sequence as the CLI, but through its
`Backend` (`gui/backend.py`), whose fields have these names, so a substitute a
test or benchmark passes there (a training that stalls, a save that fails) is
reached inside the sequence too. The real calls are imported when first made,
so importing this module imports neither TensorFlow nor the data readers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from digitpad.core.progress import KeepingProgress, TrainingProgress

if TYPE_CHECKING:
    import keras

    from digitpad.core.configs import FinetuneConfig, TrainConfig
    from digitpad.core.data.mnist import MnistData
    from digitpad.core.data.samples import Sample
    from digitpad.core.inference.judgement import JudgementStats
    from digitpad.core.network.spec import NetworkSpec
    from digitpad.core.training.finetune import FinetuneResult
    from digitpad.core.training.live import Mailbox
    from digitpad.core.training.train import TrainResult

DataSource = str | os.PathLike[str] | None  # as `load_mnist` takes it (None: the default)
Report = Callable[[TrainingProgress | KeepingProgress], None]
ShouldStop = Callable[[], bool]


class MemoryChecked(Protocol):
    """What a run trains (a `recipes.Recipe`), as far as checking its memory goes."""

    def check_memory(self) -> None: ...


class Steps(Protocol):
    """The core calls the sequence makes. `CORE_STEPS` are the real ones; the window's
    `Backend` has the same names, so the window passes its own (and tests a substitute)."""

    def check_can_save(self, path: Path, /) -> None: ...

    def check_memory(self, recipe: MemoryChecked, /) -> None: ...

    def load_data(self, source: DataSource, /) -> MnistData: ...

    def train(
        self,
        data: MnistData,
        config: TrainConfig,
        /,
        *,
        progress: Report,
        should_stop: ShouldStop,
        network: NetworkSpec | None,
        start_from: keras.Model | None = None,
        live: Mailbox | None = None,
    ) -> TrainResult: ...

    def finetune(
        self,
        model: keras.Model,
        samples: Sequence[Sample],
        data: MnistData,
        config: FinetuneConfig,
        /,
        *,
        progress: Report,
        should_stop: ShouldStop,
        live: Mailbox | None = None,
    ) -> FinetuneResult: ...

    def fit_judgement(
        self, model: keras.Model, data: MnistData, /, *, progress: Report, should_stop: ShouldStop
    ) -> JudgementStats | None: ...

    def save_model(
        self,
        model: keras.Model,
        path: Path,
        /,
        *,
        metadata: dict[str, object],
        attachments: dict[str, bytes],
    ) -> Path: ...


class CoreSteps:
    """The real calls, each imported when first made (so importing this module stays light)."""

    @staticmethod
    def check_can_save(path: Path, /) -> None:
        from digitpad.core.models.store import check_can_save

        check_can_save(path)

    @staticmethod
    def check_memory(recipe: MemoryChecked, /) -> None:
        recipe.check_memory()

    @staticmethod
    def load_data(source: DataSource, /) -> MnistData:
        from digitpad.core.data.mnist import load_mnist

        return load_mnist(source)

    @staticmethod
    def train(*args: Any, **kwargs: Any) -> TrainResult:
        from digitpad.core.training.train import train

        return train(*args, **kwargs)

    @staticmethod
    def finetune(*args: Any, **kwargs: Any) -> FinetuneResult:
        from digitpad.core.training.finetune import finetune

        return finetune(*args, **kwargs)

    @staticmethod
    def fit_judgement(*args: Any, **kwargs: Any) -> JudgementStats | None:
        from digitpad.core.training.judgement_fit import fit_judgement

        return fit_judgement(*args, **kwargs)

    @staticmethod
    def save_model(*args: Any, **kwargs: Any) -> Path:
        from digitpad.core.models.store import save_model

        return save_model(*args, **kwargs)


CORE_STEPS = CoreSteps()
