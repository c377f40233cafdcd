"""Hostile and unusual images for `predict`: every mode frames, bad files are one sentence each.

All files are generated here. Wide images (over 1024 px) go through the
pre-shrink, which Pillow refuses for palette, 1-bit and 16-bit modes.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import REPO, child_env, one_sentence, run_cli
from PIL import Image, ImageDraw

from digitpad.cli import main
from digitpad.core.data.framing import frame_digit
from digitpad.core.errors import ImageError
from digitpad.core.inference.predict_files import read_image


def one(width: int = 1500, height: int = 300) -> Image.Image:
    """A "1" drawn in black on white, `width` wide."""
    image = Image.new("L", (width, height), 255)
    x = width // 2
    ImageDraw.Draw(image).line([(x, height // 8), (x, height * 7 // 8)], fill=0, width=height // 10)
    return image


def in_mode(base: Image.Image, mode: str) -> Image.Image:
    """`base` as Pillow would hold it in `mode`, showing the same drawing."""
    size = base.size
    if mode == "LAB":
        grey = Image.new("L", size, 128)
        return Image.merge("LAB", (base, grey, grey))
    if mode == "HSV":
        return Image.merge("HSV", (Image.new("L", size, 0), Image.new("L", size, 0), base))
    if mode == "La":
        return base.convert("LA").convert("La")
    if mode == "RGBa":
        return base.convert("RGBA").convert("RGBa")
    if mode == "PA":
        return base.convert("P").convert("PA")
    if mode.startswith("I;16"):
        levels = np.asarray(base).astype(np.uint16) * 257
        order = ">u2" if mode.endswith("B") else "<u2"
        return Image.frombytes(mode, size, levels.astype(order).tobytes())
    if mode == "P+transparency":
        image = base.convert("P")
        image.info["transparency"] = 255  # a colour index nobody uses: all stays opaque
        return image
    return base.convert(mode)


MODES = [
    "1", "L", "P", "P+transparency", "RGB", "RGBA", "RGBX", "RGBa", "CMYK", "YCbCr", "LAB",
    "HSV", "I", "I;16", "I;16L", "I;16B", "I;16N", "F", "LA", "La", "PA",
]  # fmt: skip


@pytest.mark.parametrize("width", [280, 1500, 4000])
@pytest.mark.parametrize("mode", MODES)
def test_every_mode_frames_like_grayscale(mode: str, width: int) -> None:
    base = one(width, max(280, width // 5))
    expected = frame_digit(base)
    framed = frame_digit(in_mode(base, mode))
    assert framed is not None and expected is not None
    # The same digit; rounding a centre of mass that lies on .5 may shift it by a pixel.
    shifts = [
        np.abs(np.roll(framed, (dy, dx), axis=(0, 1)) - expected).max()
        for dy in (-1, 0, 1)
        for dx in (-1, 0, 1)
    ]
    assert min(shifts) < 0.02, mode


# (mode, file format): each a file a user could have, all in one `predict` call.
FILES = [
    ("1", "PNG"), ("1", "BMP"), ("L", "JPEG"), ("P", "PNG"), ("P", "GIF"),
    ("P+transparency", "PNG"), ("RGB", "WEBP"), ("RGBA", "PNG"), ("CMYK", "TIFF"),
    ("CMYK", "JPEG"), ("YCbCr", "TIFF"), ("LAB", "TIFF"), ("I", "TIFF"), ("I;16", "PNG"),
    ("I;16B", "TIFF"), ("F", "TIFF"), ("LA", "PNG"), ("PA", "TIFF"),
]  # fmt: skip
SUFFIX = {"JPEG": ".jpg", "TIFF": ".tif", "WEBP": ".webp"}


def test_wide_images_of_every_mode_in_one_call_despite_bad_files(tmp_path: Path, capsys) -> None:
    paths = []
    for mode, fmt in FILES:
        path = tmp_path / f"one-{mode.replace(';', '_')}{SUFFIX.get(fmt, '.' + fmt.lower())}"
        in_mode(one(), mode).save(path, fmt)
        paths.append(path)
        if len(paths) == 5:
            paths.append(tmp_path / "missing.png")  # a bad file in the middle
    code = main(["predict", *map(str, paths)])
    out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "missing.png does not exist." in err
    model_line, *lines = out.splitlines()  # predict names the model that answered first
    assert model_line.startswith("Model: ")
    assert len(lines) == len(FILES), out
    for line, (mode, _fmt) in zip(lines, FILES, strict=True):
        assert ": 1 (" in line, (mode, line)


def test_a_png_holding_postscript_is_never_given_to_ghostscript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import EpsImagePlugin

    opened = []
    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", lambda self: opened.append(self))
    fake = tmp_path / "digit.png"
    fake.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n")
    with pytest.raises(ImageError, match=r"digit\.png: not an image file digitpad can read\.$"):
        read_image(fake)
    assert opened == [], "the EPS decoder (and Ghostscript) was never consulted"


def test_fifo_and_device_are_refused_before_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)  # opening it for reading would block for ever
    device = tmp_path / "zero.png"
    device.symlink_to("/dev/zero")  # reading it would never end
    for path in (fifo, device):
        with pytest.raises(ImageError) as caught:
            read_image(path)
        assert str(caught.value) == (
            f"{path} is not a regular file (it is a pipe, socket or device), "
            "so digitpad does not read it."
        )


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height pixels, with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_decompression_bombs_are_one_sentence_within_bounded_memory(tmp_path: Path) -> None:
    bombs = {
        "huge.png": png_declaring(100_000, 100_000),  # 10 G pixels: Pillow's error
        "large.png": png_declaring(10_000, 9_000),  # 90 M pixels: Pillow's warning, refused too
    }
    for name, data in bombs.items():
        (tmp_path / name).write_bytes(data)
    one().save(tmp_path / "good.png")
    names = [*bombs, "good.png"]
    result = run_cli([["predict", *(str(tmp_path / n) for n in names)]])
    (outcome,) = result["results"]
    assert outcome["code"] == 1
    assert outcome["out"].splitlines()[1:] == [f"{tmp_path / 'good.png'}: 1 (> 99.9%)"]
    errors = outcome["err"].splitlines()
    assert len(errors) == 2 and "Traceback" not in outcome["err"]
    for line, name in zip(errors, bombs, strict=True):
        one_sentence(line + "\n", naming=name)
        assert "the mark of a decompression bomb" in line


def test_odd_file_names_under_a_strict_utf8_stdout(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    names = [b"caf\xe9.png", b"two\nlines.png", "中文.png".encode()]
    for name in names:
        one(280, 280).save(os.fsdecode(folder + b"/" + name))
    args = [folder + b"/" + n for n in names]

    def run(*extra: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable.encode(), b"-m", b"digitpad", b"predict", *extra, *args],
            capture_output=True,
            env=child_env(PYTHONIOENCODING="utf-8:strict", LC_ALL="C.UTF-8"),
            cwd=REPO,
            timeout=300,
        )

    plain = run()
    assert plain.returncode == 0, plain.stderr
    model_line, *lines = plain.stdout.decode("utf-8").splitlines()  # valid UTF-8
    assert model_line.startswith("Model: ")  # then one line per file
    assert lines == [
        f"'{tmp_path}/caf\\xe9.png': 1 (> 99.9%)",
        f"'{tmp_path}/two\\nlines.png': 1 (> 99.9%)",
        f"{tmp_path}/中文.png: 1 (> 99.9%)",
    ]
    as_json = run(b"--json")
    assert as_json.returncode == 0, as_json.stderr
    records = [json.loads(line) for line in as_json.stdout.decode("utf-8").splitlines()]
    assert [r["file"] for r in records] == [
        f"{tmp_path}/caf\\xe9.png",
        f"{tmp_path}/two\nlines.png",
        f"{tmp_path}/中文.png",
    ]
    assert all(r["digit"] == 1 for r in records)
