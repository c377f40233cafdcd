"""The test suite on a used machine: a decoy model, odd settings and a junk mnist.npz in the
"real" home change nothing and are not used (the README's `python -m pytest` must pass there)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hostile_helpers import REPO

from digitpad.core.paths import bundled_model_path

PROBE = Path(__file__).with_name("used_machine_probe.py")
PRIVATE_VARIABLES = (
    "DIGITPAD_HOME",
    "KERAS_HOME",
    "DIGITPAD_MNIST",
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "USERPROFILE",
)


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file and folder under `folder`: (size, mtime in ns, sha256)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, digest)
    return found


def test_a_used_machines_home_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "real-home"
    models = home / ".local" / "share" / "digitpad" / "models"
    models.mkdir(parents=True)
    shutil.copy(bundled_model_path(), models / "model-29990101-000000.keras")  # the newest
    config = home / ".config" / "digitpad"
    config.mkdir(parents=True)
    (config / "digitpad.conf").write_text("[canvas]\npen_width=77\n[ui]\nlanguage=zh_TW\n")
    datasets = home / ".keras" / "datasets"
    datasets.mkdir(parents=True)
    (datasets / "mnist.npz").write_bytes(b"junk, not an archive")
    before = snapshot(home)

    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_VARIABLES}
    env.update(HOME=str(home), DIGITPAD_PROBE_REAL_HOME=str(home), TF_CPP_MIN_LOG_LEVEL="3")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PROBE)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=600,
    )
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout + proc.stderr
    assert snapshot(home) == before, "nothing in the real home changed or appeared"
