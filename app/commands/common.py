"""Pieces the subcommands share."""

from __future__ import annotations

import sys

from tablewright.designer.dialects import DIALECTS, argument
from tablewright.designer.importing import ImportResult


def add_dialect_option(parser, flag: str = "--dialect", help_text: str | None = None, **kw) -> None:
    """A dialect option: any spelling the registry knows (``postgresql``, ``sqlserver``, ...)
    arrives as the model's name (:mod:`tablewright.designer.dialects`), the same for every subcommand."""
    parser.add_argument(
        flag,
        metavar="D",
        type=argument,
        choices=DIALECTS,
        help=help_text or f"dialect of the DDL ({', '.join(DIALECTS)}); guessed when left out",
        **kw,
    )


def add_workload_options(parser) -> None:
    """``--queries FILE...`` (a workload) and ``--workload-complete``."""
    parser.add_argument("--queries", action="append", nargs="+", metavar="FILE",
                        help="the application's queries: .sql files (one statement each), pg_stat_statements "
                             "CSV/JSON, MySQL digest CSV, or a PostgreSQL URL to read pg_stat_statements from")
    parser.add_argument("--workload-complete", action="store_true",
                        help="the queries are every query the application runs: indexes none of them uses "
                             "are suggested for dropping")


def write_output(output: str | None, text: str) -> None:
    """A command's result: to ``output`` with :func:`tablewright.designer.atomic.write_file`
    (atomic for files; devices, FIFOs and ``-`` written through), or to
    stdout when no ``-o`` was given.  Failure: ``WriteError``, one line, exit 2."""
    if output:
        from tablewright.designer.atomic import write_file

        write_file(output, text)
    else:
        sys.stdout.write(text)


def print_import_report(result: ImportResult, *, verbose: bool = False, stream=None) -> None:
    """What was imported and what was skipped, one line per problem, on stderr."""
    stream = stream or sys.stderr
    schema = result.schema
    if result.reordered:
        from pathlib import Path

        stream.write("read the files in dependency order: " + ", ".join(Path(p).name for p in result.reordered)
                     + "\n")
    for issue in result.issues:
        if issue.severity != "info" or verbose:
            stream.write(f"{issue}\n")
    tables = len(schema.tables)
    fks = sum(len(t.foreign_keys) for t in schema.tables)
    indexes = sum(len(t.indexes) for t in schema.tables)
    counts = {s: sum(1 for i in result.issues if i.severity == s) for s in ("error", "warning", "info")}
    stream.write(
        f"imported {tables} tables, {fks} foreign keys, {indexes} indexes, {len(schema.raw)} other objects "
        f"({schema.dialect}); skipped {counts['error']} unparseable statements, "
        f"{counts['warning']} warnings, {counts['info']} ignored statements\n"
    )
