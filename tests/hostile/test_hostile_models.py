"""Hostile and broken model files: one sentence each, naming the file, memory bounded first.

Every file is made here, in a temporary folder. Bombs declare their sizes in
config.json or in zip headers rather than holding gigabytes; they run through
the real command line in a subprocess under an address-space limit
(hostile_helpers), so a regression fails instead of swapping.
"""

from __future__ import annotations

import copy
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hostile_helpers import declare_size, keras_archive, one_sentence, run_cli, zip_bytes

from digitpad.cli import main
from digitpad.core.errors import ModelError
from digitpad.core.files import quoted
from digitpad.core.models.store import load_model, read_metadata, save_model
from digitpad.core.paths import bundled_model_path


def bundled_config() -> dict:
    with zipfile.ZipFile(bundled_model_path()) as archive:
        return json.loads(archive.read("config.json"))


def bundled_weights() -> bytes:
    with zipfile.ZipFile(bundled_model_path()) as archive:
        return archive.read("model.weights.h5")


def layer(config: dict, class_name: str, index: int = 0) -> dict:
    """The `index`-th layer of that class in a Sequential config."""
    found = [e for e in config["config"]["layers"] if e["class_name"] == class_name]
    return found[index]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# Files that are not models at all ---------------------------------------------------------


def h5_file(path: Path) -> Path:
    import h5py

    with h5py.File(path, "w") as f:
        f["weights"] = np.zeros(3)
    return path


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("empty.keras", lambda p: p.write_bytes(b""), "is empty (0 bytes), not a model file."),
        ("notes.keras", lambda p: p.write_text("hello"), "is not a .keras model file"),
        ("old.keras", h5_file, "holds weights only (as model.save_weights writes them)"),
        ("folder.keras", lambda p: p.mkdir(), "is a folder, not a model file."),
        (
            "cut.keras",
            lambda p: p.write_bytes(bundled_model_path().read_bytes()[:100_000]),
            "is not a .keras model file",  # the zip's directory is at its end
        ),
        (
            "bare.keras",
            lambda p: p.write_bytes(zip_bytes({"readme.txt": b"hi"})),
            "has no config.json, so it is not a Keras model.",
        ),
        (
            "noweights.keras",
            lambda p: p.write_bytes(zip_bytes({"config.json": b"{}"})),
            "has no weights (model.weights.h5)",
        ),
        (
            "badjson.keras",
            lambda p: p.write_bytes(
                zip_bytes({"config.json": b"{not json", "model.weights.h5": b""})
            ),
            "has a config.json that is not valid JSON.",
        ),
        (
            "deep.keras",
            lambda p: p.write_bytes(
                zip_bytes({"config.json": b"[" * 100_000 + b"]" * 100_000, "model.weights.h5": b""})
            ),
            "has a config.json that",
        ),
    ],
)
def test_a_file_that_is_no_model_is_named_in_one_sentence(
    tmp_path: Path, name: str, make, says: str
) -> None:
    path = tmp_path / "we:ird" / name  # a colon in the path must not cut the sentence
    path.parent.mkdir()
    make(path)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and says in message and message.endswith(".")
    assert "not found" not in message and "does not exist" not in message


def test_only_a_missing_file_is_said_not_to_exist(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"^The model file .*absent\.keras does not exist\.$"):
        load_model(tmp_path / "absent.keras")


def test_a_fifo_or_device_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.keras"
    os.mkfifo(fifo)
    device = tmp_path / "zero.keras"
    device.symlink_to("/dev/zero")
    for path in (fifo, device):
        with pytest.raises(ModelError, match="is not a regular file"):
            load_model(path)


def test_code_and_custom_layers_are_refused_before_keras(tmp_path: Path) -> None:
    config = bundled_config()
    dense = layer(config, "Dense")
    dense["class_name"] = "Lambda"
    lam = write(tmp_path, "lambda.keras", keras_archive(config))
    config = bundled_config()
    layer(config, "Dense")["registered_name"] = "evil>Dense"
    custom = write(tmp_path, "custom.keras", keras_archive(config))
    config = bundled_config()
    layer(config, "Flatten")["class_name"] = "Embedding"
    unknown = write(tmp_path, "embedding.keras", keras_archive(config))
    for path, says in (
        (lam, "contains code (a Lambda layer), which digitpad never runs."),
        (custom, "uses a custom layer (Dense), which digitpad does not load."),
        (unknown, "uses a kind of layer digitpad does not load (Embedding)."),
    ):
        with pytest.raises(ModelError) as caught:
            load_model(path)
        assert str(caught.value) == f"{path} {says}"


def test_a_declared_input_other_than_the_pad_is_refused_before_keras(tmp_path: Path) -> None:
    config = bundled_config()
    config["config"]["layers"][0]["config"]["batch_shape"] = [None, 32, 32, 3]
    path = write(tmp_path, "rgb.keras", keras_archive(config, bundled_weights()))
    with pytest.raises(ModelError, match=r"expects input of shape \(32, 32, 3\)"):
        load_model(path)


# Models that load but are no digit classifier we can show -----------------------------------


def small_model(head: str = "softmax"):
    import keras

    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation=None if head == "logits" else head),
        ]
    )


@pytest.mark.parametrize("head", ["logits", "sigmoid", "relu"])
def test_a_head_that_is_not_probabilities_is_refused(tmp_path: Path, head: str) -> None:
    path = tmp_path / f"{head}.keras"
    small_model(head).save(path)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == (
        f"{path} does not end in probabilities: its ten outputs are not chances that add up "
        "to 1 (a softmax layer), so digitpad cannot show them."
    )


def test_a_softmax_layer_after_the_last_dense_is_a_probability_head(tmp_path: Path) -> None:
    import keras

    model = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    model.add(keras.layers.Softmax())
    model.save(tmp_path / "soft.keras")
    assert load_model(tmp_path / "soft.keras").output_shape == (None, 10)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_infinite_weights_are_refused_at_load(tmp_path: Path, capsys, bad: float) -> None:
    model = small_model()
    weights = model.get_weights()
    weights[0][3, 5] = bad
    model.set_weights(weights)
    path = tmp_path / "broken.keras"
    model.save(path)
    with pytest.raises(ModelError, match="holds weights that are not numbers"):
        load_model(path)
    image = tmp_path / "one.png"
    from PIL import Image

    Image.new("L", (50, 50), 255).save(image)
    code = main(["predict", "--json", "--model", str(path), str(image)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and "NaN" not in out
    one_sentence(err, naming=str(path))


def test_suffixes_are_compared_without_case(tmp_path: Path, capsys, mnist_dir: Path) -> None:
    out_path = tmp_path / "MINE.KERAS"
    code = main(["train", "--data", str(mnist_dir), "--out", str(out_path), "--batch-size", "500"])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert read_metadata(out_path)["epochs"] == 1
    code = main(["evaluate", "--model", str(out_path), "--data", str(mnist_dir), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["model"] == str(out_path), err


def test_a_saved_model_round_trips_under_an_upper_case_suffix(tmp_path: Path) -> None:
    path = save_model(small_model(), tmp_path / "Copy.Keras", metadata={"test_accuracy": 0.5})
    assert load_model(path) is not None and read_metadata(path) == {"test_accuracy": 0.5}


# Bombs: refused before Keras builds anything, under an address-space limit ----------------------


def test_bombs_are_refused_within_bounded_memory(tmp_path: Path) -> None:
    cases: dict[str, str] = {}

    config = bundled_config()
    layer(config, "Dense")["config"]["units"] = 1_000_000  # 9,216 × 10⁶: 9.2 G parameters
    write(tmp_path, "huge-dense.keras", keras_archive(config, bundled_weights()))
    cases["huge-dense.keras"] = "declares 9,227,018,826 parameters"

    config = bundled_config()  # a layer built from its own build_config, not the graph
    layer(config, "Dense")["build_config"]["input_shape"] = [None, 5_000_000]
    write(tmp_path, "build-config.keras", keras_archive(config, bundled_weights()))
    cases["build-config.keras"] = "parameters; digitpad loads models of up to 50,000,000"

    config = bundled_config()
    upsample = {
        "module": "keras.layers",
        "class_name": "UpSampling2D",
        "config": {"name": "up", "size": [1000, 1000], "data_format": "channels_last"},
        "registered_name": None,
    }
    config["config"]["layers"].insert(3, upsample)
    write(tmp_path, "activations.keras", keras_archive(config, bundled_weights()))
    cases["activations.keras"] = "declares layers too large to run"

    weights = write(tmp_path, "weights-3gb.keras", bundled_model_path().read_bytes())
    declare_size(weights, "model.weights.h5", 3 * 1024**3)
    cases["weights-3gb.keras"] = "the mark of a zip bomb"

    members = {
        "config.json": json.dumps(bundled_config()).encode(),
        "model.weights.h5": bundled_weights(),
        "assets/zeros.bin": bytes(64 * 1024 * 1024),
    }
    write(tmp_path, "ratio.keras", zip_bytes(members, zipfile.ZIP_DEFLATED))
    cases["ratio.keras"] = "would unpack to 64.0 MB from"

    many = {f"assets/{i}": b"x" for i in range(100)}
    write(tmp_path, "many.keras", zip_bytes({"config.json": b"{}", **many}))
    cases["many.keras"] = "holds 101 files, far more than a .keras model has."

    config = bundled_config()
    layer(config, "Dense")["config"]["units"] = 128  # as declared, but weights far too big
    padded = copy.deepcopy(bundled_weights()) + bytes(200 * 1024 * 1024)
    write(tmp_path, "fat-weights.keras", keras_archive(config, padded))
    cases["fat-weights.keras"] = "far more than its 1,199,882 declared parameters need."

    names = list(cases)
    result = run_cli([["summary", "--model", str(tmp_path / n)] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        assert outcome["code"] == 2 and outcome["out"] == "", (name, outcome)
        line = one_sentence(outcome["err"], naming=str(tmp_path / name))
        assert cases[name] in line, (name, line)


def test_layer_names_tensorflow_cannot_run_are_shown_quoted_and_refused_for_keras(
    tmp_path: Path, capsys
) -> None:
    """A layer named with a space or markup: digitpad's NumPy pass predicts and explains with
    it (its name quoted, a long one cut), but Keras cannot run it under TensorFlow, so where
    Keras is needed (fine-tuning) it is refused at load in one sentence naming the layer,
    instead of the traceback TensorFlow's name scopes gave."""
    import keras
    from PIL import Image, ImageDraw

    source = load_model(bundled_model_path())
    image = tmp_path / "one.png"
    drawn = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(drawn).line([(56, 15), (56, 97)], fill=0, width=10)
    drawn.save(image)
    for prefix in ("a layer\n", "<b>x<img src=nowhere.png>", "n" * 5000):
        layers = [
            type(one).from_config({**one.get_config(), "name": f"{prefix}{i}"})
            for i, one in enumerate(source.layers)
        ]
        model = keras.Sequential([keras.Input((28, 28, 1)), *layers])
        model.set_weights(source.get_weights())
        path = save_model(model, tmp_path / "named.keras")
        assert main(["explain", "--model", str(path), str(image)]) == 0
        out = capsys.readouterr().out.splitlines()
        assert max(len(line) for line in out if "·" in line) < 160  # step titles: names cut
        assert not any(line.startswith("0 ·") for line in out)  # no line forged by a name
        if prefix.startswith("n"):  # plain letters: Keras runs it too
            load_model(path)
            continue
        with pytest.raises(ModelError) as refused:
            load_model(path)
        assert f"has a layer named {quoted(prefix + '0')}" in str(refused.value)
        assert "TensorFlow cannot run" in str(refused.value)
