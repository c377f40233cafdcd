"""The window's jobs and its live prediction reach core only through their `Backend`.

Every core function they could call is booby-trapped; a `Backend` of recording
fakes is passed instead, and the jobs must still do their whole work through it:
the calls arrive in order, the stages and progress come back as signals, the
outcome carries what the fakes returned. And at import: those modules take only
types from core (data classes, events), never a function.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from digitpad.core.configs import TrainConfig
from digitpad.core.progress import BatchProgress, JudgementProgress
from digitpad.gui.backend import Backend
from digitpad.gui.jobs.outcomes import EvaluationOutcome, FinetuneOutcome, TrainOutcome
from digitpad.gui.jobs.workers import EvaluationJob, FinetuneJob, TrainingJob
from digitpad.gui.pad.prediction_service import PredictionService

SEAMED = ["digitpad/gui/jobs/workers.py", "digitpad/gui/pad/prediction_service.py"]
ROOT = Path(__file__).resolve().parents[2]
CORE_CALLS = [
    ("digitpad.core.data.mnist", "load_mnist"),
    ("digitpad.core.data.samples", "SampleStore"),
    ("digitpad.core.data.framing", "frame_digit"),
    ("digitpad.core.models.store", "check_can_save"),
    ("digitpad.core.models.store", "save_model"),
    ("digitpad.core.models.store", "load_model"),
    ("digitpad.core.models.choices", "remember_model"),
    ("digitpad.core.training.train", "train"),
    ("digitpad.core.training.finetune", "finetune"),
    ("digitpad.core.training.judgement_fit", "fit_judgement"),
    ("digitpad.core.training.evaluation", "evaluate_test_set"),
    ("digitpad.core.inference.predictor", "Predictor"),
]


@pytest.fixture(autouse=True)
def core_is_out_of_reach(monkeypatch: pytest.MonkeyPatch) -> None:
    for module, name in CORE_CALLS:

        def trap(*args: object, _name: str = name, **kwargs: object) -> None:
            raise AssertionError(f"core's {_name} was called directly, not through the Backend")

        monkeypatch.setattr(importlib.import_module(module), name, trap)


class Recorder:
    """Fakes for a Backend's fields, each noting its name when called."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.data = SimpleNamespace(source="fake MNIST", y_train=[1, 2, 3], y_test=[4], notes=())

    def __call__(self, name: str, returns: object = None, then=None):
        def fake(*args: object, **kwargs: object) -> object:
            self.calls.append(name)
            if then is not None:
                then(*args, **kwargs)
            return returns

        return fake


def trained_result(model: object) -> SimpleNamespace:
    return SimpleNamespace(
        model=model,
        cancelled=False,
        metadata=lambda source, **kw: {"data": source, **kw},
        snapshots=None,  # a run that kept none (a fake model has no weights)
    )


def run_job(qtbot, job) -> dict[str, list]:
    seen: dict[str, list] = {"stage": [], "progress": [], "succeeded": [], "failed": []}
    job.stage.connect(lambda line: seen["stage"].append(str(line)))
    job.progress.connect(seen["progress"].append)
    job.succeeded.connect(seen["succeeded"].append)
    job.failed.connect(seen["failed"].append)
    with qtbot.waitSignal(job.ended, timeout=30_000):
        job.start()
    assert seen["failed"] == []
    return seen


def test_training_reaches_core_only_through_its_backend(qtbot, tmp_path: Path) -> None:
    fake = Recorder()
    model, predictor, stats = object(), object(), None
    batch = BatchProgress(1, 1, 1, 1, 0.5, 0.5)
    saved: list[tuple] = []
    backend = Backend(
        check_can_save=fake("check_can_save"),
        check_memory=fake("check_memory"),
        load_data=fake("load_data", fake.data),
        train=fake("train", trained_result(model), then=lambda *a, **k: k["progress"](batch)),
        fit_judgement=fake("fit_judgement", stats),
        save_model=fake("save_model", then=lambda *a, **k: saved.append((a, k))),
        build_predictor=fake("build_predictor", predictor),
    )
    job = TrainingJob(TrainConfig(), source="mine", backend=backend, name="run")
    seen = run_job(qtbot, job)

    assert fake.calls == [
        "check_can_save",
        "check_memory",
        "load_data",
        "train",
        "fit_judgement",
        "save_model",
        "build_predictor",
    ]
    (outcome,) = seen["succeeded"]
    assert isinstance(outcome, TrainOutcome) and outcome.predictor is predictor
    ((args, kwargs),) = saved
    assert args == (model, outcome.path)
    assert kwargs["metadata"] == {"data": "fake MNIST", "name": "run"}
    # Training's events relayed as they came; the judgement's too, for the dialog's bar and line.
    assert seen["progress"] == [batch, JudgementProgress(0, 1)]
    assert seen["stage"] == ["Loading MNIST…", "Training on 3 images…", "Saving the model…"]


def test_finetuning_reaches_core_only_through_its_backend(qtbot) -> None:
    fake = Recorder()
    copy, predictor = object(), object()
    in_use = SimpleNamespace(path=Path("in-use.keras"), model=object())
    backend = Backend(
        check_can_save=fake("check_can_save"),
        check_memory=fake("check_memory"),
        load_samples=fake("load_samples", ["a sample", "another"]),
        load_model=fake("load_model", copy),
        load_data=fake("load_data", fake.data),
        finetune=fake("finetune", trained_result(copy)),
        fit_judgement=fake("fit_judgement"),
        save_model=fake("save_model"),
        build_predictor=fake("build_predictor", predictor),
    )
    seen = run_job(qtbot, FinetuneJob(in_use, source=None, backend=backend))  # type: ignore[arg-type]
    assert fake.calls == [
        "check_can_save",
        "load_samples",
        "load_model",
        "check_memory",
        "load_data",
        "finetune",
        "fit_judgement",
        "save_model",
        "build_predictor",
    ]
    (outcome,) = seen["succeeded"]
    assert isinstance(outcome, FinetuneOutcome) and outcome.predictor is predictor
    assert "Checking the model, then fine-tuning on 2 samples…" in seen["stage"]


def test_evaluation_reaches_core_only_through_its_backend(qtbot) -> None:
    fake = Recorder()
    fake.data.x_test = np.zeros((1, 28, 28), np.uint8)
    evaluation = object()
    backend = Backend(load_data=fake("load_data", fake.data), evaluate=fake("evaluate", evaluation))
    seen = run_job(qtbot, EvaluationJob(object(), None, backend=backend))  # type: ignore[arg-type]
    assert fake.calls == ["load_data", "evaluate"]
    (outcome,) = seen["succeeded"]
    assert isinstance(outcome, EvaluationOutcome) and outcome.evaluation is evaluation


def test_live_prediction_reaches_core_only_through_its_backend(qtbot) -> None:
    fake = Recorder()
    reading, predictor = object(), object()
    asked: list[tuple] = []
    service = PredictionService(
        Backend(predict=fake("predict", reading, then=lambda *a, **k: asked.append((a, k))))
    )
    service.start()
    try:
        service.set_predictor(predictor)  # type: ignore[arg-type]
        image = np.zeros((10, 10), np.uint8)
        with qtbot.waitSignal(service.predicted, timeout=10_000) as shown:
            service.request(image)
        assert shown.args == [reading]
        ((args, kwargs),) = asked
        assert args[0] is predictor and args[1] is image
        assert kwargs == {"framed": False, "inspect": False}
    finally:
        assert service.shutdown()


@pytest.mark.parametrize("path", SEAMED)
def test_they_import_only_types_from_core(path: str) -> None:
    """At run time, a seamed module takes classes from core (events, configs, errors, the
    results it tells apart), never a function: calls go through the Backend."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in ast.walk(block)
    }
    imported = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("digitpad.core") for a in node.names), path
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("digitpad.core"):
            module = importlib.import_module(node.module or "")
            imported += [(node.module, a.name, getattr(module, a.name)) for a in node.names]
    assert imported, "the test would pass for nothing"
    functions = [f"{m}.{n}" for m, n, value in imported if not inspect.isclass(value)]
    assert functions == []
