"""``tablewright open FILE``: open a project or DDL file in the desktop app."""

from __future__ import annotations

from pathlib import Path

from tablewright.app.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("open", help="open a project or DDL file in the desktop app")
    p.add_argument("file")
    p.set_defaults(func=run)


def run(args) -> int:
    if not Path(args.file).exists():
        raise UsageError(f"{args.file}: no such file")
    from tablewright.app.gui import run_gui

    return run_gui([args.file])
