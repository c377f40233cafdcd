"""The core calls the window makes in the background, gathered so they can be substituted.

The window's jobs and its live prediction never name core functions directly:
they call the `Backend` they were given. Its defaults are the real functions,
each imported when first called, so the window shows before SciPy loads.
Reading drawings, loading, saving and evaluating a model need no TensorFlow
(the NumPy pass); only the calls that train (`train`, `finetune`, the Keras
`load_model` fine-tuning starts from, `fit_judgement`) import it, on the job's
thread (`runtime.import_tensorflow`), as does loading a model that holds a layer
the NumPy pass does not cover. Tests and benchmarks pass a `Backend` with some
calls replaced (a training that stalls, data already in memory) instead of
patching modules.

A model is trained and kept by core's one sequence (`keep`, i.e.
`core.training.keep.train_and_keep`), and the jobs hand it this `Backend` as
its steps: its `check_can_save`, `check_memory`, `load_data`, `train`,
`finetune`, `fit_judgement` and `save_model` are the calls the sequence makes,
so a substitute for any of them is reached there too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitpad.gui.runtime import import_tensorflow

if TYPE_CHECKING:
    import numpy as np

    from digitpad.core.data.mnist import MnistData
    from digitpad.core.data.samples import Sample
    from digitpad.core.experiments.experiment import Experiment
    from digitpad.core.inference.judgement import JudgementStats
    from digitpad.core.inference.prediction import Inspection, Prediction
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.network.summary import ModelSummary
    from digitpad.core.training.evaluation import Evaluation
    from digitpad.core.training.finetune import FinetuneResult
    from digitpad.core.training.keep import Kept
    from digitpad.core.training.steps import DataSource, MemoryChecked
    from digitpad.core.training.train import TrainResult


def load_predictor(path: Path | None) -> Predictor:
    """`path`, or (None) the user's latest valid model, else the bundled one. TensorFlow is
    imported only for a model holding a layer the NumPy pass does not cover."""
    from digitpad.core.inference.predictor import Predictor

    return Predictor.load(path, before_keras=import_tensorflow)


def build_predictor(model: Any, path: Path, stats: JudgementStats | None = None) -> Predictor:
    """The predictor for a model just trained and saved at `path`, judged by `stats`."""
    from digitpad.core.inference.predictor import Predictor

    return Predictor.from_keras(model, path, stats)


def fit_judgement(*args: Any, **kwargs: Any) -> JudgementStats | None:
    """The digit judgement's statistics for a model just trained (`judgement_fit`)."""
    import_tensorflow()
    from digitpad.core.training.judgement_fit import fit_judgement as fit

    return fit(*args, **kwargs)


def load_model(path: Path) -> Any:
    import_tensorflow()
    from digitpad.core.models.store import load_model as load

    return load(path)


def save_model(
    model: Any,
    path: Path,
    metadata: dict[str, Any] | None = None,
    attachments: dict[str, bytes] | None = None,
) -> Path:
    from digitpad.core.models.store import save_model as save

    return save(model, path, metadata=metadata, attachments=attachments)


def save_predictor_model(predictor: Predictor, path: Path) -> Path:
    """Save the model in use (its metadata, such as its test accuracy, and its digit
    judgement's statistics travel with it): a model read from a file is copied as it was
    read, with no Keras; one trained in this window is saved by Keras."""
    from digitpad.core.inference.judgement import attachments
    from digitpad.core.models.store import save_copy

    metadata = dict(predictor.metadata) or None
    stats = attachments(predictor.judge.stats)
    if predictor.model_file is not None:
        return save_copy(predictor.model_file.keras_members, path, metadata, stats)
    return save_model(predictor.keras_model(), path, metadata=metadata, attachments=stats)


def summarize(predictor: Predictor) -> ModelSummary:
    from digitpad.core.network.summary import summarize as summarize_model

    return summarize_model(predictor.layers)


def check_can_save(path: Path, /) -> None:
    """Raise `ModelError` unless a model can be saved at `path` (before the work begins)."""
    from digitpad.core.models.store import check_can_save as check

    check(path)


def check_memory(recipe: MemoryChecked, /) -> None:
    """Raise a one-sentence error if training `recipe` would not fit in memory (before the
    data is loaded: `network.training_memory`)."""
    recipe.check_memory()


def load_data(source: DataSource, /) -> MnistData:
    from digitpad.core.data.mnist import load_mnist

    return load_mnist(source)


def train(*args: Any, **kwargs: Any) -> TrainResult:
    import_tensorflow()
    from digitpad.core.training.train import train as run

    return run(*args, **kwargs)


def finetune(*args: Any, **kwargs: Any) -> FinetuneResult:
    import_tensorflow()
    from digitpad.core.training.finetune import finetune as run

    return run(*args, **kwargs)


def evaluate(*args: Any, **kwargs: Any) -> Evaluation | None:
    from digitpad.core.training.evaluation import evaluate_test_set

    return evaluate_test_set(*args, **kwargs)


def keep(*args: Any, **kwargs: Any) -> Kept[Any] | None:
    """Train a model and keep it: core's one sequence (`train_and_keep`)."""
    from digitpad.core.training.keep import train_and_keep

    return train_and_keep(*args, **kwargs)


def discard_model(path: Path) -> None:
    """Remove a model just saved that is not to be kept (Cancel came after its save)."""
    from digitpad.core.training.keep import discard

    discard(path)


def predict(
    predictor: Predictor,
    image: np.ndarray,
    *,
    framed: bool,
    inspect: bool,
    experiment: Experiment | None = None,
) -> Prediction | Inspection | None:
    """A drawing read by `predictor`: framed as MNIST frames digits (unless `framed`, a
    (28, 28) float image already), then predicted, or (`inspect`) every layer's activations
    and which pixels decided it from the same pass. With an `experiment`, the framed drawing
    is moved and read by a changed copy of the network (`core.experiments`). None when
    nothing is drawn."""
    import numpy as np

    from digitpad.core.data.framing import frame_digit

    x = np.asarray(image, dtype=np.float32) if framed else frame_digit(image)
    if x is None:
        return None
    if experiment is not None:
        from digitpad.core.experiments.tried import tried_inspection, tried_prediction

        if inspect:
            return tried_inspection(predictor, x, experiment)
        return tried_prediction(predictor, x, experiment)
    return predictor.inspect(x, saliency=True) if inspect else predictor.predict_framed(x)


def load_samples() -> list[Sample]:
    from digitpad.core.data.samples import SampleStore

    samples, _problems = SampleStore().load_all()
    return samples


@dataclass(frozen=True)
class Backend:
    """What the window's background work calls; every field defaults to the real call."""

    load_predictor: Callable[[Path | None], Predictor] = load_predictor
    build_predictor: Callable[..., Predictor] = build_predictor
    fit_judgement: Callable[..., JudgementStats | None] = fit_judgement
    load_model: Callable[[Path], Any] = load_model
    save_model: Callable[..., Path] = save_model
    check_can_save: Callable[[Path], None] = check_can_save
    check_memory: Callable[[MemoryChecked], None] = check_memory
    save_predictor_model: Callable[[Predictor, Path], Path] = save_predictor_model
    summarize: Callable[[Predictor], ModelSummary] = summarize
    load_data: Callable[[DataSource], MnistData] = load_data
    train: Callable[..., TrainResult] = train
    finetune: Callable[..., FinetuneResult] = finetune
    keep: Callable[..., Kept[Any] | None] = keep
    discard_model: Callable[[Path], None] = discard_model
    evaluate: Callable[..., Evaluation | None] = evaluate
    load_samples: Callable[[], list[Sample]] = load_samples
    predict: Callable[..., Prediction | Inspection | None] = predict
