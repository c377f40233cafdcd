"""What a student reads: the confidence beside the bar it comes from, percentages written one
way per language (never "100.0%" for something uncertain), wrapped tooltips, run names in the
window's language, the Runs charts' dots drawn whole, the layer summary in the course's terms
and an About box that names the walk-through."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from digitpad.core.i18n import _ as core_text
from digitpad.core.i18n import percent
from digitpad.core.inference.prediction import Prediction
from digitpad.core.models import library
from digitpad.core.models.history import TrainingHistory
from digitpad.core.network.summary import summarize
from digitpad.core.paths import bundled_model_path, user_models_dir
from digitpad.core.progress import EpochProgress
from digitpad.gui import i18n
from digitpad.gui.library.run_curves import RunCurves, ShownRun, run_colour
from digitpad.gui.pad.prediction_panel import PredictionPanel
from digitpad.gui.window.main_window import MainWindow

TIMEOUT_MS = 20_000


def reading(top: float, calibrated: float | None, is_digit: bool = True) -> Prediction:
    """A 7 whose bar is `top`, the rest spread over the other digits."""
    probabilities = np.full(10, (1 - top) / 9, dtype=np.float32)
    probabilities[7] = top
    judge = "baseline" if calibrated is None else "gaussian"
    return Prediction(7, probabilities, np.zeros((28, 28), np.float32), is_digit, calibrated, judge)


@pytest.fixture
def panel(qtbot) -> PredictionPanel:
    widget = PredictionPanel()
    qtbot.addWidget(widget)
    widget.resize(500, 500)
    widget.show()
    return widget


def bar_labels(panel: PredictionPanel) -> list[float]:
    bars = panel.probability_chart.bars
    return [bars.at(i) for i in range(bars.count())]


def test_the_confidence_names_the_bar_it_comes_from(panel: PredictionPanel) -> None:
    """ "confidence 88.9 %" under the digit and "99.1%" over its bar, side by side, were two
    numbers unexplained: both are named now, as the chart's title names the softmax."""
    panel.show_prediction(reading(0.991, 0.889))
    assert panel.confidence.text() == "confidence 88.9%\nsoftmax bar 99.1%"
    assert panel.probability_chart.chart().title().startswith("Softmax output")
    assert bar_labels(panel)[7] == pytest.approx(99.1)  # "@value%": the same 99.1%
    tip = panel.confidence.toolTip()
    assert tip.startswith("<p>") and Qt.mightBeRichText(tip)  # Qt wraps it into a paragraph
    assert "softmax bar of 7 (the chart's 99.1%)" in tip and "90%" in tip
    # Without calibration, the confidence is the bar, and the line says so.
    panel.show_prediction(reading(0.991, None))
    assert panel.confidence.text() == "confidence 99.1%\n= its softmax bar"
    panel.show_prediction(reading(0.95, 0.4, is_digit=False))
    assert panel.confidence.text() == "nearest digit 7\nsoftmax bar 95.0%"
    assert panel.prediction.toolTip().startswith("<p>")


def test_the_pad_keeps_its_size_whatever_the_lines_under_the_digit_say(
    window: MainWindow, qtbot
) -> None:
    """A longer confidence line widened the panel and squeezed the pad as the numbers changed
    (a drawing on a resized pad is another drawing)."""
    before = window.canvas.size()
    for shown in (
        reading(0.99996, 0.99997),
        reading(0.95, 0.4, is_digit=False),
        reading(0.991, None),
        reading(0.5, 0.3),
    ):
        window.panel.show_prediction(shown)
        qtbot.wait(50)  # the layout settles
        assert window.canvas.size() == before
    i18n.apply_language("zh_TW")  # Chinese text has other heights: measured again, once the
    for _ in range(2):  # window has settled into the new language
        window.panel.show_prediction(reading(0.5, 0.3))
        qtbot.wait(200)
    before = window.canvas.size()
    for shown in (reading(0.99996, 0.99997), reading(0.95, 0.4, is_digit=False)):
        window.panel.show_prediction(shown)
        qtbot.wait(50)
        assert window.canvas.size() == before


def test_nothing_uncertain_reads_100_percent(panel: PredictionPanel) -> None:
    panel.show_prediction(reading(0.99996, 0.99997))
    assert panel.confidence.text() == "confidence > 99.9%\nsoftmax bar > 99.9%"
    assert "100" not in panel.confidence.text() and "100" not in panel.reading()
    assert bar_labels(panel)[7] == pytest.approx(99.9)  # the bar's label stops short too
    assert "Most likely 7 (> 99.9%)" in panel.probability_chart.accessibleDescription()


def test_percentages_in_chinese_are_written_its_way(panel: PredictionPanel) -> None:
    i18n.apply_language("zh_TW")
    panel.show_prediction(reading(0.991, 0.889))
    assert panel.confidence.text() == f"信心 {percent(0.889)}\nsoftmax 長條 {percent(0.991)}"
    assert percent(0.889) == "88.9%"
    assert panel.probability_chart._series.labelsFormat() == "@value%"


def test_run_names_digitpad_gave_follow_the_language(make_window, qtbot) -> None:
    """A run trained in English is "Your own network"; the status bar used to read
    "模型：Your own network" in Chinese. A name the user gave stays as it is."""
    folder = user_models_dir()
    folder.mkdir(parents=True)
    own = folder / "own.keras"
    shutil.copy(bundled_model_path(), own)
    library.rename(own, "Your own network")
    window: MainWindow = make_window(model_path=own)
    assert "Model: Your own network" in window.model_status.text()
    i18n.apply_language("zh_TW")
    qtbot.waitUntil(lambda: "你自己的網路" in window.model_status.text(), timeout=TIMEOUT_MS)
    assert "Your own network" not in window.model_status.text()
    assert library.entry(own).name == "你自己的網路"
    library.rename(own, "My network")
    assert library.entry(own).name == "My network"


def test_the_runs_charts_draw_their_dots_whole(qtbot) -> None:
    """A one-epoch run's test-accuracy dot sits at the last epoch and near 100 %: both used to
    be the charts' edges, and the dot was cut in half."""
    epoch = EpochProgress(1, 1, 0.2, 0.95, 0.04, 0.991)
    history = TrainingHistory(((0.5, 0.3, 0.9), (1.0, 0.2, 0.95)), (epoch,))
    curves = RunCurves()
    qtbot.addWidget(curves)
    curves.resize(700, 300)
    curves.show()
    qtbot.waitExposed(curves)
    curves.show_runs([ShownRun("run", run_colour(0), history)])
    for view, value in ((curves.accuracy, 99.1), (curves.loss, 0.04)):
        chart = view.chart()
        dots = view.series[1]
        at = chart.mapToPosition(QPointF(1.0, value), dots)
        radius = dots.markerSize() / 2
        area = chart.plotArea()
        assert area.adjusted(radius, radius, -radius, -radius).contains(at), view.kind
    assert [curves.accuracy.y_axis.min(), curves.accuracy.x_axis.min()] == [0.0, 0.0]


def test_the_layer_summary_speaks_the_course_s_terms(window: MainWindow) -> None:
    """ "卷積：" beside "全連接層：": each layer's description starts with its course term."""
    i18n.apply_language("zh_TW")
    layers = summarize(window.predictor.layers).layers
    described = [info.describe() for info in layers]
    for info, said in zip(layers, described, strict=True):
        assert said.startswith(core_text(info.kind.term) + "："), said
    assert described[0].startswith("卷積層：32 個 3×3 的卷積核")
    assert [d.split("：")[0] for d in described] == [
        "卷積層", "卷積層", "最大池化層", "丟棄層", "平坦層", "全連接層", "丟棄層", "全連接層",
    ]  # fmt: skip


def test_the_about_box_names_the_walk_through_and_the_inside_view(
    window: MainWindow, messages
) -> None:
    window.dialogs.show_about()
    i18n.apply_language("zh_TW")
    window.dialogs.show_about()
    english, chinese = messages.texts("about")
    assert "View ▸ Walk through the network" in english
    assert "View ▸ Inside the network" in english
    assert "逐層走過網路" in chinese and "神經網路內部" in chinese
