"""The course's Keras lines as a network: read with ast (never run), checked line by line,
built into the model Keras would build, and the classroom's presets."""

from __future__ import annotations

import builtins
from pathlib import Path

import keras
import pytest
from model_files import config_layers

from digitpad.core.layers.registry import format_shape, kind_names
from digitpad.core.models.store import build_model
from digitpad.core.network.check import MAX_PARAMETERS, build_network, check, keras_name
from digitpad.core.network.code import (
    MAX_CHARS,
    MAX_NESTING,
    NetworkError,
    parse,
    read_code,
)
from digitpad.core.network.presets import COURSE, PRESETS, preset_for_code, preset_named
from digitpad.core.network.summary import summarize

# The course's code, exactly as its script writes it (the old Keras example's lines).
COURSE_CODE = """\
from keras.models import Sequential
from keras.layers import Dense, Dropout, Flatten
from keras.layers import Conv2D, MaxPooling2D

num_classes = 10

# input image dimensions
img_rows, img_cols = 28, 28
input_shape = (img_rows, img_cols, 1)

model = Sequential()
model.add(Conv2D(32, kernel_size=(3, 3),
                 activation='relu',
                 input_shape=input_shape))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(128, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(num_classes, activation='softmax'))
"""
HEADER = "num_classes = 10\ninput_shape = (28, 28, 1)\nmodel = Sequential()\n"


def rows(model) -> list[tuple[str, str, tuple, int]]:
    return [
        (info.name, info.class_name, info.output_shape, info.params)
        for info in summarize(config_layers(model)).layers
    ]


def test_the_course_code_is_the_seed_model() -> None:
    spec = parse(COURSE_CODE)
    plan = check(spec)
    assert plan.ok
    seed = build_model()
    built = build_network(spec)
    assert plan.summary().total == built.count_params() == seed.count_params() == 1_199_882
    expected = [
        (i.class_name, i.output_shape, i.params) for i in summarize(config_layers(seed)).layers
    ]
    assert [(c, o, p) for _n, c, o, p in rows(built)] == expected
    assert [(i.class_name, i.output_shape, i.params) for i in plan.layers] == expected
    assert [i.name for i in plan.layers] == [
        "conv2d", "conv2d_1", "max_pooling2d", "dropout", "flatten", "dense", "dropout_1",
        "dense_1",
    ]  # fmt: skip
    assert [i.name for i in plan.layers] == [layer.name for layer in built.layers]
    for a, b in zip(seed.layers, built.layers, strict=True):  # same arguments, not only sizes
        config_a, config_b = a.get_config(), b.get_config()
        for key in ("kernel_size", "strides", "padding", "activation", "pool_size", "rate"):
            assert config_a.get(key) == config_b.get(key), (a.name, key)
    assert plan.lines == (12, 15, 16, 17, 18, 19, 20, 21)  # the line of each model.add


def test_the_course_preset_is_the_course_code() -> None:
    assert [(i.class_name, i.output_shape, i.params) for i in check(parse(COURSE.code)).layers] == [
        (i.class_name, i.output_shape, i.params) for i in check(parse(COURSE_CODE)).layers
    ]
    assert PRESETS[0] is COURSE and preset_for_code(COURSE.code + "\n\n") is COURSE


def keras_own(code: str) -> keras.Model:
    """The preset's code run by Python with Keras' real classes: Keras' own count.

    Only digitpad's own preset texts are run here, never anything a user wrote.
    """
    from keras import layers

    names = {name: getattr(layers, name) for name in kind_names()}
    names["Sequential"] = keras.Sequential
    exec(compile(code, "<preset>", "exec"), names)  # our own constant text, never a user's
    model = names["model"]
    model.build((None, 28, 28, 1))
    return model


@pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning")
@pytest.mark.parametrize("preset", PRESETS, ids=[p.key for p in PRESETS])
def test_each_preset_counts_what_keras_counts(preset) -> None:
    plan = check(parse(preset.code))
    assert plan.ok, plan.problems
    theirs = keras_own(preset.code)
    assert plan.summary().total == theirs.count_params()
    assert [format_shape(i.output_shape) for i in plan.layers] == [
        format_shape(tuple(layer.output.shape)[1:]) for layer in theirs.layers
    ]
    assert build_network(parse(preset.code)).count_params() == theirs.count_params()


def test_the_presets_are_the_classroom_questions() -> None:
    totals = {p.key: check(parse(p.code)).summary().total for p in PRESETS}
    assert totals == {
        "course": 1_199_882,
        "dropout-0.3": 1_199_882,
        "no-pooling": 4_738_826,
        "16-filters": 1_190_506,
        "one-convolution": 693_962,
        "dense-only": 101_770,
        "12-epochs": 1_199_882,
    }
    assert [i.class_name for i in check(parse(preset_named("dense-only").code)).layers] == [
        "Flatten", "Dense", "Dense"
    ]  # fmt: skip
    dropout = check(parse(preset_named("dropout-0.3").code)).layers[6]
    assert dropout.config["rate"] == 0.3
    assert preset_named("12-epochs").config().epochs == 12
    assert COURSE.config().epochs == 1 and COURSE.config().batch_size == 128


def test_layer_names_are_keras_own() -> None:
    from keras.src.utils.naming import to_snake_case

    for name in kind_names():
        assert keras_name(name) == to_snake_case(name)


def test_positional_and_keyword_arguments_mean_the_same() -> None:
    a = parse(HEADER + "model.add(Conv2D(8, (5, 5), (2, 2), 'same', activation='relu'))\n")
    b = parse(
        HEADER + "model.add(Conv2D(filters=8, kernel_size=5, strides=2, padding='SAME', "
        "activation='relu'))\n"
    )
    assert a.layers[0].arguments == b.layers[0].arguments
    assert a.layers[0].arguments == {
        "filters": 8, "kernel_size": (5, 5), "strides": (2, 2), "padding": "same",
        "activation": "relu",
    }  # fmt: skip
    pool = parse(HEADER + "model.add(AveragePooling2D(3, None, 'valid'))\n").layers[0]
    assert pool.arguments == {"pool_size": (3, 3), "strides": None, "padding": "valid"}
    dense = parse(HEADER + "model.add(Dense(num_classes, 'softmax'))\n").layers[0]
    assert dense.arguments == {"units": 10, "activation": "softmax"}


def test_every_layer_kind_builds_as_planned() -> None:
    code = HEADER + (
        "model.add(Conv2D(8, 3, strides=2, padding='same', activation='tanh',"
        " input_shape=input_shape))\n"
        "model.add(BatchNormalization())\n"
        "model.add(AveragePooling2D(pool_size=(2, 2)))\n"
        "model.add(MaxPooling2D((2, 2), strides=1))\n"
        "model.add(Dropout(rate=0.1))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(units=16, activation='sigmoid'))\n"
        "model.add(Dense(num_classes, activation='softmax'))\n"
    )
    plan = check(parse(code))
    assert plan.ok, plan.problems
    model = build_network(parse(code))
    summary = summarize(config_layers(model))
    assert [(i.name, i.output_shape, i.params, i.trainable_params) for i in plan.layers] == [
        (i.name, i.output_shape, i.params, i.trainable_params) for i in summary.layers
    ]
    assert plan.summary().non_trainable == summary.non_trainable == 16  # BN's moving statistics


# Refused without running anything ---------------------------------------------------------


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Reading code must not call exec or eval; a file the code would create is looked for."""

    def refuse(*args, **kwargs):
        raise AssertionError("the code was run")

    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "eval", refuse)
    return tmp_path / "pwned"


HOSTILE = [
    ("import os\nos.system('touch {p}')", 1, "import"),
    ("__import__('os').system('touch {p}')", 1, "__import__"),
    ("model = Sequential()\nmodel.add(Dense(10, activation=open('{p}', 'w')))", 2, "calling open"),
    ("model = Sequential()\nmodel.add(Dense(10, activation=lambda x: open('{p}', 'w')))", 2,
     "a lambda"),
    ("model = Sequential()\nmodel.add(Lambda(lambda x: open('{p}', 'w')))", 2,
     "Lambda is not a layer digitpad knows"),
    ("model = Sequential()\nmodel.add(keras.layers.Dense(10))", 2, "attribute .Dense"),
    ("model = Sequential()\nmodel.__class__.__init__ = open\nopen('{p}', 'w')", 2, "can be set"),
    ("model = Sequential()\nmodel.add(Dense(10)).__globals__", 2, "attribute .__globals__"),
    ("num_classes = [open('{p}', 'w') for _ in 'x']", 1, "a comprehension"),
    ("num_classes = f'{{open(\"{p}\", \"w\")}}'", 1, "an f-string"),
    ("model = Sequential()\nmodel.add(Dense(*[open('{p}', 'w')]))", 2, "a starred argument"),
    ("model = Sequential()\nmodel.add(Dense(**{{'units': 10}}))", 2, "a starred argument"),
    ("model = Sequential()\nmodel.add(Dense(sizes[0]))", 2, "indexing"),
    ("model = Sequential()\nmodel.add(Dense(__builtins__))", 2, "the name __builtins__"),
    ("from os import system\nsystem('touch {p}')", 1, "the only imports allowed"),
    ("from keras.layers import Dense as open", 1, "the only imports allowed"),
    ("with open('{p}', 'w'):\n    pass", 1, "this kind of statement"),
    ("model = Sequential()\nmodel.compile(open('{p}', 'w'))", 2, "calling model.compile"),
    ("def f():\n    open('{p}', 'w')\nf()", 1, "this kind of statement"),
    ("model = Sequential()\nmodel.add(Dense(10))\n" + "x = (" * 9 + ")" * 9, 3,
     "nested too deeply"),
]  # fmt: skip


@pytest.mark.parametrize(("template", "line", "words"), HOSTILE, ids=[h[2] for h in HOSTILE])
def test_other_code_is_refused_with_one_sentence_and_never_runs(
    nothing_runs: Path, template: str, line: int, words: str
) -> None:
    code = template.format(p=nothing_runs)
    with pytest.raises(NetworkError) as caught:
        parse(code)
    (problem,) = caught.value.problems
    assert problem.line == line
    assert problem.message.startswith(f"Line {line}: ") and words in problem.message
    assert problem.message.count(". ") == 0 and problem.message.endswith(".")  # one sentence
    assert not nothing_runs.exists()


def test_refused_code_names_what_is_allowed() -> None:
    with pytest.raises(NetworkError, match=r"Line 1: .*model = Sequential\(\) and model\.add"):
        parse("print('hello')")
    with pytest.raises(NetworkError, match=r"use Conv2D, MaxPooling2D, AveragePooling2D, Dropout"):
        parse(HEADER + "model.add(Conv3D(8, 3))")
    with pytest.raises(
        NetworkError, match=r"Line 4: Dense does not take kernel_size; it takes units"
    ):
        parse(HEADER + "model.add(Dense(8, kernel_size=3))")
    # The registry writes use_bias back from a model's config, but the code may not give it.
    with pytest.raises(
        NetworkError,
        match=r"Line 4: Dense does not take use_bias; it takes units, activation, input_shape\.",
    ):
        parse(HEADER + "model.add(Dense(8, use_bias=False))")
    with pytest.raises(NetworkError, match=r"Line 4: 'rleu' is not an activation digitpad knows"):
        parse(HEADER + "model.add(Dense(8, activation='rleu'))")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("x" * (MAX_CHARS + 1), "too long"),
        ("\n" * 400, "too long"),
        ("model = Sequential()\nnum_classes = " + "-" * 5000 + "1", "too long for one layer"),
        ("num_classes = " + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1), "nested"),
        ("model = Sequential()\nmodel.add(Dense(10,\n", "Line 2: Python cannot read"),
        ("model = Sequential(\x00)", "NUL"),
        ("num_classes = 1" + "+1" * 40, "an operator"),
    ],
    ids=["chars", "lines", "tokens", "nesting", "unclosed", "nul", "operators"],
)
def test_the_text_is_bounded_before_python_parses_it(code: str, message: str) -> None:
    with pytest.raises(NetworkError, match=message):
        parse(code)


# Networks that cannot learn MNIST, explained line by line ----------------------------------


def problems(body: str) -> list[str]:
    return [p.message for p in check(parse(HEADER + body)).problems]


def test_impossible_networks_are_explained_with_their_line() -> None:
    assert problems(
        "model.add(Conv2D(32, (3, 3)))\nmodel.add(Dense(10, activation='softmax'))"
    ) == [
        "Line 5: Dense needs a row of values, but it gets 26×26×32 feature maps; "
        "add model.add(Flatten()) before it."
    ]
    assert problems(
        "model.add(Flatten())\nmodel.add(Conv2D(8, 3))\nmodel.add(Dense(10, activation='softmax'))"
    ) == [
        "Line 5: Conv2D needs feature maps, but after Flatten it gets a row of 784 values; "
        "put it before Flatten()."
    ]
    assert problems(
        "model.add(Conv2D(8, kernel_size=(29, 3)))\nmodel.add(Flatten())\n"
        "model.add(Dense(10, activation='softmax'))"
    ) == ["Line 4: the 29×3 kernel is larger than its 28×28 input."]
    pools = "model.add(MaxPooling2D(pool_size=(2, 2)))\n" * 5
    assert problems(pools + "model.add(Flatten())\nmodel.add(Dense(10, activation='softmax'))") == [
        "Line 8: the 2×2 pooling window is larger than its 1×1 input, so the maps would shrink "
        "below 1×1."
    ]


def test_the_output_must_be_a_ten_way_softmax() -> None:
    expected = (
        "Line 6: the last layer must give the ten digits' probabilities: "
        "model.add(Dense(num_classes, activation='softmax')) with num_classes = 10."
    )
    body = "model.add(Flatten())\nmodel.add(Dense(64, activation='relu'))\n"
    assert problems(body + "model.add(Dense(num_classes))") == [expected]
    assert problems(body + "model.add(Dense(12, activation='softmax'))") == [expected]
    assert problems(body + "model.add(Dropout(0.5))") == [expected]


def test_input_and_size_limits_are_explained() -> None:
    assert problems(
        "model.add(Flatten(input_shape=(32, 32, 3)))\nmodel.add(Dense(10, activation='softmax'))"
    ) == [
        "Line 4: the input must be MNIST's 28×28 grayscale digits, input_shape = (28, 28, 1), "
        "not (32, 32, 3)."
    ]
    found = problems(
        "model.add(Conv2D(64, (3, 3)))\nmodel.add(Flatten())\n"
        "model.add(Dense(200, activation='relu'))\nmodel.add(Dense(10, activation='softmax'))"
    )
    conv, dense, out = 64 * (9 + 1), 26 * 26 * 64 * 200 + 200, 200 * 10 + 10
    assert found == [
        f"Line 6: the network would have {conv + dense + out:,} parameters, more than the "
        f"{MAX_PARAMETERS:,} digitpad trains, and this layer alone has {dense:,}."
    ]
    assert (
        "values for each image"
        in problems(
            "model.add(Conv2D(3000, (3, 3)))\nmodel.add(Flatten())\n"
            "model.add(Dense(10, activation='softmax'))"
        )[0]
    )


def test_several_problems_are_all_listed_and_block_building() -> None:
    code = HEADER + (
        "model.add(Dense(8, input_shape=(28, 28, 3)))\n"
        "model.add(Flatten())\n"
        "model.add(Dense(10, activation='relu'))\n"
    )
    spec = parse(code)
    assert [p.line for p in check(spec).problems] == [4, 4]
    with pytest.raises(NetworkError) as caught:
        build_network(spec)
    assert len(caught.value.sentences()) == 2


def test_variables_and_header_lines() -> None:
    spec = parse(
        "from tensorflow.keras.layers import Dense, Flatten\n"
        "img_rows = 28\nimg_cols = 28\nnum_classes = 10\n"
        "input_shape = (img_rows, img_cols, 1)\nmodel = Sequential()\n"
        "model.add(Flatten(input_shape=input_shape))\n"
        "model.add(Dense(num_classes, activation='softmax'))\n"
    )
    assert check(spec).ok and spec.sequential_line == 6
    for code, message in [
        ("model = Sequential()\nmodel = Sequential()", "only once"),
        ("model = Sequential([Dense(10)])", "write model = Sequential()"),
        ("num_classes = 10", "must create the network"),
        ("model = Sequential()\n# nothing yet", "no layers yet"),
        ("img_rows, img_cols = 28", "as many values as names"),
        ("model = Sequential()\nmodel.add(Dense(8), Dense(2))", "takes one layer"),
        ("model = Sequential()\nmodel.add(Dense(8, units=2))", "given twice"),
        ("model = Sequential()\nmodel.add(Conv2D(8))", "Conv2D needs kernel_size"),
    ]:
        with pytest.raises(NetworkError, match=message):
            parse(code)


def test_code_files_are_read_with_bounds(tmp_path: Path) -> None:
    import os

    good = tmp_path / "net.py"
    good.write_text(COURSE_CODE, encoding="utf-8")
    assert read_code(good) == COURSE_CODE
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\xff\xfe\x00model")
    with pytest.raises(NetworkError, match="is not UTF-8 text"):
        read_code(binary)
    huge = tmp_path / "huge.py"
    huge.write_text("#" * (5 * MAX_CHARS))
    with pytest.raises(NetworkError, match="too long"):
        read_code(huge)
    with pytest.raises(NetworkError, match="does not exist"):
        read_code(tmp_path / "missing.py")
    fifo = tmp_path / "fifo.py"
    os.mkfifo(fifo)
    with pytest.raises(NetworkError):  # never opened for reading: it would block
        read_code(fifo)


# The course slide's lines, exactly as the slide shows them: no assignments above them.
SLIDE_LINES = COURSE_CODE[COURSE_CODE.index("model = Sequential()") :]


def test_the_slide_s_lines_alone_are_the_course_s_network() -> None:
    """Pasted from the slide, they use input_shape and num_classes without setting them: those
    mean the course's (28, 28, 1) and 10, as img_rows and img_cols mean 28."""
    assert "input_shape = " not in SLIDE_LINES and "num_classes = " not in SLIDE_LINES
    plan = check(parse(SLIDE_LINES))
    assert plan.ok and plan.summary().total == 1_199_882
    assert preset_for_code(SLIDE_LINES) is COURSE
    rows_and_cols = (
        "model = Sequential()\nmodel.add(Flatten(input_shape=(img_rows, img_cols, 1)))\n"
    )
    assert check(parse(rows_and_cols + "model.add(Dense(num_classes, activation='softmax'))")).ok


def test_a_file_s_own_values_win() -> None:
    spec = parse("num_classes = 7\n" + SLIDE_LINES)
    assert spec.layers[-1].arguments["units"] == 7
    assert not check(spec).ok  # and MNIST has ten classes: the check says so
    with pytest.raises(NetworkError, match="the name batch_size means nothing here"):
        parse(SLIDE_LINES + "model.add(Dense(batch_size))\n")


def test_summary_and_train_take_the_slide_s_lines_from_a_file(tmp_path: Path, capsys) -> None:
    from digitpad.cli import main

    arch = tmp_path / "slide.py"
    arch.write_text(SLIDE_LINES, encoding="utf-8")
    assert main(["summary", "--arch", str(arch)]) == 0
    assert "Total params: 1,199,882" in capsys.readouterr().out


@pytest.mark.parametrize(
    "edit",
    [
        lambda code: code.replace("(3, 3), activation", "kernel_size=3, activation"),
        lambda code: code.replace("Dense(num_classes", "Dense(10"),
        lambda code: code.replace("Dropout(0.25)", "Dropout(rate=0.25)") + "# a comment\n",
        lambda code: code.replace("activation='relu',\n", "activation='relu',"),
        lambda code: code.replace("num_classes = 10\n", ""),
    ],
    ids=["kernel-as-keyword", "ten-for-num_classes", "keyword-and-comment", "joined", "slide"],
)
def test_a_preset_is_recognized_by_what_its_code_says(edit) -> None:
    """A hand edit that says the same as a preset is that preset, not "your own code"."""
    for preset in PRESETS:
        edited = edit(preset.code)
        found = preset_for_code(edited)
        assert found is not None and found.code == preset.code, (preset.key, edited)
    different = COURSE.code.replace("Dense(128", "Dense(64")
    assert preset_for_code(different) is None
