"""`digitpad explain`: the walk-through of the course, on the digit in one image file.

Plain text in the user's language (counting maps, rows, columns and neurons from 1,
as the window does), or with `--json` one object `{"file", "digit", "is_digit",
"confidence", "judge", "steps": [...], "saliency"}` with 0-based indices (see
`digitpad.core.lesson`). The numbers come from one forward pass
(`Predictor.inspect`), the same the window's walk-through uses, and which pixels
decided it from the gradient pass on the same input; a file that cannot be read,
or holds no digit, is one sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from digitpad.cli.parser import AddCommand, model_help, model_path
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command(
        "explain", help=_("walk through the network, layer by layer, on the digit in an image")
    )
    parser.add_argument("image", type=Path, metavar="IMAGE")
    parser.add_argument("--model", type=model_path, help=model_help())
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON object with every step's numbers")
    )


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.errors import ImageError
    from digitpad.core.inference.predict_files import read_image
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.lesson.steps import build_lesson

    image = read_image(args.image)  # a bad file fails before the model loads
    framed = frame_digit(image)
    if framed is None:
        raise ImageError(_("{path}: no digit in this image.").format(path=args.image))
    predictor = Predictor.load(args.model, before_keras=import_keras)
    lesson = build_lesson(predictor.inspect(framed, saliency=True))
    if args.json:
        print(json.dumps(lesson.to_json(str(args.image))))
    else:
        from digitpad.cli.explain_text import format_lesson

        print(format_lesson(lesson, str(args.image)))
    return EXIT_OK
