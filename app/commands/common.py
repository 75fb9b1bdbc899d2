"""Pieces the subcommands share."""

from __future__ import annotations

import argparse
import sys
import textwrap

from tablewright.designer.dialects import DIALECTS, argument
from tablewright.designer.importing import ImportResult


#: what each exit status means, as the commands' help says it (:mod:`tablewright.app.cli` keeps them)
EXIT_USAGE_HELP = "2 a usage or input error (one line on stderr)"


def add_command(sub, name: str, summary: str, *, about: str = "", examples: tuple[str, ...] = (),
                exits: str = "0 done; " + EXIT_USAGE_HELP) -> argparse.ArgumentParser:
    """A subcommand's parser, every one alike: ``summary`` (one line, lower case, no full stop) is
    its line in ``tablewright --help`` and the first sentence of its own help; ``about`` (paragraphs
    split by blank lines) follows it; the help ends with ``examples`` (command lines, each one the
    parser reads: tests/app/test_cli_help.py) and the exit statuses."""
    paragraphs = [summary[0].upper() + summary[1:] + ".", *(p for p in about.split("\n\n") if p.strip())]
    description = "\n\n".join(_fill(p) for p in paragraphs)
    epilog = "\n".join(["examples:", *(f"  {e}" for e in examples), "", _fill(f"exit status: {exits}.")])
    return sub.add_parser(name, help=summary, description=description, epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _fill(text: str) -> str:
    return textwrap.fill(" ".join(text.split()), 78, break_on_hyphens=False, break_long_words=False)


def add_output_option(parser, what: str, **kw) -> None:
    """``-o/--output FILE``: where the command writes ``what`` (written atomically), stdout without it."""
    parser.add_argument("-o", "--output", metavar="FILE",
                        help=f"write {what} to FILE (atomically; default: standard output)", **kw)


def add_dialect_option(parser, flag: str = "--dialect", help_text: str | None = None, **kw) -> None:
    """A dialect option: any spelling the registry knows (``postgresql``, ``sqlserver``, ...)
    arrives as the model's name (:mod:`tablewright.designer.dialects`), the same for every subcommand."""
    parser.add_argument(
        flag,
        metavar="D",
        type=argument,
        choices=DIALECTS,
        help=help_text or f"dialect of the DDL files ({', '.join(DIALECTS)}); guessed when omitted",
        **kw,
    )


def add_workload_options(parser) -> None:
    """``--queries FILE...`` (a workload) and ``--workload-complete``."""
    parser.add_argument("--queries", action="append", nargs="+", metavar="FILE",
                        help="the application's queries: .sql files (one statement each), pg_stat_statements "
                             "CSV/JSON, MySQL digest CSV, or a PostgreSQL URL to read pg_stat_statements from "
                             "(may be repeated; default: none, or the workload a project file has attached)")
    parser.add_argument("--workload-complete", action="store_true",
                        help="the queries are every query the application runs: indexes none of them uses "
                             "are suggested for dropping (default: the queries are a sample)")


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
