"""The model the window predicts with: loading it in the background, swapping, saving, naming.

The first model loads after the window shows (the one given with `--model`,
else the one remembered, else the user's newest, else the bundled). A load
the user asked for that fails says why and keeps the current model; a newer
load, or a freshly trained model, supersedes a load still in flight.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from digitpad.core.files import same_file
from digitpad.core.i18n import percent
from digitpad.core.models import choices
from digitpad.core.paths import bundled_model_path
from digitpad.gui.backend import Backend
from digitpad.gui.errors import describe_error
from digitpad.gui.runtime import run_in_background

if TYPE_CHECKING:
    from digitpad.core.inference.predictor import Predictor
    from digitpad.gui.settings import Settings


class Fallback(enum.Enum):
    """What a failed load does next."""

    NONE = enum.auto()  # keep the model in use (the user's own choice failed)
    DEFAULT = enum.auto()  # load the default model instead (a remembered or --model file)


class ModelInUse(QObject):
    """Holds the predictor in use; every load runs on a worker thread."""

    changed = Signal(object)  # the Predictor now in use
    status_changed = Signal()  # loading started or ended: `status_text()` differs
    load_failed = Signal(str)  # one sentence for a dialog (loads the user asked for)
    error = Signal(str)  # one sentence for the status bar (nothing could be loaded)

    def __init__(self, settings: Settings, backend: Backend, parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.backend = backend
        self.predictor: Predictor | None = None
        self.loading: Path | None = None  # the file being loaded, if one is named
        # The default model is being loaded (no path yet): also from creation on, as the
        # window starts its first load as soon as it shows.
        self._loading_default = True
        self._generation = 0  # results of loads older than the newest are dropped
        self.shut_down = False

    def is_loading(self) -> bool:
        return self.loading is not None or self._loading_default

    def path(self) -> Path | None:
        """The file of the model in use (None: still loading, or a model not from a file)."""
        return self.predictor.path if self.predictor is not None else None

    # Loading -----------------------------------------------------------------------------------

    def load_initial(self, model_arg: Path | None) -> None:
        """The start-up model: `--model`, else the model in use (`core.models.choices`, shared with
        the CLI), else the default."""
        if model_arg is not None:
            self.load(model_arg, announce=True, fallback=Fallback.DEFAULT)
            return
        remembered = choices.model_in_use()  # the window's and the CLI's
        self.load(
            remembered, announce=remembered is None, fallback=Fallback.DEFAULT, remember=False
        )

    def load(
        self,
        path: Path | None,
        *,
        announce: bool = True,
        fallback: Fallback = Fallback.NONE,
        remember: bool = True,
    ) -> None:
        """Load `path` (None: the default model) in the background; swap it in when ready."""
        self._generation += 1
        generation = self._generation
        self.loading = path
        self._loading_default = path is None
        self.status_changed.emit()
        run_in_background(
            self.backend.load_predictor,
            path,
            on_done=partial(self._loaded, generation, remember),
            on_error=partial(self._failed, generation, path, announce, fallback),
        )

    @Slot()
    def reset_to_bundled(self) -> None:
        self.load(bundled_model_path())

    def _loaded(self, generation: int, remember: bool, predictor: Predictor) -> None:
        if generation != self._generation or self.shut_down:
            return  # a newer load or a trained model superseded this one
        self.use(predictor, remember=remember)

    def _failed(
        self, generation: int, path: Path | None, announce: bool, fallback: Fallback, exc: Exception
    ) -> None:
        if generation != self._generation or self.shut_down:
            return
        self.loading, self._loading_default = None, False
        message = describe_error(exc, "loading the model")
        if announce:
            self.load_failed.emit(message)
        if fallback is Fallback.DEFAULT and path is not None:
            self.load(None, announce=True, remember=False)
            return
        self.status_changed.emit()
        if self.predictor is None:
            self.error.emit(message)

    def use(self, predictor: Predictor, *, remember: bool = True) -> None:
        """Predict with `predictor` from now on (a load still in flight no longer applies)."""
        self._generation += 1
        self.predictor = predictor
        self.loading, self._loading_default = None, False
        if remember and predictor.path is not None:
            choices.remember_model(predictor.path)  # the CLI follows it too
        self.status_changed.emit()
        self.changed.emit(predictor)

    # Saving ------------------------------------------------------------------------------------

    def save_as(
        self,
        target: Path,
        on_saved: Callable[[Path], object],
        on_error: Callable[[Exception], object],
    ) -> None:
        """Save the model in use to `target` (".keras" added when missing) in the background."""
        if self.predictor is None:
            return
        run_in_background(
            self.backend.save_predictor_model,
            self.predictor,
            keras_path(target),
            on_done=on_saved,
            on_error=on_error,
        )

    # Words -------------------------------------------------------------------------------------

    def name(self) -> str:
        """The model's name as the models list shows it: the one given, else the file's."""
        from digitpad.core.models.library import ModelEntry
        from digitpad.core.models.record import Record

        predictor = self.predictor
        if predictor is None or predictor.path is None:
            return self.tr("no model")
        name = ModelEntry(predictor.path, Record.of(predictor.metadata)).name
        if same_file(predictor.path, bundled_model_path()):
            return self.tr("{name} (bundled)").format(name=name)
        return name

    @Slot(object)
    def renamed(self, path: Path) -> None:
        """`path` was given a new name: if it is the model in use, say so in the status."""
        from digitpad.core.models.store import read_metadata

        predictor = self.predictor
        if predictor is not None and predictor.path is not None and same_file(predictor.path, path):
            predictor.metadata = read_metadata(path)
            self.status_changed.emit()

    def status_text(self) -> str:
        """The status bar's model line: loading, the model in use, or how to get one."""
        predictor = self.predictor
        if self.is_loading():
            name = self.loading.name if self.loading is not None else self.tr("the model")
            if predictor is None:
                return self.tr("Loading {name}…").format(name=name)
            return self.tr("Loading {name}… (still using {current})").format(
                name=name, current=self.name()
            )
        if predictor is None:
            return self.tr("No model loaded: use Model ▸ Load model… or Model ▸ Train model…")
        text = self.tr("Model: {name}").format(name=self.name())
        if predictor.test_accuracy is not None:
            text += self.tr(" · test accuracy {percent}").format(
                percent=percent(predictor.test_accuracy, 2)
            )
        if predictor.uses_keras:
            text += " · " + self.tr(
                "computed by Keras: it has a kind of layer digitpad does not compute itself"
            )
        problem = self._judge_problem(predictor.judge_problem)
        if problem:  # statistics in the file it cannot use: said here, once, not per drawing
            text += " · " + problem
        return text

    def _judge_problem(self, problem: str | None) -> str:
        """Why the model in use is judged by its top bar although its file holds digit
        statistics (`Predictor.judge_problem`), or ""."""
        from digitpad.core.inference.predictor import DAMAGED, MISMATCHED, NEWER

        if problem == NEWER:
            return self.tr("its digit statistics come from a newer digitpad: judged by the top bar")
        if problem == MISMATCHED:
            return self.tr("its digit statistics belong to another network: judged by the top bar")
        if problem == DAMAGED:
            return self.tr("its digit statistics are damaged: judged by the top bar")
        return ""


def keras_path(target: Path) -> Path:
    """`target`, with ".keras" added unless it already ends so (in any case)."""
    target = Path(target)
    return target if target.suffix.lower() == ".keras" else target.with_name(target.name + ".keras")
