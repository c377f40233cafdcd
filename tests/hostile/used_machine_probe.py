"""Run only by test_used_machine.py: a test run on a machine whose user has trained a model.

Not collected by a normal run (its name does not start with "test_"); the
outer test runs pytest on this file in a subprocess whose HOME is a fake
"real home" holding a decoy model, odd settings and a junk mnist.npz.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    "DIGITPAD_PROBE_REAL_HOME" not in os.environ, reason="run by test_used_machine.py only"
)


@pytest.fixture(scope="module")
def predictor():
    """Module-scoped, so it runs before any per-test private home could be set."""
    from digitpad.core.inference.predictor import Predictor

    return Predictor.load()


def test_the_real_home_is_neither_read_nor_written(predictor) -> None:
    from digitpad.core.data.mnist import load_mnist
    from digitpad.core.errors import DataError
    from digitpad.core.models.store import latest_user_model
    from digitpad.core.paths import bundled_model_path
    from digitpad.gui.settings import DEFAULT_PEN_WIDTH, Settings

    assert predictor.path == bundled_model_path(), "the decoy model was not picked"
    assert latest_user_model() is None
    assert Settings().pen_width == DEFAULT_PEN_WIDTH, "the odd settings were not read"
    with pytest.raises(DataError, match="not in the Keras cache"):
        load_mnist(download=False)  # the junk mnist.npz was not found
    real = Path(os.environ["DIGITPAD_PROBE_REAL_HOME"]).resolve()
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "DIGITPAD_HOME", "KERAS_HOME"):
        assert not Path(os.environ[variable]).resolve().is_relative_to(real), variable
