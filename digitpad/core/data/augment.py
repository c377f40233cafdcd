"""Random distortions that make MNIST look more like digits drawn with a mouse.

People draw slanted, a little off-centre, bigger or smaller, and with a pen
that is thicker or thinner than MNIST's. The distortions run inside the
tf.data pipeline on whole batches, so they cost little beside the
convolutions. Imported only while training (it needs TensorFlow).
"""

from __future__ import annotations

import keras
import tensorflow as tf

# ±10° rotation, ±8 % zoom, ±1 px shift: framing already normalizes size and position,
# so only what it leaves of a drawing's variation (slant, aspect, rounding) is simulated.
_GEOMETRY = keras.Sequential(
    [
        keras.layers.RandomRotation(10 / 360, fill_mode="constant"),
        keras.layers.RandomZoom(0.08, fill_mode="constant"),
        keras.layers.RandomTranslation(1 / 28, 1 / 28, fill_mode="constant"),
    ],
    name="augment_geometry",
)


def vary_stroke_width(images: tf.Tensor) -> tf.Tensor:
    """Blend each image towards a dilated (thicker) or eroded (thinner) copy.

    A per-image weight in [-0.5, 0.7] keeps the change continuous: 0.7 is
    most of a 1-pixel dilation, -0.5 half an erosion.
    """
    thicker = tf.nn.max_pool2d(images, ksize=3, strides=1, padding="SAME")
    thinner = -tf.nn.max_pool2d(-images, ksize=3, strides=1, padding="SAME")
    weight = tf.random.uniform([tf.shape(images)[0], 1, 1, 1], -0.5, 0.7)
    target = tf.where(weight > 0, thicker, thinner)
    return images + tf.abs(weight) * (target - images)


def augment_batch(images: tf.Tensor) -> tf.Tensor:
    """Distort a batch of float images (B, 28, 28, 1) in [0, 1]."""
    images = _GEOMETRY(images, training=True)
    return tf.clip_by_value(vary_stroke_width(images), 0.0, 1.0)
