"""Test-set evaluation: confusion matrix, mistakes, cancel, and the CLI flags."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from digitpad.cli import main
from digitpad.core.inference.predictor import Predictor
from digitpad.core.training.evaluation import Evaluation, evaluate_test_set, format_confusion


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


def test_confusion_matrix_agrees_with_accuracy(predictor: Predictor, small_mnist) -> None:
    steps: list[tuple[int, int]] = []
    result = evaluate_test_set(
        predictor, small_mnist, progress=lambda e: steps.append((e.done, e.total))
    )
    matrix = result.confusion
    assert matrix.shape == (10, 10) and matrix.sum() == len(small_mnist.y_test)
    assert np.trace(matrix) / matrix.sum() == pytest.approx(result.accuracy)
    assert (matrix.sum(axis=1) == np.bincount(small_mnist.y_test, minlength=10)).all()
    assert steps[-1] == (300, 300)


def test_mistakes_are_sorted_and_filterable() -> None:
    probabilities = np.full((4, 10), 0.01, np.float32)
    probabilities[0, 3] = 0.91  # label 3, right
    probabilities[1, 5] = 0.91  # label 3, wrong: 5 at 0.91
    probabilities[2, 5] = 0.60  # label 3, wrong: 5 at 0.60
    probabilities[3, 2] = 0.80  # label 7, wrong: 2 at 0.80
    result = Evaluation(probabilities, np.array([3, 3, 3, 7]))
    assert [m.index for m in result.mistakes()] == [1, 3, 2]
    assert [m.index for m in result.mistakes(label=3, predicted=5)] == [1, 2]
    assert result.mistakes(label=7)[0].predicted == 2
    assert result.confusion[3, 5] == 2 and result.accuracy == 0.25


def test_cancel_stops_between_batches(predictor: Predictor, small_mnist) -> None:
    from dataclasses import replace

    bigger = replace(
        small_mnist,
        x_test=np.tile(small_mnist.x_test, (4, 1, 1)),
        y_test=np.tile(small_mnist.y_test, 4),
    )  # 1,200 images: three batches
    seen: list[int] = []
    result = evaluate_test_set(
        predictor,
        bigger,
        progress=lambda event: seen.append(event.done),
        should_stop=lambda: len(seen) >= 1,
    )
    assert result is None and seen == [500]


def test_cli_confusion_and_mistakes(capsys, mnist_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mistakes"
    code = main(["evaluate", "--data", str(mnist_dir), "--confusion", "--mistakes", str(folder)])
    out = capsys.readouterr().out
    assert code == 0 and "Confusion matrix" in out and "true\\pred" in out
    written = sorted(folder.glob("*.png"))
    assert f"Wrote {len(written)} misclassified images" in out
    for path in written:
        _index, true, pred = path.stem.split("-")
        assert true.startswith("true") and pred.startswith("pred") and true[4:] != pred[4:]
    code = main(["evaluate", "--data", str(mnist_dir), "--json", "--confusion"])
    record = json.loads(capsys.readouterr().out)
    matrix = np.array(record["confusion"])
    assert matrix.sum() == 300 and np.trace(matrix) / 300 == pytest.approx(record["accuracy"])
    assert 300 - np.trace(matrix) == len(written)


def test_format_confusion_layout() -> None:
    text = format_confusion(np.eye(10, dtype=int) * 1000)
    lines = text.splitlines()
    assert len(lines) == 11 and lines[1].split()[:2] == ["0", "1,000"]
