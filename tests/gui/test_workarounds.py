"""Each work-around for a library defect, checked against the installed libraries: the test
fails with "no longer needed" once the defect is gone, so none outlives its reason."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from digitpad.cli import main
from digitpad.gui.workarounds import unsupported_qt

ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "0"}


def run_python(code: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def test_the_crashing_pyside_release_is_refused_in_one_sentence(monkeypatch, capsys) -> None:
    assert unsupported_qt("6.12.0", (3, 11)) is not None
    assert unsupported_qt("6.12.0", (3, 12)) is None  # None/True/False are immortal there
    assert unsupported_qt("6.11.3", (3, 11)) is None
    import PySide6

    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    monkeypatch.setattr(sys, "version_info", (3, 11, 7, "final", 0))
    assert main(["gui"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "PySide6 6.12.0 crashes on Python 3.11" in err[0]


def test_pyside_still_hooks_imports() -> None:
    """gui/workarounds.restore_plain_import undoes PySide's `__feature_import__` hook."""
    result = run_python(
        """
        import builtins
        plain = builtins.__import__
        import PySide6.QtCore
        print(builtins.__import__ is not plain)
        """
    )
    assert result.stdout.strip() == "True", (
        "PySide6 no longer replaces builtins.__import__: restore_plain_import is no longer needed"
    )


def test_superqts_thread_pool_still_crashes_tensorflow() -> None:
    """gui/runtime.py runs each job on a thread of its own instead of superqt's workers,
    which reuse Qt's pool threads: a second model traced by TensorFlow on a reused thread
    segfaults (what a model the NumPy pass does not cover, and training, still do)."""
    result = run_python(
        """
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from superqt.utils import create_worker

        app = QApplication([])
        loaded = []

        def load():
            import numpy as np
            from digitpad.core.inference.keras_runtime import KerasRuntime
            from digitpad.core.models.store import load_model
            from digitpad.core.paths import bundled_model_path

            traced = KerasRuntime(load_model(bundled_model_path()))  # Keras' own passes
            layers, _features = traced.inspect(np.zeros((28, 28), "float32"))
            return int(np.argmax(layers[-1].values))

        def run(left):
            worker = create_worker(load, _start_thread=False)
            worker.returned.connect(
                lambda digit: (loaded.append(digit), run(left - 1) if left > 1 else app.quit())
            )
            worker.errored.connect(lambda exc: app.quit())
            worker.start()

        run(4)
        QTimer.singleShot(240_000, app.quit)
        app.exec()
        print("loaded", len(loaded))
        """
    )
    crashed = result.returncode in (-signal.SIGSEGV, 128 + signal.SIGSEGV)
    assert crashed, (
        "four models loaded on superqt's pool threads without a crash "
        f"({result.stdout.strip()!r}): the plain threads of gui/runtime.py may no longer be needed"
    )


@pytest.mark.parametrize("quiet", [False, True])
def test_tensorflow_still_talks_on_stderr_when_imported(quiet: bool) -> None:
    """core/quiet_tf.py silences file descriptor 2 while TensorFlow starts."""
    importing = (
        "from digitpad.core.quiet_tf import import_tensorflow_quietly as go"
        if quiet
        else "def go():\n    import tensorflow as tf\n    tf.config.list_physical_devices()"
    )
    result = run_python(importing + "\ngo()\n")
    assert result.returncode == 0, result.stderr
    if quiet:
        assert result.stderr == ""
    else:
        assert result.stderr.strip(), (
            "TensorFlow imports silently now: core/quiet_tf.py is no longer needed"
        )
