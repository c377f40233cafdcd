"""A `.keras` model file read without Keras: its config, its layers and their weight arrays.

Behind the archive's checks (`archive.open_checked`: a regular file, a sane
zip, a config whose declared layers are bounded), the config is laid out into
layers (`architecture`), and `model.weights.h5`, read from the archive into
memory (its size already bounded by the declared parameters), is checked as
HDF5 (`hdf5.check_hdf5`: no links to other files, no external storage or
virtual datasets, no filter but gzip) before the arrays each layer declares
are read and checked (`hdf5.read_weights`). What comes back is plain data:
the config, the layers, their arrays by layer name, and Keras' own members as
they were read (so the model can be saved elsewhere without Keras).

A model whose layers are not one chain of known kinds (`architecture` says
so) has no `architecture`; its file is still checked as HDF5 before Keras
reads it (`store.load_model`).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.files import shown
from digitpad.core.i18n import _
from digitpad.core.layers.sizes import BudgetError
from digitpad.core.models.architecture import Architecture, read_architecture
from digitpad.core.models.archive import (
    BUDGET_MESSAGES,
    CONFIG_MEMBER,
    WEIGHTS_MEMBER,
    open_checked,
)
from digitpad.core.models.hdf5 import check_hdf5, open_hdf5, read_weights

KERAS_METADATA_MEMBER = "metadata.json"  # Keras' own (its version, the date saved)
MAX_KERAS_METADATA = 64 * 1024


@dataclass(frozen=True, eq=False)
class ModelFile:
    """What a model file holds, read and checked: the config, its layers (None: not one
    chain of known kinds) and each layer's arrays by layer name (as Keras keeps them)."""

    path: Path
    config: dict[str, Any]
    architecture: Architecture | None
    weights: dict[str, tuple[np.ndarray, ...]] = field(default_factory=dict)
    keras_members: dict[str, bytes] = field(default_factory=dict)  # as read, for Save As


def read_model_file(path: Path | str) -> ModelFile:
    """The model file at `path`, read and checked; `ModelError` (one sentence) otherwise."""
    path = Path(path).expanduser()
    with open_checked(path) as (f, _budget):
        return read_checked(f, path)


def read_checked(f: BinaryIO, path: Path) -> ModelFile:
    """The archive `f` (that `open_checked` passed) read: config, layers, weights."""
    try:
        with zipfile.ZipFile(f) as archive:
            members = {name: _member(archive, name) for name in (CONFIG_MEMBER, WEIGHTS_MEMBER)}
            try:
                info = archive.getinfo(KERAS_METADATA_MEMBER)
            except KeyError:
                pass
            else:
                if info.file_size <= MAX_KERAS_METADATA:
                    members[KERAS_METADATA_MEMBER] = archive.read(info)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
        raise ModelError(
            _("{path} is a damaged zip archive, not a usable .keras model.").format(
                path=shown(path)
            )
        ) from exc
    f.seek(0)
    config = json.loads(members[CONFIG_MEMBER].decode("utf-8"))  # `open_checked` parsed it
    try:
        architecture = read_architecture(config)
    except BudgetError as exc:
        template = BUDGET_MESSAGES.get(exc.kind, BUDGET_MESSAGES["malformed"])
        raise ModelError(_(template).format(path=shown(path), detail=shown(exc.detail))) from exc
    with open_hdf5(members[WEIGHTS_MEMBER], path) as weights_file:
        check_hdf5(weights_file, path)
        weights = {}
        if architecture is not None:
            declared = [
                (layer.info.name, f"{layer.weights_path}/vars", [v.shape for v in layer.variables])
                for layer in architecture.layers
            ]
            weights = read_weights(weights_file, declared, path)
    return ModelFile(path, config, architecture, weights, members)


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member the archive's checks already sized (zipfile reads no more than it declares)."""
    return archive.read(archive.getinfo(name))
