"""The activation functions of the NumPy pass, each with its derivative, by Keras' own name.

A layer's `activation` in its config ("relu", "softmax", …) names one of
these; the live pass (`fast_steps`) and the batch pass (`batch_ops`) apply the
same function, and the backward pass (gradient × input: which pixels decided
it) multiplies by its derivative. Each is written as TensorFlow computes it
for Keras (`tf.nn.elu`, `tf.nn.selu`, `tf.math.softplus`, exact `gelu`), so
the outputs agree to float rounding (tests/core/test_numpy_network.py). A name
not here (a Keras activation digitpad does not compute) makes its layer keep
Keras' pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Function = Callable[[np.ndarray], np.ndarray]
# (the pre-activation z, computed only if asked for; the output y; ∂L/∂y) -> ∂L/∂z
Derivative = Callable[[Callable[[], np.ndarray], np.ndarray, np.ndarray], np.ndarray]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function: `apply(z)` and `backward(z, y, dy)` (the chain rule)."""

    name: str
    apply: Function
    backward: Derivative
    elementwise: bool = True  # False: softmax mixes the values along the last axis


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def identity(z: np.ndarray) -> np.ndarray:
    return z


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


def _elu(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0)))


def _selu(z: np.ndarray) -> np.ndarray:
    return SELU_SCALE * np.where(z > 0, z, SELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _softplus(z: np.ndarray) -> np.ndarray:
    return np.logaddexp(z, 0.0).astype(z.dtype)


def _softsign(z: np.ndarray) -> np.ndarray:
    return z / (1.0 + np.abs(z))


def _swish(z: np.ndarray) -> np.ndarray:
    return z * sigmoid(z)


def _erf(z: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # only a model with gelu needs it

    return np.asarray(erf(z), dtype=z.dtype)


def _gelu(z: np.ndarray) -> np.ndarray:
    return 0.5 * z * (1.0 + _erf(z / np.sqrt(2.0).astype(z.dtype)))


# Derivatives: from the output where it tells enough, else from z.


def _d_relu(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * (y > 0)


def _d_identity(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy


def _d_softmax(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return y * (dy - (dy * y).sum(axis=-1, keepdims=True))


def _d_sigmoid(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * y * (1.0 - y)


def _d_tanh(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * (1.0 - y * y)


def _d_elu(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * np.where(y > 0, 1.0, y + 1.0)


def _d_selu(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * np.where(y > 0, SELU_SCALE, y + SELU_SCALE * SELU_ALPHA)


def _d_softplus(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy * sigmoid(z())


def _d_softsign(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    return dy / (1.0 + np.abs(z())) ** 2


def _d_swish(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    x = z()
    s = sigmoid(x)
    return dy * (s + x * s * (1.0 - s))


def _d_gelu(z: Callable[[], np.ndarray], y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    x = z()
    density = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    return dy * (0.5 * (1.0 + _erf(x / np.sqrt(2.0).astype(x.dtype))) + x * density)


RELU = Activation("relu", relu, _d_relu)
LINEAR = Activation("linear", identity, _d_identity)
SOFTMAX = Activation("softmax", softmax, _d_softmax, elementwise=False)
ACTIVATIONS = {
    a.name: a
    for a in (
        RELU,
        LINEAR,
        SOFTMAX,
        Activation("sigmoid", sigmoid, _d_sigmoid),
        Activation("tanh", np.tanh, _d_tanh),
        Activation("elu", _elu, _d_elu),
        Activation("selu", _selu, _d_selu),
        Activation("softplus", _softplus, _d_softplus),
        Activation("softsign", _softsign, _d_softsign),
        Activation("swish", _swish, _d_swish),
        Activation("silu", _swish, _d_swish),
        Activation("gelu", _gelu, _d_gelu),
    )
}


def activation_named(name: object) -> Activation | None:
    """The function a config's `activation` names (None, as Keras reads it, is "linear");
    None for one the NumPy pass does not compute (a custom or serialized object)."""
    if name is None:
        return LINEAR
    return ACTIVATIONS.get(name) if isinstance(name, str) else None
