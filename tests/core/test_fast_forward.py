"""The live NumPy pass (one drawing, only what it changed from a blank pad) gives Keras' own
numbers, or is not used."""

from __future__ import annotations

import numpy as np
import pytest
from model_files import ink_in_random_boxes

from digitpad.core.inference.fast_forward import BatchStep, FastForward
from digitpad.core.inference.judgement_features import ACTIVATIONS, MAXIMA, MEANS
from digitpad.core.inference.network import Network
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.kinds.conv_fast import ConvStep
from digitpad.core.layers.kinds.dense_fast import DenseStep


def live_pass(model) -> FastForward:
    """The live pass of a Keras model in memory, built from its config and weights."""
    predictor = Predictor.from_keras(model)
    assert isinstance(predictor.runtime, Network) and predictor.fast is not None
    return predictor.fast


def vector_of(layout, given: np.ndarray, outputs: dict[str, np.ndarray]) -> np.ndarray:
    """The judgement's vectors recomputed from every layer's output by name: the input to
    the last Dense, then each named layer's map means or maxima (NumPy's own mean and max)."""
    parts = []
    for block in layout.blocks:
        out = outputs[block.name] if block.name else given
        n, channels = len(out), out.shape[-1]
        if block.statistic == ACTIVATIONS:
            parts.append(out.reshape(n, -1))
        elif block.statistic == MEANS:
            parts.append(out.reshape(n, -1, channels).mean(axis=1, dtype=np.float64))
        else:
            parts.append(out.reshape(n, -1, channels).max(axis=1))
    return np.concatenate(parts, axis=1)


def keras_pass(model, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keras' forward pass, layer by layer (inference mode): (the judgement's vectors, the
    output); the vectors read Keras' own layer outputs."""
    h = images.reshape(-1, 28, 28, 1).astype(np.float32)
    outputs = {}
    for layer in model.layers:
        h = layer(h, training=False)
        outputs[layer.name] = np.asarray(h)
    layout = Predictor.from_keras(model).runtime.layout
    return vector_of(layout, images, outputs), np.asarray(h)


def framed_images(small_mnist) -> np.ndarray:
    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.restroke import make_drawings

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=20, seed=1)
    framed = [frame_digit(d.image) for d in drawings]
    extra = np.zeros((3, 28, 28), np.float32)
    extra[1, 0:2, 0:2] = 1.0  # ink in a corner only
    extra[2] = np.random.default_rng(0).random((28, 28))  # ink everywhere
    return np.concatenate([small_mnist.x_test[:30] / 255.0, np.stack(framed), extra])


def assert_same_as_keras(model, images: np.ndarray, fast: FastForward | None = None) -> None:
    fast = fast or live_pass(model)
    want_features, want_probabilities = keras_pass(model, images)
    for i, image in enumerate(images):
        features, probabilities = fast(image)
        np.testing.assert_allclose(features, want_features[i], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(probabilities, want_probabilities[i], rtol=1e-5, atol=1e-6)


def test_bundled_cnn(bundled_predictor, small_mnist) -> None:
    assert bundled_predictor.fast is not None  # the live path needs no TensorFlow
    assert not any(isinstance(step, BatchStep) for step in bundled_predictor.fast.steps)
    images = framed_images(small_mnist)
    assert_same_as_keras(bundled_predictor.keras_model(), images, bundled_predictor.fast)


def test_the_judgement_reads_the_course_cnn_as_the_study_did(bundled_predictor) -> None:
    """The 128 activations feeding the output layer, both convolutions' map means, the last
    convolution's map maxima, the pooled maps' means: 352 numbers."""
    layout = bundled_predictor.runtime.layout
    names = [info.name for info in bundled_predictor.layers]
    assert [(b.statistic, b.size, names[b.layer]) for b in layout.blocks] == [
        (ACTIVATIONS, 128, "dropout_1"),
        (MEANS, 32, "conv2d"),
        (MEANS, 64, "conv2d_1"),
        (MAXIMA, 64, "conv2d_1"),
        (MEANS, 64, "max_pooling2d"),
    ]
    assert layout.size == 352 == bundled_predictor.fast(np.zeros((28, 28)))[0].size


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
    fast = live_pass(model)
    assert [s.from_blank for s in fast.steps if isinstance(s, DenseStep)] == [True, False]
    assert_same_as_keras(model, framed_images(small_mnist), fast)


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


def test_layers_without_a_live_step_of_their_own_run_their_batch_op(small_mnist) -> None:
    """Strides, dilation or softmax maps: the layer's batch op on the one drawing, every
    position computed; the layers after it still only compute what changed."""
    import keras

    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(4, 3, strides=2, activation="relu"),
            keras.layers.Conv2D(6, 3, dilation_rate=2, activation="tanh"),
            keras.layers.BatchNormalization(),
            keras.layers.AveragePooling2D(2, padding="same"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    fast = live_pass(model)
    assert [type(s).__name__ for s in fast.steps][:2] == ["BatchStep", "BatchStep"]
    assert_same_as_keras(model, framed_images(small_mnist), fast)


def test_a_layer_the_numpy_pass_does_not_cover_keeps_tensorflow(small_mnist) -> None:
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.DepthwiseConv2D(3, activation="relu"),
            keras.layers.AveragePooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    predictor = Predictor.from_keras(model)
    assert predictor.fast is None and predictor.uses_keras
    image = small_mnist.x_test[0] / 255.0
    prediction = predictor.predict_framed(image)
    np.testing.assert_allclose(
        prediction.probabilities, keras_pass(model, image[None])[1][0], rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "elu", "gelu"])
def test_other_activations_run_live_too(activation: str, small_mnist) -> None:
    import keras

    keras.utils.set_random_seed(4)
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(3, 3, activation=activation),
            keras.layers.Flatten(),
            keras.layers.Dense(16, activation=activation),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    assert_same_as_keras(model, framed_images(small_mnist))


def everything_computed(
    fast: FastForward, network: Network, image: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The same steps with no shortcut: every position of every layer computed, and each
    Dense as the plain product over all its inputs."""
    x = np.asarray(image, np.float32).reshape(28, 28, 1)
    outputs = {}
    for info, step in zip(network.layers, fast.steps, strict=True):
        if isinstance(step, DenseStep):
            x = step.activation.apply(x.reshape(-1) @ step.kernel + step.bias)
        else:
            x, _changed = step(x, None)
        outputs[info.name] = x[None]
    given = np.asarray(image, np.float32).reshape(1, 28, 28, 1)
    return vector_of(fast.layout, given, outputs)[0], x.reshape(-1)


def test_only_changed_positions_give_the_full_computation(bundled_predictor) -> None:
    """Convolutions computed where their window sees ink only, and each Dense as the blank
    pad's output plus W·(x − blank) over the inputs that moved, equal the full computation."""
    fast = bundled_predictor.fast
    images = np.concatenate([ink_in_random_boxes(60, seed=3), np.zeros((1, 28, 28))])
    for image in images:
        features, probabilities = fast(image)
        want_features, want_probabilities = everything_computed(
            fast, bundled_predictor.runtime, image
        )
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
    fast = live_pass(model)
    assert [s.everywhere for s in fast.steps if isinstance(s, ConvStep)] == [True, False, True]
    assert_same_as_keras(model, ink_in_random_boxes(25, seed=5), fast)
