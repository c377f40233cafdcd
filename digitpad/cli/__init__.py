"""The `digitpad` command: gui (default) | train | evaluate | summary | finetune | predict |
explain | replay | shift | runs.

One module per command (`digitpad/cli/<command>.py`, each with `add_parser`
and `run`); the parser and its translation helpers are in `parser.py`. Each
command imports what it needs when it runs, so `digitpad --help` is instant;
only the commands that train (`NEEDS_TENSORFLOW` in their module) import
TensorFlow before they run, and the others only for a model whose layers the
NumPy pass does not cover (`import_keras`).
A `DigitpadError` becomes one line on stderr (one per problem when a
network's code has several) and exit code 2, never a traceback; Ctrl-C at
any moment (also while TensorFlow imports) exits 130 with one line.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from digitpad.cli.interrupts import ctrl_c_noted, noting_ctrl_c, stop_if_ctrl_c_noted
from digitpad.core.errors import DigitpadError
from digitpad.core.i18n import _, set_language

EXIT_OK, EXIT_SOME_FAILED, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as a shell reports a writer whose reader left

# The commands in the order `digitpad --help` lists them; each is digitpad.cli.<name>.
COMMAND_NAMES = (
    "gui",
    "train",
    "evaluate",
    "summary",
    "finetune",
    "predict",
    "explain",
    "replay",
    "shift",
    "runs",
)
DEFAULT_COMMAND = "gui"


def commands() -> dict[str, ModuleType]:
    """The command modules by name (imported here, not at import time: no import cycle)."""
    return {name: importlib.import_module(f"digitpad.cli.{name}") for name in COMMAND_NAMES}


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_streams()
    with noting_ctrl_c():
        try:
            code = _main(list(sys.argv[1:] if argv is None else argv))
            if sys.stdout is not None:  # None in a windowed start (pythonw)
                sys.stdout.flush()  # here, where a reader gone is caught, rather than at exit
        except KeyboardInterrupt:  # at any moment, also while TensorFlow imports
            return _interrupted()
        except BrokenPipeError:  # the reader stopped reading (`digitpad shift --json | head`)
            return _reader_gone()
        except DigitpadError as exc:
            if ctrl_c_noted():
                return _interrupted()
            for sentence in exc.sentences():
                error(sentence)
            return EXIT_ERROR
        except Exception:
            if ctrl_c_noted():  # what a Ctrl-C inside a library's import turned into
                return _interrupted()
            raise
        return _interrupted() if ctrl_c_noted() else code


def _reader_gone() -> int:
    """Nothing more to say to a closed pipe: leave quietly, as `head`'s writers do (SIGPIPE)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the flush at exit writes nowhere, quietly
        os.close(devnull)
    return EXIT_PIPE_CLOSED


def _interrupted() -> int:
    print(_("digitpad: interrupted"), file=sys.stderr, flush=True)
    return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    from digitpad.cli.parser import argparse_in_our_language, build_parser, language_option

    set_language(language_option(argv))  # None: LANGUAGE, LC_ALL, LC_MESSAGES, LANG
    modules = commands()
    with argparse_in_our_language():
        args = build_parser(modules.values()).parse_args(argv)
    if args.lang:  # also when given in a form the early look missed ("--la zh_TW")
        set_language(args.lang)
    command = args.command or DEFAULT_COMMAND
    from digitpad.core.leftovers import clean_leftovers

    clean_leftovers()  # what a killed save left behind last time
    if getattr(modules[command], "NEEDS_TENSORFLOW", False):
        import_keras()
    return int(modules[command].run(args))


def import_keras() -> None:
    """Import TensorFlow (and so Keras) without its start-up chatter, for a command that
    trains or a model only Keras can run; a Ctrl-C meanwhile still ends the command."""
    from digitpad.core.quiet_tf import import_tensorflow_quietly

    import_tensorflow_quietly()
    stop_if_ctrl_c_noted()  # a Ctrl-C during the import that TensorFlow swallowed


def error(message: str) -> None:
    """One line on stderr, "digitpad: {message}"."""
    print(_("digitpad: {message}").format(message=message), file=sys.stderr, flush=True)


def note(message: str) -> None:
    """A remark on stderr that does not stop the command (e.g. how data was converted)."""
    print(_("digitpad: note: {message}").format(message=message), file=sys.stderr, flush=True)


def _tolerant_streams() -> None:
    """A character the terminal cannot show is escaped rather than ending the run.

    File names need not be valid UTF-8, and stdout may be strict ASCII or UTF-8:
    a `UnicodeEncodeError` would otherwise stop a `predict` of many files at the
    first odd name.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or unusual stream is left as it is.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
