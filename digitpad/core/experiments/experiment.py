"""What the student changed, and the network it makes from the weights in use.

An `Experiment` is a value: the digit moved by (dx, dy), some feature maps switched off,
some first-layer kernels edited. `Experiment.network(base)` is a changed copy of the network
in use (`base`: a loaded model's, a training snapshot's), built from the same layers and
weights, so every number it gives is still that network's own arithmetic; `base` is never
touched and nothing is ever written to a model file.

A map switched off outputs 0 whatever its input (`MaskedOp`, forwards and backwards); for a
convolution its kernel and bias are shown as 0 too, so the walk-through's patch × kernel + bias
says the same. An edited kernel replaces that filter's weights and bias in the copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from digitpad.core.inference.network import Network, Stage
from digitpad.core.layers.batch_ops import BatchOp
from digitpad.core.layers.kind import LayerInfo, Weights

Shift = tuple[int, int]  # (dx, dy): dx > 0 moves right, dy > 0 down


@dataclass(frozen=True)
class KernelEdit:
    """A convolution filter's weights and bias as the student set them (the filter from 0)."""

    layer: str
    filter: int
    kernel: tuple[tuple[float, ...], ...]  # kh rows of kw values, one input channel
    bias: float

    def array(self) -> np.ndarray:
        return np.asarray(self.kernel, dtype=np.float32)


@dataclass(frozen=True)
class Experiment:
    """The digit moved, maps switched off, kernels edited; the empty one changes nothing."""

    shift: Shift = (0, 0)
    off: frozenset[tuple[str, int]] = field(default_factory=frozenset)  # (layer, map from 0)
    kernels: tuple[KernelEdit, ...] = ()

    # Reading it ----------------------------------------------------------------------------------

    @property
    def moved(self) -> bool:
        return self.shift != (0, 0)

    @property
    def changes_network(self) -> bool:
        """Maps switched off or kernels edited: the network is a changed copy."""
        return bool(self.off or self.kernels)

    @property
    def is_plain(self) -> bool:
        return not self.moved and not self.changes_network

    def maps_off(self, layer: str) -> tuple[int, ...]:
        """The maps of `layer` switched off (from 0), in order."""
        return tuple(sorted(index for name, index in self.off if name == layer))

    def layers_off(self) -> tuple[str, ...]:
        """The layers with maps switched off."""
        return tuple(sorted({name for name, _index in self.off}))

    def kernel(self, layer: str, index: int) -> KernelEdit | None:
        return next((k for k in self.kernels if (k.layer, k.filter) == (layer, index)), None)

    # Changing it (each returns a new one) ---------------------------------------------------------

    def moved_to(self, dx: int, dy: int) -> Experiment:
        return replace(self, shift=(int(dx), int(dy)))

    def switched(self, layer: str, index: int, off: bool) -> Experiment:
        key = (layer, int(index))
        return replace(self, off=self.off | {key} if off else self.off - {key})

    def with_maps_off(self, layer: str, indices: Iterable[int]) -> Experiment:
        """`layer`'s maps switched off exactly as `indices` say (others of it back on)."""
        others = {(name, i) for name, i in self.off if name != layer}
        return replace(self, off=frozenset(others | {(layer, int(i)) for i in indices}))

    def with_kernel(self, edit: KernelEdit) -> Experiment:
        kept = tuple(k for k in self.kernels if (k.layer, k.filter) != (edit.layer, edit.filter))
        return replace(self, kernels=(*kept, edit))

    def without_kernel(self, layer: str, index: int) -> Experiment:
        kept = tuple(k for k in self.kernels if (k.layer, k.filter) != (layer, index))
        return replace(self, kernels=kept)

    def without_changes_to_network(self) -> Experiment:
        return Experiment(shift=self.shift)

    def fitted_to(self, layers: Iterable[LayerInfo]) -> Experiment:
        """What of it still applies to a network of `layers` (another model loaded): maps and
        kernels it has, the move."""
        sizes = {info.name: info for info in layers}
        off = frozenset(
            (name, i)
            for name, i in self.off
            if name in sizes and sizes[name].is_map and i < sizes[name].size
        )
        kernels = tuple(k for k in self.kernels if _fits(k, sizes.get(k.layer)))
        return Experiment(self.shift, off, kernels)

    # Applying it ----------------------------------------------------------------------------------

    def move(self, framed: np.ndarray) -> np.ndarray:
        """The framed drawing as the network now sees it: moved by the shift."""
        from digitpad.core.experiments.moves import shifted

        return shifted(np.asarray(framed, np.float32), *self.shift) if self.moved else framed

    def network(self, base: Network) -> Network:
        """`base` with the maps switched off and the kernels edited: a new `Network` (base
        itself when nothing of it changes). Raises `ValueError` for a change `base` has no
        place for (see `fitted_to`)."""
        if not self.changes_network:
            return base
        names = {info.name for info in base.layers}
        unknown = ({name for name, _i in self.off} | {k.layer for k in self.kernels}) - names
        if unknown:
            raise ValueError(f"no layer {sorted(unknown)[0]!r} in this network")
        return Network(tuple(self._stage(stage) for stage in base.stages))

    def _stage(self, stage: Stage) -> Stage:
        info = stage.info
        edits = [k for k in self.kernels if k.layer == info.name]
        off = self.maps_off(info.name)
        if not edits and not off:
            return stage
        weights = _edited(info, stage.weights, edits, off)
        op = stage.op
        if weights is not stage.weights:
            batch = info.kind.batch
            new = None if batch is None else batch(info, weights)
            if new is None:
                raise ValueError(f"layer {info.name!r} cannot be rebuilt with new weights")
            op = new
        if off:
            op = MaskedOp(op, _keep(info, off))
        return Stage(info, weights, op)


def _fits(edit: KernelEdit, info: LayerInfo | None) -> bool:
    if info is None or not info.is_map or edit.filter >= info.size:
        return False
    kh, kw = info.config.get("kernel_size", (0, 0))
    shape = np.asarray(edit.kernel).shape
    return info.input_shape[-1] == 1 and shape == (kh, kw)


def _keep(info: LayerInfo, off: tuple[int, ...]) -> np.ndarray:
    if not info.is_map or info.config.get("data_format", "channels_last") != "channels_last":
        raise ValueError(f"layer {info.name!r} has no feature maps to switch off")
    channels = info.output_shape[-1]
    if any(not 0 <= i < channels for i in off):
        raise ValueError(f"layer {info.name!r} has {channels} maps")
    keep = np.ones(channels, np.float32)
    keep[list(off)] = 0.0
    return keep


def _edited(
    info: LayerInfo, weights: Weights, edits: list[KernelEdit], off: tuple[int, ...]
) -> Weights:
    """A convolution's kernel and bias with the edits, and zeros for the maps switched off
    (what its arithmetic then is); other layers' weights as they were."""
    if not weights or np.asarray(weights[0]).ndim != 4:
        if edits:
            raise ValueError(f"layer {info.name!r} has no kernels to edit")
        return weights
    kernel = np.array(weights[0], dtype=np.float32)  # copies: the model's own stay as they are
    filters = kernel.shape[-1]
    bias = (
        np.array(weights[1], dtype=np.float32)
        if len(weights) > 1
        else np.zeros(filters, np.float32)
    )
    for edit in edits:
        values = edit.array()
        if kernel.shape[2] != 1 or values.shape != kernel.shape[:2] or edit.filter >= filters:
            raise ValueError(f"kernel {edit.filter} does not fit layer {info.name!r}")
        kernel[:, :, 0, edit.filter] = values
        bias[edit.filter] = edit.bias
    for index in off:
        if index < filters:
            kernel[..., index] = 0.0
            bias[index] = 0.0
    # A layer built without a bias gets one of zeros (the op reads it as it would its absence),
    # so an edit's bias still counts.
    return (kernel, bias, *weights[2:])


class MaskedOp:
    """A layer whose switched-off maps output 0: its op, then the channels multiplied by
    `keep` (0 or 1); backwards, no gradient flows through a map that is off."""

    def __init__(self, op: BatchOp, keep: np.ndarray) -> None:
        self.op = op
        self.keep = keep

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.op.forward(x) * self.keep

    def backward(self, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
        return self.op.backward(x, y, dy * self.keep)
