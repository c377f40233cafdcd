"""Keras models made in the tests, and what Keras itself computes with them.

digitpad reads a model's layers from its config and runs them in NumPy; these
helpers give the independent side of every comparison: Keras' own layer
outputs and TensorFlow's own gradients. Tests may import TensorFlow; the app
may not.
"""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from digitpad.core.layers.kind import LayerInfo
from digitpad.core.models.architecture import read_architecture


def config_layers(model: keras.Model) -> tuple[LayerInfo, ...]:
    """The model's layers as digitpad reads them from its config (what config.json holds)."""
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(model)))
    architecture = read_architecture(config)
    assert architecture is not None
    return architecture.infos


def randomized(model: keras.Model, seed: int) -> keras.Model:
    """`model` with every weight drawn at random (biases too; batch normalization's variance
    kept positive), so that no zero hides a mistake."""
    rng = np.random.default_rng(seed)
    weights = []
    for variable in model.weights:
        shape = tuple(variable.shape)
        values = rng.normal(0.0, 0.3, shape)
        if "variance" in variable.path:
            values = np.abs(values) + 0.5
        weights.append(values.astype(np.float32))
    model.set_weights(weights)
    return model


def saved(model: keras.Model, folder: Path, name: str = "model.keras") -> Path:
    """`model` saved as Keras saves it (uncompiled: no optimizer state)."""
    path = folder / name
    model.save(path)
    return path


def keras_outputs(model: keras.Model, images: np.ndarray) -> list[np.ndarray]:
    """Every layer's output for images (N, 28, 28), by Keras, in inference mode."""
    probe = keras.Model(model.inputs[0], [layer.output for layer in model.layers])
    out = probe(images.reshape(-1, 28, 28, 1).astype(np.float32), training=False)
    return [np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]


def tf_gradients(model: keras.Model, image: np.ndarray, digits: tuple[int, int]) -> np.ndarray:
    """(2, 28, 28): TensorFlow's gradient of each digit's logit (the output Dense's sum before
    softmax) with respect to the pixels, by GradientTape."""
    last = model.layers[-1]
    body = keras.Model(model.inputs[0], last.input)
    x = tf.constant(image.reshape(1, 28, 28, 1).astype(np.float32))
    grads = []
    for digit in digits:
        with tf.GradientTape() as tape:
            tape.watch(x)
            z = tf.matmul(body(x, training=False), last.kernel) + last.bias
            target = z[0, digit]
        grads.append(np.asarray(tape.gradient(target, x))[0, :, :, 0])
    return np.stack(grads)


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


def assert_close_to(
    ours: np.ndarray, theirs: np.ndarray, tolerance: float = 1e-5, what: str = ""
) -> None:
    """`ours` equals `theirs` to `tolerance` of the larger of 1 and their largest value (float32
    sums in another order differ by rounding only)."""
    scale = max(1.0, float(np.abs(theirs).max()) if theirs.size else 1.0)
    assert ours.shape == theirs.shape, what
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=tolerance * scale, err_msg=what)


def weights_of(model: keras.Model) -> dict[str, tuple[np.ndarray, ...]]:
    """Each layer's weights by its name, as Keras keeps them."""
    return {layer.name: tuple(np.asarray(w) for w in layer.get_weights()) for layer in model.layers}
