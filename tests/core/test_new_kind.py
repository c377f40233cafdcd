"""A new kind is its registry entry: a toy kind (ReLU as a layer, `tests/toy_kind.py`) registered
only here flows through the layer table, the course's code, the live pass, the walk-through and
`digitpad explain` (text and JSON), with no other code touched.

Its numbers are checked against Keras' own layer input and output, independently.
"""

from __future__ import annotations

import json
from pathlib import Path

import keras
import numpy as np
import pytest
import toy_kind
from model_files import config_layers
from PIL import Image

from digitpad.cli import main
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers.kind import OTHER
from digitpad.core.layers.registry import kind_named
from digitpad.core.lesson.steps import build_lesson
from digitpad.core.models.store import save_model
from digitpad.core.network.check import build_network, check
from digitpad.core.network.code import parse
from digitpad.core.network.summary import format_summary, summarize

CODE = (
    "num_classes = 10\ninput_shape = (28, 28, 1)\nmodel = Sequential()\n"
    "model.add(Conv2D(8, kernel_size=(3, 3), input_shape=input_shape))\n"
    "model.add(ReLU())\n"
    "model.add(MaxPooling2D(pool_size=(2, 2)))\n"
    "model.add(Flatten())\n"
    "model.add(Dense(num_classes, activation='softmax'))\n"
)


@pytest.fixture(scope="module")
def model() -> keras.Model:
    return toy_kind.network()


@pytest.fixture(scope="module")
def digit(small_mnist) -> np.ndarray:
    return (small_mnist.x_test[0] / 255.0).astype(np.float32)


def keras_at(model: keras.Model, tensor, x: np.ndarray) -> np.ndarray:
    cut = keras.Model(model.inputs[0], tensor)
    return np.asarray(cut(x.reshape(1, 28, 28, 1), training=False))[0]


def test_without_its_entry_relu_is_sized_but_not_taught(model, digit) -> None:
    info = config_layers(model)[1]
    assert info.step == OTHER and kind_named("ReLU") is None
    step = build_lesson(Predictor.from_keras(model).inspect(digit)).steps[2]
    assert step.kind == "other" and step.worked is None


def test_the_layer_table_and_the_code_know_it(monkeypatch, model) -> None:
    relu = toy_kind.register(monkeypatch)
    info = config_layers(model)[1]
    assert info.kind is relu and info.step == toy_kind.STEP
    summary = summarize(config_layers(model))
    assert "relu (ReLU)" in format_summary(summary)
    row = summary.layers[1]  # what the window's layer table shows of it
    assert (
        row.describe() == "ReLU: keeps the positive ones of 8 values per position, 0 for the rest"
    )
    assert row.params_formula() == "0" and row.term() == "ReLU layer"
    assert kind_named("ReLU") is relu  # the course's code may write it now
    plan = check(parse(CODE))
    assert plan.ok, plan.problems
    row = plan.layers[1]
    assert (row.kind, row.output_shape, row.params) == (relu, (26, 26, 8), 0)
    assert row.describe().startswith("ReLU: keeps")
    built = build_network(parse(CODE))
    assert type(built.layers[1]) is keras.layers.ReLU
    assert built.count_params() == plan.summary().total


def test_the_walk_through_works_it_out_from_keras_own_numbers(monkeypatch, model, digit) -> None:
    toy_kind.register(monkeypatch)
    predictor = Predictor.from_keras(model)
    assert predictor.fast is not None  # the live pass runs it with the kind's own step
    np.testing.assert_allclose(
        predictor.predict_framed(digit).probabilities,
        np.asarray(model(digit.reshape(1, 28, 28, 1), training=False))[0],
        atol=1e-6,
    )
    lesson = build_lesson(predictor.inspect(digit))
    assert [s.kind for s in lesson.steps] == ["input", "conv", "relu", "pool", "flatten", "softmax"]
    step = lesson.steps[2]
    worked = step.worked
    assert isinstance(worked, toy_kind.ReluWorked)
    layer = model.get_layer("relu")
    given, out = keras_at(model, layer.input, digit), keras_at(model, layer.output, digit)
    assert worked.index == np.unravel_index(given.argmin(), given.shape)
    assert worked.value == given.min() < 0 and worked.output == out[worked.index] == 0
    assert worked.zeroed == int((given < 0).sum()) and worked.total == given.size
    assert lesson.title(step) == "relu · ReLU layer"
    assert lesson.sentences(step)[0].startswith("A ReLU layer keeps each positive value")
    assert lesson.lines(step)[1] == f"{worked.zeroed:,} of {worked.total:,} values turned into 0"
    assert step.keras_line == "model.add(ReLU())"


def test_explain_prints_it_and_writes_it_in_json(
    monkeypatch, capsys, model, tmp_path: Path, small_mnist
) -> None:
    toy_kind.register(monkeypatch)
    path = save_model(model, tmp_path / "relu.keras")
    image = tmp_path / "seven.png"
    Image.fromarray(255 - small_mnist.x_test[0]).save(image)
    assert main(["--lang", "en", "explain", str(image), "--model", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    relu = data["steps"][2]
    assert (relu["layer"], relu["kind"], relu["params_formula"]) == ("relu", "relu", "0")
    assert set(relu["worked"]) == {"index", "input", "output", "zeroed", "total"}
    assert relu["worked"]["output"] == 0.0 and relu["worked"]["input"] < 0
    assert main(["--lang", "en", "explain", str(image), "--model", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Step 3 of 8: relu · ReLU layer\n  output (None, 26, 26, 8) · 0 parameters" in text
    assert "  model.add(ReLU())\n  A ReLU layer keeps each positive value" in text
    where = ", ".join(str(i + 1) for i in relu["worked"]["index"])  # counted from 1
    assert f"  the smallest value, at ({where}): max(" in text
    assert f"{relu['worked']['zeroed']:,} of 5,408 values turned into 0" in text
