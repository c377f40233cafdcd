"""Shared test set-up: offscreen Qt, a private data folder, the small MNIST fixture."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# Messages follow the environment's language; tests that read them expect English unless they
# choose a language themselves (tests/core/test_i18n.py, tests/gui/test_language.py).
os.environ["LANGUAGE"] = "en"

FIXTURE_MNIST = Path(__file__).parent / "fixtures" / "mnist-small"


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
    from digitpad.core.data import load_mnist

    return load_mnist(FIXTURE_MNIST)


@pytest.fixture(scope="session")
def tilted_handwriting(small_mnist) -> list:
    """Someone who writes every digit leaning 50°, far beyond MNIST's slant: the fixture's
    first 200 training digits as their samples (for fine-tuning tests)."""
    import numpy as np
    from PIL import Image

    from digitpad.core.preprocess import frame_digit
    from digitpad.core.samples import Sample

    samples = []
    for i in range(200):
        image, label = small_mnist.x_train[i], int(small_mnist.y_train[i])
        big = Image.fromarray(image).resize((112, 112), Image.Resampling.BILINEAR)
        canvas = 255 - np.asarray(big.rotate(50, Image.Resampling.BILINEAR, expand=True))
        samples.append(Sample(f"{i:04x}", label, canvas, frame_digit(canvas), float(i)))
    return samples
