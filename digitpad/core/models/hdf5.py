"""Weights from an HDF5 file, read with h5py only after the file is known to be harmless.

An HDF5 file can hold external links, external storage and virtual datasets,
which make a reader open *other* files on the disk, and filters that run
code of their own (lzf, szip, plugins). A model's weights need none of them.
`check_hdf5` walks every link from the root before any dataset is read and
refuses each of those in one sentence naming the model file; `read_weights`
then reads only the arrays the model's layers declare, each checked for
shape, type and finite values before and after its bytes are read. Both
work on an open `h5py.File`, so a `.keras` archive's `model.weights.h5` and
a legacy `.h5` model (issue 29) share them; `open_hdf5` opens bytes already
read (and bounded) from an archive.

Every refusal is a `ModelError`: one sentence naming the file.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from digitpad.core.errors import ModelError
from digitpad.core.files import shown
from digitpad.core.i18n import N_, _, ngettext
from digitpad.core.layers.sizes import Shape

if TYPE_CHECKING:
    import h5py

MAX_OBJECTS = 10_000  # links walked; the course's CNN has 33
MAX_DEPTH = 32  # groups inside groups; Keras writes 4
MB = 1 << 20
# Filters a weights file may use: none at all, or deflate (gzip), optionally with the
# shuffle and Fletcher-32 checksum filters h5py adds to it. Numbers are HDF5's own.
ALLOWED_FILTERS = {1: "gzip", 2: "shuffle", 3: "fletcher32"}
FILTER_NAMES = {4: "szip", 5: "nbit", 6: "scaleoffset", 32000: "lzf", 32001: "blosc"}
LAYOUTS = (0, 1, 2)  # compact, contiguous, chunked (3: virtual)
SIGNATURE = b"\x89HDF\r\n\x1a\n"


def _refuse(template: str, path: Path | str, **values: Any) -> ModelError:
    return ModelError(_(template).format(path=shown(path), **values))


def check_extent(head: bytes, size: int, path: Path | str) -> None:
    """Refuse HDF5 data of `size` bytes (`head`: its first bytes) that does not end where its
    superblock says: cut short, or padded with bytes no model file needs.

    HDF5 records where its data ends (the superblock's end-of-file address, relative to its
    base address), and h5py writes files exactly that long. Bytes past it are never read,
    so they can only be padding; a file shorter than it is truncated.
    """
    end = _declared_end(head)
    if end is None:
        raise _damaged(path)
    if size < end:
        raise _refuse(
            N_("{path} is cut short: its HDF5 data ends at {end:,} bytes, but it has {size:,}."),
            path,
            end=end,
            size=size,
        )
    if size > end:
        raise _refuse(
            N_(
                "{path} has {extra:,} bytes after the end of its HDF5 data, which a model file "
                "never has."
            ),
            path,
            extra=size - end,
        )


def _declared_end(head: bytes) -> int | None:
    """The end of the HDF5 data (base address + end-of-file address) from its superblock at
    byte 0 (versions 0 to 3), or None if the head is not one."""
    if not head.startswith(SIGNATURE) or len(head) < 12:
        return None
    version = head[8]
    if version in (0, 1):  # signature, 8 version/size bytes, 4 more (+4 in version 1)
        width, start = head[13], 24 if version == 0 else 28
    elif version in (2, 3):  # signature, version, sizes of offsets and lengths, flags
        width, start = head[9], 12
    else:
        return None
    if width not in (2, 4, 8) or len(head) < start + 3 * width:
        return None
    fields = [  # base address, free-space (v0, v1) or extension (v2, v3) address, end of file
        int.from_bytes(head[start + i * width : start + (i + 1) * width], "little")
        for i in range(3)
    ]
    return fields[0] + fields[2]  # in every version: base address, …, end-of-file address


def open_hdf5(data: bytes, path: Path | str) -> h5py.File:
    """The HDF5 file held in `data` (a member already read from a model archive), for reading.

    The caller closes it. Refuses what is not a readable HDF5 file.
    """
    import h5py

    try:
        return h5py.File(io.BytesIO(data), "r")
    except (OSError, ValueError) as exc:
        raise _damaged(path) from exc


def check_hdf5(root: h5py.Group, path: Path | str) -> None:
    """Refuse `root`'s file unless every link in it stays inside it and every dataset is
    stored plainly (no external storage, no virtual dataset, no filter but gzip)."""
    for name, dataset in _datasets(root, path):
        _check_storage(dataset, name, path)


def _datasets(root: h5py.Group, path: Path | str) -> Iterator[tuple[str, h5py.Dataset]]:
    """Every dataset reachable by hard links from `root` (soft links point inside the file and
    are not followed), refusing external and user-defined links on the way."""
    import h5py

    seen = 0
    pending: list[tuple[h5py.Group, str, int]] = [(root, "", 0)]
    while pending:
        group, prefix, depth = pending.pop()
        try:
            count = len(group)  # counted first: a group of millions is never listed
        except (OSError, RuntimeError, ValueError, KeyError) as exc:
            raise _damaged(path) from exc
        if seen + count > MAX_OBJECTS:
            raise _refuse(N_("{path} holds far more parts than a model's weights have."), path)
        try:
            names = list(group.keys())
        except (OSError, RuntimeError, ValueError, KeyError) as exc:
            raise _damaged(path) from exc
        for key in names:
            seen += 1
            if seen > MAX_OBJECTS or depth > MAX_DEPTH:
                raise _refuse(N_("{path} holds far more parts than a model's weights have."), path)
            name = f"{prefix}/{key}"
            try:
                link = group.get(key, getlink=True)
            except (OSError, RuntimeError, ValueError, KeyError) as exc:
                raise _damaged(path) from exc
            if isinstance(link, h5py.ExternalLink):
                raise _refuse(
                    N_(
                        "{path} links to another file ({name} → {target}); a model file never "
                        "does, so digitpad does not read it."
                    ),
                    path,
                    name=shown(name),
                    target=shown(link.filename),
                )
            if isinstance(link, h5py.SoftLink):
                continue
            if not isinstance(link, h5py.HardLink):
                raise _refuse(
                    N_("{path} holds a kind of link digitpad does not follow ({name})."),
                    path,
                    name=shown(name),
                )
            try:
                target = group[key]
            except (OSError, RuntimeError, ValueError, KeyError) as exc:
                raise _damaged(path) from exc
            if isinstance(target, h5py.Group):
                pending.append((target, name, depth + 1))
            elif isinstance(target, h5py.Dataset):
                yield name, target


class DamagedError(ModelError):
    """The HDF5 data cannot be read (a reader of a whole `.h5` file words it its own way)."""


def _damaged(path: Path | str) -> ModelError:
    return DamagedError(
        _("{path} has weights that are not a readable HDF5 file (model.weights.h5).").format(
            path=shown(path)
        )
    )


def _check_storage(dataset: h5py.Dataset, name: str, path: Path | str) -> None:
    """Refuse a dataset stored in other files, or packed by a filter digitpad does not use."""
    try:
        plist = dataset.id.get_create_plist()
        layout = plist.get_layout()
        external = plist.get_external_count()
        filters = [plist.get_filter(i)[0] for i in range(plist.get_nfilters())]
        chunk = plist.get_chunk() if layout == 2 else None
    except (OSError, RuntimeError, ValueError) as exc:
        raise _damaged(path) from exc
    where = shown(name)
    if layout == 3:
        raise _refuse(
            N_(
                "{path} assembles its weights {name} from other files (a virtual dataset); "
                "a model file never does, so digitpad does not read it."
            ),
            path,
            name=where,
        )
    if external:
        raise _refuse(
            N_(
                "{path} keeps its weights {name} in another file (external storage); a model "
                "file never does, so digitpad does not read it."
            ),
            path,
            name=where,
        )
    if layout not in LAYOUTS:
        raise _damaged(path)
    for number in filters:
        if number not in ALLOWED_FILTERS:
            raise _refuse(
                N_(
                    "{path} packs its weights {name} with the {kind} filter; digitpad reads "
                    "weights stored plainly or with gzip only."
                ),
                path,
                name=where,
                kind=FILTER_NAMES.get(number, _("unknown ({number})").format(number=number)),
            )
    if chunk is not None:  # HDF5 allocates a whole chunk to read any of it
        try:
            itemsize, shape = max(1, dataset.dtype.itemsize), dataset.shape or (1,)
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise _damaged(path) from exc
        limit = max(MB, itemsize * math.prod(shape))
        if itemsize * math.prod(chunk) > limit:
            raise _refuse(
                N_(
                    "{path} stores its weights {name} in chunks far larger than the weights "
                    "themselves, which digitpad does not read."
                ),
                path,
                name=where,
            )


def read_weights(
    root: h5py.Group,
    layers: Sequence[tuple[str, str, Sequence[Shape]]],
    path: Path | str,
) -> dict[str, tuple[np.ndarray, ...]]:
    """Each layer's arrays, as float32: `layers` are (layer name, its group, the shapes its
    config declares, in order). A layer declaring arrays must hold exactly those, as floats
    of exactly those shapes, finite; each is checked before its bytes are read."""
    out: dict[str, tuple[np.ndarray, ...]] = {}
    for layer, group, shapes in layers:
        out[layer] = tuple(_layer_arrays(root, layer, group, shapes, path)) if shapes else ()
    return out


def _layer_arrays(
    root: h5py.Group, layer: str, group: str, shapes: Sequence[Shape], path: Path | str
) -> Iterator[np.ndarray]:
    import h5py

    try:
        found = root.get(group, default=None)
    except (OSError, RuntimeError, ValueError, KeyError) as exc:
        raise _damaged(path) from exc
    held = found if isinstance(found, h5py.Group) else None
    if held is None:
        raise _refuse(N_("{path} lacks the weights of layer {layer}."), path, layer=shown(layer))
    names = list(held.keys())
    if sorted(names) != sorted(str(i) for i in range(len(shapes))):
        raise miscounted(path, layer, len(names), len(shapes))
    for i, shape in enumerate(shapes):
        yield read_array(held[str(i)], layer, tuple(shape), path)


def miscounted(path: Path | str, layer: str, count: int, declared: int) -> ModelError:
    """The file holds `count` arrays for `layer`, whose config declares `declared`."""
    return ModelError(
        ngettext(
            "{path} holds {count} weight array for layer {layer}, where its config "
            "declares {declared}.",
            "{path} holds {count} weight arrays for layer {layer}, where its config "
            "declares {declared}.",
            count,
        ).format(path=shown(path), count=count, layer=shown(layer), declared=declared)
    )


def read_array(dataset: Any, layer: str, shape: Shape, path: Path | str) -> np.ndarray:
    """The array `dataset` holds for `layer`, as float32, once it is known to be floats of
    exactly `shape` (checked before its bytes are read), all finite."""
    import h5py

    if not isinstance(dataset, h5py.Dataset):
        raise _refuse(N_("{path} lacks the weights of layer {layer}."), path, layer=shown(layer))
    try:
        dtype, declared = dataset.dtype, tuple(dataset.shape)
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise _damaged(path) from exc
    if dtype.kind != "f" or dtype.itemsize not in (2, 4, 8):
        raise _refuse(
            N_(
                "{path} holds weights for layer {layer} that are not floating-point numbers "
                "({dtype})."
            ),
            path,
            layer=shown(layer),
            dtype=str(dtype),
        )
    if declared != shape:
        raise _refuse(
            N_(
                "{path} holds weights of shape {shape} for layer {layer}, whose config declares "
                "{declared}."
            ),
            path,
            shape=declared,
            layer=shown(layer),
            declared=shape,
        )
    try:
        values = np.asarray(dataset[()], dtype=np.float32)
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise _damaged(path) from exc
    if values.shape != shape:
        raise _damaged(path)
    if not np.isfinite(values).all():
        raise _refuse(
            N_(
                "{path} holds weights that are not numbers (NaN or infinite); "
                "the model is broken, so digitpad does not use it."
            ),
            path,
        )
    return values
