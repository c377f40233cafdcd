"""Nothing cut off at 1366×768 or 1920×1080, at any zoom step offered, in any view or dialog.

Qt's offscreen screen has its size fixed when Qt starts, so each screen size is
swept by `layout_sweep.py` in a process of its own (once per session, shared by
the tests below): every zoom step the screen is offered × the walk-through (each
step), the inside view (a first-layer pixel hovered), both docks, and the pad
alone with "Not a digit?"; the window maximized and at its least size; then
every dialog at the largest zoom. What counts as cut off is `layout_check`'s,
and the first tests here show it sees each kind of defect.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from layout_check import problems, shown_rect, window_fits
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.gui.zoom import offered_steps

SWEEP = Path(__file__).with_name("layout_sweep.py")
RUNS = {  # (screen, language): the sweep's own arguments
    ("1366x768", "en"): [],
    ("1920x1080", "en"): [],
    ("1366x768", "zh_TW"): ["--zooms", "1.0,1.5"],  # CJK text is taller: the extremes
    ("1920x1080", "zh_TW"): ["--zooms", "2.0"],
}
VIEWS = ("lesson", "inside", "both", "pad", "dialog")


@pytest.fixture(scope="session")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], list[dict]]:
    """The sweep's records for (screen, language), run once per session."""
    done: dict[tuple[str, str], list[dict]] = {}

    def run(screen: str, lang: str) -> list[dict]:
        if (screen, lang) not in done:
            home = tmp_path_factory.mktemp(f"sweep-{screen}-{lang}")
            command = [sys.executable, str(SWEEP), "--screen", screen, "--lang", lang]
            result = subprocess.run(
                command + RUNS[screen, lang],
                env={**os.environ, "DIGITPAD_HOME": str(home)},
                capture_output=True, text=True, timeout=900,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            lines = result.stdout.splitlines()
            done[screen, lang] = [json.loads(line) for line in lines if line.startswith("{")]
        return done[screen, lang]

    return run


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("screen", "lang"), list(RUNS))
def test_nothing_is_cut_off(sweep, screen: str, lang: str, view: str) -> None:
    records = [r for r in sweep(screen, lang) if r["view"] == view]
    width, height = (int(v) for v in screen.split("x"))
    steps = offered_steps(QSize(width, height))
    asked = RUNS[screen, lang]
    expected = tuple(float(z) for z in asked[1].split(",")) if asked else steps
    if view == "dialog":
        expected = (expected[-1],)  # the dialogs at the largest zoom
    assert {r["zoom"] for r in records} == set(expected), "a zoom step was not swept"
    if view == "lesson":
        assert {r["step"] for r in records} >= {"input", "conv2d", "flatten", "parameters"}
    found = [
        f"{r['zoom']:g} {r.get('size', '')} {r['step']}: {problem}"
        for r in records
        for problem in r["problems"]
    ]
    assert not found, "\n".join(found[:40])


def test_150_percent_is_offered_at_1366_by_768_and_200_at_1920_by_1080() -> None:
    assert offered_steps(QSize(1366, 728))[-1] == 1.5  # a taskbar takes 40 px
    assert offered_steps(QSize(1920, 1040))[-1] == 2.0
    assert offered_steps(QSize(1024, 600))[-1] == 1.1
    assert offered_steps(QSize(640, 480))[-1] == 1.0  # never less than actual size


# The check sees what a student would ----------------------------------------------------


def shown(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    widget.resize(width, height)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_check_sees_a_clipped_label_and_a_squeezed_button(qtbot) -> None:
    window = QWidget()
    label = QLabel("a sentence much too long for the few pixels it is given", window)
    label.setGeometry(0, 0, 60, 20)
    button = QPushButton("Undo stroke", window)
    button.setGeometry(0, 30, 20, 20)
    wrapped = QLabel("wrapped " * 30, window)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 60, 100, 30)  # room for two lines of many
    shown(qtbot, window, 400, 200)
    found = "\n".join(problems(window))
    assert "QLabel 'a sentence much too long" in found
    assert "QPushButton 'Undo stroke'" in found
    assert "QLabel 'wrapped wrapped" in found
    label.setGeometry(0, 0, 390, 20)
    button.setGeometry(0, 30, button.sizeHint().width(), button.sizeHint().height())
    wrapped.setGeometry(0, 60, 390, wrapped.heightForWidth(390))
    assert problems(window) == []


def test_the_check_sees_a_widget_out_of_its_window_and_a_sideways_scroll(qtbot) -> None:
    window = QWidget()
    layout = QVBoxLayout(window)
    area = QScrollArea()
    area.setWidgetResizable(True)
    content = QWidget()
    row = QHBoxLayout(content)
    row.addWidget(QLabel("one"))
    wide = QWidget()
    wide.setMinimumWidth(900)  # wider than the window: a sideways scroll bar
    row.addWidget(wide)
    area.setWidget(content)
    layout.addWidget(area)
    stray = QLabel("out", window)
    stray.setGeometry(380, 10, 60, 20)
    shown(qtbot, window, 400, 300)
    found = "\n".join(problems(window))
    assert "a horizontal scroll bar" in found
    assert "QLabel 'out': 380,10 60×20 sticks out of QWidget" in found
    assert shown_rect(stray) == QRect(0, 0, 20, 20)  # what is on the screen of it


def test_the_check_sees_an_elided_combo_and_table_column_and_a_window_too_big(qtbot) -> None:
    window = QWidget()
    combo = QComboBox(window)
    combo.addItem("2. conv2d · convolution layer")
    combo.setGeometry(0, 0, 60, 25)
    table = QTableWidget(1, 1, window)
    table.setItem(0, 0, QTableWidgetItem("max_pooling2d (MaxPooling2D)"))
    table.setColumnWidth(0, 40)
    table.setGeometry(0, 40, 200, 100)
    shown(qtbot, window, 1400, 300)
    window.setMinimumSize(1400, 300)
    found = "\n".join(problems(window, QRect(0, 0, 1366, 768)))
    assert "QComboBox: '2. conv2d · convolution layer' needs" in found
    assert "QTableWidget: column 0 needs" in found
    assert "least size" in "\n".join(window_fits(window, QRect(0, 0, 1366, 768)))
    combo.setGeometry(0, 0, combo.sizeHint().width(), 25)
    table.resizeColumnsToContents()
    table.resize(table.columnWidth(0) + 40, 100)
    window.setMinimumSize(0, 0)
    window.resize(600, 300)
    assert problems(window, QRect(0, 0, 1366, 768)) == []
