"""``tablewright import SOURCE... [--dialect D] -o model.twproj``"""

from __future__ import annotations

import sys

from tablewright.app.commands.common import add_command, add_dialect_option, add_output_option, print_import_report


def register(sub) -> None:
    p = add_command(
        sub, "import", "read DDL, DBML or a live database into a project file",
        about="Several DDL files are one schema, each read after the files that create what it uses. A "
              "database URL (postgresql://, mysql+pymysql://, mariadb+pymysql://, sqlite:///) is read in a "
              "read-only transaction; its password is never written anywhere. What was imported and what "
              "was skipped goes to stderr.",
        examples=("tablewright import schema.sql -o shop.twproj",
                  "tablewright import postgresql://app@db/shop -o shop.twproj"),
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="DDL files, DBML files, or one database URL")
    add_dialect_option(p)
    add_output_option(p, "the project")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="also list the statements ignored on purpose (SET, psql commands, …)")
    p.set_defaults(func=run)


def run(args) -> int:
    from tablewright.designer.project import Project, check_replaceable, dumps_project, save_project
    from tablewright.designer.sources import load_sources

    if args.output:  # before the work: never replace a file we cannot read back
        check_replaceable(args.output)
    result = load_sources(args.sources, args.dialect)
    project = Project(schema=result.schema)
    groups = getattr(result, "groups", None)  # DBML TableGroups become the diagram's subject areas
    if groups:
        from tablewright.designer.areas import set_areas
        from tablewright.designer.dbml_import import areas_from_groups

        set_areas(project.diagram, areas_from_groups(groups))
    if args.output:
        save_project(args.output, project)
    else:
        sys.stdout.write(dumps_project(project))
    print_import_report(result, verbose=args.verbose)
    return 0
