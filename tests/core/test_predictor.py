"""The predictor on the bundled model: drawings, MNIST digits, its NumPy passes, threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.core.inference.predictor import Prediction, Predictor


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


def drawn(
    points: list[tuple[float, float]], *, size: int = 280, offset=(0, 0), scale=1.0, pen: int = 18
) -> Image.Image:
    """A dark-on-light pad with a round-pen polyline, as the app's canvas makes them."""
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    pts = [(offset[0] + x * scale, offset[1] + y * scale) for x, y in points]
    draw.line(pts, fill=0, width=pen, joint="curve")
    for x, y in (pts[0], pts[-1]):
        draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=0)
    return image


SEVEN = [(80, 60), (200, 60), (120, 230)]
ONE = [(140, 40), (140, 240)]
ZERO = [(140 + 60 * np.sin(t), 140 - 90 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]


def test_loads_the_bundled_model(predictor: Predictor) -> None:
    assert predictor.path is not None and predictor.path.name == "digitpad-cnn.keras"
    assert predictor.test_accuracy is not None and predictor.test_accuracy >= 0.993


@pytest.mark.parametrize(("points", "digit"), [(SEVEN, 7), (ONE, 1), (ZERO, 0)])
def test_recognizes_drawn_digits(predictor: Predictor, points, digit: int) -> None:
    result = predictor.predict(drawn(points))
    assert isinstance(result, Prediction)
    assert result.digit == digit
    assert result.probabilities.shape == (10,)
    assert result.probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert result.input.shape == (28, 28) and result.confidence > 0.5


def test_small_in_a_corner_reads_like_large_in_the_middle(predictor: Predictor) -> None:
    small = predictor.predict(drawn(SEVEN, size=400, offset=(5, 5), scale=0.35, pen=7))
    large = predictor.predict(drawn(SEVEN, size=400, offset=(40, 20), scale=1.3, pen=24))
    assert small.digit == large.digit == 7


def test_blank_pad_predicts_nothing(predictor: Predictor) -> None:
    assert predictor.predict(Image.new("L", (280, 280), 255)) is None


def test_mnist_test_digits(predictor: Predictor, small_mnist) -> None:
    probabilities = predictor.probabilities(small_mnist.x_test / 255.0)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == small_mnist.y_test))
    assert accuracy >= 0.98  # the bundled model scores over 99 % on the full test set


def test_single_and_batch_paths_agree(predictor: Predictor, small_mnist) -> None:
    x = small_mnist.x_test[:5] / 255.0
    batch = predictor.probabilities(x)
    single = np.stack([predictor.predict_framed(img.astype(np.float32)).probabilities for img in x])
    np.testing.assert_allclose(batch, single, atol=1e-5)


def test_the_model_file_runs_in_numpy(predictor: Predictor, small_mnist) -> None:
    """The bundled model needs no Keras: its live pass, its batch pass and the inside view's
    pass are NumPy from the file's own weights, and agree with each other."""
    from digitpad.core.inference.network import Network

    assert isinstance(predictor.runtime, Network) and not predictor.uses_keras
    assert predictor.fast is not None and predictor.model_file is not None
    x = small_mnist.x_test[:6] / 255.0
    features, batch = predictor.runtime.run(x)
    for i, image in enumerate(x.astype(np.float32)):
        live_features, live = predictor.fast(image)
        inspection = predictor.inspect(image)
        np.testing.assert_allclose(live, batch[i], atol=1e-6)
        np.testing.assert_allclose(inspection.layers[-1].values, batch[i], atol=1e-6)
        np.testing.assert_allclose(live_features, features[i], rtol=1e-5, atol=1e-5)


def test_single_drawing_path_matches_the_traced_keras_pass(
    predictor: Predictor, small_mnist
) -> None:
    """The live path (NumPy from the model's weights) gives Keras' traced pass's numbers: the
    probabilities and activations of a model Keras reads, and the whole vector of the pass the
    judgement is fitted with after training (`FeaturePasses` with the network's layout)."""
    from digitpad.core.inference.features import FeaturePasses
    from digitpad.core.inference.keras_runtime import KerasRuntime

    assert predictor.fast is not None and predictor.runtime.layout is not None
    traced = KerasRuntime(predictor.keras_model())
    fitting = FeaturePasses(predictor.keras_model(), predictor.runtime.layout)
    images = small_mnist.x_test[:10] / 255.0
    fitted = fitting.many(images)
    assert fitted is not None and fitted[0] is not None
    for i, image in enumerate(images):
        features, probabilities = traced.one(image)
        prediction = predictor.predict_framed(image.astype(np.float32))
        np.testing.assert_allclose(prediction.probabilities, probabilities, atol=1e-6)
        live = predictor.fast(image)[0]
        assert live is not None and features is not None
        np.testing.assert_allclose(live[:128], features, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(live, fitted[0][i], rtol=1e-5, atol=1e-5)


def test_a_model_file_without_statistics_still_predicts(predictor: Predictor, tmp_path) -> None:
    from digitpad.core.inference.judgement import BASELINE_THRESHOLD, JUDGE_BASELINE
    from digitpad.core.models.store import save_model

    path = save_model(predictor.keras_model(), tmp_path / "plain.keras")
    plain = Predictor.load(path)
    result = plain.predict(drawn(SEVEN))
    assert result.digit == 7 and result.judge == JUDGE_BASELINE
    assert result.is_digit == (result.top_probability >= BASELINE_THRESHOLD)
    assert result.confidence == pytest.approx(result.top_probability, rel=1e-6)


def test_predicts_while_another_thread_trains(predictor: Predictor, small_mnist) -> None:
    from digitpad.core.configs import TrainConfig
    from digitpad.core.training.train import train

    results: list = []
    worker = threading.Thread(
        target=lambda: results.append(train(small_mnist.subset(500, 100), TrainConfig(epochs=1)))
    )
    expected = predictor.predict(drawn(SEVEN)).probabilities
    worker.start()
    while worker.is_alive():
        np.testing.assert_allclose(
            predictor.predict(drawn(SEVEN)).probabilities, expected, atol=1e-5
        )
    worker.join()
    assert results and not results[0].cancelled


def test_mouse_style_drawings_of_unseen_digits(predictor: Predictor, small_mnist) -> None:
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=150, seed=5)
    hits = [predictor.predict(d.image).digit == d.label for d in drawings]
    # About 97 % on 2,000 such drawings (README); 150 leave room for chance.
    assert np.mean(hits) >= 0.93
