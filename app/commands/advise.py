"""``tablewright advise SOURCE... --queries FILE...``: the indexes the
application's queries need and the model lacks (and, with a complete workload,
those no query uses), with the query findings; ``--verify URL`` proves each
index on a scratch copy of the schema on that PostgreSQL server with HypoPG.

Exit code 0 (advice is not a failure), 2 for usage or input errors."""

from __future__ import annotations

import sys

from tablewright.app.commands.common import (add_command, add_dialect_option, add_output_option, add_workload_options,
                                             write_output)


def register(sub) -> None:
    p = add_command(
        sub, "advise", "advise indexes from the application's queries (a workload)",
        about="The indexes the queries (--queries, or the workload a project file has attached) need and the model lacks (and, with --workload-complete, those no "
              "query uses), with the query findings. --verify URL proves each index on a scratch copy of "
              "the schema on that PostgreSQL server with HypoPG. Advice is no failure: the exit status "
              "is 0 whatever it says.",
        examples=("tablewright advise schema.sql --queries queries/*.sql",
                  "tablewright advise shop.twproj --queries stats.csv --workload-complete"))
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="DDL files, a project file or a database URL")
    add_workload_options(p)
    add_dialect_option(p)
    p.add_argument("--verify", metavar="URL",
                   help="PostgreSQL server to prove the advice on (a scratch database, dropped afterwards; "
                        "HypoPG; default: not proved)")
    p.add_argument("--sizes", metavar="FILE",
                   help="row counts per table (JSON/YAML mapping or CSV table,rows) for --verify and the "
                        "small-table judgement (default: sizes unknown)")
    p.add_argument("--rows", type=int, default=None, metavar="N",
                   help="rows generated per table without a size, for --verify (default: 10000)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="report format (default: text)")
    add_output_option(p, "the advice")
    p.set_defaults(func=run)


def read_sizes(path: str) -> dict[str, int]:
    """``{table: rows}`` from a JSON/YAML mapping or a CSV of table,rows."""
    from pathlib import Path

    from tablewright.designer.errors import InputError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if path.lower().endswith(".csv"):
        import csv

        out = {}
        for n, row in enumerate(csv.reader(text.splitlines()), 1):
            if not row or (n == 1 and not row[-1].strip().isdigit()):
                continue
            if len(row) != 2 or not row[1].strip().isdigit():
                raise InputError(f"{path}:{n}:1: expected table,rows")
            out[row[0].strip()] = int(row[1])
        return out
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise InputError(f"{path}:{where}: not JSON or YAML") from None
    if not isinstance(data, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                             for v in data.values()):
        raise InputError(f"{path}:1:1: expected a mapping of table name to row count")
    return {str(k): v for k, v in data.items()}


def run(args) -> int:
    from tablewright.app.commands.lint import _list_files
    from tablewright.linting.config import Config
    from tablewright.linting.engine import Engine
    from tablewright.linting.runner import load
    from tablewright.linting.workload import read_workload
    from tablewright.linting.workload.advice import advise
    from tablewright.linting.workload.analysis import analyse
    from tablewright.linting.workload.report import advice_data, render

    sizes = read_sizes(args.sizes) if args.sizes else {}
    result, _ = load(list(args.sources), args.dialect)
    schema = result.schema
    for issue in result.issues:
        if issue.severity == "error":
            print(f"tablewright: import: {issue}", file=sys.stderr)
    from tablewright.app.errors import UsageError
    from tablewright.linting.runner import project_workload

    files, complete = _list_files(args.queries), args.workload_complete
    if not files:
        files, complete = project_workload(list(args.sources), complete)
    if not files:
        raise UsageError("advise needs --queries FILE... (or a project file with a workload attached)")
    workload = read_workload(files, schema.dialect or args.dialect, complete=complete)
    for issue in workload.issues:
        if issue.severity != "info":
            print(f"tablewright: queries: {issue}", file=sys.stderr)
    analysis = analyse(workload, schema)
    advice = advise(analysis, sizes=sizes)
    verification = None
    if args.verify:
        from tablewright.linting.workload.verify import DEFAULT_ROWS, verify

        verification = verify(advice, analysis, args.verify, sizes=sizes, default_rows=args.rows or DEFAULT_ROWS)
    findings = Engine(Config(select=["queries"]), workload=analysis).run(schema)
    write_output(args.output, render(args.format, advice_data(advice, analysis, findings, verification)))
    return 0
