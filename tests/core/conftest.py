"""Core tests: the benchmarks' generators on the path, one judgement fitted on the fixture."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Non-digit marks are drawn by benchmarks/synthetic.py (benchmark and test code, not shipped).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))


@pytest.fixture(scope="session")
def bundled_predictor():
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path

    return Predictor.load(bundled_model_path())


@pytest.fixture(scope="session")
def fixture_judgement(bundled_predictor, small_mnist):
    """The bundled network's judgement statistics, fitted on the 1,000-image fixture."""
    from digitpad.core.training.judgement_fit import fit_judgement

    stats = fit_judgement(bundled_predictor.keras_model(), small_mnist)  # Keras: as training does
    assert stats is not None
    return stats


@pytest.fixture(scope="session")
def judged_predictor(bundled_predictor, fixture_judgement):
    from digitpad.core.inference.predictor import Predictor

    return Predictor(
        bundled_predictor.runtime,
        bundled_predictor.path,
        fixture_judgement,
        model_file=bundled_predictor.model_file,
    )
