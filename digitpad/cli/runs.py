"""`digitpad runs`: the runs trained so far, to compare (View ▸ Runs shows their curves).

A run is a model in the user's folder whose record holds its curves
(`core.models.library.runs`); its name, network and figures are read from
that record, never from the model's weights, so listing is quick. The record
is checked field by field (`core.models.record`): a value it cannot have reads
"unknown", and a model whose record cannot be read at all is one line saying
so, never an error for the whole list.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from digitpad.cli.parser import AddCommand
from digitpad.core.i18n import _, display_width, percent

if TYPE_CHECKING:
    from digitpad.core.models.library import ModelEntry


def add_parser(add_command: AddCommand) -> None:
    add_command(
        "runs",
        help=_("list the runs: name, parameters, epochs, seconds, test accuracy, file"),
    )


def _cell(entry: ModelEntry, field: str, value: float | None, form: Callable[[float], str]) -> str:
    """A figure of the run, "unknown" when its record holds an impossible value, "–" when it
    holds none."""
    if entry.is_unknown(field):
        return _("unknown")
    return "–" if value is None else form(value)


def _name(entry: ModelEntry) -> str:
    if not entry.readable:
        return _("{name} (record unreadable)").format(name=entry.name)
    return entry.name


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK
    from digitpad.core.files import shown
    from digitpad.core.models.library import runs

    found = runs()
    if not found:
        print(_("No runs yet: train one with digitpad train or from the window's Train dialog."))
        return EXIT_OK
    header = (
        _("Name"),
        _("Parameters"),
        _("Epochs"),
        _("Seconds"),
        _("Test accuracy"),
        _("File"),
    )
    rows = [
        (
            _name(entry),
            _cell(entry, "parameters", entry.parameters, "{:,.0f}".format),
            _cell(entry, "epochs", entry.epochs, "{:.0f}".format),
            _cell(entry, "seconds", entry.seconds, "{:,.1f}".format),
            _cell(entry, "test_accuracy", entry.test_accuracy, lambda v: percent(v, 2)),
            shown(entry.path),
        )
        for entry in found
    ]
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = (False, True, True, True, True, False)  # numbers line up on the right

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for cell, width, align_right in zip(cells, widths, right, strict=True):
            pad = " " * (width - display_width(cell))
            out.append(pad + cell if align_right else cell + pad)
        return "  ".join(out).rstrip()

    print(line(header))
    for row in rows:
        print(line(row))
    return EXIT_OK
