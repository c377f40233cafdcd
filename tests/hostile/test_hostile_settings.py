"""A settings file edited by hand (or broken): every value checked on read, never written back raw.

The INI file lives in the test's private DIGITPAD_HOME, as digitpad's own does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
    settings = settings_with(private_home, f"[canvas]\npen_percent={stored}\n")
    assert settings.pen_width == read


@pytest.mark.parametrize(
    ("pixels", "read"),
    [
        ("30", 6),  # an older digitpad's default on its default 500-px pad: the same share
        ("44", 9),
        ("4", PEN_RANGE[0]),
        ("100000", PEN_RANGE[1]),
        ("-5", DEFAULT_PEN_WIDTH),  # no number of pixels: the default
        ("abc", DEFAULT_PEN_WIDTH),
        ("4, 5", DEFAULT_PEN_WIDTH),
    ],
)
def test_a_pen_width_in_pixels_becomes_a_share_of_the_pad_once(
    private_home: Path, pixels: str, read: int
) -> None:
    settings = settings_with(private_home, f"[canvas]\npen_width={pixels}\n")
    assert settings.pen_width == read
    text = (private_home / "settings.ini").read_text(encoding="utf-8")
    assert "pen_width" not in text  # moved, not read again next time
    assert Settings().pen_width == read


@pytest.mark.parametrize(
    ("stored", "read"),
    [("klingon", "system"), ("", "system"), ("en, zh_TW", "system"), ("zh_TW", "zh_TW")],
)
def test_language_is_a_known_one(private_home: Path, stored: str, read: str) -> None:
    assert settings_with(private_home, f"[ui]\nlanguage={stored}\n").language == read


def test_old_paths_and_flags_move_to_the_shared_choices_only_when_sound(
    private_home: Path, tmp_path: Path
) -> None:
    """An older digitpad kept the model and the MNIST source in the window's settings; they
    move to `core.models.choices` once, and nonsense (a NUL in a path, an INI list) does not."""
    from digitpad.core.models import choices

    model = tmp_path / "mine.keras"
    model.write_bytes(b"x")
    settings = settings_with(
        private_home,
        "[data]\nuse_local=perhaps\nlocal_path=a, b\n"
        "[model]\nlast=/no/such\\0file.keras\n"
        "[window]\ngeometry=12\n",
    )
    assert settings.geometry is None
    assert choices.read().model is None and choices.data_source() is None
    settings_with(private_home, f"[model]\nlast={model}\n[data]\nuse_local=true\n")
    assert choices.model_in_use() == model
    long_path = "x" * 100_000
    settings_with(private_home, f"[data]\nuse_local=true\nlocal_path={long_path}\n")
    assert choices.data_source() is None
