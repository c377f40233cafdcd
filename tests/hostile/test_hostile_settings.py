"""A settings file edited by hand (or broken, or not a file at all): every value checked on
read, never written back raw, never read or written through a FIFO or a link.

The INI file lives in the test's private DIGITPAD_HOME, as digitpad's own does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import child_env

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


# The settings file itself: a FIFO or a link in its place -------------------------------------


# Run in a child process: a read blocked on a FIFO inside Qt never gives the thread back, so
# only a separate process can be timed out (and the test then fails instead of hanging).
SETTINGS_IN_A_CHILD = """
from digitpad.gui.settings import Settings
settings = Settings()
print(settings.pen_width)
settings.pen_width = 12
settings.sync()
"""
WINDOW_IN_A_CHILD = """
from PySide6.QtWidgets import QApplication
from digitpad.gui.window.main_window import MainWindow
app = QApplication([])
window = MainWindow()
window.show()
app.processEvents()
print("up", flush=True)
window.close()
"""


def in_a_child(script: str, seconds: float = 300) -> str:
    try:
        proc = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=child_env(QT_QPA_PLATFORM="offscreen"),
            timeout=seconds,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading the settings blocked (on the FIFO)")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


@pytest.mark.parametrize("script", [SETTINGS_IN_A_CHILD, WINDOW_IN_A_CHILD], ids=["read", "window"])
def test_a_fifo_in_place_of_the_settings_file_blocks_nothing(
    private_home: Path, script: str
) -> None:
    fifo = private_home / "settings.ini"
    os.mkfifo(fifo)
    out = in_a_child(script)
    assert out.split()[0] in (str(DEFAULT_PEN_WIDTH), "up")
    assert fifo.is_file()  # replaced by a file of digitpad's own
    if script is SETTINGS_IN_A_CHILD:
        assert Settings().pen_width == 12


def test_settings_are_never_read_or_written_through_a_link(
    private_home: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("[canvas]\npen_percent=14\n")
    link = private_home / "settings.ini"
    link.symlink_to(outside)
    settings = Settings()
    assert settings.pen_width == DEFAULT_PEN_WIDTH  # the link's target is not read either
    settings.pen_width = 9
    settings.sync()
    assert outside.read_text() == "[canvas]\npen_percent=14\n"
    assert not link.is_symlink() and "pen_percent=9" in link.read_text()


@pytest.mark.parametrize("content", [b"[canvas]\npen_percent=5\n" + b"x" * 300_000, b"\xff" * 100])
def test_an_oversized_or_binary_settings_file_reads_as_the_defaults(
    private_home: Path, content: bytes
) -> None:
    (private_home / "settings.ini").write_bytes(content)
    assert Settings().pen_width == DEFAULT_PEN_WIDTH


def test_two_windows_keep_each_others_settings(private_home: Path) -> None:
    """Another digitpad saves its zoom while this one has a pen width not yet saved: saving
    here merges, and neither is lost. In one process, a second Settings sees the first's."""
    here = Settings()
    here.pen_width = 11
    assert Settings().pen_width == 11  # one copy per file in a process, as QSettings has
    in_a_child(
        "from digitpad.gui.settings import Settings\ns = Settings()\ns.zoom = 2.0\ns.sync()\n"
    )
    here.sync()
    text = (private_home / "settings.ini").read_text()
    assert "pen_percent=11" in text and "zoom=2" in text


def test_a_change_qt_saved_on_its_own_survives_another_windows_save(
    private_home: Path, qapp
) -> None:
    """QSettings writes its copy on its own once the event loop runs; another window then
    saves: this window's next save keeps both (its change is applied over the other's)."""
    here = Settings()
    here.pen_width = 11
    qapp.processEvents()  # QSettings' own sync of the copy, before digitpad's
    in_a_child(
        "from digitpad.gui.settings import Settings\ns = Settings()\ns.zoom = 2.0\ns.sync()\n"
    )
    here.sync()
    text = (private_home / "settings.ini").read_text()
    assert "pen_percent=11" in text and "zoom=2" in text
