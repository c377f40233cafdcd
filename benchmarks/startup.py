"""Start-up time of the window: from process launch to the window painted on screen, to the
model ready, and to the first prediction of a digit drawn while the model was still loading.

Each run is a fresh interpreter doing what `digitpad gui` does (`create_app`, `MainWindow`,
`show`, event loop); it draws a 7 on the pad right after the first paint, before the model
has loaded, and notes when its prediction appears. Also reports the worst lateness of a
10 ms GUI-thread timer between the window appearing and the model being ready (TensorFlow
imports on a worker thread meanwhile). Prints each run and the medians.
Targets: window shown ≤ 1.5 s after launch; first prediction a few seconds later.

    python benchmarks/startup.py [--runs 5] [--model PATH]

Runs offscreen unless QT_QPA_PLATFORM says otherwise, each run with an empty DIGITPAD_HOME.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SHOWN_S = 1.5

CHILD = r"""
import json, sys, time
T = {"interpreter": time.time()}
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from digitpad.gui.app import create_app
from digitpad.gui.window.main_window import MainWindow
T["imported"] = time.time()

app = create_app()
window = MainWindow(model_path=sys.argv[1] or None)
late, last = [], [0.0]

def tick():
    now = time.perf_counter()
    if last[0] and "model_ready" not in T:
        late.append((now - last[0]) * 1000 - 10)
    last[0] = now

probe = QTimer()
probe.setTimerType(Qt.TimerType.PreciseTimer)
probe.setInterval(10)
probe.timeout.connect(tick)

def draw_seven():
    c = window.canvas
    side = min(c.width(), c.height())
    pts = [(-0.22, -0.3), (0.22, -0.3), (-0.04, 0.32)]
    cx, cy = c.width() / 2, c.height() / 2
    pts = [QPoint(round(cx + x * side), round(cy + y * side)) for x, y in pts]
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(c, left, none, pts[0])
    for a, b in zip(pts, pts[1:]):
        for i in range(1, 21):
            QTest.mouseMove(c, a + (b - a) * (i / 20))
    QTest.mouseRelease(c, left, none, pts[-1])
    T["drawn"] = time.time()
    T["tf_when_drawn"] = "tensorflow" in sys.modules

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "shown" not in T:
            T["shown"] = time.time()
            probe.start()
            QTimer.singleShot(0, draw_seven)
        return False

painted = FirstPaint()
window.canvas.installEventFilter(painted)

def ready(predictor):
    T["model_ready"] = time.time()

def shown(prediction):
    if prediction is not None and "first_prediction" not in T and "model_ready" in T:
        T["first_prediction"] = time.time()
        T["digit"] = prediction.digit
        QTimer.singleShot(0, window.close)

window.predictor_changed.connect(ready)
window.prediction_shown.connect(shown)
window.show()
QTimer.singleShot(120_000, window.close)
app.exec()
T["worst_late_ms"] = max(late) if late else None
print(json.dumps(T))
"""


def one_run(model: str, env: dict[str, str]) -> dict[str, float]:
    env = {**env, "DIGITPAD_HOME": tempfile.mkdtemp(prefix="digitpad-startup-")}
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, model], capture_output=True, text=True, env=env, timeout=300
    )
    if done.returncode != 0:
        raise SystemExit(f"run failed:\n{done.stderr[-3000:]}")
    t = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "shown": t["shown"] - launched,
        "model_ready": t["model_ready"] - launched,
        "first_prediction": t["first_prediction"] - launched,
        "imports": t["imported"] - launched,
        "worst_late_ms": t["worst_late_ms"],
        "digit": t.get("digit"),
        "tf_when_drawn": t["tf_when_drawn"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", type=Path, help="model to start with (default: bundled)")
    args = parser.parse_args()
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

    print(
        "seconds after launch: Qt+digitpad imported | window painted | model ready | "
        "first prediction (digit drawn before the model was ready) | worst GUI lateness "
        "while loading"
    )
    runs = []
    for i in range(args.runs):
        r = one_run(str(args.model or ""), env)
        runs.append(r)
        print(
            f"run {i + 1}: {r['imports']:5.2f} | {r['shown']:5.2f} | {r['model_ready']:5.2f} | "
            f"{r['first_prediction']:5.2f} (drew a 7, shown {r['digit']}; TensorFlow "
            f"{'already' if r['tf_when_drawn'] else 'not yet'} imported) | "
            f"{r['worst_late_ms']:.0f} ms",
            flush=True,
        )

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(
        f"\nmedian of {len(runs)}: window shown {med('shown'):.2f} s (target ≤ {TARGET_SHOWN_S}), "
        f"model ready {med('model_ready'):.2f} s, "
        f"first prediction {med('first_prediction'):.2f} s, "
        f"worst GUI lateness while loading {med('worst_late_ms'):.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
