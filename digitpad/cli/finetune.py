"""`digitpad finetune`: teach the model the user's handwriting from their samples."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.cli.parser import AddCommand, data_help, model_help, model_path
from digitpad.core.configs import FinetuneConfig, default_of
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _, ngettext

if TYPE_CHECKING:
    from digitpad.core.data.samples import Sample

SHOWN_PROBLEMS = 10  # skipped entries named one by one; the rest are counted


NEEDS_TENSORFLOW = True  # it trains (`digitpad.cli.main` imports TensorFlow first)


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
    parser.add_argument("--model", type=model_path, help=model_help())
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

    from digitpad.cli import EXIT_INTERRUPTED, EXIT_OK
    from digitpad.cli.progress import train_and_keep_here
    from digitpad.core.files import shown
    from digitpad.core.models.store import resolve_model
    from digitpad.core.progress import DataLoadedProgress
    from digitpad.core.training.finetune import MIN_HELD_OUT_PER_DIGIT, FinetuneResult
    from digitpad.core.training.recipes import Finetuning

    if args.epochs < 1:
        raise DigitpadError(
            _("Invalid setting: {problem}.").format(problem=_("epochs must be at least 1"))
        )
    made: list[tuple[Finetuning, Path]] = []  # what `finetuning` read, for the lines below

    def finetuning() -> Finetuning:  # once the model is known to be savable
        samples = _read_samples(args.samples)
        model, path = resolve_model(args.model)
        made.append((Finetuning(model, samples, FinetuneConfig(epochs=args.epochs), path), path))
        return made[0][0]

    def announce(event: DataLoadedProgress) -> None:
        recipe, path = made[0]
        print(
            ngettext(
                "Fine-tuning {model} on {count} sample mixed with MNIST",
                "Fine-tuning {model} on {count} samples mixed with MNIST",
                len(recipe.samples),
            ).format(model=shown(path.name), count=len(recipe.samples)),
            flush=True,
        )

    def tested(result: FinetuneResult) -> None:
        print(
            _("MNIST test accuracy: {before:.4f} -> {after:.4f}").format(
                before=result.mnist_before, after=result.mnist_after
            )
        )
        if result.personal_before is not None and result.held_out_meaningful:
            print(
                _("Your held-out samples ({count}): {before:.4f} -> {after:.4f}").format(
                    count=result.held_out,
                    before=result.personal_before,
                    after=result.personal_after,
                )
            )
        elif result.personal_before is not None:
            print(
                ngettext(
                    "Only {count} of your samples was held out: too few (under {least} per "
                    "digit) to tell whether it reads your handwriting better.",
                    "Only {count} of your samples were held out: too few (under {least} per "
                    "digit) to tell whether it reads your handwriting better.",
                    result.held_out,
                ).format(count=result.held_out, least=MIN_HELD_OUT_PER_DIGIT)
            )

    kept = train_and_keep_here(finetuning, args, announce, tested)
    if kept is None:
        print(_("Fine-tuning cancelled; no model was saved."), file=sys.stderr)
        return EXIT_INTERRUPTED
    print(_("Saved the model to {path}").format(path=shown(kept.path)))
    print(_("It is now the model in use, here and in the window."))
    return EXIT_OK


def _read_samples(where: Path) -> list[Sample]:
    """The usable samples in a samples folder or an exported .zip of one; the entries skipped
    are named on stderr (the first `SHOWN_PROBLEMS`, then a count)."""
    import sys
    import tempfile

    from digitpad.cli import error
    from digitpad.core.data.sample_archive import import_samples
    from digitpad.core.data.samples import SampleStore
    from digitpad.core.files import shown

    with tempfile.TemporaryDirectory() as unpacked:
        if where.is_file():
            store = SampleStore(Path(unpacked))
            _added, problems = import_samples(store, where)
        elif where.is_dir():
            store = SampleStore(where)
            problems = []
        else:
            raise DigitpadError(
                _("{path} is neither a samples folder nor a .zip of them.").format(
                    path=shown(where)
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
        raise DigitpadError(_("There are no usable samples in {path}.").format(path=shown(where)))
    return samples
