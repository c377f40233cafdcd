"""A network's code (`train --arch`, `summary --arch`, the window's Network editor) that passes
every rule of the language and still means harm, and what digitpad echoes from such files.

- A memory bomb through a legal network: `Conv2D(2500, kernel_size=1)`, `MaxPooling2D(28)`,
  `Flatten`, `Dense(10, softmax)` has 30,010 parameters and 1.96 M values per image; training
  it went past 4.5 GB. What *training* takes is estimated from the spec and refused against
  a stated budget, before any data is loaded, naming the line.
- Echoes: a 19,000-character activation name was echoed whole; a file name holding a line
  break forged an output line in `summary --arch`, `train` and `explain`. What is echoed is
  cut and quoted.
- Look-alike letters (`𝐃ense` reads as `Dense` to Python) and a 5,000-digit number get a
  sentence of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_helpers import one_sentence

from digitpad.cli import main
from digitpad.core.configs import FinetuneConfig, TrainConfig
from digitpad.core.errors import ModelError
from digitpad.core.network.check import check, checked
from digitpad.core.network.code import NetworkError, parse
from digitpad.core.network.presets import COURSE, PRESETS
from digitpad.core.network.training_memory import BUDGET_BYTES, estimate
from digitpad.core.training.keep import train_and_keep
from digitpad.core.training.recipes import Finetuning, Training
from digitpad.core.training.steps import CoreSteps

BOMB = """\
model = Sequential()
model.add(Conv2D(2500, kernel_size=1, input_shape=(28, 28, 1)))
model.add(MaxPooling2D(28))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
"""


def test_the_memory_bomb_is_refused_at_its_line_with_the_budget_said() -> None:
    plan = check(parse(BOMB))
    assert plan.summary().total == 30_010  # small: only memory gives it away
    (problem,) = plan.problems
    assert problem.line == 2
    assert "2.0 GB digitpad allows for training" in problem.message
    assert "1,960,000 values for each image" in problem.message
    assert estimate(plan.layers, 1).total > BUDGET_BYTES  # no batch size makes it fit


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.key)
def test_every_preset_fits_at_the_course_batch_and_well_beyond(preset) -> None:
    for batch in (1, 128, 1024):
        assert checked(parse(preset.code), batch).ok


def test_a_batch_too_large_for_memory_is_named_with_its_remedy() -> None:
    (problem,) = check(parse(COURSE.code), batch_size=8192).problems
    assert problem.line == 8  # the second convolution makes the most values
    assert "with batch size 8,192" in problem.message and "smaller batch size" in problem.message


def test_train_refuses_before_any_data_is_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No MNIST is reachable here (no --data, no cache): the refusal must come first."""
    arch = tmp_path / "bomb.py"
    arch.write_text(BOMB)
    assert main(["train", "--arch", str(arch)]) == 2
    one_sentence(capsys.readouterr().err, naming="Line 2: training this network")
    assert main(["train", "--batch-size", "8192"]) == 2
    one_sentence(capsys.readouterr().err, naming="with batch size 8,192")


class NoData(CoreSteps):
    """Steps that fail the test if anything is loaded."""

    @staticmethod
    def load_data(source):  # type: ignore[override]
        raise AssertionError("data was loaded before the memory check")


def test_the_train_and_keep_sequence_checks_memory_before_loading(tmp_path: Path) -> None:
    with pytest.raises(NetworkError, match="allows for training"):
        train_and_keep(
            lambda: Training(TrainConfig(), network=parse(BOMB)), steps=NoData(), target=None
        )


def bomb_model():
    """The memory bomb as a Keras model (30,010 parameters: a small file)."""
    import keras

    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(2500, 1),
            keras.layers.MaxPooling2D(28),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax", name="out"),
        ]
    )


def test_finetuning_a_model_too_big_to_train_is_refused_before_loading() -> None:
    recipe = Finetuning(bomb_model(), [], FinetuneConfig())
    with pytest.raises(ModelError, match="Fine-tuning this model with batch size 64") as caught:
        train_and_keep(lambda: recipe, steps=NoData())
    assert "1,960,000 values" in str(caught.value)


def test_training_a_saved_model_further_is_refused_before_loading(tmp_path: Path) -> None:
    """Training further from the model in use trains the model's own layers, whatever network
    the dialog last showed: a saved bomb, loaded as the window loads it, is refused in one
    sentence before any data is read (the course's network, checked instead, would pass)."""
    from digitpad.core.models.store import load_model

    path = tmp_path / "bomb.keras"
    bomb_model().save(path)
    model = load_model(path)
    recipe = Training(TrainConfig(), start_from=model, continued_from=path)
    with pytest.raises(ModelError) as caught:
        train_and_keep(lambda: recipe, steps=NoData(), target=None)
    message = str(caught.value)
    assert message.startswith("Training this model further with batch size 128 would take")
    assert "1,960,000 values for each image" in message and "\n" not in message
    assert checked(parse(COURSE.code), TrainConfig().batch_size).ok


# Echoes ------------------------------------------------------------------------------------


def test_a_19000_character_activation_is_cut_and_quoted() -> None:
    code = COURSE.code.replace("activation='relu'", "activation='" + "x" * 19_000 + "'", 1)
    with pytest.raises(NetworkError) as caught:
        parse(code)
    (message,) = caught.value.sentences()
    assert len(message) < 300 and "'xxxxxxxxxxxxxxxxxxx…xxxxxxxxxxxxxxxxxxxx'" in message


@pytest.mark.parametrize(
    "code",
    [
        "model = Sequential()\nmodel." + "a" * 19_000 + "()\n",
        "model = Sequential()\nmodel.add(" + "B" * 19_000 + "())\n",
        "model = Sequential()\nmodel.add(Dense(10, " + "c" * 19_000 + "=1))\n",
        "model = Sequential()\nmodel.add(Dense(" + "d" * 19_000 + "))\n",
    ],
    ids=["attribute", "layer", "keyword", "name"],
)
def test_every_long_name_echoed_is_cut(code: str) -> None:
    with pytest.raises(NetworkError) as caught:
        parse(code)
    assert len(str(caught.value)) < 600


def test_look_alike_letters_and_endless_numbers_get_their_own_sentence() -> None:
    with pytest.raises(NetworkError, match="'𝐃ense' is not written in plain ASCII letters"):
        parse(COURSE.code.replace("Dense(128", "𝐃ense(128"))
    # comments and strings may hold any letters (a class writes in Chinese)
    assert parse("# 卷積層\n" + COURSE.code).layers
    with pytest.raises(NetworkError, match="has 5,000 characters") as caught:
        parse(COURSE.code.replace("Dense(128", "Dense(" + "1" * 5000))
    assert "Python cannot read" not in str(caught.value)


def newline_file(tmp_path: Path, text: str, suffix: str) -> Path:
    path = tmp_path / f"forged\nGOT YOU: 100 % sure{suffix}"
    path.write_text(text)
    return path


def test_summary_and_train_never_echo_a_line_break_from_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arch = newline_file(tmp_path, COURSE.code, ".py")
    assert main(["summary", "--arch", str(arch)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Network: '") and out[0].endswith("GOT YOU: 100 % sure.py'")
    assert not any(line.startswith("GOT YOU") for line in out)
    bomb = newline_file(tmp_path, BOMB, ".arch")
    assert main(["train", "--arch", str(bomb)]) == 2  # refused: its name is never printed raw
    assert "GOT YOU" not in capsys.readouterr().out


def test_explain_never_echoes_a_line_break_from_a_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image, ImageDraw

    image = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(image).line([(56, 15), (56, 97)], fill=0, width=10)
    path = tmp_path / "one\nGOT YOU: 9 (100.0%).png"
    image.save(path, format="PNG")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("'") and "\\nGOT YOU" in out[0]
    assert not any(line.startswith("GOT YOU") for line in out)
