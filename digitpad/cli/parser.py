"""The argument parser: argparse in digitpad's language, help that wraps Chinese, shared options.

Each command module adds its own sub-parser (`add_parser`); this module holds
what they share. Defaults shown in help come from the run settings' dataclass
fields (`core.configs`), never written twice.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

from digitpad import __version__
from digitpad.core.i18n import LANGUAGE_CODES, N_, _, display_width, ngettext, wrap_columns

# argparse words its usage, help and errors itself, through the `gettext.gettext` and
# `ngettext` it imported (the default "messages" domain, where no catalog of ours is).
# Its messages a digitpad user can meet, exactly as argparse spells them (Python
# 3.10–3.13), so that extraction copies them into our catalog; `argparse_in_our_language`
# then points argparse at that catalog while parsing.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),  # Python 3.10+
    N_("optional arguments"),  # before 3.10
    N_("%(heading)s:"),  # section headings, 3.13+
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)

# A command's sub-parser maker: `add_command("train", help=...)` (formatter already chosen).
AddCommand = Callable[..., argparse.ArgumentParser]


def _argparse_plural(n: int) -> str:
    """Never called: marks argparse's one plural message for extraction (see above)."""
    return ngettext("expected %s argument", "expected %s arguments", n)


@contextlib.contextmanager
def argparse_in_our_language() -> Iterator[None]:
    """argparse's own words from digitpad's catalog while parsing (see ARGPARSE_MESSAGES)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def language_option(argv: Sequence[str]) -> str | None:
    """The value of `--lang` in `argv`, if it is a known language.

    Read before the parser is built, so that the parser's own help and errors come out
    in that language too; argparse then checks the option properly.
    """
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            return value if value in LANGUAGE_CODES else None
    return None


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, wrapping Chinese text too.

    argparse wraps at spaces and counts characters; Chinese has no spaces and
    each character takes two columns, so its help lines would run off the terminal.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        if display_width(text) == len(text):
            return super()._split_lines(text, width)
        return wrap_columns(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if display_width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_columns(text, width - len(indent)))

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents continuation lines by the prefix's characters, not its columns.
        text = super()._format_usage(usage, actions, groups, prefix)
        prefix = _("usage: ") if prefix is None else prefix
        extra = " " * (display_width(prefix) - len(prefix))
        head, *rest = text.split("\n")
        return "\n".join([head, *(extra + line if line.strip() else line for line in rest)])


def data_help() -> str:
    return _(
        "MNIST folder (IDX files) or mnist.npz, remembered for next time; default: the one "
        "last used (train, evaluate or the window), else $DIGITPAD_MNIST, else the Keras cache"
    )


BUNDLED = "bundled"  # `--model bundled`: the model digitpad ships, wherever it is installed


def model_path(text: str) -> Path:
    """`--model`'s value: a .keras or .h5 file, or `bundled` for the bundled model (a name a
    user can type, where the installed file's path is long and moves between installs)."""
    if text == BUNDLED:
        from digitpad.core.paths import bundled_model_path

        return bundled_model_path()
    return Path(text)


def model_help() -> str:
    return _(
        "a .keras or .h5 model, or bundled for the bundled one (default: the model in use, as "
        "last chosen in the window or trained; else your latest trained model, else the "
        "bundled one)"
    )


def arch_help() -> str:
    return _(
        "a file with the network's Keras code, the course's model.add(...) lines (read, never run)"
    )


def build_parser(commands: Iterable[ModuleType]) -> argparse.ArgumentParser:
    """The `digitpad` parser with one sub-command per module in `commands` (their `add_parser`)."""
    parser = argparse.ArgumentParser(
        prog="digitpad",
        formatter_class=HelpFormatter,
        description=_("Draw a digit and watch the classic MNIST CNN recognize it."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"digitpad {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGE_CODES,
        help=_("language of messages and of the window (default: from LANG, else the system's)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_command: AddCommand = functools.partial(sub.add_parser, formatter_class=HelpFormatter)
    for module in commands:
        module.add_parser(add_command)
    return parser
