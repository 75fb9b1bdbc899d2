"""``tablewright open [FILE...]``: the desktop app, with the project or DDL files
given opened in it (none: the empty window, as the menu launcher's
``Exec=tablewright %F`` does when started without a file)."""

from __future__ import annotations

from pathlib import Path

from tablewright.app.commands.common import EXIT_USAGE_HELP, add_command
from tablewright.app.errors import UsageError


def register(sub) -> None:
    p = add_command(sub, "open", "open the desktop app, with project or DDL files in it",
                    about="The same as 'tablewright FILE...' (how the menu entry and a double-clicked project "
                          "file start it); without a file, the empty window.",
                    examples=("tablewright open shop.twproj", "tablewright open schema.sql"),
                    exits="0 when the app is closed; " + EXIT_USAGE_HELP)
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="project files (.twproj) or DDL files to open (default: none, an empty window)")
    p.set_defaults(func=run)


def run(args) -> int:
    for name in args.files:
        if not Path(name).exists():
            raise UsageError(f"{name}: no such file")
    from tablewright.app.gui import run_gui

    return run_gui(list(args.files))
