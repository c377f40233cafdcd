"""The window is honest about what is not a digit: real mouse strokes on the bundled model.

A dot and a cross read "Not a digit?" with the nearest digit in small type
and grey bars; a drawn 3 reads 3 with its calibrated confidence. The
verdicts and numbers are recomputed here from the model's own Keras pass and
the judgement statistics, not taken from the window's predictor.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gui_helpers import CROSS, DOT, THREE, draw
from PySide6.QtGui import QColor

from digitpad.core.i18n import chance
from digitpad.core.inference.judgement import BASELINE_THRESHOLD, JUDGE_BASELINE, JUDGE_GAUSSIAN
from digitpad.gui.pad.probability_chart import GREYED_COLOR, GREYED_TOP_COLOR, TOP_COLOR
from digitpad.gui.settings import Settings
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 10_000
NOT_A_DIGIT = "Not a digit?"


def keras_verdict(window: MainWindow) -> tuple[np.ndarray, bool, float]:
    """Probabilities, is-a-digit and confidence for the shown input, recomputed: Keras' own
    forward pass (not the window's NumPy pass: the traced one the judgement is fitted with)
    fed to the model's judgement statistics."""
    from digitpad.core.inference.features import FeaturePasses

    predictor = window.predictor
    prediction = window.last_prediction
    assert predictor is not None and prediction is not None
    passes = FeaturePasses(predictor.keras_model(), predictor.runtime.layout)
    features, probabilities = passes.one(prediction.input)
    verdict = predictor.judge.verdict(features, probabilities)
    return probabilities, verdict.is_digit, verdict.confidence


def painted_colour(chart, digit: int) -> QColor:
    """The colour the chart paints halfway up digit's bar (what a student sees)."""
    point = chart.bar_point(digit, chart.bars.at(digit) / 2)
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def shows_not_a_digit(window: MainWindow) -> bool:
    return window.panel.prediction.text() == NOT_A_DIGIT


@pytest.mark.parametrize("mark", [DOT, CROSS], ids=["dot", "cross"])
def test_a_dot_and_a_cross_are_not_digits(window: MainWindow, qtbot, mark) -> None:
    assert window.predictor is not None and window.predictor.judge.name == JUDGE_GAUSSIAN
    draw(window.canvas, mark)
    qtbot.waitUntil(lambda: shows_not_a_digit(window), timeout=TIMEOUT_MS)
    prediction = window.last_prediction
    assert prediction is not None and not prediction.is_digit

    probabilities, is_digit, _ = keras_verdict(window)
    assert not is_digit
    np.testing.assert_allclose(prediction.probabilities, probabilities, atol=1e-5)
    nearest = int(np.argmax(probabilities))
    percent = chance(probabilities[nearest])
    assert window.panel.confidence.text() == f"nearest digit {nearest}\nsoftmax bar {percent}"

    chart = window.panel.probability_chart
    assert chart.greyed and chart.bars.color() == GREYED_COLOR
    assert chart.bars.selectedColor() == GREYED_TOP_COLOR
    assert chart.bars.selectedBars() == [nearest]  # still marked, in grey
    assert painted_colour(chart, nearest) == GREYED_TOP_COLOR
    assert "nearest digit is" in window.panel.reading()


def test_a_drawn_three_is_a_three_with_its_calibrated_confidence(window: MainWindow, qtbot) -> None:
    draw(window.canvas, DOT)  # first not a digit: the bars turn grey, then back
    qtbot.waitUntil(lambda: shows_not_a_digit(window), timeout=TIMEOUT_MS)
    window.canvas.clear()
    draw(window.canvas, THREE)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "3", timeout=TIMEOUT_MS)
    probabilities, is_digit, confidence = keras_verdict(window)
    assert is_digit and int(np.argmax(probabilities)) == 3
    assert window.panel.confidence.text() == (
        f"confidence {chance(confidence)}\nsoftmax bar {chance(probabilities[3])}"
    )
    assert "nine in ten" in window.panel.confidence.toolTip()
    chart = window.panel.probability_chart
    assert not chart.greyed and painted_colour(chart, 3) == TOP_COLOR
    assert not window.panel.judge_notice.isVisible()


def test_a_teacher_switches_the_judgement_off_and_it_is_remembered(make_window, qtbot) -> None:
    window = make_window()
    action = window.menu_actions.judge_digits
    assert action.isChecked() and action in window.menu_actions.view_menu.actions()
    draw(window.canvas, DOT)
    qtbot.waitUntil(lambda: shows_not_a_digit(window), timeout=TIMEOUT_MS)

    action.trigger()  # View ▸ Say when it is not a digit: off
    prediction = window.last_prediction
    assert prediction is not None
    assert window.panel.prediction.text() == str(prediction.digit)  # the bare softmax's answer
    assert not window.panel.probability_chart.greyed
    assert Settings().judging is False
    window.close()

    again = make_window()
    assert not again.menu_actions.judge_digits.isChecked()
    draw(again.canvas, DOT)
    qtbot.waitUntil(lambda: again.panel.prediction.text().isdigit(), timeout=TIMEOUT_MS)
    again.menu_actions.judge_digits.trigger()  # on again
    assert shows_not_a_digit(again)
    assert Settings().judging is True


def test_a_model_without_statistics_is_judged_by_its_top_bar_and_says_so(
    make_window, qtbot, tmp_path: Path
) -> None:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.core.models.store import save_model
    from digitpad.core.paths import bundled_model_path

    plain = save_model(Predictor.load(bundled_model_path()).keras_model(), tmp_path / "plain.keras")
    window = make_window(model_path=plain)
    assert window.predictor is not None and window.predictor.judge.name == JUDGE_BASELINE
    draw(window.canvas, THREE)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "3", timeout=TIMEOUT_MS)
    panel = window.panel
    assert panel.judge_notice.isVisible() and "statistics" in panel.judge_notice.text()
    prediction = window.last_prediction
    assert prediction is not None
    top = float(prediction.probabilities[3])
    assert prediction.is_digit == (top >= BASELINE_THRESHOLD)
    assert (
        panel.confidence.text() == f"confidence {chance(top)}\n= its softmax bar"
    )  # not calibrated
    assert "not the chance" in panel.confidence.toolTip()


def test_damaged_statistics_are_said_in_the_status_bar_and_the_model_predicts(
    make_window, qtbot, tmp_path: Path
) -> None:
    """A model file whose statistics are damaged (NaN inside): it still reads the 3, judged
    by its top bar, and the status bar's model line says why; the tooltip under the digit
    says it is the bar, not a calibrated chance."""
    import io
    import zipfile

    import numpy as np

    from digitpad.core.inference.judgement_stats import ATTACHMENT
    from digitpad.core.models.archive import ATTACHMENT_PREFIX
    from digitpad.core.models.store import read_attachment, save_copy
    from digitpad.core.paths import bundled_model_path

    with np.load(io.BytesIO(read_attachment(bundled_model_path(), ATTACHMENT) or b"")) as a:
        arrays = {k: a[k] for k in a.files}
    arrays["centre"][5] = np.nan
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    with zipfile.ZipFile(bundled_model_path()) as archive:
        members = {
            n: archive.read(n)
            for n in archive.namelist()
            if not n.startswith(ATTACHMENT_PREFIX) and n != "digitpad.json"
        }
    damaged = save_copy(members, tmp_path / "damaged.keras", {}, {ATTACHMENT: buffer.getvalue()})
    window = make_window(model_path=damaged)
    assert window.predictor is not None and window.predictor.judge.name == JUDGE_BASELINE
    draw(window.canvas, THREE)
    qtbot.waitUntil(lambda: window.panel.prediction.text() == "3", timeout=TIMEOUT_MS)
    status = window.model_status.text()  # what the status bar shows
    assert "digit statistics are damaged: judged by the top bar" in status, status
    assert "not the chance" in window.panel.confidence.toolTip()
