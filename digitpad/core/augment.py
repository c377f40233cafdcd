"""Random distortions that make MNIST look more like digits drawn with a mouse.

People draw slanted, a little off-centre, bigger or smaller, and with a pen
that is thicker or thinner than MNIST's. The distortions run inside the
tf.data pipeline on whole batches, so they cost little beside the
convolutions. Imported only while training (it needs TensorFlow).
"""

from __future__ import annotations

import math

import tensorflow as tf

# Framing already normalizes size and position, so only what it leaves of a
# drawing's variation is simulated: slant, rotation, aspect, rounding.
MAX_ROTATION = math.radians(10)
MAX_SHEAR = 0.25  # horizontal slant, as x += shear·y
ASPECT = (0.85, 1.15)  # width relative to height
ZOOM = (0.92, 1.08)
MAX_SHIFT = 1.0  # pixels


def random_affine(images: tf.Tensor) -> tf.Tensor:
    """Rotate, slant, stretch, zoom and shift each image by its own random amounts.

    One projective-transform op per batch: cheaper than chaining Keras'
    RandomRotation/RandomZoom/RandomTranslation, and it adds slant and aspect,
    which they lack.
    """
    n = tf.shape(images)[0]
    angle = tf.random.uniform([n], -MAX_ROTATION, MAX_ROTATION)
    shear = tf.random.uniform([n], -MAX_SHEAR, MAX_SHEAR)
    zoom = tf.random.uniform([n], *ZOOM)
    sx = zoom * tf.random.uniform([n], *ASPECT)
    sy = zoom
    cos, sin = tf.cos(angle), tf.sin(angle)
    # Forward map A = rotation · shear · scale, about the image centre.
    a00 = cos * sx
    a01 = (cos * shear - sin) * sy
    a10 = sin * sx
    a11 = (sin * shear + cos) * sy
    # The op maps output pixels to input pixels, so it wants A's inverse.
    det = a00 * a11 - a01 * a10
    i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
    c = 13.5
    tx = tf.random.uniform([n], -MAX_SHIFT, MAX_SHIFT)
    ty = tf.random.uniform([n], -MAX_SHIFT, MAX_SHIFT)
    ox, oy = c + tx, c + ty  # where the centre lands
    transforms = tf.stack(
        [
            i00,
            i01,
            c - i00 * ox - i01 * oy,
            i10,
            i11,
            c - i10 * ox - i11 * oy,
            tf.zeros([n]),
            tf.zeros([n]),
        ],
        axis=1,
    )
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=tf.shape(images)[1:3],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
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
    images = random_affine(images)
    return tf.clip_by_value(vary_stroke_width(images), 0.0, 1.0)
