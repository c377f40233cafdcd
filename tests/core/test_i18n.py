"""Core's and the command line's messages: complete zh_TW catalog, fresh .mo, LANG and --lang."""

from __future__ import annotations

import argparse
import ast
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import digitpad
from digitpad.cli import main
from digitpad.core import i18n
from digitpad.core.network.summary import ModelSummary, format_summary

PACKAGE = Path(digitpad.__file__).parent
SOURCES = [  # as tools/translations.py extracts
    *sorted((PACKAGE / "core").rglob("*.py")),
    *sorted((PACKAGE / "cli").glob("*.py")),
    PACKAGE / "gui" / "workarounds.py",
]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}  # as tools/translations.py extracts
PO = PACKAGE / "locale" / "zh_TW" / "LC_MESSAGES" / "digitpad.po"
MO = PO.with_suffix(".mo")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def restore_language(monkeypatch: pytest.MonkeyPatch):
    """Each test starts from the C locale and leaves the language as it found it."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


def extracted() -> set[str | tuple[str, str]]:
    ids: set[str | tuple[str, str]] = set()
    for source in SOURCES:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(source), keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else tuple(message))
    return ids


def po_catalog():
    with PO.open("rb") as f:
        return read_po(f)


def forms(string: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A message's id or string as a tuple: one item, or one per plural form."""
    return (string,) if isinstance(string, str) else tuple(string)


def test_every_message_has_a_translation_and_none_is_obsolete() -> None:
    catalog = po_catalog()
    in_po = {m.id for m in catalog if m.id}
    in_code = extracted()
    assert in_code, "nothing extracted: are the keywords right?"
    assert sorted(map(str, in_code - in_po)) == [], "run: python tools/translations.py"
    assert sorted(map(str, in_po - in_code)) == [], "entries for messages the code no longer has"
    assert not catalog.obsolete
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        assert all(s.strip() for s in forms(message.string)), f"untranslated: {message.id!r}"


def test_the_shipped_mo_matches_the_po() -> None:
    with MO.open("rb") as f:
        compiled = {forms(m.id): forms(m.string) for m in read_mo(f) if m.id}
    sources = {forms(m.id): forms(m.string) for m in po_catalog() if m.id}
    stale = sorted(str(k) for k in sources.keys() ^ compiled.keys())
    stale += sorted(str(k) for k in sources.keys() & compiled.keys() if sources[k] != compiled[k])
    assert stale == [], "rebuild the .mo: python tools/translations.py compile"


BRACES = re.compile(r"\{[^{}]*\}")
PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[sdirfx%]")


@pytest.mark.parametrize("pattern", [BRACES, PERCENT], ids=["braces", "percent"])
def test_translations_keep_the_placeholders(pattern: re.Pattern[str]) -> None:
    wrong = []
    for message in po_catalog():
        if not message.id:
            continue
        expected = Counter(pattern.findall(forms(message.id)[-1]))
        for string in forms(message.string):
            if Counter(pattern.findall(string)) != expected:
                wrong.append((message.id, string))
    assert wrong == []


def test_no_brace_message_reads_as_a_percent_format() -> None:
    """English such as "{threshold} % up" holds "% u", a %-conversion to gettext tools:
    the message is then also flagged python-format and `pybabel compile` (run by
    tools/translations.py) refuses its translation. Write "{threshold} %:" instead."""
    both = [
        m.id
        for m in po_catalog()
        if m.id and {"python-brace-format", "python-format"} <= set(m.flags)
    ]
    assert both == []


def test_no_module_rebinds_the_translation_function() -> None:
    """`_, x = …` in a function that also calls `_()` would call a tuple's item instead."""
    offenders = []
    for source in SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                offenders.append(f"{source.name}:{node.lineno}")
    assert offenders == []


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_lang_option_translates_errors(capsys) -> None:
    code, _out, err = run(capsys, "--lang", "zh_TW", "summary", "--model", "nonexistent.keras")
    assert code == 2
    assert err == "digitpad：模型檔案 nonexistent.keras 不存在。\n"
    assert i18n.current_language() == "zh_TW"


def test_lang_environment_translates_errors(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert i18n.set_language(None) == "zh_TW"
    code, _out, err = run(capsys, "summary", "--model", "model.pt")
    assert code == 2
    assert err.startswith("digitpad：model.pt 不是 digitpad 能載入的模型檔案")
    assert err.count("\n") == 1


def test_english_by_default_and_lang_overrides_the_environment(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = run(capsys, "summary", "--model", "nonexistent.keras")
    assert (code, err) == (2, "digitpad: The model file nonexistent.keras does not exist.\n")
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    code, _out, err = run(capsys, "--lang=en", "summary", "--model", "nonexistent.keras")
    assert (code, err) == (2, "digitpad: The model file nonexistent.keras does not exist.\n")


def test_help_and_argparse_errors_in_chinese(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "zh_TW", "train", "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    for words in ("用法：digitpad train", "選項", "顯示這則說明並結束", "訓練週期（epoch）數"):
        assert words in out
    help_lines = out.split("\n\n", 1)[1].splitlines()  # what follows the usage
    assert max(i18n.display_width(line) for line in help_lines) <= 60, out
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "zh_TW", "bogus"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "digitpad：錯誤：引數 COMMAND：無效的選擇：'bogus'" in err
    with pytest.raises(SystemExit):
        main(["--lang", "zh_TW", "finetune"])
    assert "缺少以下必要的引數：--samples" in capsys.readouterr().err
    assert (argparse._, argparse.ngettext) == saved, "argparse is left as it was"  # type: ignore[attr-defined]


def test_help_in_english_is_argparse_own(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: digitpad") and "show this help message and exit" in out
    assert "--lang {en,zh_TW}" in out


def test_tables_line_up_in_chinese(first_conv_info) -> None:
    from digitpad.core.training.evaluation import format_confusion

    i18n.set_language("zh_TW")
    rows = (first_conv_info,)
    text = format_summary(ModelSummary(rows, 320, 320, 0))
    assert "層（類型）" in text and "參數總數：320" in text
    table = text.splitlines()[:5]  # rule, header, rule, one row, rule
    assert len({i18n.display_width(line) for line in table[::2]}) == 1
    header, row = table[1], table[3]
    assert i18n.display_width(header) == i18n.display_width(row)  # the counts are right-aligned
    lines = format_confusion(np.eye(10, dtype=int)).splitlines()
    assert lines[0].startswith("實際\\預測")
    assert len({i18n.display_width(line) for line in lines}) == 1


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("一二三四五六", 6, ["一二三", "四五六"]),
        ("一二，三", 4, ["一", "二，", "三"]),  # a comma never starts a line
        ("用 MNIST 訓練（CNN）並儲存", 12, ["用 MNIST 訓", "練（CNN）並", "儲存"]),
        ("plain words wrap at spaces", 11, ["plain words", "wrap at", "spaces"]),
    ],
)
def test_wrap_columns(text: str, width: int, lines: list[str]) -> None:
    assert i18n.wrap_columns(text, width) == lines


@pytest.mark.parametrize("language", ["en", "zh_TW"])
def test_one_way_of_writing_a_percentage(language: str) -> None:
    """Each language's own pattern, window and CLI alike (both call `percent`); a fraction below
    1 never reads 100, however it rounds."""
    i18n.set_language(language)
    pattern = i18n.percent_pattern()
    assert pattern == "{}%"  # CLDR's for English and Traditional Chinese
    assert i18n.percent(0.889) == pattern.format("88.9")
    assert i18n.percent(0.98237, 2) == pattern.format("98.24")
    assert i18n.percent(0.25, None) == pattern.format("25")  # a dropout rate
    assert i18n.percent(0.99996) == "> " + pattern.format("99.9")
    assert i18n.percent(0.999996, 2) == "> " + pattern.format("99.99")
    assert i18n.percent(1.0) == pattern.format("100.0")  # only a certainty reads 100
    assert i18n.percent(-1e-9) == pattern.format("0.0")  # never "-0.0"
    assert [i18n.progress_percent(d, 300) for d in (0, 1, 299, 300, 301)] == [
        pattern.format(n) for n in (0, 0, 99, 100, 100)
    ]  # a job is at 100% only when it is done


def test_no_message_writes_a_percent_sign_itself() -> None:
    """Every percentage goes through `percent` (or a Qt progress bar's own %p): a message
    "{percent} %" would put a second way of writing it beside the language's."""
    hand_made = re.compile(r"\}\s?%(?![\w(])")
    in_po = [m.id for m in po_catalog() if m.id and hand_made.search(forms(m.id)[-1])]
    assert in_po == []
    import xml.etree.ElementTree as ET

    ts = PACKAGE / "translations" / "digitpad_zh_TW.ts"
    sources = [s.text or "" for s in ET.parse(ts).getroot().iter("source")]
    assert [s for s in sources if hand_made.search(s)] == []
    in_code = []  # f"{100 * value:.1f} %" and the like
    for source in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for before, after in zip(node.values, node.values[1:], strict=False):
                    if (
                        isinstance(before, ast.FormattedValue)
                        and isinstance(after, ast.Constant)
                        and str(after.value).lstrip().startswith("%")
                    ):
                        in_code.append(f"{source.name}:{node.lineno}")
    assert in_code == []
