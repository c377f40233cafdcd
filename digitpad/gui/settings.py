"""What the window remembers between runs: pen width, geometry, MNIST source, last model,
language.

Stored with QSettings in the platform's usual place. When ``DIGITPAD_HOME``
is set (tests, portable set-ups) an INI file inside that folder is used
instead, so a private data folder also means private settings.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from digitpad.core.paths import bundled_model_path, user_data_dir

DEFAULT_PEN_WIDTH = 30  # on a ~500 px pad this gives MNIST-like strokes of 2–3 px
PEN_RANGE = (4, 80)  # the pen-width slider's range, in pixels
BUNDLED = "bundled"  # stored instead of the bundled file's path, which moves between installs


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
        return self._int("canvas/pen_width", DEFAULT_PEN_WIDTH)

    @pen_width.setter
    def pen_width(self, value: int) -> None:
        self._q.setValue("canvas/pen_width", int(value))

    # Window geometry ---------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

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
        return str(self._q.value("data/local_path", "") or "")

    @local_data_path.setter
    def local_data_path(self, value: str) -> None:
        self._q.setValue("data/local_path", str(value))

    # Language ------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The chosen interface language ("en", "zh_TW"), or "system" to follow the system."""
        return str(self._q.value("ui/language", "system") or "system")

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", str(value))

    # Last model ------------------------------------------------------------------------------

    @property
    def last_model(self) -> Path | None:
        """The model in use when the app last changed models; None when never set or gone."""
        value = str(self._q.value("model/last", "") or "")
        if not value:
            return None
        path = bundled_model_path() if value == BUNDLED else Path(value)
        return path if path.is_file() else None

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
        try:
            return int(self._q.value(key, default))
        except (TypeError, ValueError):
            return default

    def _bool(self, key: str, default: bool) -> bool:
        value = self._q.value(key, default)
        if isinstance(value, str):  # INI files give back strings
            return value.lower() in ("true", "1", "yes")
        return bool(value)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
