"""How much memory training a network takes, estimated from its layer table before any data
is loaded, against a stated budget.

A network can pass every other check and still be a memory bomb: the issue's
`Conv2D(2500, kernel_size=1)`, `MaxPooling2D(28)`, `Flatten`, `Dense(10)` has
only 30,010 parameters, but its convolution makes 1,960,000 values for every
image, and training went past 4.5 GB. What training holds at once is:

- a training step: every layer's output for the whole batch (kept for the
  backward pass), their gradients and TensorFlow's working copies:
  `TRAINING_COPIES` × batch × all the values one image makes;
- the check on the test set after each epoch, `VALIDATION_IMAGES` at a time
  (`training.train` uses this constant): each layer's input and output at once,
  `INFERENCE_COPIES` × images × the largest such pair;
- the weights, their gradients and the optimizer's slots (Adadelta keeps two
  per weight), with copies handed to the window: `PARAMETER_COPIES` × parameters;
- MNIST and its input pipeline: `FIXED_BYTES`.

The parts are added up: TensorFlow keeps what the training steps took while the
test set is checked. Measured here (TensorFlow 2.21, float32, peak resident
memory above the process before training; `benchmarks/training_memory.py`
prints it beside this estimate): the course's CNN at batch 128 took 203 MB, at
batch 512 348 MB; the issue's network at batch 16 with the test set 100 images
at a time took 1,054 MB, 247 MB more at batch 32 (2.0 copies per training
image; the estimate counts 2.5). The estimate errs high on purpose: it only has
to keep what cannot fit from starting, and every preset passes up to batch 1,024.

The budget (`BUDGET_BYTES`, 2 GB) is for the network's own numbers, on top of
what TensorFlow itself takes (about 1 GB here): a computer with 4 GB of memory
can train every network it allows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from digitpad.core.files import format_size, quoted
from digitpad.core.i18n import _
from digitpad.core.layers.kind import LayerInfo

BYTES_PER_VALUE = 4  # float32, as Keras trains
TRAINING_COPIES = 2.5  # per value of a training batch (measured: 1.5 to 2.0)
INFERENCE_COPIES = 1.25  # per value of a layer's input and output while checking
PARAMETER_COPIES = 6  # weights, gradients, Adadelta's two slots, copies for the window
FIXED_BYTES = 256 << 20  # MNIST as arrays and the input pipeline's batches
VALIDATION_IMAGES = 1_000  # test images per validation step (`training.train`)
BUDGET_BYTES = 2 << 30


@dataclass(frozen=True)
class TrainingMemory:
    """The estimate for one network and batch size: its total, and which layer weighs most."""

    total: int  # bytes
    heaviest: int  # index (in the layer table) of the layer whose output is largest
    heaviest_values: int  # values that layer makes for one image
    by_batch: bool  # the training step weighs most (a smaller batch helps), not the checking

    @property
    def fits(self) -> bool:
        return self.total <= BUDGET_BYTES


def _values(shape: Sequence[int]) -> int:
    return math.prod(shape)


def estimate(
    layers: Sequence[LayerInfo], batch_size: int, validation_images: int = VALIDATION_IMAGES
) -> TrainingMemory:
    """Bytes training `layers` (a layer table, input first) at `batch_size` is estimated to
    hold at its peak, the test set checked `validation_images` at a time (see the module's
    docstring)."""
    if not layers:
        return TrainingMemory(FIXED_BYTES, 0, 0, True)
    outputs = [_values(info.output_shape) for info in layers]
    every_value = _values(layers[0].input_shape) + sum(outputs)
    pairs = zip(layers, outputs, strict=True)
    largest_pair = max(_values(info.input_shape) + out for info, out in pairs)
    parameters = sum(info.params for info in layers)
    training = TRAINING_COPIES * max(1, batch_size) * every_value
    checking = INFERENCE_COPIES * validation_images * largest_pair
    # Both, not the larger: what the training steps took is still held (TensorFlow keeps
    # its buffers) when the test set is checked (measured: the network at batch 32
    # took 1,301 MB, more than either part alone).
    total = FIXED_BYTES + BYTES_PER_VALUE * (PARAMETER_COPIES * parameters + training + checking)
    heaviest = max(range(len(layers)), key=lambda i: outputs[i])
    return TrainingMemory(int(total), heaviest, outputs[heaviest], training >= checking)


def budget_sentence(memory: TrainingMemory, batch_size: int) -> str:
    """Why a network is refused, naming the total, the budget and the heaviest layer's values
    (the caller puts "Line N: " before it), and what would help."""
    if memory.by_batch:
        template = _(
            "training this network with batch size {batch} would take about {need} of "
            "memory, more than the {budget} digitpad allows for training; this layer makes "
            "{values} values for each image. Use a smaller batch size, fewer filters or "
            "neurons, or pool earlier"
        )
    else:
        template = _(
            "training this network would take about {need} of memory, more than the "
            "{budget} digitpad allows for training: this layer makes {values} values for "
            "each image, and the test set is checked {images} images at a time. Use fewer "
            "filters or neurons, or pool earlier"
        )
    return template.format(
        batch=f"{batch_size:,}",
        need=format_size(memory.total),
        budget=format_size(BUDGET_BYTES),
        values=f"{memory.heaviest_values:,}",
        images=f"{VALIDATION_IMAGES:,}",
    )


def model_sentence(
    memory: TrainingMemory, batch_size: int, layer: str, *, further: bool = False
) -> str:
    """Why a loaded model cannot be fine-tuned (or, `further`, trained further): the total,
    the budget and its heaviest layer."""
    if further:
        template = _(
            "Training this model further with batch size {batch} would take about {need} of "
            "memory, more than the {budget} digitpad allows for training; its layer {layer} "
            "makes {values} values for each image."
        )
    else:
        template = _(
            "Fine-tuning this model with batch size {batch} would take about {need} of memory, "
            "more than the {budget} digitpad allows for training; its layer {layer} makes "
            "{values} values for each image."
        )
    return template.format(
        batch=f"{batch_size:,}",
        need=format_size(memory.total),
        budget=format_size(BUDGET_BYTES),
        layer=quoted(layer),
        values=f"{memory.heaviest_values:,}",
    )
