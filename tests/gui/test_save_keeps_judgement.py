"""Model ▸ Save as… keeps the model's digit judgement with it."""

from __future__ import annotations

from pathlib import Path


def test_saving_the_model_in_use_keeps_its_judgement(tmp_path: Path) -> None:
    from digitpad.core.inference.judgement import JUDGE_GAUSSIAN
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.paths import bundled_model_path
    from digitpad.gui.backend import save_predictor_model

    predictor = Predictor.load(bundled_model_path())
    assert predictor.judge.name == JUDGE_GAUSSIAN
    saved = Predictor.load(save_predictor_model(predictor, tmp_path / "copy.keras"))
    assert saved.judge.name == JUDGE_GAUSSIAN
    assert saved.judge.threshold == predictor.judge.threshold
