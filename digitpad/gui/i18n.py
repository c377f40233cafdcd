"""The window's language: Qt translators for our strings and Qt's own, switched live.

Installing a translator makes Qt send every widget a LanguageChange event;
widgets that show text re-set it in `retranslate()` (see `Retranslating`), so
View ▸ Language takes effect without a restart. Core's messages (errors from
loading data or models) switch along, through `digitpad.core.i18n`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from digitpad.core import i18n as core_i18n

SYSTEM = "system"  # the remembered choice "follow the system"

_installed: list[QTranslator] = []
_current = core_i18n.SOURCE_LANGUAGE


def translations_dir() -> Path:
    return Path(str(resources.files("digitpad") / "translations"))


def system_language() -> str:
    """The supported language closest to the system's UI languages (English if none is)."""
    for name in QLocale.system().uiLanguages():
        code = core_i18n.normalize_language(name)
        if code is not None:
            return code
    return core_i18n.SOURCE_LANGUAGE


def resolve(choice: str | None) -> str:
    """The language code for a choice: "en", "zh_TW", or "system"/None/unknown → the system's."""
    if choice and choice != SYSTEM:
        code = core_i18n.normalize_language(choice)
        if code is not None:
            return code
    return system_language()


def current_language() -> str:
    return _current


def apply_language(code: str) -> str:
    """Translate the whole app into `code` from now on; returns the code in effect.

    Our catalog carries the English plural forms too, so one is installed even for English.
    Qt's own catalog (qtbase) translates standard buttons and file dialogs.
    """
    global _current
    app = QCoreApplication.instance()
    code = core_i18n.normalize_language(code) or core_i18n.SOURCE_LANGUAGE
    new: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(f"digitpad_{code}", str(translations_dir())):
        new.append(ours)
    if code != core_i18n.SOURCE_LANGUAGE:
        qt_own = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{code}", qt_dir):
            new.append(qt_own)
    if app is not None:
        for translator in _installed:
            QCoreApplication.removeTranslator(translator)
        for translator in new:
            QCoreApplication.installTranslator(translator)
    _installed[:] = new
    _current = code
    QLocale.setDefault(QLocale(code))  # numbers and dates as the language writes them
    core_i18n.set_language(code)
    return code


class Retranslating:
    """Mixin for widgets: call `retranslate()` whenever the app's language changes.

    Put every user-visible text a widget sets into its `retranslate()` and call it
    once at the end of `__init__`; a language switch then re-runs it.
    """

    def retranslate(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it by this name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]
