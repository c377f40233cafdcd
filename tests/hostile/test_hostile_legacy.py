"""Hostile legacy .h5 models, and .keras files whose optimizer state is not what they declare:
each refused in one sentence naming the file, exit code 2, the file untouched.

The good files are the course's network trained for two batches with Adadelta and saved by
Keras itself (`model.save("course.h5")`, `model.save("course.keras")`: optimizer state
included); every hostile one is that file cut, padded or edited here. They run through the
real command line in one subprocess under an address-space limit (hostile_helpers).
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest
from hostile_helpers import one_sentence, run_cli, zip_bytes
from legacy_files import FIXTURE, course_network, trained

from digitpad.core.errors import ModelError
from digitpad.core.models.reader import read_model_file
from digitpad.core.models.store import load_model, save_copy

pytestmark = pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning")


@pytest.fixture(scope="module")
def originals(small_mnist, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("originals")
    model = trained(course_network(), keras.optimizers.Adadelta(learning_rate=1.0), small_mnist)
    made = {"h5": folder / "course.h5", "keras": folder / "course.keras"}
    model.save(made["keras"])
    model.save(made["h5"])
    model.save_weights(folder / "course.weights.h5")
    made["weights"] = folder / "course.weights.h5"
    return made


def edited(source: Path, path: Path, edit: Callable[[h5py.File], None]) -> Path:
    shutil.copyfile(source, path)
    with h5py.File(path, "r+") as f:
        edit(f)
    return path


def config_edit(change: Callable[[dict], None]) -> Callable[[h5py.File], None]:
    def edit(f: h5py.File) -> None:
        config = json.loads(f.attrs["model_config"])
        change(config)
        f.attrs["model_config"] = json.dumps(config)

    return edit


def lambda_layer(config: dict) -> None:
    config["config"]["layers"].insert(
        2,
        {
            "class_name": "Lambda",
            "config": {"name": "sneaky", "function": ["4wEAAAAAAAAA", None, None]},
        },
    )


def custom_layer(config: dict) -> None:
    layer = config["config"]["layers"][1]
    layer["class_name"] = "MyConv"
    layer["module"] = "my_layers"


def keras_with(source: Path, path: Path, **members: bytes) -> Path:
    with zipfile.ZipFile(source) as archive:
        found = {name: archive.read(name) for name in archive.namelist()}
    path.write_bytes(zip_bytes({**found, **members}))
    return path


def cases(originals: dict[str, Path], folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (the model file, what its one sentence says)."""
    h5 = originals["h5"]
    data = h5.read_bytes()
    other = folder / "secret.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.full(10, 7.0, np.float32)

    def write(name: str, content: bytes) -> Path:
        (folder / name).write_bytes(content)
        return folder / name

    with zipfile.ZipFile(originals["keras"]) as archive:
        config = json.loads(archive.read("config.json"))
        weights = archive.read("model.weights.h5")
    undeclared = dict(config)
    del undeclared["compile_config"]  # the optimizer's state stays in the weights

    def junk(f: h5py.File) -> None:
        f["notes"] = np.zeros(8_000_000, np.float32)  # 32 MB a model never needs

    # The output layer (its name depends on the models Keras made before in the session).
    with h5py.File(h5) as f:
        last = json.loads(f.attrs["model_config"])["config"]["layers"][-1]["config"]["name"]
        kernel, bias = (str(n) for n in f[f"model_weights/{last}"].attrs["weight_names"])

    def wrong_shape(f: h5py.File) -> None:
        group = f[f"model_weights/{last}"]
        del group[bias]
        group[bias] = np.zeros(11, np.float32)

    def one_name(f: h5py.File) -> None:
        f[f"model_weights/{last}"].attrs["weight_names"] = np.array([kernel.encode()])

    def long_config(name: str, value: object) -> Path:
        with h5py.File(folder / name, "w", libver="latest") as f:  # attributes over 64 KB
            f.attrs["model_config"] = value
            f.create_group("model_weights")
        return folder / name

    made = {
        "long-config.h5": (  # fixed-length: its size is known before it is read
            long_config("long-config.h5", np.bytes_(b" " * 9_000_000)),
            "has a model_config of 8.6 MB; a model's description takes a few kilobytes.",
        ),
        "long-text-config.h5": (  # variable-length: read (at most the file), then refused
            long_config("long-text-config.h5", " " * 9_000_000),
            "has a model_config of 8.6 MB; a model's description takes a few kilobytes.",
        ),
        "padded.h5": (write("padded.h5", data + bytes(4096)), "has 4,096 bytes after the end"),
        "signature-only.h5": (
            write("signature-only.h5", data[:8] + bytes(16)),
            "is a damaged HDF5 file, not a usable model.",
        ),
        "truncated.h5": (write("truncated.h5", data[: len(data) // 2]), "is cut short"),
        "lambda.h5": (
            edited(h5, folder / "lambda.h5", config_edit(lambda_layer)),
            "contains code (a Lambda layer), which digitpad never runs.",
        ),
        "custom.h5": (
            edited(h5, folder / "custom.h5", config_edit(custom_layer)),
            "uses a custom layer (MyConv), which digitpad does not load.",
        ),
        "link.h5": (
            edited(
                h5,
                folder / "link.h5",
                lambda f: f["model_weights"].__setitem__("x", h5py.ExternalLink(str(other), "/")),
            ),
            f"links to another file (/model_weights/x → {other})",
        ),
        "weights-only.h5": (
            originals["weights"],
            "holds weights only (as model.save_weights writes them), not a model",
        ),
        "not-json.h5": (
            edited(h5, folder / "not-json.h5", lambda f: f.attrs.__setitem__("model_config", "{")),
            "has a model_config that is not valid JSON.",
        ),
        "junk.h5": (
            edited(h5, folder / "junk.h5", junk),
            "far more than its 1,199,882 declared parameters need.",
        ),
        "undeclared-optimizer.h5": (
            edited(h5, folder / "undeclared.h5", lambda f: f.attrs.__delitem__("training_config")),
            "far more than its 1,199,882 declared parameters need.",
        ),
        "wrong-shape.h5": (
            edited(h5, folder / "wrong-shape.h5", wrong_shape),
            f"holds weights of shape (11,) for layer {last}, whose config declares (10,).",
        ),
        "one-name.h5": (
            edited(h5, folder / "one-name.h5", one_name),
            f"holds 1 weight array for layer {last}, where its config declares 2.",
        ),
        "padded-member.keras": (
            keras_with(
                originals["keras"],
                folder / "padded-member.keras",
                **{"model.weights.h5": weights + bytes(4096)},
            ),
            "has 4,096 bytes after the end of its HDF5 data",
        ),
        "undeclared-optimizer.keras": (
            keras_with(
                originals["keras"],
                folder / "undeclared.keras",
                **{"config.json": json.dumps(undeclared).encode()},
            ),
            "far more than its 1,199,882 declared parameters need.",
        ),
    }
    return made


def test_each_is_refused_in_one_sentence_and_left_as_it_was(originals, tmp_path: Path) -> None:
    made = cases(originals, tmp_path)
    before = {name: path.read_bytes() for name, (path, _says) in made.items()}
    names = list(made)
    result = run_cli([["summary", "--model", str(made[n][0])] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        path, says = made[name]
        assert outcome["code"] == 2 and outcome["out"] == "", (name, outcome)
        line = one_sentence(outcome["err"], naming=str(path))
        assert says in line, (name, line)
        assert path.read_bytes() == before[name], name
    # The files they were made from load.
    good = run_cli([["summary", "--model", str(originals[k])] for k in ("h5", "keras")])
    assert [r["code"] for r in good["results"]] == [0, 0], good


def test_keras_is_never_handed_such_a_file(originals, tmp_path: Path) -> None:
    """Fine-tuning builds a Keras model: the same checks come first, and a legacy file never
    reaches Keras' loader (a Lambda would run there)."""
    made = cases(originals, tmp_path)
    for name in ("lambda.h5", "link.h5", "padded.h5", "wrong-shape.h5", "padded-member.keras"):
        path, says = made[name]
        with pytest.raises(ModelError) as caught:
            load_model(path)
        assert str(caught.value).startswith(str(path)) and says in str(caught.value), name


def test_a_keras_file_that_is_hdf5_inside_is_read_as_what_it_is(originals, tmp_path) -> None:
    """Content decides the reader, not the name: an .h5 renamed .keras loads, as does a
    .keras renamed .h5."""
    renamed = tmp_path / "renamed.keras"
    shutil.copyfile(originals["h5"], renamed)
    other = tmp_path / "renamed.h5"
    shutil.copyfile(originals["keras"], other)
    result = run_cli([["summary", "--model", str(p)] for p in (renamed, other)])
    assert [r["code"] for r in result["results"]] == [0, 0], result
    assert "Total params: 1,199,882" in result["results"][0]["out"]


def test_a_config_declaring_huge_weights_is_refused_before_any_array(originals, tmp_path):
    """A model_config can declare a 17 GB layer in a few bytes: the budget refuses it."""

    def huge(config: dict) -> None:
        config["config"]["layers"][-3]["config"]["units"] = 4_000_000

    path = edited(originals["h5"], tmp_path / "huge.h5", config_edit(huge))
    result = run_cli([["summary", "--model", str(path)]])
    line = one_sentence(result["results"][0]["err"], naming=str(path))
    assert "parameters; digitpad loads models of up to 50,000,000" in line


def test_the_json_attribute_must_be_text(originals, tmp_path: Path) -> None:
    path = edited(
        originals["h5"],
        tmp_path / "numbers.h5",
        lambda f: f.attrs.__setitem__("model_config", np.arange(3)),
    )
    with pytest.raises(ModelError, match="has a model_config that does not describe a model"):
        load_model(path)


# A call whose tensor names its layer by a list, not a name (Keras 3's form of a call).
LISTED_CALL = [
    {
        "args": [{"class_name": "__keras_tensor__", "config": {"keras_history": [["x"], 0, 0]}}],
        "kwargs": {},
    }
]


def test_save_as_of_a_call_naming_its_layer_by_a_list_is_never_a_type_error(
    originals, tmp_path: Path
) -> None:
    """Save As fills in each call's tensor shapes by its layer's name: a keras_history that
    starts with a list (unhashable) used to raise TypeError there. Now it is no name: the
    .keras is written, and (a Sequential model ignores the call) predicts as the .h5 does."""
    from digitpad.core.inference.predictor import Predictor

    def listed(config: dict) -> None:
        config["config"]["layers"][1]["inbound_nodes"] = LISTED_CALL

    path = edited(originals["h5"], tmp_path / "listed.h5", config_edit(listed))
    saved = save_copy(read_model_file(path).keras_members, tmp_path / "listed.keras")
    x = np.zeros((1, 28, 28), np.float32)
    x[0, 5:23, 13:16] = 1.0
    np.testing.assert_array_equal(
        Predictor.load(saved).probabilities(x), Predictor.load(path).probabilities(x)
    )


def test_keras_2s_own_file_cut_padded_or_edited_is_refused(tmp_path: Path) -> None:
    """The same refusals for the file Keras 2 wrote itself (tests/fixtures/keras2/): its
    weights named `dense/kernel:0`, its strings as Keras 2 stored them."""
    source = FIXTURE / "small-adadelta.h5"
    data = source.read_bytes()
    other = tmp_path / "secret.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.full(10, 7.0, np.float32)

    def write(name: str, content: bytes) -> Path:
        (tmp_path / name).write_bytes(content)
        return tmp_path / name

    def wrong_shape(f: h5py.File) -> None:
        group = f["model_weights/dense"]
        del group["dense/bias:0"]
        group["dense/bias:0"] = np.zeros(11, np.float32)

    made = {
        "padded.h5": (write("padded.h5", data + bytes(4096)), "has 4,096 bytes after the end"),
        "truncated.h5": (write("truncated.h5", data[: len(data) // 2]), "is cut short"),
        "lambda.h5": (
            edited(source, tmp_path / "lambda.h5", config_edit(lambda_layer)),
            "contains code (a Lambda layer), which digitpad never runs.",
        ),
        "link.h5": (
            edited(
                source,
                tmp_path / "link.h5",
                lambda f: f["model_weights"].__setitem__("x", h5py.ExternalLink(str(other), "/")),
            ),
            f"links to another file (/model_weights/x → {other})",
        ),
        "wrong-shape.h5": (
            edited(source, tmp_path / "wrong-shape.h5", wrong_shape),
            "holds weights of shape (11,) for layer dense, whose config declares (10,).",
        ),
    }
    before = {name: path.read_bytes() for name, (path, _says) in made.items()}
    names = list(made)
    result = run_cli([["summary", "--model", str(made[n][0])] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        path, says = made[name]
        assert outcome["code"] == 2 and outcome["out"] == "", (name, outcome)
        assert says in one_sentence(outcome["err"], naming=str(path)), name
        assert path.read_bytes() == before[name], name
        with pytest.raises(ModelError, match=re.escape(says)):
            load_model(path)  # nor handed to Keras for fine-tuning
