"""The NumPy forward pass gives Keras' own numbers, or is not used."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.core.fast_forward import FastForward
from digitpad.core.features import output_dense


def keras_pass(model, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keras' forward pass, layer by layer (inference mode): (input to the last Dense, output)."""
    dense, _ = output_dense(model)
    h = images.reshape(-1, 28, 28, 1).astype(np.float32)
    features = None
    for layer in model.layers:
        if layer is dense:
            features = np.asarray(h)
        h = layer(h, training=False)
    return features, np.asarray(h)


def framed_images(small_mnist) -> np.ndarray:
    from digitpad.core.preprocess import frame_digit
    from digitpad.core.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=20, seed=1)
    framed = [frame_digit(d.image) for d in drawings]
    extra = np.zeros((3, 28, 28), np.float32)
    extra[1, 0:2, 0:2] = 1.0  # ink in a corner only
    extra[2] = np.random.default_rng(0).random((28, 28))  # ink everywhere
    return np.concatenate([small_mnist.x_test[:30] / 255.0, np.stack(framed), extra])


def assert_same_as_keras(model, images: np.ndarray) -> None:
    fast = FastForward.build(model)
    assert fast is not None
    want_features, want_probabilities = keras_pass(model, images)
    for i, image in enumerate(images):
        features, probabilities = fast(image)
        np.testing.assert_allclose(features, want_features[i], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(probabilities, want_probabilities[i], rtol=1e-5, atol=1e-6)


def test_bundled_cnn(bundled_predictor, small_mnist) -> None:
    assert bundled_predictor.fast is not None  # the live path skips TensorFlow
    assert_same_as_keras(bundled_predictor.model, framed_images(small_mnist))


def test_dense_only_network(small_mnist) -> None:
    import keras

    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert_same_as_keras(model, framed_images(small_mnist))


def test_same_padding_and_separate_activation_layers(small_mnist) -> None:
    import keras

    keras.utils.set_random_seed(2)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, (5, 4), padding="same"),
            keras.layers.ReLU(),
            keras.layers.MaxPooling2D(3),
            keras.layers.Conv2D(6, 3, activation="relu", use_bias=False),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10),
            keras.layers.Softmax(),
        ]
    )
    assert_same_as_keras(model, framed_images(small_mnist))


def test_a_layer_it_does_not_cover_keeps_tensorflow(small_mnist) -> None:
    import keras

    from digitpad.core.predictor import Predictor

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.AveragePooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert FastForward.build(model) is None
    predictor = Predictor(model)
    assert predictor.fast is None
    image = small_mnist.x_test[0] / 255.0
    prediction = predictor.predict_framed(image)
    np.testing.assert_allclose(
        prediction.probabilities, keras_pass(model, image[None])[1][0], rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_other_activations_keep_tensorflow(activation: str) -> None:
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(16, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert FastForward.build(model) is None
