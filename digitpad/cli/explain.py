"""`digitpad explain`: the walk-through of the course, on the digit in one image file.

Plain text in the user's language (counting maps, rows, columns and neurons from 1,
as the window does), or with `--json` one object `{"file", "digit", "is_digit",
"confidence", "judge", "steps": [...], "saliency", "maps_off"}` with 0-based indices
(see `digitpad.core.lesson`). `--off LAYER:MAP[,MAP…]` (maps from 1, repeatable) walks
the network with those feature maps switched off, their outputs 0
(`core.experiments`). The numbers come from one forward pass (`Predictor.inspect`),
the same the window's walk-through uses, and which pixels decided it from the
gradient pass on the same input; a file that cannot be read, or holds no digit, is
one sentence and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from digitpad.cli.parser import AddCommand, model_help, model_path
from digitpad.core.i18n import _

if TYPE_CHECKING:
    from digitpad.core.experiments.experiment import Experiment
    from digitpad.core.inference.predictor import Predictor


def add_parser(add_command: AddCommand) -> None:
    parser = add_command(
        "explain", help=_("walk through the network, layer by layer, on the digit in an image")
    )
    parser.add_argument("image", type=Path, metavar="IMAGE")
    parser.add_argument("--model", type=model_path, help=model_help())
    parser.add_argument(
        "--json", action="store_true", help=_("one JSON object with every step's numbers")
    )
    parser.add_argument(
        "--off",
        action="append",
        default=[],
        metavar="LAYER:MAP[,MAP…]",
        help=_(
            "walk the network with these feature maps switched off (their outputs 0), numbered "
            "from 1 as the window numbers them, e.g. conv2d:3,7; may be given more than once"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras, note
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.errors import ImageError
    from digitpad.core.files import json_name, shown
    from digitpad.core.inference.predict_files import read_image
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.lesson.steps import build_lesson

    image = read_image(args.image)  # a bad file fails before the model loads
    framed = frame_digit(image)
    if framed is None:
        raise ImageError(_("{path}: no digit in this image.").format(path=shown(args.image)))
    predictor = Predictor.load(args.model, before_keras=import_keras)
    if (said := predictor.judge_note()) is not None:  # statistics it cannot use, said once
        note(said)
    off = _maps_off(args.off, predictor)
    if off is None:
        lesson = build_lesson(predictor.inspect(framed, saliency=True))
    else:
        from digitpad.core.experiments.tried import tried_inspection

        lesson = build_lesson(tried_inspection(predictor, framed, off, saliency=True))
    if args.json:
        record = lesson.to_json(json_name(args.image))
        # Indices from 0, as everywhere in the JSON (the option numbers maps from 1).
        record["maps_off"] = (
            {} if off is None else {layer: list(off.maps_off(layer)) for layer in off.layers_off()}
        )
        print(json.dumps(record))
    else:
        from digitpad.cli.explain_text import format_lesson

        text = format_lesson(lesson, shown(args.image))
        if off is not None:
            from digitpad.core.experiments.maps_off import describe_maps_off

            first, _newline, rest = text.partition("\n")
            said = _("Switched off (their outputs are 0): {maps}.").format(
                maps=describe_maps_off(off)
            )
            text = "\n".join([first, said, rest])
        print(text)
    return EXIT_OK


def _maps_off(specs: list[str], predictor: Predictor) -> Experiment | None:
    """The experiment `--off` asks for (None without it), or one sentence why not."""
    if not specs:
        return None
    from digitpad.core.experiments.maps_off import MapsOffError, parse_maps_off

    experiment = parse_maps_off(specs, predictor.layers)
    if predictor.uses_keras:
        raise MapsOffError(
            _(
                "This model holds a layer only Keras computes, and digitpad switches maps off "
                "only in its own NumPy pass."
            )
        )
    return experiment
