"""The model's forward pass for one drawing, in NumPy, from the model's own weights.

Calling into TensorFlow costs about 0.3 ms per call here before any
arithmetic is done; the course's CNN itself needs about 12 million
multiply-adds. For a live pad that predicts on every stroke, the same
arithmetic in NumPy (convolutions as matrix products, the weights read once
from the loaded model) is the faster road. Only plain layers are covered
(Conv2D, MaxPooling2D, Dropout, Flatten, Dense, ReLU/Softmax/Activation);
for any other model `build` returns None and the predictor keeps its traced
TensorFlow pass. `build` also checks its result against Keras on test
images and refuses to be used if they differ by more than float tolerance.

Its matrix products are small (the largest is 576×288 by 288×64): BLAS's
worker threads only cost here, and on a busy machine they wait for each
other for milliseconds. So building a pass limits NumPy's BLAS to one
thread for the process (TensorFlow, which trains, has its own threads).

Blank pad areas are computed once: the framed drawing is mostly zeros, and a
convolution's output is the blank image's wherever its window sees no ink.
So only the rectangle around the ink is computed per drawing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.features import layer_chain, output_dense
from digitpad.core.preprocess import SIZE

if TYPE_CHECKING:
    import keras

TOLERANCE = 1e-5  # largest difference from Keras' own outputs that is float rounding
IDENTITY_LAYERS = ("Dropout", "SpatialDropout2D", "GaussianDropout", "GaussianNoise")
Box = tuple[int, int, int, int]  # rows [r0, r1) and columns [c0, c1) where ink can matter


def _activation_of(layer: Any) -> Callable[[np.ndarray], np.ndarray] | None:
    kind = type(layer).__name__
    if kind == "ReLU":
        plain = (
            getattr(layer, "max_value", None) is None
            and not getattr(layer, "negative_slope", 0)
            and not getattr(layer, "threshold", 0)
        )
        return _relu if plain else None
    if kind == "Softmax":
        return _softmax if getattr(layer, "axis", -1) in (-1, None) else None
    activation = getattr(layer, "activation", None)
    name = getattr(activation, "__name__", None)
    return {"relu": _relu, "linear": _identity, "softmax": _softmax}.get(str(name))


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _identity(x: np.ndarray) -> np.ndarray:
    return x


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class _Conv:
    """Conv2D, stride 1, channels last; "same" padding becomes explicit zero padding."""

    kernel: np.ndarray  # (kh * kw * Cin, Cout) rows ordered (i, j, channel)
    bias: np.ndarray
    size: tuple[int, int]
    pad: tuple[int, int, int, int]  # top, bottom, left, right
    activation: Callable[[np.ndarray], np.ndarray]
    blank: np.ndarray | None = None  # this layer's output for a blank pad

    def __call__(self, x: np.ndarray, box: Box | None) -> tuple[np.ndarray, Box | None]:
        kh, kw = self.size
        top, bottom, left, right = self.pad
        if any(self.pad):
            x = np.pad(x, ((top, bottom), (left, right), (0, 0)))
            if box is not None:
                box = (box[0] + top, box[1] + top, box[2] + left, box[3] + left)
        h, w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
        r0, r1, c0, c1 = 0, h, 0, w
        if box is not None and self.blank is not None:
            # Outputs whose window lies outside the box are the blank pad's.
            r0, r1 = max(box[0] - kh + 1, 0), min(box[1], h)
            c0, c1 = max(box[2] - kw + 1, 0), min(box[3], w)
            if r1 <= r0 or c1 <= c0:  # nothing drawn reaches this layer
                return self.blank.copy(), (0, 0, 0, 0)
        region = x[r0 : r1 + kh - 1, c0 : c1 + kw - 1]
        windows = np.lib.stride_tricks.sliding_window_view(region, (kh, kw), axis=(0, 1))
        # (rows, cols, Cin, kh, kw) -> (rows * cols, kh * kw * Cin) in the kernel's order
        patches = windows.transpose(0, 1, 3, 4, 2).reshape((r1 - r0) * (c1 - c0), -1)
        values = patches @ self.kernel
        values += self.bias
        values = _activate(self.activation, values).reshape(r1 - r0, c1 - c0, -1)
        if box is None or self.blank is None:
            return values, None
        out = self.blank.copy()
        out[r0:r1, c0:c1] = values
        return out, (r0, r1, c0, c1)


def _activate(fn: Callable[[np.ndarray], np.ndarray], fresh: np.ndarray) -> np.ndarray:
    """`fn(fresh)`, in place for ReLU (`fresh` is an array no one else holds)."""
    return np.maximum(fresh, 0.0, out=fresh) if fn is _relu else fn(fresh)


@dataclass
class _Pool:
    """MaxPooling2D with strides equal to the pool size, "valid" padding."""

    size: tuple[int, int]

    def __call__(self, x: np.ndarray, box: Box | None) -> tuple[np.ndarray, Box | None]:
        ph, pw = self.size
        h, w = x.shape[0] // ph, x.shape[1] // pw
        pooled = x[: h * ph, : w * pw].reshape(h, ph, w, pw, -1).max(axis=(1, 3))
        if box is None:
            return pooled, None
        r0, r1, c0, c1 = box
        return pooled, (r0 // ph, min(-(-r1 // ph), h), c0 // pw, min(-(-c1 // pw), w))


@dataclass
class _Dense:
    weights_t: np.ndarray  # (units, inputs): a contiguous row per unit reads fastest
    bias: np.ndarray
    activation: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray, box: Box | None) -> tuple[np.ndarray, Box | None]:
        values = self.weights_t @ x.reshape(-1)
        values += self.bias
        return _activate(self.activation, values), None


@dataclass
class _Map:
    fn: Callable[[np.ndarray], np.ndarray]
    keeps_box: bool

    def __call__(self, x: np.ndarray, box: Box | None) -> tuple[np.ndarray, Box | None]:
        return self.fn(x), (box if self.keeps_box else None)


Step = _Conv | _Pool | _Dense | _Map


def _step(layer: Any) -> Step | None:
    kind = type(layer).__name__
    if kind in IDENTITY_LAYERS:
        return _Map(_identity, keeps_box=True)
    if kind == "Flatten":
        return _Map(lambda x: x.reshape(-1), keeps_box=False)
    if kind in ("ReLU", "Softmax", "Activation"):
        act = _activation_of(layer)
        # Element by element (softmax: per position), so the blank pad's values stay blank.
        return None if act is None else _Map(act, keeps_box=True)
    activation = _activation_of(layer)
    bias = getattr(layer, "bias", None)
    if kind == "Dense" and activation is not None:
        kernel = layer.kernel.numpy().astype(np.float32)
        b = bias.numpy() if bias is not None else np.zeros(kernel.shape[1], np.float32)
        return _Dense(np.ascontiguousarray(kernel.T), b.astype(np.float32), activation)
    if kind == "Conv2D" and activation is not None and activation is not _softmax:
        return _conv_step(layer, activation)
    if kind == "MaxPooling2D":
        plain = (
            getattr(layer, "padding", "") == "valid"
            and tuple(layer.strides) == tuple(layer.pool_size)
            and getattr(layer, "data_format", "channels_last") == "channels_last"
        )
        return _Pool(tuple(layer.pool_size)) if plain else None
    return None


def _conv_step(layer: Any, activation: Callable[[np.ndarray], np.ndarray]) -> _Conv | None:
    plain = (
        tuple(layer.strides) == (1, 1)
        and tuple(layer.dilation_rate) == (1, 1)
        and getattr(layer, "groups", 1) == 1
        and getattr(layer, "data_format", "channels_last") == "channels_last"
        and layer.padding in ("valid", "same")
    )
    if not plain:
        return None
    kernel = layer.kernel.numpy().astype(np.float32)
    kh, kw, cin, cout = kernel.shape
    bias = getattr(layer, "bias", None)
    b = bias.numpy().astype(np.float32) if bias is not None else np.zeros(cout, np.float32)
    pad = (0, 0, 0, 0)
    if layer.padding == "same":  # as TensorFlow pads: the odd pixel goes after
        pad = ((kh - 1) // 2, kh // 2, (kw - 1) // 2, kw // 2)
    return _Conv(kernel.reshape(kh * kw * cin, cout), b, (kh, kw), pad, activation)


class FastForward:
    """features (D,) and probabilities (10,) for one framed drawing, in NumPy."""

    def __init__(self, steps: list[Step], feature_index: int) -> None:
        self.steps = steps
        self.feature_index = feature_index  # activations after this many steps feed the output
        blank = np.zeros((SIZE, SIZE, 1), np.float32)
        for step in steps:  # each convolution's output for a blank pad, computed once
            if isinstance(step, _Conv):
                step.blank = None
                out, _box = step(blank, None)
                step.blank = out
                blank = out
            else:
                blank, _box = step(blank, None)

    @classmethod
    def build(cls, model: keras.Model) -> FastForward | None:
        """The NumPy pass for `model`, or None if it has a layer this does not cover
        or its outputs differ from Keras' beyond float rounding."""
        found, chain = output_dense(model), layer_chain(model)
        if found is None or chain is None:
            return None
        _one_blas_thread()
        steps: list[Step] = []
        feature_index = None
        for layer in chain:
            if layer is found[0]:
                feature_index = len(steps)
            step = _step(layer)
            if step is None:
                return None
            steps.append(step)
        if feature_index is None:
            return None
        fast = cls(steps, feature_index)
        return fast if fast.agrees_with(model) else None

    def __call__(self, framed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = np.ascontiguousarray(framed, dtype=np.float32).reshape(SIZE, SIZE, 1)
        rows, cols = np.flatnonzero(x.any(axis=(1, 2))), np.flatnonzero(x.any(axis=(0, 2)))
        box: Box | None = (0, 0, 0, 0)
        if rows.size:
            box = (int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1)
        features = x
        for i, step in enumerate(self.steps):
            if i == self.feature_index:
                features = x
            x, box = step(x, box)
        return features.reshape(-1), x.reshape(-1)

    def agrees_with(self, model: keras.Model) -> bool:
        """True when this pass gives Keras' features and probabilities on test images."""
        import keras

        found = output_dense(model)
        assert found is not None
        net = keras.Model(model.inputs[0], [found[1], model.outputs[0]])
        rng = np.random.default_rng(0)
        images = np.zeros((4, SIZE, SIZE), np.float32)
        images[1] = rng.random((SIZE, SIZE))  # ink everywhere
        images[2, 6:22, 10:17] = rng.random((16, 7))  # a narrow digit
        images[3, 0:3, 25:28] = 1.0  # ink in a corner
        want_f, want_p = (np.asarray(v) for v in net(images[..., None], training=False))
        for i, image in enumerate(images):
            f, p = self(image)
            scale = max(1.0, float(np.abs(want_f[i]).max()))
            if f.shape != want_f[i].shape or p.shape != want_p[i].shape:
                return False
            if np.abs(f - want_f[i]).max() > TOLERANCE * scale:
                return False
            if np.abs(p - want_p[i]).max() > TOLERANCE:
                return False
        return True


@cache
def _one_blas_thread() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")  # kept for the whole process
