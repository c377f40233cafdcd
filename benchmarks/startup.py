"""Start-up: the window's first reading of a digit drawn at launch, and `digitpad predict` as a
whole process, each against `import keras` alone, measured in the same run.

Each window run is a fresh interpreter doing what `digitpad gui` does (`create_app`,
`MainWindow`, `show`, event loop); it draws a 7 on the pad right after the first paint,
before the model has loaded, and notes when its reading appears and whether TensorFlow or
Keras had been imported by then. Also the window painted, the model ready, and the worst
lateness of a 10 ms GUI-thread timer between the window appearing and the model being
ready. Each predict run is `python -m digitpad predict one.png`, timed from launch to exit;
one more run with `-X importtime` lists what it imported. The baseline is a fresh
interpreter running `import keras`, alternated with the runs above.
Targets: first reading ≤ 0.35× `import keras`, `digitpad predict` ≤ 0.35× `import keras`,
neither importing TensorFlow or Keras (nor, for the command line, Qt); window shown ≤ 1.5 s.

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
TARGET_RATIO = 0.35
HEAVY = ("tensorflow", "keras", "PySide6")

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
    if prediction is not None and "first_prediction" not in T and "drawn" in T:
        T["first_prediction"] = time.time()
        T["digit"] = prediction.digit
        T["heavy_at_reading"] = [m for m in ("tensorflow", "keras") if m in sys.modules]
        QTimer.singleShot(0, window.close)

window.predictor_changed.connect(ready)
window.prediction_shown.connect(shown)
window.show()
QTimer.singleShot(120_000, window.close)
app.exec()
T["worst_late_ms"] = max(late) if late else None
print(json.dumps(T))
"""


def _env() -> dict[str, str]:
    env = {**os.environ, "DIGITPAD_HOME": tempfile.mkdtemp(prefix="digitpad-startup-")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return env


def window_run(model: str) -> dict[str, float]:
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, model],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
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
        "heavy": t["heavy_at_reading"],
    }


def timed(command: list[str]) -> float:
    """Seconds from launch to exit of `command` (which must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def keras_import() -> float:
    return timed([sys.executable, "-c", "import keras"])


def predict_command(image: Path, model: str) -> list[str]:
    extra = ["--model", model] if model else []
    return [sys.executable, "-m", "digitpad", "predict", *extra, str(image)]


def imported_by(command: list[str]) -> list[str]:
    """Which of HEAVY the command imports (its `-X importtime` report)."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    return [m for m in HEAVY if m in names]


def seven(folder: Path) -> Path:
    from PIL import Image, ImageDraw

    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line([(80, 60), (200, 60), (120, 230)], fill=0, width=18)
    path = folder / "one.png"
    image.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", type=Path, help="model to start with (default: bundled)")
    args = parser.parse_args()
    model = str(args.model or "")
    image = seven(Path(tempfile.mkdtemp(prefix="digitpad-startup-image-")))

    print(
        "seconds after launch: `import keras` alone | window: Qt+digitpad imported, painted, "
        "model ready, first reading of a 7 drawn at launch, worst GUI lateness while loading | "
        "`digitpad predict one.png`, whole process"
    )
    runs, keras_s, predict_s = [], [], []
    for i in range(args.runs):  # alternated, so a busy spell slows all three alike
        keras_s.append(keras_import())
        r = window_run(model)
        runs.append(r)
        predict_s.append(timed(predict_command(image, model)))
        print(
            f"run {i + 1}: {keras_s[-1]:5.2f} | {r['imports']:5.2f} {r['shown']:5.2f} "
            f"{r['model_ready']:5.2f} {r['first_prediction']:5.2f} (read {r['digit']}; "
            f"imported by then: {', '.join(r['heavy']) or 'neither TensorFlow nor Keras'}) "
            f"{r['worst_late_ms']:.0f} ms | {predict_s[-1]:5.2f}",
            flush=True,
        )

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    keras_median = statistics.median(keras_s)
    reading, predict = med("first_prediction"), statistics.median(predict_s)
    heavy = imported_by(predict_command(image, model))
    print(
        f"\nmedians of {len(runs)}: `import keras` {keras_median:.2f} s; "
        f"window shown {med('shown'):.2f} s (target ≤ {TARGET_SHOWN_S}), model ready "
        f"{med('model_ready'):.2f} s, first reading {reading:.2f} s = "
        f"{reading / keras_median:.2f}× `import keras` (target ≤ {TARGET_RATIO}), worst GUI "
        f"lateness while loading {med('worst_late_ms'):.0f} ms; `digitpad predict` "
        f"{predict:.2f} s = {predict / keras_median:.2f}× `import keras` (target ≤ "
        f"{TARGET_RATIO}); it imports {', '.join(heavy) or 'neither TensorFlow, Keras nor Qt'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
