"""Pictures of watching it learn: the live reading mid-training, and the training-time slider.

    python tests/gui/make_learning_shots.py --out DIR [--lang zh_TW] [--screen 1366x768]

Trains on the committed MNIST slice (a real run in the real window, a 7 drawn with real
mouse strokes first): DIR/live-window.png (the pad read mid-training, the inside view open)
and DIR/live-train-dialog.png (its kernels and the drawing's line); then the finished
run's slider moved back to an early snapshot: DIR/slider-inside.png, DIR/slider-lesson.png
(the walk-through on the convolution) and DIR/slider-runs.png (View ▸ Runs, Training time).
Offscreen, with a temporary DIGITPAD_HOME. Not a test (pytest only collects test_*.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["DIGITPAD_HOME"] = tempfile.mkdtemp(prefix="digitpad-shot-")
sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "mnist-small"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="en")
    parser.add_argument("--screen", default="1366x768")
    args = parser.parse_args()
    from make_screenshot import use_screen

    use_screen(args.screen)

    from gui_helpers import SEVEN, draw
    from PySide6.QtCore import QEventLoop

    from digitpad.core.models import choices
    from digitpad.core.training import live
    from digitpad.gui.app import create_app
    from digitpad.gui.i18n import apply_language
    from digitpad.gui.replay.training_time import State
    from digitpad.gui.runtime import wait_for_background_threads
    from digitpad.gui.window.main_window import MainWindow

    live.INTERVAL_S = 0.25  # the slice's batches take milliseconds: a reading a few times a second
    app = create_app()
    apply_language(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    choices.remember_data(local=True, path=str(FIXTURE))
    window = MainWindow()
    window.show()
    window.showMaximized()

    def pump(until, seconds: float = 120.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def save(widget, name: str) -> None:
        pump(lambda: False, 0.8)
        widget.grab().save(str(args.out / name))
        print(args.out / name, flush=True)

    pump(lambda: window.predictor is not None, 300.0)
    draw(window.canvas, SEVEN)
    pump(lambda: window.last_prediction is not None)
    window.menu_actions.inside.trigger()

    # A run long enough to be caught mid-way: 30 epochs of 32-image batches on the slice.
    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    dialog.epochs.setValue(30)
    dialog.batch_size.setValue(32)
    dialog.start()
    pump(
        lambda: (
            "epoch 2, batch 1" in (window.panel.note or "")
            or "2 個訓練週期，第 1" in (window.panel.note or "")
        ),
        600.0,
    )
    pump(lambda: False, 1.5)
    save(window, "live-window.png")
    save(dialog, "live-train-dialog.png")
    dialog.cancel()
    pump(lambda: not dialog.is_running(), 120.0)

    # A short run to replay: 3 epochs, then its slider moved back to batch 16.
    dialog.epochs.setValue(3)
    dialog.start()
    pump(lambda: not dialog.is_running(), 600.0)
    dialog.hide()
    pump(lambda: window.watching.time.state is State.READY, 60.0)
    slider = window.inside_dock.training_time.slider
    steps = [m.step for m in window.watching.time.replay.moments]
    slider.setValue(steps.index(16))
    pump(lambda: window.panel.note is not None, 60.0)
    save(window, "slider-inside.png")
    window.menu_actions.lesson.trigger()
    window.lesson_dock.show_step("conv2d")
    save(window, "slider-lesson.png")
    window.menu_actions.runs.trigger()
    runs = window.dialogs.runs_dialog
    pump(lambda: runs is not None and runs.isVisible())
    runs.table.selectRow(0)
    runs.tabs.setCurrentWidget(runs.replay)
    pump(lambda: runs.replay.shown is not None and runs.replay.shown.readings is not None, 60.0)
    runs.replay.slider.setValue(steps.index(16))
    save(runs, "slider-runs.png")
    window.close()
    wait_for_background_threads(30)
    os._exit(0)


if __name__ == "__main__":
    main()
