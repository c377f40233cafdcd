"""Start-up order, checked in fresh interpreters: the window is up before the model loads (in the
background, without TensorFlow), and `digitpad.gui.app.run` shows it, loads the model and exits
cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

TIMEOUT_S = 180


def run_python_process(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter; it must exit with 0."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def run_python(code: str, home: Path) -> dict:
    """Run `code` offscreen with its own data folder; its last stdout line is JSON."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "DIGITPAD_HOME": str(home),
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    done = run_python_process(code, env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_main_window_does_not_import_tensorflow(tmp_path: Path) -> None:
    result = run_python(
        """
        import json, sys
        import digitpad.gui.window.main_window
        import digitpad.gui.app
        heavy = [m for m in ("tensorflow", "keras", "scipy") if m in sys.modules]
        print(json.dumps({"heavy": heavy}))
        """,
        tmp_path,
    )
    assert result["heavy"] == []


def test_window_is_shown_then_the_model_loads_without_tensorflow(tmp_path: Path) -> None:
    result = run_python(
        """
        import json, sys
        from PySide6.QtCore import QTimer
        from digitpad.gui.app import create_app
        from digitpad.gui.window.main_window import MainWindow

        app = create_app()
        window = MainWindow()
        window.show()
        out = {"tf_when_shown": "tensorflow" in sys.modules,
               "status_when_shown": window.model_status.text()}
        window.predictor_changed.connect(lambda p: (out.update(
            model=p.path.name, status=window.model_status.text(),
            tf_after="tensorflow" in sys.modules), window.close()))
        QTimer.singleShot(120_000, window.close)
        app.exec()
        print(json.dumps(out))
        """,
        tmp_path,
    )
    assert result["tf_when_shown"] is False
    assert result["status_when_shown"].startswith("Loading")
    assert result["tf_after"] is False and result["model"] == "digitpad-cnn.keras"
    assert "test accuracy" in result["status"]


def test_run_returns_zero_after_a_normal_close(tmp_path: Path) -> None:
    result = run_python(
        """
        import json
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from digitpad.gui import app as gui_app
        from digitpad.gui.runtime import background_threads

        qapp = gui_app.create_app()
        seen = {}

        def close_when_loaded():
            tops = QApplication.topLevelWidgets()
            window = next(w for w in tops if type(w).__name__ == "MainWindow")
            if window.predictor is None:
                QTimer.singleShot(100, close_when_loaded)
                return
            seen["model"] = window.predictor.path.name
            window.close()

        QTimer.singleShot(100, close_when_loaded)
        code = gui_app.run(model_path=None)
        print(json.dumps({"code": code, "threads": len(background_threads()), **seen}))
        """,
        tmp_path,
    )
    assert result == {"code": 0, "threads": 0, "model": "digitpad-cnn.keras"}


def test_a_model_only_keras_can_run_loads_quietly_and_the_status_bar_says_so(
    tmp_path: Path,
) -> None:
    """A layer the NumPy pass does not cover: the window imports TensorFlow for it, on a
    worker, with none of its start-up notices on the terminal, and says who computes it."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.DepthwiseConv2D(3, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    path = tmp_path / "depthwise.keras"
    model.save(path)
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    env.update(QT_QPA_PLATFORM="offscreen", DIGITPAD_HOME=str(tmp_path / "home"))
    code = """
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from digitpad.gui.app import create_app
        from digitpad.gui.window.main_window import MainWindow

        app = create_app()
        window = MainWindow(model_path=Path(sys.argv[1]))
        out = {}
        window.predictor_changed.connect(lambda p: (out.update(
            keras=p.uses_keras, status=window.model_status.text(),
            tf="tensorflow" in sys.modules), window.close()))
        window.show()
        QTimer.singleShot(120_000, window.close)
        app.exec()
        print(json.dumps(out))
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["keras"] is True and result["tf"] is True
    assert result["status"].endswith(
        "computed by Keras: it has a kind of layer digitpad does not compute itself"
    )
    for noise in ("absl", "oneDNN", "cuda", "cpu_feature_guard"):
        assert noise not in done.stderr, done.stderr[-3000:]
