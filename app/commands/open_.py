"""``tablewright open [FILE...]``: the desktop app, with the project or DDL files
given opened in it (none: the empty window, as the menu launcher's
``Exec=tablewright %F`` does when started without a file)."""

from __future__ import annotations

from pathlib import Path

from tablewright.app.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("open", help="open the desktop app, with project or DDL files in it")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=run)


def run(args) -> int:
    for name in args.files:
        if not Path(name).exists():
            raise UsageError(f"{name}: no such file")
    from tablewright.app.gui import run_gui

    return run_gui(list(args.files))
