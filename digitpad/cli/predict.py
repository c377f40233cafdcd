"""`digitpad predict`: the digit in each image file, one line (or JSON object) per file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from digitpad.cli.parser import AddCommand, model_help, model_path
from digitpad.core.i18n import _


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("predict", help=_("recognize the digit in image files"))
    parser.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    parser.add_argument("--model", type=model_path, help=model_help())
    parser.add_argument("--json", action="store_true", help=_("one JSON object per line"))


def run(args: argparse.Namespace) -> int:
    """Print one line per image; 0, or 1 if any file could not be read."""
    import numpy as np

    from digitpad.cli import EXIT_OK, EXIT_SOME_FAILED, error, import_keras, note
    from digitpad.cli.reading import reading
    from digitpad.core.files import json_name, shown
    from digitpad.core.inference.predict_files import predict_files
    from digitpad.core.inference.predictor import Predictor

    # A bad model fails before any work is done.
    predictor = Predictor.load(args.model, before_keras=import_keras)
    if (said := predictor.judge_note()) is not None:  # statistics it cannot use, said once
        note(said)
    if not args.json:  # which model answered (--json: each line's "model")
        print(_("Model: {path}").format(path=shown(predictor.path or "")), flush=True)
    failed = False
    for result in predict_files(args.images, predictor):
        if result.error is not None:
            error(result.error)
            failed = True
            continue
        p = result.probabilities
        if p is not None and not np.isfinite(p).all():  # never printed as "nan%" or NaN in JSON
            error(_("{path}: the model gave no usable answer.").format(path=shown(result.path)))
            failed = True
            continue
        if args.json:
            confidence = result.confidence
            record = {
                "file": json_name(result.path),  # valid UTF-8 whatever bytes the name holds
                "model": json_name(predictor.path) if predictor.path is not None else None,
                "digit": result.digit,  # the most likely digit; null only for a blank image
                "is_digit": result.is_digit,  # the judgement; null for a blank image
                # the calibrated probability that "digit" is right
                "confidence": None if confidence is None else round(confidence, 6),
                "judge": predictor.judge.name,
                "probabilities": None if p is None else [round(float(v), 6) for v in p],
            }
            print(json.dumps(record, allow_nan=False))
        elif p is None:
            print(_("{path}: no digit").format(path=shown(result.path)))
        else:
            said = reading(
                shown(result.path),
                result.digit or 0,
                bool(result.is_digit),
                result.confidence or 0.0,
                result.top_probability or 0.0,
            )
            print(said)
        sys.stdout.flush()
    return EXIT_SOME_FAILED if failed else EXIT_OK
