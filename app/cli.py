"""``tablewright``: no arguments opens the GUI; subcommands work headless."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app.commands import COMMANDS
from app.errors import UsageError
from designer.errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# the subcommand each command module registers (``import_`` registers ``import``)
_COMMAND_MODULES = {name.rstrip("_"): name for name in COMMANDS} | {"rule": "rules"}


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
        description="Design, review and migrate relational schemas. "
        "Without a subcommand, opens the desktop app.",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    names = COMMANDS
    if only is not None:
        module_name = _COMMAND_MODULES.get(only)
        if module_name is not None:
            names = [module_name]
    for name in names:
        try:
            module = importlib.import_module(f"app.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"app.commands.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    if not argv:
        from app.gui import run_gui

        return run_gui([])
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
        return int(args.func(args) or 0)
    except (UsageError, InputError) as exc:
        print(f"tablewright: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tablewright: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
