"""The digit-or-not judgement and the confidence shown: scoring, format, fitting."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from scipy.special import logsumexp
from scipy.stats import multivariate_normal

from digitpad.core.inference.judgement import (
    BASELINE_THRESHOLD,
    DOUBT_AT_MOST,
    JUDGE_BASELINE,
    JUDGE_GAUSSIAN,
    REJECTED_AT_MOST,
    SHOWN_AT_MOST,
    Judge,
)
from digitpad.core.inference.judgement_stats import (
    FORMAT,
    LEGACY_FORMAT,
    Calibration,
    JudgementStats,
    StatsError,
)
from digitpad.core.progress import JudgementProgress
from digitpad.core.training.judgement_fit import (
    bundled_digits,
    fit_calibration,
    fit_judgement,
    non_digit_bank,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "judgement"


def factor(rng: np.random.Generator, dim: int) -> np.ndarray:
    """The lower Cholesky factor of a random precision."""
    a = rng.normal(size=(dim, dim))
    return np.linalg.cholesky(np.linalg.inv(a @ a.T + dim * np.eye(dim)))


def random_stats(
    blocks: tuple[int, ...] = (4, 2, 3), seed: int = 0, threshold: float = -1.0, doubt: float = 2.0
) -> JudgementStats:
    """Statistics of a vector with an activations block and map blocks, as the fit makes
    them: a centre, one scale per block, factors of positive definite precisions."""
    rng = np.random.default_rng(seed)
    dim = sum(blocks)
    codes = np.array([(0 if i == 0 else 1, b) for i, b in enumerate(blocks)])
    scale = np.repeat(rng.uniform(0.5, 2.0, len(blocks)), blocks)
    return JudgementStats(
        codes,
        rng.normal(size=dim),
        scale,
        rng.normal(size=(10, dim)),
        factor(rng, dim),
        rng.normal(size=dim),
        factor(rng, dim),
        threshold,
        doubt,
        Calibration(0.5, 0.2),
    )


def test_statistics_survive_bytes() -> None:
    stats = random_stats()
    back = JudgementStats.from_bytes(stats.to_bytes())
    assert back.format == FORMAT
    for name in ("codes", "centre", "scale", "digit_means", "digit_factor", "other_factor"):
        np.testing.assert_array_equal(getattr(back, name), getattr(stats, name))
    assert (back.threshold, back.doubt, back.calibration) == (-1.0, 2.0, Calibration(0.5, 0.2))


def test_the_old_form_still_reads_and_scores_as_it_did() -> None:
    """Format 1 (before issue 27; the bundled model's own statistics then): its symmetric
    precisions become factors, its offset is the one derived from them, and its score is
    the old formula on the 128 activations alone, recomputed here from the stored arrays."""
    data = (FIXTURES / "format-1.npz").read_bytes()
    stats = JudgementStats.from_bytes(data)
    assert stats.format == LEGACY_FORMAT and stats.codes.tolist() == [[0, 128]]
    assert stats.doubt == stats.threshold  # no doubt band in the old form
    with np.load(FIXTURES / "format-1.npz") as old:
        offset, threshold, slope, intercept = old["scalars"]
        assert stats.offset == pytest.approx(offset, abs=1e-6)
        assert (stats.threshold, stats.calibration) == (threshold, Calibration(slope, intercept))
        f = np.random.default_rng(1).gamma(1.0, 1.0, size=(30, 128))
        digit = np.stack([np.einsum("ni,ij,nj->n", f - m, old["digit_precision"], f - m)
                          for m in old["digit_means"]], axis=1)  # fmt: skip
        away = f - old["other_mean"]
        other = np.einsum("ni,ij,nj->n", away, old["other_precision"], away)
        want = logsumexp(-0.5 * digit, axis=1) + 0.5 * other + offset
    with_maps = np.hstack([f, np.full((30, 224), 7.0)])  # a new network's vector: maps ignored
    np.testing.assert_allclose(Judge(stats).scores(with_maps, np.full((30, 10), 0.1)), want)


def test_score_is_the_log_likelihood_ratio() -> None:
    """Recomputed with SciPy's Gaussian densities on the scaled vector (map statistics as
    signed square roots, centred, one scale per block): ten equally likely digit classes
    sharing one covariance against the non-digit Gaussian."""
    stats = random_stats()
    judge = Judge(stats)
    f = np.random.default_rng(1).normal(size=(20, 9)) * 3
    z = f.copy()
    z[:, 4:] = np.sign(z[:, 4:]) * np.sqrt(np.abs(z[:, 4:]))
    z = (z - stats.centre) * stats.scale
    digit_cov = np.linalg.inv(stats.digit_factor @ stats.digit_factor.T)
    other_cov = np.linalg.inv(stats.other_factor @ stats.other_factor.T)
    digit = logsumexp(
        [multivariate_normal(m, digit_cov).logpdf(z) for m in stats.digit_means], axis=0
    ) - np.log(10)
    other = multivariate_normal(stats.other_mean, other_cov).logpdf(z)
    np.testing.assert_allclose(judge.scores(f, np.full((20, 10), 0.1)), digit - other, rtol=1e-9)


def test_one_drawing_is_judged_as_in_a_batch() -> None:
    """`verdict` (one drawing, float32, its own shorter arithmetic) gives the batch path's
    score to float32 rounding, and the same verdict and confidence."""
    rng = np.random.default_rng(4)
    for stats in (random_stats(seed=3), random_stats((128, 32, 64, 64, 64), seed=5)):
        judge = Judge(stats)
        dim = stats.feature_size
        features = np.abs(rng.normal(size=(40, dim))).astype(np.float32)
        probabilities = rng.dirichlet(np.full(10, 0.3), size=40).astype(np.float32)
        scores = judge.scores(features, probabilities)
        confidence = judge.confidence(probabilities.max(axis=1), scores)
        spread = float(np.ptp(scores))
        for i in range(40):
            verdict = judge.verdict(features[i], probabilities[i])
            assert verdict.score == pytest.approx(float(scores[i]), abs=1e-5 * spread)
            if abs(scores[i] - judge.threshold) > 1e-4 * spread:
                assert verdict.is_digit == (scores[i] >= judge.threshold)
                assert verdict.confidence == pytest.approx(float(confidence[i]), rel=1e-9)


def test_the_confidence_shown_is_held_below_what_the_judgement_allows() -> None:
    """Platt's confidence, at most 50 % below the threshold, at most 90 % in the doubt band
    (flagged), never above 99 %: whatever the softmax says."""
    judge = Judge(random_stats(threshold=-1.0, doubt=2.0))
    judge._score_one = lambda f: float(f[0])  # type: ignore[method-assign]  # scores chosen
    sure = np.eye(10)[3] * 0.99999 + 1e-6
    for score, at_most, doubtful in [(-3.0, REJECTED_AT_MOST, False), (0.5, DOUBT_AT_MOST, True),
                                     (5.0, SHOWN_AT_MOST, False)]:  # fmt: skip
        verdict = judge.verdict(np.full(9, score), sure)
        assert verdict.confidence == pytest.approx(at_most)  # the softmax asks for more
        assert verdict.doubtful is doubtful and verdict.is_digit is (score >= -1.0)
    unsure = np.full(10, 0.1)
    unsure[2] = 0.2
    low = judge.verdict(np.full(9, 5.0), unsure).confidence
    assert low == pytest.approx(judge.calibration.one(0.2)) and low < DOUBT_AT_MOST
    scores = np.array([-3.0, 0.5, 5.0, 5.0])
    top = np.array([sure.max(), sure.max(), sure.max(), 0.2])
    np.testing.assert_allclose(judge.confidence(top, scores), [0.5, 0.9, 0.99, low])


@pytest.mark.parametrize("calibration", [Calibration(), Calibration(0.5, -0.2), Calibration(0, 2)])
def test_confidence_is_monotone_and_a_probability(calibration: Calibration) -> None:
    extremes = [0.0, 1e-12, 1e-7, 0.5, 1 - 1e-7, 1 - 1e-9, 1.0]
    top = np.sort(np.concatenate([extremes, np.random.default_rng(2).random(999)]))
    confidence = calibration(top)
    assert np.all(np.diff(confidence) >= 0)
    assert np.all((confidence >= 0) & (confidence <= 1))


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


def test_bundled_fitting_sets() -> None:
    """The non-digit bank and the redrawn digits ship with digitpad: framed 28×28 uint8."""
    bank = non_digit_bank()
    assert bank.dtype == np.uint8 and bank.shape == (8500, 28, 28)
    assert bank.reshape(len(bank), -1).max(axis=1).min() > 0  # every one framed, with ink
    digits = bundled_digits()
    assert digits.images.shape == (4000, 28, 28) and set(digits.labels.tolist()) == set(range(10))
    for held, smooth in itertools.product((False, True), repeat=2):
        assert np.sum((digits.held == held) & (digits.smooth == smooth)) == 1000


def test_statistics_beyond_sane_bounds_are_refused() -> None:
    """Each number finite, yet so large that the live float32 arithmetic could overflow (a
    fit's scales and factors are about 0.1–100): refused, the model judged by its top bar."""
    stats = random_stats()
    huge = JudgementStats(
        stats.codes,
        stats.centre,
        stats.scale * 1e7,
        stats.digit_means,
        stats.digit_factor,
        stats.other_mean,
        stats.other_factor,
        -1.0,
        2.0,
        Calibration(),
    )
    with pytest.raises(StatsError):
        JudgementStats.from_bytes(huge.to_bytes())
    assert Judge.from_bytes(huge.to_bytes()).name == JUDGE_BASELINE


# The fitted judgement on the course's network ----------------------------------------------


def test_fitted_statistics(fixture_judgement: JudgementStats) -> None:
    stats = fixture_judgement
    assert stats.codes.tolist() == [[0, 128], [1, 32], [1, 64], [2, 64], [1, 64]]
    assert stats.calibration.slope > 0 and stats.threshold < stats.doubt
    back = JudgementStats.from_bytes(stats.to_bytes())
    assert (back.threshold, back.doubt) == (stats.threshold, stats.doubt)


def test_the_bundled_model_carries_statistics_of_the_new_form(bundled_predictor) -> None:
    stats = bundled_predictor.judge.stats
    assert stats is not None and stats.format == FORMAT and stats.feature_size == 352
    assert (
        bundled_predictor.judge.name == JUDGE_GAUSSIAN and bundled_predictor.judge_problem is None
    )


def test_accepts_mnist_test_digits(judged_predictor, small_mnist) -> None:
    assessment = judged_predictor.assess(small_mnist.x_test / 255.0)
    # Fitted to keep 99 % of held-out digits; 300 test digits leave room for chance.
    assert assessment.is_digit.mean() >= 0.98
    assert judged_predictor.judge.name == JUDGE_GAUSSIAN


def test_accepts_mouse_style_digits(judged_predictor, small_mnist) -> None:
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=100, seed=5)
    kept = [judged_predictor.predict(d.image).is_digit for d in drawings]
    assert np.mean(kept) >= 0.95  # 99 % of held-out redrawings; 100 leave room for chance


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
    """Among drawings the judgement accepts without doubt, the confidence shown never falls
    as the softmax rises."""
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=60, seed=9)
    predictions = [judged_predictor.predict(d.image) for d in drawings]
    plain = sorted((p for p in predictions if p.is_digit and not p.doubtful),
                   key=lambda p: p.top_probability)  # fmt: skip
    assert len(plain) >= 40
    confidences = [p.confidence for p in plain]
    assert all(0 <= c <= SHOWN_AT_MOST for c in confidences)
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
