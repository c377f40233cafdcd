"""Reading drawings imports neither TensorFlow nor Keras, checked in fresh interpreters.

The command line's predict, explain, shift, replay, summary (of a model and of code), runs and
evaluate (of a .keras model and of a legacy .h5),
and the window up to its first reading of a digit drawn at launch, then the inside view and
the walk-through with which pixels decided it, and the digit moved with a map switched off
(the shift map computed): all run on the NumPy pass from the model
file's own weights. Only training imports TensorFlow. The command line imports no Qt either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PIL import Image

FIXTURE_MNIST = Path(__file__).parent / "fixtures" / "mnist-small"
KERAS2_H5 = Path(__file__).parent / "fixtures" / "keras2" / "small-adadelta.h5"  # legacy .h5
HEAVY = ("tensorflow", "keras", "PySide6")
TIMEOUT_S = 300


def run(code: str, home: Path, *args: str) -> dict:
    """`code` in a fresh interpreter (offscreen, its own data folder); its last line is JSON."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DIGITPAD_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_command_line_reads_digits_without_tensorflow_or_qt(tmp_path: Path) -> None:
    seven = tmp_path / "seven.png"
    image = Image.new("L", (280, 280), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(image).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    image.save(seven)
    from snapshot_files import bundled_with, made_up_set

    replayable = bundled_with(tmp_path / "kept.keras", made_up_set().to_bytes())
    arch = tmp_path / "net.py"
    arch.write_text(
        "model = Sequential()\nmodel.add(Flatten(input_shape=(28, 28, 1)))\n"
        "model.add(Dense(10, activation='softmax'))\n"
    )
    commands = [
        ["predict", str(seven)],
        ["predict", "--json", str(seven)],
        ["explain", str(seven)],
        ["explain", "--json", str(seven)],
        ["shift", "--json", str(seven)],
        ["explain", "--off", "conv2d:1,2", str(seven)],
        ["replay", "--model", str(replayable), str(seven)],
        ["replay", "--json", "--model", str(replayable), str(seven)],
        ["summary"],
        ["summary", "--arch", str(arch)],
        ["runs"],
        ["evaluate", "--data", str(FIXTURE_MNIST), "--json"],
        # A legacy .h5 file, written by Keras 2, is read the same way.
        ["predict", "--model", str(KERAS2_H5), str(seven)],
        ["explain", "--model", str(KERAS2_H5), str(seven)],
        ["summary", "--model", str(KERAS2_H5)],
        ["evaluate", "--model", str(KERAS2_H5), "--data", str(FIXTURE_MNIST)],
    ]
    result = run(
        """
        import contextlib, io, json, sys
        from digitpad.cli import main
        codes, outs = [], []
        for args in json.loads(sys.argv[1]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                codes.append(main(args))
            outs.append(out.getvalue())
        heavy = [m for m in ("tensorflow", "keras", "PySide6") if m in sys.modules]
        print(json.dumps({"codes": codes, "outs": outs, "heavy": heavy}))
        """,
        tmp_path,
        json.dumps(commands),
    )
    assert result["codes"] == [0] * len(commands), result
    outs = dict(zip((" ".join(c[:2]) for c in commands), result["outs"], strict=True))
    assert "conv2d: maps 1, 2" in outs["explain --off"]
    assert "seven.png: 7 (" in outs[f"predict {seven}"]
    assert json.loads(outs["predict --json"])["digit"] == 7
    assert json.loads(outs["explain --json"])["digit"] == 7
    assert "p(7) across the run: " in outs["replay --model"]
    assert json.loads(outs["replay --json"].splitlines()[-1])["digit"] == 7
    assert len(outs["shift --json"].splitlines()) == 169
    assert "Total params: 1,199,882" in outs["summary"]
    assert "Total params: 7,850" in outs["summary --arch"]
    assert json.loads(outs["evaluate --data"])["accuracy"] > 0.95
    assert "Total params: 6,826" in outs["summary --model"]
    assert result["heavy"] == []


def test_the_windows_first_reading_inside_view_and_walk_through(tmp_path: Path) -> None:
    result = run(
        """
        import json, sys
        from PySide6.QtCore import QPoint, Qt, QTimer
        from PySide6.QtTest import QTest
        from digitpad.gui.app import create_app
        from digitpad.gui.window.main_window import MainWindow

        app = create_app()
        window = MainWindow()
        window.show()
        out = {}

        def draw_seven():
            c = window.canvas
            side = min(c.width(), c.height())
            cx, cy = c.width() / 2, c.height() / 2
            pts = [QPoint(round(cx + x * side), round(cy + y * side))
                   for x, y in [(-0.22, -0.3), (0.22, -0.3), (-0.04, 0.32)]]
            left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
            QTest.mousePress(c, left, none, pts[0])
            for a, b in zip(pts, pts[1:]):
                for i in range(1, 21):
                    QTest.mouseMove(c, a + (b - a) * (i / 20))
            QTest.mouseRelease(c, left, none, pts[-1])

        def predicted(prediction):
            if prediction is None or "digit" in out:
                return
            out["digit"] = prediction.digit
            out["heavy_at_first_reading"] = [
                m for m in ("tensorflow", "keras") if m in sys.modules]
            window.inside_dock.show()
            window.lesson_dock.show()

        def inspected(inspection):
            if inspection.saliency is None:
                return
            if "layers" not in out:
                out["layers"] = len(inspection.layers)
                out["saliency_digits"] = list(inspection.saliency.digits)
                out["uses_keras"] = window.predictor.uses_keras
                out["heavy_after_inspecting"] = [
                    m for m in ("tensorflow", "keras") if m in sys.modules]
                # Try it on the network: moved, a map off, the shift map computed.
                window.experiments.state.move_by(1, 0)
                window.experiments.state.switch("conv2d", 0, True)
            if "move" in window.lesson_dock.step_keys():  # once the pass is the experiment's
                window.lesson_dock.show_step("move")

        def finished(key, result):
            if key == "move" and "shift_map" not in out:
                out["shift_map"] = list(result.shift_map.probabilities.shape)
                out["heavy_after_experiments"] = [
                    m for m in ("tensorflow", "keras") if m in sys.modules]
                window.close()

        window.service.predicted.connect(predicted)
        window.service.inspected.connect(inspected)
        window.experiments.worker.finished.connect(finished)
        QTimer.singleShot(0, draw_seven)  # drawn before the model has loaded
        QTimer.singleShot(120_000, window.close)
        app.exec()
        print(json.dumps(out))
        """,
        tmp_path,
    )
    assert result["digit"] == 7 and result["heavy_at_first_reading"] == []
    assert result["layers"] == 8 and result["saliency_digits"][0] == 7
    assert result["uses_keras"] is False and result["heavy_after_inspecting"] == []
    assert result["shift_map"] == [13, 13, 10] and result["heavy_after_experiments"] == []
