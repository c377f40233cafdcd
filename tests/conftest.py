"""Shared test set-up: offscreen Qt, a private home, the small MNIST fixture.

No test may read or write the real user's data, settings or Keras cache, from
the first import on. So before anything imports digitpad, Keras or Qt, this
module points HOME, the XDG folders, DIGITPAD_HOME and KERAS_HOME at a private
folder for the whole session (a module-scoped fixture runs before any
function-scoped one could), and every test then gets its own DIGITPAD_HOME
and KERAS_HOME as well. tests/hostile/test_used_machine.py proves it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

SESSION_HOME = Path(tempfile.mkdtemp(prefix="digitpad-test-session-"))
atexit.register(shutil.rmtree, SESSION_HOME, ignore_errors=True)
PRIVATE = {
    "HOME": "home",
    "USERPROFILE": "home",  # Windows' HOME
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_CACHE_HOME": "home/.cache",
    "XDG_STATE_HOME": "home/.local/state",
    "DIGITPAD_HOME": "digitpad",
    "KERAS_HOME": "keras",
}
for _variable, _folder in PRIVATE.items():
    (SESSION_HOME / _folder).mkdir(parents=True, exist_ok=True)
    os.environ[_variable] = str(SESSION_HOME / _folder)
os.environ.pop("DIGITPAD_MNIST", None)
# Qt's offscreen screen as a classroom's laptop and projector have it (its default is
# 800×600): the zoom steps offered and where dialogs open depend on the screen.
_SCREEN = SESSION_HOME / "screen.json"
_SCREEN.write_text(
    '{"screens": [{"name": "classroom", "x": 0, "y": 0, "width": 1366, "height": 768, '
    '"logicalDpi": 96, "logicalBaseDpi": 96}]}'
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Messages follow the environment's language; tests that read them expect English unless they
# choose a language themselves (tests/core/test_i18n.py, tests/gui/test_language.py).
os.environ["LANGUAGE"] = "en"

FIXTURE_MNIST = Path(__file__).parent / "fixtures" / "mnist-small"


def pytest_configure(config: pytest.Config) -> None:
    """QSettings' native store is not always a file under HOME (the registry, CFPreferences):
    every QSettings the tests make is an INI file in the session's private home."""
    try:
        from PySide6.QtCore import QSettings
    except ImportError:
        return
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(SESSION_HOME / "qsettings"))


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own digitpad data folder and no ambient MNIST source."""
    home = tmp_path_factory.mktemp("digitpad-home")
    monkeypatch.setenv("DIGITPAD_HOME", str(home))
    monkeypatch.setenv("KERAS_HOME", str(home / "keras"))
    monkeypatch.delenv("DIGITPAD_MNIST", raising=False)
    return home


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    """A folder with a 1,000/300 slice of MNIST as classic gzipped IDX files."""
    return FIXTURE_MNIST


@pytest.fixture(scope="session")
def small_mnist():
    from digitpad.core.data.mnist import load_mnist

    return load_mnist(FIXTURE_MNIST)


@pytest.fixture(scope="session")
def tilted_handwriting(small_mnist) -> list:
    """Someone who writes every digit leaning 50°, far beyond MNIST's slant: the fixture's
    first 200 training digits as their samples (for fine-tuning tests)."""
    import numpy as np
    from PIL import Image

    from digitpad.core.data.framing import frame_digit
    from digitpad.core.data.samples import Sample

    samples = []
    for i in range(200):
        image, label = small_mnist.x_train[i], int(small_mnist.y_train[i])
        big = Image.fromarray(image).resize((112, 112), Image.Resampling.BILINEAR)
        canvas = 255 - np.asarray(big.rotate(50, Image.Resampling.BILINEAR, expand=True))
        samples.append(Sample(f"{i:04x}", label, canvas, frame_digit(canvas), float(i)))
    return samples


@pytest.fixture
def first_conv_info():
    """The course's first convolution as the layer registry describes it (no Keras needed)."""
    from digitpad.core.layers.kind import LayerInfo
    from digitpad.core.layers.kinds.conv import CONV2D

    return LayerInfo(
        "conv2d",
        CONV2D,
        "Conv2D",
        input_shape=(28, 28, 1),
        output_shape=(26, 26, 32),
        params=320,
        trainable_params=320,
        activation="relu",
        config={"kernel_size": (3, 3)},
    )
