"""The inside view's numbers: activations equal the model's own layer outputs, and a hovered
pixel's worked sum (the walk-through's arithmetic) adds up to the first feature map."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.arithmetic import Window, activate, conv_pixel


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


@pytest.fixture(scope="module")
def digit(small_mnist) -> np.ndarray:
    return (small_mnist.x_test[0] / 255.0).astype(np.float32)


def test_shapes_follow_the_course(predictor: Predictor, digit: np.ndarray) -> None:
    inspection = predictor.inspect(digit)
    assert [(a.info.class_name, a.values.shape) for a in inspection.layers] == [
        ("Conv2D", (26, 26, 32)),
        ("Conv2D", (24, 24, 64)),
        ("MaxPooling2D", (12, 12, 64)),
        ("Dropout", (12, 12, 64)),
        ("Flatten", (9216,)),
        ("Dense", (128,)),
        ("Dropout", (128,)),
        ("Dense", (10,)),
    ]
    shown = inspection.shown()
    assert [a.info.class_name for a in shown] == [
        "Conv2D",
        "Conv2D",
        "MaxPooling2D",
        "Dense",
        "Dense",
    ]
    assert [a.is_map for a in shown] == [True, True, True, False, False]
    prediction = inspection.prediction
    plain = predictor.predict_framed(digit)
    assert prediction.digit == plain.digit
    np.testing.assert_allclose(prediction.probabilities, plain.probabilities, atol=1e-6)


def test_values_match_the_models_own_layers(predictor: Predictor, digit: np.ndarray) -> None:
    import keras

    layers = predictor.inspect(digit).layers
    x = digit.reshape(1, 28, 28, 1)
    for activation in layers:
        layer = predictor.keras_model().get_layer(activation.name)
        reference = keras.Model(predictor.keras_model().inputs[0], layer.output)(x, training=False)
        np.testing.assert_allclose(activation.values, np.asarray(reference)[0], atol=1e-5)


def test_pooling_is_the_max_of_each_2x2_block(predictor: Predictor, digit: np.ndarray) -> None:
    layers = predictor.inspect(digit).layers
    conv2, pooled = layers[1].values, layers[2].values
    np.testing.assert_allclose(pooled, conv2.reshape(12, 2, 12, 2, 64).max(axis=(1, 3)))


@pytest.mark.parametrize(
    ("channel", "row", "col"), [(0, 0, 0), (5, 10, 12), (31, 25, 25), (17, 13, 7)]
)
def test_hover_arithmetic_equals_the_first_feature_map(
    predictor: Predictor, digit: np.ndarray, channel: int, row: int, col: int
) -> None:
    inspection = predictor.inspect(digit)
    layers = inspection.layers
    weights = inspection.first_conv
    assert weights is not None and weights.plain
    pixel = conv_pixel(digit, weights.kernels, weights.biases, Window((3, 3)), row, col, channel)
    assert pixel.patch.shape == pixel.kernel.shape == pixel.products.shape == (3, 3, 1)
    np.testing.assert_array_equal(pixel.patch[:, :, 0], digit[row : row + 3, col : col + 3])
    assert pixel.sum == pytest.approx(pixel.products.sum() + pixel.bias, abs=1e-6)
    value = activate("relu", pixel.sum)
    assert value == pytest.approx(float(layers[0].values[row, col, channel]), abs=1e-5)


def test_a_convolution_without_bias_is_explained_with_zero_bias(digit: np.ndarray) -> None:
    """An unusual but valid model (no bias anywhere) inspects without an error."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation="relu", use_bias=False),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax", use_bias=False),
        ]
    )
    inspection = Predictor.from_keras(model).inspect(digit)
    assert inspection.first_conv is not None
    weights = inspection.first_conv
    assert not weights.biases.any()
    pixel = conv_pixel(digit, weights.kernels, weights.biases, Window((3, 3)), 5, 6, 2)
    assert pixel.bias == 0.0
    value = activate("relu", pixel.sum)
    assert value == pytest.approx(float(inspection.layers[0].values[5, 6, 2]), abs=1e-5)


def test_a_network_without_shown_layers_inspects(digit: np.ndarray) -> None:
    import keras

    model = keras.Sequential(  # a layer kind the registry does not know: nothing drawn
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.EinsumDense("ab,bc->ac", output_shape=10, activation="softmax"),
        ]
    )
    inspection = Predictor.from_keras(model).inspect(digit)
    assert inspection.first_conv is None and inspection.shown() == ()
