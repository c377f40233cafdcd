"""Translations for the messages core and the command line show (gettext).

core must not import Qt, yet its error messages reach the user both on the
terminal and in the window's dialogs, so they are translated with Python's
gettext. The catalogs live in ``digitpad/locale/<lang>/LC_MESSAGES/digitpad.mo``
(sources: the ``.po`` files next to them; ``python tools/translations.py``
rebuilds both). The window's own strings use Qt's translation system instead.

By default the language follows the environment the way gettext programs do
(``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); `set_language` overrides
it (``digitpad --lang``, or the window's View ▸ Language).
"""

from __future__ import annotations

import gettext as _gettext
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "digitpad"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """A language digitpad is translated into. Adding one: a row here, then its catalogs
    (`python tools/translations.py` creates them)."""

    code: str  # as in the catalogs' file names and `--lang`
    native_name: str  # how the language menu names it, in itself
    locale_prefix: str  # a locale whose (lower-case) name starts with this means this language
    aliases: tuple[str, ...] = ()  # other locale names that mean it
    # How it writes a percentage, `{}` the number: CLDR's pattern for the language ("88.9%" in
    # English and in Traditional Chinese; French would be "{}\u00a0%"). Window and CLI alike.
    percent_pattern: str = "{}%"


LANGUAGES = (
    Language("en", "English", "en", aliases=("c", "posix")),
    # Every Chinese locale gets Traditional Chinese, the only Chinese translation there is.
    Language("zh_TW", "繁體中文", "zh"),
)
LANGUAGE_CODES = tuple(language.code for language in LANGUAGES)

_translation: _gettext.NullTranslations | None = None
_language: str | None = None


def normalize_language(name: str | None) -> str | None:
    """A supported language code for a locale name ("zh-Hant-TW", "zh_HK.UTF-8"…), or None."""
    if not name:
        return None
    lowered = name.split(".")[0].split("@")[0].replace("-", "_").lower()
    for language in LANGUAGES:
        if lowered.startswith(language.locale_prefix) or lowered in language.aliases:
            return language.code
    return None


def language_from_environment() -> str:
    """The language gettext would pick from the environment, among the supported ones."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if not value:
            continue
        for name in value.split(":"):  # LANGUAGE may list several, in order of preference
            code = normalize_language(name)
            if code is not None:
                return code
        if variable != "LANGUAGE":
            break  # the first set variable of the others decides, as in gettext
    return SOURCE_LANGUAGE


def set_language(code: str | None) -> str:
    """Use `code` ("en", "zh_TW"; None: the environment's) for messages from now on."""
    global _translation, _language
    language = normalize_language(code) if code else language_from_environment()
    language = language or SOURCE_LANGUAGE
    _translation = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True
    )
    _language = language
    return language


def current_language() -> str:
    if _language is None:
        set_language(None)
    return _language or SOURCE_LANGUAGE


def _catalog() -> _gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """`message` in the current language (the English text when it has no translation)."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _catalog().ngettext(singular, plural, n)


def translations_of(message: str) -> frozenset[str]:
    """`message` in every language digitpad speaks (its source included): to recognize a
    text digitpad itself wrote, such as a run's default name, whatever language it was in."""
    found = {message}
    for language in LANGUAGES:
        catalog = _gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[language.code], fallback=True
        )
        found.add(catalog.gettext(message))
    return frozenset(found)


def N_(message: str) -> str:
    """Marks a module-level string for extraction; translate it with `_` where it is shown."""
    return message


def percent_pattern() -> str:
    """How the current language writes a percentage: "{}%" (`{}` stands for the number)."""
    code = current_language()
    return next((lang.percent_pattern for lang in LANGUAGES if lang.code == code), "{}%")


def percent(fraction: float, places: int | None = 1) -> str:
    """`fraction` (0.889) as the current language writes a percentage ("88.9%"): the one way
    every percentage digitpad shows is written, in the window and on the command line.

    A fraction below 1 never reads as 100: what rounds up to it is shown as "> 99.9%" (a
    calibrated confidence is never certain, and a bar at 0.9996 is not a sure thing either).
    `places` None: as few digits as the value needs (a dropout rate: "25%", "12.5%").
    """
    value = 100.0 * float(fraction)
    if places is None:
        return percent_pattern().format(f"{value:g}")
    text = f"{value:.{places}f}"
    if value < 100.0 and float(text) >= 100.0:
        below = f"{100 - 10.0**-places:.{places}f}" if places else "99"
        return "> " + percent_pattern().format(below)
    if float(text) == 0:
        text = text.lstrip("-")
    return percent_pattern().format(text)


def chance(probability: float) -> str:
    """A probability the model gives (a softmax bar, a calibrated confidence) as a percentage
    with one decimal, never "100.0%": the model is never certain, even where float32 rounds
    its softmax to exactly 1. What rounds up to 100 reads "> 99.9%"."""
    return percent(min(float(probability), 0.99999))


def progress_percent(done: int, total: int) -> str:
    """How far a job has come, as a whole percentage rounded down ("37%"): 100% means done."""
    return percent_pattern().format(max(0, min(done, total)) * 100 // max(1, total))


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal, for aligning tables: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Punctuation that closes stays at the end of its line; punctuation that opens, with what follows.
_NO_LINE_START = set("，。、；：！？）」』】…,.;:!?)")
_NO_LINE_END = set("（「『【(")


def wrap_columns(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal columns (a longer word gets its own line).

    Lines break at spaces and also between CJK characters, which have no spaces
    between them; punctuation stays with the character it belongs to.
    """
    tokens: list[str] = []
    glue = False  # the next character joins the last token
    for char in text:
        if char.isspace():
            if tokens and tokens[-1] != " ":
                tokens.append(" ")
            glue = False
            continue
        narrow = display_width(char) == 1
        in_word = narrow and display_width(tokens[-1][-1]) == 1 if tokens else False
        if tokens and tokens[-1] != " " and (glue or char in _NO_LINE_START or in_word):
            tokens[-1] += char
        else:
            tokens.append(char)
        glue = char in _NO_LINE_END
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token == " ":
            line += " " if line else ""
        elif line and display_width(line + token) > width:
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines
