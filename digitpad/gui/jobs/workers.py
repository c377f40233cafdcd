"""The window's long jobs (training, fine-tuning, evaluation), each on a thread of its own.

A job that trains a model runs core's one "train and keep" sequence
(`core.training.keep`, through the `Backend`): the same checks, data, training,
digit judgement and atomic save as `digitpad train` and `digitpad finetune`, so
a model made in the window says "Not a digit?" as the bundled one does. The
sequence's stages arrive as `core.progress` events: the job relays training's
as `progress` and words the others (loading, fitting, saving) as `stage` lines;
the judgement fit, a minute after the last batch on full MNIST, is relayed as
`progress` too (once per percent), so the dialog's bar counts it and its line
says in plain words what happens.

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

What a job calls in core comes from its `Backend` (`backend.py`); the `Backend`
is also the steps the sequence calls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal, Slot

from digitpad.core.configs import FinetuneConfig
from digitpad.core.errors import DigitpadError
from digitpad.core.progress import (
    DataLoadedProgress,
    JudgementProgress,
    LoadingDataProgress,
    SavingProgress,
)
from digitpad.core.training.live import Mailbox
from digitpad.gui.backend import Backend
from digitpad.gui.errors import describe_error
from digitpad.gui.jobs.outcomes import EvaluationOutcome, FinetuneOutcome, TrainOutcome
from digitpad.gui.runtime import start_thread

if TYPE_CHECKING:
    from collections.abc import Callable

    from digitpad.core.configs import TrainConfig
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.network.spec import NetworkSpec
    from digitpad.core.training.recipes import Finetuning, Recipe, Training
    from digitpad.core.training.steps import Steps


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
        self.source: str | None = None  # MNIST from (None: $DIGITPAD_MNIST, else Keras)
        self._stop = threading.Event()
        self._done = threading.Event()
        self._deciding = threading.Event()  # an offered outcome waits for the GUI thread
        self._thread: threading.Thread | None = None
        self._judged = -1  # the judgement's percent last said
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

    def _train_and_keep(
        self,
        make: Callable[[], Recipe[Any]],
        outcome: type[TrainOutcome] | type[FinetuneOutcome],
    ) -> None:
        """Core's sequence with this job's stop and stages, the `Backend` as its steps; the
        saved model is then offered to the GUI thread (`_offer`), which swaps it in and
        remembers it as the model in use, unless Cancel came first."""
        steps: Steps = self.backend  # the calls the sequence makes: this Backend's
        kept = self.backend.keep(
            make,
            self.source,
            progress=self._relay,
            should_stop=self._stop.is_set,
            remember_model=False,
            steps=steps,
        )
        if kept is None:
            self.cancelled.emit()
            return
        predictor = self.backend.build_predictor(kept.result.model, kept.path, kept.stats)
        self._offer(outcome(predictor, kept.path, kept.result))

    def _relay(self, event: object) -> None:
        """From the sequence: training's events as `progress`, the stages around it as lines."""
        if isinstance(event, LoadingDataProgress):
            self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Loading MNIST…")))
        elif isinstance(event, DataLoadedProgress):
            self._data_loaded(event)
        elif isinstance(event, JudgementProgress):
            percent = 100 * event.done // max(1, event.total)
            if percent != self._judged:  # the dialog's bar and line move per percent
                self._judged = percent
                self.progress.emit(event)
        elif isinstance(event, SavingProgress):
            self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Saving the model…")))
        else:
            self.progress.emit(event)

    def _data_loaded(self, event: DataLoadedProgress) -> None:
        """MNIST is read: say what comes next."""

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
            self.backend.discard_model(outcome.path)
        self._deciding.clear()  # decided: Cancel no longer applies
        if keep:
            self.succeeded.emit(outcome)
        else:
            self.cancelled.emit()


class TrainingJob(BackgroundJob):
    """One training run of `network` (default: the course's) from fresh weights, or of the
    model `start_from` trained further, recorded as the run `name`; `succeeded` carries a
    `TrainOutcome`. With `live`, copies of the weights go to `mailbox` as it trains (the
    window's live reading)."""

    doing = "training"

    def __init__(
        self,
        config: TrainConfig,
        source: str | None = None,
        backend: Backend | None = None,
        parent: QObject | None = None,
        network: NetworkSpec | None = None,
        name: str | None = None,
        start_from: Predictor | None = None,
        live: bool = False,
    ) -> None:
        super().__init__(backend, parent)
        self.config = config
        self.source = source
        self.network = network
        self.name = name
        self.start_from = start_from
        self.mailbox = Mailbox() if live else None

    def _work(self) -> None:
        try:
            self._train_and_keep(self._training, TrainOutcome)
        finally:
            if self.mailbox is not None:
                self.mailbox.close()  # training is over: no more copies

    def _training(self) -> Training:
        """What to train: fresh weights, or a copy of the model in use (read once the target
        is known to be savable; the prediction thread keeps using the model meanwhile)."""
        from digitpad.core.training.recipes import Training

        predictor = self.start_from
        if predictor is None:
            return Training(self.config, network=self.network, name=self.name, live=self.mailbox)
        self.stage.emit(stage(QT_TRANSLATE_NOOP("BackgroundJob", "Reading the model in use…")))
        path = predictor.path
        model = self.backend.load_model(path) if path is not None else predictor.keras_model()
        code = predictor.metadata.get("code")
        return Training(
            self.config,
            name=self.name,
            start_from=model,
            continued_from=path,
            code=code if isinstance(code, str) else None,
            live=self.mailbox,
        )

    def _data_loaded(self, event: DataLoadedProgress) -> None:
        if self.config.augment:
            self.stage.emit(
                stage(QT_TRANSLATE_NOOP("BackgroundJob", "Preparing augmented digits…"))
            )
        else:
            self.stage.emit(
                stage(
                    QT_TRANSLATE_NOOP("BackgroundJob", "Training on {count} images…"),
                    count=f"{event.train_images:,}",
                )
            )


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
        self._samples = 0  # how many were read

    def _work(self) -> None:
        self._train_and_keep(self._finetuning, FinetuneOutcome)

    def _finetuning(self) -> Finetuning:
        """The user's samples and a copy of the model in use (the prediction thread keeps
        using the model in use meanwhile): read once the model is known to be savable."""
        from digitpad.core.training.recipes import Finetuning

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
        self._samples = len(samples)
        path = self.predictor.path
        model = self.backend.load_model(path) if path is not None else self.predictor.keras_model()
        return Finetuning(model, samples, FinetuneConfig(epochs=self.epochs), path)

    def _data_loaded(self, event: DataLoadedProgress) -> None:
        self.stage.emit(
            stage(
                QT_TRANSLATE_NOOP(
                    "BackgroundJob", "Checking the model, then fine-tuning on {count} samples…"
                ),
                count=self._samples,
            )
        )


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
