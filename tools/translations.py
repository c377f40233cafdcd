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
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "digitpad"
TS_DIR = PACKAGE / "translations"
LOCALE_DIR = PACKAGE / "locale"
TRANSLATED = ("zh_TW",)  # besides English, the source language


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
    return sorted(str(p.relative_to(ROOT)) for p in (PACKAGE / "gui").glob("*.py"))


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
    run(qt_tool("lupdate"), *common, "-pluralonly", *gui_sources(), "-ts", str(ts_files()[0]))
    for ts in ts_files()[1:]:
        run(qt_tool("lupdate"), *common, *gui_sources(), "-ts", str(ts))


def update_gettext() -> None:
    pybabel = str(Path(sys.executable).parent / "pybabel")
    with tempfile.TemporaryDirectory() as scratch:
        pot = str(Path(scratch) / "digitpad.pot")
        run(
            pybabel, "extract", "--no-location", "--sort-output", "--no-wrap",
            "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
            "-o", pot, "digitpad/core", "digitpad/cli",
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
