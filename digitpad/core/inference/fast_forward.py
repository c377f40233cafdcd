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

A blank pad's activations are computed once: the framed drawing is mostly
zeros, and a layer's output is the blank pad's wherever its window sees
nothing that differs from the blank pad. So each layer computes only the
positions whose window holds a changed input (a mask passed from layer to
layer), and a Dense layer starts from its blank output and adds only the
share of the inputs that differ, W·x = W·blank + W·(x − blank): of the
9216×128 matrix only the rows of those inputs are read.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.data.framing import SIZE
from digitpad.core.inference.features import layer_chain, output_dense
from digitpad.core.layers.fast_windows import WindowAny, window_index, window_max

if TYPE_CHECKING:
    import keras

TOLERANCE = 1e-5  # largest difference from Keras' own outputs that is float rounding
IDENTITY_LAYERS = ("Dropout", "SpatialDropout2D", "GaussianDropout", "GaussianNoise")
# (H, W) bool: positions whose activations may differ from the blank pad's; None: unknown.
Changed = np.ndarray | None
SMALL_MATRIX_BYTES = 256 * 1024  # a Dense matrix below this stays in cache: plain product
GATHERED_ROWS = 512  # Dense weight rows gathered and multiplied at a time
CHEAP_LAYER_MACS = 1_000_000  # a convolution this cheap is computed at every position


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


def _activate(fn: Callable[[np.ndarray], np.ndarray], fresh: np.ndarray) -> np.ndarray:
    """`fn(fresh)`, in place for ReLU (`fresh` is an array no one else holds)."""
    return np.maximum(fresh, 0.0, out=fresh) if fn is _relu else fn(fresh)


class _Conv:
    """Conv2D, stride 1, channels last; "same" padding becomes explicit zero padding.

    `prepare` computes the blank pad's output once; a call recomputes only the
    positions whose window holds a changed input and copies the rest. A cheap
    layer (the first convolution: 9 inputs per position) is computed everywhere:
    that takes fewer NumPy calls than choosing positions.
    """

    def __init__(
        self,
        kernel: np.ndarray,
        bias: np.ndarray,
        size: tuple[int, int],
        pad: tuple[int, int, int, int],
        activation: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self.kernel = kernel  # (kh * kw * Cin, Cout), rows ordered (i, j, channel)
        self.bias = bias
        self.size = size
        self.pad = pad  # top, bottom, left, right
        self.activation = activation
        self.index = np.zeros((0, 0), np.int32)  # window_index for the input's shape
        self.blank = np.zeros((0, 0, 0), np.float32)  # the output for a blank pad
        self.everywhere = False  # compute every position (set by `prepare`)
        self.reach = WindowAny((0, 0), (0, 0), (1, 1))  # which outputs a changed input reaches
        # The bias for every position, and zeros for ReLU: NumPy adds a broadcast row and
        # takes the maximum with a scalar three times slower than with a same-shaped array.
        self.bias_rows = np.zeros((0, 0), np.float32)
        self.zeros = np.zeros((0, 0), np.float32)

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        """Fix the index for this input's shape; return (and keep) the blank pad's output."""
        x = self._padded(blank_in)
        (h, w), (kh, kw) = x.shape[:2], self.size
        self.index = window_index((h, w), self.size)
        self.reach = WindowAny((h, w), self.size, (1, 1))
        self.bias_rows = np.tile(self.bias, (len(self.index), 1))
        self.zeros = np.zeros_like(self.bias_rows)
        self.blank = self._at(x, self.index).reshape(h - kh + 1, w - kw + 1, -1)
        self.everywhere = self.index.shape[0] * self.kernel.size <= CHEAP_LAYER_MACS
        return self.blank

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        if changed is None:
            changed = np.ones(x.shape[:2], dtype=bool)
        x, changed = self._padded(x), self._padded(changed)
        reached = self.reach(changed)
        if self.everywhere:  # unchanged positions compute the blank pad's values exactly
            return self._at(x, self.index).reshape(self.blank.shape), reached
        positions = np.flatnonzero(reached)
        out = self.blank.copy()
        if positions.size:
            out.reshape(-1, out.shape[-1])[positions] = self._at(x, self.index[positions])
        return out, reached

    def _padded(self, x: np.ndarray) -> np.ndarray:
        if not any(self.pad):
            return x
        top, bottom, left, right = self.pad
        return np.pad(x, ((top, bottom), (left, right)) + ((0, 0),) * (x.ndim - 2))

    def _at(self, x: np.ndarray, windows: np.ndarray) -> np.ndarray:
        """This layer's outputs (len(windows), Cout) for rows of `self.index`."""
        count = len(windows)
        patches = np.take(x.reshape(-1, x.shape[-1]), windows, axis=0)
        values = patches.reshape(count, -1) @ self.kernel
        values += self.bias_rows[:count]
        if self.activation is _relu:
            return np.maximum(values, self.zeros[:count], out=values)
        return self.activation(values)


class _Pool:
    """MaxPooling2D with strides equal to the pool size, "valid" padding."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.reach = WindowAny((0, 0), (0, 0), (1, 1))  # which outputs a changed input reaches

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        self.reach = WindowAny(blank_in.shape[:2], self.size, self.size)
        return window_max(blank_in, self.size, self.size)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        reached = None if changed is None else self.reach(changed)
        return window_max(x, self.size, self.size), reached


class _Dense:
    """Dense on a flat input, as its blank pad's output plus W·(x − blank) over the inputs
    that differ from the blank pad's (exactly zero differences add nothing).

    After the course's Flatten about a third of the changed positions' inputs
    differ (ReLU keeps most of the blank pad's zeros), so only those rows of
    the 9216×128 matrix are read (gathered a block at a time): memory, not
    arithmetic, is this layer's cost.
    """

    def __init__(
        self, kernel: np.ndarray, bias: np.ndarray, activation: Callable[[np.ndarray], np.ndarray]
    ) -> None:
        self.kernel = kernel  # (inputs, units): one input's weights are one contiguous row
        self.bias = bias
        self.activation = activation
        self.blank_in = np.zeros(0, np.float32)
        self.blank_sum = np.zeros(0, np.float32)  # W·blank + b, before the activation
        # A small matrix (the 128×10 output layer) costs less than finding what moved.
        self.from_blank = kernel.nbytes >= SMALL_MATRIX_BYTES

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        self.blank_in = blank_in.reshape(-1)
        exact = self.blank_in.astype(np.float64) @ self.kernel.astype(np.float64)
        self.blank_sum = (exact + self.bias).astype(np.float32)
        return _activate(self.activation, self.blank_sum.copy())

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        flat = x.reshape(-1)
        if self.from_blank:
            diff = flat - self.blank_in
            moved = np.flatnonzero(diff != 0)  # (a bool array's nonzero is the fast one)
            if moved.size <= flat.size // 2:  # else the plain product reads less
                values, moves = self.blank_sum.copy(), diff[moved]
                # BLAS sums a product's terms one after another in float32: in blocks the
                # rounding stays at the plain product's level (and each block in cache).
                for start in range(0, moved.size, GATHERED_ROWS):
                    rows = slice(start, start + GATHERED_ROWS)
                    values += moves[rows] @ np.take(self.kernel, moved[rows], axis=0)
                return _activate(self.activation, values), None
        values = flat @ self.kernel
        values += self.bias
        return _activate(self.activation, values), None


class _Map:
    """A step that works position by position (identity, an activation, softmax over the
    channels) or Flatten: the changed mask holds while the output is a (H, W, C) grid."""

    def __init__(self, fn: Callable[[np.ndarray], np.ndarray]) -> None:
        self.fn = fn

    def prepare(self, blank_in: np.ndarray) -> np.ndarray:
        return self.fn(blank_in)

    def __call__(self, x: np.ndarray, changed: Changed) -> tuple[np.ndarray, Changed]:
        out = self.fn(x)
        return out, (changed if out.ndim == 3 else None)


Step = _Conv | _Pool | _Dense | _Map


def _flatten(x: np.ndarray) -> np.ndarray:
    return x.reshape(-1)


def _step(layer: Any) -> Step | None:
    kind = type(layer).__name__
    if kind in IDENTITY_LAYERS:
        return _Map(_identity)
    if kind == "Flatten":
        return _Map(_flatten)
    if kind in ("ReLU", "Softmax", "Activation"):
        act = _activation_of(layer)
        # Element by element (softmax: per position), so the blank pad's values stay blank.
        return None if act is None else _Map(act)
    activation = _activation_of(layer)
    bias = getattr(layer, "bias", None)
    if kind == "Dense" and activation is not None:
        kernel = layer.kernel.numpy().astype(np.float32)
        b = bias.numpy() if bias is not None else np.zeros(kernel.shape[1], np.float32)
        return _Dense(np.ascontiguousarray(kernel), b.astype(np.float32), activation)
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
        for step in steps:  # each layer's output for a blank pad, computed once
            blank = step.prepare(blank)

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
        changed: Changed = x[:, :, 0] != 0  # the blank pad is all zeros
        features = x
        for i, step in enumerate(self.steps):
            if i == self.feature_index:
                features = x
            x, changed = step(x, changed)
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
