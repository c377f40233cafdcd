"""The inside view's numbers: activations equal the model's own layer outputs."""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.core.activations import first_conv_arithmetic
from digitpad.core.predictor import Predictor


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


@pytest.fixture(scope="module")
def digit(small_mnist) -> np.ndarray:
    return (small_mnist.x_test[0] / 255.0).astype(np.float32)


def test_shapes_follow_the_course(predictor: Predictor, digit: np.ndarray) -> None:
    prediction, layers = predictor.inspect(digit)
    assert [(a.kind, a.values.shape) for a in layers] == [
        ("Conv2D", (26, 26, 32)),
        ("Conv2D", (24, 24, 64)),
        ("MaxPooling2D", (12, 12, 64)),
        ("Dense", (128,)),
        ("Dense", (10,)),
    ]
    assert [a.is_map for a in layers] == [True, True, True, False, False]
    plain = predictor.predict_framed(digit)
    assert prediction.digit == plain.digit
    np.testing.assert_allclose(prediction.probabilities, plain.probabilities, atol=1e-6)


def test_values_match_the_models_own_layers(predictor: Predictor, digit: np.ndarray) -> None:
    import keras

    _, layers = predictor.inspect(digit)
    x = digit.reshape(1, 28, 28, 1)
    for activation in layers:
        layer = predictor.model.get_layer(activation.name)
        reference = keras.Model(predictor.model.inputs[0], layer.output)(x, training=False)
        np.testing.assert_allclose(activation.values, np.asarray(reference)[0], atol=1e-5)


def test_pooling_is_the_max_of_each_2x2_block(predictor: Predictor, digit: np.ndarray) -> None:
    _, layers = predictor.inspect(digit)
    conv2, pooled = layers[1].values, layers[2].values
    np.testing.assert_allclose(pooled, conv2.reshape(12, 2, 12, 2, 64).max(axis=(1, 3)))


@pytest.mark.parametrize(
    ("channel", "row", "col"), [(0, 0, 0), (5, 10, 12), (31, 25, 25), (17, 13, 7)]
)
def test_hover_arithmetic_equals_the_first_feature_map(
    predictor: Predictor, digit: np.ndarray, channel: int, row: int, col: int
) -> None:
    _, layers = predictor.inspect(digit)
    kernels, biases = predictor.first_conv_weights()
    step = first_conv_arithmetic(digit, kernels, biases, channel, row, col)
    assert step.patch.shape == step.kernel.shape == step.products.shape == (3, 3)
    assert step.total == pytest.approx(step.products.sum() + step.bias, abs=1e-6)
    assert step.value == pytest.approx(float(layers[0].values[row, col, channel]), abs=1e-5)
