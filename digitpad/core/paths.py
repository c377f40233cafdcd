"""Where digitpad keeps things: the bundled model and the user's own models.

User-trained models live in the per-user data folder (never inside the
installed package, which may be read-only). `DIGITPAD_HOME` overrides that
folder, which the tests use to stay away from the real one.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

BUNDLED_MODEL_NAME = "digitpad-cnn.keras"


def user_data_dir() -> Path:
    """The folder for the user's models and samples (not created here)."""
    override = os.environ.get("DIGITPAD_HOME")
    if override:
        return Path(os.path.expanduser(override))  # never raises for ~unknown
    from platformdirs import user_data_path

    return user_data_path("digitpad", appauthor=False)


def user_models_dir() -> Path:
    return user_data_dir() / "models"


def bundled_model_path() -> Path:
    """The pretrained model shipped inside the package (works for non-editable installs)."""
    return Path(str(resources.files("digitpad.assets") / BUNDLED_MODEL_NAME))


def keras_cache_path() -> Path:
    """Where Keras keeps its downloaded ``mnist.npz`` (honours ``KERAS_HOME``)."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets" / "mnist.npz"
