"""The core calls the window makes in the background, gathered so they can be substituted.

The window and its jobs never name core functions directly: they call the
`Backend` they were given. Its defaults are the real functions, each imported
when first called, so the window shows before TensorFlow and SciPy load. Tests
and benchmarks pass a `Backend` with some calls replaced (a training that
stalls, data already in memory) instead of patching modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitpad.gui.runtime import import_tensorflow

if TYPE_CHECKING:
    from digitpad.core.data.mnist import MnistData
    from digitpad.core.data.samples import Sample
    from digitpad.core.inference.judgement import JudgementStats
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.network.summary import ModelSummary
    from digitpad.core.training.evaluation import Evaluation
    from digitpad.core.training.finetune import FinetuneResult
    from digitpad.core.training.train import TrainResult


def load_predictor(path: Path | None) -> Predictor:
    """`path`, or (None) the user's latest valid model, else the bundled one."""
    import_tensorflow()
    from digitpad.core.inference.predictor import Predictor

    return Predictor.load(path)


def build_predictor(model: Any, path: Path, stats: JudgementStats | None = None) -> Predictor:
    """The predictor for a model just trained and saved at `path`, judged by `stats`."""
    from digitpad.core.inference.predictor import Predictor

    return Predictor(model, path, stats)


def fit_judgement(*args: Any, **kwargs: Any) -> JudgementStats | None:
    """The digit judgement's statistics for a model just trained (`judgement_fit`)."""
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
    judgement's statistics travel with it)."""
    from digitpad.core.inference.judgement import attachments

    return save_model(
        predictor.model,
        path,
        metadata=dict(predictor.metadata) or None,
        attachments=attachments(predictor.judge.stats),
    )


def summarize(predictor: Predictor) -> ModelSummary:
    from digitpad.core.network.summary import summarize as summarize_model

    return summarize_model(predictor.model)


def check_can_save() -> None:
    """Raise `ModelError` unless a new model can be saved in the user's models folder."""
    from digitpad.core.models.store import check_can_save as check
    from digitpad.core.models.store import new_user_model_path

    check(new_user_model_path())


def load_data(source: str | None) -> MnistData:
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
    import_tensorflow()
    from digitpad.core.training.evaluation import evaluate_test_set

    return evaluate_test_set(*args, **kwargs)


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
    check_can_save: Callable[[], None] = check_can_save
    save_predictor_model: Callable[[Predictor, Path], Path] = save_predictor_model
    summarize: Callable[[Predictor], ModelSummary] = summarize
    load_data: Callable[[str | None], MnistData] = load_data
    train: Callable[..., TrainResult] = train
    finetune: Callable[..., FinetuneResult] = finetune
    evaluate: Callable[..., Evaluation | None] = evaluate
    load_samples: Callable[[], list[Sample]] = load_samples
