"""What the window remembers between runs: pen width, geometry, language, zoom, judgement.

The model in use and the MNIST source are not window things: the CLI uses
them too, so they live in `core.models.choices` (an older digitpad kept them here;
they are moved there once).

Stored with QSettings in the platform's usual place. When ``DIGITPAD_HOME``
is set (tests, portable set-ups) an INI file inside that folder is used
instead, so a private data folder also means private settings. Where the
settings are a file, digitpad reads and writes it itself (`settings_file`: a
regular file only, never through a link, replaced atomically) and QSettings
edits a private copy, so a FIFO or a link in its place can neither keep the
window from coming up nor have it write elsewhere.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from digitpad.core.i18n import LANGUAGE_CODES
from digitpad.core.models import choices
from digitpad.core.paths import bundled_model_path, user_data_dir
from digitpad.gui.settings_file import SettingsFile, settings_path

# The pen's width in percent of the pad's shorter side: the same digit on any pad. 6 % is the
# 30 px an older digitpad drew with on the default window's 500-px pad (MNIST-like strokes).
DEFAULT_PEN_WIDTH = 6
PEN_RANGE = (1, 16)  # the pen-width slider's range, in percent
OLD_PAD_SIDE = 500  # pixels: the pad an older digitpad's pen width (in pixels) was set on
BUNDLED = "bundled"  # how an older digitpad stored the bundled model (see `_migrate_choices`)
ZOOM_RANGE = (0.5, 4.0)
LANGUAGE_CHOICES = ("system", *LANGUAGE_CODES)
MAX_TEXT = 4096  # characters in a stored path
MAX_GEOMETRY = 64 * 1024  # bytes of saved window geometry


class Settings:
    """Typed access to the few values digitpad keeps; every getter has a safe default."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._file: SettingsFile | None = None
        if qsettings is None:
            path = (
                user_data_dir() / "settings.ini"
                if os.environ.get("DIGITPAD_HOME")
                else settings_path()
            )
            if path is not None:
                self._file = SettingsFile.shared(path)
                qsettings = self._file.qsettings
            else:
                qsettings = QSettings("digitpad", "digitpad")
        self._q = qsettings
        self._migrate_choices()
        self._migrate_pen()

    def sync(self) -> None:
        """Save what changed (to the settings file, atomically, where it is one)."""
        if self._file is not None:
            self._file.sync()
        else:
            self._q.sync()

    # Pen width -----------------------------------------------------------------------------

    @property
    def pen_width(self) -> int:
        """In percent of the pad's shorter side, within the slider's range, whatever the
        file says."""
        return _clamp(self._int("canvas/pen_percent", DEFAULT_PEN_WIDTH), *PEN_RANGE)

    @pen_width.setter
    def pen_width(self, value: int) -> None:
        self._set("canvas/pen_percent", _clamp(int(value), *PEN_RANGE))

    def _migrate_pen(self) -> None:
        """An older digitpad kept the pen's width in pixels (`canvas/pen_width`): it becomes
        the same share of the pad it was chosen on (the default window's), once; a value
        that is no number is dropped."""
        if not self._q.contains("canvas/pen_width"):
            return
        pixels = self._int("canvas/pen_width", 0)
        if pixels > 0 and not self._q.contains("canvas/pen_percent"):
            self.pen_width = round(100 * min(pixels, OLD_PAD_SIDE) / OLD_PAD_SIDE)
        self._remove("canvas/pen_width")
        self.sync()

    # Window geometry ---------------------------------------------------------------------------

    @property
    def geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        if not isinstance(value, QByteArray) or value.isEmpty() or value.size() > MAX_GEOMETRY:
            return None
        return value

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", value)

    # Language ------------------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The chosen interface language ("en", "zh_TW"), or "system" to follow the system."""
        value = self._text("ui/language")
        return value if value in LANGUAGE_CHOICES else "system"

    @language.setter
    def language(self, value: str) -> None:
        self._set("ui/language", value if value in LANGUAGE_CHOICES else "system")

    # Zoom -----------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """The zoom factor of every font, the pen and the grids (View ▸ Zoom), 1.0 by default."""
        try:
            value = float(str(self._q.value("ui/zoom", 1.0)))  # INI files give back strings
        except (TypeError, ValueError):
            return 1.0
        if not math.isfinite(value):
            return 1.0
        return min(ZOOM_RANGE[1], max(ZOOM_RANGE[0], value))

    @zoom.setter
    def zoom(self, value: float) -> None:
        self._set("ui/zoom", float(value))

    # The digit-or-not judgement --------------------------------------------------------------

    @property
    def judging(self) -> bool:
        """Say "Not a digit?" for drawings judged so (View menu; a teacher may switch it off)."""
        return self._bool("ui/judge_digits", True)

    @judging.setter
    def judging(self, value: bool) -> None:
        self._set("ui/judge_digits", bool(value))

    # Moved out: the model in use and the MNIST source ----------------------------------------

    def _migrate_choices(self) -> None:
        """Hand the model and MNIST source an older digitpad kept here to `core.models.choices`
        (shared with the CLI), once: the old keys are removed afterwards."""
        keys = ("model/last", "data/use_local", "data/local_path")
        if not any(self._q.contains(key) for key in keys):
            return
        old_model = self._text("model/last")
        remembered = choices.read()
        if old_model and remembered.model is None:
            path = bundled_model_path() if old_model == BUNDLED else Path(old_model)
            try:
                if path.is_file():
                    choices.remember_model(path)
            except (OSError, ValueError):
                pass  # a path the file system cannot even look at: not remembered
        old_path = self._text("data/local_path")
        if old_path and not remembered.data.path:
            choices.remember_data(local=self._bool("data/use_local", False), path=old_path)
        for key in keys:
            self._remove(key)
        self.sync()

    # Helpers ---------------------------------------------------------------------------------

    def _set(self, key: str, value: object) -> None:
        if self._file is not None:
            self._file.set_value(key, value)  # kept as this window's change until saved
        else:
            self._q.setValue(key, value)

    def _remove(self, key: str) -> None:
        if self._file is not None:
            self._file.remove(key)
        else:
            self._q.remove(key)

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
