"""Hostile weights inside a model file: HDF5 that reads other files, odd filters, arrays that
do not match the declared layers. Each is refused in one sentence naming the model file, exit
code 2, before any array is read, with memory bounded.

Every file is the bundled model's config with its model.weights.h5 edited here by h5py. They
run through the real command line in one subprocess under an address-space limit
(hostile_helpers), so a reader that followed a link or allocated a declared shape fails there.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import pytest
from hostile_helpers import keras_archive, one_sentence, run_cli

from digitpad.core.errors import ModelError
from digitpad.core.inference.predictor import Predictor
from digitpad.core.models.store import load_model
from digitpad.core.paths import bundled_model_path

TARGET = "layers/dense_1/vars"  # the output layer: kernel (128, 10), bias (10,)


def bundled_member(name: str) -> bytes:
    with zipfile.ZipFile(bundled_model_path()) as archive:
        return archive.read(name)


def edited_weights(edit: Callable[[h5py.File], None]) -> bytes:
    """The bundled model.weights.h5 with `edit` applied (in memory)."""
    buffer = io.BytesIO(bundled_member("model.weights.h5"))
    with h5py.File(buffer, "r+") as f:
        edit(f)
    return buffer.getvalue()


def model_file(folder: Path, name: str, edit: Callable[[h5py.File], None]) -> Path:
    path = folder / name
    config = json.loads(bundled_member("config.json"))
    path.write_bytes(keras_archive(config, edited_weights(edit)))
    return path


def replace(name: str, **dataset: object) -> Callable[[h5py.File], None]:
    """An edit that puts a new dataset at TARGET/name (made with `dataset`'s arguments)."""

    def edit(f: h5py.File) -> None:
        del f[f"{TARGET}/{name}"]
        f.create_dataset(f"{TARGET}/{name}", **dataset)

    return edit


@pytest.fixture
def elsewhere(tmp_path: Path) -> dict[str, Path]:
    """Files a hostile model could point at: an HDF5 file and raw floats, both readable."""
    other = tmp_path / "elsewhere.h5"
    with h5py.File(other, "w") as f:
        f["data"] = np.full(10, 7.0, np.float32)
    raw = tmp_path / "elsewhere.bin"
    raw.write_bytes(np.full(10, 7.0, np.float32).tobytes())
    return {"h5": other, "raw": raw}


def cases(folder: Path, elsewhere: dict[str, Path]) -> dict[str, tuple[Path, str]]:
    """name -> (the model file, what its one sentence says)."""
    kernel = np.zeros((128, 10), np.float32)

    def external_link(f: h5py.File) -> None:
        f["notes"] = h5py.ExternalLink(str(elsewhere["h5"]), "/data")

    def virtual(f: h5py.File) -> None:
        layout = h5py.VirtualLayout(shape=(10,), dtype="f4")
        layout[:] = h5py.VirtualSource(str(elsewhere["h5"]), "data", shape=(10,))
        del f[f"{TARGET}/1"]
        f.create_virtual_dataset(f"{TARGET}/1", layout)

    def unknown_filter(f: h5py.File) -> None:
        del f[f"{TARGET}/1"]
        plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        plist.set_chunk((10,))
        plist.set_filter(32004, h5py.h5z.FLAG_OPTIONAL, (0,))  # stored even if never applied
        space = h5py.h5s.create_simple((10,))
        h5py.h5d.create(f.id, f"{TARGET}/1".encode(), h5py.h5t.IEEE_F32LE, space, dcpl=plist)

    def not_a_number(f: h5py.File) -> None:
        f[f"{TARGET}/1"][3] = np.nan

    def missing_bias(f: h5py.File) -> None:
        del f[f"{TARGET}/1"]

    def missing_layer(f: h5py.File) -> None:
        del f["layers/dense_1"]

    made = {
        "external-link.keras": (
            external_link,
            f"links to another file (/notes → {elsewhere['h5']}); a model file never does",
        ),
        "external-storage.keras": (
            replace("1", shape=(10,), dtype="f4", external=[(str(elsewhere["raw"]), 0, 40)]),
            f"keeps its weights /{TARGET}/1 in another file (external storage)",
        ),
        "virtual.keras": (virtual, f"assembles its weights /{TARGET}/1 from other files"),
        "lzf.keras": (
            replace("0", data=kernel, compression="lzf"),
            f"packs its weights /{TARGET}/0 with the lzf filter; digitpad reads weights "
            "stored plainly or with gzip only.",
        ),
        "szip.keras": (
            replace("0", data=kernel, compression="szip"),
            f"packs its weights /{TARGET}/0 with the szip filter",
        ),
        "unknown-filter.keras": (
            unknown_filter,
            f"packs its weights /{TARGET}/1 with the unknown (32004) filter",
        ),
        "huge-chunks.keras": (
            replace("1", shape=(10,), maxshape=(None,), chunks=(50_000_000,), dtype="f4"),
            f"stores its weights /{TARGET}/1 in chunks far larger than the weights themselves",
        ),
        "wrong-shape.keras": (
            replace("0", data=np.zeros((128, 11), np.float32)),
            "holds weights of shape (128, 11) for layer dense_1, whose config declares (128, 10).",
        ),
        "wrong-dtype.keras": (
            replace("0", data=kernel.astype(np.int32)),
            "holds weights for layer dense_1 that are not floating-point numbers (int32).",
        ),
        "huge-shape.keras": (  # declares 4 TB; nothing of it is stored
            replace("0", shape=(1_000_000, 1_000_000), dtype="f4", chunks=(100, 100)),
            "holds weights of shape (1000000, 1000000) for layer dense_1",
        ),
        "nan.keras": (not_a_number, "holds weights that are not numbers (NaN or infinite)"),
        "missing-bias.keras": (
            missing_bias,
            "holds 1 weight array for layer dense_1, where its config declares 2.",
        ),
        "missing-layer.keras": (missing_layer, "lacks the weights of layer dense_1."),
    }
    return {name: (model_file(folder, name, edit), says) for name, (edit, says) in made.items()}


def test_each_is_refused_in_one_sentence_by_the_command_line(tmp_path, elsewhere) -> None:
    made = cases(tmp_path, elsewhere)
    image = tmp_path / "seven.png"
    from PIL import Image

    Image.new("L", (28, 28), 255).save(image)
    names = list(made)
    result = run_cli([["predict", "--model", str(made[n][0]), str(image)] for n in names])
    for name, outcome in zip(names, result["results"], strict=True):
        path, says = made[name]
        assert outcome["code"] == 2 and outcome["out"] == "", (name, outcome)
        line = one_sentence(outcome["err"], naming=str(path))
        assert says in line, (name, line)


def test_keras_is_never_handed_such_a_file(tmp_path, elsewhere) -> None:
    """Fine-tuning loads the model with Keras: the same checks come first."""
    made = cases(tmp_path, elsewhere)
    for name in ("external-link.keras", "virtual.keras", "wrong-shape.keras", "nan.keras"):
        path, says = made[name]
        with pytest.raises(ModelError) as caught:
            load_model(path)
        assert str(caught.value).startswith(str(path)) and says in str(caught.value), name


def test_gzip_and_links_inside_the_file_are_read(tmp_path, small_mnist) -> None:
    """What a model file may hold: gzip (with shuffle) and a soft link within the file."""

    def gzipped(f: h5py.File) -> None:
        for name in ("0", "1"):
            values = np.asarray(f[f"{TARGET}/{name}"])
            del f[f"{TARGET}/{name}"]
            f.create_dataset(f"{TARGET}/{name}", data=values, compression="gzip", shuffle=True)
        f["alias"] = h5py.SoftLink("/layers")

    path = model_file(tmp_path, "gzip.keras", gzipped)
    x = small_mnist.x_test[:5] / 255.0
    read = Predictor.load(path).probabilities(x)
    np.testing.assert_array_equal(read, Predictor.load(bundled_model_path()).probabilities(x))


def test_a_group_of_too_many_parts_is_counted_before_it_is_listed(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A weights file whose group holds more links than digitpad walks (10,000) is refused by
    its count, before its names are listed: listing millions would take the time and memory
    the bound is there to save. Listing a group that large fails this test."""
    from digitpad.core.models.hdf5 import MAX_OBJECTS

    def crowded(f: h5py.File) -> None:
        group = f.create_group("crowd")
        for index in range(MAX_OBJECTS + 1):
            group[str(index)] = h5py.SoftLink("/layers")  # a few bytes each

    path = model_file(tmp_path, "crowded.keras", crowded)
    listing = h5py.Group.keys

    def keys(group: h5py.Group):
        assert len(group) <= MAX_OBJECTS, f"{group.name} listed: {len(group):,} links"
        return listing(group)

    monkeypatch.setattr(h5py.Group, "keys", keys)
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert str(caught.value) == f"{path} holds far more parts than a model's weights have."
