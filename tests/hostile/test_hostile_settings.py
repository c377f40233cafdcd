"""A settings file edited by hand (or broken): every value checked on read, never written back raw.

The INI file lives in the test's private DIGITPAD_HOME, as digitpad's own does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digitpad.core.paths import bundled_model_path
from digitpad.gui.settings import DEFAULT_PEN_WIDTH, PEN_RANGE, Settings


def settings_with(private_home: Path, text: str) -> Settings:
    (private_home / "settings.ini").write_text(text, encoding="utf-8")
    return Settings()


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ("-5", PEN_RANGE[0]),
        ("0", PEN_RANGE[0]),
        ("100000", PEN_RANGE[1]),
        ("99999999999999999999999", PEN_RANGE[1]),
        ("abc", DEFAULT_PEN_WIDTH),
        ("30.5", DEFAULT_PEN_WIDTH),
        ("4, 5", DEFAULT_PEN_WIDTH),  # an INI list
        ("@ByteArray(\\x1)", DEFAULT_PEN_WIDTH),
        ("", DEFAULT_PEN_WIDTH),
        ("12", 12),
    ],
)
def test_pen_width_is_clamped_or_defaulted(private_home: Path, stored: str, read: int) -> None:
    settings = settings_with(private_home, f"[canvas]\npen_width={stored}\n")
    assert settings.pen_width == read


@pytest.mark.parametrize(
    ("stored", "read"),
    [("klingon", "system"), ("", "system"), ("en, zh_TW", "system"), ("zh_TW", "zh_TW")],
)
def test_language_is_a_known_one(private_home: Path, stored: str, read: str) -> None:
    assert settings_with(private_home, f"[ui]\nlanguage={stored}\n").language == read


def test_paths_and_flags_are_what_they_claim(private_home: Path, tmp_path: Path) -> None:
    model = tmp_path / "mine.keras"
    model.write_bytes(b"x")
    settings = settings_with(
        private_home,
        "[data]\nuse_local=perhaps\nlocal_path=a, b\n"
        "[model]\nlast=/no/such\\0file.keras\n"
        "[window]\ngeometry=12\n",
    )
    assert settings.use_local_data is False
    assert settings.local_data_path == ""
    assert settings.last_model is None  # a NUL in a path is no path
    assert settings.geometry is None
    settings = settings_with(private_home, f"[model]\nlast={model}\n[data]\nuse_local=true\n")
    assert settings.last_model == model and settings.use_local_data is True
    settings = settings_with(private_home, "[model]\nlast=bundled\n")
    assert settings.last_model == bundled_model_path()
    long_path = "x" * 100_000
    settings = settings_with(private_home, f"[data]\nlocal_path={long_path}\n")
    assert settings.local_data_path == ""


def test_bad_values_are_never_written_back(private_home: Path) -> None:
    settings = settings_with(private_home, "[canvas]\npen_width=-5\n[ui]\nlanguage=klingon\n")
    before = (private_home / "settings.ini").read_bytes()
    settings.sync()  # reading changes nothing on disk
    assert (private_home / "settings.ini").read_bytes() == before
    settings.pen_width = settings.pen_width
    settings.language = settings.language
    settings.pen_width = 100000  # a caller's mistake is clamped too
    settings.local_data_path = "bad\0path"
    settings.sync()
    text = (private_home / "settings.ini").read_text()
    assert "pen_width=80" in text and "language=system" in text
    assert "-5" not in text and "klingon" not in text
    assert Settings().local_data_path == ""
