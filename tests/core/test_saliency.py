"""Which pixels decided it: the traced gradients checked against forward passes only."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from digitpad.core.inference.predictor import Predictor
from digitpad.core.inference.saliency import top_two
from digitpad.core.lesson.steps import build_lesson


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


@pytest.fixture(scope="module")
def digit(small_mnist) -> np.ndarray:
    return (small_mnist.x_test[1] / 255.0).astype(np.float32)


def logits_by_forward_pass(model, images: np.ndarray) -> np.ndarray:
    """z = (the output layer's input) × W + b, with Keras and NumPy only: no gradients."""
    last = model.layers[-1]
    body = keras.Model(model.inputs[0], last.input)
    kernel, bias = last.get_weights()
    hidden = np.asarray(body(images.reshape(-1, 28, 28, 1), training=False), dtype=np.float64)
    return hidden @ kernel + bias


def test_shares_add_up_like_erasing_ink(predictor: Predictor, digit: np.ndarray) -> None:
    inspection = predictor.inspect(digit, saliency=True)
    saliency = inspection.saliency
    assert saliency is not None and saliency.from_logits
    assert saliency.digits == top_two(inspection.prediction.probabilities)
    assert saliency.digits[0] == inspection.prediction.digit
    # In a ReLU network z is linear near x: z(x) − z((1−ε)x) = ε × (sum of the shares).
    eps = 1e-3
    z = logits_by_forward_pass(predictor.keras_model(), np.stack([digit, (1 - eps) * digit]))
    np.testing.assert_allclose(saliency.logits, z[0], atol=1e-4)
    for i, d in enumerate(saliency.digits):
        by_difference = (z[0, d] - z[1, d]) / eps
        assert saliency.shares[i].sum() == pytest.approx(by_difference, rel=0.02, abs=0.02)
    gap = saliency.contrast.sum()
    measured = (
        (z[0, saliency.digits[0]] - z[0, saliency.digits[1]])
        - (z[1, saliency.digits[0]] - z[1, saliency.digits[1]])
    ) / eps
    assert gap == pytest.approx(measured, rel=0.02, abs=0.02)
    assert saliency.logit_gap() == pytest.approx(
        z[0, saliency.digits[0]] - z[0, saliency.digits[1]], abs=1e-4
    )


def test_single_pixels_match_finite_differences(predictor: Predictor, digit: np.ndarray) -> None:
    saliency = predictor.inspect(digit, saliency=True).saliency
    assert saliency is not None
    ink = np.argwhere(digit > 0.5)[:: max(1, len(np.argwhere(digit > 0.5)) // 6)][:6]
    h = 1e-2
    images = [digit]
    for r, c in ink:
        moved = digit.copy()
        moved[r, c] += h
        images.append(moved)
    z = logits_by_forward_pass(predictor.keras_model(), np.stack(images))
    d = saliency.digits[0]
    for j, (r, c) in enumerate(ink, 1):
        assert saliency.gradients[0, r, c] == pytest.approx((z[j, d] - z[0, d]) / h, abs=0.05)


def test_blank_paper_has_no_share(predictor: Predictor, digit: np.ndarray) -> None:
    saliency = predictor.inspect(digit, saliency=True).saliency
    assert saliency is not None
    assert not saliency.shares[:, digit == 0].any()
    assert saliency.maps().shape == (28, 28, 3)
    sizes = np.abs(saliency.maps())
    inked = sizes[sizes > 0]
    assert 0 < saliency.scale() <= inked.max()
    assert np.mean(inked <= saliency.scale()) >= 0.98  # the colour scale covers nearly all


def test_the_lesson_and_the_saliency_agree_on_the_logits(
    predictor: Predictor, digit: np.ndarray
) -> None:
    lesson = build_lesson(predictor.inspect(digit, saliency=True))
    assert lesson.saliency is not None
    soft = lesson.steps[-1].worked
    np.testing.assert_allclose(lesson.saliency.logits, soft.logits, atol=1e-4)  # type: ignore[union-attr]
    assert lesson.saliency_sentences()


def test_an_output_without_a_dense_softmax_uses_log_probabilities(digit: np.ndarray) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10),
            keras.layers.Softmax(),
        ]
    )
    inspection = Predictor.from_keras(model).inspect(digit, saliency=True)
    saliency = inspection.saliency
    assert saliency is not None and not saliency.from_logits
    # log p differences are logit differences: the contrast is still exact.
    kernel = model.layers[1].get_weights()[0]
    first, second = saliency.digits
    gradient = (kernel[:, first] - kernel[:, second]).reshape(28, 28)
    np.testing.assert_allclose(saliency.gradients[0] - saliency.gradients[1], gradient, atol=1e-4)
