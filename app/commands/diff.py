"""``tablewright diff OLD NEW [--dialect D] [--rename OLD=NEW ...]
[--format text|json|markdown|sarif] [--ignore KINDS]``: the semantic changes
between two schemas.

OLD and NEW are each a DDL file, a project file or a database URL
(``postgresql://user@host/db``, ``mysql://…``, ``sqlite:///file.db``).
Two project files match objects by id; otherwise by name, with ``--rename``
as for ``migrate``.  Values that differ only in how they are written (type
aliases, defaults and CHECKs as the engine stores them, names the engine
generated) are not differences.  ``--ignore grants,owners,comments`` leaves out
what a team does not manage in the model (also any change kind or object kind,
see docs/diff.md).

Exit code 0 when equal, 1 when different, 2 on usage or input errors."""

from __future__ import annotations

import sys

from tablewright.app.commands.common import EXIT_USAGE_HELP, add_command, add_dialect_option
from tablewright.app.errors import UsageError
from tablewright.designer.dialects import DIALECTS

FORMATS = ("text", "json", "markdown", "sarif")


def register(sub) -> None:
    p = add_command(
        sub, "diff", "list the semantic changes between two schemas",
        about="OLD and NEW are each a DDL file, a project file or a database URL (postgresql://user@host/db, "
              "mysql+pymysql://…, sqlite:///file.db). Two project files match objects by id; otherwise by "
              "name, with --rename as for migrate. Values that differ only in how they are written (type "
              "aliases, defaults and CHECKs as the engine stores them, names the engine generated) are no "
              "differences; a changed type is spelt one way on both sides, the dialect's.",
        examples=("tablewright diff v1.sql v2.sql",
                  "tablewright diff postgresql://app@db/shop shop.twproj --ignore grants,owners",
                  "tablewright diff v1.sql v2.sql --rename clients=customers --format json"),
        exits="0 no differences; 1 differences; " + EXIT_USAGE_HELP)
    p.add_argument("old", metavar="OLD",
                   help="DDL files (comma-separated, read in order), a project file or a database URL")
    p.add_argument("new", metavar="NEW", help="DDL file, project file or database URL")
    add_dialect_option(p, help_text=f"dialect the schemas are read and compared in ({', '.join(DIALECTS)}); "
                                    "guessed from the sources when omitted")
    p.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                   help="a rename: TABLE=NEW or TABLE.COLUMN=NEW (TABLE as named in NEW); may be repeated "
                        "(default: none, likely renames are hints)")
    p.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    p.add_argument("--ignore", action="append", default=[], metavar="KINDS",
                   help="leave out, comma-separated: grants, owners, comments, views, functions, triggers, "
                        "policies, indexes, sequences, extensions, or change kinds (docs/diff.md; default: none)")
    p.set_defaults(func=run)


def _dialect(name: str | None) -> str | None:
    return {"postgresql": "postgres", "sqlserver": "mssql", "tsql": "mssql"}.get(name or "", name)


def run(args) -> int:
    from tablewright.designer.diff import check_ignore, diff_sides, load_sides

    try:
        ignore = check_ignore([w.strip() for text in args.ignore for w in text.split(",") if w.strip()])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    dialect = _dialect(args.dialect)
    old, new = load_sides(args.old, args.new, dialect)
    for side in (old, new):
        for issue in side.issues:
            if getattr(issue, "severity", "") == "error":
                print(f"tablewright: import: {issue}", file=sys.stderr)
    try:
        result = diff_sides(old, new, renames=args.rename, dialect=dialect, ignore=ignore)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "markdown":
        from tablewright.app.diff_report import render_markdown

        text = render_markdown(result, old, new, _findings(result, dialect or old.schema.dialect or new.schema.dialect))
    else:
        from tablewright.app.diff_report import RENDERERS

        text = RENDERERS[args.format](result, old, new)
    sys.stdout.write(text)
    if args.format in ("text", "sarif"):
        for hint in result.hints:
            print(f"hint: {hint}", file=sys.stderr)
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
    return 1 if result.changes else 0


def _findings(result, dialect: str | None) -> list:
    """The migration findings the change raises (the migration rules over the
    migration from OLD to NEW)."""
    from tablewright.designer.model import DIALECTS
    from tablewright.linting.migrations import lint_migration

    if not result.changes or dialect not in DIALECTS:
        return []
    return lint_migration(result.script, dialect).findings
