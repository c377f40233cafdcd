"""What the window remembers between runs: pen width, geometry, MNIST source, last model,
language.

Stored with QSettings in the platform's usual place. When ``DIGITPAD_HOME``
is set (tests, portable set-ups) an INI file inside that folder is used
instead, so a private data folder also means private settings.

The file is the user's to edit (or to break): every value is checked when read
and replaced by its default, or clamped into its range, when it is not one the
window can use (a pen width of -5 or 100000, an unknown language, a path with
a NUL). Setters store only such checked values, so a bad value is never
written back.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from digitpad.core.i18n import LANGUAGE_CODES
from digitpad.core.paths import bundled_model_path, user_data_dir

DEFAULT_PEN_WIDTH = 30  # on a ~500 px pad this gives MNIST-like strokes of 2–3 px
PEN_RANGE = (4, 80)  # the pen-width slider's range, in pixels
BUNDLED = "bundled"  # stored instead of the bundled file's path, which moves between installs
LANGUAGE_CHOICES = ("system", *LANGUAGE_CODES)
MAX_TEXT = 4096  # characters in a stored path
MAX_GEOMETRY = 64 * 1024  # bytes of saved window geometry


class Settings:
    """Typed access to the few values digitpad keeps; every getter has a safe default."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            if os.environ.get("DIGITPAD_HOME"):
                path = user_data_dir() / "settings.ini"
                qsettings = QSettings(str(path), QSettings.Format.IniFormat)
            else:
                qsettings = QSettings("digitpad", "digitpad")
        self._q = qsettings

    def sync(self) -> None:
        self._q.sync()

    # Pen width -----------------------------------------------------------------------------

    @property
    def pen_width(self) -> int:
        """Within the slider's range, whatever the file says."""
        return _clamp(self._int("canvas/pen_width", DEFAULT_PEN_WIDTH), *PEN_RANGE)

    @pen_width.setter
    def pen_width(self, value: int) -> None:
        self._q.setValue("canvas/pen_width", _clamp(int(value), *PEN_RANGE))

    # Window geometry ---------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        if not isinstance(value, QByteArray) or value.isEmpty() or value.size() > MAX_GEOMETRY:
            return None
        return value

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    # MNIST source ------------------------------------------------------------------------------

    @property
    def use_local_data(self) -> bool:
        return self._bool("data/use_local", False)

    @use_local_data.setter
    def use_local_data(self, value: bool) -> None:
        self._q.setValue("data/use_local", bool(value))

    @property
    def local_data_path(self) -> str:
        return self._text("data/local_path")

    @local_data_path.setter
    def local_data_path(self, value: str) -> None:
        self._q.setValue("data/local_path", _checked_text(str(value)))

    # Language ------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The chosen interface language ("en", "zh_TW"), or "system" to follow the system."""
        value = self._text("ui/language")
        return value if value in LANGUAGE_CHOICES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value if value in LANGUAGE_CHOICES else "system")

    # Last model ------------------------------------------------------------------------------

    @property
    def last_model(self) -> Path | None:
        """The model in use when the app last changed models; None when never set or gone."""
        value = self._text("model/last")
        if not value:
            return None
        path = bundled_model_path() if value == BUNDLED else Path(value)
        try:
            return path if path.is_file() else None
        except (OSError, ValueError):
            return None

    @last_model.setter
    def last_model(self, path: Path | None) -> None:
        if path is None:
            value = ""
        elif _same_file(path, bundled_model_path()):
            value = BUNDLED
        else:
            value = str(Path(path).resolve())
        self._q.setValue("model/last", value)

    # Helpers ---------------------------------------------------------------------------------

    def _int(self, key: str, default: int) -> int:
        value = self._q.value(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def _text(self, key: str) -> str:
        """A stored string, or "" when it is not one (an INI list, a number, binary data…)."""
        value = self._q.value(key, "")
        return _checked_text(value) if isinstance(value, str) else ""

    def _bool(self, key: str, default: bool) -> bool:
        value = self._q.value(key, default)
        if isinstance(value, str):  # INI files give back strings
            return value.strip().lower() in ("true", "1", "yes")
        return value if isinstance(value, bool) else default


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _checked_text(value: str) -> str:
    """`value` if it can be a path or a choice (no NUL, not absurdly long), else ""."""
    return value if "\x00" not in value and len(value) <= MAX_TEXT else ""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
