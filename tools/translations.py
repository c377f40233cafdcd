"""Refresh translation sources from the code, and compile what ships in the package.

    python tools/translations.py            # update sources, then compile
    python tools/translations.py update     # only re-extract strings into .ts/.po
    python tools/translations.py compile    # only build .qm/.mo from .ts/.po

Two toolchains, one command:
- the window's strings (``self.tr``, ``QCoreApplication.translate``) go through
  Qt's ``pyside6-lupdate`` into ``digitpad/translations/digitpad_<lang>.ts``
  (open them in ``pyside6-linguist``) and ``pyside6-lrelease`` into ``.qm``;
- core's and the CLI's messages (``_``, ``ngettext``, ``N_`` from
  ``digitpad.core.i18n``) go through Babel into
  ``digitpad/locale/<lang>/LC_MESSAGES/digitpad.po`` and ``.mo``.

The English Qt file holds plural forms only (``%n sample(s)``); every other
English string is its own source text.

When code moves to another class, Qt sees its strings in a new context; an
update then fills such a new, untranslated string from the translation the
same source text already had, so moving code never loses translations.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digitpad.core.i18n import LANGUAGE_CODES, SOURCE_LANGUAGE  # noqa: E402

PACKAGE = ROOT / "digitpad"
TS_DIR = PACKAGE / "translations"
LOCALE_DIR = PACKAGE / "locale"
TRANSLATED = tuple(code for code in LANGUAGE_CODES if code != SOURCE_LANGUAGE)
GETTEXT_SOURCES = (
    "digitpad/core",
    "digitpad/cli",
    "digitpad/gui/workarounds.py",  # says why the window cannot start, before Qt runs
)


def qt_tool(name: str) -> str:
    """`pyside6-<name>` from the interpreter's own environment (PySide6 ships it)."""
    import PySide6

    for candidate in (
        Path(sys.executable).parent / f"pyside6-{name}",
        Path(PySide6.__file__).parent / name,
    ):
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"pyside6-{name} not found; install PySide6 in this environment")


def gui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (PACKAGE / "gui").rglob("*.py"))


def ts_files() -> list[Path]:
    return [TS_DIR / f"digitpad_{lang}.ts" for lang in ("en", *TRANSLATED)]


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def update() -> None:
    update_qt()
    update_gettext()


def update_qt() -> None:
    TS_DIR.mkdir(exist_ok=True)
    common = ("-no-obsolete", "-locations", "none", "-source-language", "en")
    for i, ts in enumerate(ts_files()):
        known = known_translations(ts) if ts.exists() else {}
        only = ("-pluralonly",) if i == 0 else ()  # English needs its plural forms only
        run(qt_tool("lupdate"), *common, *only, *gui_sources(), "-ts", str(ts))
        if carry_over(ts, known):  # lupdate again: the file in its own layout
            run(qt_tool("lupdate"), *common, *only, *gui_sources(), "-ts", str(ts))


def _key(message: ET.Element) -> tuple[str, str, bool]:
    return (
        message.findtext("source") or "",
        message.findtext("comment") or "",
        message.get("numerus") == "yes",
    )


def known_translations(ts: Path) -> dict[tuple[str, str, bool], ET.Element]:
    """Every finished translation in `ts`, by source text (whatever its context)."""
    found = {}
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") is None:
            found[_key(message)] = translation
    return found


def carry_over(ts: Path, known: dict[tuple[str, str, bool], ET.Element]) -> bool:
    """Fill untranslated messages from `known` translations of the same source text;
    True if any was filled."""
    tree = ET.parse(ts)
    changed = False
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        previous = known.get(_key(message))
        if previous is None:
            continue
        message.remove(translation)
        message.append(previous)
        changed = True
    if changed:
        header = '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(header + body + "\n", encoding="utf-8")
    return changed


def update_gettext() -> None:
    pybabel = str(Path(sys.executable).parent / "pybabel")
    with tempfile.TemporaryDirectory() as scratch:
        pot = str(Path(scratch) / "digitpad.pot")
        run(
            pybabel, "extract", "--no-location", "--sort-output", "--no-wrap",
            "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
            "-o", pot, *GETTEXT_SOURCES,
        )  # fmt: skip
        for lang in TRANSLATED:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / "digitpad.po"
            verb = (
                ["update", "--ignore-obsolete", "--ignore-pot-creation-date"]
                if po.exists()
                else ["init"]
            )
            run(pybabel, *verb, "--no-wrap", "-D", "digitpad", "-i", pot, "-d", str(LOCALE_DIR),
                "-l", lang)  # fmt: skip


def compile_all() -> None:
    for ts in ts_files():
        run(qt_tool("lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm")))
    pybabel = str(Path(sys.executable).parent / "pybabel")
    run(pybabel, "compile", "-D", "digitpad", "-d", str(LOCALE_DIR))


def main(argv: list[str]) -> int:
    step = argv[0] if argv else "all"
    if step not in ("all", "update", "compile"):
        print(__doc__, file=sys.stderr)
        return 2
    if step in ("all", "update"):
        update()
    if step in ("all", "compile"):
        compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
