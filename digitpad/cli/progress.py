"""What `train` and `finetune` share on the terminal: Keras' progress bar and Ctrl-C to stop."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import Any

from digitpad.core.i18n import _


@contextlib.contextmanager
def stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C asks training to stop after this batch; a second aborts at once."""

    def on_sigint(signum: int, frame: object) -> None:
        if stop.is_set():
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
    """Keras' own progress bar (with ETA), one per epoch, fed from our progress events."""

    def __init__(self) -> None:
        self.bar: Any = None  # keras.utils.Progbar (Keras is imported only when training)

    def __call__(self, event: object) -> None:
        import keras

        from digitpad.core.progress import BatchProgress, EpochProgress, PreparingProgress

        if isinstance(event, PreparingProgress):
            line = _("Preparing augmented digits… {done:,}/{total:,}")
            print("\r" + line.format(done=event.done, total=event.total), end="", flush=True)
            if event.done + 500 >= event.total:
                print()
        elif isinstance(event, BatchProgress):
            if event.step == 1 or self.bar is None:
                line = _("Epoch {epoch}/{epochs}")
                print(line.format(epoch=event.epoch, epochs=event.epochs), flush=True)
                self.bar = keras.utils.Progbar(event.steps, stateful_metrics=["loss", "accuracy"])
            self.bar.update(event.step, values=[("loss", event.loss), ("accuracy", event.accuracy)])
        elif isinstance(event, EpochProgress):
            # Keras' own metric names, as in its bar above and in the course: not translated.
            print(
                f"  val_loss: {event.val_loss:.4f} - val_accuracy: {event.val_accuracy:.4f}",
                flush=True,
            )
            self.bar = None


def judgement_attachments(model: Any, data: Any, stop: threading.Event) -> dict[str, bytes] | None:
    """Fit the trained model's digit judgement (with a progress line) for its file.

    {} for a model whose output layer cannot be judged (it is judged by the
    baseline), None when a stop was requested.
    """
    from digitpad.core.inference.judgement import attachments
    from digitpad.core.training.judgement_fit import JudgementProgress, fit_judgement

    def show(event: JudgementProgress) -> None:
        line = _("Fitting the digit judgement… {percent:.0f} %")
        print("\r" + line.format(percent=100 * event.done / event.total), end="", flush=True)

    stats = fit_judgement(model, data, progress=show, should_stop=stop.is_set)
    print(flush=True)
    if stats is None and stop.is_set():
        return None
    return attachments(stats) or {}
