"""`digitpad gui` (also plain `digitpad`): open the drawing pad."""

from __future__ import annotations

import argparse

from digitpad.cli.parser import AddCommand, model_path
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("gui", help=_("open the drawing pad (the default)"))
    parser.add_argument(
        "--model", type=model_path, help=_("a .keras or .h5 model to start with, or bundled")
    )


def run(args: argparse.Namespace) -> int:
    from digitpad.cli.x_libraries import check_x_libraries

    check_x_libraries()  # before Qt aborts without them, naming each one missing
    from digitpad.gui.app import run as run_app

    return run_app(model_path=getattr(args, "model", None), language=args.lang)
