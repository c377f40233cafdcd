"""The architecture rules: digitpad.core never imports Qt, and its modules form no import cycle."""

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


def _imports(source: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in `source` that runs, lazy ones inside functions too;
    those under `if TYPE_CHECKING:` only serve the type checker and are left out."""
    found: list[tuple[str, list[str]]] = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for child in node.orelse:
                walk(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, [alias.name for alias in node.names]))
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(ast.parse(source.read_text(encoding="utf-8")))
    return found


def test_core_modules_never_import_each_other_back() -> None:
    """No cycle of imports in core, not even through a lazy import inside a function: a
    module that needs another's work is built on it, never the other way round too."""
    modules = {}
    for source in CORE.rglob("*.py"):
        parts = ["digitpad", "core", *source.relative_to(CORE).with_suffix("").parts]
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = source
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, source in modules.items():
        for module, names in _imports(source):
            submodules = {f"{module}.{n}" for n in names} & modules.keys()
            targets = submodules or ({module} & modules.keys())
            edges[name] |= targets - {name}

    def cycle_from(start: str) -> list[str] | None:
        path, seen = [start], set()

        def visit(node: str) -> bool:
            for nxt in sorted(edges[node]):
                if nxt == start:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    path.append(nxt)
                    if visit(nxt):
                        return True
                    path.pop()
            return False

        return path if visit(start) else None

    cycles = [cycle for name in sorted(modules) if (cycle := cycle_from(name))]
    assert cycles == []
