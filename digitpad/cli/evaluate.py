"""`digitpad evaluate`: a model's test-set loss and accuracy (and confusion matrix, mistakes)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from digitpad.cli.parser import AddCommand, data_help, model_help, model_path
from digitpad.core.i18n import _, ngettext, percent


def add_parser(add_command: AddCommand) -> None:
    parser = add_command("evaluate", help=_("test-set loss and accuracy of a model"))
    parser.add_argument("--model", type=model_path, help=model_help())
    parser.add_argument("--data", type=Path, help=data_help())
    parser.add_argument("--json", action="store_true", help=_("print one JSON object"))
    parser.add_argument(
        "--confusion", action="store_true", help=_("also print the confusion matrix")
    )
    parser.add_argument(
        "--mistakes",
        type=Path,
        metavar="DIR",
        help=_("write the misclassified test images as PNGs into DIR"),
    )


def run(args: argparse.Namespace) -> int:
    from digitpad.cli import EXIT_OK, import_keras, note
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.files import shown
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.models import choices
    from digitpad.core.training.evaluation import (
        check_mistakes_folder,
        evaluate_test_set,
        format_confusion,
        write_mistakes,
    )

    if args.mistakes:
        check_mistakes_folder(args.mistakes)  # before the work, not after it
    predictor = Predictor.load(args.model, before_keras=import_keras)
    if (said := predictor.judge_note()) is not None:  # statistics it cannot use, said once
        note(said)
    data = load_mnist(args.data if args.data is not None else choices.data_source())
    if args.data is not None:  # read fine: the next command and the window use it, as after train
        choices.remember_data(local=True, path=args.data)
    for message in data.notes:
        note(message)
    result = evaluate_test_set(predictor, data)
    assert result is not None  # nothing asks it to stop
    written = write_mistakes(result, data.x_test, args.mistakes) if args.mistakes else []
    if args.json:
        record: dict[str, object] = {
            "model": str(predictor.path),
            "samples": len(data.y_test),
            "loss": result.loss,
            "accuracy": result.accuracy,
            # share of the test digits the judgement calls "not a digit"
            "rejected_as_not_digit": result.rejected,
            "judge": predictor.judge.name,
        }
        if args.confusion:
            record["confusion"] = result.confusion.tolist()
        if args.mistakes:
            record["mistakes_written"] = len(written)
        print(json.dumps(record))
        return EXIT_OK
    print(_("Model: {path}").format(path=shown(predictor.path or "")))
    print(_("Test loss: {loss:.4f}").format(loss=result.loss))
    print(_("Test accuracy: {accuracy:.4f}").format(accuracy=result.accuracy))
    if result.rejected is not None:
        print(
            _("Test digits judged not a digit: {percent}").format(
                percent=percent(result.rejected, 2)
            )
        )
    if args.confusion:
        print(_("Confusion matrix (rows: true digit, columns: predicted):"))
        print(format_confusion(result.confusion))
    if args.mistakes:
        print(
            ngettext(
                "Wrote {count} misclassified image to {folder}",
                "Wrote {count} misclassified images to {folder}",
                len(written),
            ).format(count=len(written), folder=shown(args.mistakes))
        )
    return EXIT_OK
