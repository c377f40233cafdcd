"""Regenerate docs/screenshot.png: the real window, a digit drawn with real mouse strokes.

    QT_QPA_PLATFORM=offscreen python tests/gui/make_screenshot.py [--out docs/screenshot.png]
        [--dialogs DIR]   # also grab every dialog: summary, samples, train (mid-training),
                          # fine-tune, evaluate (on the committed MNIST slice), runs (two
                          # short runs on that slice, overlaid), the train dialog with a
                          # network that cannot work
        [--lang zh_TW]    # the interface language (default English)
        [--dark]          # a dark palette, as a desktop in dark mode gives
        [--font FILE]     # add a font first (e.g. a CJK .otf where the system has none)
        [--inside]        # with View ▸ Inside the network open
        [--lesson DIR]    # also grab View ▸ Walk through the network: the window at
                          # 1366×768 and every step (DIR/lesson-NN-<step>.png), the
                          # convolution mid-slide and the course's example too
        [--screen 1366x768] [--size 1366x768|min|max] [--zoom 1.5] [--blank]
                          # a projector's screen, the window's size (its minimum, maximized),
                          # View ▸ Zoom, and the pad left blank
        [--desktop FILE]  # also the whole screen with the Train dialog open, each window
                          # where it stands
        [--model FILE]    # start with this model (e.g. one Keras computes: the status bar
                          # says so)
        [--experiments DIR]  # try it on the network, in the window at its size: the digit
                          # moved (the Move step, whole too), maps switched off (that step
                          # whole too), a kernel edited, and the inside view with the
                          # experiment on

Not a test (pytest only collects test_*.py); kept beside the GUI tests it borrows from.
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

# Digits as strokes (units of the pad's shorter side, around its centre). The 9 has an
# open loop, so the network also gives the 4 a share: the chart has something to show.
DIGITS = {
    "9": [
        [(0.12, -0.28), (-0.05, -0.32), (-0.18, -0.05), (0.0, 0.04), (0.14, 0.0)],
        [(0.12, -0.3), (0.08, 0.34)],
    ],
    "1": [[(-0.1, -0.22), (0.04, -0.33), (0.02, 0.33)]],
    "4": [
        [(-0.05, -0.34), (-0.12, -0.16), (-0.2, 0.04), (-0.22, 0.07), (0.0, 0.06), (0.22, 0.04)],
        [(0.1, -0.26), (0.09, -0.05), (0.08, 0.15), (0.07, 0.34)],
    ],
    # Not digits: the window says "Not a digit?" and greys the bars.
    "cross": [[(-0.25, -0.25), (0.25, 0.25)], [(0.25, -0.25), (-0.25, 0.25)]],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--digit", choices=sorted(DIGITS), default="9")
    parser.add_argument("--dialogs", type=Path, help="also save the two dialogs here")
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="en")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--font", type=Path, help="a font file to add (CJK where none is)")
    parser.add_argument("--inside", action="store_true", help="open the inside view too")
    parser.add_argument("--lesson", type=Path, help="also save every walk-through step here")
    parser.add_argument("--screen", help="the offscreen screen's size, e.g. 1366x768")
    parser.add_argument("--size", help="the window's size: WxH, min or max")
    parser.add_argument("--zoom", type=float, default=1.0, help="View ▸ Zoom factor")
    parser.add_argument("--blank", action="store_true", help="draw nothing")
    parser.add_argument("--desktop", type=Path, help="also save the whole screen here")
    parser.add_argument("--model", type=Path, help="the model to start with")
    parser.add_argument("--experiments", type=Path, help="also grab the experiments here")
    args = parser.parse_args()
    use_screen(args.screen)

    from gui_helpers import draw
    from PySide6.QtCore import QEventLoop

    from digitpad.gui.app import create_app
    from digitpad.gui.i18n import apply_language
    from digitpad.gui.runtime import wait_for_background_threads
    from digitpad.gui.window.main_window import MainWindow

    app = create_app()
    if args.font:
        from PySide6.QtGui import QFontDatabase

        QFontDatabase.addApplicationFont(str(args.font))
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    apply_language(args.lang)
    from digitpad.gui.zoom import zoom

    window = MainWindow(model_path=args.model)
    zoom().set_factor(args.zoom)  # after the window, which applies the remembered zoom
    window.resize(1400 if args.inside else 1060, 620)
    window.show()
    if args.inside:
        window.menu_actions.inside.trigger()
    if args.size == "max":
        window.showMaximized()
    elif args.size == "min":
        window.resize(window.minimumSizeHint())
    elif args.size:
        window.resize(*(int(v) for v in args.size.split("x")))

    def pump(until, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    pump(lambda: window.predictor is not None, 300.0)  # a busy machine imports TF slowly
    if not args.blank:
        draw(window.canvas, DIGITS[args.digit])
        pump(lambda: window.last_prediction is not None, 120.0)  # a busy machine is slow
        if args.inside:
            pump(lambda: window.inside_dock.grids["input"].count() > 0, 120.0)
    settle = time.monotonic() + 1.0
    pump(lambda: time.monotonic() > settle)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    print(
        f"{args.out}: predicted {window.panel.prediction.text()} ({window.panel.confidence.text()})"
    )

    if args.dialogs:
        save_dialogs(window, args.dialogs, pump)
    if args.lesson:
        save_lesson(window, args.lesson, pump)
    if args.experiments:
        save_experiments(window, args.experiments, pump)
    if args.desktop:  # with the Train dialog open, where it places itself
        window.menu_actions.train.trigger()
        pump(lambda: False, 0.5)
        save_desktop(app, args.desktop)
    window.close()
    wait_for_background_threads(30)


def use_screen(size: str | None) -> None:
    """Qt's offscreen screen, `size` ("1366x768") when given (before Qt starts)."""
    if not size:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return
    import json

    width, height = (int(v) for v in size.split("x"))
    config = Path(tempfile.mkdtemp(prefix="digitpad-screen-")) / "screen.json"
    screen = {"name": "shot", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def save_desktop(app, path: Path) -> None:
    """The whole screen as a user would see it: each visible window at its place."""
    from PySide6.QtGui import QColor, QImage, QPainter

    screen = app.primaryScreen().geometry()
    image = QImage(screen.size(), QImage.Format.Format_RGB32)
    image.fill(QColor(40, 60, 80))
    with QPainter(image) as painter:
        windows = [w for w in app.topLevelWidgets() if w.isVisible() and w.width() > 50]
        windows.sort(key=lambda w: w.isActiveWindow())
        for w in sorted(windows, key=lambda w: w.objectName() != ""):  # dialogs on top
            painter.drawPixmap(w.frameGeometry().topLeft() - screen.topLeft(), w.grab())
    image.save(str(path))
    print(path)


def save_dialogs(window, folder: Path, pump) -> None:
    """Each dialog as a user meets it, to check that no translation is clipped."""
    fixture = str(ROOT / "tests" / "fixtures" / "mnist-small")
    folder.mkdir(parents=True, exist_ok=True)

    def shot(name: str):
        """Wait until window.dialogs.<name> exists and shows, save it, return it."""
        dialogs = window.dialogs
        pump(lambda: getattr(dialogs, name) is not None and getattr(dialogs, name).isVisible())
        pump(lambda: False, 0.5)
        dialog = getattr(dialogs, name)
        dialog.grab().save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")
        return dialog

    window.menu_actions.layer_summary.trigger()
    shot("summary_dialog").hide()

    example_models()
    window.menu_actions.load_model.trigger()
    shot("models_dialog").hide()

    for digit in (9, 9, 4):  # the drawing on the pad, kept as samples
        window.save_sample(digit)
    window.menu_actions.samples.trigger()
    shot("samples_dialog").hide()

    window.menu_actions.finetune.trigger()
    shot("finetune_dialog").hide()

    window.menu_actions.train.trigger()
    dialog = window.dialogs.train_dialog
    dialog.data_box.local_source.setChecked(True)
    dialog.data_box.data_path.setText(fixture)
    dialog.batch_size.setValue(16)
    dialog.epochs.setValue(3)
    dialog.start()
    pump(lambda: dialog.progress_bar.value() > 120, 120)
    shot("train_dialog")
    dialog.cancel()
    pump(lambda: not dialog.is_running(), 30)
    dialog.hide()

    window.menu_actions.evaluate.trigger()
    evaluate = window.dialogs.evaluate_dialog
    evaluate.start()
    pump(lambda: evaluate.job is not None and not evaluate.job.is_running(), 120)
    shot("evaluate_dialog").hide()

    save_runs(fixture)
    window.menu_actions.runs.trigger()
    pump(lambda: window.dialogs.runs_dialog is not None and window.dialogs.runs_dialog.isVisible())
    runs = window.dialogs.runs_dialog
    for tick in runs.ticks:
        tick.setChecked(True)
    runs.table.selectRow(0)
    shot("runs_dialog").hide()

    window.menu_actions.train.trigger()
    dialog.network_editor.code.setPlainText(
        dialog.network_editor.code.toPlainText().replace("model.add(Flatten())\n", "")
    )
    dialog.network_editor.check_now()
    pump(lambda: False, 0.5)
    window.dialogs.train_dialog.grab().save(str(folder / "train_dialog_problem.png"))
    print(folder / "train_dialog_problem.png")
    # A legal network too big to train (issue 28): the line and the memory are named.
    dialog.network_editor.code.setPlainText(
        "model = Sequential()\n"
        "model.add(Conv2D(2500, kernel_size=1, input_shape=(28, 28, 1)))\n"
        "model.add(MaxPooling2D(28))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(10, activation='softmax'))\n"
    )
    dialog.network_editor.check_now()
    pump(lambda: False, 0.5)  # the wrapped sentence is laid out again
    window.dialogs.train_dialog.grab().save(str(folder / "train_dialog_memory.png"))
    print(folder / "train_dialog_memory.png")
    dialog.hide()


def save_runs(fixture: str) -> None:
    """Two short runs on the MNIST slice, recorded as the window's training records them."""
    from digitpad.core.configs import TrainConfig
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.i18n import _
    from digitpad.core.models.store import new_user_model_path, save_model
    from digitpad.core.network.code import parse
    from digitpad.core.network.presets import preset_named
    from digitpad.core.training.train import train

    data = load_mnist(fixture)
    for key in ("dense-only", "one-convolution"):
        preset = preset_named(key)
        result = train(
            data, TrainConfig(epochs=3, batch_size=50, seed=0), network=parse(preset.code)
        )
        metadata = result.metadata(data.source, name=_(preset.title))
        save_model(result.model, new_user_model_path(), metadata)


def save_lesson(window, folder: Path, pump) -> None:
    """The walk-through at a projector's 1366×768, then each step whole (as exported)."""
    folder.mkdir(parents=True, exist_ok=True)
    window.inside_dock.hide()
    window.resize(1366, 768)
    window.menu_actions.lesson.trigger()
    window.resize(1366, 768)  # opening the dock widens the window up to the screen's width
    view = window.lesson_dock
    pump(lambda: view.lesson is not None)
    pump(lambda: False, 0.5)
    print("screen:", window.screen().availableGeometry(), "window:", window.size())
    window.grab().save(str(folder / "lesson-window-1366x768.png"))
    print(folder / "lesson-window-1366x768.png")
    width = view.scroll_area.viewport().width()
    for i, key in enumerate(view.step_keys(), 1):
        view.show_step(key)
        pump(lambda: False, 0.2)
        shots = [("", None)]
        if key == "conv2d":
            shots += [("-sliding", "slide"), ("-course", "course")]
        if key == "max_pooling2d":
            shots += [("-course", "course")]
        for suffix, action in shots:
            page = view.current_page()
            if action == "slide":
                page.restart()
                for _ in range(40):
                    page.step_button.click()
            elif action == "course":
                page.course_button.click()
                for _ in range(5):
                    page.step_button.click()
            pump(lambda: False, 0.2)
            content = view.step_widget()
            layout = content.layout()
            if layout.hasHeightForWidth():
                height = layout.totalHeightForWidth(width)
            else:
                height = layout.totalSizeHint().height()
            content.resize(width, max(height, layout.totalMinimumSize().height()))
            path = folder / f"lesson-{i:02d}-{key}{suffix}.png"
            content.grab().save(str(path))
            print(path)
            if action == "course":
                page.course_button.click()
    view.show_step("conv2d")  # the window once more, the kernel mid-slide
    page = view.current_page()
    page.restart()
    for _ in range(300):
        page.step_button.click()
    pump(lambda: False, 0.3)
    window.grab().save(str(folder / "lesson-window-conv2d.png"))
    print(folder / "lesson-window-conv2d.png")


def save_experiments(window, folder: Path, pump) -> None:
    """Try it on the network at the window's size: moved, maps off, a kernel, the inside view."""
    folder.mkdir(parents=True, exist_ok=True)
    size = window.size()
    view, state = window.lesson_dock, window.experiments.state
    window.inside_dock.hide()
    if not view.isVisible():
        window.menu_actions.lesson.trigger()
    window.resize(size)
    pump(lambda: "move" in view.step_keys())

    def shot(name: str, settled) -> None:
        pump(settled, 30.0)
        pump(lambda: False, 0.5)
        window.grab().save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")

    def whole(name: str) -> None:
        """The current step whole, as exported (its rankings and sentences below the fold)."""
        content = view.step_widget()
        width = view.scroll_area.viewport().width()
        content.resize(width, max(content.layout().totalHeightForWidth(width), 400))
        content.grab().save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")

    def read_with(experiment) -> bool:
        inspection = view._built_from
        return getattr(inspection, "experiment", None) == experiment

    view.show_step("move")
    state.move_to(3, -1)
    page = view.current_page()
    shot("experiments-move", lambda: read_with(state.experiment) and page.reference is not None)
    whole("experiments-move-step")
    state.move_to(0, 0)
    view.show_step("maps_off")
    page = view.current_page()
    pump(lambda: read_with(state.experiment) and len(page.rankings) > 0, 30.0)
    page.top_buttons[next(iter(page.top_buttons))].click()
    shot("experiments-maps-off", lambda: read_with(state.experiment) and len(page.rankings) > 0)
    whole("experiments-maps-off-step")
    state.reset()
    view.show_step("kernel")
    page = view.current_page()
    page.classics["diagonal"].click()
    shot("experiments-kernel", lambda: read_with(state.experiment))
    state.move_to(-2, 2)
    state.switch("conv2d", 0, True)
    window.menu_actions.inside.trigger()
    dock = window.inside_dock
    dock.enlarge("conv2d", 0)
    shot(
        "experiments-inside",
        lambda: getattr(dock.inspection, "experiment", None) == state.experiment,
    )
    state.reset()


def example_models() -> None:
    """Two trained models in the private data folder, as a student would have them, and two
    whose records a stranger wrote (issue 28: "unknown", "record unreadable")."""
    import shutil
    import zipfile

    from digitpad.core.models import library as model_library
    from digitpad.core.paths import bundled_model_path, user_models_dir

    folder = user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        ("model-20261203-101500", {"name": "第一次 one epoch", "test_accuracy": 0.9762,
                                   "epochs": 1, "trained_at": "2026-12-03T10:15:00"}),
        ("model-20261203-113000", {"test_accuracy": 0.9911, "epochs": 12,
                                   "trained_at": "2026-12-03T11:30:00"}),
    ]  # fmt: skip
    for stem, record in records:
        path = folder / f"{stem}.keras"
        shutil.copy(bundled_model_path(), path)
        model_library.update_metadata(path, record)
    # Two a stranger handed in: a record with impossible values, and one that is not JSON.
    hostile = {
        "model-20261204-090000": b'{"name": "<b>handed in</b>", "test_accuracy": 1e999, '
        b'"epochs": -3, "history": {"epochs": [{"epoch": 1, "val_accuracy": 0.9}]}}',
        "model-20261204-091500": b"[" * 60_000,
    }
    for stem, text in hostile.items():
        path = folder / f"{stem}.keras"
        shutil.copy(bundled_model_path(), path)
        with zipfile.ZipFile(path) as archive:
            members = {i.filename: archive.read(i) for i in archive.infolist()}
        members["digitpad.json"] = text
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)


def dark_palette():
    """Fusion's colours for a dark desktop (what KDE's or Windows' dark mode hands Qt)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
        role.AlternateBase: "#2f2f2f", role.ToolTipBase: "#3a3a3a", role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6", role.Button: "#353535", role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b", role.Highlight: "#3d7bd9", role.HighlightedText: "#ffffff",
        role.Link: "#6aa6ff", role.PlaceholderText: "#8a8a8a", role.Mid: "#505050",
        role.Dark: "#1a1a1a", role.Light: "#505050", role.Midlight: "#404040",
    }  # fmt: skip
    for r, colour in colours.items():
        palette.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return palette


if __name__ == "__main__":
    main()
