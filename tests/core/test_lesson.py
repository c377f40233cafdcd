"""The walk-through's numbers: each step recomputed independently from the model's own layers.

The references here come from Keras sub-models cut at each layer and from
TensorFlow's own convolution, never from `digitpad.core.lesson`'s arithmetic.
"""

from __future__ import annotations

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from digitpad.core.i18n import chance
from digitpad.core.inference.predictor import Predictor
from digitpad.core.layers import arithmetic as ar
from digitpad.core.layers.kind import INPUT as INPUT_STEP
from digitpad.core.layers.kinds.conv import ConvWorked
from digitpad.core.layers.kinds.dense import DenseWorked, SoftmaxWorked
from digitpad.core.layers.kinds.dropout import DropoutWorked
from digitpad.core.layers.kinds.flatten import FlattenWorked
from digitpad.core.layers.kinds.normalization import NormalizationWorked
from digitpad.core.layers.kinds.pooling import PoolWorked
from digitpad.core.lesson.keras_lines import COURSE_LINES
from digitpad.core.lesson.steps import INPUT, InputWorked, Lesson, build_lesson

COURSE_KINDS = [
    "input",
    "conv",
    "conv",
    "pool",
    "dropout",
    "flatten",
    "dense",
    "dropout",
    "softmax",
]


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor.load()


@pytest.fixture(scope="module")
def digit(small_mnist) -> np.ndarray:
    return (small_mnist.x_test[0] / 255.0).astype(np.float32)


@pytest.fixture(scope="module")
def lesson(predictor: Predictor, digit: np.ndarray) -> Lesson:
    return build_lesson(predictor.inspect(digit))


def layer_output(model, name: str, x: np.ndarray) -> np.ndarray:
    """What Keras itself computes at layer `name` (training=False), independently."""
    cut = keras.Model(model.inputs[0], model.get_layer(name).output)
    return np.asarray(cut(x.reshape(1, 28, 28, 1), training=False))[0]


def layer_input(model, name: str, x: np.ndarray) -> np.ndarray:
    cut = keras.Model(model.inputs[0], model.get_layer(name).input)
    return np.asarray(cut(x.reshape(1, 28, 28, 1), training=False))[0]


def step_named(lesson: Lesson, name: str):
    return next(step for step in lesson.steps if step.layer == name)


# The course's own examples ---------------------------------------------------------------------


def test_the_course_examples_are_computed() -> None:
    image = ar.COURSE_IMAGE
    assert set(np.unique(image)) <= {0.0, 1.0} and image.shape == (6, 6)
    assert ar.COURSE_KERNEL.tolist() == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    out = ar.course_convolution()
    assert out.shape == (4, 4) and out[0, 0] == 2
    reference = tf.nn.conv2d(
        image.reshape(1, 6, 6, 1), ar.COURSE_KERNEL.reshape(3, 3, 1, 1), 1, "VALID"
    )
    np.testing.assert_array_equal(out, np.asarray(reference)[0, :, :, 0])
    pooled = ar.course_pooling()
    assert pooled.output == 8 and pooled.kept == (0, 1)
    assert sorted(pooled.values.ravel().tolist()) == [3, 4, 6, 8]


# The course's network on a real digit -----------------------------------------------------------


def test_steps_follow_the_course(lesson: Lesson, predictor: Predictor) -> None:
    assert [step.kind for step in lesson.steps] == COURSE_KINDS
    assert lesson.steps[0].layer == INPUT
    assert [s.layer for s in lesson.steps[1:]] == [
        layer.name for layer in predictor.keras_model().layers
    ]
    assert tuple(step.keras_line for step in lesson.steps) == COURSE_LINES
    assert lesson.course
    assert lesson.digit == 7


def test_parameters_are_keras_counts_and_add_up_to_the_total(
    lesson: Lesson, predictor: Predictor
) -> None:
    model = predictor.keras_model()
    for step in lesson.layer_steps():
        assert step.params == model.get_layer(step.layer).count_params()
        assert step.params_formula.endswith(f"{step.params:,}")
    assert sum(step.params for step in lesson.steps) == model.count_params() == 1_199_882
    assert lesson.total_params == 1_199_882
    formulas = [s.params_formula for s in lesson.layer_steps() if s.params]
    assert formulas == [
        "32 × (3×3×1 + 1) = 320",
        "64 × (3×3×32 + 1) = 18,496",
        "128 × (9,216 + 1) = 1,179,776",
        "10 × (128 + 1) = 1,290",
    ]


def test_the_input_is_exactly_what_the_network_saw(lesson: Lesson, digit: np.ndarray) -> None:
    worked = lesson.steps[0].worked
    assert isinstance(worked, InputWorked)
    np.testing.assert_array_equal(worked.pixels, digit)
    again = np.asarray(worked.to_json()["pixels"], dtype=np.float32)
    np.testing.assert_array_equal(again, digit)  # JSON writes float32 values exactly


@pytest.mark.parametrize("name", ["conv2d", "conv2d_1"])
def test_convolution_sum_and_relu_equal_the_feature_map(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray, name: str
) -> None:
    model = predictor.keras_model()
    step = step_named(lesson, name)
    conv = step.worked
    assert isinstance(conv, ConvWorked)
    out = layer_output(model, name, digit)
    given = layer_input(model, name, digit)
    kernels, biases = model.get_layer(name).get_weights()
    assert (conv.row, conv.col, conv.channel) == np.unravel_index(out.argmax(), out.shape)
    np.testing.assert_allclose(
        conv.pixel.patch, given[conv.row : conv.row + 3, conv.col : conv.col + 3]
    )
    np.testing.assert_array_equal(conv.pixel.kernel, kernels[:, :, :, conv.channel])
    assert conv.pixel.bias == pytest.approx(float(biases[conv.channel]))
    assert conv.pixel.sum == pytest.approx(conv.pixel.products.sum() + conv.pixel.bias, abs=1e-9)
    assert conv.output == pytest.approx(float(out[conv.row, conv.col, conv.channel]), abs=1e-6)
    assert max(conv.pixel.sum, 0.0) == pytest.approx(conv.output, abs=1e-5)
    # Every other pixel of one map, by the same arithmetic, against TensorFlow's convolution.
    channel = (conv.channel + 5) % out.shape[2]
    pre = tf.nn.conv2d(given[None], kernels, 1, "VALID")[0, :, :, channel] + biases[channel]
    np.testing.assert_allclose(conv.sums(channel), np.asarray(pre), atol=1e-4)
    np.testing.assert_allclose(np.maximum(conv.sums(channel), 0), out[:, :, channel], atol=1e-4)
    other = conv.at(3, 7, channel)
    assert other.output == pytest.approx(float(out[3, 7, channel]), abs=1e-6)
    assert max(other.pixel.sum, 0.0) == pytest.approx(other.output, abs=1e-5)


def test_second_convolution_names_the_channels_that_add_most(lesson: Lesson) -> None:
    conv = step_named(lesson, "conv2d_1").worked
    assert isinstance(conv, ConvWorked)
    per_channel = (conv.pixel.patch * conv.pixel.kernel).sum(axis=(0, 1))
    expected = sorted(range(32), key=lambda k: -abs(per_channel[k]))[:4]
    top = conv.top_channels()
    assert [k for k, _ in top] == expected
    for k, share in top:
        assert share == pytest.approx(per_channel[k])


def test_max_pooling_keeps_the_largest_of_the_window(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    pool = step_named(lesson, "max_pooling2d").worked
    assert isinstance(pool, PoolWorked)
    before = layer_output(predictor.keras_model(), "conv2d_1", digit)
    after = layer_output(predictor.keras_model(), "max_pooling2d", digit)
    r, c, k = pool.row, pool.col, pool.channel
    window = before[2 * r : 2 * r + 2, 2 * c : 2 * c + 2, k]
    np.testing.assert_array_equal(pool.pooled.values, window)
    assert pool.pooled.output == window.max() == pool.output == after[r, c, k]
    assert window[pool.pooled.kept] == window.max()


def test_dropout_samples_a_mask_and_drops_nothing_when_predicting(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    for name, rate in (("dropout", 0.25), ("dropout_1", 0.5)):
        drop = step_named(lesson, name).worked
        assert isinstance(drop, DropoutWorked)
        assert drop.rate == rate and drop.output_equals_input
        np.testing.assert_array_equal(
            layer_output(predictor.keras_model(), name, digit),
            layer_input(predictor.keras_model(), name, digit),
        )
        assert abs(drop.dropped / drop.mask.size - rate) < 0.1
        again = drop.resample(drop.seed)
        np.testing.assert_array_equal(again.mask, drop.mask)  # seeded: the same mask
        assert not np.array_equal(drop.resample(drop.seed + 1).mask, drop.mask)


def test_flatten_index_is_where_keras_puts_the_pixel(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    flat = step_named(lesson, "flatten").worked
    assert isinstance(flat, FlattenWorked)
    assert flat.shape == (12, 12, 64) and flat.size == 9216
    maps = layer_input(predictor.keras_model(), "flatten", digit)
    row = layer_output(predictor.keras_model(), "flatten", digit)
    for r, c, k in ((flat.row, flat.col, flat.channel), (0, 0, 0), (11, 11, 63), (5, 2, 12)):
        moved = flat.at(r, c, k)
        assert moved.index == np.ravel_multi_index((r, c, k), (12, 12, 64))
        assert row[moved.index] == maps[r, c, k] == moved.value


def test_dense_neuron_is_its_weighted_sum(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    dense = step_named(lesson, "dense").worked
    assert isinstance(dense, DenseWorked)
    out = layer_output(predictor.keras_model(), "dense", digit)
    given = layer_input(predictor.keras_model(), "dense", digit)
    kernel, biases = predictor.keras_model().get_layer("dense").get_weights()
    assert dense.unit == int(out.argmax())
    for unit in (dense.unit, 0, 127):
        neuron = dense.at(unit)
        products = given.astype(np.float64) * kernel[:, unit]
        largest = np.argsort(-np.abs(products))[:8]
        assert set(neuron.neuron.top.tolist()) == set(largest.tolist())
        top = neuron.neuron
        total = products[top.top].sum() + top.rest + top.bias
        assert top.sum == pytest.approx(total, abs=1e-9)
        assert top.bias == pytest.approx(float(biases[unit]))
        assert neuron.output == pytest.approx(float(out[unit]), abs=1e-6)
        assert max(top.sum, 0.0) == pytest.approx(neuron.output, abs=1e-4)


def test_softmax_of_the_logits_is_the_chart(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    soft = lesson.steps[-1].worked
    assert isinstance(soft, SoftmaxWorked)
    hidden = layer_input(predictor.keras_model(), "dense_1", digit)
    kernel, biases = predictor.keras_model().get_layer("dense_1").get_weights()
    np.testing.assert_allclose(soft.logits, hidden @ kernel + biases, atol=1e-4)
    z = soft.logits - soft.logits.max()
    np.testing.assert_allclose(soft.computed, np.exp(z) / np.exp(z).sum(), rtol=1e-12)
    chart = predictor.predict_framed(digit).probabilities  # what the window's chart shows
    np.testing.assert_allclose(soft.computed, chart, atol=1e-6)
    np.testing.assert_allclose(soft.probabilities, chart, atol=1e-6)
    assert soft.total == pytest.approx(np.exp(soft.logits).sum())


def test_the_output_step_says_what_the_judgement_made_of_a_digit(
    lesson: Lesson, predictor: Predictor, digit: np.ndarray
) -> None:
    from digitpad.core.inference.features import FeaturePasses
    from digitpad.core.inference.judgement import Judge

    # Recomputed: Keras' own pass gives the judgement's vector (the activations feeding the
    # output, the maps' means and maxima), read through the model's statistics.
    passes = FeaturePasses(predictor.keras_model(), predictor.runtime.layout)
    vector, probabilities = passes.one(digit)
    verdict = Judge(predictor.judge.stats).verdict(vector, np.asarray(probabilities))
    assert verdict.is_digit and lesson.is_digit
    last = lesson.sentences(lesson.steps[-1])[-1]
    assert (
        f"The chance that 7 is right, calibrated on digits the network did not train on, is "
        f"{chance(verdict.confidence)} (its bar: " in last
    )
    assert "100.0" not in last  # neither the calibrated chance nor the bar claims certainty


def test_the_output_step_says_a_dot_is_not_a_digit(predictor: Predictor) -> None:
    from PIL import Image, ImageDraw

    from digitpad.core.data.framing import frame_digit

    pad = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(pad).ellipse((125, 125, 155, 155), fill=0)  # a click of a 30 px pen
    dot = frame_digit(pad)
    assert dot is not None
    lesson = build_lesson(predictor.inspect(dot))
    assert not lesson.is_digit
    last = lesson.sentences(lesson.steps[-1])[-1]
    percent = chance(lesson.probabilities[lesson.digit])
    assert f'digitpad says "Not a digit?": {lesson.digit} ({percent}) is only' in last


def test_json_has_the_issues_keys(lesson: Lesson) -> None:
    data = json.loads(json.dumps(lesson.to_json("seven.png")))
    assert set(data) == {
        "file", "digit", "is_digit", "confidence", "judge", "steps", "saliency"
    }  # fmt: skip
    assert data["digit"] == 7 and data["is_digit"] is lesson.is_digit is True
    assert data["confidence"] == pytest.approx(lesson.confidence, abs=1e-6)
    keys = {
        "layer",
        "kind",
        "output_shape",
        "params",
        "params_formula",
        "params_unshared",
        "worked",
    }
    assert all(set(step) == keys for step in data["steps"])
    worked = {step["kind"]: step["worked"] for step in data["steps"]}
    assert {"pixels"} <= set(worked["input"])
    assert {"row", "col", "channel", "patch", "kernel", "bias", "sum", "output"} <= set(
        worked["conv"]
    )
    assert {"row", "col", "channel", "window", "output"} <= set(worked["pool"])
    assert {"unit", "top", "bias", "sum", "output"} <= set(worked["dense"])
    assert {"logits", "probabilities"} <= set(worked["softmax"])
    assert np.asarray(data["steps"][2]["worked"]["patch"]).shape == (3, 3, 32)
    assert all(len(item) == 3 for item in worked["dense"]["top"])
    assert sum(step["params"] for step in data["steps"]) == 1_199_882
    assert data["steps"][1]["output_shape"] == [26, 26, 32]
    # Weight sharing, counted: the first convolution as a locally connected layer.
    assert data["steps"][1]["params_unshared"] == 26 * 26 * 32 * (3 * 3 * 1 + 1) == 216_320
    assert sum(step["params_unshared"] for step in data["steps"]) == 12_051_082


# Other networks ----------------------------------------------------------------------------------


def check_against_keras(model, digit: np.ndarray) -> Lesson:
    """Every worked step of any network equals what Keras computes for that layer."""
    lesson = build_lesson(Predictor.from_keras(model).inspect(digit))
    assert lesson.total_params == model.count_params()
    for step in lesson.layer_steps():
        if step.step == INPUT_STEP:
            continue
        out = layer_output(model, step.layer, digit)
        wk = step.worked
        if isinstance(wk, ConvWorked):
            assert wk.output == pytest.approx(float(out[wk.row, wk.col, wk.channel]), abs=1e-6)
            expected = ar.activate(wk.activation, wk.pixel.sum)
            assert expected == pytest.approx(wk.output, abs=1e-4)
        elif isinstance(wk, PoolWorked):
            assert wk.pooled.output == pytest.approx(wk.output, abs=1e-5)
        elif isinstance(wk, DenseWorked):
            assert ar.activate(wk.activation, wk.neuron.sum) == pytest.approx(wk.output, abs=1e-4)
        elif isinstance(wk, SoftmaxWorked):
            np.testing.assert_allclose(wk.computed, out, atol=1e-6)
        elif isinstance(wk, NormalizationWorked):
            assert wk.computed == pytest.approx(wk.output, abs=1e-4)
    return lesson


def test_a_network_without_pooling(digit: np.ndarray) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, (3, 3), activation="relu"),
            keras.layers.Conv2D(4, (5, 5), activation="tanh"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    lesson = check_against_keras(model, digit)
    assert [s.kind for s in lesson.steps] == ["input", "conv", "conv", "flatten", "softmax"]
    assert not lesson.course
    assert lesson.steps[2].keras_line == (
        "model.add(Conv2D(4, kernel_size=(5, 5), activation='tanh'))"
    )


def test_a_dense_only_network(digit: np.ndarray) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    lesson = check_against_keras(model, digit)
    assert [s.kind for s in lesson.steps] == ["input", "flatten", "dense", "softmax"]
    flat = lesson.steps[1].worked
    assert isinstance(flat, FlattenWorked) and flat.shape == (28, 28, 1)
    assert [s.keras_line for s in lesson.steps[1:]] == [
        "model.add(Flatten(input_shape=input_shape))",
        "model.add(Dense(128, activation='relu'))",
        "model.add(Dense(10, activation='softmax'))",
    ]
    assert lesson.total_params == 28 * 28 * 128 + 128 + 1290


def test_strides_padding_average_pooling_and_normalization(digit: np.ndarray) -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(6, 3, strides=2, padding="same", activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.AveragePooling2D((2, 2), padding="same"),
            keras.layers.MaxPooling2D((3, 3), strides=2, padding="same"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    # Give the normalization something to do: moving statistics far from 0 and 1.
    norm = model.layers[1]
    gamma, beta, mean, var = norm.get_weights()
    norm.set_weights([gamma * 1.5, beta + 0.2, mean + 0.3, var * 2.0])
    lesson = check_against_keras(model, digit)
    conv = lesson.steps[1].worked
    assert isinstance(conv, ConvWorked)
    for r, c in ((0, 0), (13, 13), (6, 9)):  # edges: the "same" padding's zeros
        moved = conv.at(r, c, 2)
        assert max(moved.pixel.sum, 0.0) == pytest.approx(moved.output, abs=1e-5)
    pool = lesson.steps[3].worked
    assert isinstance(pool, PoolWorked) and pool.mode == "average"
    assert lesson.steps[1].keras_line == (
        "model.add(Conv2D(6, kernel_size=(3, 3), strides=(2, 2), padding='same', "
        "activation='relu', input_shape=input_shape))"
    )
    assert lesson.steps[4].keras_line == (
        "model.add(MaxPooling2D(pool_size=(3, 3), strides=(2, 2), padding='same'))"
    )


def test_a_branching_network_explains_what_it_can(digit: np.ndarray) -> None:
    inputs = keras.Input((28, 28, 1))
    a = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    b = keras.layers.Conv2D(4, 3, activation="relu")(inputs)
    joined = keras.layers.Add()([a, b])
    out = keras.layers.Dense(10, activation="softmax")(keras.layers.Flatten()(joined))
    model = keras.Model(inputs, out)
    lesson = check_against_keras(model, digit)
    kinds = [s.kind for s in lesson.steps]
    assert kinds == ["input", "conv", "conv", "other", "flatten", "softmax"]
    add = lesson.steps[3]
    assert add.worked is None and lesson.sentences(add)


def test_the_output_step_says_when_the_judgement_doubts_a_digit(
    predictor: Predictor, small_mnist
) -> None:
    """A redrawn digit the judgement accepts but doubts (its score between the threshold
    and the doubt band's top): the sentence says its confidence is shown at 90% at most,
    and the number is the judgement's own, capped."""
    from digitpad.core.data.restroke import make_drawings
    from digitpad.core.inference.judgement import DOUBT_AT_MOST

    drawings = make_drawings(small_mnist.x_test, small_mnist.y_test, count=120, seed=5)
    inspections = (predictor.inspect(d) for d in _framed(drawings))
    doubted = next((i for i in inspections if i.prediction.doubtful), None)
    assert doubted is not None, "no redrawn digit in the doubt band"
    lesson = build_lesson(doubted)
    assert lesson.is_digit and lesson.doubtful
    assert lesson.confidence <= DOUBT_AT_MOST
    last = lesson.sentences(lesson.steps[-1])[-1]
    assert f"is shown at 90% at most: {100 * doubted.prediction.confidence:.1f}%" in last, last


def _framed(drawings) -> list[np.ndarray]:
    from digitpad.core.data.framing import frame_digit

    return [f for f in (frame_digit(d.image) for d in drawings) if f is not None]
