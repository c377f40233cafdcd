"""The `digitpad` command: gui (default) | train | evaluate | predict | summary.

Each command imports what it needs when it runs, so `digitpad --help` is
instant. A `DigitpadError` becomes one line on stderr and exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from digitpad import __version__
from digitpad.core.errors import DigitpadError

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitpad",
        description="Draw a digit and watch the classic MNIST CNN recognize it.",
    )
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the drawing pad (the default)")
    gui.add_argument("--model", type=Path, help="a .keras model to start with")

    data_help = (
        "MNIST folder (IDX files) or mnist.npz; default $DIGITPAD_MNIST, else the Keras cache"
    )
    model_help = "a .keras model (default: your latest trained model, else the bundled one)"

    train = sub.add_parser("train", help="train the CNN on MNIST and save it")
    train.add_argument("--epochs", type=int, default=1, help="passes over the training set (1)")
    train.add_argument("--batch-size", type=int, default=128, help="images per step (128)")
    train.add_argument("--learning-rate", type=float, default=1.0, help="Adadelta rate (1.0)")
    train.add_argument(
        "--augment",
        action="store_true",
        help="random shifts, rotations, zoom and stroke width, for robustness to drawn digits",
    )
    train.add_argument(
        "--schedule",
        choices=["constant", "cosine"],
        default="constant",
        help="learning-rate schedule over the run (constant)",
    )
    train.add_argument("--seed", type=int, help="random seed, for a repeatable run")
    train.add_argument("--data", type=Path, help=data_help)
    train.add_argument(
        "--out",
        type=Path,
        help="where to save the .keras model (default: a new file in your digitpad data folder)",
    )

    evaluate = sub.add_parser("evaluate", help="test-set loss and accuracy of a model")
    evaluate.add_argument("--model", type=Path, help=model_help)
    evaluate.add_argument("--data", type=Path, help=data_help)
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.add_argument(
        "--confusion", action="store_true", help="also print the confusion matrix"
    )
    evaluate.add_argument(
        "--mistakes",
        type=Path,
        metavar="DIR",
        help="write the misclassified test images as PNGs into DIR",
    )

    summary = sub.add_parser("summary", help="the model's layer table")
    summary.add_argument("--model", type=Path, help=model_help)

    finetune = sub.add_parser("finetune", help="teach the model your handwriting from samples")
    finetune.add_argument(
        "--samples", type=Path, required=True, help="a samples folder or an exported samples .zip"
    )
    finetune.add_argument("--epochs", type=int, default=3, help="passes over the mix (3)")
    finetune.add_argument("--model", type=Path, help=model_help)
    finetune.add_argument("--data", type=Path, help=data_help)
    finetune.add_argument(
        "--out",
        type=Path,
        help="where to save the fine-tuned .keras model "
        "(default: a new file in your digitpad data folder)",
    )

    predict = sub.add_parser("predict", help="recognize the digit in image files")
    predict.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    predict.add_argument("--model", type=Path, help=model_help)
    predict.add_argument("--json", action="store_true", help="one JSON object per line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command != "gui":
        from digitpad.core.quiet_tf import import_tensorflow_quietly

        import_tensorflow_quietly()
    try:
        return COMMANDS[command](args)
    except DigitpadError as exc:
        print(f"digitpad: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("digitpad: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def run_gui(args: argparse.Namespace) -> int:
    from digitpad.gui.app import run

    return run(model_path=getattr(args, "model", None))


def run_train(args: argparse.Namespace) -> int:
    from digitpad.core.data import load_mnist
    from digitpad.core.model import new_user_model_path, save_model
    from digitpad.core.training import TrainConfig, train

    try:
        config = TrainConfig(
            epochs=args.epochs,
            batch_size=args.batch_size,
            learning_rate=args.learning_rate,
            augment=args.augment,
            schedule=args.schedule,
            seed=args.seed,
        )
    except ValueError as exc:
        raise DigitpadError(f"Invalid setting: {exc}.") from exc
    out = args.out or new_user_model_path()
    if out.suffix.lower() != ".keras":
        raise DigitpadError(f"{out}: the output file must end in .keras.")
    data = load_mnist(args.data)
    print(f"Training on {len(data.y_train):,} images from {data.source}", flush=True)

    stop = threading.Event()
    with _stop_on_ctrl_c(stop):
        result = train(data, config, progress=_ProgressPrinter(), should_stop=stop.is_set)
    if result.cancelled or result.model is None:
        print("Training cancelled; no model was saved.", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"Test loss: {result.test_loss:.4f}")
    print(f"Test accuracy: {result.test_accuracy:.4f}")
    save_model(result.model, out, metadata=result.metadata(data.source))
    print(f"Saved the model to {out}")
    return EXIT_OK


@contextlib.contextmanager
def _stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C asks training to stop after this batch; a second aborts at once."""

    def on_sigint(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("\nStopping after this batch… (Ctrl-C again to abort at once)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _ProgressPrinter:
    """Keras' own progress bar (with ETA), one per epoch, fed from our progress events."""

    def __init__(self) -> None:
        self.bar: object | None = None

    def __call__(self, event: object) -> None:
        import keras

        from digitpad.core.training import BatchProgress, EpochProgress, PreparingProgress

        if isinstance(event, PreparingProgress):
            print(
                f"\rPreparing augmented digits… {event.done:,}/{event.total:,}", end="", flush=True
            )
            if event.done + 500 >= event.total:
                print()
        elif isinstance(event, BatchProgress):
            if event.step == 1 or self.bar is None:
                print(f"Epoch {event.epoch}/{event.epochs}", flush=True)
                self.bar = keras.utils.Progbar(event.steps, stateful_metrics=["loss", "accuracy"])
            self.bar.update(  # type: ignore[attr-defined]
                event.step, values=[("loss", event.loss), ("accuracy", event.accuracy)]
            )
        elif isinstance(event, EpochProgress):
            print(
                f"  val_loss: {event.val_loss:.4f} - val_accuracy: {event.val_accuracy:.4f}",
                flush=True,
            )
            self.bar = None


def run_evaluate(args: argparse.Namespace) -> int:
    from digitpad.core.data import load_mnist
    from digitpad.core.evaluation import evaluate_test_set, format_confusion, write_mistakes
    from digitpad.core.predictor import Predictor

    predictor = Predictor.load(args.model)
    data = load_mnist(args.data)
    result = evaluate_test_set(predictor, data)
    assert result is not None  # nothing asks it to stop
    written = write_mistakes(result, data.x_test, args.mistakes) if args.mistakes else []
    if args.json:
        record: dict[str, object] = {
            "model": str(predictor.path),
            "samples": len(data.y_test),
            "loss": result.loss,
            "accuracy": result.accuracy,
        }
        if args.confusion:
            record["confusion"] = result.confusion.tolist()
        if args.mistakes:
            record["mistakes_written"] = len(written)
        print(json.dumps(record))
        return EXIT_OK
    print(f"Model: {predictor.path}")
    print(f"Test loss: {result.loss:.4f}")
    print(f"Test accuracy: {result.accuracy:.4f}")
    if args.confusion:
        print("Confusion matrix (rows: true digit, columns: predicted):")
        print(format_confusion(result.confusion))
    if args.mistakes:
        print(f"Wrote {len(written)} misclassified images to {args.mistakes}")
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from digitpad.core.model import format_summary, resolve_model, summarize

    model, path = resolve_model(args.model)
    print(f"Model: {path}")
    print(format_summary(summarize(model)))
    return EXIT_OK


def run_finetune(args: argparse.Namespace) -> int:
    import tempfile

    from digitpad.core.data import load_mnist
    from digitpad.core.finetune import FinetuneConfig, finetune
    from digitpad.core.model import new_user_model_path, resolve_model, save_model
    from digitpad.core.samples import SampleStore

    if args.epochs < 1:
        raise DigitpadError("Invalid setting: epochs must be at least 1.")
    with tempfile.TemporaryDirectory() as unpacked:
        if args.samples.is_file():
            store = SampleStore(Path(unpacked))
            _, problems = store.import_(args.samples)
        elif args.samples.is_dir():
            store = SampleStore(args.samples)
            problems = []
        else:
            raise DigitpadError(f"{args.samples} is neither a samples folder nor a .zip of them.")
        samples, more = store.load_all()
    for problem in problems + more:
        print(f"digitpad: skipped: {problem}", file=sys.stderr)
    if not samples:
        raise DigitpadError(f"There are no usable samples in {args.samples}.")
    model, path = resolve_model(args.model)
    data = load_mnist(args.data)
    out = args.out or new_user_model_path()
    print(f"Fine-tuning {path.name} on {len(samples)} samples mixed with MNIST", flush=True)
    stop = threading.Event()
    with _stop_on_ctrl_c(stop):
        result = finetune(
            model,
            samples,
            data,
            FinetuneConfig(epochs=args.epochs),
            progress=_ProgressPrinter(),
            should_stop=stop.is_set,
        )
    if result.cancelled or result.model is None:
        print("Fine-tuning cancelled; no model was saved.", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"MNIST test accuracy: {result.mnist_before:.4f} -> {result.mnist_after:.4f}")
    if result.personal_before is not None:
        print(
            f"Your held-out samples ({result.held_out}): "
            f"{result.personal_before:.4f} -> {result.personal_after:.4f}"
        )
    metadata = result.result.metadata(data.source)
    metadata.update(finetuned_from=str(path), personal_samples=len(samples))
    save_model(result.model, out, metadata=metadata)
    print(f"Saved the model to {out}")
    return EXIT_OK


def run_predict(args: argparse.Namespace) -> int:
    from digitpad.core.predict_files import predict_files

    return predict_files(args.images, model_path=args.model, as_json=args.json)


COMMANDS = {
    "gui": run_gui,
    "train": run_train,
    "evaluate": run_evaluate,
    "summary": run_summary,
    "predict": run_predict,
    "finetune": run_finetune,
}
