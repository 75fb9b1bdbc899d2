"""``tablewright export SOURCE... [--format sql|dbml|mermaid] [--dialect D] [-o FILE]``:
write a schema as DDL for one engine (``sql``, the default: ``--dialect`` is
then required, but for a project file, which knows its own), as DBML, or as a Mermaid ER diagram."""

from __future__ import annotations

import sys

from tablewright.app.commands.common import add_command, add_dialect_option, add_output_option, write_output
from tablewright.app.errors import UsageError
from tablewright.designer.dburl import display_url
from tablewright.designer.dialects import DIALECTS

FORMATS = ("sql", "dbml", "mermaid")


def register(sub) -> None:
    p = add_command(
        sub, "export", "write a schema as DDL for an engine, as DBML or as Mermaid",
        about="Exported for its own engine a schema loads into the same catalog; for another engine the "
              "types are mapped, and what the engine cannot carry is said on stderr: each kind of loss "
              "once, with its count and its first places (every one with --verbose). A project file "
              "knows its engine: --dialect is only needed to write it for another one.",
        examples=("tablewright export shop.twproj -o shop.sql",
                  "tablewright export schema.sql --dialect mysql -o schema-mysql.sql",
                  "tablewright export schema.sql --format dbml -o schema.dbml"),
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="DDL files, DBML files, a project file or a database URL")
    p.add_argument("--format", choices=FORMATS, default="sql",
                   help="sql: DDL for one engine; dbml; mermaid: an erDiagram (default: sql)")
    add_dialect_option(p, help_text=f"the engine to write DDL for ({', '.join(DIALECTS)}); required for "
                                    "--format sql, except from a project file (default: the project's own)")
    add_dialect_option(p, "--source-dialect", help_text="dialect of the DDL files read (guessed when omitted)")
    add_output_option(p, "the export")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="list every warning (default: each kind of loss on one line, with its count and its "
                        "first places)")
    p.set_defaults(func=run)


def run(args) -> int:
    from tablewright.designer.sources import is_project, load_sources

    project = len(args.sources) == 1 and is_project(args.sources[0])
    if args.format == "sql" and not args.dialect and not project:
        raise UsageError("export --format sql needs --dialect (one of " + ", ".join(DIALECTS) + ") for DDL "
                         "files; a project file is written for its own engine")
    result = load_sources(args.sources, dialect=args.source_dialect)
    if args.format == "sql" and not args.dialect:  # a project knows its engine
        if result.schema.dialect not in DIALECTS:
            raise UsageError("export --format sql needs --dialect (one of " + ", ".join(DIALECTS) + ")")
        args.dialect = result.schema.dialect
    errors = [issue for issue in result.issues if issue.severity == "error"]
    for issue in result.issues:
        if issue.severity in ("error", "warning"):
            print(_located(issue.location, f"{issue.severity}: {issue.message}"), file=sys.stderr)
    if args.format == "dbml":
        from tablewright.designer.dbml_export import export_dbml

        exported = export_dbml(result.schema, areas=_areas(args.sources))
        text, warnings = exported.text, exported.warnings
    elif args.format == "mermaid":
        from tablewright.designer.mermaid import export_mermaid

        exported = export_mermaid(result.schema)
        text, warnings = exported.text, exported.warnings
    else:
        from tablewright.designer.ddl_export import export_ddl

        exported = export_ddl(result.schema, args.dialect)
        text, warnings = exported.sql, exported.warnings
    _report(args.sources, warnings, errors, args.verbose)
    write_output(args.output, text)
    return 0


def _report(sources: list[str], warnings: list[str], errors: list, verbose: bool) -> None:
    """What the export could not carry, on stderr: each kind of loss once, with its count and a few
    of its places (:func:`tablewright.designer.located.grouped`), or with ``verbose`` every warning;
    then, when that folded any, a count that names ``--verbose`` and the statements not read."""
    from tablewright.designer.located import grouped

    where = _where(sources)
    lines = list(map(str, warnings)) if verbose else grouped(warnings)
    for line in lines:
        print(f"{where}: warning: {line}", file=sys.stderr)
    if errors or len(lines) < len(warnings):
        said = [f"{len(errors)} statement{'s' if len(errors) != 1 else ''} could not be read (the errors above)"] \
            if errors else []
        if len(lines) < len(warnings):
            said.append(f"{len(warnings)} warnings of {len(lines)} kinds (-v/--verbose lists each)")
        print(f"{where}: " + "; ".join(said), file=sys.stderr)


def _areas(sources: list[str]) -> list:
    """A project file's subject areas (DBML writes them as TableGroups)."""
    from tablewright.designer.sources import is_project, is_url

    if len(sources) != 1 or is_url(sources[0]) or not is_project(sources[0]):
        return []
    from tablewright.designer.areas import areas_of
    from tablewright.designer.project import load_project

    return areas_of(load_project(sources[0]).diagram)


def _located(location, message: str) -> str:
    return f"{location}: {message}" if location else message


def _where(sources: list[str]) -> str:
    return display_url(sources[0]) if len(sources) == 1 else "export"
