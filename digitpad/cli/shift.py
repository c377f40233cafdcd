"""`digitpad shift`: the drawing in an image moved every way, and what the network reads.

The image is framed as `predict` frames it, then the 28×28 itself is moved by every (dx, dy)
in −N…N (`--range`, 6 by default, at most 14): dx > 0 moves it right, dy > 0 down; pixels
moved off the 28×28 are lost and blank paper comes in. Plain output is a grid of the
probability of the digit read unmoved, with the digit read wherever it changes; `--json`
prints one object per move, `{"dx", "dy", "digit", "probabilities"}`. All moves are one batch
(`core.experiments.shift_map`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from digitpad.cli.parser import AddCommand, model_help
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _

WIDTH = 80


def add_parser(add_command: AddCommand) -> None:
    parser = add_command(
        "shift", help=_("move the digit in an image every way and see what the network reads")
    )
    parser.add_argument("image", type=Path, metavar="IMAGE")
    parser.add_argument(
        "--range",
        dest="reach",
        default="6",
        metavar="N",
        help=_("move up to N pixels each way, 1 to 14 (%(default)s)"),
    )
    parser.add_argument("--model", type=Path, help=model_help())
    parser.add_argument("--json", action="store_true", help=_("one JSON object per move"))


def reach_of(text: str) -> int:
    """`--range`'s value, or one sentence saying what it must be."""
    from digitpad.core.experiments.shift_map import MOST_REACH

    try:
        reach = int(str(text).strip())
    except ValueError:
        reach = 0
    if not 1 <= reach <= MOST_REACH:
        raise DigitpadError(
            _("--range must be a whole number of pixels from 1 to {most}, not {value!r}.").format(
                most=MOST_REACH, value=text
            )
        )
    return reach


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.errors import ImageError
    from digitpad.core.experiments.shift_map import shift_map
    from digitpad.core.inference.predict_files import read_image
    from digitpad.core.inference.predictor import Predictor

    reach = reach_of(args.reach)  # a bad range or file fails before the model loads
    image = read_image(args.image)
    framed = frame_digit(image)
    if framed is None:
        raise ImageError(_("{path}: no digit in this image.").format(path=args.image))
    predictor = Predictor.load(args.model, before_keras=import_keras)
    found = shift_map(predictor.runtime, framed, reach)
    if args.json:
        for record in found.records():
            print(json.dumps(record, allow_nan=False))
    else:
        from digitpad.cli.shift_text import format_shift_map

        print(_("Model: {path}").format(path=predictor.path))
        print(format_shift_map(found, str(args.image), WIDTH))
    return EXIT_OK
