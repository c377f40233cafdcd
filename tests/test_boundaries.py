"""The architecture rules the tree is held to.

- `digitpad.core` never imports Qt (nor `digitpad.gui`).
- No import cycle anywhere in `digitpad` (core, gui and cli alike), not through a lazy
  import inside a function and not through a type-only one under `if TYPE_CHECKING:`
  either: a module that needs another's work is built on it, never the other way round
  too, and the type checker reads the same one-way house as the interpreter.
- No module over 450 lines; at most 12 modules directly in `core/` and 16 directly in
  `gui/` (more belong in a sub-package); a package's `__init__.py` in core and gui holds
  at most its docstring (no re-exports that would pull TensorFlow or SciPy into the window).
- Message boxes only through `gui/messages.py` (their text is shown as written).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import digitpad

PACKAGE = Path(digitpad.__file__).parent
CORE, GUI = PACKAGE / "core", PACKAGE / "gui"
QT_PACKAGES = {"PySide6", "PyQt5", "PyQt6", "superqt", "qtpy"}
MAX_LINES = 450
MOST_AT_THE_ROOT = {"core": 12, "gui": 16}


def _module(source: Path, root: Path) -> str:
    """The dotted name of the module in `source` under `root` ("digitpad.core.lesson" for
    digitpad/core/lesson/__init__.py)."""
    parts = list(source.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: Path, root: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every import in `source`: at module level, inside functions, and
    under `if TYPE_CHECKING:` alike. Relative imports are made absolute."""
    name = _module(source, root)
    package = (name if source.name == "__init__.py" else name.rpartition(".")[0]).split(".")
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((module, [alias.name for alias in node.names]))
    return found


def _graph(top: Path) -> dict[str, set[str]]:
    """Which modules of the package at `top` each of its modules imports (`from a.b import c`
    counts the module a.b.c where there is one, else a.b)."""
    root = top.parent
    modules = {_module(source, root): source for source in top.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, source in modules.items():
        for module, names in _imports(source, root):
            submodules = {f"{module}.{n}" for n in names} & modules.keys()
            edges[name] |= (submodules or ({module} & modules.keys())) - {name}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round (Tarjan's strongly connected
    components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_core_never_imports_qt() -> None:
    offenders = [
        f"{source.relative_to(PACKAGE)}: {module}"
        for source in CORE.rglob("*.py")
        for module, _names in _imports(source, PACKAGE.parent)
        if module.split(".")[0] in QT_PACKAGES or module.startswith("digitpad.gui")
    ]
    assert offenders == []


def test_no_import_cycles_type_only_imports_included() -> None:
    assert _cycles(_graph(PACKAGE)) == []


def test_a_cycle_through_a_type_only_import_is_found(tmp_path: Path) -> None:
    """The rule's own check, on a toy package: `b` goes back to `a` only for a type, and only
    inside a function does `c` go back to `b`."""
    toy = tmp_path / "toy"
    toy.mkdir()
    (toy / "__init__.py").write_text('"""A toy."""\n')
    (toy / "a.py").write_text("from toy.b import B\n")
    (toy / "b.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from toy.a import A\n"
    )
    (toy / "c.py").write_text("from toy import b\n")
    (toy / "d.py").write_text("def f():\n    from . import c\n")
    assert _cycles(_graph(toy)) == [["toy.a", "toy.b"]]
    (toy / "b.py").write_text("from . import d\n")
    assert _cycles(_graph(toy)) == [["toy.b", "toy.c", "toy.d"]]


def test_no_module_is_over_450_lines() -> None:
    long = {
        str(source.relative_to(PACKAGE.parent)): lines
        for source in PACKAGE.rglob("*.py")
        if (lines := len(source.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "split it into modules with one job each"


@pytest.mark.parametrize("package", sorted(MOST_AT_THE_ROOT))
def test_few_modules_directly_in_core_and_gui(package: str) -> None:
    at_the_root = sorted(
        p.name for p in (PACKAGE / package).glob("*.py") if p.name != "__init__.py"
    )
    assert len(at_the_root) <= MOST_AT_THE_ROOT[package], "group them in a sub-package"


def test_package_inits_hold_a_docstring_at_most() -> None:
    crowded = []
    for init in [*CORE.rglob("__init__.py"), *GUI.rglob("__init__.py")]:
        body = ast.parse(init.read_text(encoding="utf-8")).body
        if body and ast.get_docstring(ast.Module(body=body[:1], type_ignores=[])) is not None:
            body = body[1:]
        if body:
            crowded.append(str(init.relative_to(PACKAGE)))
    assert crowded == []


MESSAGE_BOXES = {"warning", "critical", "information", "question", "about", "aboutQt"}


def test_message_boxes_are_shown_only_through_gui_messages() -> None:
    """A box's sentence may name a file, whose name may hold markup that Qt would render:
    `gui/messages.py` shows it as written, so no other module calls QMessageBox's own
    functions."""
    offenders = []
    for source in GUI.rglob("*.py"):
        if source.name == "messages.py" and source.parent == GUI:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "QMessageBox"
                and node.func.attr in MESSAGE_BOXES
            ):
                offenders.append(f"{source.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []
