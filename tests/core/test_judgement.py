"""The digit-or-not judgement and the calibrated confidence."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

from digitpad.core.inference.judgement import (
    BASELINE_THRESHOLD,
    JUDGE_BASELINE,
    JUDGE_GAUSSIAN,
    Calibration,
    Judge,
    JudgementStats,
)
from digitpad.core.progress import JudgementProgress
from digitpad.core.training.judgement_fit import (
    fit_calibration,
    fit_judgement,
    non_digit_bank,
)


def random_stats(dim: int = 6, seed: int = 0) -> JudgementStats:
    rng = np.random.default_rng(seed)

    def precision() -> np.ndarray:
        a = rng.normal(size=(dim, dim))
        return np.linalg.inv(a @ a.T + dim * np.eye(dim))

    return JudgementStats(
        rng.normal(size=(10, dim)),
        precision(),
        rng.normal(size=dim),
        precision(),
        0.7,
        -1.0,
        Calibration(0.5, 0.2),
    )


def test_statistics_survive_bytes() -> None:
    stats = random_stats()
    back = JudgementStats.from_bytes(stats.to_bytes())
    np.testing.assert_array_equal(back.digit_means, stats.digit_means)
    np.testing.assert_array_equal(back.other_precision, stats.other_precision)
    assert (back.offset, back.threshold, back.calibration) == (0.7, -1.0, Calibration(0.5, 0.2))


@pytest.mark.parametrize(
    "data", [b"", b"not a zip", b"PK\x03\x04garbage", random_stats().to_bytes()[:-40]]
)
def test_damaged_statistics_fall_back_to_the_baseline(data: bytes) -> None:
    with pytest.raises(ValueError):
        JudgementStats.from_bytes(data)
    assert Judge.from_bytes(data).name == JUDGE_BASELINE


def test_statistics_that_do_not_fit_together_are_refused() -> None:
    import io

    stats = random_stats()
    buffer = io.BytesIO()
    np.savez(
        buffer,
        format=np.array(1),
        digit_means=stats.digit_means,
        digit_precision=stats.digit_precision[:3, :3],
        other_mean=stats.other_mean,
        other_precision=stats.other_precision,
        scalars=np.zeros(4),
    )
    with pytest.raises(ValueError):
        JudgementStats.from_bytes(buffer.getvalue())
    not_positive = JudgementStats(
        stats.digit_means,
        -np.eye(6),
        stats.other_mean,
        stats.other_precision,
        0.0,
        0.0,
        Calibration(),
    )
    assert Judge.from_bytes(not_positive.to_bytes()).name == JUDGE_BASELINE


def test_score_is_the_log_likelihood_ratio() -> None:
    """Recomputed with SciPy's Gaussian densities: a mixture of ten equally likely digit
    classes sharing one covariance against the non-digit Gaussian."""
    from digitpad.core.inference.judgement import log_density_offset

    stats = random_stats()

    digit_cov = np.linalg.inv(stats.digit_precision)
    other_cov = np.linalg.inv(stats.other_precision)
    stats = JudgementStats(
        stats.digit_means,
        stats.digit_precision,
        stats.other_mean,
        stats.other_precision,
        log_density_offset(digit_cov, other_cov),
        0.0,
        Calibration(),
    )
    judge = Judge(stats)
    f = np.random.default_rng(1).normal(size=(20, 6)) * 3
    digit = logsumexp(
        [multivariate_normal(m, digit_cov).logpdf(f) for m in stats.digit_means], axis=0
    ) - np.log(10)
    other = multivariate_normal(stats.other_mean, other_cov).logpdf(f)
    np.testing.assert_allclose(judge.scores(f, np.full((20, 10), 0.1)), digit - other, rtol=1e-9)


@pytest.mark.parametrize("calibration", [Calibration(), Calibration(0.5, -0.2), Calibration(0, 2)])
def test_confidence_is_monotone_and_a_probability(calibration: Calibration) -> None:
    extremes = [0.0, 1e-12, 1e-7, 0.5, 1 - 1e-7, 1 - 1e-9, 1.0]
    top = np.sort(np.concatenate([extremes, np.random.default_rng(2).random(999)]))
    confidence = calibration(top)
    assert np.all(np.diff(confidence) >= 0)
    assert np.all((confidence >= 0) & (confidence <= 1))


def test_one_drawing_is_judged_as_in_a_batch() -> None:
    """`verdict` (one drawing, its own shorter arithmetic) gives the batch path's score,
    verdict and calibrated confidence."""
    rng = np.random.default_rng(4)
    for judge in (
        Judge(random_stats(dim=6, seed=3)),
        Judge(random_stats(dim=128, seed=5)),
        Judge(),
    ):
        dim = judge.feature_size or 6
        features = rng.normal(size=(40, dim)) * rng.uniform(0.1, 30, size=(40, 1))
        probabilities = rng.dirichlet(np.full(10, 0.3), size=40).astype(np.float32)
        scores = judge.scores(features, probabilities)
        confidence = judge.calibration(probabilities.max(axis=1))
        for i in range(40):
            verdict = judge.verdict(features[i].astype(np.float32), probabilities[i])
            want = judge.scores(features[i : i + 1].astype(np.float32), probabilities[i : i + 1])
            assert verdict.score == pytest.approx(float(want[0]), rel=1e-9, abs=1e-7)
            assert verdict.score == pytest.approx(float(scores[i]), rel=1e-5, abs=1e-4)
            assert verdict.is_digit == (float(want[0]) >= judge.threshold)
            assert verdict.confidence == pytest.approx(float(confidence[i]), rel=1e-12)


@pytest.mark.parametrize("calibration", [Calibration(), Calibration(0.5, -0.2), Calibration(3, 2)])
def test_one_confidence_in_plain_floats_is_the_array_one(calibration: Calibration) -> None:
    top = [0.0, 1e-12, 1e-7, 0.1, 0.5, 0.93, 1 - 1e-7, 1 - 1e-9, 1.0]
    np.testing.assert_allclose([calibration.one(p) for p in top], calibration(top), rtol=1e-12)


def test_identity_calibration_is_the_softmax() -> None:
    top = np.linspace(0.1, 0.99, 50)
    np.testing.assert_allclose(Calibration()(top), top, rtol=1e-9)


def test_calibration_recovers_a_known_relation() -> None:
    """Digits right with probability sigmoid(0.5·logit(p) − 0.3): Platt scaling finds it."""
    rng = np.random.default_rng(3)
    logits = rng.normal(2.0, 2.5, size=40000)
    top = 1 / (1 + np.exp(-logits))
    right = rng.random(len(top)) < 1 / (1 + np.exp(-(0.5 * logits - 0.3)))
    probabilities = np.zeros((len(top), 10))
    probabilities[:, 0] = top
    probabilities[:, 1] = 1 - top  # top stays the largest only when over 0.5 ...
    keep = top > 0.5
    labels = np.where(right, 0, 1)[keep]
    fitted = fit_calibration([probabilities[keep]], [labels])
    assert fitted.slope == pytest.approx(0.5, abs=0.05)
    assert fitted.intercept == pytest.approx(-0.3, abs=0.1)


def test_calibration_of_a_model_that_is_always_right_stays_finite() -> None:
    p = np.tile(np.eye(10)[0] * 0.9 + 0.01, (100, 1))
    fitted = fit_calibration([p], [np.zeros(100, dtype=int)])
    assert np.isfinite([fitted.slope, fitted.intercept]).all() and fitted.slope >= 0


def test_baseline_judge_reads_the_largest_softmax_value() -> None:
    judge = Judge(None)
    sure = np.eye(10)[3] * 0.9 + 0.01
    unsure = np.full(10, 0.1)
    assert judge.verdict(None, sure).is_digit and judge.verdict(None, sure).judge == JUDGE_BASELINE
    assert not judge.verdict(np.zeros(128), unsure).is_digit
    assert judge.verdict(None, sure).confidence == pytest.approx(0.91)
    assert judge.threshold == BASELINE_THRESHOLD


def test_bank_of_non_digit_marks() -> None:
    bank = non_digit_bank()
    assert bank.dtype == np.uint8 and bank.shape[1:] == (28, 28) and len(bank) > 2000
    assert bank.reshape(len(bank), -1).max(axis=1).min() == 255  # every mark framed, with ink


# The fitted judgement on the course's network ----------------------------------------------


def test_fitted_statistics(fixture_judgement: JudgementStats) -> None:
    stats = fixture_judgement
    assert stats.feature_size == 128
    assert stats.calibration.slope > 0
    back = JudgementStats.from_bytes(stats.to_bytes())
    assert back.threshold == stats.threshold


def test_accepts_mnist_test_digits(judged_predictor, small_mnist) -> None:
    assessment = judged_predictor.assess(small_mnist.x_test / 255.0)
    # Fitted to keep 98 % of held-out digits; 300 test digits leave room for chance.
    assert assessment.is_digit.mean() >= 0.97
    assert judged_predictor.judge.name == JUDGE_GAUSSIAN


def test_accepts_mouse_style_digits(judged_predictor, small_mnist) -> None:
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=100, seed=5)
    kept = [judged_predictor.predict(d.image).is_digit for d in drawings]
    assert np.mean(kept) >= 0.93  # 98 % of held-out redrawings; 100 leave room for chance


def test_turns_away_dots_lines_crosses_and_scribbles(judged_predictor) -> None:
    import synthetic

    turned_away = {}
    for category in ("dot", "dash", "cross", "scribble"):
        marks = synthetic.make_marks(30, synthetic.EVAL_SEED, "eval", [category])
        predictions = [judged_predictor.predict(m.image) for m in marks]
        turned_away[category] = np.mean([p is None or not p.is_digit for p in predictions])
    assert np.mean(list(turned_away.values())) >= 0.8, turned_away
    assert min(turned_away.values()) >= 0.6, turned_away


def test_max_softmax_alone_lets_them_through(bundled_predictor) -> None:
    """Why the judgement exists: the baseline names a digit for most crosses."""
    import synthetic

    baseline = type(bundled_predictor)(bundled_predictor.runtime, None, None)
    marks = synthetic.make_marks(30, synthetic.EVAL_SEED, "eval", ["cross"])
    predictions = [baseline.predict(m.image) for m in marks]
    assert np.mean([p.is_digit for p in predictions]) > 0.5


def test_confidence_is_monotone_in_the_softmax_for_the_model(judged_predictor, small_mnist):
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=60, seed=9)
    predictions = [judged_predictor.predict(d.image) for d in drawings]
    predictions.sort(key=lambda p: p.top_probability)
    confidences = [p.confidence for p in predictions]
    assert all(0 <= c <= 1 for c in confidences)
    assert all(a <= b for a, b in itertools.pairwise(confidences))


def test_fitting_reports_progress_and_stops(bundled_predictor, small_mnist) -> None:
    events: list[JudgementProgress] = []
    result = fit_judgement(
        bundled_predictor.keras_model(),
        small_mnist.subset(300, 10),
        progress=events.append,
        should_stop=lambda: len(events) > 3,
    )
    assert result is None
    assert 0 < len(events) <= 5
    assert all(e.total == events[0].total and e.done <= e.total for e in events)


def test_a_model_without_a_dense_output_is_judged_by_the_baseline(small_mnist) -> None:
    import keras

    from digitpad.core.inference.predictor import Predictor

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(10, 28),
            keras.layers.Flatten(),
            keras.layers.Softmax(),
        ]
    )
    assert fit_judgement(model, small_mnist.subset(50, 10)) is None
    prediction = Predictor.from_keras(model).predict_framed(small_mnist.x_test[0] / 255.0)
    assert prediction.judge == JUDGE_BASELINE
    assert prediction.confidence == pytest.approx(prediction.top_probability, rel=1e-6)
