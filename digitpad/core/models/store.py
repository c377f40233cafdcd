"""The course's CNN: build it exactly, load user files safely, save atomically.

Keras is imported inside the functions so that importing this module (and the
GUI that names its types) stays cheap; most of digitpad never calls them: a
model file is read without Keras (`reader.read_model_file`) for everything
but training. `load_model` is for the jobs that need a Keras model (training
on, fine-tuning) and for a model whose layers the NumPy pass does not cover.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import zipfile
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from digitpad.core import paths
from digitpad.core.digits import CLASSES, INPUT_SHAPE
from digitpad.core.errors import ModelError
from digitpad.core.files import check_writable_folder, expanded, reason, shown
from digitpad.core.i18n import _
from digitpad.core.models import choices
from digitpad.core.models.archive import (  # noqa: F401 - read_metadata/read_attachment: model API
    open_checked,
    read_attachment,
    read_metadata,
    write_archive,
)
from digitpad.core.models.checks import (
    check_finite_weights,
    check_layer_names,
    check_probability_head,
)
from digitpad.core.models.reader import check_suffix, is_legacy, read_checked, read_model_file

if TYPE_CHECKING:
    import keras

MIN_KERAS = (3, 12)  # earlier releases have published safe_mode bypasses
T = TypeVar("T")

log = logging.getLogger(__name__)


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
            layers.Dense(CLASSES, activation="softmax"),
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


def check_shapes(in_shape: tuple[Any, ...], out_shape: tuple[Any, ...], path: str) -> None:
    """Refuse a model whose input is not a 28×28×1 image or whose output is not 10 classes."""
    if tuple(in_shape) != INPUT_SHAPE:
        raise ModelError(
            _(
                "{path} expects input of shape {shape}, not a 28×28 grayscale image (28, 28, 1)."
            ).format(path=path, shape=tuple(in_shape))
        )
    if tuple(out_shape) != (CLASSES,):
        raise ModelError(
            _("{path} outputs shape {shape}, not the 10 digit classes.").format(
                path=path, shape=tuple(out_shape)
            )
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
    check_shapes(in_shape, out_shape, str(path))


def load_model(path: Path | str) -> keras.Model:
    """Load a user-supplied model file safely as a Keras model and check it is a digit
    classifier.

    A ``.keras`` archive's members and declared layer sizes are checked before
    Keras builds anything (`archive.open_checked`), and its weights file as HDF5
    and against the declared layers (`reader.read_checked`: nothing that reads
    other files); Keras then reads the very file that was checked, with
    safe_mode. A legacy ``.h5`` file never reaches Keras' loader (it ignores
    safe_mode): digitpad reads it (`reader.read_model_file`) and builds the
    model from what it read (`rebuild.keras_model`). The model must map a
    28×28×1 image to ten probabilities, with finite weights.
    """
    path = expanded(path)
    check_suffix(path)
    _check_keras_version()
    if is_legacy(path):
        from digitpad.core.models.rebuild import keras_model

        model = keras_model(read_model_file(path))
    else:
        with open_checked(path) as (f, _budget):
            read_checked(f, path)
            model = _keras_load(f, path)
    check_digit_classifier(model, shown(path))
    check_layer_names(model, path)  # before anything runs the model
    check_probability_head(model, path)
    check_finite_weights(model, path)
    return model


def _keras_load(f: BinaryIO, path: Path) -> keras.Model:
    """Keras' loader on the open file (any suffix case: Keras' path API wants ".keras")."""
    import keras

    try:
        from keras.src.saving import saving_lib

        def load() -> keras.Model:
            return saving_lib.load_model(f, custom_objects=None, compile=False, safe_mode=True)
    except ImportError:  # a Keras without that module: its public API, by path

        def load() -> keras.Model:
            return keras.saving.load_model(path, compile=False, safe_mode=True)

    try:
        return load()
    except MemoryError as exc:
        raise ModelError(
            _("There was not enough memory to load {path}.").format(path=shown(path))
        ) from exc
    except Exception as exc:  # Keras raises many types for a bad archive; all mean "unusable".
        text = str(exc)
        log.debug("Keras could not load %s", path, exc_info=True)
        if "safe_mode" in text or "arbitrary code" in text or "unsafe" in text.lower():
            raise ModelError(
                _(
                    "{path} contains code (a Python function inside its layers), "
                    "which digitpad never runs."
                ).format(path=shown(path))
            ) from exc
        raise ModelError(
            _(
                "{path} could not be loaded; Keras could not rebuild the model it describes "
                "(it may be damaged, or saved by an incompatible program)."
            ).format(path=shown(path))
        ) from exc


def save_model(
    model: keras.Model,
    path: Path | str,
    metadata: Mapping[str, Any] | None = None,
    attachments: Mapping[str, bytes] | None = None,
) -> Path:
    """Save weights and architecture (no optimizer state) as ONE file, atomically.

    `metadata` (a JSON-able dict: how it was trained, its test accuracy) and
    `attachments` (name -> bytes, a few MB at most) go inside the same archive
    (`read_metadata`, `read_attachment`), so they always describe this model.
    The archive is written to a temporary file in the target folder, fsynced
    and renamed over `path` only when complete: a failed or interrupted save
    never leaves a broken file and never replaces a good one.
    """
    path = expanded(path)
    if path.suffix.lower() != ".keras":
        raise ModelError(_("{path}: model files must end in .keras.").format(path=shown(path)))
    # A copy rebuilt from the config is uncompiled, so it carries no optimizer state (which
    # would triple the file). keras.models.clone_model would re-compile it.
    bare = type(model).from_config(model.get_config())
    bare.set_weights(model.get_weights())
    return _write(path, lambda tmp: bare.save(tmp), metadata, attachments)


def save_copy(
    members: Mapping[str, bytes],
    path: Path | str,
    metadata: Mapping[str, Any] | None = None,
    attachments: Mapping[str, bytes] | None = None,
) -> Path:
    """Save a model read from a file (Keras' own `members` as read: config, weights) as ONE
    new file, atomically, with `metadata` and `attachments`: Save As without Keras."""
    path = expanded(path)
    if path.suffix.lower() != ".keras":
        raise ModelError(_("{path}: model files must end in .keras.").format(path=shown(path)))

    def write_keras(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w") as archive:  # stored, as Keras writes them
            for name, data in members.items():
                archive.writestr(name, data)

    return _write(path, write_keras, metadata, attachments)


def _write(
    path: Path,
    write_keras: Callable[[Path], None],
    metadata: Mapping[str, Any] | None,
    attachments: Mapping[str, bytes] | None,
) -> Path:
    try:
        write_archive(path, write_keras, metadata, attachments)
    except OSError as exc:
        raise ModelError(
            _("Could not save the model to {path} ({reason}).").format(
                path=shown(path), reason=reason(exc)
            )
        ) from exc
    return path


MAX_SAME_SECOND = 10_000  # new models named for one second (then something is wrong)
# A saved model of the course's size takes 4.8 MB; saving needs room for one temporary copy.
SAVE_ROOM = 64 * 1024 * 1024


def check_can_save(path: Path | str, needed: int = SAVE_ROOM) -> None:
    """Raise ModelError unless a model can be saved at `path`: call it BEFORE training.

    Checks the suffix, that `path` is not a folder, that its folder can be made and
    written (a small probe file is created and removed there) and has `needed`
    bytes free, so a long run is never lost to a save that was bound to fail.
    """
    path = expanded(path)
    if path.suffix.lower() != ".keras":
        raise ModelError(_("{path}: model files must end in .keras.").format(path=shown(path)))
    if path.is_dir():
        raise ModelError(
            _("{path} is a folder; give a file name ending in .keras to save the model.").format(
                path=shown(path)
            )
        )
    try:
        check_writable_folder(path.parent, needed)
    except OSError as exc:
        raise ModelError(
            _("A model cannot be saved to {path} ({reason}).").format(
                path=shown(path), reason=reason(exc)
            )
        ) from exc


def metadata_path(model_path: Path) -> Path:
    """Where an older digitpad kept a model's metadata: a JSON sidecar (now inside the model).

    Read only when it names the model file's SHA-256 (see `archive.read_metadata`).
    """
    return model_path.with_suffix(".json")


def new_user_model_path() -> Path:
    """A new, time-stamped model file in the user's models folder, reserved: it is created
    empty, exclusively (O_EXCL), so two trainings finishing in the same second get two
    names, never one file that the second save silently replaces. Saving the model replaces
    the reservation atomically; a run that stops removes it (`training.keep.discard`). An
    empty file is never listed as a model (`user_model_files`)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.user_models_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, MAX_SAME_SECOND + 1):
        candidate = folder / (f"model-{stamp}.keras" if n == 1 else f"model-{stamp}-{n}.keras")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            continue
        return candidate
    raise ModelError(
        _("There are already {count:,} models named for this second in {path}.").format(
            count=MAX_SAME_SECOND, path=shown(folder)
        )
    )


def user_model_files() -> list[Path]:
    """The user's saved models, newest first (temporary dot-files skipped).

    The suffix is compared case-insensitively (`train --out X.KERAS`); a file that
    vanishes or cannot be looked at while listing is left out, and so is an empty one
    (a name reserved by a training that is saving, `new_user_model_path`).
    """
    folder = paths.user_models_dir()
    found = []
    try:
        for p in folder.iterdir():
            if p.suffix.lower() != ".keras" or p.name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                info = p.stat()
                if stat.S_ISREG(info.st_mode) and info.st_size > 0:
                    found.append((info.st_mtime, p))
    except OSError:  # no folder yet, or one that cannot be listed
        return []
    return [p for _mtime, p in sorted(found, key=lambda item: item[0], reverse=True)]


def latest_user_model() -> Path | None:
    files = user_model_files()
    return files[0] if files else None


def first_that_loads(load: Callable[[Path], T]) -> tuple[T, Path]:
    """`load` of the model in use (`choices`: chosen in the window or made by `train`), else
    of the user's newest model that loads, else of the bundled one.

    A damaged file is skipped rather than blocking start-up: the app must
    always come up with some working model.
    """
    chosen = choices.model_in_use()
    candidates = [] if chosen is None else [chosen]
    candidates += [path for path in user_model_files() if path != chosen]
    for candidate in candidates:
        try:
            return load(candidate), candidate
        except ModelError:
            continue
    bundled = paths.bundled_model_path()
    return load(bundled), bundled


def load_default_model() -> tuple[keras.Model, Path]:
    """The default model (`first_that_loads`) as a Keras model."""
    return first_that_loads(load_model)


def resolve_model(path: Path | str | None) -> tuple[keras.Model, Path]:
    """`path` if given (errors are the user's to see), else the default model."""
    if path is None:
        return load_default_model()
    return load_model(path), Path(path)
