"""`choices.json` (the model in use and the MNIST source, shared by the window and the CLI)
as someone else left it: read with the same bounds as every other file digitpad reads.

A FIFO in its place used to hang every command that reads it, and 60,000 `[` raised a
RecursionError traceback. Each case is generated here; each read ends at once as "nothing
chosen", and the next change replaces the file whole (a link or FIFO in its place included).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_helpers import REPO, child_env

from digitpad.core.models import choices

HOSTILE = {
    "60,000 [": b"[" * 60_000,
    "deep objects": b'{"data": ' * 50 + b"{}" + b"}" * 50,
    "4,000-digit number": b'{"model": ' + b"9" * 4000 + b"}",
    "1e999": b'{"data": {"local": true, "path": 1e999}}',
    "NaN": b'{"model": NaN}',
    "64 KB and more": b'{"model": "' + b"x" * 70_000 + b'"}',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_choices_file_reads_as_nothing_chosen(case: str) -> None:
    path = choices.choices_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(HOSTILE[case])
    chosen = choices.read()
    assert chosen.model is None and chosen.data.source is None and chosen.data.path == ""
    assert choices.remember_data(local=True, path="/mnist")  # replaced whole
    assert choices.read().data.source == "/mnist"


def test_a_fifo_in_place_of_choices_hangs_no_command(tmp_path: Path) -> None:
    """`summary`, `runs` and a read and a change of the choices, in a child process that
    would block for ever on opening the FIFO: it ends, and the FIFO is replaced by a file."""
    path = choices.choices_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    script = (
        "from digitpad.cli import main\n"
        "from digitpad.core.models import choices\n"
        "assert main(['summary']) == 0\n"
        "assert main(['runs']) == 0\n"
        "assert choices.read() == choices.Choices()\n"
        "assert choices.remember_data(local=True, path='/mnist')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert path.is_file() and json.loads(path.read_text())["data"]["path"] == "/mnist"


def test_a_path_the_system_cannot_look_at_is_no_choice(capsys: pytest.CaptureFixture[str]) -> None:
    """A remembered model and MNIST source whose names are too long for the system
    (ENAMETOOLONG: `is_file()` raises instead of answering): no model is in use (commands
    use the bundled one), and reading MNIST from there, remembered or given as --data, is
    one sentence with exit 2."""
    from hostile_helpers import one_sentence

    from digitpad.cli import main

    long_name = "/" + "x" * 300 + "/model.keras"
    long_data = "/" + "m" * 300
    path = choices.choices_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"model": long_name, "data": {"local": True, "path": long_data}}
    path.write_text(json.dumps(record))
    assert choices.read().model == long_name and choices.data_source() == long_data
    assert choices.model_in_use() is None
    capsys.readouterr()
    assert main(["summary"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    for args in (["evaluate"], ["evaluate", "--data", "/" + "d" * 300]):
        assert main(args) == 2, args
        line = one_sentence(capsys.readouterr().err)
        assert "too long" in line, line


def test_a_home_folder_of_nobody_is_a_path_that_does_not_exist(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`~user/…` for a user the system does not know: Path.expanduser raises RuntimeError
    ("Could not determine home directory"); digitpad reads it as a path that does not exist,
    one sentence and exit 2, for every option that takes a path."""
    from hostile_helpers import one_sentence

    from digitpad.cli import main

    nobody = "~digitpad-no-such-user-4f2a"
    for args in (
        ["summary", "--model", f"{nobody}/m.keras"],
        ["summary", "--arch", f"{nobody}/network.py"],
        ["evaluate", "--data", f"{nobody}/mnist"],
    ):
        assert main(args) == 2, args
        line = one_sentence(capsys.readouterr().err, naming=nobody)
        assert "does not exist" in line, line
    assert choices.remember_model(f"{nobody}/m.keras")
    assert choices.model_in_use() is None
