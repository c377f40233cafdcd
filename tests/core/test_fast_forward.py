"""The NumPy forward pass gives Keras' own numbers, or is not used."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.core.inference.fast_forward import FastForward
from digitpad.core.inference.features import output_dense
from digitpad.core.layers.kinds.conv_fast import ConvStep
from digitpad.core.layers.kinds.dense_fast import DenseStep


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
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.restroke import make_drawings

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
    """The first Dense (784×128, large) starts from the blank pad's output; the second
    (128×10, small) is the plain product."""
    import keras

    keras.utils.set_random_seed(1)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    fast = FastForward.build(model)
    assert fast is not None
    assert [s.from_blank for s in fast.steps if isinstance(s, DenseStep)] == [True, False]
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

    from digitpad.core.inference.predictor import Predictor

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


def everything_computed(fast: FastForward, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same steps with no shortcut: every position of every layer computed, and each
    Dense as the plain product over all its inputs."""
    x = np.asarray(image, np.float32).reshape(28, 28, 1)
    features = x
    for i, step in enumerate(fast.steps):
        if i == fast.feature_index:
            features = x
        if isinstance(step, DenseStep):
            x = step.activation(x.reshape(-1) @ step.kernel + step.bias)
        else:
            x, _changed = step(x, None)
    return features.reshape(-1), x.reshape(-1)


def ink_in_random_boxes(count: int, seed: int) -> np.ndarray:
    """Ink inside random boxes, from one pixel to the whole pad, at the edges too."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, 28, 28), np.float32)
    for image in images:
        for _ in range(int(rng.integers(1, 4))):
            r0, c0 = rng.integers(0, 28, 2)
            r1, c1 = r0 + rng.integers(1, 29 - r0), c0 + rng.integers(1, 29 - c0)
            ink = rng.random((r1 - r0, c1 - c0)) * (rng.random((r1 - r0, c1 - c0)) < 0.6)
            image[r0:r1, c0:c1] = ink
    return images


def test_only_changed_positions_give_the_full_computation(bundled_predictor) -> None:
    """Convolutions computed where their window sees ink only, and each Dense as the blank
    pad's output plus W·(x − blank) over the inputs that moved, equal the full computation."""
    fast = bundled_predictor.fast
    images = np.concatenate([ink_in_random_boxes(60, seed=3), np.zeros((1, 28, 28))])
    for image in images:
        features, probabilities = fast(image)
        want_features, want_probabilities = everything_computed(fast, image)
        np.testing.assert_allclose(features, want_features, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(probabilities, want_probabilities, rtol=1e-5, atol=1e-6)


def test_random_boxes_match_keras_with_same_padding_and_pooling_by_three() -> None:
    """Cheap convolutions computed everywhere and a costly one (same padding) only where
    its window sees a change, on ink in random boxes."""
    import keras

    keras.utils.set_random_seed(4)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(6, (4, 3), padding="same", activation="relu"),
            keras.layers.Conv2D(48, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(3),
            keras.layers.Conv2D(5, 2, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    fast = FastForward.build(model)
    assert fast is not None
    assert [s.everywhere for s in fast.steps if isinstance(s, ConvStep)] == [True, False, True]
    assert_same_as_keras(model, ink_in_random_boxes(25, seed=5))
