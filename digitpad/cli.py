"""The `digitpad` command: gui (default) | train | evaluate | predict | summary.

Each command imports what it needs when it runs, so `digitpad --help` is
instant. A `DigitpadError` becomes one line on stderr and exit code 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from digitpad import __version__
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import LANGUAGES, N_, _, display_width, ngettext, set_language, wrap_columns

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130

# argparse words its usage, help and errors itself, through the `gettext.gettext` and
# `ngettext` it imported (the default "messages" domain, where no catalog of ours is).
# Its messages a digitpad user can meet, exactly as argparse spells them (Python
# 3.10–3.13), so that extraction copies them into our catalog; `_argparse_in_our_language`
# then points argparse at that catalog while parsing.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),  # Python 3.10+
    N_("optional arguments"),  # before 3.10
    N_("%(heading)s:"),  # section headings, 3.13+
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


def _argparse_plural(n: int) -> str:
    """Never called: marks argparse's one plural message for extraction (see above)."""
    return ngettext("expected %s argument", "expected %s arguments", n)


@contextlib.contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    """argparse's own words from digitpad's catalog while parsing (see ARGPARSE_MESSAGES)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _language_option(argv: Sequence[str]) -> str | None:
    """The value of `--lang` in `argv`, if it is a known language.

    Read before the parser is built, so that the parser's own help and errors come out
    in that language too; argparse then checks the option properly.
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            return value if value in LANGUAGES else None
    return None


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping Chinese text too.

    argparse wraps at spaces and counts characters; Chinese has no spaces and
    each character takes two columns, so its help lines would run off the terminal.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        if display_width(text) == len(text):
            return super()._split_lines(text, width)
        return wrap_columns(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if display_width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_columns(text, width - len(indent)))

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents continuation lines by the prefix's characters, not its columns.
        text = super()._format_usage(usage, actions, groups, prefix)
        prefix = _("usage: ") if prefix is None else prefix
        extra = " " * (display_width(prefix) - len(prefix))
        head, *rest = text.split("\n")
        return "\n".join([head, *(extra + line if line.strip() else line for line in rest)])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitpad",
        formatter_class=_HelpFormatter,
        description=_("Draw a digit and watch the classic MNIST CNN recognize it."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"digitpad {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help=_("language of messages and of the window (default: from LANG, else the system's)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_command = functools.partial(sub.add_parser, formatter_class=_HelpFormatter)

    gui = add_command("gui", help=_("open the drawing pad (the default)"))
    gui.add_argument("--model", type=Path, help=_("a .keras model to start with"))

    data_help = _(
        "MNIST folder (IDX files) or mnist.npz; default $DIGITPAD_MNIST, else the Keras cache"
    )
    model_help = _("a .keras model (default: your latest trained model, else the bundled one)")

    train = add_command("train", help=_("train the CNN on MNIST and save it"))
    train.add_argument("--epochs", type=int, default=1, help=_("passes over the training set (1)"))
    train.add_argument("--batch-size", type=int, default=128, help=_("images per step (128)"))
    train.add_argument("--learning-rate", type=float, default=1.0, help=_("Adadelta rate (1.0)"))
    train.add_argument(
        "--augment",
        action="store_true",
        help=_("random shifts, rotations, zoom and stroke width, for robustness to drawn digits"),
    )
    train.add_argument(
        "--schedule",
        choices=["constant", "cosine"],
        default="constant",
        help=_("learning-rate schedule over the run (constant)"),
    )
    train.add_argument("--seed", type=int, help=_("random seed, for a repeatable run"))
    train.add_argument("--data", type=Path, help=data_help)
    train.add_argument(
        "--out",
        type=Path,
        help=_("where to save the .keras model (default: a new file in your digitpad data folder)"),
    )

    evaluate = add_command("evaluate", help=_("test-set loss and accuracy of a model"))
    evaluate.add_argument("--model", type=Path, help=model_help)
    evaluate.add_argument("--data", type=Path, help=data_help)
    evaluate.add_argument("--json", action="store_true", help=_("print one JSON object"))
    evaluate.add_argument(
        "--confusion", action="store_true", help=_("also print the confusion matrix")
    )
    evaluate.add_argument(
        "--mistakes",
        type=Path,
        metavar="DIR",
        help=_("write the misclassified test images as PNGs into DIR"),
    )

    summary = add_command("summary", help=_("the model's layer table"))
    summary.add_argument("--model", type=Path, help=model_help)

    finetune = add_command(
        "finetune",
        help=_("teach the model your handwriting from samples"),
    )
    finetune.add_argument(
        "--samples",
        type=Path,
        required=True,
        help=_("a samples folder or an exported samples .zip"),
    )
    finetune.add_argument("--epochs", type=int, default=3, help=_("passes over the mix (3)"))
    finetune.add_argument("--model", type=Path, help=model_help)
    finetune.add_argument("--data", type=Path, help=data_help)
    finetune.add_argument(
        "--out",
        type=Path,
        help=_(
            "where to save the fine-tuned .keras model "
            "(default: a new file in your digitpad data folder)"
        ),
    )

    predict = add_command("predict", help=_("recognize the digit in image files"))
    predict.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    predict.add_argument("--model", type=Path, help=model_help)
    predict.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_option(argv))  # None: LANGUAGE, LC_ALL, LC_MESSAGES, LANG
    with _argparse_in_our_language():
        args = build_parser().parse_args(argv)
    if args.lang:  # also when given in a form the early look missed ("--la zh_TW")
        set_language(args.lang)
    command = args.command or "gui"
    if command != "gui":
        from digitpad.core.quiet_tf import import_tensorflow_quietly

        import_tensorflow_quietly()
    try:
        return COMMANDS[command](args)
    except DigitpadError as exc:
        print(_("digitpad: {message}").format(message=exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("digitpad: interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED


def run_gui(args: argparse.Namespace) -> int:
    from digitpad.gui.app import run

    return run(model_path=getattr(args, "model", None), language=args.lang)


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
        raise DigitpadError(_("Invalid setting: {problem}.").format(problem=exc)) from exc
    out = args.out or new_user_model_path()
    if out.suffix.lower() != ".keras":
        raise DigitpadError(_("{path}: the output file must end in .keras.").format(path=out))
    data = load_mnist(args.data)
    count = len(data.y_train)
    print(
        ngettext(
            "Training on {count:,} image from {source}",
            "Training on {count:,} images from {source}",
            count,
        ).format(count=count, source=data.source),
        flush=True,
    )

    stop = threading.Event()
    with _stop_on_ctrl_c(stop):
        result = train(data, config, progress=_ProgressPrinter(), should_stop=stop.is_set)
    if result.cancelled or result.model is None:
        print(_("Training cancelled; no model was saved."), file=sys.stderr)
        return EXIT_INTERRUPTED
    print(_("Test loss: {loss:.4f}").format(loss=result.test_loss))
    print(_("Test accuracy: {accuracy:.4f}").format(accuracy=result.test_accuracy))
    save_model(result.model, out, metadata=result.metadata(data.source))
    print(_("Saved the model to {path}").format(path=out))
    return EXIT_OK


@contextlib.contextmanager
def _stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
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


class _ProgressPrinter:
    """Keras' own progress bar (with ETA), one per epoch, fed from our progress events."""

    def __init__(self) -> None:
        self.bar: object | None = None

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
            self.bar.update(  # type: ignore[attr-defined]
                event.step, values=[("loss", event.loss), ("accuracy", event.accuracy)]
            )
        elif isinstance(event, EpochProgress):
            # Keras' own metric names, as in its bar above and in the course: not translated.
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
    print(_("Model: {path}").format(path=predictor.path))
    print(_("Test loss: {loss:.4f}").format(loss=result.loss))
    print(_("Test accuracy: {accuracy:.4f}").format(accuracy=result.accuracy))
    if args.confusion:
        print(_("Confusion matrix (rows: true digit, columns: predicted):"))
        print(format_confusion(result.confusion))
    if args.mistakes:
        print(
            ngettext(
                "Wrote {count} misclassified image to {folder}",
                "Wrote {count} misclassified images to {folder}",
                len(written),
            ).format(count=len(written), folder=args.mistakes)
        )
    return EXIT_OK


def run_summary(args: argparse.Namespace) -> int:
    from digitpad.core.model import format_summary, resolve_model, summarize

    model, path = resolve_model(args.model)
    print(_("Model: {path}").format(path=path))
    print(format_summary(summarize(model)))
    return EXIT_OK


def run_finetune(args: argparse.Namespace) -> int:
    import tempfile

    from digitpad.core.data import load_mnist
    from digitpad.core.finetune import FinetuneConfig, finetune
    from digitpad.core.model import new_user_model_path, resolve_model, save_model
    from digitpad.core.samples import SampleStore

    if args.epochs < 1:
        raise DigitpadError(
            _("Invalid setting: {problem}.").format(problem=_("epochs must be at least 1"))
        )
    with tempfile.TemporaryDirectory() as unpacked:
        if args.samples.is_file():
            store = SampleStore(Path(unpacked))
            _added, problems = store.import_(args.samples)
        elif args.samples.is_dir():
            store = SampleStore(args.samples)
            problems = []
        else:
            raise DigitpadError(
                _("{path} is neither a samples folder nor a .zip of them.").format(
                    path=args.samples
                )
            )
        samples, more = store.load_all()
    for problem in problems + more:
        print(_("digitpad: skipped: {problem}").format(problem=problem), file=sys.stderr)
    if not samples:
        raise DigitpadError(_("There are no usable samples in {path}.").format(path=args.samples))
    model, path = resolve_model(args.model)
    data = load_mnist(args.data)
    out = args.out or new_user_model_path()
    print(
        ngettext(
            "Fine-tuning {model} on {count} sample mixed with MNIST",
            "Fine-tuning {model} on {count} samples mixed with MNIST",
            len(samples),
        ).format(model=path.name, count=len(samples)),
        flush=True,
    )
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
        print(_("Fine-tuning cancelled; no model was saved."), file=sys.stderr)
        return EXIT_INTERRUPTED
    print(
        _("MNIST test accuracy: {before:.4f} -> {after:.4f}").format(
            before=result.mnist_before, after=result.mnist_after
        )
    )
    if result.personal_before is not None:
        print(
            _("Your held-out samples ({count}): {before:.4f} -> {after:.4f}").format(
                count=result.held_out, before=result.personal_before, after=result.personal_after
            )
        )
    metadata = result.result.metadata(data.source)
    metadata.update(finetuned_from=str(path), personal_samples=len(samples))
    save_model(result.model, out, metadata=metadata)
    print(_("Saved the model to {path}").format(path=out))
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
