"""The course's CNN: build it exactly, load user files safely, save atomically.

Keras is imported inside the functions so that importing this module (and the
GUI that names its types) stays cheap.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digitpad.core import paths
from digitpad.core.errors import ModelError
from digitpad.core.i18n import _

if TYPE_CHECKING:
    import keras

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
MIN_KERAS = (3, 12)  # earlier releases have published safe_mode bypasses


def build_model() -> keras.Model:
    """The seed CNN, layer for layer as on the course's slide (1,199,882 parameters)."""
    import keras
    from keras import layers

    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="digitpad_cnn",
    )


def compile_model(model: keras.Model, learning_rate: float = 1.0) -> None:
    """Adadelta + categorical cross-entropy, as the course trains it.

    The learning rate defaults to 1.0 on purpose: the course was written when
    that was Keras' Adadelta default. Keras 3's default of 0.001 makes the same
    one-epoch script barely learn (test accuracy far below the course's 0.9762).
    """
    import keras

    model.compile(
        optimizer=keras.optimizers.Adadelta(learning_rate=learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )


def _check_keras_version() -> None:
    import keras

    version = tuple(int(p) for p in keras.__version__.split(".")[:2] if p.isdigit())
    if version < MIN_KERAS:
        raise ModelError(
            _(
                "Keras {version} is too old to load model files safely; install keras>={required}."
            ).format(version=keras.__version__, required=f"{MIN_KERAS[0]}.{MIN_KERAS[1]}")
        )


def check_digit_classifier(model: Any, path: Path | str | None = None) -> None:
    """Refuse anything that does not map a 28×28×1 image to 10 classes."""
    if path is None:
        path = _("the model")
    try:
        in_shape = tuple(model.input_shape[1:])
        out_shape = tuple(model.output_shape[1:])
    except (AttributeError, ValueError, TypeError) as exc:
        raise ModelError(
            _("{path} is not a single-input, single-output Keras model.").format(path=path)
        ) from exc
    if in_shape != INPUT_SHAPE:
        raise ModelError(
            _(
                "{path} expects input of shape {shape}, not a 28×28 grayscale image (28, 28, 1)."
            ).format(path=path, shape=in_shape)
        )
    if out_shape != (NUM_CLASSES,):
        raise ModelError(
            _("{path} outputs shape {shape}, not the 10 digit classes.").format(
                path=path, shape=out_shape
            )
        )


def load_model(path: Path | str) -> keras.Model:
    """Load a user-supplied ``.keras`` model with safe_mode and check it is a digit classifier.

    Only the ``.keras`` format is accepted: legacy ``.h5`` files ignore safe_mode.
    """
    path = Path(path).expanduser()
    if path.suffix.lower() != ".keras":
        raise ModelError(
            _("{path} is not a .keras model file; digitpad only loads .keras files.").format(
                path=path
            )
        )
    if not path.is_file():
        raise ModelError(_("The model file {path} does not exist.").format(path=path))
    _check_keras_version()
    import keras

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many types for a bad archive; all mean "unusable".
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(
            _("{path} could not be loaded as a Keras model ({reason}).").format(
                path=path, reason=first_line
            )
        ) from exc
    check_digit_classifier(model, path)
    return model


def save_model(
    model: keras.Model, path: Path | str, metadata: dict[str, Any] | None = None
) -> Path:
    """Save weights and architecture (no optimizer state) atomically, plus a metadata sidecar.

    The model is written to a temporary file in the target folder and renamed
    over `path` only when complete, so a failed or interrupted save never leaves
    a broken file and never replaces a good one. Without `metadata`, an older
    sidecar at that path is removed so it cannot describe the wrong model.
    """
    path = Path(path).expanduser()
    if path.suffix.lower() != ".keras":
        raise ModelError(_("{path}: model files must end in .keras.").format(path=path))
    # A copy rebuilt from the config is uncompiled, so it carries no optimizer state (which
    # would triple the file). keras.models.clone_model would re-compile it.
    bare = type(model).from_config(model.get_config())
    bare.set_weights(model.get_weights())
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".keras")
        os.close(fd)
        tmp = Path(tmp_name)
        bare.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make a shared model unreadable to others
        if metadata is not None:
            _write_json_atomic(metadata_path(path), metadata)
        else:
            metadata_path(path).unlink(missing_ok=True)
        os.replace(tmp, path)
    except OSError as exc:
        raise ModelError(
            _("Could not save the model to {path} ({reason}).").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return path


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=2)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)


def metadata_path(model_path: Path) -> Path:
    """The JSON sidecar that records how a model was trained and how well it did."""
    return model_path.with_suffix(".json")


def read_metadata(model_path: Path | str) -> dict[str, Any]:
    """The sidecar of `model_path`, or {} when missing or unreadable (it is optional)."""
    try:
        data = json.loads(metadata_path(Path(model_path)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def new_user_model_path() -> Path:
    """A fresh, time-stamped path in the user's models folder."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.user_models_dir()
    candidate = folder / f"model-{stamp}.keras"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"model-{stamp}-{n}.keras"
    return candidate


def user_model_files() -> list[Path]:
    """The user's saved models, newest first (temporary dot-files skipped)."""
    folder = paths.user_models_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.keras") if not p.name.startswith(".")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_user_model() -> Path | None:
    files = user_model_files()
    return files[0] if files else None


def load_default_model() -> tuple[keras.Model, Path]:
    """The user's newest model that loads, else the bundled one.

    A damaged user file is skipped rather than blocking start-up: the app must
    always come up with some working model.
    """
    for candidate in user_model_files():
        try:
            return load_model(candidate), candidate
        except ModelError:
            continue
    bundled = paths.bundled_model_path()
    return load_model(bundled), bundled


def resolve_model(path: Path | str | None) -> tuple[keras.Model, Path]:
    """`path` if given (errors are the user's to see), else the default model."""
    if path is None:
        return load_default_model()
    return load_model(path), Path(path)
