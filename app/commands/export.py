"""``tablewright export SOURCE... --dialect D [--source-dialect D] [-o out.sql]``:
write a schema as DDL for one engine."""

from __future__ import annotations

import sys

from app.commands.common import write_output
from designer.dburl import display_url
from designer.model import DIALECTS


def register(sub) -> None:
    p = sub.add_parser("export", help="write a schema as DDL for one database engine")
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="DDL files, a project file or a database URL")
    p.add_argument("--dialect", required=True, choices=DIALECTS, help="the engine to write DDL for")
    p.add_argument("--source-dialect", choices=DIALECTS, help="dialect of the DDL sources (guessed when omitted)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the DDL to this file (atomically) instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from designer.ddl_export import export_ddl
    from designer.sources import load_sources

    result = load_sources(args.sources, dialect=args.source_dialect)
    for issue in result.issues:
        if issue.severity in ("error", "warning"):
            print(_located(issue.location, f"{issue.severity}: {issue.message}"), file=sys.stderr)
    exported = export_ddl(result.schema, args.dialect)
    for warning in exported.warnings:
        print(f"{_where(args.sources)}: warning: {warning}", file=sys.stderr)
    write_output(args.output, exported.sql)
    return 0


def _located(location, message: str) -> str:
    return f"{location}: {message}" if location else message


def _where(sources: list[str]) -> str:
    return display_url(sources[0]) if len(sources) == 1 else "export"
