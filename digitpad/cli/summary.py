"""`digitpad summary`: the model's layer table, as `model.summary()` shows it in the course.

With `--arch FILE`, the table of the network that FILE's code describes (the
course's `model.add(...)` lines), worked out without building or training it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.cli.parser import AddCommand, arch_help, model_help, model_path
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("summary", help=_("the model's layer table"))
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--model", type=model_path, help=model_help())
    source.add_argument("--arch", type=Path, metavar="FILE", help=arch_help())


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras
    from digitpad.core.files import shown
    from digitpad.core.network.summary import format_summary

    if args.arch is not None:
        from digitpad.core.network.check import checked
        from digitpad.core.network.code import parse, read_code

        plan = checked(parse(read_code(args.arch)))
        print(_("Network: {path}").format(path=shown(args.arch)))
        print(format_summary(plan.summary()))
        return EXIT_OK

    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.network.summary import summarize

    predictor = Predictor.load(args.model, before_keras=import_keras)  # its layers, from its file
    print(_("Model: {path}").format(path=shown(predictor.path or "")))
    print(format_summary(summarize(predictor.layers)))
    return EXIT_OK
