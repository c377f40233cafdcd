"""`digitpad replay`: the digit in one image as the network read it at each moment of its
training, from the snapshots the run kept inside its model file.

A table (step, epoch, batch, the digit read and the probability of the digit the trained
model reads, with a text sparkline of that probability across the run), or with `--json`
one object per snapshot and line: `{"step", "epoch", "digit", "probabilities"}`. The last
snapshot is the model itself, so its line is `predict --json`'s for the same image. No
TensorFlow: each snapshot's network is NumPy (`core.inference.replay`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.cli.parser import AddCommand, model_help
from digitpad.core.i18n import _, chance, display_width

if TYPE_CHECKING:
    from digitpad.core.inference.replay import Reading

SPARKS = "▁▂▃▄▅▆▇█"  # a probability of 0 … 1, in eighths


def add_parser(add_command: AddCommand) -> None:
    parser = add_command(
        "replay",
        help=_("read the digit in an image with the network at each moment of its training"),
    )
    parser.add_argument("image", type=Path, metavar="IMAGE")
    parser.add_argument("--model", type=Path, help=model_help())
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON object per snapshot and line")
    )


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras
    from digitpad.core.errors import ImageError, ModelError
    from digitpad.core.files import shown
    from digitpad.core.inference.predict_files import frame_file
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.inference.replay import open_replay, read_over_training

    framed = frame_file(args.image)  # a bad file fails before the model loads
    if framed is None:
        raise ImageError(_("{path}: no digit in this image.").format(path=shown(args.image)))
    predictor = Predictor.load(args.model, before_keras=import_keras)
    path = predictor.path
    replay = open_replay(predictor.model_file) if predictor.model_file is not None else None
    if replay is None:
        raise ModelError(no_snapshots(shown(path or "")))
    readings = read_over_training(replay, framed)
    if args.json:
        for reading in readings:
            print(json.dumps(record(reading), allow_nan=False))
        return EXIT_OK
    print(_("Model: {path}").format(path=shown(path or "")))
    print(
        _(
            "{image}, read by the network at each of the {count} snapshots of its training "
            "({steps:,} batches an epoch):"
        ).format(
            image=shown(args.image), count=len(readings), steps=replay.snapshots.steps_per_epoch
        )
    )
    for line in table(readings, replay.from_model):
        print(line)
    return EXIT_OK


def no_snapshots(path: str) -> str:
    return _(
        "{path} keeps no snapshots of its training (it was trained before digitpad kept them, "
        "or not by digitpad); train a model to replay its training."
    ).format(path=path)


def record(reading: Reading) -> dict[str, object]:
    """One JSON line: the step (batches seen), the epoch, the digit read, the ten
    probabilities (rounded as `predict --json` rounds them)."""
    return {
        "step": reading.moment.step,
        "epoch": reading.moment.epoch,
        "digit": reading.digit,
        "probabilities": [round(float(p), 6) for p in reading.probabilities],
    }


def sparkline(values: list[float]) -> str:
    """One character per value in [0, 1], taller for larger (absolute, not stretched)."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[min(top, max(0, int(v * len(SPARKS))))] for v in values)


def table(readings: list[Reading], from_model: bool) -> list[str]:
    """The replay as aligned lines, then the sparkline of the trained model's digit."""
    target = readings[-1].digit
    title = _("p({digit})").format(digit=target)
    header = (_("Step"), _("Epoch"), _("Batch"), _("Digit read"), title, "")
    rows = []
    for reading in readings:
        moment = reading.moment
        if moment.step == 0:
            note = _("the model it started from") if from_model else _("before training")
        elif reading.final:
            note = _("the trained model")
        else:
            note = ""
        rows.append(
            (
                f"{moment.step:,}",
                str(moment.epoch) if moment.step else "–",
                f"{moment.batch}/{moment.steps_per_epoch}" if moment.step else "–",
                str(reading.digit),
                chance(float(reading.probabilities[target])),
                note,
            )
        )
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    right = (True, True, True, True, True, False)

    def line(cells: tuple[str, ...]) -> str:
        out = []
        for cell, width, align_right in zip(cells, widths, right, strict=True):
            pad = " " * (width - display_width(cell))
            out.append(pad + cell if align_right else cell + pad)
        return "  ".join(out).rstrip()

    spark = sparkline([float(r.probabilities[target]) for r in readings])
    closing = _("{chance} across the run: {sparkline}").format(chance=title, sparkline=spark)
    return [line(header), *(line(row) for row in rows), closing]
