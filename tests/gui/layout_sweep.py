"""Sweep the window on one screen: every zoom step offered × the walk-through, the inside view,
both; maximized and at its least size; then every dialog at the largest zoom.

    python tests/gui/layout_sweep.py --screen 1366x768 [--lang zh_TW] [--shots DIR]
        [--zooms 1.0,1.5] [--views lesson,inside,both] [--no-dialogs] [--model FILE]

Qt's offscreen screen has its size fixed when Qt starts, so tests/gui/test_layout_sweep.py
runs this once per screen size. It prints one JSON object per line: what was shown
(screen, zoom, view, size, step) and the `layout_check.problems` found there ([] when
none); with --shots, a PNG of each window state too (to look at). Not a test (pytest only
collects test_*.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

VIEWS = ("lesson", "inside", "both", "pad")  # pad: no dock, a cross ("Not a digit?") drawn
SIZES = ("max", "least")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screen", default="1366x768")
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="en")
    parser.add_argument("--shots", type=Path, help="save a PNG of each state here")
    parser.add_argument("--zooms", help="only these zoom factors (default: every one offered)")
    parser.add_argument("--views", default=",".join(VIEWS))
    parser.add_argument("--no-dialogs", action="store_true")
    parser.add_argument("--model", type=Path, help="start with this model (one with snapshots)")
    args = parser.parse_args()
    if "DIGITPAD_HOME" not in os.environ:
        os.environ["DIGITPAD_HOME"] = tempfile.mkdtemp(prefix="digitpad-sweep-")
    from make_screenshot import use_screen

    use_screen(args.screen)
    Sweep(args).run()


class Sweep:
    def __init__(self, args: argparse.Namespace) -> None:
        from PySide6.QtCore import QEventLoop

        from digitpad.gui.app import create_app
        from digitpad.gui.i18n import apply_language

        self.args = args
        self.app = create_app()
        self._loop_flags = QEventLoop.ProcessEventsFlag.AllEvents
        apply_language(args.lang)
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)

    def settle(self, seconds: float = 0.0) -> None:
        """Let posted layout requests and resizes run (and wait `seconds` more)."""
        from PySide6.QtCore import QCoreApplication

        deadline = time.monotonic() + seconds
        while True:
            for _ in range(8):  # a wrapped label's height can ask for another pass or two
                QCoreApplication.sendPostedEvents()
                self.app.processEvents(self._loop_flags)
            if time.monotonic() >= deadline:
                return
            time.sleep(0.01)

    def wait(self, until, seconds: float = 120.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            self.app.processEvents(self._loop_flags, 20)

    def report(self, where: dict, found: list[str], shot=None) -> None:
        print(json.dumps({**where, "problems": found}, ensure_ascii=False), flush=True)
        if self.args.shots and shot is not None:
            parts = [self.args.screen, self.args.lang] + [
                str(where[k]) for k in ("zoom", "view", "size", "step") if k in where
            ]
            shot.grab().save(str(self.args.shots / ("-".join(parts) + ".png")))

    # The window --------------------------------------------------------------------------------

    def run(self) -> None:
        from gui_helpers import SEVEN, draw

        from digitpad.gui.window.main_window import MainWindow
        from digitpad.gui.zoom import offered_steps, zoom

        window = MainWindow(model_path=self.args.model)
        window.show()
        self.wait(lambda: window.predictor is not None, 300.0)
        screen = window.screen().availableGeometry()
        steps = offered_steps(screen.size())
        if self.args.zooms:
            steps = tuple(float(z) for z in self.args.zooms.split(","))
        window.showMaximized()
        self.settle()
        draw(window.canvas, SEVEN)
        self.drawn = SEVEN
        self.wait(lambda: window.last_prediction is not None)
        for factor in steps:
            zoom().set_factor(factor)
            for view in self.args.views.split(","):
                self.show_view(window, view)
                for size in SIZES:
                    self.sweep_state(window, screen, factor, view, size)
        if not self.args.no_dialogs:
            zoom().set_factor(steps[-1])
            self.sweep_dialogs(window, screen, steps[-1])
        window.close()
        os._exit(0)  # a model load or a worker of no interest here must not hold the exit

    def show_view(self, window, view: str) -> None:
        """The docks for `view`; with both, the walk-through opened last (on top); the pad
        alone with something that is not a digit on it."""
        from gui_helpers import CROSS, SEVEN, draw

        inside, lesson = window.menu_actions.inside, window.menu_actions.lesson
        for action, wanted in ((inside, view in ("inside", "both")), (lesson, False)):
            if action.isChecked() != wanted:
                action.trigger()
        if view in ("lesson", "both"):
            lesson.trigger()
        drawn = CROSS if view == "pad" else SEVEN
        if self.drawn is not drawn:
            window.canvas.clear()
            draw(window.canvas, drawn)
            self.drawn = drawn
            self.wait(lambda: window.panel.rejects(window.last_prediction) == (view == "pad")
                      if window.last_prediction is not None else False, 30)  # fmt: skip
        self.settle()
        self.wait(lambda: window.lesson_dock.lesson is not None or view not in ("lesson", "both"))
        self.wait(lambda: window.inside_dock.grids["input"].count() > 0 or view != "inside")

    def sweep_state(self, window, screen, factor: float, view: str, size: str) -> None:
        from layout_check import problems

        if size == "max":
            window.showMaximized()
        else:
            window.showNormal()
            self.settle()
            window.resize(window.minimumSizeHint())
        self.settle(0.05)
        where = {"screen": self.args.screen, "zoom": factor, "view": view, "size": size}
        if view in ("inside", "both"):
            window.inside_dock.raise_()
            self.settle()
            self.report({**where, "step": "inside"}, self.inside_problems(window, screen), window)
        if view == "pad":
            self.report({**where, "step": "not a digit"}, problems(window, screen), window)
        if view in ("lesson", "both"):
            window.lesson_dock.raise_()
            self.settle()
            dock = window.lesson_dock
            for key in dock.step_keys():
                dock.show_step(key)
                self.settle()
                shot = window if key in ("conv2d", "dense", "flatten") else None
                self.report({**where, "step": key}, problems(window, screen), shot)

    def inside_problems(self, window, screen) -> list[str]:
        """The inside view with a first-layer pixel hovered, its patch outlined on the input:
        the pixel in the last row of the last map, scrolled into view as a user would."""
        from layout_check import problems, shown_rect
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        dock = window.inside_dock
        grid = dock.grids[dock.layer_grids.first_conv_name]
        last = grid.count() - 1
        rows, cols = grid.tile_shape()
        point = grid.pixel_position(last, rows - 1, cols - 1)
        dock.scroll_area.ensureVisible(*grid.mapTo(dock.layer_grids, point).toTuple(), 10, 10)
        self.settle()
        QTest.mouseMove(grid, grid.pixel_position(last, rows - 1, cols - 1))
        self.settle()
        found = problems(window, screen)
        if dock.arithmetic is None:
            return [*found, "hovering a first-layer pixel shows no arithmetic"]
        input_grid = dock.grids["input"]
        mark = input_grid.mark()
        if mark is None:
            return [*found, "hovering a first-layer pixel outlines no input patch"]
        patch = input_grid.pixels_rect(*mark).toRect().adjusted(1, 1, -1, -1)  # no rounding
        seen = shown_rect(input_grid)
        if not seen.contains(patch):
            found.append(f"the outlined input patch {patch} is out of sight ({seen} shows)")
        QTest.mouseMove(window.canvas)  # leave the grid as it was found
        del Qt
        return found

    # The dialogs -------------------------------------------------------------------------------

    def sweep_dialogs(self, window, screen, factor: float) -> None:
        from layout_check import problems

        from digitpad.gui.window.placement import global_rect

        window.inside_dock.hide()
        window.lesson_dock.hide()
        window.showMaximized()
        self.settle()
        a, dialogs = window.menu_actions, window.dialogs
        for action, attribute in (
            (a.train, "train_dialog"),
            (a.finetune, "finetune_dialog"),
            (a.evaluate, "evaluate_dialog"),
            (a.layer_summary, "summary_dialog"),
            (a.load_model, "models_dialog"),
            (a.runs, "runs_dialog"),
            (a.samples, "samples_dialog"),
        ):
            action.trigger()
            self.wait(lambda attribute=attribute: getattr(dialogs, attribute) is not None, 30)
            dialog = getattr(dialogs, attribute)
            self.wait(dialog.isVisible, 30)
            self.settle(0.05)
            found = problems(dialog, screen)
            frame = dialog.frameGeometry()
            if not screen.contains(frame):
                found.append(f"{attribute} at {frame.getRect()} leaves the screen")
            beside = attribute in ("train_dialog", "finetune_dialog", "evaluate_dialog")
            central = global_rect(window.centralWidget())
            if beside and frame.intersects(central):
                found.append(f"{attribute} at {frame.getRect()} covers the pad or the "
                             f"prediction at {central.getRect()}")  # fmt: skip
            where = {"screen": self.args.screen, "zoom": factor, "view": "dialog"}
            self.report({**where, "step": attribute}, found, dialog)
            dialog.hide()
            self.settle()
            if not window.isMaximized():
                self.report({**where, "step": f"{attribute} closed"},
                            ["the window did not go back to maximized"])  # fmt: skip


if __name__ == "__main__":
    main()
