"""What the hostile-input tests share: crafting files, running digitpad in a bounded subprocess.

Bomb cases run in a subprocess under an address-space limit (RLIMIT_AS), so a
regression that allocates gigabytes fails there with a MemoryError instead of
making the machine swap. The limit is what a normal model load needs
(measured once per session, in a subprocess: VmPeak of `digitpad summary` on
the bundled model, about 0.36 GB here now that it reads the model without
TensorFlow; 1.9 GB when it imported TensorFlow 2.21) plus HEADROOM: 1.5 GB is
more than any legitimate check or load of these small files needs, and far
less than any of the bombs (3 to 17 GB, or a 4 TB weights array) would take.
"""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
HEADROOM = 1536 * 1024 * 1024  # bytes above a normal model load's peak (see above)
FALLBACK_PEAK = 2 * 1024**3  # if /proc cannot tell (never on Linux)

# Runs digitpad's main() once per argument list in ONE process (TensorFlow imported once),
# each with its own captured stdout/stderr, and prints the results as JSON.
DRIVER = r"""
import contextlib, io, json, resource, sys
limit = int(sys.argv[2])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from digitpad.cli import main
results = []
for args in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
peak = 0
for line in open("/proc/self/status"):
    if line.startswith("VmPeak"):
        peak = int(line.split()[1]) * 1024
print(json.dumps({"results": results, "peak": peak}))
"""


def child_env(**extra: str) -> dict[str, str]:
    """This test's environment (its private homes) for a child process, quiet TensorFlow."""
    env = dict(os.environ)
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1", LANGUAGE="en")
    env.update(extra)
    return env


@functools.cache
def address_space_limit() -> int:
    """A normal model load's peak address space (measured in a subprocess) plus HEADROOM."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_AS bounds are checked on Linux")
    result = run_cli([["summary"]], limit=0)
    peak = result["peak"] or FALLBACK_PEAK
    return peak + HEADROOM


def run_cli(
    invocations: Sequence[Sequence[str]], *, limit: int | None = None, timeout: float = 600
) -> dict[str, Any]:
    """Run `digitpad <args>` for each of `invocations` in one bounded subprocess.

    `limit`: bytes of address space (None: `address_space_limit()`, 0: none). The
    child must end normally: a crash (MemoryError, abort) fails the calling test.
    """
    bound = address_space_limit() if limit is None else limit
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps([list(a) for a in invocations]), str(bound)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=timeout,
    )
    assert proc.returncode == 0, f"the child died (limit {bound:,} bytes):\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def one_sentence(err: str, *, naming: str | None = None) -> str:
    """Assert `err` is exactly one "digitpad: …" line (naming `naming`), no traceback; return it."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("digitpad: ") and line.endswith((".", "。")), line
    assert "safe_mode" not in line and "allow_pickle" not in line, line
    if naming is not None:
        assert naming in line, line
    return line


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def patch_entry(
    data: bytes,
    member: str,
    *,
    size: int | None = None,
    flags: int | None = None,
    method: int | None = None,
) -> bytes:
    """The zip `data` with `member`'s headers (local and central) claiming other facts:
    its uncompressed `size`, its general-purpose `flags` (bit 0: encrypted), its
    compression `method`. Nothing else changes: no gigabytes are written."""
    out = bytearray(data)
    name = member.encode()
    # signature: (flags at, method at, uncompressed size at, name length at, name at)
    headers = {
        b"PK\x03\x04": (6, 8, 22, 26, 30),
        b"PK\x01\x02": (8, 10, 24, 28, 46),
    }
    for signature, (flags_at, method_at, size_at, length_at, name_at) in headers.items():
        start = 0
        while (start := out.find(signature, start)) != -1:
            length = struct.unpack_from("<H", out, start + length_at)[0]
            if bytes(out[start + name_at : start + name_at + length]) == name:
                if size is not None:
                    struct.pack_into("<I", out, start + size_at, size)
                if flags is not None:
                    struct.pack_into("<H", out, start + flags_at, flags)
                if method is not None:
                    struct.pack_into("<H", out, start + method_at, method)
            start += 4
    return bytes(out)


def declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip at `path` claim that `member` unpacks to `size` bytes."""
    path.write_bytes(patch_entry(path.read_bytes(), member, size=size))


def npy_header(shape: tuple[int, ...], dtype: str = "|u1") -> bytes:
    """A version-1.0 .npy header declaring `shape` (the data need not follow)."""
    text = repr({"descr": dtype, "fortran_order": False, "shape": shape})
    pad = 64 - (10 + len(text) + 1) % 64
    header = (text + " " * pad + "\n").encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


def keras_archive(config: dict[str, Any], weights: bytes = b"") -> bytes:
    """A .keras zip holding `config` and `weights` as Keras lays them out."""
    return zip_bytes(
        {
            "metadata.json": json.dumps({"keras_version": "3.15.1"}).encode(),
            "config.json": json.dumps(config).encode(),
            "model.weights.h5": weights,
        }
    )
