"""``tablewright docs SOURCE... -o DIR [--dialect D] [--title T] [--config FILE] [--no-diagram]``:
write an HTML data dictionary (a static site that opens from disk)."""

from __future__ import annotations

import sys
from pathlib import Path

from tablewright.app.commands.common import add_command, add_dialect_option
from tablewright.app.errors import UsageError
from tablewright.designer.dburl import display_url


def register(sub) -> None:
    p = add_command(
        sub, "docs", "write an HTML data dictionary of a schema",
        about="A static site that opens from disk: an index with search over tables and columns, a page per table (columns, keys, indexes, "
              "checks, references in and out, lint findings) and the diagram as SVG whose cards link to "
              "the tables.",
        examples=("tablewright docs shop.twproj -o site", "tablewright docs schema.sql -o site --title Shop"))
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="DDL files, DBML files, a project file or a database URL")
    add_dialect_option(p)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write the site into (required)")
    p.add_argument("--title", help="the site's title (default: the first source's name)")
    p.add_argument("--config", metavar="FILE", help="lint configuration (default: discovered as lint does)")
    p.add_argument("--no-diagram", action="store_true", help="leave the diagram out (very large schemas)")
    p.set_defaults(func=run)


def run(args) -> int:
    from tablewright.designer.docs_site import write_docs
    from tablewright.linting.config import Config
    from tablewright.linting.runner import lint_sources

    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: not a folder")
    config = Config.load(args.config) if args.config else Config.discover(Path.cwd())
    outcome = lint_sources(args.sources, config, dialect=args.dialect)
    for issue in outcome.import_issues:
        if issue.severity in ("error", "warning"):
            print(issue, file=sys.stderr)
    schema = outcome.report.schema
    title = args.title or Path(display_url(args.sources[0])).stem  # a URL's password never becomes the title
    try:
        result = write_docs(schema, out, title=title, findings=outcome.report.findings,
                            areas=_areas(args.sources), diagram=not args.no_diagram)
    except OSError as exc:
        raise UsageError(f"{out}: cannot write ({exc.strerror or exc})") from None
    for warning in result.warnings:
        print(f"tablewright docs: warning: {warning}", file=sys.stderr)
    print(f"wrote {out / 'index.html'} ({len(schema.tables)} tables, {len(outcome.report.findings)} findings"
          f"{', diagram' if result.diagram else ''})", file=sys.stderr)
    return 0


def _areas(sources: list[str]) -> list[dict]:
    """The subject areas: a project file's, or the TableGroups of DBML files."""
    from tablewright.designer.sources import is_dbml, is_project, is_url

    if sources and all(is_dbml(s) for s in sources):
        from tablewright.designer.dbml_import import areas_from_groups, import_dbml

        return [a.to_data() for a in areas_from_groups(import_dbml(sources).groups)]
    if len(sources) != 1 or is_url(sources[0]) or not is_project(sources[0]):
        return []
    from tablewright.designer.areas import areas_of
    from tablewright.designer.project import load_project

    return [a.to_data() for a in areas_of(load_project(sources[0]).diagram)]
