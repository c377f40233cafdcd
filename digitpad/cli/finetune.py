"""`digitpad finetune`: teach the model the user's handwriting from their samples."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.cli.parser import AddCommand, data_help, model_help
from digitpad.core.configs import FinetuneConfig, default_of
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _, ngettext

SHOWN_PROBLEMS = 10  # skipped entries named one by one; the rest are counted


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("finetune", help=_("teach the model your handwriting from samples"))
    parser.add_argument(
        "--samples",
        type=Path,
        required=True,
        help=_("a samples folder or an exported samples .zip"),
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=default_of(FinetuneConfig, "epochs"),
        help=_("passes over the mix (%(default)s)"),
    )
    parser.add_argument("--model", type=Path, help=model_help())
    parser.add_argument("--data", type=Path, help=data_help())
    parser.add_argument(
        "--out",
        type=Path,
        help=_(
            "where to save the fine-tuned .keras model "
            "(default: a new file in your digitpad data folder)"
        ),
    )


def run(args: argparse.Namespace) -> int:
    import sys
    import tempfile
    import threading

    from digitpad.cli import EXIT_INTERRUPTED, EXIT_OK, error, note
    from digitpad.cli.progress import ProgressPrinter, judgement_attachments, stop_on_ctrl_c
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.data.sample_archive import import_samples
    from digitpad.core.data.samples import SampleStore
    from digitpad.core.files import shown
    from digitpad.core.models import choices
    from digitpad.core.models.store import (
        check_can_save,
        new_user_model_path,
        resolve_model,
        save_model,
    )
    from digitpad.core.training.finetune import MIN_HELD_OUT_PER_DIGIT, finetune

    if args.epochs < 1:
        raise DigitpadError(
            _("Invalid setting: {problem}.").format(problem=_("epochs must be at least 1"))
        )
    out = args.out or new_user_model_path()
    check_can_save(out)  # before the work: a run is never lost to a save bound to fail
    with tempfile.TemporaryDirectory() as unpacked:
        if args.samples.is_file():
            store = SampleStore(Path(unpacked))
            _added, problems = import_samples(store, args.samples)
        elif args.samples.is_dir():
            store = SampleStore(args.samples)
            problems = []
        else:
            raise DigitpadError(
                _("{path} is neither a samples folder nor a .zip of them.").format(
                    path=shown(args.samples)
                )
            )
        samples, more = store.load_all()
    skipped = problems + more
    for problem in skipped[:SHOWN_PROBLEMS]:
        print(_("digitpad: skipped: {problem}").format(problem=problem), file=sys.stderr)
    if len(skipped) > SHOWN_PROBLEMS:
        rest = len(skipped) - SHOWN_PROBLEMS
        error(
            ngettext(
                "skipped {count} more unusable entry.",
                "skipped {count} more unusable entries.",
                rest,
            ).format(count=rest)
        )
    if not samples:
        raise DigitpadError(
            _("There are no usable samples in {path}.").format(path=shown(args.samples))
        )
    model, path = resolve_model(args.model)
    data = load_mnist(args.data if args.data is not None else choices.data_source())
    for message in data.notes:
        note(message)
    if args.data is not None:  # remembered for the other commands and the window
        choices.remember_data(local=True, path=args.data)
    print(
        ngettext(
            "Fine-tuning {model} on {count} sample mixed with MNIST",
            "Fine-tuning {model} on {count} samples mixed with MNIST",
            len(samples),
        ).format(model=path.name, count=len(samples)),
        flush=True,
    )
    stop = threading.Event()
    with stop_on_ctrl_c(stop):
        result = finetune(
            model,
            samples,
            data,
            FinetuneConfig(epochs=args.epochs),
            progress=ProgressPrinter(),
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
    if result.personal_before is not None and result.held_out_meaningful:
        print(
            _("Your held-out samples ({count}): {before:.4f} -> {after:.4f}").format(
                count=result.held_out, before=result.personal_before, after=result.personal_after
            )
        )
    elif result.personal_before is not None:
        print(
            ngettext(
                "Only {count} of your samples was held out: too few (under {least} per digit) "
                "to tell whether it reads your handwriting better.",
                "Only {count} of your samples were held out: too few (under {least} per digit) "
                "to tell whether it reads your handwriting better.",
                result.held_out,
            ).format(count=result.held_out, least=MIN_HELD_OUT_PER_DIGIT)
        )
    metadata = result.metadata(data.source, finetuned_from=path, samples=len(samples))
    with stop_on_ctrl_c(stop):
        attachments = judgement_attachments(result.model, data, stop)
    if attachments is None:
        print(_("Fine-tuning cancelled; no model was saved."), file=sys.stderr)
        return EXIT_INTERRUPTED
    save_model(result.model, out, metadata=metadata, attachments=attachments)
    choices.remember_model(out)
    print(_("Saved the model to {path}").format(path=shown(out)))
    print(_("It is now the model in use, here and in the window."))
    return EXIT_OK
