"""The model a student trained with the course's own script loads (issue 29): saved as .keras
with its optimizer's state, as Keras 3's legacy .h5, and in Keras 2's .h5 layout.

Every file is made here by Keras itself (a few batches of the fixture slice), or in Keras 2's
exact layout (tests/legacy_files.py, checked against a file Keras 2 wrote:
tests/fixtures/keras2/). The probabilities digitpad computes from each file, without Keras,
equal Keras' own for the model it was saved from.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest
from keras import layers
from legacy_files import (
    FIXTURE,
    course_network,
    fixture_digits,
    keras2_h5,
    keras_probabilities,
    layout,
    trained,
)
from model_files import assert_close_to

from digitpad.cli import main
from digitpad.core.errors import ModelError
from digitpad.core.inference.judgement import JUDGE_BASELINE
from digitpad.core.inference.predictor import Predictor
from digitpad.core.models.optimizer import compiled_slots
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.store import load_model, save_copy

TOLERANCE = 1e-5  # float32 sums in another order
# The course's script gives its first layer input_shape=..., which Keras 3 warns about.
pytestmark = pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning")

OPTIMIZERS: dict[str, Callable[[], keras.optimizers.Optimizer]] = {
    "adadelta": lambda: keras.optimizers.Adadelta(learning_rate=1.0),  # the course's
    "adam-amsgrad": lambda: keras.optimizers.Adam(amsgrad=True),
    "adamw": lambda: keras.optimizers.AdamW(),
    "nadam": lambda: keras.optimizers.Nadam(),
    "rmsprop-centered": lambda: keras.optimizers.RMSprop(momentum=0.5, centered=True),
    "sgd-momentum": lambda: keras.optimizers.SGD(momentum=0.9),
    "adagrad": lambda: keras.optimizers.Adagrad(),
}


@pytest.fixture(scope="module")
def course_model(small_mnist) -> keras.Model:
    """The course's network trained for two batches with Adadelta, as its script does."""
    return trained(course_network(), OPTIMIZERS["adadelta"](), small_mnist)


@pytest.fixture(scope="module")
def images(small_mnist) -> np.ndarray:
    return fixture_digits(small_mnist)


def optimizer_arrays(path: Path) -> list[tuple[int, ...]]:
    """The shapes of the optimizer's arrays Keras saved in a .keras file."""
    with zipfile.ZipFile(path) as archive:
        weights = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    with weights:
        group = weights.get("optimizer/vars")
        return [] if group is None else [tuple(group[k].shape) for k in group]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_keras_file_with_its_optimizer_state_loads(
    name: str, small_mnist, images: np.ndarray, tmp_path: Path
) -> None:
    model = trained(course_network(), OPTIMIZERS[name](), small_mnist)
    path = tmp_path / "course.keras"
    model.save(path)  # as plain Keras saves: the optimizer's state included
    predictor = Predictor.load(path)
    assert not predictor.uses_keras
    assert_close_to(predictor.probabilities(images), keras_probabilities(model, images), TOLERANCE)
    # The bound counts what Keras keeps: this many arrays of each learned weight's shape.
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
    kept = [shape for shape in optimizer_arrays(path) if shape != ()]
    assert len(kept) == compiled_slots(config) * len(model.trainable_weights) > 0


def test_a_keras_file_without_optimizer_state_loads(
    course_model: keras.Model, images: np.ndarray, tmp_path: Path
) -> None:
    path = tmp_path / "bare.keras"
    bare = keras.Sequential.from_config(course_model.get_config())  # uncompiled: no optimizer
    bare.set_weights(course_model.get_weights())
    bare.save(path)
    assert optimizer_arrays(path) == []
    predictor = Predictor.load(path)
    assert_close_to(
        predictor.probabilities(images), keras_probabilities(course_model, images), TOLERANCE
    )


@pytest.mark.parametrize("include_optimizer", [True, False])
def test_keras_3_legacy_h5_reads_as_keras_computes_it(
    course_model: keras.Model, images: np.ndarray, tmp_path: Path, include_optimizer: bool
) -> None:
    path = tmp_path / "course.h5"
    course_model.save(path, include_optimizer=include_optimizer)
    with h5py.File(path) as f:
        assert ("optimizer_weights" in f) is include_optimizer
    expected = keras_probabilities(course_model, images)
    predictor = Predictor.load(path)
    assert not predictor.uses_keras and predictor.path == path
    assert_close_to(predictor.probabilities(images), expected, TOLERANCE)
    assert sum(info.params for info in predictor.layers) == 1_199_882
    # The Keras model digitpad builds for fine-tuning (never through Keras' .h5 loader).
    rebuilt = load_model(path)
    assert [type(layer).__name__ for layer in rebuilt.layers] == [
        type(layer).__name__ for layer in course_model.layers
    ]
    assert_close_to(keras_probabilities(rebuilt, images), expected, TOLERANCE)
    # Save As writes a .keras that Keras itself loads, and digitpad reads back.
    saved = save_copy(read_model_file(path).keras_members, tmp_path / "course.keras")
    again = keras.saving.load_model(saved, compile=False)
    assert_close_to(keras_probabilities(again, images), expected, TOLERANCE)
    assert_close_to(Predictor.load(saved).probabilities(images), expected, TOLERANCE)


@pytest.mark.parametrize("era", ["tf.keras", "2.2"])
@pytest.mark.parametrize("include_optimizer", [True, False])
def test_keras_2_layout_reads_as_keras_computes_it(
    course_model: keras.Model, images: np.ndarray, tmp_path: Path, era: str, include_optimizer: bool
) -> None:
    path = keras2_h5(course_model, tmp_path / "course.h5", optimizer=include_optimizer, era=era)
    expected = keras_probabilities(course_model, images)
    predictor = Predictor.load(path)
    assert [info.name for info in predictor.layers] == [layer.name for layer in course_model.layers]
    assert_close_to(predictor.probabilities(images), expected, TOLERANCE)
    assert_close_to(keras_probabilities(load_model(path), images), expected, TOLERANCE)


@pytest.mark.parametrize("name", ["small-adadelta", "small-functional-adam"])
def test_a_file_keras_2_wrote_reads_as_keras_2_computed_it(
    name: str, small_mnist, tmp_path: Path
) -> None:
    path = FIXTURE / f"{name}.h5"
    record = json.loads((FIXTURE / f"{name}.json").read_text())
    expected = np.asarray(record["probabilities"], np.float32)
    images = fixture_digits(small_mnist, len(expected))
    assert_close_to(Predictor.load(path).probabilities(images), expected, TOLERANCE)
    # Keras 3 builds it from digitpad's config: a BatchNormalization's axis as Keras 2's [3],
    # a functional model's calls as Keras 2's [[layer, node, tensor, kwargs]].
    assert_close_to(keras_probabilities(load_model(path), images), expected, TOLERANCE)
    saved = save_copy(read_model_file(path).keras_members, tmp_path / "small.keras")
    again = keras.saving.load_model(saved, compile=False)
    assert_close_to(keras_probabilities(again, images), expected, TOLERANCE)


def test_the_keras_2_layout_made_in_the_tests_is_keras_2s_own(tmp_path: Path) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(4, (3, 3), activation="relu"),
            layers.BatchNormalization(),
            layers.MaxPooling2D((2, 2)),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ]
    )
    made = keras2_h5(model, tmp_path / "made.h5")
    assert layout(made) == layout(FIXTURE / "small-adadelta.h5")


def small_functional(branch: bool) -> keras.Model:
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(4, 3, activation="relu")(inputs)
    if branch:
        x = layers.Add()([x, layers.Conv2D(4, 3, activation="relu")(inputs)])
    x = layers.Flatten()(layers.MaxPooling2D()(x))
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x))


def test_a_functional_chain_in_h5_loads_and_a_branching_one_is_refused(
    small_mnist, images: np.ndarray, tmp_path: Path
) -> None:
    chain = trained(small_functional(False), keras.optimizers.Adam(), small_mnist, batches=1)
    path = tmp_path / "chain.h5"
    chain.save(path)
    expected = keras_probabilities(chain, images)
    assert_close_to(Predictor.load(path).probabilities(images), expected, TOLERANCE)
    assert_close_to(keras_probabilities(load_model(path), images), expected, TOLERANCE)
    branching = tmp_path / "branching.h5"
    small_functional(True).save(branching)
    with pytest.raises(ModelError, match="whose layers do not run one after another") as caught:
        Predictor.load(branching)
    assert "branching.h5" in str(caught.value)


def test_the_command_line_reads_an_h5_as_it_reads_a_keras_file(
    course_model: keras.Model, capsys, mnist_dir: Path, tmp_path: Path, tilted_handwriting
) -> None:
    from PIL import Image

    from digitpad.core.data.sample_archive import export_samples
    from digitpad.core.data.samples import SampleStore

    path = tmp_path / "course.h5"
    course_model.save(path)
    keras_file = tmp_path / "course.keras"
    course_model.save(keras_file)  # after a .h5 save, Keras leaves the optimizer's name out
    with zipfile.ZipFile(keras_file) as archive:
        assert "optimizer" not in json.loads(archive.read("config.json"))["compile_config"]
    assert optimizer_arrays(keras_file)  # but keeps its state
    image = tmp_path / "digit.png"
    Image.fromarray(np.asarray(tilted_handwriting[0].canvas, np.uint8)).save(image)
    for args in (
        ["summary"],
        ["predict", "--json", str(image)],
        ["explain", "--json", str(image)],
        ["evaluate", "--json", "--data", str(mnist_dir)],
    ):
        outputs = []
        for model in (path, keras_file):
            assert main([args[0], "--model", str(model), *args[1:]]) == 0
            outputs.append(capsys.readouterr().out.replace(str(model), "MODEL"))
        assert outputs[0] == outputs[1], args
    assert "Total params: 1,199,882" in main_output(capsys, "summary", "--model", str(path))
    # Fine-tuning starts from the .h5 and keeps a .keras.
    store = SampleStore(tmp_path / "samples")
    for sample in tilted_handwriting[:30]:
        store.save(sample)
    export_samples(store, tmp_path / "mine.zip")
    tuned = tmp_path / "tuned.keras"
    code = main(
        [
            "finetune",
            "--samples",
            str(tmp_path / "mine.zip"),
            "--model",
            str(path),
            "--epochs",
            "1",
            "--data",
            str(mnist_dir),
            "--out",
            str(tuned),
        ]
    )
    assert code == 0 and "MNIST test accuracy:" in capsys.readouterr().out
    assert Predictor.load(tuned).layers[-1].output_shape == (10,)


def main_output(capsys, *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_not_a_digit_is_judged_by_the_baseline_for_an_h5(
    course_model: keras.Model, images: np.ndarray, tmp_path: Path
) -> None:
    path = tmp_path / "course.h5"
    course_model.save(path)
    predictor = Predictor.load(path)
    assert predictor.judge.stats is None  # a .h5 holds no fitted statistics
    prediction = predictor.predict_framed(images[0])
    assert prediction.judge == JUDGE_BASELINE
    assert prediction.probabilities == pytest.approx(
        keras_probabilities(course_model, images[:1])[0], abs=TOLERANCE
    )
