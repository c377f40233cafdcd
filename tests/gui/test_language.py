"""Translations: complete and compiled, zh_TW menus, and a language switch without restart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QWidget

from digitpad.gui import i18n
from digitpad.gui.settings import Settings
from digitpad.gui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "digitpad" / "translations"
sys.path.insert(0, str(ROOT / "tools"))
import translations as tools  # noqa: E402 - the repo's own extraction command

# Words that stay as they are in Chinese: names, formats, Keras' class names.
UNTRANSLATED_WORDS = {
    "digitpad", "MNIST", "Keras", "keras", "CNN", "softmax", "ReLU", "relu", "Esc", "Ctrl", "Home",
    "Shift", "English", "Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense", "InputLayer",
    "zip", "png", "PNG", "ETA", "MIT", "Dock",
}  # fmt: skip


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _lupdate_into(tmp_path: Path, name: str) -> Path:
    """What `tools/translations.py update` would make of the committed .ts, in a scratch copy."""
    copy = tmp_path / name
    shutil.copy(TS_DIR / name, copy)
    extra = ["-pluralonly"] if name.endswith("_en.ts") else []
    subprocess.run(
        [tools.qt_tool("lupdate"), "-no-obsolete", "-locations", "none", "-source-language", "en",
         *extra, *tools.gui_sources(), "-ts", str(copy)],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return copy


@pytest.mark.parametrize("name", ["digitpad_zh_TW.ts", "digitpad_en.ts"])
def test_every_gui_string_is_translated(tmp_path: Path, name: str) -> None:
    """lupdate finds nothing new and nothing unfinished: each string has its translation."""
    fresh = _messages(_lupdate_into(tmp_path, name))
    committed = {(c, s) for c, s, _ in _messages(TS_DIR / name)}
    assert {(c, s) for c, s, _ in fresh} == committed, "run: python tools/translations.py"
    untranslated = []
    for context, source, message in fresh:
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(forms):
            untranslated.append(f"{context}: {source}")
        for form in forms:  # a placeholder the code fills in must survive translation
            placeholders = set(re.findall(r"\{\w+\}", source))
            assert set(re.findall(r"\{\w+\}", form)) == placeholders, (source, form)
    if name.endswith("_en.ts"):
        assert fresh, "the English file carries the plural forms"
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


@pytest.mark.parametrize("name", ["digitpad_zh_TW", "digitpad_en"])
def test_shipped_qm_is_compiled_from_its_ts(tmp_path: Path, name: str) -> None:
    compiled = tmp_path / f"{name}.qm"
    subprocess.run(
        [tools.qt_tool("lrelease"), "-silent", str(TS_DIR / f"{name}.ts"), "-qm", str(compiled)],
        check=True,
    )
    shipped = TS_DIR / f"{name}.qm"
    assert shipped.read_bytes() == compiled.read_bytes(), "stale .qm: python tools/translations.py"


def _visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
    for child in widget.findChildren(QWidget):
        texts += [child.toolTip(), child.accessibleName(), child.accessibleDescription()]
        if isinstance(child, QLabel | QAbstractButton):
            texts.append(child.text())
        if isinstance(child, QMenu):
            texts.append(child.title())
            texts += [a.text() for a in child.actions()] + [a.statusTip() for a in child.actions()]
    return [t for t in texts if t]


def _english_words(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>|\(\*\.\w+\)|\.keras|\w+\.keras|&", "", text)
        found += [w for w in re.findall(r"[A-Za-z]{3,}", plain) if w not in UNTRANSLATED_WORDS]
    return found


def test_zh_tw_main_window_is_translated(qtbot) -> None:
    i18n.apply_language("zh_TW")
    window = MainWindow()
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["模型(&M)", "編輯(&E)", "檢視(&V)", "說明(&H)"]
    assert window.menu_actions.train.text() == "訓練模型(&T)…"
    assert _english_words(_visible_texts(window)) == []


def test_language_switch_takes_effect_at_once_and_is_remembered(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.menu_actions.model_menu.title() == "&Model"
    window.menu_actions.languages["zh_TW"].trigger()
    qtbot.waitUntil(lambda: window.menu_actions.model_menu.title() == "模型(&M)", timeout=2000)
    assert window.pen_label.text() == "筆寬(&P)："
    assert window.menu_actions.languages["zh_TW"].isChecked()
    assert Settings().language == "zh_TW"
    # Core's messages follow too (they reach the window's dialogs).
    from digitpad.core.i18n import current_language

    assert current_language() == "zh_TW"
    window.menu_actions.languages["en"].trigger()
    qtbot.waitUntil(lambda: window.menu_actions.model_menu.title() == "&Model", timeout=2000)
    assert Settings().language == "en"


def test_the_remembered_language_and_lang_flag_decide_at_start(monkeypatch) -> None:
    monkeypatch.setattr(i18n, "system_language", lambda: "en")
    assert i18n.resolve(Settings().language) == "en"  # nothing remembered: the system's
    settings = Settings()
    settings.language = "zh_TW"
    assert i18n.resolve(settings.language) == "zh_TW"
    assert i18n.resolve("zh-Hant-TW") == "zh_TW"
    assert i18n.resolve(i18n.SYSTEM) == "en"
