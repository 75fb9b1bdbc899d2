"""``tablewright diagram SOURCE... [--dialect D] [--engine E] -o out.svg|png|pdf``:
draw the schema as the app's canvas does, headlessly, and write it to a file.

``--focus TABLE [--depth N]`` draws exactly that table and the tables within N
(1-3) foreign-key steps of it; ``--groups auto`` draws suggested subject areas
(``tablewright.designer.areas``) and lays the diagram out by area, ``--groups project`` the
project file's own areas; ``--area NAME`` draws one area's tables."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tablewright.app.commands.common import add_command, add_dialect_option
from tablewright.app.errors import UsageError
from tablewright.designer.layout import ENGINES


def register(sub) -> None:
    p = add_command(
        sub, "diagram", "draw a schema's ER diagram to SVG, PNG or PDF",
        about="Drawn as the app's canvas draws it, headless. A project file keeps its own layout; other "
              "sources are laid out with Graphviz.",
        examples=("tablewright diagram shop.twproj -o shop.svg",
                  "tablewright diagram schema.sql -o orders.png --focus orders --depth 2",
                  "tablewright diagram schema.sql -o areas.pdf --groups auto"))
    p.add_argument("sources", nargs="+", metavar="SOURCE", help="DDL files, a project file or a database URL")
    add_dialect_option(p)
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="Graphviz layout engine (default: auto, chosen by the schema's size and shape)")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the picture to write: FILE.svg, FILE.png or FILE.pdf (required)")
    p.add_argument("--scale", type=float, metavar="K",
                   help="PNG pixels per point, above 0 and at most 8 (default: 2, less for very large diagrams)")
    p.add_argument("--dark", action="store_true", help="dark theme colours (default: light)")
    p.add_argument("--focus", metavar="TABLE",
                   help="draw only this table and its foreign-key neighbours (default: every table)")
    p.add_argument("--depth", type=int, default=1, metavar="N",
                   help="with --focus: how many foreign-key steps, 1 to 3 (default: 1)")
    p.add_argument("--groups", choices=("auto", "project"),
                   help="draw subject areas: suggested ones (auto) or the project file's (project) "
                        "(default: none)")
    p.add_argument("--area", metavar="NAME", help="draw only the tables of this subject area (default: all)")
    p.set_defaults(func=run)


def run(args) -> int:
    from tablewright.app.canvas.render import FORMATS

    out = Path(args.output)
    if out.suffix.lower() not in FORMATS:
        raise UsageError(f"{out}: unknown picture format (use .svg, .png or .pdf)")
    if not out.parent.is_dir():
        raise UsageError(f"{out}: no such directory {out.parent}")
    if args.scale is not None and not 0 < args.scale <= 8:
        raise UsageError("--scale must be between 0 and 8")
    if not 1 <= args.depth <= 3:
        raise UsageError("--depth must be 1, 2 or 3")
    schema, positions, areas = _load(args)
    schema, positions, areas = _scope(args, schema, positions, areas)
    _ensure_app()
    from tablewright.app.canvas.render import render_to_file
    from tablewright.app.canvas.scene import DiagramScene

    if areas and not positions:  # laid out by area, as Arrange does in the app
        from tablewright.app.canvas.items import TableItem
        from tablewright.designer.layout import layout

        sizes = {t.id: TableItem(t, t.name).size() for t in schema.tables}
        placed = layout(schema, sizes, engine=args.engine, groups=[a.tables for a in areas])
        positions = {t: (x, y, False) for t, (x, y) in placed.items()}
    scene = DiagramScene(engine=args.engine)
    scene.set_dark(args.dark)
    scene.set_schema(schema, positions)
    if areas:
        scene.set_areas(areas)
    try:
        render_to_file(scene, out, scale=args.scale)  # atomic; WriteError (exit 2) when it cannot be written
    except OSError as exc:
        raise UsageError(f"{out}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({len(schema.tables)} tables, {len(scene.edge_items())} foreign keys)", file=sys.stderr)
    return 0


def _load(args):
    """The schema, the saved positions and areas when the source is a project file."""
    from tablewright.designer.sources import is_project, is_url, load_sources

    if len(args.sources) == 1 and not is_url(args.sources[0]) and is_project(args.sources[0]):
        from tablewright.designer.areas import areas_of
        from tablewright.designer.project import load_project

        project = load_project(args.sources[0])
        return project.schema, project.diagram.positions, areas_of(project.diagram)
    if args.groups == "project":
        raise UsageError("--groups project needs a project file as the source")
    result = load_sources(args.sources, dialect=args.dialect)
    for issue in result.errors:
        print(issue, file=sys.stderr)
    return result.schema, {}, []


def _scope(args, schema, positions, areas):
    """What to draw: the focus table's neighbourhood, one area, the areas."""
    from tablewright.designer.areas import normalised, suggest_areas
    from tablewright.designer.focus import find_area, find_table, neighbourhood, sub_schema

    if args.groups == "auto":
        areas = suggest_areas(schema)
        positions = {}  # laid out again, by area
    elif args.groups is None and args.area is None:
        areas = []
    keep = None
    if args.area:
        if not areas:
            areas = suggest_areas(schema)
        area = find_area(areas, args.area)
        keep = set(area.tables)
        areas = [area]
    if args.focus:
        table_id = find_table(schema, args.focus)
        around = neighbourhood(schema, table_id, args.depth)
        keep = around if keep is None else keep & around | {table_id}
    if keep is None:
        return schema, positions, areas
    shown = sub_schema(schema, keep)
    # a part of the diagram is laid out afresh, compactly
    return shown, {}, normalised(areas, keep) if (args.groups or args.area) else []


_APP = None  # the QApplication must outlive every scene; module-level keeps it


def _ensure_app():
    global _APP
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = _APP = QApplication(["tablewright"])
    return app
