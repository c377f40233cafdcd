"""Parameters and output shape of each kind of Keras layer, from its serialized config.

What `models.budget` needs to size a model file before Keras builds it. One
rule per layer class (`RULES`); a class without a rule is not loaded at all.
Shapes leave out the batch axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


class BudgetError(ValueError):
    """The config cannot be sized: `kind` says why, `detail` names the layer or class."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


Shape = tuple[int, ...]  # without the batch axis

# Shapes ------------------------------------------------------------------------------------


def _product(values: list[int]) -> int:
    """math.prod for a list of ints, typed as an int."""
    return int(math.prod(values))


def _ints(value: Any, n: int, name: str) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value] * n
    if not isinstance(value, (list, tuple)) or len(value) != n:
        raise BudgetError("malformed", name)
    out = []
    for v in value:
        if not isinstance(v, int) or isinstance(v, bool) or v < 0 or v > 1_000_000:
            raise BudgetError("malformed", name)
        out.append(v)
    return tuple(out)


def _positive(value: Any, name: str, limit: int = 10_000_000) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= limit:
        raise BudgetError("malformed", name)
    return value


def shape_of(value: Any, name: str = "shape") -> Shape:
    """A declared shape, batch axis dropped; every other axis a known size."""
    if not isinstance(value, (list, tuple)) or not value:
        raise BudgetError("malformed", name)
    dims = value[1:]
    return tuple(_positive(d, name) for d in dims)


def _conv_length(size: int, kernel: int, stride: int, dilation: int, padding: str) -> int:
    if stride < 1 or dilation < 1 or kernel < 1:
        raise BudgetError("malformed", "kernel")
    if padding == "same":
        return -(-size // stride)
    if padding == "valid":
        span = (kernel - 1) * dilation + 1
        return max(0, (size - span) // stride + 1)
    if padding == "causal":
        return -(-size // stride)
    raise BudgetError("malformed", "padding")


def _spatial(cfg: dict[str, Any], shape: Shape) -> tuple[Shape, int, bool]:
    """(spatial dims, channels, channels_last) of a 2-D image tensor shape."""
    if len(shape) != 3:
        raise BudgetError("shape", "expects an image")
    if cfg.get("data_format", "channels_last") == "channels_first":
        return shape[1:], shape[0], False
    return shape[:2], shape[2], True


def _image(spatial: Shape, channels: int, last: bool) -> Shape:
    return (*spatial, channels) if last else (channels, *spatial)


# Layers -----------------------------------------------------------------------------------
# Each: (config, input shapes) -> (parameters, output shape). Shapes exclude the batch axis.

LayerRule = Callable[[dict[str, Any], list[Shape]], tuple[int, Shape]]


def _same(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    return 0, shapes[0]


def _conv2d(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    kernel = _ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = _ints(cfg.get("strides", 1), 2, "strides")
    dilation = _ints(cfg.get("dilation_rate", 1), 2, "dilation_rate")
    filters = _positive(cfg.get("filters"), "filters")
    groups = _positive(cfg.get("groups", 1), "groups")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        _conv_length(s, k, st, d, padding)
        for s, k, st, d in zip(spatial, kernel, strides, dilation, strict=True)
    )
    params = math.prod(kernel) * (channels // groups) * filters
    params += filters if cfg.get("use_bias", True) else 0
    return params, _image(out, filters, last)


def _conv2d_transpose(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    kernel = _ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = _ints(cfg.get("strides", 1), 2, "strides")
    filters = _positive(cfg.get("filters"), "filters")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        s * st if padding == "same" else s * st + max(k - st, 0)
        for s, k, st in zip(spatial, kernel, strides, strict=True)
    )
    params = math.prod(kernel) * channels * filters + (filters if cfg.get("use_bias", True) else 0)
    return params, _image(out, filters, last)


def _depthwise(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    kernel = _ints(cfg.get("kernel_size"), 2, "kernel_size")
    strides = _ints(cfg.get("strides", 1), 2, "strides")
    dilation = _ints(cfg.get("dilation_rate", 1), 2, "dilation_rate")
    multiplier = _positive(cfg.get("depth_multiplier", 1), "depth_multiplier")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        _conv_length(s, k, st, d, padding)
        for s, k, st, d in zip(spatial, kernel, strides, dilation, strict=True)
    )
    depth = channels * multiplier
    params = math.prod(kernel) * depth
    if "filters" in cfg and cfg.get("filters") is not None:  # SeparableConv2D: then 1×1
        filters = _positive(cfg.get("filters"), "filters")
        params += depth * filters + (filters if cfg.get("use_bias", True) else 0)
        return params, _image(out, filters, last)
    params += depth if cfg.get("use_bias", True) else 0
    return params, _image(out, depth, last)


def _pool2d(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    pool = _ints(cfg.get("pool_size", 2), 2, "pool_size")
    strides = _ints(cfg.get("strides") or pool, 2, "strides")
    padding = str(cfg.get("padding", "valid")).lower()
    out = tuple(
        _conv_length(s, p, st, 1, padding) for s, p, st in zip(spatial, pool, strides, strict=True)
    )
    return 0, _image(out, channels, last)


def _global_pool2d(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    _spatial_dims, channels, last = _spatial(cfg, shapes[0])
    if cfg.get("keepdims"):
        return 0, _image((1, 1), channels, last)
    return 0, (channels,)


def _flatten(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    return 0, (math.prod(shapes[0]),)


def _reshape(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    target = cfg.get("target_shape")
    if not isinstance(target, (list, tuple)) or not target:
        raise BudgetError("malformed", "target_shape")
    size = math.prod(shapes[0])
    known = [d for d in target if d != -1]
    dims = [_positive(d, "target_shape") for d in known]
    if len(known) == len(target):
        out = tuple(dims)
    elif len(target) - len(known) == 1 and _product(dims) and size % _product(dims) == 0:
        out = tuple(size // _product(dims) if d == -1 else d for d in target)
    else:
        raise BudgetError("malformed", "target_shape")
    if math.prod(out) != size:
        raise BudgetError("shape", "target_shape")
    return 0, out


def _dense(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    shape = shapes[0]
    units = _positive(cfg.get("units"), "units")
    params = shape[-1] * units + (units if cfg.get("use_bias", True) else 0)
    return params, (*shape[:-1], units)


def _axes(cfg: dict[str, Any], shape: Shape) -> list[int]:
    axis = cfg.get("axis", -1)
    axes = axis if isinstance(axis, (list, tuple)) else [axis]
    out = []
    for a in axes:
        if not isinstance(a, int) or isinstance(a, bool):
            raise BudgetError("malformed", "axis")
        # Config axes count the batch axis; ours do not.
        index = a - 1 if a > 0 else len(shape) + a
        if not 0 <= index < len(shape):
            raise BudgetError("malformed", "axis")
        out.append(index)
    return out


def _batch_norm(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    size = math.prod(shapes[0][i] for i in _axes(cfg, shapes[0]))
    return 4 * size, shapes[0]  # gamma, beta, moving mean, moving variance


def _layer_norm(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    size = math.prod(shapes[0][i] for i in _axes(cfg, shapes[0]))
    return 2 * size, shapes[0]


def _prelu(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    shape = list(shapes[0])
    for a in cfg.get("shared_axes") or []:
        if isinstance(a, int) and 1 <= a <= len(shape):
            shape[a - 1] = 1
    return math.prod(shape), shapes[0]


def _padding2d(cfg: dict[str, Any], shapes: list[Shape], sign: int, key: str) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    value = cfg.get(key, 1)
    if isinstance(value, int):
        pads = [(value, value), (value, value)]
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        pads = [(a, b) for a, b in (_ints(v, 2, key) for v in value)]
    else:
        raise BudgetError("malformed", key)
    out = tuple(s + sign * (a + b) for s, (a, b) in zip(spatial, pads, strict=True))
    if min(out) < 0:
        raise BudgetError("shape", key)
    return 0, _image(out, channels, last)


def _upsampling2d(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    spatial, channels, last = _spatial(cfg, shapes[0])
    size = _ints(cfg.get("size", 2), 2, "size")
    return 0, _image(tuple(s * k for s, k in zip(spatial, size, strict=True)), channels, last)


def _merge(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    return 0, max(shapes, key=math.prod)


def _concatenate(cfg: dict[str, Any], shapes: list[Shape]) -> tuple[int, Shape]:
    axis = _axes(cfg, shapes[0])[0]
    out = list(shapes[0])
    out[axis] = sum(s[axis] if len(s) > axis else 0 for s in shapes)
    return 0, tuple(out)


# Layers whose output has their input's shape and which hold no weights.
# fmt: off
SHAPE_KEEPING = (
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
    "AlphaDropout", "ActivityRegularization", "Activation", "ReLU", "LeakyReLU", "ELU",
    "Softmax", "Rescaling", "Identity", "Masking",
)
# fmt: on

RULES: dict[str, LayerRule] = {
    **dict.fromkeys(SHAPE_KEEPING, _same),
    "Conv2D": _conv2d,
    "Conv2DTranspose": _conv2d_transpose,
    "DepthwiseConv2D": _depthwise,
    "SeparableConv2D": _depthwise,
    "MaxPooling2D": _pool2d,
    "AveragePooling2D": _pool2d,
    "GlobalMaxPooling2D": _global_pool2d,
    "GlobalAveragePooling2D": _global_pool2d,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Dense": _dense,
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "PReLU": _prelu,
    "ZeroPadding2D": lambda c, s: _padding2d(c, s, 1, "padding"),
    "Cropping2D": lambda c, s: _padding2d(c, s, -1, "cropping"),
    "UpSampling2D": _upsampling2d,
    "Add": _merge,
    "Subtract": _merge,
    "Multiply": _merge,
    "Average": _merge,
    "Maximum": _merge,
    "Minimum": _merge,
    "Concatenate": _concatenate,
}
