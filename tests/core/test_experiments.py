"""Trying the course's claims on the network: every number recomputed by Keras.

The digit moved (the 13×13 shift map, its scale and rotation rows), maps switched off (their
network, its saliency, the ranking of which maps matter) and an edited first-layer kernel,
each against Keras fed the shifted image, the layer's output with the maps set to 0, or a
copy of the model with the edited kernel. The images are shifted here by plain slicing, not
by digitpad's code; Keras never sees digitpad's network.
"""

from __future__ import annotations

from itertools import pairwise

import keras
import numpy as np
import pytest
from model_files import assert_close_to, config_layers, randomized, tf_gradients, weights_of

from digitpad.core.experiments.comparison import compare_move
from digitpad.core.experiments.experiment import Experiment, KernelEdit
from digitpad.core.experiments.kernels import CLASSIC_KERNELS, LIMIT, editable_layer, parse_value
from digitpad.core.experiments.moves import rotated, scaled, shifted
from digitpad.core.experiments.ranking import LayerRanking, MapEffect, maps_layers, rank_all
from digitpad.core.experiments.shift_map import ANGLES, SCALES, shift_map, transform_rows
from digitpad.core.experiments.tried import tried_inspection, tried_prediction
from digitpad.core.experiments.words import ranking_sentences
from digitpad.core.inference.network import Network
from digitpad.core.models.store import load_model
from digitpad.core.network.check import build_network
from digitpad.core.network.code import parse
from digitpad.core.paths import bundled_model_path

TOLERANCE = 1e-5


@pytest.fixture(scope="module")
def bundled() -> keras.Model:
    return load_model(bundled_model_path())


@pytest.fixture(scope="module")
def network(bundled) -> Network:
    built = Network.build(config_layers(bundled), weights_of(bundled))
    assert built is not None
    return built


@pytest.fixture(scope="module")
def seven(small_mnist) -> np.ndarray:
    return small_mnist.x_test[0].astype(np.float32) / 255.0


def moved_by_slicing(image: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """`image` moved dx right and dy down, blank paper in: the definition, written out."""
    out = np.zeros_like(image)
    for r in range(28):
        for c in range(28):
            if 0 <= r - dy < 28 and 0 <= c - dx < 28:
                out[r, c] = image[r - dy, c - dx]
    return out


def keras_probabilities(model: keras.Model, images: np.ndarray) -> np.ndarray:
    return np.asarray(model(images.reshape(-1, 28, 28, 1).astype(np.float32), training=False))


# Moving the digit ----------------------------------------------------------------------------


def test_a_shift_moves_right_and_down_and_loses_what_leaves(seven) -> None:
    for dx, dy in [(1, 0), (0, 1), (-3, 2), (5, -6), (27, 0), (0, -28)]:
        np.testing.assert_array_equal(shifted(seven, dx, dy), moved_by_slicing(seven, dx, dy))
    dot = np.zeros((28, 28), np.float32)
    dot[10, 20] = 1.0
    assert np.argwhere(shifted(dot, 2, -1)).tolist() == [[9, 22]]


def test_the_shift_map_is_keras_on_every_shifted_image(bundled, network, seven) -> None:
    found = shift_map(network, seven, 6)
    assert found.probabilities.shape == (13, 13, 10)
    moves = [(dx, dy) for dy in range(-6, 7) for dx in range(-6, 7)]
    theirs = keras_probabilities(bundled, np.stack([moved_by_slicing(seven, *m) for m in moves]))
    for (dx, dy), want in zip(moves, theirs, strict=True):
        np.testing.assert_allclose(found.at(dx, dy), want, rtol=0, atol=TOLERANCE)
    assert found.digit == 7 == int(np.argmax(theirs[moves.index((0, 0))]))
    same = np.argmax(theirs, axis=1).reshape(13, 13) == 7
    assert found.held() == int(same.sum())
    k = found.held_within()
    assert same[6 - k : 7 + k, 6 - k : 7 + k].all()
    assert k == 6 or not same[5 - k : 8 + k, 5 - k : 8 + k].all()
    records = found.records()
    assert len(records) == 169 and records[0]["dx"] == -6 and records[0]["dy"] == -6
    assert records[1]["dx"] == -5 and records[13]["dy"] == -5


def test_the_shift_map_of_a_network_that_cannot_use_the_canvas(small_mnist) -> None:
    """A dense-only network (no layer moves with its input) reads the 169 images one by one,
    and a network with same-padding convolutions too: both still Keras' own."""
    keras.utils.set_random_seed(3)
    for code in (
        "model = Sequential()\nmodel.add(Flatten(input_shape=(28, 28, 1)))\n"
        "model.add(Dense(32, activation='relu'))\nmodel.add(Dense(10, activation='softmax'))",
        "model = Sequential()\nmodel.add(Conv2D(8, (3, 3), padding='same', activation='relu', "
        "input_shape=(28, 28, 1)))\nmodel.add(Conv2D(8, (3, 3), activation='relu'))\n"
        "model.add(Flatten())\nmodel.add(Dense(10, activation='softmax'))",
    ):
        model = randomized(build_network(parse(code)), seed=4)
        built = Network.build(config_layers(model), weights_of(model))
        assert built is not None
        image = small_mnist.x_test[1].astype(np.float32) / 255.0
        found = shift_map(built, image, 3)
        moves = [(dx, dy) for dy in range(-3, 4) for dx in range(-3, 4)]
        theirs = keras_probabilities(model, np.stack([moved_by_slicing(image, *m) for m in moves]))
        np.testing.assert_allclose(found.probabilities.reshape(-1, 10), theirs, atol=TOLERANCE)


def test_the_farthest_moves_keep_a_quarter_of_the_pad(bundled, network, seven) -> None:
    """At the largest range (14) the corners keep a quarter of the 28×28, the rest blank."""
    found = shift_map(network, seven, 14)
    assert found.probabilities.shape == (29, 29, 10)
    for move in [(14, 0), (-14, 14), (13, -14)]:
        want = keras_probabilities(bundled, moved_by_slicing(seven, *move))[0]
        np.testing.assert_allclose(found.at(*move), want, atol=TOLERANCE)
    with pytest.raises(ValueError):
        shift_map(network, seven, 15)


def test_scale_and_rotation_rows_are_keras_on_the_same_images(bundled, network, seven) -> None:
    scale, rotation = transform_rows(network, seven)
    assert scale.values == SCALES and SCALES[0] == 0.6 and SCALES[-1] == 1.4
    assert rotation.values == ANGLES and ANGLES[0] == -30 and ANGLES[-1] == 30
    np.testing.assert_allclose(scaled(seven, [1.0])[0], seven, atol=1e-6)
    np.testing.assert_allclose(rotated(seven, [0.0])[0], seven, atol=1e-6)
    want = keras_probabilities(
        bundled, np.concatenate([scaled(seven, SCALES), rotated(seven, ANGLES)])
    )
    np.testing.assert_allclose(scale.probabilities, want[: len(SCALES)], atol=TOLERANCE)
    np.testing.assert_allclose(rotation.probabilities, want[len(SCALES) :], atol=TOLERANCE)
    lo, hi = scale.held_range(1.0)
    assert lo <= 1.0 <= hi


def test_a_rotation_turns_anticlockwise_about_the_centre() -> None:
    dot = np.zeros((28, 28), np.float32)
    dot[5, 14] = 1.0  # straight above the centre (14, 14)
    turned = rotated(dot, [90.0])[0]
    assert np.unravel_index(turned.argmax(), turned.shape) == (14, 5)  # now to its left


def test_the_maps_move_with_the_drawing_and_pooling_halves_the_move(
    bundled, network, seven
) -> None:
    before = [o[0] for o in network.outputs(seven.reshape(1, 28, 28, 1))]
    for move in [(1, 0), (-2, 1), (2, 2)]:
        after = [
            o[0] for o in network.outputs(moved_by_slicing(seven, *move).reshape(1, 28, 28, 1))
        ]
        found = compare_move(network.layers, before, after, move)
        first, second, pooled = found.layers[:3]
        assert first.same and second.same and first.move == move
        r0, c0, r1, c1 = first.window
        dx, dy = move
        np.testing.assert_allclose(
            after[0][r0 : r1 + 1, c0 : c1 + 1],
            before[0][r0 - dy : r1 + 1 - dy, c0 - dx : c1 + 1 - dx],
        )
        assert pooled.move == (dx / 2, dy / 2)
        assert pooled.same is (None if dx % 2 or dy % 2 else True)
        p = keras_probabilities(bundled, moved_by_slicing(seven, *move))[0]
        assert found.digit_after == int(np.argmax(p))
        assert found.probability_after == pytest.approx(float(p[7]), abs=TOLERANCE)


# Switching maps off ----------------------------------------------------------------------------


def keras_with_maps_off(model: keras.Model, layer: str, maps: list[int], images: np.ndarray):
    """Keras: the layer's output with `maps` set to 0, then the layers after it (Keras' own)."""
    names = [other.name for other in model.layers]
    k = names.index(layer)
    head = keras.Model(model.inputs[0], model.layers[k].output)
    out = np.array(head(images.reshape(-1, 28, 28, 1), training=False))
    out[..., maps] = 0.0
    x = out
    for later in model.layers[k + 1 :]:
        x = later(x, training=False)
    return np.asarray(x)


def test_maps_switched_off_are_keras_with_those_maps_set_to_0(bundled, network, seven) -> None:
    experiment = Experiment().with_maps_off("conv2d", [0, 5, 31]).switched("conv2d_1", 12, True)
    changed = experiment.network(network)
    outs = changed.outputs(seven.reshape(1, 28, 28, 1))
    assert not outs[0][0][..., [0, 5, 31]].any() and not outs[1][0][..., 12].any()
    both = keras.models.clone_model(bundled)
    both.set_weights(bundled.get_weights())
    kernel, bias = both.get_layer("conv2d").get_weights()
    kernel[..., [0, 5, 31]] = 0.0
    bias[[0, 5, 31]] = 0.0
    both.get_layer("conv2d").set_weights([kernel, bias])
    kernel, bias = both.get_layer("conv2d_1").get_weights()
    kernel[..., 12] = 0.0
    bias[12] = 0.0
    both.get_layer("conv2d_1").set_weights([kernel, bias])  # ReLU(0) = 0: those maps are 0
    want = keras_probabilities(both, seven)[0]
    np.testing.assert_allclose(outs[-1][0], want, atol=TOLERANCE)
    saliency = changed.saliency(seven, (7, 1))
    np.testing.assert_allclose(saliency.gradients, tf_gradients(both, seven, (7, 1)), atol=1e-4)
    # The model's own network is untouched.
    np.testing.assert_array_equal(
        network.weights["conv2d"][0], bundled.get_layer("conv2d").get_weights()[0]
    )
    assert network.one(seven)[1][7] == pytest.approx(
        keras_probabilities(bundled, seven)[0][7], abs=TOLERANCE
    )


def test_which_maps_matter_is_keras_with_each_map_off_alone(bundled, network, small_mnist) -> None:
    image = small_mnist.x_test[8].astype(np.float32) / 255.0
    rankings = rank_all(network, image)
    assert [r.layer for r in rankings] == ["conv2d", "conv2d_1"] == list(maps_layers(network))
    for ranking in rankings:
        count = 32 if ranking.layer == "conv2d" else 64
        assert sorted(e.index for e in ranking.effects) == list(range(count))
        base = keras_probabilities(bundled, image)[0]
        assert ranking.digit == int(np.argmax(base))
        assert ranking.probability == pytest.approx(float(base[ranking.digit]), abs=TOLERANCE)
        images = np.repeat(image[None], count, axis=0)
        off_each = np.stack(
            [keras_with_maps_off(bundled, ranking.layer, [i], image)[0] for i in range(count)]
        )
        assert images.shape[0] == off_each.shape[0]
        for effect in ranking.effects:
            want = off_each[effect.index]
            assert effect.probability == pytest.approx(float(want[ranking.digit]), abs=TOLERANCE)
            assert effect.digit == int(np.argmax(want))
        odds = keras_log_odds(bundled, ranking.layer, image, ranking.digit)
        assert ranking.log_odds == pytest.approx(odds[0], abs=1e-3)
        for effect in ranking.effects:
            assert effect.log_odds == pytest.approx(odds[1 + effect.index], abs=1e-3)
        order = [e.log_odds for e in ranking.effects]
        assert order == sorted(order)  # the most harmful first
        probabilities = [e.probability for e in ranking.effects]
        assert all(a <= b + 1e-6 for a, b in pairwise(probabilities))


def keras_log_odds(model: keras.Model, layer: str, image: np.ndarray, digit: int) -> np.ndarray:
    """ln(p / (1 − p)) of `digit` from Keras' logits: every map on, then each map off alone."""
    names = [other.name for other in model.layers]
    k = names.index(layer)
    head = keras.Model(model.inputs[0], model.layers[k].output)
    out = np.array(head(image.reshape(1, 28, 28, 1), training=False))
    count = out.shape[-1]
    x = np.repeat(out, count + 1, axis=0)
    for i in range(count):
        x[1 + i, ..., i] = 0.0
    for later in model.layers[k + 1 : -1]:
        x = later(x, training=False)
    kernel, bias = model.layers[-1].get_weights()
    z = np.asarray(x, np.float64) @ kernel.astype(np.float64) + bias
    others = np.delete(z, digit, axis=1)
    return z[:, digit] - np.log(np.exp(others).sum(axis=1))


def test_a_confident_drawing_ranks_its_maps_by_log_odds(bundled, network, seven) -> None:
    # The seven reads 7 so surely that every map switched off alone leaves 1.0 in float32:
    # the order comes from the logits, Keras' own, not from the maps' numbers.
    for ranking in rank_all(network, seven):
        assert all(e.probability == 1.0 for e in ranking.effects)
        odds = keras_log_odds(bundled, ranking.layer, seven, ranking.digit)[1:]
        assert [e.index for e in ranking.effects[:3]] == list(np.argsort(odds, kind="stable")[:3])
        assert [e.index for e in ranking.effects[:3]] != [0, 1, 2]


def test_the_ranking_says_log_odds_only_where_probabilities_print_alike() -> None:
    effects = (MapEffect(9, 0.99995, 4, 9.9), MapEffect(2, 0.99999, 4, 11.5))
    sure = " ".join(ranking_sentences(LayerRanking("conv2d", 4, 0.999999, 13.8, effects)))
    assert "log-odds" in sure and "13.80 → 9.90" in sure and "map 10" in sure
    effects = (MapEffect(9, 0.31, 9, -0.8), MapEffect(2, 0.6, 4, 0.41))
    unsure = " ".join(ranking_sentences(LayerRanking("conv2d", 4, 0.7, 0.85, effects)))
    assert "ln(p" not in unsure and "1 map changes the digit read" in unsure


# Editing a kernel ------------------------------------------------------------------------------


def test_an_edited_kernel_is_keras_with_that_kernel(
    bundled, network, seven, bundled_predictor
) -> None:
    layer = editable_layer(network)
    assert layer is not None and layer.name == "conv2d"
    diagonal = next(k for k in CLASSIC_KERNELS if k.key == "diagonal")
    assert diagonal.values == ((0, 0, 1), (0, 1, 0), (1, 0, 0))
    edit = KernelEdit("conv2d", 4, diagonal.values, -0.5)
    experiment = Experiment().with_kernel(edit).moved_to(1, -2)
    found = tried_inspection(bundled_predictor, seven, experiment)
    copy = keras.models.clone_model(bundled)
    copy.set_weights(bundled.get_weights())
    kernel, bias = copy.get_layer("conv2d").get_weights()
    kernel[:, :, 0, 4] = np.array(diagonal.values)
    bias[4] = -0.5
    copy.get_layer("conv2d").set_weights([kernel, bias])
    moved = moved_by_slicing(seven, 1, -2)
    want_maps = np.asarray(
        keras.Model(copy.inputs[0], copy.get_layer("conv2d").output)(moved.reshape(1, 28, 28, 1))
    )[0]
    assert_close_to(found.layers[0].values, want_maps)
    np.testing.assert_allclose(
        found.prediction.probabilities, keras_probabilities(copy, moved)[0], atol=TOLERANCE
    )
    np.testing.assert_array_equal(found.prediction.input, moved)
    np.testing.assert_array_equal(found.framed, seven)
    assert found.first_conv is not None and found.first_conv.kernels[:, :, 0, 4].tolist() == [
        list(r) for r in diagonal.values
    ]
    plain = tried_prediction(bundled_predictor, seven, experiment)
    np.testing.assert_allclose(plain.probabilities, found.prediction.probabilities, atol=1e-6)
    # Nothing of it reached the model in use.
    np.testing.assert_array_equal(
        bundled_predictor.weights["conv2d"][0], bundled.get_layer("conv2d").get_weights()[0]
    )
    with pytest.raises(ValueError):
        bundled_predictor.trying(experiment.network(network)).keras_model()


def test_kernel_values_are_bounded_and_numbers_only() -> None:
    assert parse_value("0.25") == 0.25 and parse_value("−1,5") == -1.5 and parse_value(" 10 ") == 10
    for text in ("", "a", "1e", "nan", "inf", "10.01", "-11", "1/9"):
        assert parse_value(text) is None, text
    assert LIMIT == 10


def test_an_experiment_fits_another_model_or_is_dropped(network) -> None:
    experiment = (
        Experiment()
        .moved_to(2, 0)
        .switched("conv2d", 31, True)
        .switched("dense", 3, True)
        .with_kernel(KernelEdit("conv2d", 1, ((1, 2, 3), (4, 5, 6), (7, 8, 9)), 0.0))
        .with_kernel(KernelEdit("conv2d_1", 1, ((1, 2, 3), (4, 5, 6), (7, 8, 9)), 0.0))
    )
    fitted = experiment.fitted_to(network.layers)
    assert fitted.shift == (2, 0)
    assert fitted.off == frozenset({("conv2d", 31)})
    assert [(k.layer, k.filter) for k in fitted.kernels] == [("conv2d", 1)]
    assert Experiment().network(network) is network


def test_the_pooling_says_what_it_does_to_a_one_pixel_move(network, seven) -> None:
    from digitpad.core.experiments.words import move_sentences

    names = tuple(info.name for info in network.layers[:3])
    before = [o[0] for o in network.outputs(seven.reshape(1, 28, 28, 1))]
    said = {}
    for dx in (1, 2):
        after = [o[0] for o in network.outputs(shifted(seven, dx, 0).reshape(1, 28, 28, 1))]
        said[dx] = move_sentences(compare_move(network.layers, before, after, (dx, 0)), names)
    pooling = said[1][3]  # after the move's own sentence and the two convolutions'
    assert pooling.startswith(
        "max_pooling2d (Max pooling: keeps the largest of each 2×2 window): to it the move is "
        "0.5 pixels right, not a whole number of its pixels"
    ), pooling
    assert said[2][3].startswith("max_pooling2d: a move of a whole number of its pixels (1 pixel")
    assert said[1][-1].startswith("The prediction holds: still 7")
