"""A legacy HDF5 model (`model.save("x.h5")`, Keras 2's and Keras 3's) read without Keras.

Keras' own loader for these files runs whatever their config names and ignores
safe_mode, so digitpad never hands one to it. It reads the file itself, under
the bounds and checks a `.keras` archive gets:

1. the file is a regular file whose HDF5 data ends exactly where the file does
   (`hdf5.check_extent`: not cut short, not padded) and no larger than any
   model digitpad loads; every link and dataset in it stays inside it, stored
   plainly or with gzip (`hdf5.check_hdf5`) before anything is read;
2. the `model_config` attribute, a string of at most `MAX_CONFIG_BYTES`, is
   the model's config.json in all but shape (`keras2.normalized` makes Keras
   2's Keras 3's), and passes the same budget: known layer kinds only, no
   Lambda, no custom layer, a 28×28×1 input, bounded sizes;
3. the file is no larger than those weights and the optimizer state its
   `training_config` declares need (`optimizer.trained_slots`);
4. the layers form one chain (`architecture`), and each layer's arrays are
   read from its group under `model_weights` by the `weight_names` it lists,
   Keras 2's `conv2d/kernel:0` and Keras 3's `sequential/conv2d/kernel`
   alike, each checked against the shape its config declares (`hdf5.read_array`).

What comes back is a `ModelFile` like a `.keras` file's; the optimizer's
arrays are never read.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.files import format_size, shown
from digitpad.core.i18n import N_, _
from digitpad.core.layers.sizes import BudgetError
from digitpad.core.models.architecture import Architecture, read_architecture
from digitpad.core.models.archive import (
    BUDGET_MESSAGES,
    MAX_CONFIG_BYTES,
    MAX_PARAMETERS,
    checked_budget,
    weights_allowance,
)
from digitpad.core.models.hdf5 import (
    SIGNATURE,
    DamagedError,
    check_extent,
    check_hdf5,
    miscounted,
    read_array,
)
from digitpad.core.models.keras2 import normalized
from digitpad.core.models.optimizer import MOST, trained_slots

if TYPE_CHECKING:
    import h5py

HEAD = 64  # bytes holding any superblock's end-of-file address
WEIGHTS_GROUP = "model_weights"
MAX_NAMES = 64  # weight arrays of one layer (BatchNormalization has 4)
MAX_NAME = 1024  # characters of one weight's name
# The largest legacy file digitpad opens at all: the most parameters it loads, as float32,
# each with the most optimizer state any of Keras' optimizers keeps, and two configs.
MAX_FILE_BYTES = MAX_PARAMETERS * 4 * (1 + MOST) + 2 * MAX_CONFIG_BYTES

MESSAGES = {  # the budget's sentences, for a config read from model_config
    **BUDGET_MESSAGES,
    "malformed": N_("{path} has a model_config that does not describe a model ({detail})."),
}


def _refuse(template: str, path: Path, **values: Any) -> ModelError:
    return ModelError(_(template).format(path=shown(path), **values))


def is_hdf5(head: bytes) -> bool:
    """The first bytes of a file are an HDF5 superblock's (a legacy model, or no model)."""
    return head.startswith(SIGNATURE)


def read_legacy(f: BinaryIO, path: Path) -> tuple[dict[str, Any], Architecture, dict[str, Any]]:
    """The open legacy file `f` read and checked: its config (in Keras 3's shape), its layers
    and each layer's arrays by layer name. `ModelError` (one sentence) otherwise."""
    import h5py

    size = os.fstat(f.fileno()).st_size
    f.seek(0)
    try:
        check_extent(f.read(HEAD), size, path)
    except DamagedError as exc:  # no superblock to read its end from
        raise _damaged(path) from exc
    if size > MAX_FILE_BYTES:
        raise _refuse(
            N_("{path} is {size}, more than digitpad reads for a model ({limit})."),
            path,
            size=format_size(size),
            limit=format_size(MAX_FILE_BYTES),
        )
    f.seek(0)
    try:
        with h5py.File(f, "r") as h5:
            return _read(h5, size, path)
    except (DamagedError, OSError, RuntimeError, ValueError, KeyError) as exc:
        raise _damaged(path) from exc


def _damaged(path: Path) -> ModelError:
    return _refuse(N_("{path} is a damaged HDF5 file, not a usable model."), path)


def _read(
    h5: h5py.File, size: int, path: Path
) -> tuple[dict[str, Any], Architecture, dict[str, Any]]:
    check_hdf5(h5, path)
    text = _text(h5, "model_config", path)
    if text is None:
        raise _refuse(
            N_(
                "{path} holds weights only (as model.save_weights writes them), not a model: "
                "digitpad needs the whole model (model.save)."
            ),
            path,
        )
    config = normalized(_json(text, path))
    budget = checked_budget(config, path, MESSAGES)
    training_text = _text(h5, "training_config", path)
    training = _json(training_text, path) if training_text is not None else None
    allowed = weights_allowance(budget, trained_slots(training)) + len(text)
    allowed += len(training_text or "")
    if size > allowed:
        raise _refuse(
            N_("{path} is {size}, far more than its {count:,} declared parameters need."),
            path,
            size=format_size(size),
            count=budget.parameters,
        )
    try:
        architecture = read_architecture(config)
    except BudgetError as exc:
        template = MESSAGES.get(exc.kind, MESSAGES["malformed"])
        raise _refuse(template, path, detail=shown(exc.detail)) from exc
    if architecture is None:
        raise _refuse(
            N_(
                "{path} is a legacy .h5 model whose layers do not run one after another; "
                "digitpad reads such a model only as a .keras file."
            ),
            path,
        )
    return config, architecture, _weights(h5, architecture, path)


def _text(h5: h5py.File, name: str, path: Path) -> str | None:
    """The string attribute `name` of the file's root (None if absent), bounded before it is
    read where HDF5 says its size, and after it is read where it does not (a variable-length
    string: at most the file, which is bounded)."""
    import h5py

    if name not in h5.attrs:
        return None
    handle = h5.attrs.get_id(name)
    info = h5py.check_string_dtype(handle.dtype)
    if info is None or handle.shape not in ((), (1,)):
        raise _refuse(MESSAGES["malformed"], path, detail=name)
    if info.length is not None and info.length > MAX_CONFIG_BYTES:
        raise _too_long(path, name, info.length)
    value = h5.attrs[name]
    if isinstance(value, np.ndarray):
        value = value.reshape(-1)[0]
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _not_json(path, name) from exc
    if not isinstance(value, str):
        raise _refuse(MESSAGES["malformed"], path, detail=name)
    if len(value) > MAX_CONFIG_BYTES:
        raise _too_long(path, name, len(value))
    return value


def _too_long(path: Path, name: str, size: int) -> ModelError:
    return _refuse(
        N_("{path} has a {name} of {size}; a model's description takes a few kilobytes."),
        path,
        name=name,
        size=format_size(size),
    )


def _not_json(path: Path, name: str) -> ModelError:
    return _refuse(N_("{path} has a {name} that is not valid JSON."), path, name=name)


def _json(text: str, path: Path, name: str = "model_config") -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _not_json(path, name) from exc


def _weights(
    h5: h5py.File, architecture: Architecture, path: Path
) -> dict[str, tuple[np.ndarray, ...]]:
    import h5py

    root = h5.get(WEIGHTS_GROUP)
    if not isinstance(root, h5py.Group):
        raise _refuse(N_("{path} holds no weights (model_weights)."), path)
    out: dict[str, tuple[np.ndarray, ...]] = {}
    for layer in architecture.layers:
        name, shapes = layer.info.name, [v.shape for v in layer.variables]
        if not shapes:
            out[name] = ()
            continue
        group = root.get(name) if not name.startswith("/") else None
        if not isinstance(group, h5py.Group):
            raise _refuse(N_("{path} lacks the weights of layer {layer}."), path, layer=shown(name))
        names = _names(group, name, len(shapes), path)
        out[name] = tuple(
            read_array(_dataset(group, weight, name, path), name, shape, path)
            for weight, shape in zip(names, shapes, strict=True)
        )
    return out


def _names(group: h5py.Group, layer: str, declared: int, path: Path) -> list[str]:
    """The layer's `weight_names`, once there are as many as its config declares."""
    import h5py

    if "weight_names" not in group.attrs:
        raise miscounted(path, layer, 0, declared)
    handle = group.attrs.get_id("weight_names")
    count = int(np.prod(handle.shape)) if handle.shape is not None else 0
    if len(handle.shape or ()) > 1 or count != declared or count > MAX_NAMES:
        raise miscounted(path, layer, count, declared)
    info = h5py.check_string_dtype(handle.dtype)
    if info is None or (info.length is not None and info.length > MAX_NAME):
        raise _refuse(MESSAGES["malformed"], path, detail="weight_names")
    names = []
    for value in np.asarray(group.attrs["weight_names"]).reshape(-1):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if not text or len(text) > MAX_NAME or text.startswith("/"):
            raise _refuse(MESSAGES["malformed"], path, detail="weight_names")
        names.append(text)
    return names


def _dataset(group: h5py.Group, weight: str, layer: str, path: Path) -> Any:
    found = group.get(weight)
    if found is None:
        raise _refuse(N_("{path} lacks the weights of layer {layer}."), path, layer=shown(layer))
    return found
