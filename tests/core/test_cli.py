"""The command line: outputs, JSON shapes, exit codes, and no tracebacks."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.cli import main
from digitpad.core import i18n
from digitpad.core.models import choices
from digitpad.core.models.store import read_metadata
from digitpad.core.paths import bundled_model_path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """These tests read the English messages, whatever the locale they run in; a test that
    switches language (`--lang`) leaves it as it found it."""
    monkeypatch.setenv("LANGUAGE", "en")
    saved = i18n._translation, i18n._language
    yield
    i18n._translation, i18n._language = saved


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_matches_the_slide(capsys) -> None:
    code, out, _ = run(capsys, "summary")
    assert code == 0
    for figure in (
        "320",
        "18,496",
        "1,179,776",
        "1,290",
        "Total params: 1,199,882",
        "Trainable params: 1,199,882",
        "Non-trainable params: 0",
    ):
        assert figure in out


def test_train_saves_a_model_and_prints_the_course_lines(
    capsys, mnist_dir: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "mine.keras"
    code, out, _ = run(
        capsys, "train", "--data", str(mnist_dir), "--out", str(out_path), "--batch-size", "200"
    )
    assert code == 0
    loss = float(out.split("Test loss: ")[1].split()[0])
    accuracy = float(out.split("Test accuracy: ")[1].split()[0])
    assert loss > 0 and 0.0 <= accuracy <= 1.0
    # The judgement fit after training says in plain words what it does, up to its own 100%.
    stage = "Learning what digits look like, to tell a digit from a scribble… "
    assert stage + "100%" in out and "judgement" not in out.lower()
    assert [p.name for p in tmp_path.iterdir()] == ["mine.keras"]  # metadata inside, no sidecar
    assert read_metadata(out_path)["test_accuracy"] == pytest.approx(accuracy, abs=1e-4)
    code, out, _ = run(
        capsys, "evaluate", "--model", str(out_path), "--data", str(mnist_dir), "--json"
    )
    result = json.loads(out)
    assert code == 0 and result["accuracy"] == pytest.approx(accuracy, abs=1e-4)


def test_train_defaults_to_the_user_folder(capsys, mnist_dir: Path, private_home: Path) -> None:
    code, out, _ = run(capsys, "train", "--data", str(mnist_dir), "--batch-size", "500")
    assert code == 0
    saved = list((private_home / "models").glob("*.keras"))
    assert len(saved) == 1 and str(saved[0]) in out
    code, out, _ = run(capsys, "evaluate", "--data", str(mnist_dir))
    assert f"Model: {saved[0]}" in out, "--model defaults to the latest trained model"


def test_evaluate_remembers_its_data_as_train_does(capsys, mnist_dir: Path) -> None:
    """`evaluate --data X` then `evaluate` used to forget X (only train remembered it)."""
    code, out, _ = run(capsys, "evaluate", "--data", str(mnist_dir), "--json")
    assert code == 0 and json.loads(out)["samples"] == 300
    assert choices.data_source() == str(mnist_dir.resolve())
    code, out, _ = run(capsys, "evaluate", "--json")  # the fixture's 300, not the Keras cache
    assert code == 0 and json.loads(out)["samples"] == 300


def test_the_bundled_model_has_a_short_name(capsys, tmp_path: Path) -> None:
    """After training, the model in use is the new one; `--model bundled` still reaches the
    bundled model, wherever it is installed, for every command that takes --model."""
    seven = write_digit(tmp_path / "seven.png", [(80, 60), (200, 60), (120, 230)])
    other = tmp_path / "other.keras"
    other.write_bytes(bundled_model_path().read_bytes())
    choices.remember_model(other)  # as train leaves it
    code, out, _ = run(capsys, "predict", str(seven))
    assert out.startswith(f"Model: {other}")
    code, out, err = run(capsys, "predict", "--model", "bundled", str(seven))
    assert code == 0 and out.startswith(f"Model: {bundled_model_path()}"), err
    code, out, _ = run(capsys, "explain", "--model", "bundled", "--json", str(seven))
    assert code == 0 and json.loads(out)["digit"] == 7
    code, out, _ = run(capsys, "summary", "--model", "bundled")
    assert code == 0 and "1,199,882" in out
    for command in ("gui", "evaluate", "finetune"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "bundled" in capsys.readouterr().out


def test_evaluate_defaults_to_the_bundled_model(capsys, mnist_dir: Path) -> None:
    code, out, _ = run(capsys, "evaluate", "--data", str(mnist_dir), "--json")
    result = json.loads(out)
    assert code == 0 and result["model"].endswith("digitpad-cnn.keras")
    assert result["accuracy"] >= 0.98 and result["samples"] == 300
    assert 0.0 <= result["rejected_as_not_digit"] <= 0.03  # the judgement keeps 98 % of digits


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--data", "/no/such/folder"], "does not exist"),
        (["train", "--epochs", "0", "--data", "x"], "Invalid setting: epochs must be at least 1"),
        (["evaluate", "--model", "/no/such.keras"], "does not exist"),
        (["summary", "--model", "model.pt"], "it loads .keras and .h5 files"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, args: list[str], message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert message in err and err.startswith("digitpad: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_gui_command_passes_model_and_language_on(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    app = types.ModuleType("digitpad.gui.app")  # stands in for the window: no Qt here
    app.run = lambda **kwargs: calls.append(kwargs) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "digitpad.gui.app", app)
    assert main(["--lang", "zh_TW", "gui", "--model", "mine.keras"]) == 0
    assert main([]) == 0
    assert calls == [
        {"model_path": Path("mine.keras"), "language": "zh_TW"},
        {"model_path": None, "language": None},  # the window picks the remembered or system one
    ]


def write_digit(path: Path, points, pen: int = 18) -> Path:
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).line(points, fill=0, width=pen, joint="curve")
    image.save(path)
    return path


def test_predict_lines_and_json(capsys, tmp_path: Path) -> None:
    seven = write_digit(tmp_path / "seven.png", [(80, 60), (200, 60), (120, 230)])
    one = write_digit(tmp_path / "one.png", [(140, 40), (140, 240)])
    blank = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), "white").save(blank)
    code, out, err = run(capsys, "predict", str(seven), str(one), str(blank))
    model, *lines = out.splitlines()
    assert code == 0 and err == ""
    assert model == f"Model: {bundled_model_path()}"  # which model answered
    assert lines[0].startswith(f"{seven}: 7 (") and lines[0].endswith("%)")
    assert lines[1].startswith(f"{one}: 1 (")
    assert lines[2] == f"{blank}: no digit"
    code, out, _ = run(capsys, "predict", "--json", str(seven), str(blank))
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0]["file"] == str(seven) and records[0]["digit"] == 7
    assert len(records[0]["probabilities"]) == 10
    assert sum(records[0]["probabilities"]) == pytest.approx(1.0, abs=1e-4)
    assert records[0]["model"] == str(bundled_model_path())
    assert records[0]["is_digit"] is True and 0.5 < records[0]["confidence"] <= 1.0
    assert records[1] == {
        "file": str(blank),
        "model": str(bundled_model_path()),
        "digit": None,
        "is_digit": None,
        "confidence": None,
        "judge": records[0]["judge"],
        "probabilities": None,
    }


def test_predict_says_not_a_digit(capsys, tmp_path: Path) -> None:
    from digitpad.core.inference.judgement import JUDGE_GAUSSIAN

    dot = tmp_path / "dot.png"
    image = Image.new("L", (280, 280), 255)
    ImageDraw.Draw(image).ellipse([125, 125, 155, 155], fill=0)  # one click of a 30 px pen
    image.save(dot)
    code, out, _ = run(capsys, "predict", str(dot))
    assert code == 0
    last = out.strip().splitlines()[-1]  # after the "Model: …" line
    assert re.fullmatch(rf"{re.escape(str(dot))}: not a digit \(nearest \d, [\d.]+%\)", last)
    code, out, _ = run(capsys, "predict", "--json", str(dot))
    record = json.loads(out)
    assert record["is_digit"] is False and record["judge"] == JUDGE_GAUSSIAN
    assert record["digit"] == int(np.argmax(record["probabilities"]))
    assert 0.0 <= record["confidence"] <= 1.0


def test_predict_reports_bad_files_and_goes_on(capsys, tmp_path: Path) -> None:
    seven = write_digit(tmp_path / "seven.png", [(80, 60), (200, 60), (120, 230)])
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    truncated = tmp_path / "cut.png"
    truncated.write_bytes(seven.read_bytes()[:200])
    code, out, err = run(
        capsys, "predict", str(text), str(seven), str(tmp_path / "gone.png"), str(truncated)
    )
    assert code == 1
    model, *lines = out.splitlines()
    assert model.startswith("Model: ")
    assert lines == [line for line in lines if line.startswith(str(seven))]
    assert len(lines) == 1
    assert len(err.splitlines()) == 3 and "Traceback" not in err
    assert "notes.png: not an image file" in err and "gone.png does not exist." in err


def test_predict_many_files_in_one_run(capsys, tmp_path: Path, small_mnist) -> None:
    paths = []
    for i, image in enumerate(small_mnist.x_test[:120]):
        paths.append(tmp_path / f"{i}.png")
        Image.fromarray(255 - image).save(paths[-1])  # dark ink on light, like a scan
    code, out, _ = run(capsys, "predict", "--json", *map(str, paths))
    digits = [json.loads(line)["digit"] for line in out.splitlines()]
    assert code == 0 and len(digits) == 120
    assert np.mean(np.array(digits) == small_mnist.y_test[:120]) >= 0.97


def test_console_script_and_module_entry(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    out = subprocess.run(
        [sys.executable, "-m", "digitpad", "--version"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0 and out.stdout.startswith("digitpad ")
    out = subprocess.run(
        [sys.executable, "-m", "digitpad", "train", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 2 and "lacks train-images-idx3-ubyte" in out.stderr
    # One sentence: no traceback, and none of TensorFlow's C++ start-up notices either.
    assert out.stderr.count("\n") == 1, out.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_aborts_at_once_until_training_runs_then_stops_after_the_batch(capsys) -> None:
    """Reading samples or MNIST: Ctrl-C aborts at once. From MNIST read on (training, fitting,
    saving), the first asks the run to stop after this batch; a second aborts at once."""
    import threading

    from digitpad.cli.progress import ProgressPrinter, stop_on_ctrl_c
    from digitpad.core.progress import DataLoadedProgress

    stop = threading.Event()
    printer = ProgressPrinter()
    with stop_on_ctrl_c(stop, gently=lambda: printer.working):
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        assert not stop.is_set()
        printer(DataLoadedProgress("the fixture", 1000))
        signal.raise_signal(signal.SIGINT)
        assert stop.is_set()
        assert "Stopping after this batch" in capsys.readouterr().err
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_stops_training_without_a_file(mnist_dir: Path, tmp_path: Path) -> None:
    out_path = tmp_path / "never.keras"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "digitpad",
            "train",
            "--data",
            str(mnist_dir),
            "--epochs",
            "50",
            "--batch-size",
            "50",
            "--out",
            str(out_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    for line in proc.stdout:  # wait until training has really started
        if line.startswith("Epoch 1/50"):
            break
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "no model was saved" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
