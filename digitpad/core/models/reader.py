"""A model file read without Keras: its config, its layers and their weight arrays.

Two formats, told apart by their first bytes, not their names: a `.keras`
archive (a zip) and a legacy HDF5 model (`model.save("x.h5")`, `legacy`).
For an archive, behind its checks (`archive.open_checked`: a regular file, a
sane zip, a config whose declared layers are bounded, weights no larger than
those layers and the optimizer state its config declares), the config is laid
out into layers (`architecture`), and `model.weights.h5`, read from the
archive into memory (its size already bounded), is checked as HDF5
(`hdf5.check_extent`: it ends where its data does; `hdf5.check_hdf5`: no
links to other files, no external storage or virtual datasets, no filter but
gzip) before the arrays each layer declares are read and checked
(`hdf5.read_weights`). What comes back is plain data: the config, the layers,
their arrays by layer name, and Keras' own members as they were read (so the
model can be saved elsewhere without Keras; for a legacy file, as Keras 3
would write them: `convert`).

An archive whose layers are not one chain of known kinds (`architecture` says
so) has no `architecture`; its file is still checked as HDF5 before Keras
reads it (`store.load_model`). A legacy file must be one chain: Keras never
reads it.
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
from digitpad.core.files import expanded, shown
from digitpad.core.i18n import _
from digitpad.core.layers.sizes import BudgetError
from digitpad.core.models.architecture import Architecture, read_architecture
from digitpad.core.models.archive import (
    BUDGET_MESSAGES,
    CONFIG_MEMBER,
    MAX_MEMBERS,
    WEIGHTS_MEMBER,
    check_archive,
    opened,
)
from digitpad.core.models.hdf5 import SIGNATURE, check_extent, check_hdf5, open_hdf5, read_weights
from digitpad.core.models.legacy import is_hdf5, read_legacy
from digitpad.core.npz import open_zip

KERAS_METADATA_MEMBER = "metadata.json"  # Keras' own (its version, the date saved)
MAX_KERAS_METADATA = 64 * 1024
SUFFIXES = (".keras", ".h5", ".hdf5")  # what a model file's name may end in (any case)


def check_suffix(path: Path) -> None:
    """Refuse a file whose name does not end as a Keras model file's does."""
    if path.suffix.lower() not in SUFFIXES:
        raise ModelError(
            _("{path} is not a model file digitpad loads: it loads .keras and .h5 files.").format(
                path=shown(path)
            )
        )


@dataclass(frozen=True, eq=False)
class ModelFile:
    """What a model file holds, read and checked: the config, its layers (None: not one
    chain of known kinds) and each layer's arrays by layer name (as Keras keeps them)."""

    path: Path
    config: dict[str, Any]
    architecture: Architecture | None
    weights: dict[str, tuple[np.ndarray, ...]] = field(default_factory=dict)
    members: dict[str, bytes] = field(default_factory=dict)  # Keras' own, as read
    legacy: bool = False  # a legacy HDF5 model (`legacy`), not a .keras archive

    @property
    def keras_members(self) -> dict[str, bytes]:
        """Keras' own members of a `.keras` archive holding this model (Save As): those read,
        or for a legacy file, those Keras 3 would write for it (made on each call)."""
        if not self.legacy or self.architecture is None:
            return self.members
        from digitpad.core.models.convert import keras_members

        return keras_members(self.config, self.architecture, self.weights)


def read_model_file(path: Path | str) -> ModelFile:
    """The model file at `path`, read and checked; `ModelError` (one sentence) otherwise."""
    path = expanded(path)
    with opened(path) as f:
        if is_hdf5(f.read(len(SIGNATURE))):
            config, architecture, weights = read_legacy(f, path)
            return ModelFile(path, config, architecture, weights, legacy=True)
        f.seek(0)
        check_archive(f, path)
        f.seek(0)
        return read_checked(f, path)


def is_legacy(path: Path | str) -> bool:
    """The file at `path` is a legacy HDF5 model (by its first bytes); False if unreadable."""
    try:
        with opened(expanded(path)) as f:
            return is_hdf5(f.read(len(SIGNATURE)))
    except ModelError:
        return False


def read_checked(f: BinaryIO, path: Path) -> ModelFile:
    """The archive `f` (that `open_checked` passed) read: config, layers, weights."""
    try:
        with open_zip(f, MAX_MEMBERS) as archive:
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
    data = members[WEIGHTS_MEMBER]
    check_extent(data[:64], len(data), path)
    with open_hdf5(data, path) as weights_file:
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
