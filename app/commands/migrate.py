"""``tablewright migrate OLD [NEW] --dialect D [--rename OLD=NEW ...] [--down]
[--format sql|alembic] [-o OUT]``: the migration from OLD to NEW.

OLD and NEW are DDL files, project files or database URLs (the migration
that brings a live database to the model, or back).  Two project files are matched by
the objects' ids; otherwise by name, with ``--rename clients=customers``
(a table) and ``--rename customers.fullname=full_name`` (a column, its table as
named in NEW).  One project file alone migrates from its baseline to its
schema.  Likely renames not given are reported as hints, never applied.

The script goes to stdout (or OUT); migration findings and hints to stderr.
Exit code 0 when no finding is at or above ``--fail-on`` (default: high), 1
when one is, 2 for usage or input errors."""

from __future__ import annotations

import sys
from pathlib import Path

from tablewright.app.commands.common import (EXIT_USAGE_HELP, add_command, add_dialect_option, add_output_option,
                                             write_output)
from tablewright.app.errors import UsageError
from tablewright.designer.dialects import DIALECTS


def register(sub) -> None:
    from tablewright.linting.findings import SEVERITIES

    p = add_command(
        sub, "migrate", "write the migration between two schemas (SQL or Alembic)",
        about="Safe SQL, up or (--down) back, or an Alembic revision. OLD and NEW are DDL files, project files or database URLs (the migration that brings a live "
              "database to the model, or back). Two project files are matched by the objects' ids; "
              "otherwise by name, with --rename for what was renamed. One project file alone migrates "
              "from its baseline to its schema. Likely renames not given are said as hints, never applied.\n\n"
              "The script goes to standard output (or FILE); the migration's findings and hints to stderr.",
        examples=("tablewright migrate v1.sql v2.sql --dialect postgres -o up.sql",
                  "tablewright migrate v1.sql v2.sql --dialect postgres --rename a=b --down",
                  "tablewright migrate shop.twproj --dialect mysql --format alembic -o 0002.py"),
        exits="0 no finding at or above --fail-on; 1 a finding at or above it; " + EXIT_USAGE_HELP)
    p.add_argument("old", metavar="OLD", help="DDL file, project file or database URL "
                                              "(alone: a project file with a baseline)")
    p.add_argument("new", metavar="NEW", nargs="?", help="DDL file, project file or database URL")
    add_dialect_option(p, required=True, help_text=f"the engine to migrate ({', '.join(DIALECTS)}; required)")
    add_dialect_option(p, "--source-dialect", help_text="dialect of the DDL files (guessed when omitted)")
    p.add_argument("--rename", action="append", default=[], metavar="OLD=NEW",
                   help="a rename between DDL files or databases: TABLE=NEW or TABLE.COLUMN=NEW (TABLE as named "
                        "in NEW); may be repeated (default: none, likely renames are hints)")
    p.add_argument("--down", action="store_true", help="write the down (reverse) script (default: the up script)")
    p.add_argument("--format", choices=("sql", "alembic"), default="sql",
                   help="sql or an Alembic revision (default: sql)")
    p.add_argument("--fail-on", choices=SEVERITIES, default="high",
                   help="lowest severity that fails the run (default: high)")
    add_output_option(p, "the script")
    p.set_defaults(func=run)


def _load(path: str, dialect: str | None):
    from tablewright.designer.sources import is_project, is_url, load_sources

    if is_url(path):  # read-only, the password never shown (designer.live_import)
        return load_sources([path], dialect).schema
    if not Path(path).is_file():
        raise UsageError(f"{path}: no such file")
    if is_project(path):
        from tablewright.designer.project import load_project

        return load_project(path)
    result = load_sources([path], dialect)
    for issue in result.errors:
        print(f"tablewright: import: {issue}", file=sys.stderr)
    return result.schema


def load_script(args):
    """The MigrationScript the arguments ask for."""
    from tablewright.designer.migrations import compare
    from tablewright.designer.project import Project

    # DDL that names no dialect (no --source-dialect, nothing in the file that says one) is read in the one
    # the other side names (a database's URL, the other file's markers), else in the engine's to migrate
    from tablewright.designer.diff import side_dialects

    sides = [args.old, *([args.new] if args.new else [])]
    read_old, read_new, *_ = [args.source_dialect] * 2 if args.source_dialect else \
        [*side_dialects(sides, args.dialect), None]
    old = _load(args.old, read_old)
    if args.new is None:
        if not isinstance(old, Project) or old.baseline is None:
            raise UsageError(f"{args.old}: give NEW, or a project file that has a baseline")
        if args.rename:
            raise UsageError("--rename is for two DDL files; a project's objects keep their ids")
        return compare(old.baseline, old.schema)
    new = _load(args.new, read_new)
    if isinstance(old, Project) and isinstance(new, Project):
        if args.rename:
            raise UsageError("--rename is for DDL files; project files match objects by id")
        return compare(old.schema, new.schema)
    old_schema = old.schema if isinstance(old, Project) else old
    new_schema = new.schema if isinstance(new, Project) else new
    from tablewright.designer import diff_normal
    from tablewright.designer.diff import home_for, prepare, unread_by_live, without_kinds
    from tablewright.designer.sources import is_url

    if is_url(args.old) != is_url(args.new):
        # a live database: the statements its import cannot read (functions, triggers, grants ...) are
        # neither dropped nor created -- they are not known on that side
        unread = unread_by_live(new_schema if is_url(args.old) else old_schema)
        for kind in sorted(unread):
            print(f"tablewright: note: {kind} statements are left out: the live import does not read them",
                  file=sys.stderr)
        old_schema, new_schema = without_kinds(old_schema, unread), without_kinds(new_schema, unread)
    try:
        with diff_normal.default_schema(home_for(old_schema, new_schema, args.source_dialect or old_schema.dialect)):
            # matched by name, and what differs only in spelling (a type alias, a default or CHECK as the
            # engine stores it, a name the engine generated) is no change to migrate (see designer.diff)
            old_schema, matched, hints = prepare(old_schema, new_schema, renames=args.rename,
                                                 dialect=args.source_dialect,
                                                 loose_views=is_url(args.old) != is_url(args.new))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return compare(old_schema, matched, hints)


def run(args) -> int:
    from tablewright.designer.migrations.ops import MigrationScript
    from tablewright.designer.migrations.render_alembic import render_alembic
    from tablewright.designer.migrations.render_sql import render_sql
    from tablewright.linting.findings import at_least
    from tablewright.linting.migrations import lint_migration
    from tablewright.linting.reporters.text import where

    script = load_script(args)
    out_name = args.output or ("<down>" if args.down else "<up>")
    # --down: the downgrade is linted as the migration it is (its narrowing, its drops), at its own lines
    linted = MigrationScript(script.downgrade_ops, script.upgrade_ops, [], script.new, script.old) \
        if args.down else script
    rendered = render_sql(script, args.dialect, down=True) if args.down else None  # (headed "downgrade")
    result = lint_migration(linted, args.dialect, path=out_name, up=rendered)
    if args.format == "alembic":
        text = render_alembic(script, args.dialect)
    else:
        text = result.up.text
    for warning in result.up.warnings:
        print(f"tablewright: warning: {warning}", file=sys.stderr)
    for hint in script.hints:
        print(f"hint: {hint}", file=sys.stderr)
    for f in result.findings:
        print(f"{where(f) if args.format == 'sql' else f.table or '<migration>'}: "
              f"{f.severity} {f.rule} {f.message}", file=sys.stderr)
    write_output(args.output, text)
    return 1 if any(at_least(f.severity, args.fail_on) for f in result.findings) else 0
