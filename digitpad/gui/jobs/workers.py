"""The window's long jobs (training, fine-tuning, evaluation), each on a thread of its own.

A job that trains a model also fits its digit judgement (`judgement_fit`)
before saving, so a model made in the window says "Not a digit?" as the
bundled one does.

Every job has the same signals, as superqt's `WorkerBase` gives every worker
the same ones, so one dialog base (`job_dialog.JobDialog`) drives them all:

    started                  the thread runs
    stage(object)            what it is doing now, one line: a `Stage` (a plain str also does)
    progress(object)         a `core.progress` event (batch, epoch, validation, evaluation)
    succeeded(object)        its outcome (one of the outcome dataclasses below)
    cancelled()              `stop()` was asked: nothing was kept
    failed(str)              one sentence (`errors.describe_error`)
    ended()                  after exactly one of the three above

A job that saves a new model hands it over with `_offer`: whether it is kept
is decided on the GUI thread, where Cancel is pressed, so a Cancel that lands
while the UI still says "Saving the model…" (the file being written, the
predictor being built, or the outcome on its way) still means: nothing kept.
Until that decision the job counts as running, so Cancel stays effective.

What a job calls in core comes from its `Backend` (`backend.py`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot

from digitpad.core.configs import FinetuneConfig
from digitpad.core.errors import DigitpadError
from digitpad.gui.backend import Backend
from digitpad.gui.errors import describe_error
from digitpad.gui.jobs.outcomes import EvaluationOutcome, FinetuneOutcome, TrainOutcome
from digitpad.gui.runtime import start_thread

if TYPE_CHECKING:
    from digitpad.core.configs import TrainConfig
    from digitpad.core.data.mnist import MnistData
    from digitpad.core.inference.judgement import JudgementStats
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.network.code import NetworkSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    """A stage line, kept in its source language so a dialog can re-word it after a
    language switch (`str()` translates it now). Mark `source` with QT_TRANSLATE_NOOP."""

    source: str
    fields: tuple[tuple[str, object], ...] = ()
    context: str = "BackgroundJob"

    def __str__(self) -> str:
        return QCoreApplication.translate(self.context, self.source).format(**dict(self.fields))


def stage(source: object, context: str = "BackgroundJob", **fields: object) -> Stage:
    """A `Stage` for `source` (as QT_TRANSLATE_NOOP returns it) with `fields` to fill in."""
    return Stage(str(source), tuple(fields.items()), context)


class BackgroundJob(QObject):
    """One run of `_work` on its own thread. Signals arrive on the GUI thread."""

    started = Signal()
    stage = Signal(object)  # a Stage (or a str)
    progress = Signal(object)
    succeeded = Signal(object)
    cancelled = Signal()
    failed = Signal(str)
    ended = Signal()
    _offered = Signal(object)  # a saved model's outcome, from the worker: kept or discarded here

    doing = "working"  # completes "… while {doing}" in error messages (errors.ACTIVITIES)

    def __init__(self, backend: Backend | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend = backend or Backend()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._deciding = threading.Event()  # an offered outcome waits for the GUI thread
        self._thread: threading.Thread | None = None
        self._offered.connect(self._keep_unless_cancelled)  # queued: this object's thread

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"a {type(self).__name__} runs once")
        self._thread = start_thread(self._run, self.doing)

    def stop(self) -> None:
        """Ask the work to stop after the current batch."""
        self._stop.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def is_running(self) -> bool:
        """From `start()` until the work is over and a saved model has been kept or discarded."""
        return self._thread is not None and (not self._done.is_set() or self._deciding.is_set())

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread is done (True) or `timeout` seconds pass (False)."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        self.started.emit()
        try:
            self._work()
        except Exception as exc:
            self.failed.emit(describe_error(exc, self.doing))
        finally:
            self._done.set()
            self.ended.emit()

    def _work(self) -> None:
        raise NotImplementedError

    def _load_data(self, source: str | None) -> MnistData | None:
        """MNIST from `source`, or None when a stop came first."""
        if self._stop.is_set():
            return None
        self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Loading MNIST…")))
        data = self.backend.load_data(source)
        return None if self._stop.is_set() else data

    def _judge_and_save(
        self, model: Any, metadata: dict[str, Any], data: MnistData
    ) -> tuple[Predictor, Path] | None:
        """Fit the new model's judgement, save both, build its predictor; None if a stop
        came first (then nothing is kept)."""
        stats = self._fit_judgement(model, data)
        if self._stop.is_set():
            return None
        path = self._save_unless_cancelled(model, metadata, stats)
        if path is None:
            return None
        return self.backend.build_predictor(model, path, stats), path

    def _fit_judgement(self, model: Any, data: MnistData) -> JudgementStats | None:
        """The new model's "is this a digit?" statistics, fitted in this job (a stage line
        counts the percent). None for a model whose output layer cannot be judged (it is
        judged by the baseline), or when a stop came first."""
        from digitpad.core.training.judgement_fit import JudgementProgress

        shown = -1

        def show(event: JudgementProgress) -> None:
            nonlocal shown
            percent = 100 * event.done // max(1, event.total)
            if percent != shown:  # a line per percent, not per image
                shown = percent
                self.stage.emit(
                    stage(
                        QT_TRANSLATE_NOOP(
                            "BackgroundJob", "Fitting the digit judgement… {percent} %"
                        ),
                        percent=percent,
                    )
                )

        if self._stop.is_set():
            return None
        show(JudgementProgress(0, 1))  # said at once: the first batch of images takes a while
        return self.backend.fit_judgement(model, data, progress=show, should_stop=self._stop.is_set)

    def _save_unless_cancelled(
        self, model: Any, metadata: dict[str, Any], stats: JudgementStats | None
    ) -> Path | None:
        """Save `model` (with its judgement) as a new user model; None if Cancel came
        meanwhile (nothing kept).

        A save that fails or is cancelled leaves no file behind; a save that
        fails after Cancel is a cancel.
        """
        from digitpad.core.inference.judgement import attachments
        from digitpad.core.models.store import new_user_model_path

        self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Saving the model…")))
        path = new_user_model_path()
        try:
            self.backend.save_model(model, path, metadata=metadata, attachments=attachments(stats))
        except Exception:
            _discard_model(path)
            if self._stop.is_set():
                return None
            raise
        if self._stop.is_set():
            _discard_model(path)
            return None
        return path

    def _offer(self, outcome: TrainOutcome | FinetuneOutcome) -> None:
        """From the worker: hand a saved model over; the GUI thread keeps it unless
        Cancel was pressed before it got there (`_keep_unless_cancelled`)."""
        self._deciding.set()
        self._offered.emit(outcome)

    @Slot(object)
    def _keep_unless_cancelled(self, outcome: TrainOutcome | FinetuneOutcome) -> None:
        """On the GUI thread: `succeeded`, or (Cancel pressed) remove the files, `cancelled`."""
        keep = not self._stop.is_set()
        if not keep:
            _discard_model(outcome.path)
        self._deciding.clear()  # decided: Cancel no longer applies
        if keep:
            self.succeeded.emit(outcome)
        else:
            self.cancelled.emit()


def _discard_model(path: Path) -> None:
    """Remove a new model file and its metadata (either may not exist)."""
    from digitpad.core.models.store import metadata_path

    for file in (path, metadata_path(path)):
        try:
            file.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", file, exc_info=True)


class TrainingJob(BackgroundJob):
    """One training run of `network` (default: the course's), recorded as the run `name`;
    `succeeded` carries a `TrainOutcome`."""

    doing = "training"

    def __init__(
        self,
        config: TrainConfig,
        source: str | None = None,
        backend: Backend | None = None,
        parent: QObject | None = None,
        network: NetworkSpec | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(backend, parent)
        self.config = config
        self.source = source
        self.network = network
        self.name = name

    def _work(self) -> None:
        self.backend.check_can_save()  # before training: never lose a run to the save
        data = self._load_data(self.source)
        if data is None:
            self.cancelled.emit()
            return
        if self.config.augment:
            self.stage.emit(
                stage(QT_TRANSLATE_NOOP("BackgroundJob", "Preparing augmented digits…"))
            )
        else:
            self.stage.emit(
                stage(
                    QT_TRANSLATE_NOOP("BackgroundJob", "Training on {count} images…"),
                    count=f"{len(data.y_train):,}",
                )
            )
        result = self.backend.train(
            data,
            self.config,
            progress=self.progress.emit,
            should_stop=self._stop.is_set,
            network=self.network,
        )
        if result.cancelled or result.model is None or self._stop.is_set():
            self.cancelled.emit()
            return
        metadata = result.metadata(data.source, name=self.name)
        saved = self._judge_and_save(result.model, metadata, data)
        if saved is None:
            self.cancelled.emit()
            return
        self._offer(TrainOutcome(*saved, result))


class FinetuneJob(BackgroundJob):
    """Fine-tunes a copy of the model in use on the user's samples; `succeeded` carries a
    `FinetuneOutcome`."""

    doing = "fine-tuning"

    def __init__(
        self,
        predictor: Predictor,
        source: str | None = None,
        epochs: int = FinetuneConfig.epochs,
        backend: Backend | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(backend, parent)
        self.predictor = predictor
        self.source = source
        self.epochs = epochs

    def _work(self) -> None:
        self.backend.check_can_save()  # before fine-tuning: never lose a run to the save
        self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Reading your samples…")))
        samples = self.backend.load_samples()
        if not samples:
            raise DigitpadError(
                QCoreApplication.translate(
                    "BackgroundJob",
                    "There are no samples yet: draw a digit and press its key on the pad "
                    "to keep it as an example, then fine-tune.",
                )
            )
        data = self._load_data(self.source)
        if data is None:
            self.cancelled.emit()
            return
        # A copy of its own: the prediction thread keeps using the model in use meanwhile.
        path = self.predictor.path
        model = self.backend.load_model(path) if path is not None else self.predictor.model
        if self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(
            stage(
                QT_TRANSLATE_NOOP(
                    "BackgroundJob", "Checking the model, then fine-tuning on {count} samples…"
                ),
                count=len(samples),
            )
        )
        result = self.backend.finetune(
            model,
            samples,
            data,
            FinetuneConfig(epochs=self.epochs),
            progress=self.progress.emit,
            should_stop=self._stop.is_set,
        )
        if result.cancelled or result.model is None or self._stop.is_set():
            self.cancelled.emit()
            return
        metadata = result.metadata(data.source, finetuned_from=path, samples=len(samples))
        saved = self._judge_and_save(result.model, metadata, data)
        if saved is None:
            self.cancelled.emit()
            return
        self._offer(FinetuneOutcome(*saved, result))


class EvaluationJob(BackgroundJob):
    """Loads MNIST and runs the model over its test set; `succeeded` carries an
    `EvaluationOutcome`, `progress` `EvaluationProgress` events."""

    doing = "evaluating on the test set"

    def __init__(
        self,
        predictor: Predictor,
        source: str | None,
        backend: Backend | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(backend, parent)
        self.predictor, self.source = predictor, source

    def _work(self) -> None:
        if self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(
            stage(
                QT_TRANSLATE_NOOP("EvaluationJob", "Loading the MNIST test images…"),
                "EvaluationJob",
            )
        )
        data = self.backend.load_data(self.source)
        if self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(
            stage(
                QT_TRANSLATE_NOOP("EvaluationJob", "Evaluating {count} test images…"),
                "EvaluationJob",
                count=f"{len(data.y_test):,}",
            )
        )
        result = self.backend.evaluate(
            self.predictor, data, progress=self.progress.emit, should_stop=self._stop.is_set
        )
        if result is None:
            self.cancelled.emit()
        else:
            self.succeeded.emit(EvaluationOutcome(result, data.x_test))
