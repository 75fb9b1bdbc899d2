"""``tablewright``: no arguments opens the GUI; subcommands work headless;
``tablewright FILE...`` (files that exist, the first not named like a
subcommand) is ``tablewright open FILE...``, as the menu launcher and a
double-clicked project file call it.

The command line's contract, kept here for every subcommand:

- exit 0: done (lint/migrate: nothing at or above ``--fail-on``);
- exit 1: findings at or above ``--fail-on`` (``lint``, ``migrate``);
- exit 2: a usage or input error -- bad arguments, unreadable or unusable
  input, an output that cannot be written (a file, or standard output on a
  full disk) -- as ONE line
  ``tablewright: <message>`` on stderr;
- exit 70 (``EX_SOFTWARE``): an unexpected exception, i.e. a bug -- one line
  naming it and the crash log that holds the traceback (:mod:`tablewright.app.crash`),
  never a traceback on the terminal;
- 130: interrupted (Ctrl+C).

Every line on stderr goes through :func:`tablewright.designer.dburl.scrub`, so a password
given in a database URL never reaches the terminal or a CI log."""

from __future__ import annotations

import argparse
import gc
import importlib
import logging
import sys
from pathlib import Path

from tablewright.app.commands import COMMANDS
from tablewright.app.crash import EXIT_BUG, report_bug
from tablewright.app.errors import UsageError
from tablewright.designer.dburl import passwords_remembered, scrub
from tablewright.designer.errors import InputError, WriteError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
__all__ = ["EXIT_BUG", "EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
# the subcommand each command module registers (``import_`` registers ``import``)
_COMMAND_MODULES = {name.rstrip("_"): name for name in COMMANDS} | {"rule": "rules"}
#: the commands that run Qt (its objects are left to their own teardown)
_QT_COMMANDS = frozenset({"open", "diagram"})


_EPILOG = """\
examples:
  tablewright lint schema.sql
  tablewright export shop.twproj -o shop.sql
  tablewright diff v1.sql v2.sql

'tablewright COMMAND --help' gives a command's options, defaults and examples.
Dialects: postgres, mysql, mariadb, sqlite, mssql. A SOURCE is DDL files (one
schema), DBML files, a project file (.twproj) or a database URL.

exit status: 0 done; 1 findings (lint, migrate) or differences (diff); 2 a
usage or input error; 70 a bug (the crash log named on stderr); 130
interrupted."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits with 2 as well; keep it one line
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: {message}") from None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only`` (a subcommand's name) just that
    subcommand's module is imported and registered, so ``tablewright lint``
    does not load what ``diagram`` or ``migrate`` need."""
    parser = _Parser(
        prog="tablewright",
        description="Design, review and migrate relational schemas. Without a subcommand, opens the\n"
        "desktop app; 'tablewright FILE...' opens files in it.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND", title="commands")
    names = COMMANDS
    if only is not None:
        module_name = _COMMAND_MODULES.get(only)
        if module_name is not None:
            names = [module_name]
    for name in names:
        try:
            module = importlib.import_module(f"tablewright.app.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"tablewright.app.commands.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


class _ScrubbedStream:
    """stderr with every write passed through ``scrub`` (messages only: data goes to stdout)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(scrub(text))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _GuardedStdout:
    """stdout whose write errors (``> out.sql`` on a full disk) are a
    ``WriteError`` naming standard output: one line, exit 2."""

    def __init__(self, stream):
        self._stream = stream

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise WriteError(f"standard output: cannot write: {exc.strerror or exc}") from None

    def write(self, text: str) -> int:
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):
        import multiprocessing

        # the desktop bundle (PyInstaller) re-runs its own executable for the DDL
        # preview's helper process: that run ends here
        multiprocessing.freeze_support()
    whole_process = argv is None  # the command line's run, not a call from a test or a script
    argv = list(sys.argv[1:] if argv is None else argv)
    one_shot = whole_process and bool(argv) and argv[0] in _COMMAND_MODULES and argv[0] not in _QT_COMMANDS
    if one_shot:
        # what outlives two young collections (the modules, the imported model) lives until
        # the process ends: no full collection walks it again (young garbage, such as the
        # syntax trees the importer drops, is still collected). Cold lint of sanbase2: one
        # full collection, ~30 ms of ~500. A young collection comes every 50,000 allocations, not
        # every 700: each walks what is alive and young, mostly objects that live on (the model, the
        # findings), not garbage (sanbase2: ~110 collections, ~35 M of ~2,600 M instructions;
        # 0.5 MB more at the peak)
        gc.set_threshold(50_000, gc.get_threshold()[1], 1 << 30)
    with passwords_remembered(argv):
        code = _guarded(argv)
    if one_shot:
        # the process ends now: its objects need no more cyclic collections. Frozen,
        # the collector does not walk them again while the interpreter tears down
        # (lint --format json: ~0.1 s of ~1 s, SQLAlchemy's and Alembic's objects)
        gc.freeze()
    return code


def _guarded(argv: list[str]) -> int:
    stderr, stdout = sys.stderr, sys.stdout
    sys.stderr, sys.stdout = _ScrubbedStream(stderr), _GuardedStdout(stdout)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("tablewright: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: one line and a crash log, never a traceback
        return report_bug(exc, argv)
    finally:
        if isinstance(sys.stderr, _ScrubbedStream):
            sys.stderr = stderr
        if isinstance(sys.stdout, _GuardedStdout):
            sys.stdout = stdout


def _main(argv: list[str]) -> int:
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    if not argv:
        from tablewright.app.gui import run_gui

        return run_gui([])
    if argv[0] not in _COMMAND_MODULES and not argv[0].startswith("-") and Path(argv[0]).exists():
        argv = ["open", *argv]  # Exec=tablewright %F
    parser = build_parser(argv[0])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return EXIT_USAGE
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a full disk behind `> out.sql` shows here, not after exit
        return code
    except (UsageError, InputError) as exc:
        print(f"tablewright: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # the system said no (EIO, a file vanished...): not a bug
        reason = exc.strerror or str(exc)
        print(f"tablewright: {exc.filename}: {reason}" if exc.filename else f"tablewright: {reason}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
