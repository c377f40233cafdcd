"""Everything that touches TensorFlow runs here, off the GUI thread.

- `run_in_background`: one-shot jobs (load, save, summarize) on a thread each.
- `PredictionService`: one long-lived thread predicting the newest drawing only;
  requests that arrive while it is busy replace each other (coalescing).
- `TrainingJob`, `FinetuneJob`: train a model object of their own, reporting
  progress per batch, save it atomically and build a predictor for it; the GUI
  thread keeps it unless Cancel was pressed first (`BackgroundJob._offer`).

The GUI thread only posts requests and receives results through queued signals.

Why plain Python threads and not superqt's `create_worker`: superqt runs its
workers on Qt's global thread pool, which reuses OS threads. PySide gives each
run a fresh Python thread state on the reused OS thread, while TensorFlow keeps
per-OS-thread state pointing into the previous one: the second model loaded on
a reused pool thread segfaults while tracing (reproduced every time here with
TensorFlow 2.21 / PySide6 6.12). A new thread per job, whose Python thread
state lives as long as the thread, avoids that.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from digitpad.core.errors import DigitpadError
from digitpad.core.quiet_tf import stderr_silenced
from digitpad.gui.compat import restore_plain_import

if TYPE_CHECKING:
    from digitpad.core.activations import LayerActivation
    from digitpad.core.data import MnistData
    from digitpad.core.finetune import FinetuneResult
    from digitpad.core.model import ModelSummary
    from digitpad.core.predictor import Prediction, Predictor
    from digitpad.core.training import TrainConfig, TrainResult

log = logging.getLogger(__name__)

_IMPORT_LOCK = threading.Lock()
_tensorflow_ready = False
_THREADS: set[threading.Thread] = set()  # background threads still running
_THREADS_LOCK = threading.Lock()
WORKER_NICENESS = 10  # background threads yield the CPU to the GUI thread


def start_thread(target: Callable[[], None], name: str) -> threading.Thread:
    """Run `target` on a new daemon thread, tracked so the app can wait for it at exit.

    Daemon, so a thread stuck in a network call cannot keep the process alive
    for ever; `wait_for_background_threads` gives every thread its chance first.
    """
    restore_plain_import()  # see compat: imports on worker threads must not race PySide's hook

    def run() -> None:
        _lower_thread_priority()
        try:
            target()
        finally:
            with _THREADS_LOCK:
                _THREADS.discard(thread)

    thread = threading.Thread(target=run, name=f"digitpad-{name}", daemon=True)
    with _THREADS_LOCK:
        _THREADS.add(thread)
    thread.start()
    return thread


def _lower_thread_priority() -> None:
    """Give the calling (worker) thread a lower CPU priority than the GUI thread.

    On a machine busy with other work (two cores, another training run), the GUI
    thread then gets the CPU first when it has something to do. TensorFlow's
    own thread pools are created from these threads and inherit the priority.
    Measured with benchmarks/responsiveness.py beside another training process:
    worst GUI-timer lateness while training 35–80 ms at equal priority, 38 ms
    with workers at nice +10. Linux only: there a thread id names one thread.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)


def background_threads() -> list[threading.Thread]:
    with _THREADS_LOCK:
        return list(_THREADS)


def wait_for_background_threads(timeout: float) -> bool:
    """Join the running background threads within `timeout` seconds in all; True if all ended."""
    deadline = time.monotonic() + timeout
    for thread in background_threads():
        thread.join(max(0.0, deadline - time.monotonic()))
    return not background_threads()


def import_tensorflow() -> None:
    """Import TensorFlow and Keras once, from one thread at a time, without GC pauses.

    Two threads importing TensorFlow for the first time at once (say, the
    start-up model load and a quickly started training) can see a half-
    initialised module; a lock makes the second wait for the first.

    TensorFlow brings about a million long-lived objects. A full garbage
    collection walks them all (~130 ms here) while holding the GIL, on
    whichever thread triggers it, so the GUI thread stalls that long. The
    collector is paused during the import, and what the import created is then
    frozen (`gc.freeze`): later collections only walk newer objects.
    """
    global _tensorflow_ready
    with _IMPORT_LOCK:
        if _tensorflow_ready:
            return
        enabled = gc.isenabled()
        gc.disable()
        try:
            # TensorFlow's C++ start-up notices would land on the user's terminal.
            with stderr_silenced():
                _preload_tensorflow_libraries()
                import keras  # noqa: F401
                import tensorflow

                tensorflow.config.list_physical_devices()  # the CUDA probe logs here
        finally:
            gc.freeze()
            if enabled:
                gc.enable()
        _tensorflow_ready = True


def _preload_tensorflow_libraries() -> None:
    """Map TensorFlow's big shared libraries (1.2 GB here) without holding the GIL.

    Importing TensorFlow's first extension module makes the dynamic loader map
    and relocate them (~250 ms here) inside the import, which holds the GIL: the
    GUI thread would freeze that long. `dlopen` called through ctypes releases
    the GIL; once mapped, the import finds them loaded. Linux only, best effort:
    any failure just leaves the work to the import.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import importlib.util

        spec = importlib.util.find_spec("tensorflow")
        if spec is None or spec.origin is None:
            return
        root = Path(spec.origin).parent
        libc = ctypes.CDLL(None)
        libc.dlopen.restype = ctypes.c_void_p
        libc.dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
        patterns = (
            "libtensorflow_framework.so.*",
            "libtensorflow_cc.so.*",
            "python/lib_pywrap_*.so",
        )
        for pattern in patterns:
            for lib in sorted(root.glob(pattern)):
                libc.dlopen(str(lib).encode(), os.RTLD_NOW | os.RTLD_LOCAL)  # never closed
    except (OSError, AttributeError, ImportError, ValueError):
        log.debug("could not preload TensorFlow's libraries", exc_info=True)


def load_predictor(path: Path | None) -> Predictor:
    """`path`, or (None) the user's latest valid model, else the bundled one."""
    import_tensorflow()
    from digitpad.core.predictor import Predictor

    return Predictor.load(path)


def save_predictor_model(predictor: Predictor, path: Path) -> Path:
    """Save the model in use (and its sidecar, so its test accuracy travels with it)."""
    from digitpad.core.model import save_model

    return save_model(predictor.model, path, metadata=dict(predictor.metadata) or None)


def summarize_predictor(predictor: Predictor) -> ModelSummary:
    from digitpad.core.model import summarize

    return summarize(predictor.model)


# What the app was doing, for "… while {doing}" (translated where the sentence is built).
ACTIVITIES = (
    QT_TRANSLATE_NOOP("Activity", "working"),
    QT_TRANSLATE_NOOP("Activity", "saving"),
    QT_TRANSLATE_NOOP("Activity", "loading the model"),
    QT_TRANSLATE_NOOP("Activity", "reading the model"),
    QT_TRANSLATE_NOOP("Activity", "recognizing the drawing"),
    QT_TRANSLATE_NOOP("Activity", "training"),
    QT_TRANSLATE_NOOP("Activity", "fine-tuning"),
    QT_TRANSLATE_NOOP("Activity", "evaluating on the test set"),
)


def describe_error(exc: BaseException, doing: str) -> str:
    """One sentence for a dialog. `doing` (one of ACTIVITIES) completes "… while {doing}"."""
    if isinstance(exc, DigitpadError):
        return str(exc)  # already one sentence, in the language of core.i18n
    activity = QCoreApplication.translate("Activity", doing)
    if isinstance(exc, MemoryError) or type(exc).__name__ == "ResourceExhaustedError":
        return QCoreApplication.translate(
            "describe_error",
            "There was not enough memory for {doing}; close other programs or, "
            "for training, choose a smaller batch size.",
        ).format(doing=activity)
    log.error("Unexpected error while %s", doing, exc_info=exc)
    lines = str(exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    return QCoreApplication.translate(
        "describe_error", "Something went wrong while {doing} ({error}: {detail})."
    ).format(doing=activity, error=type(exc).__name__, detail=detail)


class _Relay(QObject):
    """Carries one job's outcome from its thread to the GUI thread (queued signals)."""

    returned = Signal(object)
    errored = Signal(object)
    done = Signal()


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> threading.Thread:
    """Run `fn(*args)` on a new thread; `on_done(result)` or `on_error(exc)` follow on the GUI."""
    # Parented to the application so it lives (in the GUI thread) until its signals are
    # delivered, and is then deleted there, never from the worker.
    relay = _Relay(QCoreApplication.instance())
    relay.returned.connect(on_done)
    relay.errored.connect(on_error)
    relay.done.connect(relay.deleteLater)

    def job() -> None:
        try:
            result = fn(*args)
        except Exception as exc:
            relay.errored.emit(exc)
        else:
            relay.returned.emit(result)
        finally:
            relay.done.emit()

    return start_thread(job, getattr(fn, "__name__", "job"))


class PredictionService(QObject):
    """Predicts the newest drawing on a worker thread; stale requests are dropped.

    `request()` never waits: it replaces whatever drawing is pending. The
    worker takes the pending drawing when it is free, so at most one
    prediction runs and one waits. Until a predictor is set, requests wait;
    setting one predicts the newest drawing at once (drawn while loading).
    """

    predicted = Signal(object)  # Prediction | None (None: nothing drawn)
    inspected = Signal(object)  # Inspection, before `predicted`, while inspecting is on
    failed = Signal(str)
    _result = Signal(object)  # (generation, Prediction | None | Exception), from the worker

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cond = threading.Condition()
        self._pending: tuple[int, np.ndarray, bool] | None = None
        self._last_image: tuple[np.ndarray, bool] | None = None
        self._inspect = False  # also compute every layer's activations (the inside view)
        self._kernels: dict[str, Any] = {}  # the worker's: first-conv weights of the model in use
        self._predictor: Predictor | None = None
        self._generation = 0
        self._floor = 0  # results of requests older than this are stale (cleared since)
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._result.connect(self._on_result)

    @property
    def predictor(self) -> Predictor | None:
        return self._predictor

    def start(self) -> None:
        if self._thread is None:
            self._thread = start_thread(self._loop, "predict")

    def set_predictor(self, predictor: Predictor) -> None:
        """Use `predictor` from now on, and predict the newest drawing with it."""
        with self._cond:
            self._predictor = predictor
            self._repeat_last()
            self._cond.notify_all()

    def set_inspecting(self, on: bool) -> None:
        """Also send every layer's activations (`inspected`); turning it on re-predicts."""
        with self._cond:
            changed = on != self._inspect
            self._inspect = on
            if changed and on:
                self._repeat_last()
            self._cond.notify_all()

    def _repeat_last(self) -> None:
        if self._last_image is not None and self._pending is None:
            self._generation += 1
            self._pending = (self._generation, *self._last_image)

    def request(self, image: np.ndarray, *, framed: bool = False) -> None:
        """Predict `image` (the caller's copy) as soon as the worker is free.

        `framed`: `image` is already a (28, 28) float array in [0, 1], as MNIST
        frames digits (a test image put on the pad), so it is not framed again.
        """
        with self._cond:
            self._generation += 1
            self._pending = (self._generation, image, framed)
            self._last_image = (image, framed)
            self._cond.notify_all()

    def clear(self) -> None:
        """The pad was cleared: forget pending work and drop results still in flight."""
        with self._cond:
            self._generation += 1
            self._floor = self._generation
            self._pending = None
            self._last_image = None

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the worker; True when it ended within `timeout` seconds."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        """The worker: wait for a drawing, predict it, send (generation, result) back."""
        while True:
            with self._cond:
                while not self._stopping and (self._pending is None or self._predictor is None):
                    self._cond.wait()
                if self._stopping:
                    return
                assert self._pending is not None and self._predictor is not None
                (generation, image, framed), self._pending = self._pending, None
                predictor = self._predictor
                inspect = self._inspect
            try:
                result: Any = _predict(
                    predictor, image, framed=framed, inspect=inspect, cache=self._kernels
                )
            except Exception as exc:
                result = exc
            self._result.emit((generation, result))

    def _on_result(self, item: tuple[int, Any]) -> None:
        generation, result = item
        if generation < self._floor or self._stopping:
            return
        if isinstance(result, Exception):
            self.failed.emit(describe_error(result, "recognizing the drawing"))
        elif isinstance(result, Inspection):
            self.inspected.emit(result)
            self.predicted.emit(result.prediction)
        else:
            self.predicted.emit(result)


@dataclass(frozen=True)
class Inspection:
    """One forward pass's prediction, every shown layer's activations, the first kernels."""

    prediction: Prediction
    layers: tuple[LayerActivation, ...]
    first_conv: tuple[np.ndarray, np.ndarray] | None  # (kernels (3,3,1,C), biases (C,))


def _predict(
    predictor: Predictor, image: np.ndarray, *, framed: bool, inspect: bool, cache: dict
) -> Prediction | Inspection | None:
    """On the prediction thread: frame (unless `framed`), then predict or inspect."""
    from digitpad.core.preprocess import frame_digit

    x = np.asarray(image, dtype=np.float32) if framed else frame_digit(image)
    if x is None:
        return None
    if not inspect:
        return predictor.predict_framed(x)
    prediction, layers = predictor.inspect(x)
    if cache.get("predictor") is not predictor:  # the first kernels, once per model
        cache["predictor"], cache["first_conv"] = predictor, predictor.first_conv_weights()
    return Inspection(prediction, layers, cache["first_conv"])


@dataclass(frozen=True)
class TrainOutcome:
    """A finished run: the predictor for the new model, where it was saved, the figures."""

    predictor: Predictor
    path: Path
    result: TrainResult


class BackgroundJob(QObject):
    """One run of `_work` on its own thread. Signals arrive on the GUI thread.

    Exactly one of `succeeded`, `cancelled` or `failed` is emitted, then `ended`.
    `stop()` asks the work to end within one batch; nothing is saved then.

    A job that saves a new model hands it over with `_offer`: whether it is kept
    is decided on the GUI thread, where Cancel is pressed, so a Cancel that lands
    while the UI still says "Saving the model…" (the file being written, the
    predictor being built, or the outcome on its way) still means: nothing kept.
    Until that decision the job counts as running, so Cancel stays effective.
    """

    stage = Signal(str)  # what it is doing, for a status line
    progress = Signal(object)  # PreparingProgress | BatchProgress | EpochProgress
    succeeded = Signal(object)  # the subclass's outcome
    cancelled = Signal()
    failed = Signal(str)
    ended = Signal()
    _offered = Signal(object)  # a saved model's outcome, from the worker: kept or discarded here

    doing = "working"  # completes "… while {doing}" in error messages

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
        try:
            self._work()
        except Exception as exc:
            self.failed.emit(describe_error(exc, self.doing))
        finally:
            self._done.set()
            self.ended.emit()

    def _work(self) -> None:
        raise NotImplementedError

    def _save_unless_cancelled(self, model: Any, metadata: dict[str, Any]) -> Path | None:
        """Save `model` as a new user model; None if Cancel came meanwhile (nothing kept).

        The model file is written atomically (`save_model`); its metadata sidecar is
        written just before the file is renamed into place, so a save that fails or is
        cancelled removes the sidecar too. A save that fails after Cancel is a cancel.
        """
        from digitpad.core.model import new_user_model_path, save_model

        self.stage.emit(QCoreApplication.translate("BackgroundJob", "Saving the model…"))
        path = new_user_model_path()
        try:
            save_model(model, path, metadata=metadata)
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
    """Remove a new model file and its sidecar (either may not exist)."""
    from digitpad.core.model import metadata_path

    for file in (path, metadata_path(path)):
        try:
            file.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove %s", file, exc_info=True)


class TrainingJob(BackgroundJob):
    """One training run on its own thread; `succeeded` carries a `TrainOutcome`."""

    doing = "training"

    def __init__(
        self,
        config: TrainConfig,
        source: str | None = None,
        data: MnistData | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.source = source
        self._data = data

    def _work(self) -> None:
        import_tensorflow()
        # `training.train` is looked up when called so tests can substitute it.
        from digitpad.core import training
        from digitpad.core.data import load_mnist
        from digitpad.core.model import check_can_save, new_user_model_path
        from digitpad.core.predictor import Predictor

        check_can_save(new_user_model_path())  # before training: never lose a run to the save
        data = self._data
        if data is None and not self._stop.is_set():
            self.stage.emit(QCoreApplication.translate("BackgroundJob", "Loading MNIST…"))
            data = load_mnist(self.source)
        if self._stop.is_set() or data is None:
            self.cancelled.emit()
            return
        if self.config.augment:
            self.stage.emit(
                QCoreApplication.translate("BackgroundJob", "Preparing augmented digits…")
            )
        else:
            self.stage.emit(
                QCoreApplication.translate("BackgroundJob", "Training on {count} images…").format(
                    count=f"{len(data.y_train):,}"
                )
            )
        result = training.train(
            data, self.config, progress=self.progress.emit, should_stop=self._stop.is_set
        )
        if result.cancelled or result.model is None or self._stop.is_set():
            self.cancelled.emit()
            return
        path = self._save_unless_cancelled(result.model, result.metadata(data.source))
        if path is None:
            self.cancelled.emit()
            return
        self._offer(TrainOutcome(Predictor(result.model, path), path, result))


@dataclass(frozen=True)
class FinetuneOutcome:
    """A finished fine-tuning: the predictor for the new model, where it was saved, the figures."""

    predictor: Predictor
    path: Path
    result: FinetuneResult


class FinetuneJob(BackgroundJob):
    """Fine-tunes a copy of the model in use on the user's samples, on its own thread;
    `succeeded` carries a `FinetuneOutcome`."""

    doing = "fine-tuning"

    def __init__(
        self,
        predictor: Predictor,
        source: str | None = None,
        epochs: int = 3,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.predictor = predictor
        self.source = source
        self.epochs = epochs

    def _work(self) -> None:
        import_tensorflow()
        from digitpad.core import finetune as finetune_module
        from digitpad.core.data import load_mnist
        from digitpad.core.model import check_can_save, load_model, new_user_model_path
        from digitpad.core.predictor import Predictor
        from digitpad.core.samples import SampleStore

        check_can_save(new_user_model_path())  # before fine-tuning: never lose a run to the save
        self.stage.emit(QCoreApplication.translate("BackgroundJob", "Reading your samples…"))
        samples, _ = SampleStore().load_all()
        if not samples:
            raise DigitpadError(
                QCoreApplication.translate(
                    "BackgroundJob",
                    "There are no samples yet: draw a digit and press its key on the pad "
                    "to keep it as an example, then fine-tune.",
                )
            )
        if self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(QCoreApplication.translate("BackgroundJob", "Loading MNIST…"))
        data = load_mnist(self.source)
        # A copy of its own: the prediction thread keeps using the model in use meanwhile.
        path = self.predictor.path
        model = load_model(path) if path is not None else self.predictor.model
        if self._stop.is_set():
            self.cancelled.emit()
            return
        self.stage.emit(
            QCoreApplication.translate(
                "BackgroundJob", "Checking the model, then fine-tuning on {count} samples…"
            ).format(count=len(samples))
        )
        result = finetune_module.finetune(
            model,
            samples,
            data,
            finetune_module.FinetuneConfig(epochs=self.epochs),
            progress=self.progress.emit,
            should_stop=self._stop.is_set,
        )
        if result.cancelled or result.model is None or self._stop.is_set():
            self.cancelled.emit()
            return
        metadata = result.result.metadata(data.source)
        metadata.update(
            finetuned_from=str(path) if path is not None else "", personal_samples=len(samples)
        )
        saved = self._save_unless_cancelled(result.model, metadata)
        if saved is None:
            self.cancelled.emit()
            return
        self._offer(FinetuneOutcome(Predictor(result.model, saved), saved, result))
