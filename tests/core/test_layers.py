"""The layer registry and the layer table: the course's numbers, derived from a model's config
and checked against Keras' own description of the built layers."""

from __future__ import annotations

import keras
import pytest
from model_files import config_layers

from digitpad.core.layers.arguments import Written
from digitpad.core.layers.kind import OTHER
from digitpad.core.layers.kinds import conv, dense, dropout, flatten, pooling
from digitpad.core.layers.kinds.activations import SOFTMAX
from digitpad.core.layers.kinds.conv import CONV2D
from digitpad.core.layers.kinds.dense import DENSE, OUTPUT
from digitpad.core.layers.kinds.dropout import DROPOUT
from digitpad.core.layers.kinds.flatten import FLATTEN
from digitpad.core.layers.kinds.normalization import BATCH_NORMALIZATION
from digitpad.core.layers.kinds.pooling import AVERAGE_POOLING2D, MAX_POOLING2D
from digitpad.core.layers.registry import (
    UNKNOWN,
    format_shape,
    kind_for_class,
    kind_named,
    kind_names,
    kind_of,
    model_layers,
)
from digitpad.core.models.store import build_model
from digitpad.core.network.summary import format_summary, summarize

COURSE_TABLE = [
    ("Conv2D", "(None, 26, 26, 32)", 320),
    ("Conv2D", "(None, 24, 24, 64)", 18_496),
    ("MaxPooling2D", "(None, 12, 12, 64)", 0),
    ("Dropout", "(None, 12, 12, 64)", 0),
    ("Flatten", "(None, 9216)", 0),
    ("Dense", "(None, 128)", 1_179_776),
    ("Dropout", "(None, 128)", 0),
    ("Dense", "(None, 10)", 1_290),
]
COURSE_FORMULAS = [
    "32 × (3×3×1 + 1) = 320",
    "64 × (3×3×32 + 1) = 18,496",
    "0",
    "0",
    "0",
    "128 × (9,216 + 1) = 1,179,776",
    "0",
    "10 × (128 + 1) = 1,290",
]


@pytest.fixture(scope="module")
def seed_model():
    return build_model()


def test_layers_match_the_course(seed_model) -> None:
    summary = summarize(config_layers(seed_model))
    rows = [(r.class_name, format_shape(r.output_shape), r.params) for r in summary.layers]
    assert rows == COURSE_TABLE
    assert (summary.total, summary.trainable, summary.non_trainable) == (1_199_882, 1_199_882, 0)
    assert seed_model.layers[3].rate == 0.25 and seed_model.layers[6].rate == 0.5
    assert seed_model.layers[-1].activation.__name__ == "softmax"


def test_shapes_stay_tuples_and_steps_follow_the_course(seed_model) -> None:
    layers = config_layers(seed_model)
    assert layers[0].input_shape == (28, 28, 1) and layers[0].output_shape == (26, 26, 32)
    assert layers[4].output_shape == (9216,)
    assert [info.step for info in layers] == [
        conv.STEP,
        conv.STEP,
        pooling.STEP,
        dropout.STEP,
        flatten.STEP,
        dense.STEP,
        dropout.STEP,
        dense.OUTPUT,
    ]


def test_parameter_formulas_are_derived_and_equal_keras_counts(seed_model) -> None:
    layers = config_layers(seed_model)
    assert [info.params_formula() for info in layers] == COURSE_FORMULAS
    for info, layer, built in zip(layers, seed_model.layers, model_layers(seed_model), strict=True):
        assert info.params == layer.count_params()
        assert (info.name, info.kind, info.input_shape, info.output_shape) == (
            built.name,
            built.kind,
            built.input_shape,
            built.output_shape,
        )


def test_text_summary_has_the_slides_numbers(seed_model) -> None:
    text = format_summary(summarize(config_layers(seed_model)))
    for figure in ("320", "18,496", "1,179,776", "1,290", "Total params: 1,199,882"):
        assert figure in text
    assert "Layer (type)" in text and "Output Shape" in text and "Param #" in text


def test_every_kind_is_found_by_its_keras_class_and_its_name() -> None:
    layers = {
        CONV2D: keras.layers.Conv2D(4, 3),
        MAX_POOLING2D: keras.layers.MaxPooling2D(),
        AVERAGE_POOLING2D: keras.layers.AveragePooling2D((2, 2)),
        DROPOUT: keras.layers.Dropout(0.3),
        FLATTEN: keras.layers.Flatten(),
        DENSE: keras.layers.Dense(3),
        BATCH_NORMALIZATION: keras.layers.BatchNormalization(),
    }
    for kind, layer in layers.items():
        assert kind_of(layer) is kind
        assert kind_named(kind.keras_class) is kind
    assert kind_of(keras.layers.Softmax()) is SOFTMAX and SOFTMAX.step == OTHER  # sized only
    assert kind_named("Softmax") is None  # the course's code may not write it
    assert kind_of(keras.layers.Lambda(lambda x: x)) is UNKNOWN
    assert kind_named("Lambda") is None and kind_for_class("Lambda") is None


def test_a_subclass_counts_as_its_base() -> None:
    class MyConv(keras.layers.Conv2D):
        pass

    assert kind_of(MyConv(2, 3)) is CONV2D


def test_unusual_layers_are_described_and_counted() -> None:
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, (5, 5), use_bias=False),
            keras.layers.BatchNormalization(),
            keras.layers.AveragePooling2D((2, 2)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    conv, norm, pool, flatten, dense = config_layers(model)
    assert conv.params_formula() == "8 × (5×5×1) = 200" and conv.params == 200
    assert norm.params_formula() == "4 × 8 = 32" and norm.trainable_params == 16
    assert conv.describe() == "Convolution: 8 filters of 5×5"
    assert pool.describe() == "Average pooling: the mean of each 2×2 window"
    assert flatten.describe() == "Flatten: 12 × 12 × 8 = 1,152 values in one row"
    assert dense.describe() == "Dense (fully connected): 10 neurons · activation softmax"
    assert dense.step == OUTPUT
    summary = summarize(config_layers(model))
    assert summary.non_trainable == 16 and summary.total == model.count_params()
    assert summary.trainable == sum(int(w.numpy().size) for w in model.trainable_weights)


@pytest.mark.parametrize(
    "layer",
    [
        keras.layers.Conv2D(3, (3, 2), groups=1, use_bias=False),
        keras.layers.DepthwiseConv2D(3, depth_multiplier=2),
        keras.layers.SeparableConv2D(4, 3),
        keras.layers.Conv2DTranspose(2, 3, strides=2),
        keras.layers.BatchNormalization(center=False),
        keras.layers.BatchNormalization(scale=False, center=False),
        keras.layers.LayerNormalization(),
        keras.layers.PReLU(shared_axes=[1, 2]),
        keras.layers.Dense(5, use_bias=False),
    ],
    ids=lambda layer: type(layer).__name__,
)
def test_the_weights_a_file_holds_are_keras_own(layer) -> None:
    """Each kind's `variables`: the shapes Keras saves, in its order, trainable or not; and its
    size rule counts the same parameters."""
    model = keras.Sequential([keras.Input((6, 6, 4)), layer])
    kind = kind_for_class(type(layer).__name__)
    assert kind is not None and kind.variables is not None and kind.sizes is not None
    config = dict(layer.get_config())
    variables = kind.variables(config, [(6, 6, 4)])
    assert [v.shape for v in variables] == [tuple(w.shape) for w in layer.weights]
    trainable = {id(w) for w in layer.trainable_weights}
    assert [v.trainable for v in variables] == [id(w) in trainable for w in layer.weights]
    assert kind.sizes(config, [(6, 6, 4)]) == (layer.count_params(), model.output_shape[1:])


REQUIRED = {"filters": 2, "kernel_size": (3, 3), "units": 3, "rate": 0.5, "pool_size": (3, 2)}


@pytest.mark.parametrize("name", kind_names())
def test_the_defaults_a_line_leaves_out_are_keras_own(name: str) -> None:
    """A layer's `model.add(...)` line writes a keyword only where it differs from what Keras
    does without it; the entries' defaults say what that is, with no Keras asked."""
    kind = kind_named(name)
    assert kind is not None
    given = {a.name: REQUIRED[a.name] for a in kind.arguments if a.required}
    if "pool_size" in {a.name for a in kind.arguments}:
        given["pool_size"] = REQUIRED["pool_size"]  # the strides' default follows it
    config = getattr(keras.layers, kind.keras_class)(**given).get_config()
    changed = [a for a in kind.arguments if a.written is Written.CHANGED]
    for argument in changed:
        want = config[argument.name]
        got = argument.default_in(config)
        assert (tuple(got) if isinstance(got, list) else got) == (
            tuple(want) if isinstance(want, list) else want
        ), argument.name
