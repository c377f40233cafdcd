"""Regenerate docs/screenshot.png: the real window, a digit drawn with real mouse strokes.

    QT_QPA_PLATFORM=offscreen python tests/gui/make_screenshot.py [--out docs/screenshot.png]
        [--dialogs DIR]   # also grab every dialog: summary, samples, train (mid-training),
                          # fine-tune, evaluate (on the committed MNIST slice)
        [--lang zh_TW]    # the interface language (default English)
        [--dark]          # a dark palette, as a desktop in dark mode gives
        [--inside]        # with View ▸ Inside the network open

Not a test (pytest only collects test_*.py); kept beside the GUI tests it borrows from.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--digit", choices=sorted(DIGITS), default="9")
    parser.add_argument("--dialogs", type=Path, help="also save the two dialogs here")
    parser.add_argument("--lang", choices=["en", "zh_TW"], default="en")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--inside", action="store_true", help="open the inside view too")
    args = parser.parse_args()

    from gui_helpers import draw
    from PySide6.QtCore import QEventLoop

    from digitpad.gui.app import create_app
    from digitpad.gui.i18n import apply_language
    from digitpad.gui.main_window import MainWindow
    from digitpad.gui.runtime import wait_for_background_threads

    app = create_app()
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    apply_language(args.lang)
    window = MainWindow()
    window.resize(1400 if args.inside else 1060, 620)
    window.show()
    if args.inside:
        window.menu_actions.inside_view.trigger()

    def pump(until, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    pump(lambda: window.predictor is not None)
    draw(window.canvas, DIGITS[args.digit])
    settle = time.monotonic() + 1.0
    pump(lambda: time.monotonic() > settle)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(args.out))
    print(
        f"{args.out}: predicted {window.panel.prediction.text()} ({window.panel.confidence.text()})"
    )

    if args.dialogs:
        save_dialogs(window, args.dialogs, pump)
    window.close()
    wait_for_background_threads(30)


def save_dialogs(window, folder: Path, pump) -> None:
    """Each dialog as a user meets it, to check that no translation is clipped."""
    fixture = str(ROOT / "tests" / "fixtures" / "mnist-small")
    folder.mkdir(parents=True, exist_ok=True)

    def shot(name: str):
        """Wait until window.<name> exists and shows, save it, return it."""
        pump(lambda: getattr(window, name) is not None and getattr(window, name).isVisible())
        pump(lambda: False, 0.5)
        dialog = getattr(window, name)
        dialog.grab().save(str(folder / f"{name}.png"))
        print(folder / f"{name}.png")
        return dialog

    window.menu_actions.layer_summary.trigger()
    shot("summary_dialog").hide()

    for digit in (9, 9, 4):  # the drawing on the pad, kept as samples
        window.save_sample(digit)
    window.menu_actions.samples.trigger()
    shot("samples_dialog").hide()

    window.menu_actions.finetune.trigger()
    shot("finetune_dialog").hide()

    window.menu_actions.train.trigger()
    dialog = window.train_dialog
    dialog.local_source.setChecked(True)
    dialog.data_path.setText(fixture)
    dialog.batch_size.setValue(16)
    dialog.epochs.setValue(3)
    dialog.start()
    pump(lambda: dialog.progress_bar.value() > 120, 120)
    shot("train_dialog")
    dialog.cancel()
    pump(lambda: not dialog.is_running(), 30)
    dialog.hide()

    window.menu_actions.evaluate.trigger()
    evaluate = window.evaluate_dialog
    evaluate.start()
    pump(lambda: evaluate.job is not None and not evaluate.job.is_running(), 120)
    shot("evaluate_dialog").hide()


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
