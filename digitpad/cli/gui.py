"""`digitpad gui` (also plain `digitpad`): open the drawing pad."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.cli.parser import AddCommand
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("gui", help=_("open the drawing pad (the default)"))
    parser.add_argument("--model", type=Path, help=_("a .keras or .h5 model to start with"))


def run(args: argparse.Namespace) -> int:
    from digitpad.gui.app import run as run_app

    return run_app(model_path=getattr(args, "model", None), language=args.lang)
