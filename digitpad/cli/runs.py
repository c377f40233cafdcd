"""`digitpad runs`: the runs trained so far, to compare (View ▸ Runs shows their curves).

A run is a model in the user's folder whose record holds its curves
(`core.models.library.runs`); its name, network and figures are read from
that record, never from the model's weights, so listing is quick.
"""

from __future__ import annotations

import argparse

from digitpad.cli.parser import AddCommand
from digitpad.core.i18n import _, display_width, percent


def add_parser(add_command: AddCommand) -> None:
    add_command(
        "runs",
        help=_("list the runs: name, parameters, epochs, seconds, test accuracy, file"),
    )


def _cell(value: float | None, form: str) -> str:
    return "–" if value is None else form.format(value)


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK
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
            entry.name,
            _cell(entry.parameters, "{:,.0f}"),
            _cell(entry.epochs, "{:.0f}"),
            _cell(entry.seconds, "{:,.1f}"),
            "–" if entry.test_accuracy is None else percent(entry.test_accuracy, 2),
            str(entry.path),
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
