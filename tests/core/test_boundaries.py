"""The architecture rule: digitpad.core never imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import digitpad.core

CORE = Path(digitpad.core.__file__).parent


def test_core_never_imports_qt() -> None:
    offenders = []
    for source in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{source.name}: {n}"
                for n in names
                if n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "superqt", "qtpy"}
                or n.startswith("digitpad.gui")
            ]
    assert offenders == []
