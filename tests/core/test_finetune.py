"""Fine-tuning on a consistently different handwriting: better on it, MNIST kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digitpad.cli import main
from digitpad.core.configs import FinetuneConfig
from digitpad.core.data.sample_archive import export_samples
from digitpad.core.data.samples import Sample, SampleStore
from digitpad.core.models.store import load_default_model, read_metadata
from digitpad.core.training.finetune import finetune, split_samples


@pytest.fixture
def personal(tilted_handwriting) -> list[Sample]:
    return tilted_handwriting


def test_split_holds_out_per_digit(personal: list[Sample]) -> None:
    train, held = split_samples(personal, 0.25, seed=0)
    assert len(train) + len(held) == 200 and 40 <= len(held) <= 60
    assert {s.label for s in held} == set(range(10))
    assert not {s.id for s in train} & {s.id for s in held}


def test_learns_the_handwriting_and_keeps_mnist(personal: list[Sample], small_mnist) -> None:
    model, _ = load_default_model()
    before_weights = [w.copy() for w in model.get_weights()]
    result = finetune(model, personal, small_mnist, FinetuneConfig(epochs=3))
    assert not result.cancelled and result.held_out > 0
    assert result.personal_after >= result.personal_before + 0.08
    assert result.mnist_after >= result.mnist_before - 0.01  # 300 images: 1 % is 3 of them
    for a, b in zip(before_weights, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the model in use is not touched


def test_cancel(personal: list[Sample], small_mnist) -> None:
    model, _ = load_default_model()
    result = finetune(model, personal, small_mnist, should_stop=lambda: True)
    assert result.cancelled and result.model is None


def test_cli_from_an_exported_archive(personal, capsys, mnist_dir: Path, tmp_path: Path) -> None:
    store = SampleStore(tmp_path / "samples")
    for sample in personal[:60]:
        store.save(sample)
    archive = tmp_path / "mine.zip"
    export_samples(store, archive)
    out_path = tmp_path / "tuned.keras"
    code = main(
        [
            "finetune",
            "--samples",
            str(archive),
            "--epochs",
            "1",
            "--data",
            str(mnist_dir),
            "--out",
            str(out_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "MNIST test accuracy:" in out
    assert "of your samples were held out: too few" in out  # 15 for 10 digits
    assert out_path.is_file() and read_metadata(out_path)["personal_samples"] == 60


def test_cli_without_samples(capsys, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["finetune", "--samples", str(tmp_path / "empty")]) == 2
    assert "no usable samples" in capsys.readouterr().err
