"""``tablewright lint SOURCE...``: review a schema and report findings.

Exit code 0 when nothing at or above ``--fail-on`` (default: high) remains,
1 when something does, 2 for usage or input errors."""

from __future__ import annotations

import sys
from pathlib import Path

from tablewright.app.commands.common import EXIT_USAGE_HELP, add_command, add_dialect_option, add_output_option, add_workload_options
from tablewright.app.errors import UsageError


def _list(values) -> list[str]:
    out = []
    for v in values or ():
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _list_files(values) -> list[str] | None:
    return [v for group in values for v in group] if values else None


def register(sub) -> None:
    from tablewright.linting.findings import SEVERITIES
    from tablewright.linting.reporters import FORMATS

    p = add_command(
        sub, "lint", "review a schema and report its findings",
        about="The rule catalog ('tablewright rules') over DDL files, a project file or a database; "
              "configured by tablewright.toml or pyproject.toml's [tool.tablewright], found from the "
              "current folder up.",
        examples=("tablewright lint schema.sql",
                  "tablewright lint shop.twproj --format markdown -o review.md",
                  "tablewright lint postgresql://app@db/shop --select security --fail-on low"),
        exits="0 nothing at or above --fail-on; 1 a finding at or above it; " + EXIT_USAGE_HELP)
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="DDL files, a project file or a database URL")
    add_dialect_option(p)
    p.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    p.add_argument("--config", metavar="FILE",
                   help="tablewright.toml or pyproject.toml (default: the first found from the current folder up)")
    p.add_argument("--select", action="append", metavar="RULES",
                   help="only these rules: codes, prefixes, names or categories, comma-separated "
                        "(default: the config's, else every rule on by default)")
    p.add_argument("--ignore", action="append", metavar="RULES",
                   help="skip these rules, comma-separated (default: the config's; these are added to them)")
    p.add_argument("--baseline", metavar="FILE", help="report only the findings not in this baseline (default: all)")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="write the current findings as a baseline (the run then exits 0; default: none written)")
    p.add_argument("--fail-on", choices=SEVERITIES,
                   help="lowest severity that fails the run (default: the config's, else high)")
    add_output_option(p, "the report")
    p.add_argument("--fix-sql", action="store_true",
                   help="json and sarif: add the SQL of each fix that is a model edit (the statements "
                        "`tablewright migrate` writes for it); without it a fix carries its title and edit. "
                        "The markdown report always shows the SQL")
    p.add_argument("--roles", action="store_true",
                   help="print each table's roles (log, financial, link, ...) with the evidence instead of "
                        "findings (text, or json with --format json)")
    add_workload_options(p)
    p.add_argument("--no-cache", action="store_true",
                   help="parse the DDL afresh (default: reuse the parse cache in ~/.cache/tablewright)")
    p.set_defaults(func=run)


def _roles(args, config) -> int:
    """``--roles``: the table roles the rules read, with the evidence."""
    from tablewright.designer.atomic import write_file
    from tablewright.linting.facts import roles_json, roles_text
    from tablewright.linting.runner import table_roles

    if args.format not in ("text", "json"):
        raise UsageError("--roles prints text or json (--format json)")
    _, rows, issues = table_roles(args.sources, config, dialect=args.dialect, use_cache=not args.no_cache)
    for issue in issues:
        if issue.severity == "error":
            print(f"tablewright: import: {issue}", file=sys.stderr)
    text = roles_json(rows) if args.format == "json" else roles_text(rows)
    if args.output:
        write_file(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def run(args) -> int:
    from tablewright.linting import baseline as baseline_mod
    from tablewright.linting.config import Config, check_selector
    from tablewright.linting.reporters import render
    from tablewright.linting.runner import lint_sources

    from tablewright.designer.atomic import write_file
    from tablewright.designer.errors import InputError

    config = Config.load(args.config) if args.config else Config.discover(Path.cwd())
    select, ignore = _list(args.select), _list(args.ignore)
    try:
        for sel in select + ignore:
            check_selector(sel, "command line")
    except InputError as exc:
        raise UsageError(str(exc).replace("command line: ", "")) from None
    config = config.merged(select=select or None, ignore=config.ignore + ignore,
                           fail_on=args.fail_on)
    if args.roles:
        return _roles(args, config)
    outcome = lint_sources(args.sources, config, dialect=args.dialect, baseline=args.baseline,
                           use_cache=not args.no_cache, queries=_list_files(args.queries),
                           complete=args.workload_complete)
    for issue in outcome.import_issues:
        if issue.severity == "error":
            print(f"tablewright: import: {issue}", file=sys.stderr)
    if args.write_baseline:
        baseline_mod.write(args.write_baseline, outcome.report.findings)
    outcome.report.fix_sql = args.fix_sql
    if args.output:
        write_file(args.output, render(args.format, outcome.report, color=False))
    else:
        color = args.format == "text" and sys.stdout.isatty()
        sys.stdout.write(render(args.format, outcome.report, color=color))
    outcome.save()
    if args.write_baseline:
        return 0
    return 1 if outcome.failed() else 0
