"""Reading `.npz` archives a user hands in (samples, MNIST) with every size known in advance.

`np.load` trusts the file: an entry that unpacks to gigabytes is read into
memory, a `.npy` header declaring a (100000, 100000) array allocates it before
reading a byte, an object array ends in advice to pass `allow_pickle`. Here the
zip entry's declared sizes, its compression method and encryption flag, and
each array's header (data type, shape, byte count) are checked against what
the caller allows BEFORE anything is decompressed beyond the header. Every
refusal is an `NpzError`; `describe` words it as one sentence.
"""

from __future__ import annotations

import math
import struct
import zipfile
import zlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from digitpad.core.files import format_size
from digitpad.core.i18n import N_, _

NPY_MAGIC = b"\x93NUMPY"
READABLE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what np.savez writes
MAX_HEADER = 10_000  # bytes; numpy's own default limit
MAX_RATIO = 200  # an entry over 1 MB packed tighter than this is a zip bomb
MB = 1 << 20
END_SIGNATURE = b"PK\x05\x06"  # a zip's end-of-directory record: 22 bytes and a comment
END_SIZE = 22
MAX_COMMENT = 0xFFFF
ENTRY_ALLOWANCE = 1024  # directory bytes per member: 46 and a name far shorter than this


ZIP64_LOCATOR = b"PK\x06\x07"  # 20 bytes before the end record: where the ZIP64 one is
ZIP64_LOCATOR_SIZE = 20
ZIP64_END = b"PK\x06\x06"  # the ZIP64 end record: 56 bytes, its counts 64-bit


def _zip64_sizes(f: IO[bytes], locator: bytes) -> tuple[int, int]:
    """(members, directory bytes) from a ZIP64 archive's end record, found by its locator."""
    if len(locator) != ZIP64_LOCATOR_SIZE or not locator.startswith(ZIP64_LOCATOR):
        raise zipfile.BadZipFile("no ZIP64 locator")
    offset = struct.unpack("<4sLQL", locator)[2]
    f.seek(offset)
    record = f.read(56)
    if len(record) != 56 or not record.startswith(ZIP64_END):
        raise zipfile.BadZipFile("no ZIP64 end record")
    fields = struct.unpack("<4sQ2H2L4Q", record)
    return fields[7], fields[8]


class TooManyMembers(zipfile.BadZipFile):
    """A zip archive whose directory alone holds more members (or bytes) than allowed."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} members")
        self.count = count


def open_zip(f: IO[bytes], max_members: int) -> zipfile.ZipFile:
    """The zip archive `f`, its directory's size checked from its end record first.

    `zipfile.ZipFile` reads the whole directory and makes an object per member before a
    caller can count them: 300,000 entries in a 26 MB file cost 100 MB and 1.6 s, a 1 GB
    one would take gigabytes. Raises TooManyMembers, or zipfile.BadZipFile when there is
    no end record to read.
    """
    size = f.seek(0, 2)
    tail_size = min(size, END_SIZE + MAX_COMMENT)
    f.seek(size - tail_size)
    tail = f.read(tail_size)
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_SIZE:
        raise zipfile.BadZipFile("no end of directory")
    fields = struct.unpack("<4s4H2LH", tail[at : at + END_SIZE])
    count, directory = fields[4], fields[5]
    if count == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64: the sizes are in its own record
        count, directory = _zip64_sizes(f, tail[max(0, at - ZIP64_LOCATOR_SIZE) : at])
    if count > max_members or directory > max_members * ENTRY_ALLOWANCE:
        raise TooManyMembers(count)
    f.seek(0)
    return zipfile.ZipFile(f)


@dataclass(frozen=True)
class ArraySpec:
    """What one array may be: data type kinds (numpy's letters), dimensions, sizes."""

    kinds: str  # e.g. "u" (unsigned), "iu", "iuf"
    shape: tuple[int | None, ...]  # the largest size of each axis (None: any, bounded by bytes)
    max_bytes: int
    itemsize: int | None = None  # bytes per value, when only one size will do


class NpzError(ValueError):
    """Why an archive or one of its arrays was refused (`kind`), and which (`name`)."""

    def __init__(self, kind: str, name: str = "", **details: Any) -> None:
        super().__init__(kind, name, details)
        self.kind = kind
        self.name = name
        self.details = details


MESSAGES = {
    "npy": N_("{where} is a single .npy array, not an .npz archive."),
    "not_zip": N_("{where} is not an .npz archive (it is not a zip file)."),
    "members": N_("{where} holds {count:,} entries, more than expected."),
    "missing": N_("{where} lacks the array {name}."),
    "encrypted": N_("{where} holds an encrypted entry ({name}), which digitpad cannot read."),
    "compression": N_("{where} uses a compression method digitpad cannot read ({name})."),
    "too_big": N_(
        "{where}: the entry {name} would unpack to {size}, more than digitpad accepts ({limit})."
    ),
    "ratio": N_(
        "{where}: the entry {name} would unpack to {size} from {packed}, the mark of a zip bomb."
    ),
    "header": N_("{where}: the array {name} has a damaged or oversized header."),
    "object": N_("{where}: the array {name} holds Python objects, which digitpad never loads."),
    "dtype": N_(
        "{where}: the array {name} has the data type {dtype}, which digitpad does not accept here."
    ),
    "shape": N_(
        "{where}: the array {name} has the shape {shape}, which digitpad does not accept here."
    ),
    "declared": N_(
        "{where}: the array {name} declares {size} of data, more than digitpad accepts ({limit})."
    ),
    "truncated": N_(
        "{where}: the array {name} is cut short or padded (its header does not match its size)."
    ),
    "corrupt": N_("{where} is damaged: the entry {name} cannot be decompressed."),
}


def describe(exc: NpzError, where: str) -> str:
    """One sentence for `exc`; `where` names the file (or archive entry) it came from."""
    template = MESSAGES.get(exc.kind, MESSAGES["corrupt"])
    values = {
        k: format_size(v) if k in ("size", "packed", "limit") else v for k, v in exc.details.items()
    }
    return _(template).format(where=where, name=exc.name, **values)


def read_npz(
    f: IO[bytes],
    specs: Mapping[str, ArraySpec],
    *,
    load: Collection[str] | None = None,
    max_members: int = 16,
) -> dict[str, np.ndarray]:
    """The arrays named in `specs` (each required), checked against them.

    `f`: a seekable binary file. Arrays not in `load` (default: all) are checked
    by their header only and not returned. Raises NpzError.
    """
    head = f.read(len(NPY_MAGIC))
    f.seek(0)
    if head == NPY_MAGIC:
        raise NpzError("npy")
    if not zipfile.is_zipfile(f):
        raise NpzError("not_zip")
    f.seek(0)
    wanted = set(specs) if load is None else set(load)
    arrays = {}
    name = ""
    try:
        with open_zip(f, max_members) as archive:
            members = archive.infolist()
            if len(members) > max_members:
                raise NpzError("members", count=len(members))
            by_name = {m.filename: m for m in members}
            for name, spec in specs.items():
                info = by_name.get(name + ".npy") or by_name.get(name)
                if info is None:
                    raise NpzError("missing", name)
                _check_entry(info, name, spec)
                with archive.open(info) as stream:
                    array = _read_array(stream, info, name, spec, name in wanted)
                if array is not None:
                    arrays[name] = array
    except TooManyMembers as exc:
        raise NpzError("members", count=exc.count) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise NpzError("corrupt", name) from exc
    except (NotImplementedError, RuntimeError) as exc:  # methods and flags zipfile refuses
        raise NpzError("compression", name) from exc
    return arrays


def check_entry(info: zipfile.ZipInfo, limit: int) -> None:
    """Refuse a zip entry that is encrypted, compressed in a way we cannot read, or too big."""
    if info.flag_bits & 0x1:
        raise NpzError("encrypted", info.filename)
    if info.compress_type not in READABLE_COMPRESSION:
        raise NpzError("compression", info.filename)
    if info.file_size > limit:
        raise NpzError("too_big", info.filename, size=info.file_size, limit=limit)
    if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise NpzError("ratio", info.filename, size=info.file_size, packed=info.compress_size)


def _check_entry(info: zipfile.ZipInfo, name: str, spec: ArraySpec) -> None:
    try:
        check_entry(info, spec.max_bytes + MAX_HEADER + 128)
    except NpzError as exc:
        raise NpzError(exc.kind, name, **exc.details) from None


def _read_array(
    stream: IO[bytes], info: zipfile.ZipInfo, name: str, spec: ArraySpec, load: bool
) -> np.ndarray | None:
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream, MAX_HEADER)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream, MAX_HEADER)
        else:
            raise ValueError(version)
    except (ValueError, SyntaxError, TypeError) as exc:
        raise NpzError("header", name) from exc
    header_size = stream.tell()
    if dtype.hasobject:
        raise NpzError("object", name)
    wrong_size = spec.itemsize is not None and dtype.itemsize != spec.itemsize
    if dtype.kind not in spec.kinds or wrong_size or dtype.names or dtype.subdtype is not None:
        raise NpzError("dtype", name, dtype=dtype.str)
    # numpy reads any integers as a shape, (-1, -2) too: its product looks like a size, and
    # only the final reshape would fail. A negative size is no size.
    if len(shape) != len(spec.shape) or any(
        size < 0 or (limit is not None and size > limit)
        for size, limit in zip(shape, spec.shape, strict=True)
    ):
        raise NpzError("shape", name, shape=tuple(shape))
    nbytes = math.prod(shape) * dtype.itemsize
    if nbytes > spec.max_bytes:
        raise NpzError("declared", name, size=nbytes, limit=spec.max_bytes)
    if header_size + nbytes != info.file_size:
        raise NpzError("truncated", name)
    if not load:
        return None
    # Allocated only now that its size is known and bounded; filled in place (no copy).
    array = np.empty(math.prod(shape), dtype=dtype)
    view = memoryview(array.data).cast("B") if nbytes else memoryview(b"")
    done = 0
    while done < nbytes:
        count = stream.readinto(view[done:])  # type: ignore[attr-defined]
        if not count:
            raise NpzError("truncated", name)
        done += count
    if stream.read(1):
        raise NpzError("truncated", name)
    return array.reshape(shape, order="F" if fortran else "C")
