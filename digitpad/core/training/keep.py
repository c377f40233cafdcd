"""Train a model and keep it: the one sequence behind `digitpad train`, `digitpad finetune`
and the window's Train and Fine-tune jobs.

    check the target can be saved ─▶ what to train (the network; the samples and model)
      ─▶ check it fits in memory ─▶ load MNIST ─▶ train ─▶ fit the digit judgement
      ─▶ pack what rides along ─▶ save atomically ─▶ remember it as the model in use

Why one function: the three callers used to run these stages each in their own
copy, and every change to one stage (how the judgement is fitted, what goes
inside the file, how a new file is named) had to be made three times. What
differs between them stays with them: *what* is trained is a `Recipe`
(`Training`, `Finetuning`), made by the caller once the target is known to be
savable; *how they show it* is their `progress` callback, which receives every
stage as a `core.progress` event. The calls the stages make are `Steps`: core's
own by default, the window's `Backend` in the window (so a test's substitute
reaches every one of them).

A stop (`should_stop`, checked between the stages and inside training and
fitting) keeps nothing at any stage: no file, not even a half-written one, and
the model in use is not touched. Errors are raised as they come, and keep
nothing either.

Each stage a later change needs is one function below: how the judgement is
fitted (`_judge`), what rides along in the file (`_attachments`), how a new
file is named (`_new_model_path`). Importing this module imports no
TensorFlow: the stages that train or fit import it when they run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic

from digitpad.core.progress import (
    DataLoadedProgress,
    JudgementProgress,
    LoadingDataProgress,
    SavingProgress,
)
from digitpad.core.training.recipes import R, Recipe, Trained
from digitpad.core.training.steps import CORE_STEPS, DataSource, Report, ShouldStop, Steps

if TYPE_CHECKING:
    from digitpad.core.data.mnist import MnistData
    from digitpad.core.inference.judgement import JudgementStats

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept(Generic[R]):
    """A model trained and kept: training's `result`, the file it was saved to, and its digit
    judgement's statistics (None: a model judged by the baseline)."""

    result: R
    path: Path
    stats: JudgementStats | None


def train_and_keep(
    make: Callable[[], Recipe[R]],
    source: DataSource = None,
    target: Path | None = None,
    *,
    progress: Report | None = None,
    should_stop: ShouldStop | None = None,
    on_trained: Callable[[R], object] | None = None,
    remember_model: bool = True,
    remember_data: bool = False,
    steps: Steps = CORE_STEPS,
) -> Kept[R] | None:
    """Train what `make()` says on MNIST from `source`, and keep the model: the kept model, or
    None when a stop came first (then nothing is kept).

    `make` is called once the target is known to be savable: reading samples or a
    model to start from takes a while and may fail, and its errors come after that
    check. `target` is the file to write (None: a new file in the user's models
    folder). `on_trained` sees training's result before the judgement is fitted
    (the CLI prints the test figures there). `remember_model` makes the new file
    the model in use for the CLI and the window; the window passes False and
    remembers it when it swaps the model in, on the GUI thread, where a Cancel
    pressed meanwhile is decided. `remember_data` also remembers `source` as the
    MNIST source (`--data`) once it has loaded.
    """
    report: Report = progress or _ignore
    stop: ShouldStop = should_stop or _never
    # Before the work, so a long run is never lost to a save bound to fail. Without a target
    # the models folder is checked under a name free now; the file's own name is chosen
    # when it is saved (`_new_model_path`).
    steps.check_can_save(target if target is not None else _models_folder_probe())
    recipe = make()
    steps.check_memory(recipe)  # what cannot fit is refused before MNIST is read
    if stop():
        return None
    report(LoadingDataProgress())
    data = steps.load_data(source)
    if remember_data and source is not None:  # for the other commands and the window
        from digitpad.core.models import choices

        choices.remember_data(local=True, path=os.fspath(source))
    if stop():
        return None
    report(DataLoadedProgress(data.source, len(data.y_train), tuple(data.notes)))
    result = recipe.run(data, steps, report, stop)
    if result.cancelled or result.model is None or stop():
        return None
    if on_trained is not None:
        on_trained(result)
    stats = _judge(result, data, steps, report, stop)
    if stop():
        return None
    path = _save(
        result.model,
        recipe.record(result, data),
        _attachments(result, stats),
        target,
        steps,
        report,
        stop,
    )
    if path is None:
        return None
    if remember_model:
        from digitpad.core.models import choices

        choices.remember_model(path)
    return Kept(result, path, stats)


def _judge(
    result: Trained, data: MnistData, steps: Steps, report: Report, stop: ShouldStop
) -> JudgementStats | None:
    """The new model's digit judgement ("is it a digit at all?", the calibrated confidence),
    fitted on MNIST's training images and the bundled sets (`judgement_fit`). None for a
    model whose output layer cannot be judged (the baseline judges it), or when a stop came
    first.

    One batched pass over 17,500 images (issue 27): what training computed cannot stand in
    for it (its last epoch ran with dropout on, and its check ran on the test set, which
    the judgement must never be fitted on)."""
    report(JudgementProgress(0, 1))  # said at once: the first images take a while
    return steps.fit_judgement(result.model, data, progress=report, should_stop=stop)


def _attachments(result: Trained, stats: JudgementStats | None) -> dict[str, bytes]:
    """What rides along inside the model file beside its record: the judgement's statistics
    and the snapshots of the run's weights (`models.snapshots`), written with the model in
    one atomic save."""
    from digitpad.core.inference.judgement import attachments
    from digitpad.core.models.snapshots import ATTACHMENT

    riding = attachments(stats) or {}
    if result.snapshots is not None:
        riding[ATTACHMENT] = result.snapshots.to_bytes()
    return riding


def _models_folder_probe() -> Path:
    """A name in the user's models folder to check that folder with (nothing is created
    under it: the new file's own name is reserved when it is saved)."""
    from digitpad.core import paths

    return paths.user_models_dir() / ".digitpad-probe.keras"


def _new_model_path() -> Path:
    """A new model file in the user's models folder, reserved where it is saved: created
    empty and exclusively (`store.new_user_model_path`), so two trainings saving at the
    same moment never write one name."""
    from digitpad.core.models.store import new_user_model_path

    return new_user_model_path()


def _save(
    model: Any,
    record: dict[str, object],
    attachments: dict[str, bytes],
    target: Path | None,
    steps: Steps,
    report: Report,
    stop: ShouldStop,
) -> Path | None:
    """Save `model` with its record and attachments, atomically (`store.save_model`); None
    when a stop came while it was written (the new file is removed again).

    A `target` that already held a file is replaced whole by the save; a stop after
    that cannot bring the old file back, so the new one is kept, and never removed.
    """
    # A reserved name is new (its empty file is ours); a given target is new unless it was there.
    new = target is None or not os.path.lexists(target)
    path = target if target is not None else _new_model_path()
    report(SavingProgress(path))
    try:
        steps.save_model(model, path, metadata=record, attachments=attachments)
    except BaseException:  # a Ctrl-C while saving too: the reserved name is not left behind
        if new:
            discard(path)
        if stop():
            return None
        raise
    if stop() and new:
        discard(path)
        return None
    return path


def discard(path: Path) -> None:
    """Remove a new model file that is not to be kept (a stop came as it was saved, or the
    window's Cancel after): it may not exist; a failure is logged, not raised."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove %s", path, exc_info=True)


def _ignore(event: object) -> None:
    """No progress wanted."""


def _never() -> bool:
    return False
