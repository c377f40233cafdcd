"""`digitpad train`: train the course's CNN (or the network in `--arch FILE`) on MNIST, save it
and record the run (its name, code, hyperparameters and curves go inside the model file)."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.cli.parser import AddCommand, arch_help, data_help
from digitpad.core.configs import TrainConfig, default_of
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _, ngettext

NEEDS_TENSORFLOW = True  # it trains (`digitpad.cli.main` imports TensorFlow first)


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("train", help=_("train the CNN on MNIST and save it"))
    default = TrainConfig  # every default below is TrainConfig's own
    parser.add_argument(
        "--epochs",
        type=int,
        default=default_of(default, "epochs"),
        help=_("passes over the training set (%(default)s)"),
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=default_of(default, "batch_size"),
        help=_("images per step (%(default)s)"),
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=default_of(default, "learning_rate"),
        help=_("Adadelta rate (%(default)s)"),
    )
    parser.add_argument(
        "--augment",
        action="store_true",
        default=default_of(default, "augment"),
        help=_("random shifts, rotations, zoom and stroke width, for robustness to drawn digits"),
    )
    parser.add_argument(
        "--schedule",
        choices=["constant", "cosine"],
        default=default_of(default, "schedule"),
        help=_("learning-rate schedule over the run (%(default)s)"),
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=default_of(default, "seed"),
        help=_("random seed, for a repeatable run"),
    )
    parser.add_argument("--arch", type=Path, metavar="FILE", help=arch_help())
    parser.add_argument(
        "--name", help=_("the run's name (default: the network's preset, or the file's name)")
    )
    parser.add_argument("--data", type=Path, help=data_help())
    parser.add_argument(
        "--out",
        type=Path,
        help=_("where to save the .keras model (default: a new file in your digitpad data folder)"),
    )


def run(args: argparse.Namespace) -> int:
    import sys

    from digitpad.cli import EXIT_INTERRUPTED, EXIT_OK
    from digitpad.cli.progress import train_and_keep_here
    from digitpad.core.files import shown
    from digitpad.core.models.record import clean_name
    from digitpad.core.network.check import checked
    from digitpad.core.network.code import parse, read_code
    from digitpad.core.network.presets import COURSE, preset_for_code
    from digitpad.core.progress import DataLoadedProgress
    from digitpad.core.training.recipes import Training
    from digitpad.core.training.train import TrainResult

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
    if args.out is not None and args.out.suffix.lower() != ".keras":
        raise DigitpadError(
            _("{path}: the output file must end in .keras.").format(path=shown(args.out))
        )
    code = read_code(args.arch) if args.arch is not None else COURSE.code
    network = parse(code)
    # Every problem (memory at this batch size too), before any data is loaded.
    total = checked(network, config.batch_size).summary().total
    preset = preset_for_code(code)
    # The run's name as its record keeps it: one printable line (a file's name may hold a
    # line break, which printed raw would forge an output line).
    name = clean_name(args.name or (_(preset.title) if preset is not None else args.arch.stem))
    name = name or _("Your own network")

    def training() -> Training:  # once the model is known to be savable
        print(
            ngettext(
                "Network: {name}, {count:,} parameter",
                "Network: {name}, {count:,} parameters",
                total,
            ).format(name=name, count=total),
            flush=True,
        )
        return Training(config, network=network, name=name)

    def announce(event: DataLoadedProgress) -> None:
        print(
            ngettext(
                "Training on {count:,} image from {source}",
                "Training on {count:,} images from {source}",
                event.train_images,
            ).format(count=event.train_images, source=shown(event.source)),
            flush=True,
        )

    def tested(result: TrainResult) -> None:
        print(_("Test loss: {loss:.4f}").format(loss=result.test_loss))
        print(_("Test accuracy: {accuracy:.4f}").format(accuracy=result.test_accuracy))

    kept = train_and_keep_here(training, args, announce, tested)
    if kept is None:
        print(_("Training cancelled; no model was saved."), file=sys.stderr)
        return EXIT_INTERRUPTED
    print(_("Saved the model to {path}").format(path=shown(kept.path)))
    print(_('Recorded as the run "{name}" (digitpad runs lists the runs).').format(name=name))
    print(_("It is now the model in use, here and in the window."))
    return EXIT_OK
