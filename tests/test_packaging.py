"""A non-editable install ships everything: every sub-package, the bundled model and the
judgement's fitting sets with their attribution (kept in the top-level assets/ folder and
mapped into the package), the compiled translations."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_the_packages_the_model_and_the_catalogs(tmp_path: Path) -> None:
    built = subprocess.run(  # pip builds in isolation with the setuptools pyproject.toml asks for
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("digitpad-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "digitpad/assets/digitpad-cnn.keras" in names
    for fitting in ("non-digits.npz", "redrawn-digits.npz", "ATTRIBUTION.md"):  # the judgement's
        assert f"digitpad/assets/{fitting}" in names
    assert "digitpad/translations/digitpad_zh_TW.qm" in names
    assert "digitpad/locale/zh_TW/LC_MESSAGES/digitpad.mo" in names
    source = {str(p.relative_to(ROOT)) for p in (ROOT / "digitpad").rglob("*.py") if p.is_file()}
    missing = sorted(name for name in source if name not in names)
    assert missing == [], "add the sub-package to [tool.setuptools] packages in pyproject.toml"
