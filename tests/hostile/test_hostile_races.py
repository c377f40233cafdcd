"""Two digitpad processes at the same moment: nothing one of them writes is lost.

- Two trainings saving with the default `--out` in the same second used to print the same
  file name, and the second save silently replaced the first: a new model's name is now
  reserved create-exclusive (`store.new_user_model_path`).
- Two processes changing `choices.json` at once each wrote its change over a copy read
  before the other's (200 of 600 lost in the issue's probe): the read-modify-write now
  runs under a lock (`core.file_lock`).
- Two windows saving their settings at once: each publishes its copy merged over what the
  file holds, under a lock too (`gui.settings_file`), so neither's keys are lost.

Each race is run by real processes released together by a file appearing (no timing in
the assertions: what is checked is the files and values left, counted exactly).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from hostile_helpers import REPO, child_env

from digitpad.core import file_lock
from digitpad.core.models import choices
from digitpad.core.models.store import user_model_files
from digitpad.core.paths import user_models_dir

WAIT_FOR_GO = """
import os, sys, time
go = sys.argv[1]
while not os.path.exists(go):
    time.sleep(0.001)
"""


def run_together(script: str, args: list[list[str]], tmp_path: Path) -> list[str]:
    """Start one process per argument list, release them at once, return their stdouts."""
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WAIT_FOR_GO + script, str(go), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=REPO,
        )
        for extra in args
    ]
    time.sleep(0.5)  # let both reach their wait (only speeds the race up; not asserted on)
    go.touch()
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        outs.append(out)
    return outs


RESERVE = """
from digitpad.core.models.store import new_user_model_path
print("\\n".join(str(new_user_model_path()) for _ in range(int(sys.argv[2]))))
"""


def test_two_processes_reserving_new_model_names_at_once_never_share_one(
    tmp_path: Path,
) -> None:
    outs = run_together(RESERVE, [["150"], ["150"]], tmp_path)
    names = [line for out in outs for line in out.splitlines()]
    assert len(names) == 300 and len(set(names)) == 300
    assert all(Path(name).is_file() and Path(name).stat().st_size == 0 for name in names)
    assert user_model_files() == []  # a reservation is not a model until it is saved


KEEP = """
from pathlib import Path
from digitpad.core.files import write_atomic
from digitpad.core.training.keep import train_and_keep

class Result:
    cancelled = False
    model = "the model of " + sys.argv[2]
    snapshots = None  # no weights kept along the run

class Recipe:
    def check_memory(self): pass
    def run(self, data, steps, progress, should_stop): return Result()
    def record(self, result, data): return {}

class Data:
    source, y_train, notes = "nowhere", [], ()

class Steps:
    def check_can_save(self, path): pass
    def check_memory(self, recipe): recipe.check_memory()
    def load_data(self, source): return Data()
    def fit_judgement(self, model, data, *, progress, should_stop): return None
    def save_model(self, model, path, *, metadata, attachments):
        write_atomic(Path(path), model.encode())
        return path

kept = [train_and_keep(Recipe, steps=Steps(), remember_model=False) for _ in range(40)]
print("\\n".join(str(k.path) for k in kept))
"""


def test_two_trainings_saving_at_the_same_moment_keep_both_models(tmp_path: Path) -> None:
    """The whole "train and keep" sequence (its training faked: only the naming and saving
    race), 40 saves in each of two processes started together: 80 files, each holding
    what its own process saved."""
    outs = run_together(KEEP, [["A"], ["B"]], tmp_path)
    for out, who in zip(outs, "AB", strict=True):
        paths = [Path(line) for line in out.splitlines()]
        assert len(paths) == 40
        assert all(p.read_text() == f"the model of {who}" for p in paths)
    assert len(set(outs[0].splitlines()) | set(outs[1].splitlines())) == 80
    assert len(list(user_models_dir().glob("*.keras"))) == 80


REMEMBER = """
from digitpad.core.models import choices
role, count = sys.argv[2], int(sys.argv[3])
lost = 0
for i in range(1, count + 1):
    now = choices.read()
    mine = now.data.path if role == "data" else now.model
    if i > 1 and mine != f"/{role}/{i - 1}":
        lost += 1  # the other process wrote over my last change
    if role == "data":
        choices.remember_data(local=True, path=f"/{role}/{i}")
    else:
        choices.update(lambda c: c.__class__(model=f"/{role}/{i}", data=c.data))
print(lost)
"""


def test_two_processes_changing_choices_at_once_lose_nothing(tmp_path: Path) -> None:
    """One process changes the MNIST source 300 times, another the model 300 times; before
    each change each checks its own previous change is still there."""
    outs = run_together(REMEMBER, [["data", "300"], ["model", "300"]], tmp_path)
    assert [int(out) for out in outs] == [0, 0]
    final = choices.read()
    assert final.data.path == "/data/300" and final.model == "/model/300"


def test_the_lock_is_never_taken_through_a_fifo_or_a_link(tmp_path: Path) -> None:
    import pytest

    fifo = tmp_path / "fifo.lock"
    os.mkfifo(fifo)
    with pytest.raises(OSError), file_lock.locked(fifo):
        pass
    target = tmp_path / "elsewhere"
    target.write_text("keep me")
    link = tmp_path / "link.lock"
    link.symlink_to(target)
    with pytest.raises(OSError), file_lock.locked(link):
        pass
    assert target.read_text() == "keep me"


def test_a_lock_held_elsewhere_is_waited_for_a_bounded_time(monkeypatch) -> None:
    """A process hung while holding the choices' lock cannot hang another: the change is
    not made (said in a log line), and the lock is free again once its holder is gone."""
    import pytest

    lock = choices.choices_path().with_name(choices.LOCK_NAME)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from digitpad.core.file_lock import locked\n"
            "with locked(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(file_lock.LockTimeout), file_lock.locked(lock, timeout=0.2):
            pass
        monkeypatch.setattr(choices, "LOCK_TIMEOUT", 0.2)
        assert not choices.remember_data(local=True, path="/while/held")
        assert choices.read() == choices.Choices()
    finally:
        holder.kill()
        holder.wait()
    assert choices.remember_data(local=True, path="/after")
    assert choices.data_source() == "/after"


def test_the_choices_written_never_go_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "outside.json"
    target.write_text('{"model": null}')
    path = choices.choices_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    assert choices.remember_data(local=True, path="/somewhere")
    assert target.read_text() == '{"model": null}'
    assert not path.is_symlink() and json.loads(path.read_text())["data"]["path"] == "/somewhere"


SET_SETTINGS = """
from digitpad.gui.settings_file import SettingsFile
from digitpad.core.paths import user_data_dir
settings = SettingsFile.shared(user_data_dir() / "settings.ini")
who, count = sys.argv[2], int(sys.argv[3])
for i in range(count):
    settings.set_value(f"{who}/key{i}", i)
    settings.sync()
"""


def test_two_windows_saving_settings_at_once_lose_no_key(tmp_path: Path) -> None:
    """Two processes each set 150 keys of their own, saving after each: every key of both
    is in the file at the end (a save merges over the file under a lock)."""
    from digitpad.core.paths import user_data_dir

    run_together(SET_SETTINGS, [["left", "150"], ["right", "150"]], tmp_path)
    text = (user_data_dir() / "settings.ini").read_text()
    lost = [
        f"{who}/key{i}"
        for who in ("left", "right")
        for i in range(150)
        if f"key{i}={i}" not in text.split(f"[{who}]", 1)[-1].split("[", 1)[0]
    ]
    assert lost == []
