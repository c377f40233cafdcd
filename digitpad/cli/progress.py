"""What `train` and `finetune` share on the terminal: core's "train and keep" sequence with
every stage's progress printed and Ctrl-C to stop."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from digitpad.core.i18n import _, progress_percent
from digitpad.core.progress import (
    BatchProgress,
    DataLoadedProgress,
    EpochProgress,
    JudgementProgress,
    PreparingProgress,
    SavingProgress,
)

if TYPE_CHECKING:
    from digitpad.core.training.keep import Kept
    from digitpad.core.training.recipes import Recipe, Trained

R = TypeVar("R", bound="Trained")


def train_and_keep_here(
    make: Callable[[], Recipe[R]],
    args: argparse.Namespace,
    announce: Callable[[DataLoadedProgress], None],
    on_trained: Callable[[R], object],
) -> Kept[R] | None:
    """`train_and_keep` as a command runs it: MNIST from `--data` (remembered) or the
    remembered source, saved to `--out` or a new file, every stage printed, Ctrl-C to stop.
    None when it was stopped (nothing kept)."""
    from digitpad.core.models import choices
    from digitpad.core.training.keep import train_and_keep

    stop = threading.Event()
    printer = ProgressPrinter(announce)
    with stop_on_ctrl_c(stop, gently=lambda: printer.working):
        kept = train_and_keep(
            make,
            args.data if args.data is not None else choices.data_source(),
            args.out,
            progress=printer,
            should_stop=stop.is_set,
            on_trained=on_trained,
            remember_data=args.data is not None,
        )
    printer.finish()
    return kept


@contextlib.contextmanager
def stop_on_ctrl_c(
    stop: threading.Event, gently: Callable[[], bool] = lambda: True
) -> Iterator[None]:
    """While `gently()` (training runs), the first Ctrl-C asks it to stop after this batch;
    otherwise, and a second time, Ctrl-C aborts at once (reading data or samples)."""

    def on_sigint(signum: int, frame: object) -> None:
        if stop.is_set() or not gently():
            raise KeyboardInterrupt
        stop.set()
        print(
            "\n" + _("Stopping after this batch… (Ctrl-C again to abort at once)"), file=sys.stderr
        )

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class ProgressPrinter:
    """Every stage of training a model and keeping it, on the terminal: the data's notes and
    `announce`'s line once MNIST is read, Keras' own progress bar (with ETA) for each epoch,
    then the judgement's percent on one line (`core.progress` events)."""

    def __init__(self, announce: Callable[[DataLoadedProgress], None] | None = None) -> None:
        self.announce = announce
        self.bar: Any = None  # keras.utils.Progbar (Keras is imported only when training)
        self.working = False  # from MNIST read on: training, fitting, saving
        self._open_line = False  # a "\r" line waits for its newline

    def __call__(self, event: object) -> None:
        if isinstance(event, DataLoadedProgress):
            from digitpad.cli import note

            self.working = True
            for message in event.notes:
                note(message)
            if self.announce is not None:
                self.announce(event)
        elif isinstance(event, PreparingProgress):
            line = _("Preparing augmented digits… {done:,}/{total:,}")
            print("\r" + line.format(done=event.done, total=event.total), end="", flush=True)
            if event.done + 500 >= event.total:
                print()
        elif isinstance(event, BatchProgress):
            self._batch(event)
        elif isinstance(event, EpochProgress):
            # Keras' own metric names, as in its bar above and in the course: not translated.
            print(
                f"  val_loss: {event.val_loss:.4f} - val_accuracy: {event.val_accuracy:.4f}",
                flush=True,
            )
            self.bar = None
        elif isinstance(event, JudgementProgress):
            line = _("Learning what digits look like, to tell a digit from a scribble… {percent}")
            done = progress_percent(event.done, event.total)
            print("\r" + line.format(percent=done), end="", flush=True)
            self._open_line = True
        elif isinstance(event, SavingProgress):
            self.finish()

    def _batch(self, event: BatchProgress) -> None:
        import keras

        if event.step == 1 or self.bar is None:
            line = _("Epoch {epoch}/{epochs}")
            print(line.format(epoch=event.epoch, epochs=event.epochs), flush=True)
            self.bar = keras.utils.Progbar(event.steps, stateful_metrics=["loss", "accuracy"])
        self.bar.update(event.step, values=[("loss", event.loss), ("accuracy", event.accuracy)])

    def finish(self) -> None:
        """End a line left open (the judgement's percent), as a stage ends or the run stops."""
        if self._open_line:
            print(flush=True)
            self._open_line = False
