"""The NumPy network gives Keras' own numbers: every layer's output, the probabilities, and
TensorFlow's gradients for which pixels decided it.

On the bundled model, on every preset network of the Network editor and on small random
models of each kind the NumPy pass covers (same and valid padding, strides, dilation, average
pooling, batch normalization, standalone activations, a functional chain), each with random
weights (biases too), compared with Keras layer by layer and with GradientTape. The layers
themselves are read from the model's config, never from a Keras layer.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from model_files import (
    assert_close_to,
    config_layers,
    ink_in_random_boxes,
    keras_outputs,
    randomized,
    saved,
    tf_gradients,
    weights_of,
)

from digitpad.core.inference.network import Network
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.registry import model_layers
from digitpad.core.network.check import build_network
from digitpad.core.network.code import parse
from digitpad.core.network.presets import PRESETS
from digitpad.core.paths import bundled_model_path

GRADIENT_TOLERANCE = 1e-4


def images(small_mnist, count: int = 12, seed: int = 0) -> np.ndarray:
    """MNIST test digits, ink in random boxes, a blank pad and ink everywhere."""
    extra = np.zeros((2, 28, 28), np.float32)
    extra[1] = np.random.default_rng(seed).random((28, 28))
    digits = small_mnist.x_test[:count].astype(np.float32) / 255.0
    return np.concatenate([digits, ink_in_random_boxes(count, seed), extra])


def network_of(model: keras.Model) -> Network:
    network = Network.build(config_layers(model), weights_of(model))
    assert network is not None, "the NumPy pass should cover this model"
    return network


def assert_same_as_keras(model: keras.Model, x: np.ndarray, network: Network | None = None) -> None:
    """Every layer's output and the probabilities equal Keras', image by image."""
    network = network or network_of(model)
    ours = network.outputs(x.reshape(-1, 28, 28, 1))
    theirs = keras_outputs(model, x)
    assert len(ours) == len(theirs)
    for layer, mine, want in zip(network.layers, ours, theirs, strict=True):
        for i in range(len(x)):
            assert_close_to(mine[i], want[i], what=f"{layer.name}, image {i}")
    np.testing.assert_allclose(ours[-1], theirs[-1], rtol=0, atol=1e-5)
    features, probabilities = network.run(x)
    np.testing.assert_allclose(probabilities, theirs[-1], rtol=0, atol=1e-5)
    if network.feature_index is not None:
        assert features is not None and features.shape == (len(x), network.feature_size)


def assert_gradients_as_tensorflow(model: keras.Model, x: np.ndarray, network: Network) -> None:
    for image in x:
        digits = (3, 7)
        ours = network.saliency(image, digits)
        assert ours.from_logits
        want = tf_gradients(model, image, digits)
        np.testing.assert_allclose(ours.gradients, want, rtol=0, atol=GRADIENT_TOLERANCE)


@pytest.fixture(scope="module")
def bundled() -> keras.Model:
    from digitpad.core.models.store import load_model

    return load_model(bundled_model_path())


def test_the_bundled_model_from_its_own_file(bundled, small_mnist) -> None:
    predictor = Predictor.load(bundled_model_path())
    assert not predictor.uses_keras and isinstance(predictor.runtime, Network)
    x = images(small_mnist)
    assert_same_as_keras(bundled, x, predictor.runtime)
    assert_gradients_as_tensorflow(bundled, x[:4], predictor.runtime)


def test_the_layers_read_from_the_config_are_keras_own(bundled) -> None:
    """Name, class, kind, shapes, parameters, activation: as Keras describes the built layers."""
    ours = Predictor.load(bundled_model_path()).layers
    theirs = model_layers(bundled)
    fields = ("name", "kind", "class_name", "input_shape", "output_shape", "params")
    for mine, want in zip(ours, theirs, strict=True):
        for name in (*fields, "trainable_params", "activation"):
            assert getattr(mine, name) == getattr(want, name), (mine.name, name)
    assert len(ours) == len(theirs) == 8


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_every_preset_network(preset, small_mnist) -> None:
    keras.utils.set_random_seed(5)
    model = randomized(build_network(parse(preset.code)), seed=6)
    x = images(small_mnist, count=4, seed=7)
    network = network_of(model)
    assert_same_as_keras(model, x, network)
    assert_gradients_as_tensorflow(model, x[:2], network)


def sequential(*layers) -> keras.Model:
    return keras.Sequential([keras.Input((28, 28, 1)), *layers])


L = keras.layers
KINDS = {
    "same padding, strides, no bias": lambda: sequential(
        L.Conv2D(6, (4, 3), strides=(2, 1), padding="same", use_bias=False, activation="relu"),
        L.Conv2D(5, 3, strides=2, padding="same", activation="relu"),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ),
    "valid padding, strides, dilation": lambda: sequential(
        L.Conv2D(4, 3, strides=(1, 2), activation="relu"),
        L.Conv2D(5, (3, 2), dilation_rate=2, activation="relu"),
        L.Conv2D(3, 5, strides=3, padding="same", dilation_rate=1, activation="linear"),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ),
    "max pooling, strides and same padding": lambda: sequential(
        L.Conv2D(4, 3, activation="relu"),
        L.MaxPooling2D(3, strides=2, padding="same"),
        L.MaxPooling2D((2, 3), strides=(1, 2)),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ),
    "average pooling, valid and same": lambda: sequential(
        L.Conv2D(4, 3, activation="relu"),
        L.AveragePooling2D(2),
        L.AveragePooling2D(3, strides=2, padding="same"),
        L.AveragePooling2D((2, 1), strides=(1, 1), padding="same"),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ),
    "batch normalization": lambda: sequential(
        L.Conv2D(4, 3),
        L.BatchNormalization(),
        L.ReLU(),
        L.MaxPooling2D(),
        L.BatchNormalization(center=False, epsilon=0.01),
        L.Flatten(),
        L.Dense(12),
        L.BatchNormalization(scale=False),
        L.Activation("relu"),
        L.Dense(10, activation="softmax"),
    ),
    "standalone activations and dropouts": lambda: sequential(
        L.Conv2D(4, 3),
        L.Activation("tanh"),
        L.SpatialDropout2D(0.3),
        L.GaussianNoise(0.5),
        L.Conv2D(3, 3, activation="sigmoid"),
        L.Flatten(),
        L.Dropout(0.5),
        L.Dense(16, activation="elu"),
        L.Dense(16, activation="selu"),
        L.Dense(16, activation="softplus"),
        L.Dense(16, activation="softsign"),
        L.Dense(16, activation="swish"),
        L.Dense(16, activation="gelu"),
        L.Dense(10),
        L.Softmax(),
    ),
}


@pytest.mark.parametrize("name", list(KINDS))
def test_random_models_of_each_kind(name: str, small_mnist) -> None:
    keras.utils.set_random_seed(8)
    model = randomized(KINDS[name](), seed=9)
    x = images(small_mnist, count=3, seed=10)
    network = network_of(model)
    assert_same_as_keras(model, x, network)
    if model.layers[-1].__class__.__name__ == "Dense":
        assert_gradients_as_tensorflow(model, x[:2], network)


def test_a_large_convolution_makes_its_patches_a_few_rows_at_a_time(monkeypatch, small_mnist):
    """Memory stays bounded whatever a model declares: with room for a few output rows'
    patches only, forwards and backwards give the same numbers."""
    from digitpad.core.layers.kinds import conv_fast

    monkeypatch.setattr(conv_fast, "PATCH_BYTES", 20_000)
    keras.utils.set_random_seed(19)
    model = randomized(KINDS["valid padding, strides, dilation"](), seed=20)
    x = images(small_mnist, count=2, seed=21)
    network = network_of(model)
    conv, (out_h, out_w, _filters) = network.stages[1].op, network.layers[1].output_shape
    assert isinstance(conv, conv_fast.ConvOp) and len(conv._blocks(len(x), out_h, out_w)) > 3
    assert_same_as_keras(model, x, network)
    assert_gradients_as_tensorflow(model, x[:2], network)


def test_a_softmax_layer_of_its_own_gives_log_probability_gradients(small_mnist) -> None:
    """Without a Dense ending in softmax, the saliency is of log p: the same differences
    between digits as the logits', which TensorFlow gives too."""
    import tensorflow as tf

    keras.utils.set_random_seed(11)
    model = randomized(KINDS["standalone activations and dropouts"](), seed=12)
    network = network_of(model)
    image = small_mnist.x_test[2].astype(np.float32) / 255.0
    ours = network.saliency(image, (1, 4))
    assert not ours.from_logits
    x = tf.constant(image.reshape(1, 28, 28, 1))
    for row, digit in enumerate((1, 4)):
        with tf.GradientTape() as tape:
            tape.watch(x)
            target = tf.math.log(model(x, training=False)[0, digit] + 1e-30)
        want = np.asarray(tape.gradient(target, x))[0, :, :, 0]
        assert_close_to(ours.gradients[row], want, GRADIENT_TOLERANCE)


def test_a_functional_chain_saved_to_a_file(tmp_path, small_mnist) -> None:
    inputs = keras.Input((28, 28, 1))
    h = L.Conv2D(4, 3, activation="relu")(inputs)
    h = L.MaxPooling2D()(h)
    h = L.Flatten()(L.BatchNormalization()(h))
    outputs = L.Dense(10, activation="softmax")(L.Dense(8, activation="relu")(h))
    keras.utils.set_random_seed(13)
    model = randomized(keras.Model(inputs, outputs), seed=14)
    predictor = Predictor.load(saved(model, tmp_path))
    assert not predictor.uses_keras
    assert predictor.layers[0].class_name == "InputLayer"  # as Keras lists a functional model's
    x = images(small_mnist, count=3, seed=15)
    assert_same_as_keras(model, x, predictor.runtime)
    assert_gradients_as_tensorflow(model, x[:2], predictor.runtime)
    live = [predictor.predict_framed(image).probabilities for image in x]
    np.testing.assert_allclose(np.stack(live), keras_outputs(model, x)[-1], rtol=0, atol=1e-5)


@pytest.mark.parametrize(
    "make",
    [
        lambda: sequential(L.DepthwiseConv2D(3), L.Flatten(), L.Dense(10, activation="softmax")),
        lambda: sequential(
            L.Flatten(), L.Dense(16), L.LayerNormalization(), L.Dense(10, activation="softmax")
        ),
        lambda: sequential(
            L.Flatten(), L.Dense(16, activation="hard_sigmoid"), L.Dense(10, activation="softmax")
        ),
    ],
    ids=["depthwise convolution", "layer normalization", "an activation it lacks"],
)
def test_what_the_numpy_pass_does_not_cover_falls_back_to_keras(
    tmp_path, make, small_mnist
) -> None:
    keras.utils.set_random_seed(16)
    model = randomized(make(), seed=17)
    assert Network.build(config_layers(model), weights_of(model)) is None
    predictor = Predictor.load(saved(model, tmp_path))
    assert predictor.uses_keras and predictor.fast is None
    x = images(small_mnist, count=2, seed=18)
    want = keras_outputs(model, x)[-1]
    np.testing.assert_allclose(predictor.probabilities(x), want, rtol=0, atol=1e-5)
    inspection = predictor.inspect(x[0], saliency=True)
    np.testing.assert_allclose(inspection.prediction.probabilities, want[0], rtol=0, atol=1e-5)
    assert inspection.saliency is not None
