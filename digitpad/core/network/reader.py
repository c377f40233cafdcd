"""Reading the course's Keras lines from their syntax tree, statement by statement.

`network.code` bounds the text and parses it; this walks the tree it gives:
the course's header imports (read as text, nothing is imported), its variables
(`num_classes`, `input_shape`, `img_rows`, `img_cols`: the course's values, 10, (28, 28, 1),
28 and 28, unless the code sets them), `model = Sequential()`
and one `model.add(Kind(...))` per layer, whose kind and arguments are matched
against the layer registry (`core.layers.registry`) and checked (`layers.arguments`).
Anything else is refused with one sentence naming the line and what is
allowed. Values are literals or those variables; nothing is ever evaluated.
"""

from __future__ import annotations

import ast
from typing import Any

from digitpad.core.digits import CLASSES, INPUT_SHAPE, SIDE
from digitpad.core.files import QUOTED_CHARS, cut
from digitpad.core.i18n import _
from digitpad.core.layers.arguments import ArgumentError
from digitpad.core.layers.kind import LayerKind
from digitpad.core.layers.registry import kind_named, kind_names
from digitpad.core.network.spec import LayerLine, NetworkError, fail

MAX_LAYERS = 100
# The course's variables and what they mean in its script: a file that pastes only the slide's
# model.add(...) lines, without the script's assignments above them, still reads.
COURSE_VALUES = {
    "num_classes": CLASSES,
    "input_shape": INPUT_SHAPE,
    "img_rows": SIDE,
    "img_cols": SIDE,
}
NAMES = tuple(COURSE_VALUES)
HEADER_MODULES = (
    "keras.models",
    "keras.layers",
    "tensorflow.keras.models",
    "tensorflow.keras.layers",
)
ALLOWED = (
    "num_classes = 10, input_shape = (28, 28, 1), img_rows, img_cols = 28, 28, "
    "model = Sequential() and model.add(Layer(...))"
)


def _not_allowed(line: int, what: str) -> NetworkError:
    return fail(
        line,
        _("Line {line}: {what} is not allowed; the code may only contain {allowed}.").format(
            line=line, what=what, allowed=ALLOWED
        ),
    )


def _not_a_value(line: int, what: str) -> NetworkError:
    return fail(
        line,
        _(
            "Line {line}: {what} is not allowed in a value; use plain numbers, strings, "
            "tuples such as (3, 3), or num_classes and input_shape."
        ).format(line=line, what=what),
    )


def _describe(node: ast.AST) -> str:
    """What a refused piece of code is, in a few words."""
    if isinstance(node, ast.Lambda):
        return _("a lambda")
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return _("a comprehension")
    if isinstance(node, ast.Subscript):
        return _("indexing with [...]")
    if isinstance(node, ast.JoinedStr):
        return _("an f-string")
    if isinstance(node, ast.Starred):
        return _("a starred argument")
    if isinstance(node, ast.Attribute):
        return _("the attribute .{name}").format(name=cut(node.attr, QUOTED_CHARS))
    if isinstance(node, ast.Call):
        return _("calling {name}").format(name=cut(ast.unparse(node.func), QUOTED_CHARS))
    if isinstance(node, ast.Name):
        return _("the name {name}").format(name=cut(node.id, QUOTED_CHARS))
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _("this import")
    if isinstance(node, (ast.BinOp, ast.BoolOp, ast.Compare, ast.UnaryOp)):
        return _("an operator")
    if isinstance(node, ast.Dict):
        return _("a dictionary")
    return _("this kind of statement") if isinstance(node, ast.stmt) else _("this expression")


class Reader:
    """Walks the module's statements once, keeping the variables and the layers."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = dict(COURSE_VALUES)  # until the code sets its own
        self.sequential_line: int | None = None
        self.layers: list[LayerLine] = []

    def statement(self, node: ast.stmt) -> None:
        if isinstance(node, ast.ImportFrom):
            self._header(node)
        elif isinstance(node, ast.Assign):
            self._assign(node)
        elif isinstance(node, ast.Expr):
            self._add(node)
        else:
            raise _not_allowed(node.lineno, _describe(node))

    def _header(self, node: ast.ImportFrom) -> None:
        """`from keras.layers import Conv2D, …`: allowed as text; nothing is imported."""
        known = ("Sequential",) if (node.module or "").endswith("models") else kind_names()
        if (
            node.level
            or node.module not in HEADER_MODULES
            or any(a.asname or a.name not in known for a in node.names)
        ):
            raise fail(
                node.lineno,
                _(
                    "Line {line}: the only imports allowed are the course's "
                    "from keras.models import Sequential and from keras.layers import {names}."
                ).format(line=node.lineno, names=", ".join(kind_names())),
            )

    def _assign(self, node: ast.Assign) -> None:
        line = node.lineno
        if len(node.targets) != 1:
            raise _not_allowed(line, _("a chained assignment"))
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == "model":
            self._sequential(node)
            return
        names = target.elts if isinstance(target, ast.Tuple) else [target]
        for name in names:
            if not isinstance(name, ast.Name) or name.id not in NAMES:
                raise fail(
                    line,
                    _(
                        "Line {line}: only num_classes, input_shape, img_rows, img_cols and "
                        "model can be set."
                    ).format(line=line),
                )
        value = self.literal(node.value)
        if isinstance(target, ast.Tuple):
            if not isinstance(value, tuple) or len(value) != len(names):
                raise fail(
                    line,
                    _(
                        "Line {line}: give as many values as names, such as img_rows, img_cols "
                        "= 28, 28."
                    ).format(line=line),
                )
            for name, one in zip(names, value, strict=True):
                self.values[name.id] = one  # type: ignore[attr-defined]
        else:
            self.values[target.id] = value  # type: ignore[attr-defined]

    def _sequential(self, node: ast.Assign) -> None:
        call = node.value
        if (
            not isinstance(call, ast.Call)
            or not isinstance(call.func, ast.Name)
            or call.func.id != "Sequential"
            or call.args
            or call.keywords
        ):
            raise fail(
                node.lineno,
                _(
                    "Line {line}: write model = Sequential() and add the layers one by one "
                    "with model.add(...)."
                ).format(line=node.lineno),
            )
        if self.sequential_line is not None:
            raise fail(
                node.lineno,
                _("Line {line}: model = Sequential() may appear only once.").format(
                    line=node.lineno
                ),
            )
        self.sequential_line = node.lineno

    def _add(self, node: ast.Expr) -> None:
        line = node.lineno
        call = node.value
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "model"
            and call.func.attr == "add"
        ):
            what = call if isinstance(call, (ast.Call, ast.Attribute, ast.Name)) else node
            raise _not_allowed(line, _describe(what))
        if self.sequential_line is None:
            raise fail(
                line,
                _("Line {line}: model.add(...) comes before model = Sequential().").format(
                    line=line
                ),
            )
        if call.keywords or len(call.args) != 1 or not isinstance(call.args[0], ast.Call):
            raise fail(
                line,
                _(
                    "Line {line}: model.add(...) takes one layer, such as Dense(128, "
                    "activation='relu')."
                ).format(line=line),
            )
        if len(self.layers) >= MAX_LAYERS:
            raise fail(
                line,
                _("Line {line}: a network may have at most {count} layers.").format(
                    line=line, count=MAX_LAYERS
                ),
            )
        self.layers.append(self._layer(call.args[0], line))

    def _layer(self, call: ast.Call, line: int) -> LayerLine:
        if not isinstance(call.func, ast.Name):
            raise _not_allowed(line, _describe(call.func))
        kind = kind_named(call.func.id)
        if kind is None:
            raise fail(
                line,
                _("Line {line}: {name} is not a layer digitpad knows; use {names}.").format(
                    line=line, name=cut(call.func.id, QUOTED_CHARS), names=", ".join(kind_names())
                ),
            )
        given: dict[str, Any] = {}
        positional = kind.positional()
        if len(call.args) > len(positional):
            raise fail(
                line,
                _(
                    "Line {line}: {layer} takes at most {count} arguments by position ({names})."
                ).format(
                    line=line,
                    layer=kind.keras_class,
                    count=len(positional),
                    names=", ".join(a.name for a in positional) or "–",
                ),
            )
        for argument, value in zip(positional, call.args, strict=False):
            given[argument.name] = self.literal(value)
        for keyword in call.keywords:
            if keyword.arg is None:  # **arguments
                raise _not_a_value(keyword.value.lineno, _("a starred argument"))
            named = kind.argument(keyword.arg)
            if named is None:
                raise fail(
                    keyword.value.lineno,
                    _("Line {line}: {layer} does not take {name}; it takes {names}.").format(
                        line=keyword.value.lineno,
                        layer=kind.keras_class,
                        name=cut(keyword.arg, QUOTED_CHARS),
                        names=", ".join(a.name for a in kind.accepted()),
                    ),
                )
            if named.name in given:
                raise fail(
                    line,
                    _("Line {line}: {name} is given twice.").format(line=line, name=named.name),
                )
            given[named.name] = self.literal(keyword.value)
        return LayerLine(kind, self._checked(kind, given, line), line)

    def _checked(self, kind: LayerKind, given: dict[str, Any], line: int) -> dict[str, Any]:
        for argument in kind.accepted():
            if argument.required and argument.name not in given:
                raise fail(
                    line,
                    _("Line {line}: {layer} needs {name}.").format(
                        line=line, layer=kind.keras_class, name=argument.name
                    ),
                )
        checked = {}
        for name, value in given.items():
            one = kind.argument(name)
            assert one is not None and one.check is not None  # matched above
            try:
                checked[name] = one.check(name, value)
            except ArgumentError as exc:
                raise fail(
                    line, _("Line {line}: {problem}.").format(line=line, problem=exc)
                ) from None
        return checked

    def literal(self, node: ast.expr) -> Any:
        """A plain value: a number, a string, True/False/None, a tuple of them, or a variable."""
        if isinstance(node, ast.Constant) and isinstance(
            node.value, (int, float, str, bool, type(None))
        ):
            return node.value
        if (
            isinstance(node, ast.UnaryOp)
            and isinstance(node.op, (ast.USub, ast.UAdd))
            and isinstance(node.operand, ast.Constant)
            and isinstance(node.operand.value, (int, float))
            and not isinstance(node.operand.value, bool)
        ):
            value = node.operand.value
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) <= 4:
            return tuple(self.literal(item) for item in node.elts)
        if isinstance(node, ast.Name):
            if node.id in self.values:
                return self.values[node.id]
            raise fail(
                node.lineno,
                _(
                    "Line {line}: the name {name} means nothing here; only num_classes, "
                    "input_shape, img_rows and img_cols can be used."
                ).format(line=node.lineno, name=cut(node.id, QUOTED_CHARS)),
            )
        raise _not_a_value(node.lineno, _describe(node))
