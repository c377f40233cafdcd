"""`digitpad summary`: the model's layer table, as `model.summary()` shows it in the course."""

from __future__ import annotations

import argparse
from pathlib import Path

from digitpad.cli.parser import AddCommand, model_help
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("summary", help=_("the model's layer table"))
    parser.add_argument("--model", type=Path, help=model_help())


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK
    from digitpad.core.model import resolve_model
    from digitpad.core.summary import format_summary, summarize

    model, path = resolve_model(args.model)
    print(_("Model: {path}").format(path=path))
    print(format_summary(summarize(model)))
    return EXIT_OK
