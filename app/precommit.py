"""``python -m tablewright.app.precommit [LINT OPTIONS] FILE...``: the pre-commit hook
(``.pre-commit-hooks.yaml``).  pre-commit passes the changed ``*.sql`` and
``*.twproj`` files; the SQL files are linted together as one schema (in the
order given, as ``tablewright lint`` reads several DDL files) and each project
file on its own.  Options before the files (``--fail-on medium``,
``--dialect postgres``, ``--config FILE``, ...) go to every lint run.  The exit
code is the worst of the runs (0 clean, 1 findings at or above --fail-on, 2 errors)."""

from __future__ import annotations

import sys
from pathlib import Path

SUFFIXES = (".sql", ".twproj")


def main(argv: list[str] | None = None) -> int:
    from tablewright.app.cli import main as cli

    argv = sys.argv[1:] if argv is None else argv
    options, sql, projects = [], [], []
    for arg in argv:
        path = Path(arg)
        if path.suffix.lower() in SUFFIXES and path.is_file():
            (projects if path.suffix.lower() == ".twproj" else sql).append(arg)
        else:
            options.append(arg)
    runs = ([sql] if sql else []) + [[p] for p in projects]
    worst = 0
    for sources in runs:
        worst = max(worst, cli(["lint", *options, *sources]))
    return worst


if __name__ == "__main__":
    sys.exit(main())
