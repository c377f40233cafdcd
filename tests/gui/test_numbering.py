"""One rule for numbers a person reads: maps, rows, columns and neurons count from 1 in the
window's walk-through, its inside view and `digitpad explain`'s text alike, so map N in one is
map N in the others; `explain --json` keeps the 0-based indices."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from gui_helpers import SEVEN, draw, go_to
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_inside_dock import hover

from digitpad.cli import main
from digitpad.core.data.framing import frame_digit
from digitpad.core.inference.prediction import Inspection
from digitpad.core.lesson.steps import Lesson
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 20_000


def settled(shown: Lesson | Inspection | None, window: MainWindow) -> bool:
    """A dock's lesson or inspection is the pass of what is on the pad now."""
    framed = frame_digit(window.canvas.to_array())
    if shown is None or framed is None:
        return False
    pixels = shown.input if isinstance(shown, Lesson) else shown.prediction.input
    return bool(np.allclose(pixels, framed))


def explained(capsys, image: Path) -> tuple[str, dict]:
    """`digitpad explain`'s text and its JSON's steps by layer, for the file."""
    assert main(["explain", str(image)]) == 0
    text = capsys.readouterr().out
    assert main(["explain", str(image), "--json"]) == 0
    steps = {s["layer"]: s["worked"] for s in json.loads(capsys.readouterr().out)["steps"]}
    return text, steps


def numbers(pattern: str, text: str) -> tuple[int, ...]:
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in {text!r}"
    return tuple(int(n.replace(",", "")) for n in found.groups())


def test_map_n_is_the_same_map_in_the_window_and_the_terminal(
    window: MainWindow, qtbot, capsys, tmp_path: Path
) -> None:
    QTest.keyClick(window, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.lesson_dock.isVisible(), timeout=TIMEOUT_MS)
    draw(window.canvas, SEVEN)
    qtbot.waitUntil(lambda: settled(window.lesson_dock.lesson, window), timeout=TIMEOUT_MS)
    image = tmp_path / "pad.png"  # exactly the pad's pixels: explain frames what the window did
    Image.fromarray(window.canvas.to_array()).save(image)
    text, steps = explained(capsys, image)

    # The first convolution: the terminal names its most active pixel, counted from 1 ...
    m, r, c = numbers(r"Feature map (\d+), pixel \(row (\d+), column (\d+)\)", text)
    conv = steps["conv2d"]
    assert (m, r, c) == (conv["channel"] + 1, conv["row"] + 1, conv["col"] + 1)  # JSON: from 0
    # ... and the walk-through shows the same one, by the same numbers (the inside view too:
    # at the end).
    page = go_to(window, "conv2d")
    assert page.channel.value() == m
    assert numbers(r"conv2d, map (\d+) ", page.output_caption.text()) == (m,)
    assert numbers(r"\(row (\d+), column (\d+)\)", page.position_label.text()) == (r, c)
    rows = numbers(r"rows (\d+)–(\d+)", page.arithmetic_panel.where.text())
    assert rows == numbers(r"input rows (\d+)–(\d+)", text) == (r, r + 2)
    first_conv = (m, r, c)

    # Pooling: the same map and output pixel.
    m, first_row = numbers(r"Map (\d+), the window at rows (\d+)–", text)
    r, c = numbers(r"largest [\d.]+ = output pixel \(row (\d+), column (\d+)\)", text)
    pool = steps["max_pooling2d"]
    assert (m, r, c, first_row) == (
        pool["channel"] + 1, pool["row"] + 1, pool["col"] + 1, 2 * pool["row"] + 1
    )  # fmt: skip
    page = go_to(window, "max_pooling2d")
    assert page.channel.value() == m
    assert numbers(r"max_pooling2d, map (\d+) ", page.output_caption.text()) == (m,)
    assert numbers(r"\(row (\d+), column (\d+)\)", page.position_label.text()) == (r, c)

    # Flatten: the map pixel and its place in the row.
    r, c, k, place = numbers(
        r"map pixel \(row (\d+), column (\d+), channel (\d+)\).*\n.*= ([\d,]+): ", text
    )
    page = go_to(window, "flatten")
    assert [spin.value() for spin in page.spins] == [r, c, k]
    assert numbers(r"<b>([\d,]+)</b>", page.formula.text()) == (place,)
    assert place == steps["flatten"]["index"] + 1

    # The dense layer: the same neuron and the same inputs.
    (n,) = numbers(r"Neuron (\d+), the most active one", text)
    assert n == steps["dense"]["unit"] + 1
    page = go_to(window, "dense")
    assert page.unit.value() == n
    assert numbers(r"Neuron (\d+):", page.sum_table.text()) == (n,)
    (first_input,) = numbers(r"input ([\d,]+): ", text)
    assert first_input == steps["dense"]["top"][0][0] + 1
    assert f">&nbsp;{first_input:,}&nbsp;<" in page.sum_table.text()

    # The inside view, opened now (in front of the walk-through), hovered at the first
    # convolution's pixel the terminal named: the same map, row and column.
    m, r, c = first_conv
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    view = window.inside_dock
    qtbot.waitUntil(lambda: view.grids.get("conv2d") is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: settled(view.inspection, window), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: view.grids["conv2d"].isVisible(), timeout=TIMEOUT_MS)
    grid = view.grids["conv2d"]
    hover(window, grid, m - 1, r - 1, c - 1)
    qtbot.waitUntil(lambda: view._hovered == (m - 1, r - 1, c - 1), timeout=TIMEOUT_MS)
    assert f"map {m} of 32, pixel (row {r}, column {c})" in view.pixel_arithmetic.text()
    assert f"map {m} of 32" in view.enlarged_label.text()
